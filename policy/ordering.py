"""The order in which documents list units and teams: the organisation's, not the alphabet's.

Layer: domain (pure functions). A pack lists its units the way the organisation writes them
(Sekretariat Daerah first, a unit's own sub-units after it, kelurahan by name), and a
report follows that order; sorting by code would put "CABDIN-10" between "CABDIN-1" and
"CABDIN-2" and list Wilayah X before Wilayah II. Team names are compared with their numbers
as numbers ("Tim 2" before "Tim 10").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that reads the numbers in `text` as numbers, letters without case.

    ``"Tim 2" < "Tim 10"``; the empty text (the unit's leadership, without a team) first.
    """
    parts = _DIGITS.split(text.casefold())
    return tuple(
        (1, int(part), part) if i % 2 else (0, 0, part) for i, part in enumerate(parts) if part
    )


def unit_order(codes: Iterable[str]) -> Callable[[str], tuple[int, str]]:
    """Sort key for unit codes: their place in `codes` (the pack's order), others after by code."""
    place: dict[str, int] = {}
    for code in codes:
        place.setdefault(code, len(place))
    last = len(place)
    return lambda code: (place.get(code, last), code)


def in_unit_order(names: Mapping[str, str], codes: Iterable[str]) -> list[str]:
    """`codes` sorted by their place among `names`' keys (unit code -> name, in pack order)."""
    return sorted(set(codes), key=unit_order(names))
