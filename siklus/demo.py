"""`siklus demo`: a whole cycle of a regional pack with its sample data.

Layer: shell over `policy.services` and `siklus.runner`. The demo plays the
policy officer (who runs each stage) and leadership (who decides), with the
dates of a realistic 2026 timeline (`siklus.demo_timeline`) so the documents read
as they would; the stages themselves run today, so the officer records the day
implementation began on the timeline, which its plan counts from. The default pack
is Sawahlunto's, whose demo also returns draft version 2 to the forums, has
stakeholders send inputs through the web portal and ends with the reminder sweep
of 10 September 2026; another pack runs its own
consultation rounds (`demo_rounds`), portal inputs if its demo names any, and one
evaluation per demo period, without the reminder sweep (its day and the unit heads'
e-mail addresses are Sawahlunto's).
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from sqlmodel import Session

from policy.db import reset_engines, session_scope
from policy.locale import format_date
from policy.models import Decision, Stage
from policy.packs import LoadedPack, load_pack
from policy.periods import period_kind, period_label
from policy.perwali import is_keputusan
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, records, review
from policy.services.common import ServiceError, get_org
from policy.services.cycle_board import cycle_board
from policy.settings import get_settings
from policy.stages import STAGE_TITLES_ID
from policy.views.drafting import regulation_head
from siklus import output
from siklus.demo_objection import demo_objection
from siklus.demo_portal import open_gate_on_portal, send_portal_inputs
from siklus.demo_timeline import (
    DEMO_PERIOD,
    enactment_date,
    evaluation_date,
    evaluation_keys,
    implementation_start,
    minutes_approval_dates,
    stage_date,
)
from siklus.runner import run_cycle

if TYPE_CHECKING:
    from flows.cycle import CycleOutcome

#: The pack `siklus demo` runs without --pack.
PACK = "sawahlunto"
#: The pack whose demo ends with the reminder sweep (its day and addresses are this pack's).
REMINDER_PACK = "sawahlunto"
APPROVAL_NOTES = {
    Stage.NEEDS_ANALYSIS: "Permasalahan prioritas diterima; lanjut ke forum pemangku kepentingan.",
    Stage.FORUMS: "Notulen forum lengkap; masukan menjadi bahan penyusunan rancangan.",
    Stage.SOCIALISATION: "Laporan sosialisasi diterima; unit yang tertinggal dipantau.",
    Stage.IMPLEMENTATION: "Kemajuan implementasi diterima; unit terlambat diberi pendampingan.",
}
#: The day the demo's reminder sweep runs: RSUD and Kecamatan Talawi have milestones due on
#: Tuesday 15 September 2026 (3 working days ahead) and others already overdue.
REMINDER_DAY = date(2026, 9, 10)
#: Where `siklus serve` answers by default: the demo's links point there.
DEMO_PORTAL = "http://127.0.0.1:8000"
#: The stages a consultation round runs again after leadership returns the draft.
ROUNDS = (Stage.FORUMS, Stage.DRAFTING)
RETURN_REASONS = {
    PACK: (
        "Rancangan versi 2 berubah cukup banyak (Pasal baru tentang SKP guru, publikasi hasil "
        "SKM, kanal pengaduan); konsultasikan lagi kepada pemangku kepentingan sebelum "
        "ditetapkan."
    )
}
OVERRIDE_REASON = (
    "Sosialisasi susulan untuk unit yang belum mencapai target dijadwalkan bersamaan dengan "
    "tahap implementasi; implementasi tidak ditunda."
)


def drafting_note(version: object) -> str:
    """The leader's note approving the drafting stage: the version enacted."""
    return f"Rancangan versi {version} dan matriks tanggapan disetujui dan ditetapkan."


def evaluation_note(period: str) -> str:
    """The leader's note approving a period's evaluation, the period named in words."""
    label = period_label(period)
    if period_kind(period) != "month":  # "triwulan III 2026", "tahun 2026"; months keep theirs
        label = label[0].lower() + label[1:]
    return f"Hasil evaluasi {label} ditetapkan; tindak lanjut dilaksanakan."


def return_reason(pack: str, version: object) -> str:
    """The leader's reason for returning a draft to the forums for another round."""
    return RETURN_REASONS.get(pack) or (
        f"Rancangan versi {version} berubah cukup banyak; konsultasikan lagi kepada pemangku "
        "kepentingan sebelum ditetapkan."
    )


def override_reason(stage: Stage) -> str:
    """The leader's written reason for opening a held gate."""
    if stage == Stage.IMPLEMENTATION:
        return OVERRIDE_REASON
    title = STAGE_TITLES_ID[stage]
    return (
        f"Syarat yang belum terpenuhi ditindaklanjuti bersamaan dengan tahap {title}; "
        "tahap itu tidak ditunda."
    )


def instrument(loaded: LoadedPack) -> tuple[str, str]:
    """The enacted draft's name and its document's title, by the pack's legal form.

    ('Peraturan Wali Kota', 'Peraturan'), ('Peraturan Gubernur', 'Peraturan'),
    ('Keputusan Camat', 'Keputusan').
    """
    form = loaded.pack.policy.legal_form
    kind = "Keputusan" if is_keputusan(form) else "Peraturan"
    return f"{kind} {regulation_head(form, loaded.pack.organisation.head_title)}", kind


def available_packs() -> list[str]:
    """The names of the packs in the packs folder."""
    return sorted(path.stem for path in get_settings().packs_dir.glob("*.yaml"))


def demo_pack(name: str) -> LoadedPack:
    """The pack `name` of the packs folder, read and checked.

    Raises:
        ServiceError: no pack of that name; the message lists the packs there are.
    """
    names = available_packs()
    if name not in names:
        raise ServiceError(
            f"Paket '{name}' tidak ada di folder paket {output.rel(get_settings().packs_dir)}. "
            f"Paket yang tersedia: {', '.join(names) or '(tidak ada)'}. "
            "Contoh: siklus demo --pack lampung"
        )
    return load_pack(get_settings().packs_dir / f"{name}.yaml")


def _prepare(data_dir: Path) -> None:
    if data_dir.exists() and any(data_dir.iterdir()):
        if not (data_dir / "siklus.db").exists():
            raise ServiceError(
                f"Folder {data_dir} berisi berkas lain dan bukan folder demo Siklus; "
                "pilih --data-dir lain."
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # The demo always runs on its own SQLite file in its own folder.
    os.environ["SIKLUS_DATA_DIR"] = str(data_dir.resolve())
    os.environ["SIKLUS_DATABASE_URL"] = ""
    get_settings.cache_clear()
    reset_engines()


def _people(loaded: LoadedPack) -> tuple[str, str, str]:
    members = loaded.pack.members
    officer = next(m.username for m in members if "officer" in m.roles)
    leader = next(m.username for m in members if "leader" in m.roles and m.username != officer)
    admin = next((m.username for m in members if "admin" in m.roles), officer)
    return officer, leader, admin


def show_reminders(
    console: Console, today: date = REMINDER_DAY, organisation: str = PACK
) -> list[EmailMessage]:
    """The overdue board as of `today`, then the reminder sweep through a loopback SMTP server.

    The server (aiosmtpd) runs in this process on 127.0.0.1 and a free port, only while the
    sweep runs; every message it receives is printed and returned.
    """
    from policy.services.deadlines import overdue_items
    from policy.services.reminders import sweep_reminders
    from siklus.mailbox import LoopbackMailbox
    from siklus.reminders import print_overdue

    with session_scope() as s:
        items = overdue_items(s, organisation, today)
        name = get_org(s, organisation).name
    print_overdue(console, name, today, items)
    with LoopbackMailbox() as box, session_scope() as s:
        result = sweep_reminders(
            session=s, mailer=box.mailer(), organisation=organisation, today=today,
            actor="siklus-demo",
        )  # fmt: skip
        received = box.messages
        port = box.port
    console.print(
        f"[bold]Pengingat tenggat[/bold] (penyisiran per {format_date(today)}): "
        f"{result.sent} surel diterima server SMTP uji di 127.0.0.1:{port}"
    )
    for message in received:
        console.print(f"  Kepada : {message['To']}", markup=False)
        console.print(f"  Perihal: {message['Subject']}", markup=False)
        body = message.get_content() if isinstance(message, EmailMessage) else ""
        for line in str(body).rstrip().splitlines():
            console.print(f"    {line}", markup=False)
        console.print("")
    return received


def _approve_minutes(console: Console, org: str, rnd: int, organiser: str, leader: str) -> None:
    """The organiser and a leader approve the minutes of the round's closed forums.

    Dated after the forums stage's day: that stage run closed the forums and wrote the
    Rekapitulasi Masukan with the minutes awaiting approval; each forum's second approval
    publishes its Notulen and the Rekapitulasi again, showing the approvals.
    """
    from sqlmodel import col, select

    from policy.models import Forum
    from policy.services import forum_minutes

    days = minutes_approval_dates(org, rnd)
    republished = 0
    with session_scope() as s:
        query = select(Forum.code).where(col(Forum.round) == rnd, col(Forum.status) == "closed")
        closed = list(s.exec(query.order_by(col(Forum.code))))
        for code in closed:
            for who, day in zip((organiser, leader), days, strict=True):
                outcome = forum_minutes.approve_minutes(
                    session=s, organisation=org, cycle=None, code=code, actor=who, on=day
                )
                republished += len(outcome.republished)
    console.print(
        f"  Notulen {', '.join(closed)} disetujui {organiser} (penyelenggara, "
        f"{format_date(days[0])}) dan {leader} (pimpinan, {format_date(days[1])})"
        + (
            f"; {republished} dokumen (Notulen dan Rekapitulasi Masukan) diterbitkan ulang "
            "dengan persetujuannya."
            if republished
            else "."
        )
    )


def _start_implementation(console: Console, org: str, cycle: int, officer: str) -> None:
    """The officer records the day implementation began, and the pack's plan from it.

    The stage run starts today; the timeline's implementation began on the first working
    day after socialisation, and its milestones count from that day.
    """
    from policy.services.rollout import create_plan

    start = implementation_start(org)
    with session_scope() as s:
        planned = create_plan(session=s, organisation=org, cycle=cycle, start=start,
                              actor=officer)  # fmt: skip
    console.print(
        f"  Implementasi dimulai {format_date(start)} (dicatat {officer})"
        + (f"; {len(planned)} tahap dari paket menjadi rencana." if planned else ".")
    )


def _run_step(
    console: Console,
    loaded: LoadedPack,
    cycle: int,
    step: tuple[Stage, int, str],
    locales: list[str],
    people: tuple[str, str, str],
) -> CycleOutcome:
    """Run one stage to review through the cycle flow.

    `step` is the stage, its consultation round and the period (an evaluation's, else
    empty). A held gate is opened by the leader with a written reason; the minutes of the
    round's forums are approved by the organiser and the leader (they hold the gate to
    drafting).
    """
    officer, organiser, leader = people
    stage, rnd, period = step
    org = loaded.pack.organisation.code
    if stage == Stage.EVALUATION:
        key = next(k for k, p in evaluation_keys(loaded.pack.demo) if p == period)
        files, as_of = loaded.demo_files(key), evaluation_date(org, period)
    else:
        files, as_of = loaded.demo_files(stage.value, rnd), stage_date(org, stage, rnd)
    inputs = {stage: {k: str(v) for k, v in files.items()}}

    def run() -> CycleOutcome:
        return run_cycle(
            organisation=org,
            cycle=cycle,
            actor=officer,
            inputs=inputs,
            as_of={stage: as_of},
            period=period,
            locales=locales,
            max_stages=1,
        )

    outcome = run()
    if outcome.state == "blocked":
        console.print(
            f"  [yellow]Gerbang {STAGE_TITLES_ID[stage]} tertahan:[/yellow] {outcome.message}"
        )
        reason = override_reason(stage)
        where = open_gate_on_portal(org, cycle, leader, stage.value, reason)
        console.print(
            f"  {leader} membuka gerbang di halaman pimpinan portal ({where}) dengan alasan "
            f"tertulis: “{reason}”"
        )
        outcome = run()
    if outcome.state != "in_review":
        raise ServiceError(
            f"Demo berhenti di tahap {stage.value}: {outcome.state} {outcome.message}"
        )
    if stage == Stage.FORUMS:
        _approve_minutes(console, org, rnd, organiser, leader)
    return outcome


def sheet_link(session: Session, data_dir: Path, org: str, officer: str) -> str:
    """The first private link of the demo period's issued sheets, for the demo's output.

    The links are written into the demo's data folder as `siklus evaluation links` writes them.
    """
    from policy.services import sheet_links

    period = DEMO_PERIOD
    target = data_dir / f"tautan-lembar-{period.lower()}.csv"
    made = sheet_links.issue_links(
        session=session, organisation=org, cycle=None, period=period, actor=officer,
        base_url=DEMO_PORTAL, fmt="excel", filename=target.name,
        deliver=lambda content: output.write_whole(target, content),
    )  # fmt: skip
    first = made.content.decode("utf-8-sig").splitlines()[1]
    return first.split(";")[3]


def demo_steps(loaded: LoadedPack) -> list[tuple[Stage, int, str]]:
    """The demo's stage runs in order: (stage, consultation round, evaluation period).

    Forums and drafting once per consultation round of the demo data, then one
    evaluation per demo period, in the order the periods end.
    """
    rounds = range(1, loaded.pack.demo_rounds + 1)
    return [
        (Stage.NEEDS_ANALYSIS, 1, ""),
        *((stage, rnd, "") for rnd in rounds for stage in ROUNDS),
        (Stage.SOCIALISATION, 1, ""),
        (Stage.IMPLEMENTATION, 1, ""),
        *((Stage.EVALUATION, 1, period) for _key, period in evaluation_keys(loaded.pack.demo)),
    ]


def run_demo(
    console: Console, data_dir: Path, locales: list[str], email: bool = True, pack: str = PACK
) -> None:
    """Run the demo cycle of `pack` and print where its documents are (and reminder emails).

    Raises:
        ServiceError: no pack `pack` in the packs folder (nothing is created), or a stage
            of the demo stopped.
    """
    started = time.perf_counter()
    loaded = demo_pack(pack)
    _prepare(data_dir)
    org = loaded.pack.organisation.code
    officer, leader, admin = _people(loaded)
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor=admin)
        result = imports.import_file(
            session=s,
            organisation=org,
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=officer,
        )
        cyc = cycle_service.open_cycle(session=s, organisation=org, actor=officer)
    console.print(
        f"[bold]{loaded.pack.organisation.name}[/bold]: paket dimuat, "
        f"{result.rows} pegawai diimpor, siklus ke-{cyc.number} dibuka oleh {officer}."
    )
    console.print("Menjalankan tahap-tahap sebagai flow Prefect (API lokal sementara)…")
    organiser = next(m.username for m in loaded.pack.members if "organiser" in m.roles)
    rounds = loaded.pack.demo_rounds
    enacted = enactment_date(org, rounds)
    enacted_as, enacted_title = instrument(loaded)
    for stage, rnd, period in demo_steps(loaded):
        people = (officer, organiser, leader)
        if stage == Stage.FORUMS:
            send_portal_inputs(console, loaded, org, organiser, rnd)
        if stage == Stage.IMPLEMENTATION:
            _start_implementation(console, org, cyc.number, officer)
        outcome = _run_step(console, loaded, cyc.number, (stage, rnd, period), locales, people)
        for ran in outcome.ran:
            output.print_warnings(console, ran.warnings)
        version = next((r.summary.get("version") for r in outcome.ran if r.stage == stage), None)
        returned = stage == Stage.DRAFTING and rnd < rounds
        if returned:
            reason = return_reason(org, version)
        elif stage == Stage.DRAFTING:
            reason = drafting_note(version)
        elif stage == Stage.EVALUATION:
            reason = evaluation_note(period)
        else:
            reason = APPROVAL_NOTES[stage]
        with session_scope() as s:
            review.decide(
                session=s,
                organisation=org,
                cycle=cyc.number,
                stage=stage,
                reviewer=leader,
                decision=Decision.RETURN if returned else Decision.APPROVE,
                reason=reason,
                period=period,
                back_to=Stage.FORUMS if returned else None,
                as_of=enacted if stage == Stage.DRAFTING else None,
            )
        docs = sum(len(r.documents) for r in outcome.ran)
        label = STAGE_TITLES_ID[stage] + (
            f" putaran {rnd}" if stage in ROUNDS and rounds > 1 else ""
        )
        if returned:
            console.print(
                f"  [magenta]↺[/magenta] {label}: {docs} dokumen; {leader} mengembalikan "
                f"rancangan ke tahap forum untuk putaran konsultasi ke-{rnd + 1}: “{reason}”"
            )
            continue
        console.print(
            f"  [green]✓[/green] {label}{' ' + period if period else ''}: "
            f"{docs} dokumen, disetujui {leader}"
        )
        if stage == Stage.DRAFTING:
            console.print(
                f"    Rancangan versi terbaru ditetapkan sebagai {enacted_as} "
                f"({format_date(enacted)}); dokumen {enacted_title} diterbitkan."
            )
    with session_scope() as s:
        objected = demo_objection(s, pack, org, officer, tuple(locales))  # type: ignore[arg-type]
    if objected:
        ruling = "tetap" if objected.outcome == "tetap" else "diubah"
        console.print(
            f"  [green]✓[/green] Keberatan nomor {objected.number}: {escape(objected.name)} atas "
            f"predikat {objected.predikat}, diputuskan {ruling} oleh {escape(objected.addressee)}; "
            f"{objected.documents} dokumen (lembar pribadi, Daftar Keberatan)"
        )
        with session_scope() as s:
            link = sheet_link(s, data_dir, org, officer)
        console.print(
            f"    Pegawai itu membuka halamannya sendiri lewat tautan {link}: lembar hasil "
            "pribadinya dan keputusan atas keberatannya; keberatan dapat diajukan di halaman "
            "itu juga (siklus evaluation links; berlaku 30 hari, setelah siklus serve).",
            soft_wrap=True,
            markup=False,
        )
    with session_scope() as s:
        board = cycle_board(session=s, organisation=org, cycle=cyc.number)
        docs_rows = records.list_documents(session=s, organisation=org, cycle=cyc.number)
    output.print_board(console, board)
    if email and org == REMINDER_PACK:
        show_reminders(console, organisation=org)
    console.print(
        "[bold]Dokumen[/bold] (buka berkas HTML di peramban; sebagai PDF: siklus docs pdf NOMOR):"
    )
    for row in docs_rows:
        # soft_wrap: a long path is never broken by an inserted newline, so it can be copied.
        console.print(
            f"  #{row.id} {row.title} ({row.locale}): {output.rel(row.html_path)}",
            soft_wrap=True,
            markup=False,
        )
    console.print(
        f"Selesai dalam {time.perf_counter() - started:.0f} detik. "
        f"Data demo: {output.rel(data_dir)}; "
        f"coba: SIKLUS_DATA_DIR={output.rel(data_dir)} siklus status",
        soft_wrap=True,  # the command to copy stays on one line
        markup=False,
    )
    console.print(
        f"Portal: SIKLUS_DATA_DIR={output.rel(data_dir)} siklus serve, lalu buka "
        f"{DEMO_PORTAL}/ikm/{org} (hasil SKM yang diumumkan)",
        soft_wrap=True,
        markup=False,
    )
