"""The key indexes of a file being read: repeated keys and rows that disagree.

Layer: domain (pure); `policy.importrows` keeps them while it reads a file. A `UniqueIndex`
finds a key seen before (one NIP per employee file); a `ConsistentIndex` finds rows with the
same key and another value: a 360 file may not name the same rater under two sources for one
employee and period (key (period, nip, rater), value the source).

Both are exact up to a number of keys and then keep only each key's hash (with its value,
for a consistency check). A hash found again (with another value) is noted as a suspect and
the row goes on as valid; at the end the file is read again, only the suspects are compared
exactly, and only true repeats or disagreements are reported, each naming the earlier line.
So the result is exact either way, and a valid file is read once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, Final

from policy.importerrors import RowError
from policy.importtables import Consistent, Unique

__all__ = ["CONSISTENT_COMPACT_AFTER", "MISS", "ConsistentIndex", "UniqueIndex", "key_getter"]

#: Keys a consistency check holds exactly, with their first line, before it keeps only
#: their hashes. A 360 file has one key per rater and employee (some 300,000 in a
#: province's): at about 300 bytes a key, this keeps the exact part near 15 MB.
CONSISTENT_COMPACT_AFTER: Final = 50_000
#: What the reader puts in place of a cell that failed to parse.
MISS: Final = object()

Failed = list[tuple[str | None, str]]  # (field or None for the row, message)


class UniqueIndex:
    """The keys of one `Unique` seen so far, with the line each was first seen on.

    Up to `limit` keys the index is an exact dict. Beyond it (a 360 file of 1.5 M ratings
    would need some 400 MB of tuples) it keeps only the keys' hashes: a repeated hash is
    noted as a suspect and the row goes on as valid; at the end the file is read again,
    the suspects' keys are compared exactly, and only true repeats become errors. So the
    result is exact either way; a valid file is read once.
    """

    def __init__(
        self,
        unique: Unique,
        positions: list[int],
        limit: int | None,
    ) -> None:
        self.unique = unique
        self.positions = positions
        self.key_of = key_getter(positions)
        self.limit = limit
        self.lines: dict[tuple[Any, ...], int] | None = {}
        self.hashes: set[int] = set()
        self.suspects: set[int] = set()

    def key(self, values: Sequence[Any], failed: Failed | None) -> tuple[Any, ...] | None:
        """The row's key, or None when it takes no part (empty or failed key fields)."""
        key = self.key_of(values)
        if None in key:
            return None
        if failed and (MISS in key or any(f == w for w, _ in failed for f in self.unique.fields)):
            return None
        return key

    def repeat(self, values: Sequence[Any], failed: Failed | None, line: int) -> int | None:
        """The earlier line with this row's key, or None (new key, or a hash to confirm)."""
        key = self.key(values, failed)
        if key is None:
            return None
        lines = self.lines
        if lines is not None:
            first = lines.setdefault(key, line)
            if self.limit is not None and len(lines) > self.limit:
                self.hashes = {hash(k) for k in lines}
                self.lines = None
            return first if first != line else None
        digest = hash(key)
        if digest in self.hashes:
            self.suspects.add(digest)
        else:
            self.hashes.add(digest)
        return None

    def fresh(self, keys: list[tuple[Any, ...]]) -> set[int] | None:
        """None when these keys (none holding None) repeat each other or earlier keys.

        Otherwise what `admit` takes for them: their hashes once only hashes are kept
        (computed once for both), an empty set while whole keys are.
        """
        if self.lines is not None:
            unique = len(set(keys)) == len(keys) and self.lines.keys().isdisjoint(keys)
            return set() if unique else None
        digests = set(map(hash, keys))
        return digests if len(digests) == len(keys) and self.hashes.isdisjoint(digests) else None

    def admit(self, keys: list[tuple[Any, ...]], lines: list[int], digests: set[int]) -> None:
        """Record fresh keys with their lines, as `repeat` does one by one (`fresh`'s digests)."""
        if self.lines is not None:
            self.lines.update(zip(keys, lines, strict=True))
            if self.limit is not None and len(self.lines) > self.limit:
                self.hashes = {hash(k) for k in self.lines}
                self.lines = None
        else:
            self.hashes.update(digests)

    def message(self, key: tuple[Any, ...], first: int) -> str:
        """The error of a repeated key."""
        return self.unique.message.format(
            first=first, **dict(zip(self.unique.fields, key, strict=True))
        )


class ConsistentIndex:
    """The value each key of one `Consistent` rule was first seen with, and where."""

    def __init__(
        self, rule: Consistent, positions: list[int], value: int, limit: int | None
    ) -> None:
        self.rule = rule
        self.positions = positions
        self.position = value  # of the value field
        self.key_of = key_getter(positions)
        self.limit = limit
        self.names = frozenset((*rule.fields, rule.value))
        self.seen: dict[tuple[Any, ...], tuple[Any, int]] | None = {}  # key -> (value, line)
        self.digests: dict[int, Any] = {}  # hash of a key -> its value, once compacted
        self.suspects: set[int] = set()
        self.reported: set[int] = set()  # lines already reported from `seen`
        self._candidates: list[tuple[int, tuple[Any, ...], Any, bool]] = []

    def key(self, values: Sequence[Any], failed: Failed | None) -> tuple[Any, ...] | None:
        """The row's key, or None when it takes no part (an empty or failed field)."""
        key = self.key_of(values)
        value = values[self.position]
        if None in key or value is None:
            return None
        if failed and (
            MISS in key or value is MISS or any(where in self.names for where, _ in failed)
        ):
            return None
        return key

    def clash(self, values: Sequence[Any], failed: Failed | None, line: int) -> str | None:
        """The error of a row whose value differs from its key's first value, else None."""
        key = self.key(values, failed)
        if key is None:
            return None
        value = values[self.position]
        if self.seen is not None:
            first = self.seen.setdefault(key, (value, line))
            if first[1] == line:
                self._compact_if_full()
                return None
            if first[0] == value:
                return None
            self.reported.add(line)
            return self.message(key, value, *first)
        digest = hash(key)
        if self.digests.setdefault(digest, value) != value:
            self.suspects.add(digest)
        return None

    def agrees(
        self, keys: list[tuple[Any, ...]], values: list[Any], lines: list[int]
    ) -> dict[Any, Any] | None:
        """For a chunk of rows (none with an empty field): None when any disagree.

        Otherwise what `admit` takes for them: while keys are held exactly, each new key
        with its value and first line; once compacted, each key's hash with its value.
        Rows disagreeing among themselves or with earlier rows give None (so does a hash
        found again with another value); the caller then reads the chunk row by row
        (`clash`), which gives the exact errors.
        """
        pairs = dict(zip(keys, values, strict=True))  # the last value of each key
        if len(set(zip(keys, values, strict=True))) != len(pairs):
            return None  # a key with two values in this chunk
        ordered = list(pairs.values())
        if self.seen is not None:
            known = self.seen
            if [known.get(k, (v,))[0] for k, v in pairs.items()] != ordered:
                return None
            first = dict(zip(reversed(keys), reversed(lines), strict=True))
            return {k: (v, first[k]) for k, v in pairs.items() if k not in known}
        digests = list(map(hash, pairs))
        if list(map(self.digests.get, digests, ordered)) != ordered:
            return None
        return dict(zip(digests, ordered, strict=True))

    def admit(self, admitted: dict[Any, Any]) -> None:
        """Record what `agrees` returned for a chunk that is kept."""
        if self.seen is not None:
            self.seen.update(admitted)
            self._compact_if_full()
        else:
            self.digests.update(admitted)

    def _compact_if_full(self) -> None:
        if self.seen is not None and self.limit is not None and len(self.seen) > self.limit:
            self.digests = {hash(k): v for k, (v, _line) in self.seen.items()}
            self.seen = None

    def message(self, key: tuple[Any, ...], value: Any, other: Any, first: int) -> str:
        """The error of a row with `value` where line `first` gave the same key `other`."""
        named = dict(zip(self.rule.fields, key, strict=True))
        return self.rule.message.format(value=value, other=other, first=first, **named)

    # ------------------------------------------------------------- the second reading

    def note(self, line: int, values: Sequence[Any], failed: Failed | None) -> None:
        """While the file is read again: keep the rows whose key is a suspect."""
        key = self.key(values, failed)
        if key is not None and hash(key) in self.suspects:
            self._candidates.append((line, key, values[self.position], bool(failed)))

    def confirmed(self, column: str) -> tuple[list[RowError], int]:
        """The true disagreements among the suspects, and how many rows they newly make bad."""
        first: dict[tuple[Any, ...], tuple[Any, int]] = {}
        errors: list[RowError] = []
        bad = 0
        for line, key, value, was_bad in self._candidates:
            other, at = first.setdefault(key, (value, line))
            if other != value and line not in self.reported:
                errors.append(RowError(line, column, self.message(key, value, other, at)))
                bad += not was_bad
        self._candidates = []
        return errors, bad


def key_getter(indexes: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The key of a row's values at these positions, as a tuple."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda values: (values[only],)
    return itemgetter(*indexes)
