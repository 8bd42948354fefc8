"""`siklus evaluation`: private sheets, the results export, the year's angka kredit, links.

Layer: shell over `policy.services.employee_sheets`, `policy.services.evaluation_export`,
`policy.services.credit_export` and `policy.services.sheet_links`. Quick commands: plain
database calls, no Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policy.errors import ServiceError
from policy.locale import format_date, format_number
from policy.stages import run_status_word
from siklus.bahasa import SiklusTyper
from siklus.common import (
    PERIOD_HELP,
    AsOpt,
    CycleOpt,
    FormatOpt,
    LocaleOpt,
    OrgOpt,
    OverwriteOpt,
    actor,
    console,
    date_option,
    export_format,
    friendly,
    parse_date,
    parse_locales,
    period_code,
    session,
)

evaluation_app = SiklusTyper(
    help="Evaluasi berkala: lembar hasil pribadi pegawai, tautan dan sebarannya, ekspor hasil per "
    "pegawai, angka kredit setahun.",
    no_args_is_help=True,
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

    chosen = export_format(file, fmt, overwrite)
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

    chosen = export_format(file, fmt, overwrite)
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


@evaluation_app.command("links")
@friendly
def evaluation_links(
    file: Annotated[Path, typer.Argument(help="Daftar tautan: tautan.xlsx atau tautan.csv.")],
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    nip: Annotated[
        list[str] | None, typer.Option("--nip", help="Hanya pegawai ini (berulang).")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", help="Masa berlaku tautan dalam hari (bawaan 30).")
    ] = 30,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Alamat portal yang dibuka pegawai (bawaan: SIKLUS_PORTAL_URL), "
            "mis. https://kinerja.contoh.go.id.",
        ),
    ] = None,
    slips: Annotated[
        Path | None,
        typer.Option(
            "--slips",
            help="Tulis juga lembar potong siap cetak (HTML, A4): satu potongan berkode QR per "
            "pegawai, mis. potongan.html.",
        ),
    ] = None,
    fmt: FormatOpt = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Buat tautan pribadi agar tiap pegawai membuka lembar hasilnya sendiri di portal.

    Satu tautan (/lembar/…) per pegawai yang lembar hasil pribadinya periode itu sudah
    diterbitkan (siklus evaluation sheets), atau per --nip. Daftarnya (nip; nama;
    unit_kerja; tautan; berlaku_sampai) diserahkan kepada pegawai masing-masing, mis. lewat
    kepala unit atau surat gabung (mail merge). Tautan membuka halaman pegawai itu di portal:
    versi terakhir lembar hasilnya, dan formulir keberatan (14 hari sejak lembar pertama
    dibuka), sampai habis masa berlakunya; tautan baru untuk lembar yang sama menggantikan
    yang lama. Pembukaan pertama lembar dicatat: hari lembar itu sampai kepada pegawainya.

    Dengan --slips, tautan yang sama dicetak sebagai potongan A4 (nama, NIP, unit, kode QR,
    alamat, masa berlaku) untuk dibagikan kepada pegawai yang tidak dihubungi lewat surel.

    Daftar ini memuat tautan ke data pribadi: simpan dan bagikan seperti lembar hasil itu
    sendiri. Hanya pengelola kebijakan, admin dan pimpinan yang dapat membuatnya; berkas
    ditulis dulu, lalu dicatat di jejak audit (nama dan sha256 berkas, jumlah tautan).

    Contoh: siklus evaluation links tautan-tw3.xlsx --period 2026-TW3 --as rina
    """
    from policy.services import sheet_links
    from policy.settings import get_settings
    from siklus import output

    chosen = export_format(file, fmt, overwrite)
    if slips is not None:
        if slips.suffix.lower() not in (".html", ".htm"):
            raise ServiceError(f"{slips.name}: akhiri nama berkas potongan dengan .html.")
        if slips.exists() and not overwrite:
            raise ServiceError(f"{slips} sudah ada; pakai --overwrite untuk menimpanya.")
    with session() as s:
        result = sheet_links.issue_links(
            session=s, organisation=org, cycle=cycle, period=period_code(period),
            actor=actor(as_), base_url=base_url or get_settings().portal_url,
            fmt=chosen, filename=file.name, nips=nip or (), days=days,  # type: ignore[arg-type]
            deliver=lambda content: output.write_whole(file, content),
            deliver_slips=(lambda page: output.write_whole(slips, page)) if slips else None,
        )  # fmt: skip
    if slips is not None:
        console.print(f"{slips}: potongan siap cetak, satu per pegawai.", markup=False)
    console.print(
        f"{file}: {format_number(result.rows, 0)} tautan lembar hasil pribadi periode "
        f"{result.period}, berlaku sampai {format_date(result.expires_on)}; dicatat di jejak "
        "audit. Simpan dan bagikan daftar ini seperti lembar hasil itu sendiri.",
        markup=False,
    )


@evaluation_app.command("opened")
@friendly
def evaluation_opened(
    period: Annotated[str, typer.Option("--period", help=PERIOD_HELP)],
    unit: Annotated[
        str | None, typer.Option("--unit", help="Hanya pegawai unit ini (kode unit).")
    ] = None,
    names: Annotated[
        bool,
        typer.Option(
            "--names", help="Sebutkan pegawai yang tautannya masih berlaku tetapi belum dibuka."
        ),
    ] = False,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Sebaran lembar hasil pribadi suatu periode: per unit, yang sudah dan belum dibuka.

    Per unit kerja pegawai: lembar yang diterbitkan, yang bertautan berlaku, yang sudah
    dibuka pegawainya (pembukaan pertama tautan: hari lembar sampai kepadanya), yang belum,
    dan yang tautannya kedaluwarsa atau diganti tanpa pernah dibuka. Pengelola kebijakan
    menindaklanjuti yang belum melalui kepala unit; --names menyebut nama dan NIP mereka.

    Contoh: siklus evaluation opened --period 2026-TW3 --unit PKM --names --as rina
    """
    from rich.table import Table

    from policy.services import sheet_reach

    with session() as s:
        rows = sheet_reach.sheet_reach(
            session=s, organisation=org, cycle=cycle, period=period_code(period),
            actor=actor(as_), unit=unit, names=names,
        )  # fmt: skip
    if not rows:
        console.print(
            f"Belum ada lembar hasil pribadi periode {period_code(period)} yang diterbitkan"
            + (" untuk unit itu." if unit else "."),
            markup=False,
        )
        return
    table = Table()
    for name in ("Unit kerja", "Lembar", "Bertautan", "Dibuka", "Belum dibuka", "Kedaluwarsa"):
        table.add_column(name, justify="left" if name == "Unit kerja" else "right")
    for r in rows:
        table.add_row(r.unit, *(format_number(n, 0) for n in (
            r.issued, r.linked, r.opened, r.not_opened, r.lapsed)))  # fmt: skip
    total = [sum(getattr(r, f) for r in rows) for f in ("issued", "linked", "opened",
                                                        "not_opened", "lapsed")]  # fmt: skip
    table.add_row("Jumlah", *(format_number(n, 0) for n in total))
    console.print(table)
    if total[0] > total[1] + total[4]:
        console.print(
            f"{format_number(total[0] - total[1] - total[4], 0)} lembar belum bertautan: buat "
            f"dengan siklus evaluation links FILE --period {period_code(period)}.",
            markup=False,
        )
    if names:
        for r in rows:
            for nip, name in r.waiting:
                console.print(f"Belum dibuka: {name} ({nip}), {r.unit}", markup=False)
