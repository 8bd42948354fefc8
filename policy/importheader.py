"""The header of an imported file: where it is, which of its columns are the format's.

Layer: domain (pure). `policy.importrows` finds the header here (`find_header`) and binds it
to a `TableFormat` (`match_header`): each known column found once, the required ones all
there, the unknown ones warned about. The resulting `Plan` keeps the header as written, so
that every message names a column as the file names it; `Source` says how messages name
the file (a CSV file, or a workbook's sheet and its other sheets).

The header is the first record with text, unless that record names no column of the
format: reports exported from Excel often open with a title ("DATA PEGAWAI DINAS X 2026")
above the header. The header is then the first of the next records (`HEADER_ROWS` with text
in all) that holds every required column, else the one naming most columns
(`header_index`). Rows above it that hold one cell each are titles: they are skipped, and
a warning quotes them. Any other row above it might be data: the file is refused, naming
the header's line and the rows to remove, rather than a row being dropped unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Final

from policy.importerrors import BadRecord, Report
from policy.importschema import normalise_header
from policy.importtables import Column, TableFormat

__all__ = [
    "HEADER_ROWS",
    "Plan",
    "Source",
    "cell_name",
    "find_header",
    "header_index",
    "match_header",
]

#: Records with text looked at for the header when the first one names no column.
HEADER_ROWS: Final = 10
_SNIPPET: Final = 60  # characters of a title quoted in a warning
_CLOSE: Final = 0.85  # similarity above which an unknown header is taken for a missing column
_PREFIX_MIN: Final = 3  # letters a column's name has, at least, to be recognised as a prefix

Record = tuple[int, list[str]]  # (line or sheet row, cells)


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
    line: int = 0  # the header's line (or sheet row)
    spill: str = Source.spill  # what to check when a record has more cells than the header
    width: int = field(init=False)  # cells up to the header's last named one
    # Empty header cells between named ones: the cells under them must be empty too, or
    # their text would be dropped unseen. (An empty first header cell, over row numbers,
    # is left alone.)
    unheaded: list[int] = field(init=False)

    def __post_init__(self) -> None:
        named = [i for i, cell in enumerate(self.header) if cell]
        self.width = named[-1] + 1 if named else 0
        first = named[0] if named else 0
        self.unheaded = [i for i in range(first, self.width) if not self.header[i]]

    def spills(self, records: Sequence[list[str]]) -> bool:
        """Whether any record has text beyond the header's last column."""
        width = self.width
        return any(any(map(str.strip, cells[width:])) for cells in records if len(cells) > width)

    def spilled(self, cells: list[str]) -> str:
        """The error of a record with text beyond the header's last column."""
        filled = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
        extra = next(i for i in range(self.width, len(cells)) if cells[i].strip())
        return (
            f"berisi {filled} sel, judul kolom hanya {self.width}: sel ke-{extra + 1} "
            f"('{_clip(cells[extra], 40)}') tidak punya judul kolom; {self.spill}"
        )

    def under_no_header(self, records: Sequence[list[str]]) -> bool:
        """Whether any record has text under an empty header cell (`unheaded`)."""
        unheaded = self.unheaded
        return any(any(cells[i].strip() for i in unheaded if i < len(cells)) for cells in records)

    def no_header(self, cells: list[str]) -> list[tuple[str, str]]:
        """The errors of a record with text under empty header cells: (cell's name, message).

        A cell's name ("ke-3") names no field: the report shows it as the column.
        """
        return [
            (
                f"ke-{i + 1}",
                f"sel ini berisi '{_clip(cells[i], 40)}', tetapi kolomnya tidak punya judul "
                f"kolom (sel judulnya di baris {self.line} kosong), sehingga isinya tidak "
                "terbaca; beri judul kolom itu, atau kosongkan selnya",
            )
            for i in self.unheaded
            if i < len(cells) and cells[i].strip()
        ]


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
    plan = Plan(header=[cell.strip() for cell in header], line=line, spill=source.spill)
    informative = {normalise_header(name) for name in fmt.informative}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        text = cell.strip()
        column = fmt.headers.get(normalise_header(text)) if text else None
        if column is None:
            if text and normalise_header(text) not in informative:
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
    ignored = []
    for text in unknown:
        meant = _meant(fmt, text, plan.names)
        if meant is None:
            ignored.append(text)
            continue
        report.add(
            line,
            text,
            f"judul kolom ini tidak dikenal, tetapi mirip kolom '{meant.name}' yang tidak ada "
            f"di {source.place}; bila isinya {meant.name}, ganti judulnya menjadi "
            f"'{meant.name}', bila bukan, hapus kolom ini (isinya tidak akan diimpor)",
        )
    if ignored:
        warnings.append(f"kolom tidak dikenal diabaikan: {', '.join(ignored)}")
    plan.names.update({c.field: c.name for c in fmt.columns if c.field not in plan.names})
    return plan


def _meant(fmt: TableFormat[Any], text: str, found: dict[str, str]) -> Column | None:
    """The format's column an unknown header seems to mean, among those not in the file.

    "NIP Atasan Langsung" means `nip_atasan`, "Waktu Respon (Jam)" `waktu_respons_jam`:
    a header that begins with a column's name (or an alias), or is spelled within a few
    letters of it. Ignoring such a column would drop what it holds, and an upsert would
    keep the stored values unseen, so the file is refused instead. Only optional columns
    are candidates: a missing required one is an error of its own, which lists the
    file's columns; and a column already in the file is not, so an export's extra
    columns beside it are ignored.
    """
    key = normalise_header(text)
    candidates = [c for c in fmt.columns if not c.required and c.field not in found]
    for column in candidates:
        for name in (column.name, *column.aliases):
            known = normalise_header(name)
            if len(known) >= _PREFIX_MIN and key.startswith(known + "_"):
                return column
            if SequenceMatcher(None, key, known).ratio() >= _CLOSE:
                return column
    return None


def header_index(fmt: TableFormat[Any], rows: Sequence[Sequence[str]]) -> int:
    """Which of `rows` (the first records with text, in order) is the header.

    The first, unless it names no column of the format; then the first holding every
    required column, else the one naming most columns if only titles stand above it (its
    missing columns are then reported at its line). Otherwise the first: a header with
    every name misspelt is reported as such, not taken for rows above a data row.
    """
    counts = [len(_fields(fmt, cells)) for cells in rows[:HEADER_ROWS]]
    if not counts or counts[0]:
        return 0
    required = {c.field for c in fmt.columns if c.required}
    for at, cells in enumerate(rows[:HEADER_ROWS]):
        if required <= _fields(fmt, cells):
            return at
    best = max(range(len(counts)), key=lambda at: (counts[at], -at))
    return best if all(map(_title, rows[:best])) else 0


def find_header(
    fmt: TableFormat[Any],
    records: Iterable[list[Record]],
    report: Report,
    warnings: list[str],
    source: Source,
) -> tuple[int, list[str], list[Record]]:
    """The header's line and cells, and the records read after it (see the module's docstring).

    Reads `records` (lists of records) only as far as it must; the caller reads on from
    where it stopped. Title rows above the header are skipped with a warning.

    Raises:
        ImportFileError: no record has text, the header is a record the reader could not
            read, or rows that are no title stand above the header.
    """
    read: list[Record] = []
    texts: list[int] = []  # positions in `read` of the records with text
    for chunk in records:
        start = len(read)
        read.extend(chunk)
        for at in range(start, len(read)):
            cells = read[at][1]
            if cells.__class__ is BadRecord or any(map(str.strip, cells)):
                texts.append(at)
        if texts and (_settled(fmt, read[texts[0]][1]) or len(texts) >= HEADER_ROWS):
            break
    if not texts:
        report.add(0, None, f"{source.place} kosong: baris judul kolom tidak ditemukan")
        raise report.fail()
    at = texts[0]
    if not _settled(fmt, read[at][1]):
        at = texts[header_index(fmt, [read[i][1] for i in texts])]
    line, header = read[at]
    if isinstance(header, BadRecord):
        report.add(line, cell_name([], header.cell), header.message)
        raise report.fail()
    above = [read[i] for i in texts if i < at]
    if not all(_title(cells) for _, cells in above):
        first = above[0][0]
        report.add(
            first,
            None,
            f"baris ini bukan judul kolom {fmt.title}: judul kolomnya ada di baris {line}. "
            f"Hapus baris {first} sampai {line - 1} di atas judul kolom (judul laporan, "
            "keterangan), lalu impor ulang",
        )
        raise report.fail()
    if above:
        titles = ", ".join(
            f"baris {n} '{_clip(' '.join(_text(cells).split()))}'" for n, cells in above
        )
        warnings.append(
            f"baris di atas judul kolom (baris {line}) dilewati sebagai judul: {titles}"
        )
    return line, header, read[at + 1 :]


def _title(cells: Sequence[str]) -> bool:
    """Whether a row above the header is a title: one filled cell (a BadRecord has none)."""
    return sum(1 for cell in cells if cell.strip()) == 1


def _settled(fmt: TableFormat[Any], cells: list[str]) -> bool:
    """Whether the first record with text is the header whatever follows it."""
    return cells.__class__ is BadRecord or bool(_fields(fmt, cells))


def _fields(fmt: TableFormat[Any], cells: Sequence[str]) -> set[str]:
    """The format's fields that `cells` name as headers."""
    headers = fmt.headers
    return {headers[key].field for cell in cells if (key := normalise_header(cell)) in headers}


def _text(cells: list[str]) -> str:
    return next(cell.strip() for cell in cells if cell.strip())


def _clip(text: str, size: int = _SNIPPET) -> str:
    text = text.strip()
    return text if len(text) <= size else text[: size - 1] + "…"
