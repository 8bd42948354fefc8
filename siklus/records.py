"""`siklus status`, `siklus docs` and `siklus audit`: the cycle board, documents, audit trail.

Layer: shell over `policy.services.records`, `policy.services.cycle` and `policy.audit`.
`siklus.cli` registers these functions (with its error handling); each docstring is the
command's help, with an example.
"""

from __future__ import annotations

import os
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policy.errors import ServiceError
from policy.locale import format_number
from siklus import output, reminders
from siklus.common import (
    AsOpt,
    CycleOpt,
    OrgOpt,
    actor,
    console,
    err,
    parse_locales,
    parse_stage,
    period_code,
    session,
)

if TYPE_CHECKING:
    from sqlmodel import Session


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

    Dokumen sejudul tampil pada satu baris: rentang nomor (#25–#27) hanya untuk nomor yang
    berurutan, nomor yang berjauhan disebut satu per satu (#25, #41). Baris dipatahkan di
    antara kata, selebar terminal.

    Dengan --overdue: semua tahap, tahap implementasi dan tindak lanjut evaluasi yang
    melewati tenggat (hari kerja) di seluruh siklus organisasi, yang paling lama terlambat
    lebih dulu; tindak lanjut satu baris per unit dan jenisnya.

    Contoh: siklus status --org sawahlunto   atau   siklus status --overdue
    """
    from policy.services import deadlines
    from policy.services.cycle_board import cycle_board

    if overdue:
        day = reminders.parse_today(today)
        with session() as s:
            items = deadlines.overdue_items(s, org, day)
            name = get_org_name(s, org)
        reminders.print_overdue(console, name, day, items)
        return
    with session() as s:
        board = cycle_board(session=s, organisation=org, cycle=cycle)
    output.print_board(console, board)


def get_org_name(s: Session, org: str | None) -> str:
    """The name of the organisation `org` (or of the only one)."""
    from policy.services.common import get_org

    return get_org(s, org).name


#: The filters of `docs list` and `docs pdf`.
DocStageOpt = Annotated[
    str | None, typer.Option("--stage", help="Hanya dokumen tahap ini, mis. evaluasi.")
]
DocPeriodOpt = Annotated[
    str | None, typer.Option("--period", help="Hanya periode evaluasi ini, mis. 2026-TW3.")
]
DocSearchOpt = Annotated[
    str, typer.Option("--cari", help="Hanya dokumen yang kunci atau judulnya memuat kata ini.")
]


def docs_list(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    all_versions: Annotated[bool, typer.Option("--all", help="Semua versi.")] = False,
    stage: DocStageOpt = None,
    period: DocPeriodOpt = None,
    search: DocSearchOpt = "",
) -> None:
    """Daftar dokumen siklus dengan nomor, versi, sha256 dan lokasinya.

    Dokumen sejenis dibedakan judulnya: unit, pegawai atau topik kegiatan ditulis setelah
    tanda pisah ("Lembar Hasil Evaluasi Triwulan III 2026 — Dinas Kesehatan"), versi yang
    dibandingkan pada judul Perbandingan Versi ("Perbandingan Versi 1 dan 2"). Lokasi berkas
    ditulis utuh pada satu baris: di kolom terakhir bila tabel muat di layar, atau di bawah
    tabel ("#55 …/lembar-unit-rsud-2026-tw3-v1.id.html") pada layar yang sempit.

    Evaluasi sebuah provinsi menerbitkan ratusan lembar unit dan puluhan ribu lembar
    pribadi; --stage, --period dan --cari (kata pada kunci atau judul, mis. nama unit)
    menyaringnya.

    Contoh: siklus docs list --period 2026-TW3 --cari lembar-unit-dinkes
    """
    from policy.services import records as record_service

    chosen = parse_stage(stage) if stage else None
    code = period_code(period) if period else None
    with session() as s:
        rows = record_service.list_documents(
            session=s, organisation=org, cycle=cycle, latest_only=not all_versions,
            stage=chosen, period=code, search=search,
        )  # fmt: skip
    output.print_documents(console, rows)


def docs_open(
    doc_id: Annotated[int, typer.Argument(help="Nomor dokumen dari 'siklus docs list'.")],
    markdown: Annotated[bool, typer.Option("--markdown", help="Cetak Markdown ke layar.")] = False,
) -> None:
    """Buka dokumen di peramban (atau cetak Markdown-nya dengan --markdown).

    Contoh: siklus docs open 3
    """
    from policy.services import records as record_service

    with session() as s:
        doc = record_service.get_document(session=s, doc_id=doc_id)
    if markdown:
        typer.echo(doc.md_file.read_text(encoding="utf-8"))
        return
    console.print(f"{doc.title}: {doc.html_file}", markup=False)
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        webbrowser.open(doc.html_file.as_uri())


def docs_pdf(
    doc_ids: Annotated[
        list[int],
        typer.Argument(
            help="Nomor dokumen dari 'siklus docs list' (satu atau lebih); tanpa nomor: "
            "dokumen yang disaring --stage, --period, --cari dan --locale.",
            metavar="NOMOR",
            show_default=False,
            default_factory=list,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Berkas PDF (satu dokumen) atau folder (bawaan: folder ini, nama berkas "
            "HTML-nya dengan .pdf).",
            metavar="BERKAS|FOLDER",
        ),
    ] = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    stage: DocStageOpt = None,
    period: DocPeriodOpt = None,
    search: DocSearchOpt = "",
    locale: Annotated[
        str | None, typer.Option("--locale", help="Dokumen berbahasa ini saja: id atau en.")
    ] = None,
) -> None:
    """Tulis dokumen sebagai PDF untuk dikirim atau ditandatangani elektronik (TTE).

    PDF dibuat dari berkas HTML dokumen yang terdaftar (sha256-nya dicocokkan dulu) dengan
    mesin cetak Chromium, sehingga halaman A4, margin dan orientasinya sama dengan yang dicetak
    peramban. PDF tidak didaftarkan; dokumen resminya tetap berkas HTML di daftar dokumen.
    Memerlukan Chromium (apt-get install chromium, atau SIKLUS_CHROMIUM).

    Tanpa nomor dokumen, saringan --stage, --period, --cari dan --locale memilih versi
    terbaru dokumen siklus (seperti 'siklus docs list'), mis. lembar hasil setiap unit untuk
    dikirim kepada kepala unitnya; sekitar setengah detik per dokumen.

    Contoh: siklus docs pdf 12

    Contoh: siklus docs pdf 12 13 14 --out kirim/

    Contoh: siklus docs pdf --period 2026-TW3 --cari lembar-unit --locale id --out kirim/
    """
    from policy.services import records as record_service

    ids = list(doc_ids)
    filtered = bool(stage or period or search.strip() or locale)
    if ids and filtered:
        raise ServiceError(
            "Pilih dokumen dengan nomornya atau dengan saringan (--stage, --period, --cari, "
            "--locale), tidak keduanya."
        )
    if not ids and not filtered:
        raise ServiceError(
            "Sebutkan nomor dokumen (lihat: siklus docs list) atau saringannya, mis. "
            "--period 2026-TW3 --cari lembar-unit."
        )
    with session() as s:
        if filtered:
            language = parse_locales([locale])[0] if locale else None
            rows = record_service.list_documents(
                session=s, organisation=org, cycle=cycle, stage=parse_stage(stage) if stage
                else None, period=period_code(period) if period else None, search=search,
            )  # fmt: skip
            ids = [r.id for r in rows if language is None or r.locale == language]
            if not ids:
                raise ServiceError("Tidak ada dokumen yang cocok dengan saringan itu.")
        one_file = out is not None and out.suffix.lower() == ".pdf"
        if one_file and len(ids) > 1:
            raise ServiceError(
                f"--out {out} adalah satu berkas, tetapi {len(ids)} dokumen dipilih; "
                "tulis sebuah folder, mis. --out kirim/"
            )
        for doc_id in ids:
            doc, target = record_service.export_pdf(
                session=s,
                doc_id=doc_id,
                target=out if one_file else None,
                folder=Path() if one_file or out is None else out,
            )
            console.print(f"#{doc_id} {doc.title}: {target}", markup=False, soft_wrap=True)
    if len(ids) > 1:
        console.print(f"{len(ids)} PDF ditulis.")


def docs_verify(org: OrgOpt = None, cycle: CycleOpt = None) -> None:
    """Periksa setiap dokumen terdaftar: berkasnya masih yang diterbitkan.

    Untuk setiap versi setiap dokumen organisasi (atau satu siklus dengan --cycle): berkas
    HTML-nya harus ada di folder dokumen dengan sha256 yang tercatat di jejak audit saat
    diterbitkan, daftar dokumen harus masih mencatat sha256 itu, dan berkas Markdown-nya
    harus cocok dengan daftar. Berkas di folder dokumen organisasi yang tidak terdaftar
    disebutkan tersendiri (bukan dokumen resmi). Keluar dengan kode 1 bila ada dokumen yang
    hilang atau berubah. Rantai hash jejak audit sendiri diperiksa dengan siklus audit verify.

    Contoh: siklus docs verify

    Contoh: siklus docs verify --cycle 2
    """
    from policy.services import records as record_service

    with session() as s:
        result = record_service.verify_documents(session=s, organisation=org, cycle=cycle)
    docs = format_number(result.documents, 0)
    if result.ok:
        console.print(
            f"Dokumen utuh: {docs} dokumen terdaftar ({format_number(result.files, 0)} berkas) "
            "cocok dengan daftar dokumen dan jejak audit."
        )
    else:
        err.print(
            f"[red]Dokumen TIDAK UTUH[/red]: {format_number(len(result.problems), 0)} masalah "
            f"pada {docs} dokumen terdaftar:",
            markup=True,
        )
        for p in result.problems:
            err.print(
                f"  - #{p.id} {p.title} ({p.locale}, versi {p.version}): {p.problem}",
                markup=False,
                soft_wrap=True,
            )
    if result.unregistered:
        console.print(
            f"{format_number(len(result.unregistered), 0)} berkas di folder dokumen tidak "
            "terdaftar (bukan dokumen resmi):"
        )
        for name in result.unregistered:
            console.print(f"  - {name}", markup=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)


def docs_relocate(
    old: Annotated[
        Path,
        typer.Argument(
            help="Folder dokumen lama, tempat dokumen itu diterbitkan (mis. "
            "/srv/siklus-lama/documents).",
            show_default=False,
            metavar="LAMA",
        ),
    ],
    org: OrgOpt = None,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Ubah daftar dokumen (admin); tanpa ini hanya diperiksa."),
    ] = False,
    as_: AsOpt = None,
) -> None:
    """Arahkan dokumen yang terdaftar di folder lama ke folder dokumen sekarang.

    Daftar dokumen mencatat jalur relatif terhadap folder dokumen, sehingga folder data yang
    dipindah utuh tetap membawa dokumennya. Dokumen yang terdaftar sebelum itu dengan jalur
    lengkap ke folder lama (basis data yang baru dimutakhirkan sesudah folder datanya
    dipindah, atau dokumen yang diterbitkan saat SIKLUS_DATA_DIR menunjuk folder lain)
    terbaca hilang oleh siklus docs verify. Perintah ini mencari dokumen organisasi yang
    jalurnya di bawah folder LAMA dan, dengan --apply, mencatat jalurnya relatif sehingga
    dibaca di folder dokumen sekarang: hanya dokumen yang kedua berkasnya (HTML dan
    Markdown) ada di sana; yang lain tetap dan disebutkan. Tidak ada berkas atau hash yang
    berubah; perubahan daftar dicatat di jejak audit (documents.relocated). Sesudahnya
    periksa dengan siklus docs verify.

    Contoh: siklus docs relocate /srv/siklus-lama/documents

    Contoh: siklus docs relocate /srv/siklus-lama/documents --apply --as admin
    """
    from policy.services import document_relocation

    with session() as s:
        result = document_relocation.relocate(
            session=s, organisation=org, old=old, actor=actor(as_) if apply else "", apply=apply
        )
    found, movable = format_number(result.found, 0), format_number(result.movable, 0)
    if not result.found:
        console.print(f"Tidak ada dokumen terdaftar di {result.old}.", markup=False)
        return
    done = "kini dibaca" if result.applied else "dapat dibaca"
    console.print(
        f"{found} dokumen terdaftar di {result.old}; {movable} {done} di folder dokumen "
        f"sekarang ({result.folder}).",
        markup=False,
        soft_wrap=True,
    )
    if result.left:
        console.print(
            f"{format_number(result.left, 0)} dokumen tetap, berkasnya tidak ada di folder "
            "dokumen sekarang:",
            markup=False,
        )
        for name in result.missing:
            console.print(f"  - {name}", markup=False, soft_wrap=True)
        if result.left > len(result.missing):
            rest = format_number(result.left - len(result.missing), 0)
            console.print(f"  … dan {rest} lainnya", markup=False)
    if result.applied:
        console.print("Periksa berkasnya: siklus docs verify", markup=False)
    elif result.movable:
        console.print(
            "Belum ada yang diubah; ubah daftar dokumen dengan --apply --as ADMIN.", markup=False
        )


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
        err.print(f"  - {problem}", markup=False)
    raise typer.Exit(1)


def audit_log(
    limit: Annotated[int, typer.Option("--limit", min=1, help="Jumlah peristiwa terakhir.")] = 30,
) -> None:
    """Tampilkan peristiwa audit terakhir.

    Contoh: siklus audit log --limit 50
    """
    from policy.services import records as record_service

    with session() as s:
        events = record_service.recent_events(session=s, limit=limit)
    output.print_events(console, events)
