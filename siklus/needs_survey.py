"""`siklus needs-survey`: the ASN needs questionnaire online per unit (open, list, close, poster).

Layer: shell over `policy.services.needs_questionnaire`. Quick commands: plain database
calls, no Prefect. The employees' pages are served by `siklus serve` (`/k/<token>`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from siklus.bahasa import SiklusTyper
from siklus.common import AsOpt, CycleOpt, OrgOpt, actor, console, friendly, session
from siklus.portal import DEFAULT_URL, BaseUrlOpt
from siklus.survey import poster_language, write_poster

needs_survey_app = SiklusTyper(
    help="Kuesioner kebutuhan ASN daring per unit kerja (analisis kebutuhan): buka tautan, "
    "daftar, poster, tutup.",
    no_args_is_help=True,
)
UnitArg = Annotated[str, typer.Argument(help="Kode unit kerja di paket, mis. DISDUKCAPIL.")]


@needs_survey_app.command("open")
@friendly
def needs_open(
    unit: UnitArg,
    cycle: CycleOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    base_url: BaseUrlOpt = DEFAULT_URL,
) -> None:
    """Buka kuesioner kebutuhan ASN daring sebuah unit kerja dan cetak tautannya.

    Kirim tautan itu kepada ASN unit tersebut (surat edaran, grup pesan) atau cetak kode
    QR-nya dengan 'siklus needs-survey poster'. Pegawai menjawab pernyataan kuesioner
    paket (needs_survey) di portal ('siklus serve') tanpa nama dan tanpa NIP; setiap
    jawaban disimpan sebagai satu lembar jawaban unit itu, dihitung dalam Laporan Analisis
    Kebutuhan siklus seperti lembar dari berkas kebutuhan_asn, dan tampil di 'siklus
    imports list' sebagai satu impor per hari (survei-daring-UNIT-TANGGAL). Berkas
    kebutuhan_asn unit yang sama yang diimpor kemudian hanya menggantikan lembar jawaban
    berkas sebelumnya, tidak pernah jawaban daring. Setiap unit memiliki satu tautan
    terbuka dalam satu siklus; unit yang kuesionernya sudah terbuka mendapat tautan yang
    sama. Kuesioner tidak dapat dibuka lagi setelah analisis kebutuhan siklus disetujui
    pimpinan.

    Contoh: siklus needs-survey open DISDUKCAPIL --as rina --base-url https://portal.example.go.id
    """
    from policy.services.needs_questionnaire import open_questionnaire

    with session() as s:
        row = open_questionnaire(
            session=s, organisation=org, unit=unit, actor=actor(as_), cycle=cycle
        )
    state = "dibuka" if row.made else "sudah terbuka sejak sebelumnya"
    console.print(
        f"Kuesioner kebutuhan ASN daring {escape(row.unit_name)} ({row.unit_code}), siklus "
        f"ke-{row.cycle}, {state}:"
    )
    console.print(f"  {base_url.rstrip('/')}{row.path}", soft_wrap=True, markup=False)
    console.print(
        f"Poster dengan kode QR: siklus needs-survey poster {row.unit_code} --base-url "
        f"{base_url.rstrip('/')}",
        soft_wrap=True,
        markup=False,
    )


@needs_survey_app.command("list")
@friendly
def needs_list(
    cycle: CycleOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    base_url: BaseUrlOpt = DEFAULT_URL,
) -> None:
    """Daftar kuesioner kebutuhan ASN daring siklus: unit, status, jawaban, lalu tautannya.

    Kolom Lembar unit menghitung semua lembar jawaban unit dalam siklus (daring dan dari
    berkas) dibanding kelompok terkecil yang ditampilkan laporan (evaluation.min_group_size):
    unit dengan lembar lebih sedikit digabung dengan unit kecil lain dalam laporan.

    Contoh: siklus needs-survey list --as rina
    """
    from policy.locale import format_number, to_local
    from policy.services.needs_questionnaire import questionnaire_links
    from policy.settings import get_settings

    with session() as s:
        rows = questionnaire_links(session=s, organisation=org, actor=actor(as_), cycle=cycle)
    if not rows:
        console.print(
            "Belum ada kuesioner kebutuhan ASN daring di siklus ini. Buka dengan: siklus "
            "needs-survey open KODE-UNIT"
        )
        return
    tz = get_settings().timezone
    table = Table(title=f"Siklus ke-{rows[0].cycle}")
    for name in ("Unit", "Status", "Jawaban", "Hari ini", "Lembar unit"):
        numeric = name in ("Jawaban", "Hari ini", "Lembar unit")
        table.add_column(name, overflow="fold", justify="right" if numeric else "left")
    for r in rows:
        if r.open:
            state = f"terbuka sejak {to_local(r.opened_at, tz):%d-%m-%Y} ({escape(r.opened_by)})"
        elif r.closed_at is not None:
            closed = to_local(r.closed_at, tz)
            state = f"ditutup {closed:%d-%m-%Y} ({escape(r.closed_by)}): {escape(r.close_reason)}"
        else:
            state = "ditutup"
        short = "" if r.unit_sheets >= r.min_group else f" (< {r.min_group}, digabung)"
        table.add_row(
            f"{escape(r.unit_name)} ({r.unit_code})",
            state,
            format_number(r.responses, 0),
            format_number(r.today, 0),
            format_number(r.unit_sheets, 0) + short,
        )
    console.print(table)
    base = base_url.rstrip("/")
    for r in rows:
        if r.open:  # whole, on a line of its own: a link is copied, never folded
            console.print(f"{r.unit_code}: {base}{r.path}", soft_wrap=True, markup=False)


@needs_survey_app.command("poster")
@friendly
def needs_poster(
    unit: UnitArg,
    base_url: Annotated[
        str,
        typer.Option("--base-url", help="Alamat portal seperti dibuka pegawai (masuk ke kode QR)."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Berkas HTML poster (bawaan: poster-kuesioner-UNIT.html; dengan --locale en: "
            "needs-survey-poster-UNIT.html).",
            metavar="BERKAS",
        ),
    ] = None,
    cycle: CycleOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
    locale: Annotated[
        str | None,
        typer.Option(
            "--locale",
            help="Bahasa poster dan halaman kuesioner yang dibuka kode QR-nya: id atau en "
            "(bawaan: SIKLUS_LOCALE, id).",
        ),
    ] = None,
) -> None:
    """Tulis poster A4 kuesioner kebutuhan ASN sebuah unit: kode QR dan tautannya.

    Buka berkas itu di peramban lalu cetak (Ctrl+P) untuk ruang kerja, ruang apel atau
    papan pengumuman unit. Kode QR memuat alamat --base-url ditambah tautan kuesioner;
    pakai alamat yang dapat dibuka dari ponsel pegawai (alamat portal, bukan 127.0.0.1).

    Contoh: siklus needs-survey poster RSUD --base-url https://portal.example.go.id --as rina
    """
    from policy.services.needs_questionnaire import poster

    language = poster_language(locale)
    with session() as s:
        view = poster(
            session=s,
            organisation=org,
            unit=unit,
            actor=actor(as_),
            base_url=base_url,
            locale=language,
            cycle=cycle,
        )
    name = "poster-kuesioner" if language == "id" else "needs-survey-poster"
    write_poster(view, language, out or Path(f"{name}-{unit.strip().upper()}.html"), "kuesioner")


@needs_survey_app.command("close")
@friendly
def needs_close(
    unit: UnitArg,
    reason: Annotated[
        str, typer.Option("--reason", help="Mengapa kuesioner ditutup (dicatat di jejak audit).")
    ],
    cycle: CycleOpt = None,
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Tutup kuesioner kebutuhan ASN daring sebuah unit: tautannya tidak lagi menerima jawaban.

    Jawaban yang sudah masuk tetap tersimpan dan dihitung. Untuk kuesioner yang selesai
    atau tautan yang tersebar ke luar unit; 'siklus needs-survey open' kemudian membuat
    tautan baru. Jawaban sehari yang keliru dibatalkan dengan 'siklus imports undo'.

    Contoh: siklus needs-survey close DISDUKCAPIL --reason "pengisian selesai" --as rina
    """
    from policy.locale import format_number
    from policy.services.needs_questionnaire import close_questionnaire

    with session() as s:
        row = close_questionnaire(
            session=s, organisation=org, unit=unit, actor=actor(as_), reason=reason, cycle=cycle
        )
    console.print(
        f"Kuesioner kebutuhan ASN daring {escape(row.unit_name)} ({row.unit_code}) ditutup; "
        f"{format_number(row.responses, 0)} jawaban tetap tersimpan."
    )
