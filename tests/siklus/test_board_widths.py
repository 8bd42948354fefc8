"""The board's columns: a short column gets all it wants before long ones share the rest."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from siklus.output import _shared, fit_columns


def test_short_columns_are_served_first() -> None:
    # The title wants 16 more, the status 4, the documents 75: the two short ones get
    # all of it, the long ones share what is left by what they want.
    assert _shared([10, 5, 8, 12, 20], [26, 9, 30, 70, 95], 200) == [26, 9, 30, 56, 78]
    assert sum(_shared([10, 5, 8, 12, 20], [26, 9, 30, 70, 95], 120)) <= 120


def test_a_stage_title_stays_on_one_line_beside_long_documents() -> None:
    console = Console(file=io.StringIO(), width=140, color_system=None)
    table = Table(show_lines=True)
    for name in ("Tahap", "Status", "Dijalankan", "Keputusan", "Dokumen"):
        table.add_column(name, overflow="fold")
    documents = "\n".join(
        f"#{n} Undangan: Forum Diskusi ASN Perangkat Daerah dan Sekolah Nomor {n} (id)"
        for n in range(3, 9)
    )
    rows = [("Forum Pemangku Kepentingan", "disetujui", "desi.anggraini",
             "disetujui oleh zulkarnain.effendi", documents)]  # fmt: skip
    fit_columns(console, table, rows)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert any("Forum Pemangku Kepentingan" in line for line in out.splitlines()), out
    assert max(len(line) for line in out.splitlines()) <= 140
