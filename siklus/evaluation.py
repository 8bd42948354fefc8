"""`siklus action` (follow-up tracked to closure) and `siklus evaluation sheets`.

Layer: shell over `policy.services.actions` and `policy.services.employee_sheets`.
Quick commands: plain database calls, no Prefect.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policy.errors import ServiceError
from policy.locale import format_date, format_number
from policy.stages import run_status_word
from siklus.bahasa import SiklusTyper
from siklus.common import (
    PERIOD_HELP,
    AsOpt,
    CycleOpt,
    LocaleOpt,
    OrgOpt,
    actor,
    console,
    date_option,
    friendly,
    parse_date,
    parse_locales,
    period_code,
    session,
)

if TYPE_CHECKING:
    from policy.services.actions import ActionInfo

action_app = SiklusTyper(
    help="Tindak lanjut hasil evaluasi: daftar dan penutupan (diaudit).", no_args_is_help=True
)
evaluation_app = SiklusTyper(
    help="Evaluasi berkala: lembar hasil pribadi pegawai, ekspor hasil per pegawai.",
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


@evaluation_app.command("sheets")
@friendly
def evaluation_sheets(
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    nip: Annotated[
        list[str] | None, typer.Option("--nip", help="Hanya pegawai ini (berulang).")
    ] = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    as_of: Annotated[
        str | None,
        date_option("Tanggal dokumen YYYY-MM-DD (bawaan: tanggal Laporan Evaluasi periode itu)."),
    ] = None,
    locale: LocaleOpt = None,
) -> None:
    """Terbitkan lembar hasil pribadi pegawai (nilai sendiri, tanpa identitas penilai).

    Tanpa --nip: untuk semua pegawai yang dinilai pada periode itu. Lembar yang sudah
    diterbitkan dan angkanya tidak berubah tetap pada versi dan tanggalnya, kecuali --as-of
    meminta tanggal lain. Pada kerangka nasional, lembar pejabat fungsional (jabatan yang
    namanya diakhiri jenjangnya, mis. Guru Ahli Pertama) memuat angka kredit periode itu dari
    predikatnya (Peraturan BKN 3/2023).

    Contoh: siklus evaluation sheets --period 2026-TW3 --nip 198512202010011004 --as rina
    """
    from policy.services import employee_sheets as sheets
    from siklus import output

    day, languages = parse_date(as_of), parse_locales(locale)
    with session() as s:
        docs = sheets.publish_employee_sheets(
            session=s, organisation=org, cycle=cycle, period=period_code(period),
            actor=actor(as_),
            nips=nip or [], locales=tuple(languages),  # type: ignore[arg-type]
            as_of=day,
        )  # fmt: skip
    fresh = sum(doc.new for doc in docs)
    kept = len(docs) - fresh
    console.print(
        f"{fresh} lembar hasil pribadi diterbitkan."
        + (f" {kept} lembar tidak berubah sejak terbit: versinya tetap berlaku." if kept else "")
    )
    output.print_doc_paths(console, docs)


def _say_withheld(count: int) -> None:
    """Say how many employees an export left out for a granted restriction (UU 27/2022)."""
    if count:
        console.print(
            f"{count} pegawai tidak diekspor: permintaannya membatasi pemrosesan data "
            "pribadinya dikabulkan (siklus pdp request list).",
            markup=False,
        )


def _export_format(file: Path, fmt: str | None, overwrite: bool) -> str:
    """The format an export's file name and --format ask for; refused before any work."""
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        if fmt not in (None, "xlsx"):
            raise ServiceError(f"Berkas .xlsx selalu buku kerja; --format {fmt} untuk .csv.")
        chosen = "xlsx"
    elif suffix == ".csv":
        chosen = fmt or "excel"
        if chosen not in ("excel", "rfc4180"):
            raise ServiceError(
                f"Format '{chosen}' tidak dikenal untuk .csv; pilih excel atau rfc4180."
            )
    else:
        raise ServiceError(f"{file.name}: akhiri nama berkas dengan .xlsx atau .csv.")
    if file.exists() and not overwrite:
        raise ServiceError(f"{file} sudah ada; pakai --overwrite untuk menimpanya.")
    return chosen


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="Untuk berkas .csv: excel (bawaan; pemisah ;, koma desimal, untuk dibuka di "
        "Excel) atau rfc4180 (pemisah koma, titik desimal, untuk program lain).",
    ),
]
OverwriteOpt = Annotated[bool, typer.Option("--overwrite", help="Timpa berkas yang sudah ada.")]


@evaluation_app.command("export")
@friendly
def evaluation_export(
    file: Annotated[Path, typer.Argument(help="Berkas tujuan: hasil.xlsx atau hasil.csv.")],
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    fmt: FormatOpt = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Ekspor hasil penilaian per pegawai satu periode (mis. untuk perhitungan TPP atau SIASN).

    Satu baris per pegawai yang dinilai, dengan unit, jabatan dan tim saat periode itu
    dievaluasi. Kerangka nasional: nip; nama; jabatan; unit_kerja; nama_unit; tim;
    rating_hasil_kerja; rating_perilaku; predikat; jenjang_jf; angka_kredit (jenjang jabatan
    fungsional dan angka kredit periode itu menurut Peraturan BKN 3/2023, kosong untuk jabatan
    lain; tanpa dua kolom itu bila paket mematikan evaluation.angka_kredit). Penilaian 360
    berbobot: nip; nama;
    jabatan; unit_kerja; nama_unit; tim; kelompok_aspek; nilai_akhir; predikat;
    aspek_terlemah.

    Hasil per pegawai adalah data pribadi: hanya pengelola kebijakan, admin dan pimpinan
    yang dapat mengekspornya, dan setiap ekspor dicatat di jejak audit (periode, jumlah
    baris, format, nama dan sha256 berkas). Bila tahap evaluasi periode itu belum disetujui
    pimpinan, hal itu dikatakan: hasilnya masih dapat berubah.

    .xlsx: buku kerja (lembar hasil), nilai sebagai angka dan NIP sebagai teks. .csv dengan
    --format excel: pemisah titik koma, koma desimal, UTF-8 dengan BOM, NIP ditulis ="…"
    agar Excel tidak memotongnya; --format rfc4180: pemisah koma, titik desimal, UTF-8
    tanpa BOM, baris diakhiri CRLF.

    Contoh: siklus evaluation export hasil-2026-tw3.xlsx --period 2026-TW3 --as rina

    Contoh: siklus evaluation export tpp.csv --period 2026-TW3 --format rfc4180 --as rina
    """
    from policy.services import evaluation_export as export
    from siklus import output

    chosen = _export_format(file, fmt, overwrite)
    with session() as s:
        result = export.export_results(
            session=s, organisation=org, cycle=cycle, period=period_code(period),
            actor=actor(as_), fmt=chosen, filename=file.name,  # type: ignore[arg-type]
            deliver=lambda content: output.write_whole(file, content),
        )  # fmt: skip
    console.print(
        f"{file}: hasil {format_number(result.rows, 0)} pegawai periode {result.period} "
        f"({chosen}); ekspor ini dicatat di jejak audit.",
        markup=False,
    )
    _say_withheld(result.withheld)
    if not result.approved:
        console.print(
            f"[yellow]Peringatan:[/yellow] tahap evaluasi periode {result.period} belum "
            f"disetujui pimpinan (status: {run_status_word(result.status)}); hasilnya masih "
            "dapat berubah."
        )


@evaluation_app.command("credits")
@friendly
def evaluation_credits(
    file: Annotated[Path, typer.Argument(help="Berkas tujuan: angka-kredit.xlsx atau .csv.")],
    year: Annotated[int, typer.Option("--year", help="Tahun penilaian, mis. 2026.")],
    fmt: FormatOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Ekspor angka kredit setahun per pejabat fungsional, untuk Penetapan Angka Kredit (PAK).

    Dijumlahkan dari periode evaluasi tahun itu yang disetujui pimpinan: tahunan bila
    evaluasi tahunannya disetujui (12 bulan), selain itu periode paket (mis. triwulan).
    Angka kredit sebuah periode adalah persentase predikat e-Kinerja × koefisien tahunan
    jenjang jabatan yang dipegang saat periode itu dievaluasi × bulan/12 (Peraturan BKN
    3/2023); jumlahnya dibulatkan sekali, dua desimal. Kolom: nip; nama; jabatan;
    jenjang_jf; bulan; periode; angka_kredit. Kolom bulan menunjukkan tahun yang belum
    lengkap (mis. 9 bila TW IV belum disetujui). Hanya kerangka nasional.

    Data pribadi: hanya pengelola kebijakan, admin dan pimpinan; setiap ekspor dicatat di
    jejak audit; pegawai yang permintaan pembatasannya dikabulkan tidak dimuat.

    Contoh: siklus evaluation credits angka-kredit-2026.xlsx --year 2026 --as rina
    """
    from policy.services import credit_export
    from siklus import output

    chosen = _export_format(file, fmt, overwrite)
    with session() as s:
        result = credit_export.export_credits(
            session=s, organisation=org, year=year, actor=actor(as_),
            fmt=chosen, filename=file.name,  # type: ignore[arg-type]
            deliver=lambda content: output.write_whole(file, content),
        )  # fmt: skip
    console.print(
        f"{file}: angka kredit tahun {year} untuk {format_number(result.rows, 0)} pejabat "
        f"fungsional, dari periode {', '.join(result.periods)} ({chosen}); ekspor ini dicatat "
        "di jejak audit.",
        markup=False,
    )
    _say_withheld(result.withheld)
