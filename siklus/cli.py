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

from siklus import forum, output, portal, records, reminders, rollout, table_import
from siklus.actions import action_app
from siklus.bahasa import SiklusTyper, asks_for_help
from siklus.common import (
    AsOpt,
    LocaleOpt,
    OrgOpt,
    console,
    err,
    friendly,
    parse_locales,
    session,
)
from siklus.cycle import cycle_app, stage_app
from siklus.evaluation import evaluation_app
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


# ----------------------------------------------------------------------- import, template

app.command("import")(friendly(table_import.import_))
app.command("template")(friendly(table_import.template))


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
