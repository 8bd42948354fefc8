"""Reading the records of a tabular file into typed rows, with every error collected.

Layer: domain (pure, no IO of its own): `policy.imports` opens CSV and XLSX files and hands
their records here as (line, cells). The header is bound to a `TableFormat`
(`policy.importheader`); then each record is parsed, checked and de-duplicated. Rows stream
out one by one, so a file of any size is read in constant memory; after the first bad row the
valid rows come out as `CheckOnly` lists (to check against the database, never to write),
and the report lists every error (the first `MAX_ERRORS`, all counted; the error types are
in `policy.importerrors`). A record with
more filled cells than the header has columns is refused (a delimiter inside a value, a
decimal comma in a comma-separated file), so is one with text under an empty header cell
between named ones (it would be dropped unseen), and a record the file reader could not
read (a `BadRecord`) is reported where it says.

Speed: most cells repeat (dates, codes, scores, ratings), so each column keeps a memo of raw
text -> parsed value, and a record whose memoised cells were all seen before is resolved by
C-level dictionary lookups; only the columns that cannot repeat (NIP, names, free text) are
parsed per record. A record with any problem is parsed again cell by cell, which gives the
exact errors.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import chain, compress, repeat
from operator import and_, is_, is_not
from typing import Any, Final

from policy import importkeys
from policy.importbounds import Bounds
from policy.importerrors import BadRecord, CheckOnly, NumberText, Report, RowError
from policy.importheader import Plan, Source, cell_name, find_header, match_header
from policy.importkeys import MISS, ConsistentIndex, UniqueIndex, key_getter
from policy.importschema import REQUIRED
from policy.importtables import Column, TableFormat
from policy.nip import EXCEL_HINT

__all__ = ["CHUNK", "chunked", "plain_row", "read_chunks"]

_MEMO_LIMIT: Final = 1 << 18  # distinct values a column remembers (a 360 file: ~160,000 raters)
_MISS: Final = MISS  # a cell that failed to parse
_WAJIB: Final = "wajib diisi"

Records = Generator[tuple[int, list[str]], None, None]  # (line or sheet row, cells)
RecordChunks = Generator[list[tuple[int, list[str]]], None, None]  # records in lists
Failed = list[tuple[str | None, str]]  # (field or None for the row, message)


def read_chunks(
    fmt: TableFormat[Any],
    records: RecordChunks,
    report: Report,
    warnings: list[str],
    make: Callable[..., Any],
    reopen: Callable[[], RecordChunks] | None = None,
    headers: dict[str, str] | None = None,
    source: Source = Source(),  # noqa: B008 (frozen)
    bounds: Bounds | None = None,
) -> Iterator[list[Any]]:
    """Match the header, then yield lists of `make(line, *values)`, one per valid record.

    The rows come in the lists the records were checked in (`CHUNK` records each): a
    province's file is handed on a few thousand rows at a time, not row by row.

    Every record is read and its errors are added to `report`; the caller raises
    `report.fail()` at the end. Once a record has failed, the valid rows still come, in
    `CheckOnly` lists: the caller checks them against the database but writes none.
    `reopen` reads the records again from the start: given, the check of unique keys keeps
    only hashes once it holds `COMPACT_AFTER` keys, and confirms a repeated hash by
    reading the file again (see `UniqueIndex`). `headers`, given, receives each column's
    name with its header as the file writes it, once the header is matched. `source` says
    how messages name the file or sheet. `bounds`, given, checks the cells of the columns
    with a `bound` against the import's facts (`policy.importbounds`).
    """
    header_line, header, rest = find_header(fmt, records, report, warnings, source)
    plan = match_header(fmt, header_line, header, report, warnings, source)
    if report.total:
        raise report.fail()
    if headers is not None:  # each column's name -> its header as written in the file
        headers.update({c.name: plan.names[c.field] for c in fmt.columns})
    reader = _Reader(fmt, plan, bounds)
    fields, positions, names = reader.fields, plan.positions, plan.names
    limit = COMPACT_AFTER if reopen is not None else None
    uniques = [UniqueIndex(u, [fields.index(f) for f in u.fields], limit) for u in fmt.unique]
    agree_limit = importkeys.CONSISTENT_COMPACT_AFTER if reopen is not None else None
    agreeing = [
        ConsistentIndex(c, [fields.index(f) for f in c.fields], fields.index(c.value), agree_limit)
        for c in fmt.consistent
    ]
    count = 0
    clean = True  # no bad row yet: rows are yielded to be written
    for chunk in chain([rest] if rest else [], records):
        fast = reader.parse_chunk(chunk, uniques, agreeing, make)
        if fast is not None:  # every record valid: resolved column-wise, in C
            report.line = chunk[-1][0]
            report.rows += len(fast)
            count += len(fast)
            yield fast if clean else CheckOnly(fast)
            continue
        rows: list[Any] = [] if clean else CheckOnly()
        for line, cells in chunk:  # record by record: the exact errors
            report.line = line
            if isinstance(cells, BadRecord):
                report.add(line, cell_name(plan.header, cells.cell), cells.message)
                report.bad_rows += 1
                count += 1
                if clean:
                    clean = False
                    if rows:
                        yield rows
                    rows = CheckOnly()
                continue
            parsed = reader.parse(cells)
            if parsed is None:
                continue  # an empty line, or one with text only in ignored columns
            values, failed = parsed
            for index in uniques:
                first = index.repeat(values, failed, line)
                if first is not None:
                    failed = failed or []
                    message = index.message(index.key_of(values), first)
                    failed.append((index.unique.fields[-1], message))
            for agree in agreeing:
                clash = agree.clash(values, failed, line)
                if clash is not None:
                    failed = failed or []
                    failed.append((agree.rule.value, clash))
            count += 1
            if not failed:
                report.rows += 1
                rows.append(make(line, *values))
                continue
            report.bad_rows += 1
            failed.sort(key=lambda item: positions.get(item[0] or "", reader.width))
            for where, message in failed:
                report.add(line, names.get(where, where) if where is not None else None, message)
            if clean:  # the rows before it may be written, none after it
                clean = False
                if rows:
                    yield rows
                rows = CheckOnly()
        if rows:
            yield rows
    if not count:
        warnings.append("berkas tidak berisi baris data")
    doubts = any(index.suspects for index in uniques) or any(a.suspects for a in agreeing)
    if reopen is not None and doubts:
        _confirm_repeats(reader, uniques, agreeing, reopen, header_line, report)


#: Records read and checked together when they are all valid (see `_Reader.parse_chunk`).
CHUNK: Final = 2048


def plain_row(line: int, *values: Any) -> tuple[Any, ...]:
    """A row as a plain tuple (line, *values): what a read-ahead child sends (see `RowStream`)."""
    return (line, *values)


def chunked(records: Records) -> RecordChunks:
    """The records in lists of `CHUNK`; the records read before a reading error come first."""
    chunk: list[tuple[int, list[str]]] = []
    try:
        for record in records:
            chunk.append(record)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk  # checked, then the error goes on to the caller
        raise
    if chunk:
        yield chunk


#: Keys a unique check holds exactly before it keeps only their hashes (about 40 MB).
COMPACT_AFTER: Final = 200_000


def _confirm_repeats(
    reader: _Reader,
    uniques: list[UniqueIndex],
    agreeing: list[ConsistentIndex],
    reopen: Callable[[], RecordChunks],
    header_line: int,
    report: Report,
) -> None:
    """Read the file again; report the suspected repeats and disagreements that are real."""
    candidates: dict[int, list[tuple[int, tuple[Any, ...], bool]]] = {}
    wanted = [index for index in uniques if index.suspects]
    doubted = [index for index in agreeing if index.suspects]
    records = reopen()
    try:
        for line, cells in chain.from_iterable(records):
            if line <= header_line or cells.__class__ is BadRecord:
                continue
            parsed = reader.parse(cells)
            if parsed is None:
                continue
            values, failed = parsed
            for n, index in enumerate(wanted):
                key = index.key(values, failed)
                if key is not None and hash(key) in index.suspects:
                    candidates.setdefault(n, []).append((line, key, bool(failed)))
            for agree in doubted:
                agree.note(line, values, failed)
    finally:
        records.close()
    found: list[RowError] = []
    bad = 0
    for agree in doubted:
        errors, newly_bad = agree.confirmed(reader.plan.names[agree.rule.value])
        found.extend(errors)
        bad += newly_bad
    for n, rows in candidates.items():
        index = wanted[n]
        seen: dict[tuple[Any, ...], int] = {}
        column = reader.plan.names[index.unique.fields[-1]]
        for line, key, was_bad in rows:
            first = seen.setdefault(key, line)
            if first != line:
                found.append(RowError(line, column, index.message(key, first)))
                bad += not was_bad
    report.merge(found, bad)


def _filled(parts: list[list[Any]]) -> list[bool] | None:
    """Which rows of a chunk have every one of these columns filled; None: all of them.

    A key with an empty field (None) takes no part in a unique or consistency check.
    """
    nullable = [part for part in parts if None in part]
    if not nullable:
        return None
    keep = list(map(is_not, nullable[0], repeat(None)))
    for part in nullable[1:]:
        keep = list(map(and_, keep, map(is_not, part, repeat(None))))
    return keep


class _Reader:
    """Resolves one record's cells into values in the row type's field order."""

    def __init__(self, fmt: TableFormat[Any], plan: Plan, bounds: Bounds | None = None) -> None:
        self.fields: list[str] = list(fmt.field_names)
        by_field = {c.field: c for c in fmt.columns}
        self.memos: list[dict[str, Any]] = []
        # (field position, cell index, column, memo, keeps only the last value)
        self.present: list[tuple[int, int, Column, dict[str, Any], bool]] = []
        indexes: list[int] = []
        for j, name in enumerate(self.fields):
            memo: dict[str, Any] = {}
            if name in plan.columns:
                index, column = plan.columns[name]
                if bounds is not None:  # its parser, then the check of its bound
                    column = bounds.apply(column)
                # Columns that do not repeat (NIP, names, free text) remember only the last
                # cell: a NIP repeated on consecutive lines is parsed once.
                last_only = not column.memo or column.text_only
                self.present.append((j, index, column, memo, last_only))
            else:  # not in the file: the appended empty cell maps to the column's empty value
                index = -1
                memo[""] = by_field[name].empty
            indexes.append(index)
            self.memos.append(memo)
        self.indexes = indexes
        self.columns = {
            j: (column, memo, last_only) for j, _i, column, memo, last_only in self.present
        }
        self.pick = key_getter(indexes)
        self.misses = list(repeat(_MISS, len(self.fields)))
        self.plan = plan
        self.width = max(plan.positions.values()) + 1
        # Cells beyond the header's last column must be empty (Excel writes trailing
        # delimiters when some row is wider than the others).
        self.header_width = plan.width
        self.check = fmt.check
        self.check_columns = fmt.check_columns if fmt.check is not None else None
        # (field, source field, `when` field, its value): see `importtables.Fill`.
        self.fills = [
            (self.fields.index(f.field), self.fields.index(f.source), self.fields.index(f.when),
             f.value)
            for f in fmt.fills
        ]  # fmt: skip

    def parse(self, cells: list[str]) -> tuple[list[Any], Failed | None] | None:
        """A record's values and problems (None: no problem), or None for an empty line."""
        if len(cells) > self.header_width and any(map(str.strip, cells[self.header_width :])):
            return list(self.misses), [(None, self.plan.spilled(cells))]
        if self.plan.unheaded and self.plan.under_no_header([cells]):
            return list(self.misses), list(self.plan.no_header(cells))
        if len(cells) < self.width:
            cells = [*cells, *([""] * (self.width - len(cells)))]
        cells.append("")  # the cell of every column the file does not have
        failed: Failed | None = None
        try:  # the common case, all in C: every cell is found in its column's memo
            values: list[Any] = list(map(dict.__getitem__, self.memos, self.pick(cells)))
        except KeyError:
            values = list(map(dict.get, self.memos, self.pick(cells), self.misses))
            if not self._resolve(cells, values):
                failed, values = self.slow(cells)
                if failed and not any(cells[i].strip() for i in self.plan.positions.values()):
                    return None
        for j, source, when, wanted in self.fills:
            if values[j] is None and values[when] == wanted and values[source] is not _MISS:
                values[j] = values[source]
        if self.check is not None:
            if failed is None:
                given = dict(zip(self.fields, values))  # noqa: B905 (same length by construction)
            else:  # as if the failed cells were absent
                given = {f: v for f, v in zip(self.fields, values, strict=True) if v is not _MISS}
            problems = self.check(given)
            if problems:
                failed = [*(failed or ()), *problems]
        return values, failed

    def parse_chunk(
        self,
        chunk: list[tuple[int, list[str]]],
        uniques: list[UniqueIndex],
        agreeing: list[ConsistentIndex],
        make: Callable[..., Any],
    ) -> list[Any] | None:
        """The rows of records that are all valid, resolved column by column; else None.

        Each column is looked up in its memo with `map` (C); only the cells not found are
        parsed. Any problem (a short or bad record, a failed check, a repeated key) gives
        None and the caller reads the records one by one for the exact errors; nothing
        this method did changes that reading (memos only cache what a cell parses to).
        """
        line_of, cells_of = zip(*chunk, strict=True)
        if max(map(len, cells_of)) > self.header_width and self.plan.spills(cells_of):
            return None
        if self.plan.unheaded and self.plan.under_no_header(cells_of):
            return None
        # Columns, as long as the shortest record: a short record (or a BadRecord, which
        # has no cells) leaves fewer than `width` and the records are read one by one.
        table = list(zip(*cells_of, strict=False))
        if len(table) < self.width:
            return None
        n = len(chunk)
        columns: list[list[Any]] = []
        for j, position in enumerate(self.indexes):
            memo = self.memos[j]
            if position < 0:
                columns.append([memo[""]] * n)
                continue
            raw = table[position]
            values = list(map(memo.get, raw, repeat(_MISS, n)))
            if _MISS in values and not self._resolve_column(j, raw, values):
                return None
            columns.append(values)
        for j, source, when, wanted in self.fills:
            target = columns[j]
            if None in target:  # e.g. self-ratings with the rater left empty
                whens, sources = columns[when], columns[source]
                for i in compress(range(n), map(is_, target, repeat(None))):
                    if whens[i] == wanted:
                        target[i] = sources[i]
        if self.check_columns is not None:
            if not self.check_columns(dict(zip(self.fields, columns, strict=True))):
                return None
        elif self.check is not None:
            given = map(dict, map(zip, repeat(self.fields), zip(*columns, strict=True)))
            if any(map(self.check, given)):
                return None
        lines = list(line_of)
        admitted = []
        for index in uniques:
            parts = [columns[k] for k in index.positions]
            keys, taking = list(zip(*parts, strict=True)), lines
            keep = _filled(parts)
            if keep is not None:
                keys, taking = list(compress(keys, keep)), list(compress(lines, keep))
            digests = index.fresh(keys)
            if digests is None:
                return None
            admitted.append((index, keys, taking, digests))
        agreed = []
        for agree in agreeing:
            parts = [columns[k] for k in agree.positions]
            agreed_on = columns[agree.position]
            keys, taking = list(zip(*parts, strict=True)), lines
            keep = _filled([*parts, agreed_on])
            if keep is not None:
                keys, taking = list(compress(keys, keep)), list(compress(lines, keep))
                agreed_on = list(compress(agreed_on, keep))
            found = agree.agrees(keys, agreed_on, taking)
            if found is None:
                return None
            agreed.append((agree, found))
        for index, keys, taking, digests in admitted:
            index.admit(keys, taking, digests)
        for agree, found in agreed:
            agree.admit(found)
        if make is plain_row:  # plain tuples, as zip makes them
            return list(zip(lines, *columns, strict=True))
        if isinstance(make, type) and issubclass(make, tuple):  # named tuples, made in C
            return list(map(tuple.__new__, repeat(make), zip(lines, *columns, strict=True)))
        return list(map(make, lines, *columns))

    def _resolve_column(self, j: int, raw: Sequence[str], values: list[Any]) -> bool:
        """Parse the cells of column `j` not found in its memo; False when any fails.

        Each distinct missing cell is parsed once (a chunk of a 360 file names some eighty
        employees, each on 25 lines); finding them and putting their values in place run
        in C.
        """
        column, memo, last_only = self.columns[j]
        missing = set(compress(raw, map(is_, values, repeat(_MISS))))
        if column.text_only and NumberText in set(map(type, raw)):
            return False  # a number where text is needed: the row-by-row reading says where
        parsed: dict[str, Any] = {}
        try:
            for cell in missing:
                parsed[cell] = _value(column, cell)
        except (ValueError, ArithmeticError):
            return False
        values[:] = map(parsed.get, raw, values)
        if last_only:
            memo.clear()
            memo[raw[-1]] = values[-1]
        elif len(memo) < _MEMO_LIMIT:
            memo.update(parsed)
        return True

    def _resolve(self, cells: list[str], values: list[Any]) -> bool:
        """Parse the cells not found in the memos; False when any of them fails."""
        for j, index, column, memo, last_only in self.present:
            if values[j] is not _MISS:
                continue
            raw = cells[index]
            if column.text_only and raw.__class__ is NumberText:
                return False
            try:
                value = _value(column, raw)
            except (ValueError, ArithmeticError):
                return False
            if last_only:
                memo.clear()
                memo[raw] = value
            elif len(memo) < _MEMO_LIMIT:
                memo[raw] = value
            values[j] = value
        return True

    def slow(self, cells: list[str]) -> tuple[Failed, list[Any]]:
        """Every problem of a record, cell by cell; failed cells hold a placeholder value."""
        failed: Failed = []
        values = list(map(dict.get, self.memos, self.pick(cells), self.misses))
        for j, index, column, _memo, _last in self.present:
            raw, name = cells[index], column.field
            if column.text_only and raw.__class__ is NumberText:
                failed.append(
                    (name, f"NIP '{raw}' tersimpan sebagai angka, bukan teks. {EXCEL_HINT}")
                )
                values[j] = _MISS
                continue
            try:
                values[j] = _value(column, raw)
            except (ValueError, ArithmeticError) as exc:
                failed.append((name, str(exc)))
                values[j] = _MISS
        return failed, values


def _value(column: Column, cell: str) -> Any:
    """What a cell holds for its column: its empty value, its text, or its parsed value.

    Raises:
        ValueError, ArithmeticError: The cell does not parse (its message says why), or
            it is empty where the column must be filled.
    """
    text = cell.strip()
    if not text:
        if column.empty is REQUIRED:
            raise ValueError(_WAJIB)
        return column.empty
    return text if column.parse is None else column.parse(text)
