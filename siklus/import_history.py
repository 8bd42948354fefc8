"""`siklus imports`: the imports of an organisation, and taking one back.

Layer: shell over `policy.services.import_history`. Quick commands: plain database
calls, no Prefect.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from siklus.bahasa import SiklusTyper
from siklus.common import AsOpt, OrgOpt, actor, console, friendly, session

imports_app = SiklusTyper(
    help="Riwayat impor: daftar berkas yang diimpor, dan pembatalan impor SKM, pengaduan, "
    "permohonan layanan atau jawaban kuesioner kebutuhan ASN daring (diaudit).",
    no_args_is_help=True,
)


@imports_app.command("list")
@friendly
def imports_list(
    org: OrgOpt = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Hanya impor jenis ini, mis. skm.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Jumlah impor terakhir.")] = 50,
) -> None:
    """Daftar impor terakhir: nomor, waktu, jenis, berkas, jumlah baris, pelaku.

    Di bawah daftar: nomor impor yang dapat dibatalkan dengan 'siklus imports undo'
    (jawaban SKM, pengaduan, permohonan layanan, dan jawaban kuesioner kebutuhan ASN daring
    sehari).

    Contoh: siklus imports list --kind skm
    """
    from policy.locale import format_number, to_local
    from policy.services.import_history import list_imports
    from policy.settings import get_settings

    with session() as s:
        rows = list_imports(session=s, organisation=org, kind=kind, limit=limit)
    if not rows:
        console.print("Belum ada impor" + (f" jenis {kind}." if kind else "."))
        return
    tz = get_settings().timezone
    table = Table()
    for name in ("#", "Waktu", "Jenis", "Berkas", "Baris", "Pelaku"):
        fixed = name in ("#", "Waktu", "Baris")
        table.add_column(
            name, overflow="fold", no_wrap=fixed, justify="right" if name == "Baris" else "left"
        )
    for r in rows:
        table.add_row(
            str(r.id),
            f"{to_local(r.at, tz):%d-%m-%Y %H.%M}",
            r.kind + (f" ({_scope(r.scope)})" if r.scope else ""),
            escape(r.filename),
            format_number(r.rows, 0),
            escape(r.actor),
        )
    console.print(table)
    undoable = [str(r.id) for r in rows if r.undoable]
    if undoable:
        console.print(
            f"Dapat dibatalkan (siklus imports undo NOMOR --reason …): #{', #'.join(undoable)}."
        )


def _scope(scope: str) -> str:
    """What an import belongs to, in words: 'cycle-1-v3' as 'siklus 1, v3'.

    'survei-2', a day's answers of an online survey (`siklus survey`, `siklus
    needs-survey`), reads 'survei daring'.
    """
    parts = scope.split("-")
    if parts[:1] == ["survei"]:
        return "survei daring"
    if parts[:1] != ["cycle"] or len(parts) < 2:
        return scope
    return ", ".join([f"siklus {parts[1]}", *parts[2:]])


@imports_app.command("undo")
@friendly
def imports_undo(
    import_id: Annotated[int, typer.Argument(help="Nomor impor dari 'siklus imports list'.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Mengapa impor dibatalkan (dicatat di jejak audit).")
    ],
    org: OrgOpt = None,
    as_: AsOpt = None,
) -> None:
    """Batalkan impor jawaban SKM, pengaduan atau permohonan layanan (semua barisnya; diaudit).

    Untuk berkas yang keliru atau terimpor dua kali. Catatan impornya ikut dihapus,
    sehingga berkas yang sama dapat diimpor lagi setelah diperbaiki. Baris yang bertanggal
    dalam periode evaluasi yang sedang ditinjau atau sudah disetujui pimpinan tidak dapat
    dibatalkan. Jawaban kuesioner kebutuhan ASN daring sehari (survei-daring-UNIT-TANGGAL)
    juga dapat dibatalkan, sampai analisis kebutuhan siklusnya disetujui pimpinan. Impor
    jenis lain memperbarui data yang tersimpan: perbaiki berkasnya dan impor lagi.

    Contoh: siklus imports undo 12 --reason "ekspor ulang September" --as rina
    """
    from policy.locale import format_number
    from policy.services.import_history import undo_import

    with session() as s:
        done = undo_import(
            session=s, organisation=org, import_id=import_id, actor=actor(as_), reason=reason
        )
    console.print(
        f"Impor #{done.import_id} ({escape(done.filename)}, {done.kind}) dibatalkan: "
        f"{format_number(done.removed, 0)} baris dihapus."
    )
