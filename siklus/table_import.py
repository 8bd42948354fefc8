"""`siklus import` and `siklus template`: a table file imported, and the template to fill in.

Layer: shell over `policy.services.imports` and `siklus.template` (which writes the
template file). `siklus.cli` registers these functions (with its error handling); each
docstring is the command's help, with an example. The services and the template writer
are imported inside the commands, so `siklus import --help` loads neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policy.locale import format_number
from siklus import output
from siklus.common import AsOpt, CycleOpt, OrgOpt, actor, console, err, session


def import_(
    kind: Annotated[str, typer.Argument(help="Jenis data: pegawai, ekinerja, skm, pengaduan, …")],
    file: Annotated[Path, typer.Argument(help="Berkas CSV (; , tab) atau XLSX.")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Periksa saja: semua pemeriksaan dijalankan, termasuk terhadap data "
            "tersimpan, tetapi tidak ada yang disimpan.",
        ),
    ] = False,
    allow_duplicates: Annotated[
        bool,
        typer.Option(
            "--allow-duplicates",
            help="Jawaban SKM, pengaduan atau permohonan layanan yang sama persis dengan impor "
            "sebelumnya memang "
            "data baru: impor juga (tanpa ini berkas seperti itu ditolak).",
        ),
    ] = False,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Bila berkas ditolak, tulis semua kesalahannya ke berkas CSV ini (baris; "
            "kolom; kesalahan). Tanpa ini, daftar lengkap ditulis hanya bila kesalahannya "
            "lebih dari 200 (yang ditampilkan), di samping berkas: NAMA.kesalahan.csv.",
            metavar="BERKAS",
        ),
    ] = None,
) -> None:
    """Impor data tabel. Semua baris diperiksa; bila satu saja salah, tidak ada yang ditulis.

    Jenis: unit, pegawai, ekinerja, penilaian_360, bonus, capaian_organisasi, skm,
    pengaduan, layanan, laporan_kegiatan, realisasi, tindak_lanjut (milik organisasi);
    kehadiran_forum, masukan, tanggapan, kehadiran_kegiatan, progres, rencana,
    kebutuhan_asn (milik siklus). Templat
    berkasnya, dengan petunjuk setiap kolom: siklus template JENIS BERKAS.xlsx

    capaian_organisasi: periode; unit_kerja; capaian; ditetapkan_oleh; catatan.
    Capaian: Istimewa, Baik, Butuh Perbaikan (atau Cukup), Kurang, Sangat Kurang.
    Unit tanpa capaian pada periode itu diperiksa sebagai Baik (kurva distribusi).

    laporan_kegiatan: bulan; nip; hari_lapor; hari_cuti. Rekap bulanan laporan kegiatan
    harian e-Kinerja: hari yang berisi laporan per pegawai per bulan; bulan yang sama
    diimpor lagi menggantikan yang lama. Syarat sebulan terisi:
    evaluation.activity_reports.min_share dari hari kerja di luar hari_cuti (opsional: hari
    kerja bulan itu yang dijalani dalam cuti; bulan yang seluruhnya cuti dihitung terisi).

    tindak_lanjut: no; perkembangan; catatan_penyelesaian (berkas siklus action export yang
    diisi unit). Tindak lanjut yang catatan_penyelesaiannya terisi ditutup dengan catatan
    itu; yang hanya perkembangannya terisi dicatat perkembangannya dan tetap terbuka; yang
    kosong dibiarkan. Kolom lain hasil ekspor itu hanya untuk dibaca dan tidak diubah.

    kebutuhan_asn: unit_kerja; k1 … k12; kebutuhan_pengembangan. Lembar jawaban
    kuesioner kebutuhan ASN tanpa NIP, satu baris per pegawai; pernyataan k1 … k12 dari
    needs_survey paket, dijawab 1 (tidak setuju) sampai 4 (sangat setuju). Berkas baru
    sebuah unit menggantikan lembar jawaban unit itu dari berkas sebelumnya; jawaban
    kuesioner daring unit itu ('siklus needs-survey') tetap dihitung.

    layanan: unit_layanan; jenis_layanan; tanggal_masuk; tanggal_selesai; nomor.
    Satu baris per permohonan; tanggal_selesai kosong bila belum selesai. Waktu
    penyelesaiannya dihitung dalam hari kerja dan dinilai terhadap service_days unitnya
    di paket (jangka waktu Standar Pelayanan).

    Berkas 2 MB ke atas dibaca di proses pembantu sementara baris yang sudah dibaca
    ditulis (Linux, dua inti atau lebih); SIKLUS_IMPORT_READER=inline mematikannya,
    =process memakainya juga di dalam flow. Di terminal, berkas 1 MB ke atas menampilkan
    jumlah baris yang sudah dibaca selama impor berjalan.

    Contoh: siklus import pegawai pegawai.csv --as rina

    Dengan --dry-run berkas diperiksa seperti impor sungguhan (unit, NIP, periode yang
    terkunci) lalu dibatalkan: tidak ada yang disimpan, dan berkas yang sama tetap dapat
    diimpor sesudahnya.

    Ditolak di baris dan kolomnya: periode yang tidak dievaluasi paket (mis. 2026-12 di
    paket per triwulan; yang diterima: periode paket, tahunan, dan putaran penilaian diri),
    tanggal pengaduan, survei SKM, permohonan layanan atau penyelesaian tahap sebelum tahun
    2000 atau sesudah hari impor, dan waktu respons pengaduan di bawah 0 atau di atas
    8.760 jam (satu tahun).

    Contoh: siklus import capaian_organisasi capaian_2026_tw3.csv --as rina

    Contoh: siklus import ekinerja ekinerja_2026_tw3.xlsx --dry-run --as rina

    Jawaban SKM, pengaduan dan permohonan layanan ditambahkan, tidak dicocokkan. Berkas
    yang memuat lagi hari layanan yang sudah diimpor (ekspor ulang dengan rentang tanggal
    yang bertumpuk) ditolak dengan nama impor lamanya, agar tidak terhitung dua kali;
    impor yang keliru dibatalkan dengan siklus imports undo NOMOR, riwayatnya di siklus
    imports list.

    Berkas yang ditolak dengan lebih dari 200 kesalahan: 200 yang pertama ditampilkan, dan
    semuanya ditulis urut baris ke NAMA.kesalahan.csv di samping berkas (atau ke --errors
    BERKAS), untuk dibuka di Excel dan diperbaiki baris demi baris.
    """
    from policy.services import imports
    from policy.services.error_list import ErrorList, beside, left_beside

    large = file.is_file() and file.stat().st_size >= output.COUNTED_BYTES
    counter = output.row_counter(err, f"Mengimpor {file.name}", show=large and err.is_terminal)
    with session() as s, counter as progress:
        result = imports.import_file(
            session=s,
            organisation=org,
            kind=kind,
            path=file,
            actor=actor(as_),
            cycle=cycle,
            progress=progress,
            dry_run=dry_run,
            allow_duplicates=allow_duplicates,
            errors_to=ErrorList(errors, always=True) if errors else ErrorList(beside(file)),
        )
    if result.skipped:
        console.print(f"{escape(result.filename)}: sudah pernah diimpor, tidak ada perubahan.")
    elif result.dry_run:
        console.print(
            f"{result.filename}: {format_number(result.rows, 0)} baris diperiksa, semuanya "
            "dapat diimpor. Tidak ada yang disimpan (--dry-run)."
        )
    else:
        console.print(
            f"{result.filename}: {format_number(result.rows, 0)} baris diperiksa, "
            f"{format_number(result.written, 0)} ditulis."
        )
    output.print_import_messages(console, result)
    if not result.skipped and errors is None and (stale := left_beside(file)) is not None:
        console.print(
            f"Catatan: daftar kesalahan dari impor yang ditolak sebelumnya masih ada "
            f"({escape(str(stale))}); hapus bila sudah tidak diperlukan.",
            soft_wrap=True,
        )


def template(
    kind: Annotated[
        str, typer.Argument(help="Jenis data: pegawai, ekinerja, skm, penilaian_360, …")
    ],
    file: Annotated[
        Path,
        typer.Argument(help="Berkas yang ditulis: .xlsx (dengan petunjuk) atau .csv."),
    ],
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="Kode organisasi yang paketnya sudah dimuat: kolom kode unit kerja, aspek "
            "360, kode bonus dan kode indikator mendapat daftar pilihan dari paket itu "
            "(tanpa --org: templat umum, tanpa basis data).",
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Timpa berkas yang sudah ada.")
    ] = False,
) -> None:
    """Tulis templat berkas impor: judul kolom, isi tiap kolom, daftar pilihan.

    .xlsx: lembar bernama jenis data dengan baris judul (kolom wajib bercetak tebal);
    kolom NIP, kode, periode dan tanggal berformat Teks sehingga Excel tidak mengubah NIP
    menjadi 1,97E+17 atau membaca 03/04/2026 sebagai 4 Maret; daftar pilihan untuk isian
    tertutup (jenis ASN, rating, sumber 360, capaian, hadir, status, jenis unit); lembar
    Petunjuk berisi isi setiap kolom dan judul kolom lain yang diterima. .csv: satu baris
    judul (UTF-8 dengan BOM, pemisah ;) seperti ekspor Excel berbahasa Indonesia; petunjuk
    kolomnya dicetak di layar.

    Berkas yang sudah ada tidak ditimpa tanpa --overwrite.

    Contoh: siklus template pegawai pegawai.xlsx

    Contoh: siklus template penilaian_360 penilaian_360.xlsx --org sawahlunto
    """
    from policy.importtemplate import template_format
    from siklus.template import check_target, guide_lines, write_template

    check_target(kind, file, overwrite=overwrite)
    values = None
    if org is not None:
        from policy.services.template_values import template_values

        with session() as s:
            values = template_values(session=s, organisation=org)
    columns = write_template(kind, file, org=values, overwrite=overwrite)
    title = template_format(kind).title
    if file.suffix.lower() == ".xlsx":
        console.print(
            f"{escape(str(file))}: templat {title} ditulis (lembar '{kind}' dan 'Petunjuk')."
        )
        return
    console.print(f"{escape(str(file))}: judul kolom {title} ditulis (CSV UTF-8, pemisah ;).")
    console.print("Kolom (wajib: harus ada di berkas; opsional: boleh dihapus):")
    for line in guide_lines(columns):
        console.print(f"  {escape(line)}")
    texts = [c.name for c in columns if c.as_text]
    if texts:
        console.print(
            f"Kolom {', '.join(texts)} harus tetap teks: buka CSV di Excel lewat Data > From "
            "Text/CSV dan jadikan kolom itu Text, atau pakai templat .xlsx "
            f"(siklus template {kind} {kind}.xlsx)."
        )
