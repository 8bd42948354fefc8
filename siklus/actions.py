"""`siklus action`: the follow-up of evaluation results, tracked to closure.

Layer: shell over `policy.services.actions`, `policy.services.action_export` and
`policy.services.action_history`. Quick commands: plain database calls, no Prefect.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policy.errors import ServiceError
from policy.locale import format_date
from siklus.bahasa import SiklusTyper
from siklus.common import (
    PERIOD_HELP,
    AsOpt,
    FormatOpt,
    OrgOpt,
    OverwriteOpt,
    actor,
    console,
    export_format,
    friendly,
    period_code,
    session,
)

if TYPE_CHECKING:
    from policy.services.actions import ActionInfo

action_app = SiklusTyper(
    help="Tindak lanjut hasil evaluasi: daftar, riwayat, ekspor, tautan unit, perkembangan dan "
    "penutupan (diaudit).",
    no_args_is_help=True,
)

ActionCycleOpt = Annotated[
    int | None,
    typer.Option(
        "--cycle",
        help="Nomor siklus: tindak lanjut siklus itu dan yang dibawa ke dalamnya "
        "(bawaan: semua siklus).",
    ),
]
ActionStatusOpt = Annotated[
    str | None,
    typer.Option(
        "--status",
        help="open (belum selesai, termasuk yang dibawa ke siklus berikutnya), done atau "
        "carried (bawaan: semua).",
    ),
]
ActionPeriodOpt = Annotated[str | None, typer.Option("--period", help=PERIOD_HELP)]
ActionUnitOpt = Annotated[
    str | None,
    typer.Option("--unit", help="Hanya tindak lanjut unit ini dan pegawainya (kode unit)."),
]


def _chosen(
    org: str | None, cycle: int | None, status: str | None, period: str | None, unit: str | None
) -> list[ActionInfo]:
    """The actions `action list` shows, chosen with its options (as the export chooses)."""
    from policy.services import actions

    with session() as s:
        return actions.list_actions(
            session=s, organisation=org, cycle=cycle, status=status,
            period=period_code(period) if period is not None else None, unit=unit,
        )  # fmt: skip


@action_app.command("list")
@friendly
def action_list(
    org: OrgOpt = None,
    cycle: ActionCycleOpt = None,
    status: ActionStatusOpt = None,
    period: ActionPeriodOpt = None,
    unit: ActionUnitOpt = None,
) -> None:
    """Daftar tindak lanjut hasil evaluasi dengan penanggung jawab, batas waktu dan status.

    Contoh: siklus action list --status open --period 2026-TW3 --unit PKM
    """
    from policy.services import actions
    from policy.settings import get_settings

    rows = _chosen(org, cycle, status, period, unit)
    tz = get_settings().timezone
    if not rows:
        console.print("Tidak ada tindak lanjut.")
        return
    table = Table(show_lines=False)
    progress = any(a.progress_note and a.status != "done" for a in rows)
    for name in ("No", "Siklus", "Periode", "Tindak lanjut", "Untuk", "Penanggung jawab",
                 "Batas waktu", "Status", *(("Perkembangan",) if progress else ())):  # fmt: skip
        table.add_column(name, overflow="fold")
    for a in rows:
        state = actions.STATUS_WORDS.get(a.status, a.status)
        if a.status == "done" and a.closed_by:
            state += f" ({a.closed_by})"
        if a.status == "carried" and a.carried_to_cycle:
            state = f"dibawa ke siklus {a.carried_to_cycle}"
        who = a.name + (f", {a.unit}" if a.unit and a.unit != a.name else "")
        cells = [str(a.id), str(a.cycle), a.period, escape(a.title), escape(who),
                 escape(a.owner), format_date(a.due_on), escape(state)]  # fmt: skip
        if progress:
            at = a.progress_at if a.status != "done" and a.progress_note else None
            cells.append(escape(f"{format_date(at, tz=tz)}: {a.progress_note}") if at else "")
        table.add_row(*cells)
    console.print(table)
    done = sum(1 for a in rows if a.status == "done")
    going = sum(1 for a in rows if a.status != "done" and a.progress_note)
    console.print(
        f"{len(rows)} tindak lanjut, {done} selesai"
        + (f", {going} dilaporkan sedang berjalan" if going else "")
        + "."
    )


@action_app.command("show")
@friendly
def action_show(action_id: Annotated[int, typer.Argument(help="Nomor tindak lanjut dari "
                                                         "'siklus action list'.")],
                org: OrgOpt = None) -> None:  # fmt: skip
    """Satu tindak lanjut dan riwayatnya: dibuat, perkembangan, catatan publik, penutupan.

    Riwayat dibaca dari jejak audit, berurutan, dengan siapa yang mencatat dan berkas
    spreadsheet asalnya bila dicatat lewat impor tindak_lanjut.

    Contoh: siklus action show 12
    """
    from policy.services import actions
    from policy.services.action_history import action_history
    from siklus.output import local_time

    with session() as s:
        found = action_history(session=s, organisation=org, action_id=action_id)
    a = found.action
    state = actions.STATUS_WORDS.get(a.status, a.status)
    if a.status == "carried" and a.carried_to_cycle:
        state = f"dibawa ke siklus {a.carried_to_cycle}"
    who = a.name + (f", {a.unit}" if a.unit and a.unit != a.name else "")
    facts = [("Tindak lanjut", a.title), ("Untuk", who),
             ("Siklus, periode", f"{a.cycle}, {a.period}"), ("Penanggung jawab", a.owner),
             ("Batas waktu", format_date(a.due_on)), ("Status", state)]  # fmt: skip
    if found.detail:
        facts.append(("Rincian", found.detail))
    if found.public_note:
        facts.append(("Catatan publik", found.public_note))
    console.print(f"[bold]Tindak lanjut #{a.id}[/bold]")
    for label, value in facts:
        console.print(f"  {label}: {value}", markup=False, soft_wrap=True)
    table = Table(show_lines=False)
    for name in ("Waktu", "Oleh", "Kejadian", "Catatan"):
        table.add_column(name, overflow="fold")
    for e in found.entries:
        what = e.what + (f" (berkas {e.source})" if e.source else "")
        by = e.actor_name + (f" ({e.actor})" if e.actor_name != e.actor else "")
        table.add_row(local_time(e.at), escape(by), escape(what), escape(e.note))
    console.print(table)


@action_app.command("export")
@friendly
def action_export(
    file: Annotated[Path, typer.Argument(help="Berkas tujuan, mis. tindak-lanjut.xlsx atau .csv.")],
    org: OrgOpt = None,
    cycle: ActionCycleOpt = None,
    status: ActionStatusOpt = None,
    period: ActionPeriodOpt = None,
    unit: ActionUnitOpt = None,
    as_: AsOpt = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Timpa berkas yang sudah ada (tanpa ini ditolak: berkas itu mungkin sudah "
            "diisi unit).",
        ),
    ] = False,
) -> None:
    """Ekspor tindak lanjut ke CSV atau XLSX (Excel) untuk diisi unit, lalu diimpor kembali.

    Berkas .xlsx menjadi buku kerja (lembar tindak_lanjut); nama lain menjadi CSV dengan
    pemisah titik koma.

    Kolom: no; siklus; periode; jenis; tindak_lanjut; untuk; unit_kerja; penanggung_jawab;
    batas_waktu; status; perkembangan; catatan_penyelesaian. Unit mengisi catatan_penyelesaian
    (apa yang sudah dilakukan dan buktinya) untuk tiap tindak lanjut yang selesai, atau
    perkembangan (sejauh mana sudah berjalan) untuk yang belum, lalu pengelola kebijakan
    mengimpor berkas itu (siklus import tindak_lanjut BERKAS --as USERNAME). Tindak lanjut
    yang catatan penyelesaiannya terisi ditutup dengan catatan itu, yang perkembangannya
    terisi dicatat perkembangannya dan tetap terbuka (keduanya diaudit); yang kosong
    dibiarkan.

    Berkas ini memuat nama pegawai (data pribadi): hanya pengelola kebijakan, pimpinan dan
    admin yang dapat mengekspornya, dan setiap ekspor dicatat di jejak audit (nama dan
    sha256 berkas, format, jumlah baris, serta pilihan --cycle, --status, --period, --unit).

    Contoh: siklus action export pkm.csv --status open --period 2026-TW3 --unit PKM --as rina
    """
    from policy.services import action_export
    from siklus import output

    fmt: action_export.Format = "xlsx" if file.suffix.lower() == ".xlsx" else "excel"
    if file.exists() and not overwrite:
        raise ServiceError(
            f"{file} sudah ada dan mungkin sudah diisi unit; impor dulu isinya (siklus import "
            "tindak_lanjut), atau pakai --overwrite untuk menimpanya."
        )
    with session() as s:
        result = action_export.export_actions(
            session=s, organisation=org, actor=actor(as_), fmt=fmt, filename=file.name,
            cycle=cycle, status=status,
            period=period_code(period) if period is not None else None, unit=unit,
            deliver=lambda content: output.write_whole(file, content),
        )  # fmt: skip
    console.print(
        f"{file}: {result.rows} tindak lanjut. Ekspor ini dicatat di jejak audit.", markup=False
    )
    console.print(
        "Setelah unit mengisi catatan_penyelesaian atau perkembangan: siklus import "
        f"tindak_lanjut {file} --as USERNAME",
        markup=False,
    )


@action_app.command("links")
@friendly
def action_links(
    file: Annotated[Path, typer.Argument(help="Daftar tautan: tautan-unit.xlsx atau .csv.")],
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit",
            help="Hanya unit ini (kode, berulang; bawaan: setiap unit yang "
            "tindak lanjutnya belum selesai).",
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Masa berlaku tautan dalam hari (bawaan 90).")
    ] = 90,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="Alamat portal yang dibuka kepala unit (bawaan: SIKLUS_PORTAL_URL)."
        ),
    ] = None,
    fmt: FormatOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Buat tautan pribadi agar kepala unit melaporkan perkembangan tindak lanjut unitnya.

    Satu tautan (/unit/…) per unit yang tindak lanjutnya belum selesai, atau per --unit.
    Daftarnya (unit_kerja; nama_unit; kepala; surel_kepala; terbuka; tautan; berlaku_sampai)
    diserahkan kepada kepala unit masing-masing. Halamannya memuat tindak lanjut unit itu
    yang belum selesai, yang lewat batas waktu lebih dulu, masing-masing dengan laporan
    perkembangan terakhirnya dan formulir untuk melaporkan perkembangan (dicatat seperti
    'siklus action progress', atas nama unit). Penutupan tetap oleh pengelola kebijakan.
    Tautan baru menggantikan yang lama; hanya sha256-nya yang disimpan; berkas ditulis dulu,
    lalu dicatat di jejak audit.

    Contoh: siklus action links tautan-unit.xlsx --as rina
    """
    from policy.services import unit_reports
    from policy.settings import get_settings
    from siklus import output

    chosen = export_format(file, fmt, overwrite)
    with session() as s:
        made = unit_reports.issue_unit_links(
            session=s, organisation=org, actor=actor(as_),
            base_url=base_url or get_settings().portal_url, fmt=chosen,  # type: ignore[arg-type]
            filename=file.name, units=unit or (), days=days,
            deliver=lambda content: output.write_whole(file, content),
        )  # fmt: skip
    console.print(
        f"{file}: {made.rows} tautan tindak lanjut unit, berlaku sampai "
        f"{format_date(made.expires_on)}; dicatat di jejak audit. Serahkan tiap tautan hanya "
        "kepada kepala unitnya.",
        markup=False,
    )


ActionIdArg = Annotated[int, typer.Argument(help="Nomor tindak lanjut dari 'siklus action list'.")]


def _on_action(
    change: Callable[..., ActionInfo], action_id: int, note: str, org: str | None, as_: str | None
) -> ActionInfo:
    """One action changed with a note (`close_action`, `record_progress`), in one session."""
    with session() as s:
        return change(session=s, organisation=org, action_id=action_id, actor=actor(as_), note=note)


@action_app.command("close")
@friendly
def action_close(
    action_id: ActionIdArg,
    note: Annotated[str, typer.Option("--note", help="Apa yang sudah dilakukan, dan buktinya.")],
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Tutup tindak lanjut dengan catatan penyelesaian (pengelola kebijakan atau pimpinan; diaudit).

    Contoh: siklus action close 12 --as rina --note "Coaching 3 sesi; SKP direvisi 12/11/2026"
    """
    from policy.services.actions import close_action

    info = _on_action(close_action, action_id, note, org, as_)
    console.print(
        f"Tindak lanjut #{info.id} ({info.title}) ditutup oleh {info.closed_by}.", markup=False
    )


@action_app.command("progress")
@friendly
def action_progress(
    action_id: ActionIdArg,
    note: Annotated[str, typer.Option("--note", help="Sejauh mana sudah berjalan.")],
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat perkembangan tindak lanjut yang belum selesai (diaudit; tetap terbuka).

    Catatan terakhir yang disimpan; tampil di 'siklus action list' dan di kolom perkembangan
    'siklus action export'.

    Contoh: siklus action progress 12 --as rina --note "Coaching sesi 1 dari 3, 10/11/2026"
    """
    from policy.services.actions import record_progress

    info = _on_action(record_progress, action_id, note, org, as_)
    console.print(
        f"Perkembangan tindak lanjut #{info.id} ({info.title}) dicatat; masih terbuka.",
        markup=False,
    )


@action_app.command("public")
@friendly
def action_public(
    action_id: ActionIdArg,
    note: Annotated[
        str, typer.Option("--note", help="Yang dibaca masyarakat tentang tindakan ini.")
    ] = "",
    clear: Annotated[bool, typer.Option("--clear", help="Hapus catatan publiknya.")] = False,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Tulis catatan publik tindakan korektif IKM, yang tampil di halaman hasil SKM (/ikm/ORG).

    Halaman itu memuat status dan tanggal tindakan; catatan perkembangan dan penyelesaian
    ditulis untuk organisasi dan tidak ditampilkan. Catatan ini ditulis untuk masyarakat,
    selagi terbuka maupun sesudah selesai, menggantikan catatan sebelumnya (diaudit; paling
    banyak 600 karakter). Hanya untuk tindakan korektif IKM unit layanan.

    Contoh: siklus action public 12 --as rina --note "Loket tambahan dibuka setiap Senin"
    """
    from policy.services.actions import set_public_note

    with session() as s:
        info = set_public_note(session=s, organisation=org, action_id=action_id,
                               actor=actor(as_), note=note, clear=clear)  # fmt: skip
    said = "dihapus" if clear else "disimpan"
    console.print(
        f"Catatan publik tindak lanjut #{info.id} ({info.title}) {said}; tampil di halaman "
        "hasil SKM.",
        markup=False,
    )
