"""`siklus survey`: the online SKM survey of each service unit (open, list, close).

Layer: shell over `policy.services.survey`. Quick commands: plain database calls, no
Prefect. The respondents' pages are served by `siklus serve` (`/s/<token>`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from policy.locale import Locale
from siklus.bahasa import SiklusTyper
from siklus.common import AsOpt, OrgOpt, actor, console, friendly, parse_locales, session
from siklus.portal import DEFAULT_URL, BaseUrlOpt

if TYPE_CHECKING:
    from policy.views.survey import SurveyPoster

survey_app = SiklusTyper(
    help="Survei Kepuasan Masyarakat daring per unit layanan: buka tautan, daftar, tutup.",
    no_args_is_help=True,
)
UnitArg = Annotated[str, typer.Argument(help="Kode unit layanan di paket, mis. RSUD.")]
PartnerOpt = Annotated[
    str,
    typer.Option(
        "--pelaksana",
        help="Mitra survei (evaluation.ikm.partners di paket) yang menjalankan tautan ini; "
        "bawaan: tautan pemerintah daerah sendiri.",
    ),
]


def _named(unit_name: str, unit_code: str, partner: str) -> str:
    return f"{escape(unit_name)} ({unit_code})" + (f" bersama {escape(partner)}" if partner else "")


@survey_app.command("open")
@friendly
def survey_open(
    unit: UnitArg,
    org: OrgOpt = None,
    as_: AsOpt = None,
    base_url: BaseUrlOpt = DEFAULT_URL,
    partner: PartnerOpt = "",
) -> None:
    """Buka survei SKM daring sebuah unit layanan dan cetak tautannya.

    Cetak tautan itu (atau kode QR-nya) di loket dan pada tanda terima layanan; penerima
    layanan menjawab sembilan unsur SKM di portal ('siklus serve') tanpa nama. Jawaban
    disimpan sebagai jawaban SKM hari itu, dihitung seperti jawaban yang diimpor dari
    berkas, dan tampil di 'siklus imports list' sebagai satu impor per hari
    (survei-daring-UNIT-TANGGAL). Unit yang surveinya sudah terbuka mendapat tautan yang sama.

    Dengan --pelaksana, tautan itu milik mitra survei di paket (organisasi masyarakat sipil
    yang menjalankan survei di loket): jawabannya tercatat dengan nama mitra itu, seperti
    kolom pelaksana berkas SKM, dan Laporan Evaluasi memisahkannya. Sebuah unit dapat
    memiliki satu tautan sendiri dan satu tautan per mitra.

    Contoh: siklus survey open RSUD --as rina --base-url https://skm.sawahluntokota.go.id

    Contoh: siklus survey open DPMPTSP --pelaksana "Lembaga Pemantau Pelayanan Publik Sai Bumi"
    """
    from policy.services.survey import open_survey

    with session() as s:
        row = open_survey(session=s, organisation=org, unit=unit, actor=actor(as_), partner=partner)
    state = "dibuka" if row.made else "sudah terbuka sejak sebelumnya"
    console.print(f"Survei daring {_named(row.unit_name, row.unit_code, row.partner)} {state}:")
    console.print(f"  {base_url.rstrip('/')}{row.path}", soft_wrap=True, markup=False)


@survey_app.command("list")
@friendly
def survey_list(org: OrgOpt = None, as_: AsOpt = None, base_url: BaseUrlOpt = DEFAULT_URL) -> None:
    """Daftar survei daring: unit, status, jawaban (seluruhnya dan hari ini), lalu tautannya.

    Di akhir: alamat halaman publik hasil SKM (/ikm/KODE-ORGANISASI), yang memuat IKM setiap
    unit layanan dan tindak lanjutnya untuk periode yang evaluasinya disetujui pimpinan.

    Kolom periode berjalan membandingkan semua jawaban SKM unit dalam periode evaluasi
    yang sedang berjalan (daring dan dari berkas) dengan sampel minimum Krejcie & Morgan
    dari population unit di paket: apakah responden periode ini sudah cukup.

    Contoh: siklus survey list --as rina
    """
    from policy.locale import format_date, format_number, to_local
    from policy.periods import period_label
    from policy.services.common import get_org
    from policy.services.survey import survey_links
    from policy.settings import get_settings

    with session() as s:
        rows = survey_links(session=s, organisation=org, actor=actor(as_))
        code = get_org(s, org).code
    if not rows:
        console.print("Belum ada survei daring. Buka dengan: siklus survey open KODE-UNIT")
        return
    tz = get_settings().timezone
    table = Table()
    period = rows[0].period
    for name in ("Unit", "Status", "Jawaban", "Hari ini", "Terakhir", period):
        numeric = name in ("Jawaban", "Hari ini", period)
        table.add_column(name, overflow="fold", justify="right" if numeric else "left")
    for r in rows:
        if r.open:
            state = f"terbuka sejak {to_local(r.opened_at, tz):%d-%m-%Y} ({escape(r.opened_by)})"
        else:
            closed = to_local(r.closed_at, tz) if r.closed_at else None
            state = (
                f"ditutup {closed:%d-%m-%Y} ({escape(r.closed_by)}): {escape(r.close_reason)}"
                if closed
                else "ditutup"
            )
        table.add_row(
            _named(r.unit_name, r.unit_code, r.partner),
            state,
            format_number(r.responses, 0),
            format_number(r.today, 0),
            format_date(r.last_on) if r.last_on else "—",
            _sample(r.period_responses, r.sample_needed),
        )
    console.print(table)
    console.print(
        f"Kolom {period} ({period_label(period)}): semua jawaban SKM unit dalam periode itu, "
        "daring dan dari berkas, dibanding sampel minimum Krejcie & Morgan dari population unit "
        "di paket."
    )
    base = base_url.rstrip("/")
    for r in rows:
        if r.open:  # whole, on a line of its own: a link is copied, never folded
            who = f" ({r.partner})" if r.partner else ""
            console.print(f"{r.unit_code}{who}: {base}{r.path}", soft_wrap=True, markup=False)
    console.print("Hasil SKM yang diumumkan (periode yang evaluasinya disetujui pimpinan):")
    console.print(f"{base}/ikm/{code}", soft_wrap=True, markup=False)


def _sample(responses: int, needed: int | None) -> str:
    """'120 / 217 (kurang 97)', '230 / 217' or '120' when the unit's population is not set."""
    from policy.locale import format_number

    have = format_number(responses, 0)
    if needed is None:
        return have
    short = f" (kurang {format_number(needed - responses, 0)})" if responses < needed else ""
    return f"{have} / {format_number(needed, 0)}{short}"


def poster_language(locale: str | None) -> Locale:
    """The language of a poster and of the page its QR code opens (`--locale`, else the default)."""
    return "en" if parse_locales([locale] if locale else None)[0] == "en" else "id"


def write_poster(view: SurveyPoster, language: Locale, target: Path, what: str) -> None:
    """Write an online survey's poster (`what`: "survei", "kuesioner") and say where."""
    from policy.documents import render_poster

    target.write_text(render_poster(view, language), encoding="utf-8")
    console.print(f"Poster {what} {escape(view.unit_name)} ditulis: {escape(str(target))}")
    console.print(f"  {view.url}", soft_wrap=True, markup=False)


@survey_app.command("poster")
@friendly
def survey_poster(
    unit: UnitArg,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", help="Alamat portal seperti dibuka penerima layanan (masuk ke kode QR)."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Berkas HTML poster (bawaan: poster-survei-UNIT.html; "
            "dengan --locale en: survey-poster-UNIT.html).",
            metavar="BERKAS",
        ),
    ] = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    partner: PartnerOpt = "",
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            help="Bahasa poster dan halaman survei yang dibuka kode QR-nya: id atau en "
            "(bawaan: SIKLUS_LOCALE, id).",
        ),
    ] = None,
) -> None:
    """Tulis poster A4 survei daring sebuah unit: kode QR dan tautannya, siap dicetak.

    Buka berkas itu di peramban lalu cetak (Ctrl+P) untuk loket, ruang tunggu atau meja
    layanan. Kode QR memuat alamat --base-url ditambah tautan survei; pakai alamat yang
    dapat dibuka dari ponsel penerima layanan (alamat publik portal, bukan 127.0.0.1).
    Dengan --locale en poster berbahasa Inggris dan kode QR-nya membuka survei dalam
    bahasa Inggris (untuk loket yang melayani warga asing); jawabannya dihitung sama.
    Halaman survei mana pun juga dapat dialihkan bahasanya dengan tautan di pojoknya.

    Contoh: siklus survey poster RSUD --base-url https://skm.sawahluntokota.go.id --as rina

    Contoh: siklus survey poster DPMPTSP --base-url https://skm.sawahluntokota.go.id --locale en
    """
    from policy.services.survey import poster

    language = poster_language(locale)
    with session() as s:
        view = poster(
            session=s,
            organisation=org,
            unit=unit,
            actor=actor(as_),
            base_url=base_url,
            locale=language,
            partner=partner,
        )
    name = "poster-survei" if language == "id" else "survey-poster"
    write_poster(view, language, out or Path(f"{name}-{unit.strip().upper()}.html"), "survei")


@survey_app.command("close")
@friendly
def survey_close(
    unit: UnitArg,
    reason: Annotated[
        str, typer.Option("--reason", help="Mengapa survei ditutup (dicatat di jejak audit).")
    ],
    org: OrgOpt = None,
    as_: AsOpt = None,
    partner: PartnerOpt = "",
) -> None:
    """Tutup survei daring sebuah unit: tautannya tidak lagi menerima jawaban.

    Jawaban yang sudah masuk tetap tersimpan. Untuk tautan yang tersebar ke tempat yang
    salah, atau survei yang selesai; 'siklus survey open' kemudian membuat tautan baru.

    Contoh: siklus survey close RSUD --reason "tautan tersebar di grup media sosial" --as rina
    """
    from policy.locale import format_number
    from policy.services.survey import close_survey

    with session() as s:
        row = close_survey(
            session=s, organisation=org, unit=unit, actor=actor(as_), reason=reason,
            partner=partner,
        )  # fmt: skip
    console.print(
        f"Survei daring {_named(row.unit_name, row.unit_code, row.partner)} ditutup; "
        f"{format_number(row.responses, 0)} jawaban tetap tersimpan."
    )
