"""A format's column-wise check says "no problem" exactly when its row check finds none."""

from __future__ import annotations

import random
from typing import Any

import pytest

from policy.importformats import FORMATS
from policy.models import AsnType

NIPS = ["198601012010011001", "199002022015022002", "197503032000031003", "199105052020131004"]
RATERS = [*NIPS, "R-017", None]
SOURCES = ["diri", "atasan", "rekan", "bawahan", "masyarakat"]


def _employee(rng: random.Random) -> dict[str, Any]:
    nip = rng.choice(NIPS)
    return {
        "nip": nip,
        "asn_type": rng.choice([AsnType.PNS, AsnType.PPPK]),
        "supervisor_nip": rng.choice([None, nip, *NIPS]),
    }


def _skm(rng: random.Random) -> dict[str, Any]:
    return {f"u{i}": rng.choice([None, None, None, 3]) for i in range(1, 10)}


def _rating(rng: random.Random) -> dict[str, Any]:
    return {"source": rng.choice(SOURCES), "rater": rng.choice(RATERS), "nip": rng.choice(NIPS)}


@pytest.mark.parametrize(
    ("kind", "make"), [("pegawai", _employee), ("skm", _skm), ("penilaian_360", _rating)]
)
def test_column_check_agrees_with_the_row_check(kind: str, make: Any) -> None:
    fmt = FORMATS[kind]
    assert fmt.check is not None and fmt.check_columns is not None
    rng = random.Random(kind)
    outcomes = set()
    for _ in range(3000):
        rows = [make(rng) for _ in range(rng.randint(1, 4))]
        columns = {name: [row[name] for row in rows] for name in rows[0]}
        expected = not any(fmt.check(row) for row in rows)
        assert fmt.check_columns(columns) is expected, rows
        outcomes.add(expected)
    assert outcomes == {True, False}


def test_a_pns_nip_with_an_impossible_tmt_fails_the_column_check() -> None:
    fmt = FORMATS["pegawai"]
    assert fmt.check_columns is not None
    nip = "198601012010131001"  # month 13 of the TMT
    columns = {"nip": [nip], "asn_type": [AsnType.PNS], "supervisor_nip": [None]}
    assert fmt.check_columns(columns) is False
    columns["asn_type"] = [AsnType.PPPK]
    assert fmt.check_columns(columns) is True
