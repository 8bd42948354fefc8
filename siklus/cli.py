"""The `siklus` command line (Typer).

Layer: shell over `policy.services` (quick actions) and `flows` (stage work).
Each command's docstring is its `--help`, with an example. Prefect is imported
only by the commands that run flows, so quick commands stay quick.
"""

from __future__ import annotations

import functools
import os
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from policy.config import PackError, find_pack, get_settings, load_pack
from policy.imports import ImportFileError
from policy.models import Decision, Stage
from policy.services.common import ServiceError
from siklus import forum, output, portal, reminders, rollout
from siklus.evaluation import action_app, evaluation_app

if TYPE_CHECKING:
    from sqlmodel import Session

app = typer.Typer(
    name="siklus",
    help=(
        "Siklus: siklus kebijakan manajemen kinerja ASN pemerintah daerah — analisis kebutuhan, "
        "forum, penyusunan, sosialisasi, implementasi, evaluasi berkala.\n\n"
        "Mulai cepat: siklus demo"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
pack_app = typer.Typer(help="Paket organisasi (YAML): periksa dan muat.", no_args_is_help=True)
cycle_app = typer.Typer(help="Siklus kebijakan: mulai dan jalankan.", no_args_is_help=True)
stage_app = typer.Typer(
    help="Tahap siklus: jalankan satu tahap, buka gerbang.", no_args_is_help=True
)
review_app = typer.Typer(
    help="Keputusan pimpinan atas tahap: setujui, kembalikan, tolak.", no_args_is_help=True
)
docs_app = typer.Typer(help="Dokumen resmi yang dihasilkan: daftar dan buka.", no_args_is_help=True)
audit_app = typer.Typer(
    help="Jejak audit berantai hash: periksa dan tampilkan.", no_args_is_help=True
)
app.add_typer(pack_app, name="pack")
app.add_typer(cycle_app, name="cycle")
app.add_typer(stage_app, name="stage")
app.add_typer(review_app, name="review")
app.add_typer(docs_app, name="docs")
app.add_typer(audit_app, name="audit")
portal_app = typer.Typer(
    help="Portal konsultasi: tautan forum, token panitia.", no_args_is_help=True
)
app.add_typer(portal_app, name="portal")

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

OrgOpt = Annotated[
    str | None, typer.Option("--org", help="Kode organisasi (bawaan: satu-satunya).")
]
CycleOpt = Annotated[int | None, typer.Option("--cycle", help="Nomor siklus (bawaan: terbaru).")]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Username pelaku (bawaan: $SIKLUS_USER).", show_default=False),
]
PeriodOpt = Annotated[str, typer.Option("--period", help="Periode evaluasi, mis. 2026-TW3.")]


def friendly(func: F) -> F:
    """Turn expected errors into a clear message and exit code 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ImportFileError as exc:
            err.print(f"[red]Impor ditolak.[/red] {exc}", markup=True, soft_wrap=True)
        except (ServiceError, PackError) as exc:
            err.print(f"[red]Gagal:[/red] {exc}", markup=True, soft_wrap=True)
        raise typer.Exit(1)

    return wrapper  # type: ignore[return-value]


@contextmanager
def session() -> Iterator[Session]:
    """A session for one command."""
    from policy.db import session_scope

    with session_scope() as s:
        yield s


def actor(value: str | None) -> str:
    """The acting member: --as, else $SIKLUS_USER."""
    who = value or get_settings().user
    if not who:
        raise ServiceError("Sebutkan siapa yang bertindak: --as USERNAME (atau atur SIKLUS_USER).")
    return who


def parse_inputs(values: list[str]) -> dict[str, str]:
    """Parse repeated `--input name=path` options."""
    inputs: dict[str, str] = {}
    for item in values:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ServiceError(f"--input harus berbentuk nama=berkas, ditemukan '{item}'.")
        inputs[name.strip()] = str(Path(path.strip()).resolve())
    return inputs


def parse_stage(value: str) -> Stage:
    """A stage name, accepting '-' for '_' and the Indonesian short names."""
    aliases = {
        "analisis": Stage.NEEDS_ANALYSIS,
        "analisis-kebutuhan": Stage.NEEDS_ANALYSIS,
        "forum": Stage.FORUMS,
        "penyusunan": Stage.DRAFTING,
        "rancangan": Stage.DRAFTING,
        "sosialisasi": Stage.SOCIALISATION,
        "implementasi": Stage.IMPLEMENTATION,
        "evaluasi": Stage.EVALUATION,
    }
    key = value.strip().lower()
    if key in aliases:
        return aliases[key]
    try:
        return Stage(key.replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise ServiceError(f"Tahap '{value}' tidak dikenal; pilih: {names}.") from None


# ------------------------------------------------------------------------------ init/pack


@app.command()
@friendly
def init() -> None:
    """Siapkan folder data dan basis data.

    Contoh: siklus init   (folder dari $SIKLUS_DATA_DIR, bawaan ./siklus-data)
    """
    from policy.db import get_engine

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    get_engine()
    console.print(f"Basis data siap: {output.safe_url(settings.resolved_database_url)}")
    console.print(f"Folder dokumen : {settings.documents_dir.resolve()}")


@pack_app.command("validate")
@friendly
def pack_validate(
    pack: Annotated[str, typer.Argument(help="Berkas paket atau nama paket.")],
) -> None:
    """Periksa paket organisasi tanpa memuatnya.

    Contoh: siklus pack validate packs/sawahlunto.yaml
    """
    loaded = load_pack(find_pack(pack))
    p = loaded.pack
    console.print(
        f"Paket valid: {p.organisation.name} — {len(p.units)} unit, {len(p.members)} anggota, "
        f"{len(p.indicators)} indikator."
    )


@pack_app.command("load")
@friendly
def pack_load(
    pack: Annotated[str, typer.Argument(help="Berkas paket atau nama paket di folder packs/.")],
    as_: AsOpt = None,
) -> None:
    """Muat paket organisasi (organisasi, unit, anggota, kebijakan) ke basis data.

    Contoh: siklus pack load sawahlunto --as admin
    """
    from policy.services import organisation

    loaded = load_pack(find_pack(pack))
    with session() as s:
        result = organisation.load_pack(
            session=s, loaded=loaded, actor=as_ or get_settings().user or "admin"
        )
    state = "dimuat" if result.created else ("diperbarui" if result.changed else "tidak berubah")
    console.print(
        f"Paket {result.organisation} {state}: {result.units} unit, {result.members} anggota."
    )


@pack_app.command("list")
def pack_list() -> None:
    """Daftar paket yang tersedia di folder packs/.

    Contoh: siklus pack list
    """
    for path in sorted(get_settings().packs_dir.glob("*.yaml")):
        console.print(path.stem)


# --------------------------------------------------------------------------------- import


@app.command("import")
@friendly
def import_(
    kind: Annotated[str, typer.Argument(help="Jenis data: pegawai, ekinerja, skm, pengaduan, …")],
    file: Annotated[Path, typer.Argument(help="Berkas CSV (; , tab) atau XLSX.")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Impor data tabel. Semua baris diperiksa; bila satu saja salah, tidak ada yang ditulis.

    Jenis: unit, pegawai, ekinerja, penilaian_360, bonus, capaian_organisasi, skm,
    pengaduan, realisasi (milik organisasi); kehadiran_forum, masukan, tanggapan,
    kehadiran_kegiatan, progres, rencana (milik siklus).

    capaian_organisasi: periode; unit_kerja; capaian; ditetapkan_oleh; catatan.
    Capaian: Istimewa, Baik, Butuh Perbaikan (atau Cukup), Kurang, Sangat Kurang.
    Unit tanpa capaian pada periode itu diperiksa sebagai Baik (kurva distribusi).

    Berkas 2 MB ke atas dibaca di proses pembantu sementara baris yang sudah dibaca
    ditulis (Linux, dua inti atau lebih); SIKLUS_IMPORT_READER=inline mematikannya,
    =process memakainya juga di dalam flow.

    Contoh: siklus import pegawai pegawai.csv --as rina

    Contoh: siklus import capaian_organisasi capaian_2026_tw3.csv --as rina
    """
    from policy.services import imports

    with session() as s:
        result = imports.import_file(
            session=s, organisation=org, kind=kind, path=file, actor=actor(as_), cycle=cycle
        )
    if result.skipped:
        console.print(f"{result.filename}: sudah pernah diimpor, tidak ada perubahan.")
    else:
        console.print(
            f"{result.filename}: {result.rows} baris diperiksa, {result.written} ditulis."
        )
    for warning in result.warnings:
        console.print(f"[yellow]Peringatan:[/yellow] {escape(warning)}")


# ---------------------------------------------------------------------------------- cycle


@cycle_app.command("start")
@friendly
def cycle_start(org: OrgOpt = None, as_: AsOpt = None) -> None:
    """Buka siklus kebijakan berikutnya untuk kebijakan organisasi.

    Contoh: siklus cycle start --org sawahlunto --as rina
    """
    from policy.services import cycle as cycle_service

    with session() as s:
        cyc = cycle_service.open_cycle(session=s, organisation=org, actor=actor(as_))
    console.print(
        f"Siklus ke-{cyc.number} dibuka. Tahap pertama: siklus stage run analisis --input …"
    )


@cycle_app.command("run")
@friendly
def cycle_run(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    input_: Annotated[
        list[str] | None,
        typer.Option(
            "--input", help="tahap.nama=berkas, mis. forums.masukan=masukan.xlsx (berulang)."
        ),
    ] = None,
    period: PeriodOpt = "",
    locale: Annotated[
        list[str] | None, typer.Option("--locale", help="Bahasa dokumen: id, en.")
    ] = None,
) -> None:
    """Jalankan tahap-tahap siklus berurutan sampai gerbang berikutnya (keputusan pimpinan).

    Tahap yang sudah disetujui dilewati; menjalankan lagi melanjutkan dari posisi siklus.

    Contoh: siklus cycle run --as rina --input needs_analysis.pengaduan=pengaduan.csv
    """
    per_stage: dict[Stage, dict[str, str]] = {}
    for item in input_ or []:
        stage_name, dot, rest = item.partition(".")
        if not dot:
            raise ServiceError(
                f"--input untuk cycle run berbentuk tahap.nama=berkas, ditemukan '{item}'."
            )
        per_stage.setdefault(parse_stage(stage_name), {}).update(parse_inputs([rest]))
    from siklus.runner import run_cycle

    outcome = run_cycle(
        organisation=org,
        cycle=cycle,
        actor=actor(as_),
        inputs=per_stage,
        period=period,
        locales=locale or [get_settings().locale],
    )
    output.print_cycle_outcome(console, outcome)


# ---------------------------------------------------------------------------------- stage


@stage_app.command("run")
@friendly
def stage_run(
    stage: Annotated[
        str,
        typer.Argument(
            help="needs_analysis, forums, drafting, socialisation, implementation, evaluation."
        ),
    ],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    input_: Annotated[
        list[str] | None,
        typer.Option("--input", help="nama=berkas, mis. pengaduan=pengaduan.csv (berulang)."),
    ] = None,
    period: PeriodOpt = "",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Tanggal dokumen YYYY-MM-DD (bawaan: hari ini).")
    ] = None,
    locale: Annotated[
        list[str] | None, typer.Option("--locale", help="Bahasa dokumen: id, en.")
    ] = None,
    takeover: Annotated[
        bool,
        typer.Option(
            "--takeover",
            help="Ambil alih tahap yang masih 'berjalan' milik proses yang sudah mati.",
        ),
    ] = False,
) -> None:
    """Jalankan satu tahap sebagai flow Prefect; tahap lalu menunggu keputusan pimpinan.

    Tahap yang tertinggal 'berjalan' oleh flow run yang sudah selesai atau gagal menurut
    Prefect diambil alih otomatis; bila Prefect masih mencatatnya berjalan (prosesnya mati
    tanpa sempat melapor), gunakan --takeover.

    Contoh: siklus stage run needs_analysis --as rina --input pengaduan=pengaduan.csv
    """
    from siklus.runner import run_stage

    target = parse_stage(stage)
    outcome = run_stage(
        stage=target,
        organisation=org,
        cycle=cycle,
        actor=actor(as_),
        period=period,
        inputs=parse_inputs(input_ or []),
        as_of=date.fromisoformat(as_of) if as_of else None,
        locales=locale or [get_settings().locale],
        takeover=takeover,
    )
    console.print(f"Tahap {target.value} selesai diproses, menunggu keputusan pimpinan.")
    for path in outcome.documents:
        console.print(f"  {output.rel(path)}")
    output.print_warnings(console, outcome.warnings)


@stage_app.command("override")
@friendly
def stage_override(
    stage: Annotated[str, typer.Argument(help="Tahap yang gerbangnya dibuka.")],
    reason: Annotated[str, typer.Option("--reason", help="Alasan tertulis (wajib).")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
) -> None:
    """Pimpinan membuka gerbang tahap yang belum terpenuhi, dengan alasan tertulis (diaudit).

    Contoh: siklus stage override implementation --as sekda --reason "Diklat susulan Juli"
    """
    from policy.services import cycle as cycle_service

    target = parse_stage(stage)
    with session() as s:
        cycle_service.override_gate(
            session=s,
            organisation=org,
            cycle=cycle,
            stage=target,
            leader=actor(as_),
            reason=reason,
            period=period,
        )
    console.print(f"Gerbang tahap {target.value} dibuka oleh {actor(as_)}.")


# --------------------------------------------------------------------------------- review


def _decide(
    decision: Decision,
    stage: str,
    org: str | None,
    cycle: int | None,
    as_: str | None,
    reason: str,
    period: str,
    back_to: str | None = None,
    as_of: str | None = None,
) -> None:
    from policy.services import review

    target = parse_stage(stage)
    with session() as s:
        review.decide(
            session=s,
            organisation=org,
            cycle=cycle,
            stage=target,
            reviewer=actor(as_),
            decision=decision,
            reason=reason,
            period=period,
            back_to=parse_stage(back_to) if back_to else None,
            as_of=date.fromisoformat(as_of) if as_of else None,
        )
    verbs = {
        Decision.APPROVE: "disetujui",
        Decision.RETURN: "dikembalikan",
        Decision.REJECT: "ditolak",
    }
    console.print(
        f"Tahap {target.value}{' ' + period if period else ''} {verbs[decision]} oleh {actor(as_)}."
    )


ReasonOpt = Annotated[str, typer.Option("--reason", help="Alasan / catatan keputusan.")]
StageArg = Annotated[str, typer.Argument(help="Tahap yang diputuskan.")]


@review_app.command("approve")
@friendly
def review_approve(
    stage: StageArg,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    reason: ReasonOpt = "",
    period: PeriodOpt = "",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Tanggal keputusan YYYY-MM-DD (bawaan: hari ini)."),
    ] = None,
) -> None:
    """Setujui tahap yang sedang ditinjau (hanya pimpinan, bukan yang menjalankan tahap).

    Menyetujui tahap penyusunan menetapkan rancangan versi terbaru (versi yang diajukan)
    sebagai versi final dan menerbitkan Peraturan bertanggal keputusan (--as-of).

    Contoh: siklus review approve needs_analysis --as sekda --reason "Sesuai, lanjut ke forum"
    """
    _decide(Decision.APPROVE, stage, org, cycle, as_, reason, period, as_of=as_of)


@review_app.command("return")
@friendly
def review_return(
    stage: StageArg,
    reason: ReasonOpt,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
    back_to: Annotated[
        str | None, typer.Option("--back-to", help="Rancangan: kembali ke 'forums'.")
    ] = None,
) -> None:
    """Kembalikan tahap untuk diperbaiki, dengan alasan (rancangan dapat kembali ke forum).

    Contoh: siklus review return drafting --as sekda --back-to forums --reason "Konsultasi ulang"
    """
    _decide(Decision.RETURN, stage, org, cycle, as_, reason, period, back_to)


@review_app.command("reject")
@friendly
def review_reject(
    stage: StageArg,
    reason: ReasonOpt,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
) -> None:
    """Tolak tahap, dengan alasan; siklus berhenti.

    Contoh: siklus review reject drafting --as walikota --reason "Kebijakan ditunda sampai APBD-P"
    """
    _decide(Decision.REJECT, stage, org, cycle, as_, reason, period)


# ------------------------------------------------------------------------ status and docs


@app.command()
@friendly
def status(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    overdue: Annotated[
        bool,
        typer.Option("--overdue", help="Tenggat terlewati di semua siklus organisasi."),
    ] = False,
    today: reminders.TodayOpt = None,
) -> None:
    """Papan status siklus: tiap tahap, status, tenggat, siapa menjalankan dan memutuskan, dokumen.

    Dengan --overdue: semua tahap dan tahap implementasi yang melewati tenggat (hari kerja)
    di seluruh siklus organisasi, yang paling lama terlambat lebih dulu.

    Contoh: siklus status --org sawahlunto   atau   siklus status --overdue
    """
    from policy.services import cycle as cycle_service
    from policy.services import deadlines

    if overdue:
        day = reminders.parse_today(today)
        with session() as s:
            items = deadlines.overdue_items(s, org, day)
            name = get_org_name(s, org)
        reminders.print_overdue(console, name, day, items)
        return
    with session() as s:
        board = cycle_service.cycle_board(session=s, organisation=org, cycle=cycle)
    output.print_board(console, board)


def get_org_name(s: Session, org: str | None) -> str:
    """The name of the organisation `org` (or of the only one)."""
    from policy.services.common import get_org

    return get_org(s, org).name


@docs_app.command("list")
@friendly
def docs_list(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    all_versions: Annotated[bool, typer.Option("--all", help="Semua versi.")] = False,
) -> None:
    """Daftar dokumen siklus dengan nomor, versi, sha256 dan lokasinya.

    Contoh: siklus docs list
    """
    from policy.services import records

    with session() as s:
        rows = records.list_documents(
            session=s, organisation=org, cycle=cycle, latest_only=not all_versions
        )
    output.print_documents(console, rows)


@docs_app.command("open")
@friendly
def docs_open(
    doc_id: Annotated[int, typer.Argument(help="Nomor dokumen dari 'siklus docs list'.")],
    markdown: Annotated[bool, typer.Option("--markdown", help="Cetak Markdown ke layar.")] = False,
) -> None:
    """Buka dokumen di peramban (atau cetak Markdown-nya dengan --markdown).

    Contoh: siklus docs open 3
    """
    from policy.services import records

    with session() as s:
        doc = records.get_document(session=s, doc_id=doc_id)
    if markdown:
        typer.echo(Path(doc.md_path).read_text(encoding="utf-8"))
        return
    console.print(f"{doc.title}: {doc.html_path}")
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        webbrowser.open(Path(doc.html_path).as_uri())


# ---------------------------------------------------------------------------------- audit


@audit_app.command("verify")
@friendly
def audit_verify() -> None:
    """Periksa rantai hash jejak audit: peristiwa yang diubah, disisipkan atau dihapus terdeteksi.

    Contoh: siklus audit verify
    """
    from policy import audit

    with session() as s:
        result = audit.verify(s)
    if result.ok:
        console.print(f"Jejak audit utuh: {result.events} peristiwa, rantai hash cocok.")
        return
    err.print(f"[red]Jejak audit RUSAK[/red] ({result.events} peristiwa diperiksa):", markup=True)
    for problem in result.problems:
        err.print(f"  - {problem}")
    raise typer.Exit(1)


@audit_app.command("log")
@friendly
def audit_log(
    limit: Annotated[int, typer.Option("--limit", help="Jumlah peristiwa terakhir.")] = 30,
) -> None:
    """Tampilkan peristiwa audit terakhir.

    Contoh: siklus audit log --limit 50
    """
    from policy.services import records

    with session() as s:
        events = records.recent_events(session=s, limit=limit)
    output.print_events(console, events)


# ----------------------------------------------------------------------------------- demo


@app.command()
@friendly
def demo(
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Folder demo (dikosongkan dulu).")
    ] = Path("siklus-demo"),
    locale: Annotated[
        list[str] | None, typer.Option("--locale", help="Bahasa dokumen: id, en.")
    ] = None,
    no_email: Annotated[
        bool, typer.Option("--no-email", help="Tanpa demo surel pengingat (server SMTP uji).")
    ] = False,
) -> None:
    """Jalankan satu siklus lengkap Kota Sawahlunto dengan data contoh dan keputusan pimpinan.

    Di akhir, pengingat tenggat dikirim ke server SMTP uji di 127.0.0.1 dan surelnya dicetak.

    Contoh: siklus demo   (dokumen di ./siklus-demo/documents)
    """
    from siklus.demo import run_demo

    run_demo(console, data_dir, locales=locale or ["id"], email=not no_email)


# --------------------------------------------------------------------------------- portal

app.command("serve")(friendly(portal.serve))
portal_app.command("links")(friendly(portal.links))
portal_app.command("token")(friendly(portal.token))
portal_app.command("revoke")(friendly(portal.revoke))


# ------------------------------------------------------------------ reminders and rollout

reminders_app = typer.Typer(
    help="Pengingat tenggat dan eskalasi lewat surel: kirim dan lihat catatannya.",
    no_args_is_help=True,
)
rollout_app = typer.Typer(help="Implementasi per unit kerja: rencana.", no_args_is_help=True)
plan_app = typer.Typer(
    help="Rencana Implementasi: ekspor ke CSV, ubah, impor kembali.", no_args_is_help=True
)
app.add_typer(reminders_app, name="reminders")
app.add_typer(rollout_app, name="rollout")
rollout_app.add_typer(plan_app, name="plan")
reminders_app.command("sweep")(friendly(reminders.sweep))
reminders_app.command("log")(friendly(reminders.log))
plan_app.command("export")(friendly(rollout.plan_export))
plan_app.command("import")(friendly(rollout.plan_import))


# ---------------------------------------------------------------------------------- forum

forum_app = typer.Typer(
    help="Forum pemangku kepentingan: persetujuan notulen.", no_args_is_help=True
)
app.add_typer(forum_app, name="forum")
forum_app.command("approve-minutes")(friendly(forum.approve_minutes))
forum_app.command("plan")(friendly(forum.plan))


# ---------------------------------------------------------- follow-up actions and sheets

app.add_typer(action_app, name="action")
app.add_typer(evaluation_app, name="evaluation")


def main() -> None:
    """Entry point."""
    app()
