"""Reading 360 rating files: one rater, one source; a self-rating's empty rater is the employee.

Each file is read three ways: column-wise in chunks (the common path), in chunks of three
records (a disagreement across chunks) and record by record (the path that gives the exact
errors); all three must give the same rows and errors. Pure: no database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policy import importkeys, importrows
from policy.imports import ImportFileError, parse_file
from tests.factories import write_file

HEADER = "periode;nip;sumber;penilai;aspek;nilai"
KADIS = "196608011988031001"
DEWI = "197503152000122002"
EKO = "198001012005011003"
FAJAR = "198512202010011004"
GITA = "199009132025242014"


@pytest.fixture(params=["chunks", "small chunks", "row by row"])
def read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Parse a 360 file the way the parameter says."""
    if request.param == "small chunks":
        monkeypatch.setattr(importrows, "CHUNK", 3)
    elif request.param == "row by row":
        monkeypatch.setattr(importrows._Reader, "parse_chunk", lambda *args: None)

    def parse(tmp_path: Path, *lines: str) -> Any:
        return parse_file("penilaian_360", write_file(tmp_path, "r.csv", "\n".join(lines) + "\n"))

    return parse


def errors(tmp_path: Path, read: Any, *lines: str) -> list[tuple[int, str | None, str]]:
    with pytest.raises(ImportFileError) as info:
        read(tmp_path, HEADER, *lines)
    return [(e.line, e.column, e.message) for e in info.value.errors]


# ---------------------------------------------------------------- self-ratings


def test_an_empty_self_rater_is_the_employee(tmp_path: Path, read: Any) -> None:
    parsed = read(tmp_path, HEADER, f"2026-TW3;{DEWI};diri;;disiplin;5")
    assert [(r.source, r.rater) for r in parsed.rows] == [("diri", DEWI)]


@pytest.mark.parametrize("first", ["", DEWI])
def test_a_self_rating_given_twice_is_a_repeat_however_the_rater_is_written(
    tmp_path: Path, read: Any, first: str
) -> None:
    second = DEWI if first == "" else ""
    found = errors(
        tmp_path,
        read,
        f"2026-TW3;{DEWI};diri;{first};disiplin;5",
        f"2026-TW3;{DEWI};atasan;{KADIS};disiplin;4",
        f"2026-TW3;{DEWI};diri;{second};disiplin;1",
    )
    assert found == [
        (
            4,
            "aspek",
            f"penilai {DEWI} sudah menilai aspek disiplin NIP {DEWI} (diri, periode 2026-TW3) "
            "di baris 2",
        )
    ]


# ------------------------------------------------------------ one rater, one source


def test_the_supervisor_may_not_also_be_a_peer(tmp_path: Path, read: Any) -> None:
    found = errors(
        tmp_path,
        read,
        f"2026-TW3;{DEWI};atasan;{KADIS};disiplin;4",
        f"2026-TW3;{DEWI};rekan;{EKO};disiplin;4",
        f"2026-TW3;{DEWI};rekan;{FAJAR};disiplin;4",
        f"2026-TW3;{DEWI};rekan;{KADIS};disiplin;5",
        f"2026-TW3;{DEWI};rekan;{KADIS};kompetensi;5",
    )
    message = (
        f"penilai {KADIS} sudah tercatat sebagai sumber atasan bagi NIP {DEWI} periode "
        "2026-TW3 di baris 2, di sini sebagai rekan; seorang penilai hanya boleh satu sumber "
        "bagi pegawai yang sama dalam satu periode"
    )
    assert found == [(5, "sumber", message), (6, "sumber", message)]


def test_the_first_source_written_is_the_one_kept(tmp_path: Path, read: Any) -> None:
    found = errors(
        tmp_path,
        read,
        f"2026-TW3;{DEWI};rekan;{KADIS};disiplin;5",
        f"2026-TW3;{DEWI};rekan;{EKO};disiplin;4",
        f"2026-TW3;{DEWI};atasan;{KADIS};disiplin;4",
    )
    assert [(line, column) for line, column, _ in found] == [(4, "sumber")]
    assert (
        "sumber rekan bagi NIP" in found[0][2]
        and "di baris 2, di sini sebagai atasan" in found[0][2]
    )


def test_one_rater_may_have_other_sources_for_other_employees_or_periods(
    tmp_path: Path, read: Any
) -> None:
    parsed = read(
        tmp_path,
        HEADER,
        f"2026-TW3;{DEWI};atasan;{KADIS};disiplin;4",
        f"2026-TW3;{KADIS};bawahan;{DEWI};disiplin;4",  # Dewi rates her supervisor
        f"2026-TW3;{EKO};rekan;{KADIS};disiplin;4",  # another employee
        f"2026-TW2;{DEWI};rekan;{KADIS};disiplin;4",  # another period
        f"2026-TW3;{DEWI};masyarakat;;disiplin;4",  # unnamed respondents: one each
        f"2026-TW3;{DEWI};masyarakat;;kompetensi;4",
        f"2026-TW3;{DEWI};atasan;{KADIS};kompetensi;4",
    )
    assert len(parsed.rows) == 7


def test_the_employee_is_no_other_source_of_their_own(tmp_path: Path, read: Any) -> None:
    found = errors(
        tmp_path,
        read,
        f"2026-TW3;{GITA};diri;;disiplin;4",
        f"2026-TW3;{GITA};masyarakat;{GITA};disiplin;5",
        f"2026-TW3;{GITA};rekan;{GITA};disiplin;5",
    )
    assert [(line, column) for line, column, _ in found] == [(3, "penilai"), (4, "penilai")]
    assert found[0][2] == (
        "pegawai tidak dapat menjadi penilai masyarakat bagi dirinya sendiri; penilaian oleh "
        "dirinya sendiri bersumber diri"
    )


# ------------------------------------------------------ past the exact index's size


def _many(employees: list[str]) -> list[str]:
    return [f"2026-TW3;{nip};atasan;{KADIS};disiplin;4" for nip in employees]


NIPS = [f"19{70 + i:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(12)]


def test_disagreements_are_found_exactly_once_only_hashes_are_kept(
    tmp_path: Path, read: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importkeys, "CONSISTENT_COMPACT_AFTER", 3)
    lines = [
        *_many(NIPS[:2]),
        f"2026-TW3;{NIPS[0]};rekan;{KADIS};kompetensi;4",  # line 4: seen while exact
        *_many(NIPS[2:8]),
        f"2026-TW3;{NIPS[6]};rekan;{KADIS};kompetensi;4",  # line 11: after compaction
        f"2026-TW3;{NIPS[0]};rekan;{KADIS};kontribusi;4",  # line 12: the key of line 4
    ]
    found = errors(tmp_path, read, *lines)
    assert [(line, column) for line, column, _ in found] == [(4, "sumber"), (11, "sumber"),
                                                             (12, "sumber")]  # fmt: skip
    assert [m.split(" di baris ")[1][:1] for *_, m in found] == ["2", "9", "2"]


def test_a_repeated_hash_of_different_keys_is_no_disagreement(
    tmp_path: Path, read: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importkeys, "CONSISTENT_COMPACT_AFTER", 2)
    for module in (importrows, importkeys):
        monkeypatch.setattr(module, "hash", lambda key: 7, raising=False)  # every key collides
    lines = [
        *_many(NIPS[:4]),
        *(f"2026-TW3;{nip};rekan;{DEWI};disiplin;4" for nip in NIPS[4:8]),
    ]
    assert len(read(tmp_path, HEADER, *lines).rows) == 8
    found = errors(tmp_path, read, *lines, f"2026-TW3;{NIPS[5]};bawahan;{DEWI};kompetensi;4")
    assert [(line, column) for line, column, _ in found] == [(10, "sumber")]
    assert "sumber rekan bagi NIP" in found[0][2] and "di baris 7" in found[0][2]
