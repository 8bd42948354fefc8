"""The header of an imported file: which of its columns are the format's, and how to say where.

Layer: domain (pure). `policy.importrows` binds the first record with text to a
`TableFormat` here (`match_header`): each known column found once, the required ones all
there, the unknown ones warned about. The resulting `Plan` keeps the header as written, so
that every message names a column as the file names it; `Source` says how messages name
the file (a CSV file, or a workbook's sheet and its other sheets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policy.importerrors import Report
from policy.importschema import Column, TableFormat, normalise_header

__all__ = ["Plan", "Source", "cell_name", "match_header"]


@dataclass(frozen=True)
class Source:
    """How messages name where the records come from (a CSV file, a workbook's sheet)."""

    place: str = "berkas"  # "berkas", or "lembar 'Data'"
    note: str = ""  # said after a missing column (e.g. the workbook's other sheets)
    spill: str = "periksa pemisah (; atau ,) atau tanda kutip"  # a record wider than the header


@dataclass
class Plan:
    """How the columns of one file are read."""

    columns: dict[str, tuple[int, Column]] = field(default_factory=dict)  # field -> index, column
    names: dict[str, str] = field(default_factory=dict)  # field -> header as written in the file
    positions: dict[str, int] = field(default_factory=dict)  # field -> column index in the file
    header: list[str] = field(default_factory=list)  # the header's cells, stripped
    spill: str = Source.spill  # what to check when a record has more cells than the header


def cell_name(header: list[str], cell: int | None) -> str | None:
    """The header of cell `cell` as the file writes it; "ke-N" for a cell without one."""
    if cell is None:
        return None
    return header[cell] if cell < len(header) and header[cell] else f"ke-{cell + 1}"


def match_header(
    fmt: TableFormat[Any],
    line: int,
    header: Sequence[str],
    report: Report,
    warnings: list[str],
    source: Source,
) -> Plan:
    """Bind the file's columns to the format's; report missing and repeated columns."""
    plan = Plan(header=[cell.strip() for cell in header], spill=source.spill)
    unknown: list[str] = []
    for index, cell in enumerate(header):
        text = cell.strip()
        column = fmt.headers.get(normalise_header(text)) if text else None
        if column is None:
            if text:
                unknown.append(text)
            continue
        if column.field in plan.names:
            first = plan.names[column.field]
            report.add(line, text, f"kolom ini sama dengan kolom '{first}'; hapus salah satu")
            continue
        plan.names[column.field] = text
        plan.positions[column.field] = index
        plan.columns[column.field] = (index, column)
    missing = [c.name for c in fmt.columns if c.required and c.field not in plan.names]
    if missing:
        found = [cell.strip() for cell in header if cell.strip()]
        where = "" if source.place == "berkas" else f" di {source.place}"
        report.add(
            line,
            None,
            f"kolom wajib untuk {fmt.title} tidak ditemukan{where}: {', '.join(missing)}. "
            f"Kolom yang ada di {source.place}: {', '.join(found) or '(tidak ada)'}{source.note}",
        )
    if unknown:
        warnings.append(f"kolom tidak dikenal diabaikan: {', '.join(unknown)}")
    plan.names.update({c.field: c.name for c in fmt.columns if c.field not in plan.names})
    return plan
