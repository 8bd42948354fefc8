"""The tables of the import formats: `Column`, `TableFormat` and the checks across rows.

Layer: domain rules, pure and without IO. A format (`policy.importformats`,
`policy.importcycle`) is a `TableFormat`: its row type, its `Column`s (header, aliases, cell
parser from `policy.importschema`, empty value, whether a spreadsheet must keep it as text) and
the checks across rows (`Unique` keys, values `Consistent` per key, cells to `Fill` down).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import itemgetter
from typing import Any, Generic, Literal

from policy.importschema import (
    REQUIRED,
    ColumnsCheck,
    RowCheck,
    RowT,
    normalise_header,
    parse_nip,
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a format.

    `name` is the Indonesian header and `field` the row attribute. `required` columns must be
    in the file. `empty` is the value of an empty cell, or `REQUIRED` when it is an error.
    `parse` turns the stripped, non-empty text into a value (`None`: keep the text).
    `text_only` refuses numeric spreadsheet cells (NIP). `memo` caches parsed values, which
    pays for repeated values (dates, codes, scores) and not for free text or NIP. `bound`
    checks a parsed value against the facts of one import (`policy.importbounds`): a
    period the organisation evaluates, a date no later than the day of the import.
    """

    name: str
    field: str
    parse: Callable[[str], Any] | None = None
    aliases: tuple[str, ...] = ()
    required: bool = True
    empty: Any = REQUIRED
    text_only: bool = False
    memo: bool = True
    bound: Literal["period", "past"] | None = None


def optional_column(
    name: str,
    fld: str,
    parse: Callable[[str], Any] | None,
    *aliases: str,
    empty: Any = "",
    memo: bool | None = None,
    bound: Literal["period", "past"] | None = None,
) -> Column:
    """An optional column: it may be absent, and its empty cells take `empty`.

    `memo` defaults to caching parsed columns only; pass True for text with few distinct values.
    """
    cache = parse is not None if memo is None else memo
    return Column(name, fld, parse, aliases, required=False, empty=empty, memo=cache, bound=bound)


def text_column(name: str, fld: str, *aliases: str) -> Column:
    """A required column of plain text."""
    return Column(name, fld, None, aliases, memo=False)


def nip_column(name: str, fld: str, *aliases: str, required: bool = True) -> Column:
    """A NIP column: numeric spreadsheet cells are refused; optional ones may be empty."""
    empty = REQUIRED if required else None
    return Column(name, fld, parse_nip, aliases, required, empty, text_only=True, memo=False)


@dataclass(frozen=True, slots=True)
class Unique:
    """Fields whose values must not repeat in a file; the error goes on the last field."""

    fields: tuple[str, ...]
    message: str  # format fields: the key fields by name, and {first} (the earlier line)


@dataclass(frozen=True, slots=True)
class Fill:
    """An empty `field` takes the value of `source` on rows whose `when` field is `value`.

    Done after the cells are parsed and before the row check and the keys, so that two
    spellings of one row are one key: a self-rating's rater left empty is the employee.
    """

    field: str
    source: str
    when: str
    value: Any


@dataclass(frozen=True, slots=True)
class Consistent:
    """Rows with the same `fields` must agree on `value`; the error goes on `value`.

    A row with an empty key field or value takes no part.
    """

    fields: tuple[str, ...]
    value: str
    message: str  # format fields: the key fields by name, {value}, {other} and {first}


@dataclass(frozen=True, eq=False)
class TableFormat(Generic[RowT]):
    """A tabular import format: what its rows are and how its columns are read."""

    kind: str
    title: str
    row_type: type[RowT]
    columns: tuple[Column, ...]
    unique: tuple[Unique, ...] = ()
    check: RowCheck | None = None
    sheet_names: tuple[str, ...] = ()
    check_columns: ColumnsCheck | None = None  # `check` for a whole chunk (see ColumnsCheck)
    fills: tuple[Fill, ...] = ()
    consistent: tuple[Consistent, ...] = ()
    #: Columns Siklus's own export of the kind writes beside the format's, for the reader
    #: (an action's title, unit, due date): a file sent back with them is read without a
    #: warning that they are unknown, and what they hold is left alone.
    informative: tuple[str, ...] = ()
    headers: dict[str, Column] = field(init=False, repr=False)
    values_of: Callable[[dict[str, Any]], tuple[Any, ...]] = field(init=False, repr=False)
    field_names: tuple[str, ...] = field(init=False, repr=False)
    tuple_type: type[tuple[Any, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = [f.name for f in fields(self.row_type)]  # type: ignore[arg-type]
        given = [c.field for c in self.columns]
        if names[:1] != ["line"] or sorted(given) != sorted(names[1:]) or len(names) < 3:
            raise TypeError(f"format {self.kind}: columns {given} do not match fields {names}")
        named = {f for u in self.unique for f in u.fields}
        named |= {f for c in self.consistent for f in (*c.fields, c.value)}
        named |= {f for fill in self.fills for f in (fill.field, fill.source, fill.when)}
        if not named.issubset(given):
            raise TypeError(f"format {self.kind}: unknown fields {sorted(named - set(given))}")
        if all(c.empty is not REQUIRED for c in self.columns):
            # The reader tells an empty line from a bad row by a required cell that fails.
            raise TypeError(f"format {self.kind}: needs at least one column that must be filled")
        headers: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.name, *column.aliases):
                headers[normalise_header(name)] = column
        object.__setattr__(self, "headers", headers)
        # Positional construction is much cheaper than keywords for frozen dataclasses.
        object.__setattr__(self, "values_of", itemgetter(*names[1:]))
        object.__setattr__(self, "field_names", tuple(names[1:]))
        # Bulk writers read rows as named tuples with the same fields: built in C, about
        # seven times cheaper than a frozen dataclass, which counts at a million rows.
        record = namedtuple(self.row_type.__name__, names)  # type: ignore[misc]  # noqa: PYI024
        object.__setattr__(self, "tuple_type", record)

    def build(self, line: int, values: dict[str, Any]) -> RowT:
        """Make the row dataclass from parsed values keyed by field."""
        factory: Callable[..., RowT] = self.row_type
        return factory(line, *self.values_of(values))
