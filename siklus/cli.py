"""The `siklus` command line (Typer).

Layer: shell over `policy.services` (quick actions) and `flows` (stage work).
Each command's docstring is its `--help`, with an example. Prefect is imported
only by the commands that run flows, so quick commands stay quick; the settings, the
database library and the services are imported inside the commands, so `siklus --help`
and a group's help load none of them (tests/siklus/test_startup.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policy.locale import format_number
from siklus import forum, output, portal, records, reminders, rollout
from siklus.bahasa import SiklusTyper, asks_for_help
from siklus.common import (
    AsOpt,
    CycleOpt,
    LocaleOpt,
    OrgOpt,
    actor,
    console,
    err,
    friendly,
    parse_locales,
    session,
)
from siklus.cycle import cycle_app, stage_app
from siklus.evaluation import action_app, evaluation_app
from siklus.import_history import imports_app
from siklus.needs_survey import needs_survey_app
from siklus.objection import objection_app
from siklus.privacy import pdp_app
from siklus.review import review_app
from siklus.survey import survey_app

app = SiklusTyper(
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
pack_app = SiklusTyper(help="Paket organisasi (YAML): periksa dan muat.", no_args_is_help=True)
docs_app = SiklusTyper(
    help="Dokumen resmi yang dihasilkan: daftar, buka, PDF, periksa keutuhan.",
    no_args_is_help=True,
)
audit_app = SiklusTyper(
    help="Jejak audit berantai hash: periksa dan tampilkan.", no_args_is_help=True
)
app.add_typer(pack_app, name="pack")
app.add_typer(cycle_app, name="cycle")
app.add_typer(stage_app, name="stage")
app.add_typer(review_app, name="review")
app.add_typer(docs_app, name="docs")
app.add_typer(audit_app, name="audit")
draft_app = SiklusTyper(
    help="Naskah rancangan: periksa struktur dan kaidahnya sebelum diimpor.",
    no_args_is_help=True,
)
app.add_typer(draft_app, name="draft")
portal_app = SiklusTyper(
    help="Portal konsultasi: tautan forum, token panitia.", no_args_is_help=True
)
app.add_typer(portal_app, name="portal")


@app.callback()
def _check_settings(ctx: typer.Context) -> None:
    # Read the settings before any command runs: a bad SIKLUS_* value (an unknown
    # SIKLUS_TIMEZONE, a short SIKLUS_SECRET_KEY) stops here with its reason, not with a
    # traceback halfway through a run or a render. A command's --help needs no settings
    # and is shown whatever they are. No docstring: it would replace the help.
    from policy.settings import SettingsError, get_settings

    if asks_for_help(ctx):
        return
    try:
        get_settings()
    except SettingsError as exc:
        err.print(f"[red]Gagal:[/red] {escape(str(exc))}", markup=True, soft_wrap=True)
        raise typer.Exit(1) from None


# ------------------------------------------------------------------------------ init/pack


@app.command()
@friendly
def init() -> None:
    """Siapkan folder data dan basis data.

    Contoh: siklus init   (folder dari $SIKLUS_DATA_DIR, bawaan ./siklus-data)
    """
    from policy.db import get_engine
    from policy.settings import get_settings

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

    Setiap masalah disebut dengan baris dan kolomnya di berkas, mis.
    packs/x.yaml:14:17: units[1].population: paling kecil 1 (tertulis: 0)

    Berkas indikator yang disebut paket (indicators_file) ikut diperiksa, dengan baris dan
    kolomnya di berkas itu.

    Contoh: siklus pack validate packs/sawahlunto.yaml
    """
    from policy.packs import find_pack, load_pack

    loaded = load_pack(find_pack(pack))
    p = loaded.pack
    console.print(
        f"Paket valid: {p.organisation.name} — {len(p.units)} unit, {len(p.members)} anggota, "
        f"{len(p.indicators)} indikator."
    )


@draft_app.command("check")
@friendly
def draft_check(
    rancangan: Annotated[
        Path, typer.Argument(help="Berkas naskah rancangan (Markdown .md atau Word .docx).")
    ],
    legal_form: Annotated[
        str | None,
        typer.Option(
            "--legal-form",
            "--bentuk",
            help="Perwali, Perbup, Pergub atau Keputusan (bawaan: bentuk hukum kebijakan "
            "organisasi di basis data).",
        ),
    ] = None,
    save_markdown: Annotated[
        Path | None,
        typer.Option(
            "--save-markdown",
            help="Simpan naskah sebagaimana dibaca Siklus (Markdown) ke berkas ini; untuk "
            "dokumen Word: lihat hasil bacaan penomoran dan tabelnya.",
        ),
    ] = None,
    org: OrgOpt = None,
) -> None:
    """Periksa naskah rancangan tanpa menyimpannya.

    Kesalahan yang membuat naskah ditolak tahap penyusunan dan peringatan kaidah penulisan
    (UU 12/2011 Lampiran II: urutan dan tanda baca rincian, bilangan dengan kata dalam
    kurung, judul Bagian), masing-masing dengan baris dan kolomnya, lalu petunjuk per jenis
    masalah. Keluar dengan kode 1 bila ada kesalahan. Naskah Word (.docx) dibaca paragraf demi
    paragraf, dengan penomoran otomatis Word (a., 1., (1)) dan Menimbang/Mengingat dalam tabel.

    Contoh: siklus draft check rancangan_v2.md

    Contoh: siklus draft check rancangan.docx --legal-form Keputusan --save-markdown terbaca.md
    """
    from policy.services.draft_versions import check_file

    if legal_form is None:
        with session() as s:
            check = check_file(s, org, rancangan, None)
    else:
        check = check_file(None, org, rancangan, legal_form)
    result, name = check.result, rancangan.name
    if save_markdown is not None:
        save_markdown.write_text(check.text, encoding="utf-8")
    units = "diktum" if result.draft.keputusan else "Pasal"
    console.print(
        f"{escape(name)} ({check.legal_form}): {len(result.draft.pasal())} {units}; "
        f"{len(result.errors)} kesalahan, {len(result.warnings)} peringatan.",
        soft_wrap=True,
    )
    if save_markdown is not None:
        console.print(f"Naskah sebagaimana dibaca: {save_markdown}", markup=False)
    if rancangan.suffix.lower() == ".docx" and (result.errors or result.warnings):
        console.print("(Dokumen Word: baris N adalah paragraf ke-N, sel tabel dihitung urut.)")
    for title, issues in (("Kesalahan (naskah ditolak)", result.errors),
                          ("Peringatan", result.warnings)):  # fmt: skip
        if issues:
            console.print(f"{title}:")
        for issue in issues:
            line = f"- {escape(name)} {issue.where}: {escape(issue.message)}"
            console.print(line, soft_wrap=True)
    hints = dict.fromkeys(i.hint for i in (*result.errors, *result.warnings) if i.hint)
    if hints:
        console.print("Petunjuk:")
    for hint in hints:
        console.print(f"- {escape(hint)}", soft_wrap=True)
    if result.errors:
        raise typer.Exit(1)


@pack_app.command("load")
@friendly
def pack_load(
    pack: Annotated[str, typer.Argument(help="Berkas paket atau nama paket di folder packs/.")],
    as_: AsOpt = None,
) -> None:
    """Muat paket organisasi (organisasi, unit, anggota, kebijakan) ke basis data.

    Contoh: siklus pack load sawahlunto --as admin
    """
    from policy.packs import find_pack, load_pack
    from policy.services import organisation
    from policy.settings import get_settings

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
    from policy.settings import get_settings

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


@app.command("template")
@friendly
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


# ------------------------------------------------------------- status, documents, audit

app.command("status")(friendly(records.status))
docs_app.command("list")(friendly(records.docs_list))
docs_app.command("open")(friendly(records.docs_open))
docs_app.command("pdf")(friendly(records.docs_pdf))
docs_app.command("verify")(friendly(records.docs_verify))
docs_app.command("relocate")(friendly(records.docs_relocate))
audit_app.command("verify")(friendly(records.audit_verify))
audit_app.command("log")(friendly(records.audit_log))


# ----------------------------------------------------------------------------------- demo


@app.command()
@friendly
def demo(
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Folder demo (dikosongkan dulu).", metavar="FOLDER")
    ] = Path("siklus-demo"),
    locale: LocaleOpt = None,
    no_email: Annotated[
        bool,
        typer.Option(
            "--no-email", help="Tanpa demo surel pengingat (server SMTP uji; paket sawahlunto)."
        ),
    ] = False,
    pack: Annotated[
        str,
        typer.Option(
            "--pack",
            help="Nama paket daerah di folder paket, mis. lampung (daftarnya tampil bila "
            "nama tidak dikenal).",
        ),
    ] = "sawahlunto",
) -> None:
    """Jalankan satu siklus lengkap sebuah paket daerah dengan data contoh dan keputusan pimpinan.

    Bawaan: Kota Sawahlunto, dengan dua putaran konsultasi dan masukan lewat portal; di
    akhir, pengingat tenggat per 10 September 2026 dikirim ke server SMTP uji di 127.0.0.1
    dan surelnya dicetak. Paket lain (--pack) menjalankan putaran konsultasi dan evaluasi
    per periode dari data contohnya sendiri, tanpa pengingat tenggat (tanggal dan alamat
    surel kepala unit demo itu milik paket Sawahlunto).

    Contoh: siklus demo   (dokumen di ./siklus-demo/documents)

    Contoh: siklus demo --pack lampung --data-dir demo-lampung
    """
    from siklus.demo import run_demo

    run_demo(
        console,
        data_dir,
        locales=parse_locales(locale or ["id"]),
        email=not no_email,
        pack=pack,
    )


# --------------------------------------------------------------------------------- portal

app.command("serve")(friendly(portal.serve))
portal_app.command("links")(friendly(portal.links))
portal_app.command("token")(friendly(portal.token))
portal_app.command("revoke")(friendly(portal.revoke))


# ------------------------------------------------------------------ reminders and rollout

reminders_app = SiklusTyper(
    help="Pengingat tenggat dan eskalasi lewat surel: kirim dan lihat catatannya.",
    no_args_is_help=True,
)
rollout_app = SiklusTyper(help="Implementasi per unit kerja: rencana.", no_args_is_help=True)
plan_app = SiklusTyper(
    help="Rencana Implementasi: buat dari paket sejak implementasi dimulai, ekspor ke CSV, "
    "ubah, impor kembali.",
    no_args_is_help=True,
)
app.add_typer(reminders_app, name="reminders")
app.add_typer(rollout_app, name="rollout")
rollout_app.add_typer(plan_app, name="plan")
reminders_app.command("sweep")(friendly(reminders.sweep))
reminders_app.command("log")(friendly(reminders.log))
plan_app.command("create")(friendly(rollout.plan_create))
plan_app.command("export")(friendly(rollout.plan_export))
plan_app.command("import")(friendly(rollout.plan_import))


# ---------------------------------------------------------------------------------- forum

forum_app = SiklusTyper(
    help="Forum pemangku kepentingan: rencana, tambahan, persetujuan notulen.",
    no_args_is_help=True,
)
app.add_typer(forum_app, name="forum")
forum_app.command("approve-minutes")(friendly(forum.approve_minutes))
forum_app.command("plan")(friendly(forum.plan))
forum_app.command("add")(friendly(forum.add))


# ---------------------------------------------------------- follow-up actions and sheets

app.add_typer(action_app, name="action")
app.add_typer(evaluation_app, name="evaluation")
app.add_typer(imports_app, name="imports")
app.add_typer(survey_app, name="survey")
app.add_typer(needs_survey_app, name="needs-survey")
app.add_typer(objection_app, name="objection")
app.add_typer(pdp_app, name="pdp")


def main() -> None:
    """Entry point."""
    app()
