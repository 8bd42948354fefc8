"""`siklus demo`: a whole cycle of the Sawahlunto pack with its sample data.

Layer: shell over `policy.services` and `siklus.runner`. The demo plays the
policy officer (who runs each stage) and leadership (who decides), with the
dates of a realistic 2026 timeline so the documents read as they would.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from policy.db import reset_engines, session_scope
from policy.locale import format_date
from policy.models import Decision, Stage
from policy.packs import LoadedPack, load_pack
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, records, review
from policy.services.common import ServiceError, get_org
from policy.services.cycle_board import cycle_board
from policy.settings import get_settings
from policy.stages import STAGE_TITLES_ID
from siklus import output
from siklus.demo_portal import send_portal_inputs
from siklus.runner import run_cycle

if TYPE_CHECKING:
    from flows.cycle import CycleOutcome

PACK = "sawahlunto"
PERIOD = "2026-TW3"
TIMELINE = {
    Stage.NEEDS_ANALYSIS: date(2026, 2, 16),
    Stage.FORUMS: date(2026, 3, 24),
    Stage.DRAFTING: date(2026, 4, 6),
    Stage.SOCIALISATION: date(2026, 6, 30),
    Stage.IMPLEMENTATION: date(2026, 9, 30),
    Stage.EVALUATION: date(2026, 10, 15),
}
APPROVAL_NOTES = {
    Stage.NEEDS_ANALYSIS: "Permasalahan prioritas diterima; lanjut ke forum pemangku kepentingan.",
    Stage.FORUMS: "Notulen forum lengkap; masukan menjadi bahan penyusunan rancangan.",
    Stage.DRAFTING: "Rancangan versi 3 dan matriks tanggapan disetujui dan ditetapkan.",
    Stage.SOCIALISATION: "Laporan sosialisasi diterima; unit yang tertinggal dipantau.",
    Stage.IMPLEMENTATION: "Kemajuan implementasi diterima; unit terlambat diberi pendampingan.",
    Stage.EVALUATION: "Hasil evaluasi triwulan III ditetapkan; tindak lanjut dilaksanakan.",
}
#: The day the demo's reminder sweep runs: RSUD and Kecamatan Talawi have milestones due on
#: Tuesday 15 September 2026 (3 working days ahead) and others already overdue.
REMINDER_DAY = date(2026, 9, 10)
#: Two consultation rounds: forums and drafting run again after leadership returns the draft.
ROUNDS = (Stage.FORUMS, Stage.DRAFTING)
STEPS = (
    (Stage.NEEDS_ANALYSIS, 1),
    (Stage.FORUMS, 1),
    (Stage.DRAFTING, 1),
    (Stage.FORUMS, 2),
    (Stage.DRAFTING, 2),
    (Stage.SOCIALISATION, 1),
    (Stage.IMPLEMENTATION, 1),
    (Stage.EVALUATION, 1),
)
ROUND2_TIMELINE = {Stage.FORUMS: date(2026, 4, 20), Stage.DRAFTING: date(2026, 4, 27)}
ENACTED = date(2026, 4, 30)
RETURN_REASON = (
    "Rancangan versi 2 berubah cukup banyak (Pasal baru tentang SKP guru, publikasi hasil SKM, "
    "kanal pengaduan); konsultasikan lagi kepada pemangku kepentingan sebelum ditetapkan."
)
OVERRIDE_REASON = (
    "Sosialisasi susulan untuk unit yang belum mencapai target dijadwalkan bersamaan dengan "
    "tahap implementasi; implementasi tidak ditunda."
)


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


def _approve_minutes(console: Console, rnd: int, organiser: str, leader: str) -> None:
    """The organiser and a leader approve the minutes of the round's closed forums."""
    from sqlmodel import col, select

    from policy.models import Forum
    from policy.services import forum_minutes

    with session_scope() as s:
        query = select(Forum).where(col(Forum.round) == rnd, col(Forum.status) == "closed")
        closed = [(f.code, f.held_on) for f in s.exec(query)]
        for code, held_on in closed:
            for who, days in ((organiser, 2), (leader, 3)):
                forum_minutes.approve_minutes(
                    session=s,
                    organisation=PACK,
                    cycle=None,
                    code=code,
                    actor=who,
                    on=held_on + timedelta(days=days),
                )
    codes = ", ".join(code for code, _ in closed)
    console.print(
        f"  Notulen {codes} disetujui {organiser} (penyelenggara) dan {leader} (pimpinan)."
    )


def _run_step(
    console: Console,
    loaded: LoadedPack,
    cycle: int,
    stage: Stage,
    rnd: int,
    locales: list[str],
    people: tuple[str, str, str],
) -> CycleOutcome:
    """Run one stage (of consultation round `rnd`) to review through the cycle flow.

    A held gate is opened by the leader with a written reason; the minutes of the round's
    forums are approved by the organiser and the leader (they hold the gate to drafting).
    """
    officer, organiser, leader = people
    inputs = {stage: {k: str(v) for k, v in loaded.demo_files(stage.value, rnd).items()}}
    as_of = ROUND2_TIMELINE[stage] if rnd > 1 else TIMELINE[stage]

    def run() -> CycleOutcome:
        return run_cycle(
            organisation=PACK,
            cycle=cycle,
            actor=officer,
            inputs=inputs,
            as_of={stage: as_of},
            period=PERIOD,
            locales=locales,
            max_stages=1,
        )

    outcome = run()
    if outcome.state == "blocked":
        console.print(
            f"  [yellow]Gerbang {STAGE_TITLES_ID[stage]} tertahan:[/yellow] {outcome.message}"
        )
        with session_scope() as s:
            cycle_service.override_gate(
                session=s,
                organisation=PACK,
                cycle=cycle,
                stage=stage,
                leader=leader,
                reason=OVERRIDE_REASON,
            )
        console.print(f"  {leader} membuka gerbang dengan alasan tertulis: “{OVERRIDE_REASON}”")
        outcome = run()
    if outcome.state != "in_review":
        raise ServiceError(
            f"Demo berhenti di tahap {stage.value}: {outcome.state} {outcome.message}"
        )
    if stage == Stage.FORUMS:
        _approve_minutes(console, rnd, organiser, leader)
    return outcome


def run_demo(console: Console, data_dir: Path, locales: list[str], email: bool = True) -> None:
    """Run the demo cycle and print where its documents are (and the reminder emails)."""
    started = time.perf_counter()
    _prepare(data_dir)
    pack_path = get_settings().packs_dir / f"{PACK}.yaml"
    loaded = load_pack(pack_path)
    officer, leader, admin = _people(loaded)
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor=admin)
        result = imports.import_file(
            session=s,
            organisation=PACK,
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=officer,
        )
        cyc = cycle_service.open_cycle(session=s, organisation=PACK, actor=officer)
    console.print(
        f"[bold]{loaded.pack.organisation.name}[/bold]: paket dimuat, "
        f"{result.rows} pegawai diimpor, siklus ke-{cyc.number} dibuka oleh {officer}."
    )
    console.print("Menjalankan tahap-tahap sebagai flow Prefect (API lokal sementara)…")
    organiser = next(m.username for m in loaded.pack.members if "organiser" in m.roles)
    for stage, rnd in STEPS:
        people = (officer, organiser, leader)
        if stage == Stage.FORUMS:
            send_portal_inputs(console, loaded, PACK, organiser, rnd)
        outcome = _run_step(console, loaded, cyc.number, stage, rnd, locales, people)
        for ran in outcome.ran:
            output.print_warnings(console, ran.warnings)
        period = PERIOD if stage == Stage.EVALUATION else ""
        returned = stage == Stage.DRAFTING and rnd < loaded.pack.demo_rounds
        with session_scope() as s:
            review.decide(
                session=s,
                organisation=PACK,
                cycle=cyc.number,
                stage=stage,
                reviewer=leader,
                decision=Decision.RETURN if returned else Decision.APPROVE,
                reason=RETURN_REASON if returned else APPROVAL_NOTES[stage],
                period=period,
                back_to=Stage.FORUMS if returned else None,
                as_of=ENACTED if stage == Stage.DRAFTING else None,
            )
        docs = sum(len(r.documents) for r in outcome.ran)
        label = STAGE_TITLES_ID[stage] + (f" putaran {rnd}" if stage in ROUNDS else "")
        if returned:
            console.print(
                f"  [magenta]↺[/magenta] {label}: {docs} dokumen; {leader} mengembalikan "
                f"rancangan ke tahap forum untuk putaran konsultasi ke-{rnd + 1}: “{RETURN_REASON}”"
            )
            continue
        console.print(
            f"  [green]✓[/green] {label}{' ' + period if period else ''}: "
            f"{docs} dokumen, disetujui {leader}"
        )
        if stage == Stage.DRAFTING:
            console.print(
                f"    Rancangan versi terbaru ditetapkan sebagai Peraturan Wali Kota "
                f"({format_date(ENACTED)}); dokumen Peraturan diterbitkan."
            )
    with session_scope() as s:
        board = cycle_board(session=s, organisation=PACK, cycle=cyc.number)
        docs_rows = records.list_documents(session=s, organisation=PACK, cycle=cyc.number)
    output.print_board(console, board)
    if email:
        show_reminders(console)
    console.print("[bold]Dokumen[/bold] (buka berkas HTML di peramban):")
    for row in docs_rows:
        # soft_wrap: a long path is never broken by an inserted newline, so it can be copied.
        console.print(
            f"  #{row.id} {row.title} ({row.locale}): {output.rel(row.html_path)}", soft_wrap=True
        )
    console.print(
        f"Selesai dalam {time.perf_counter() - started:.0f} detik. "
        f"Data demo: {output.rel(data_dir)}; "
        f"coba: SIKLUS_DATA_DIR={output.rel(data_dir)} siklus status"
    )
