"""Packs: forums by consultation round, and the demo data of later rounds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from policy.packs import PackError, load_pack
from tests.factories import MINI_PACK, write_pack


def _pack(tmp_path: Path, demo: dict[str, dict[str, str]], round2_forum: bool = True) -> Path:
    (tmp_path / "f.csv").write_text("x\n", encoding="utf-8")
    data: dict[str, Any] = copy.deepcopy(MINI_PACK)
    if round2_forum:
        data["forums"].append(
            {"code": "F2", "title": "Putaran 2", "date": "2026-05-01", "venue": "Aula", "round": 2}
        )
    data["demo"] = demo
    return write_pack(tmp_path, data)


def test_the_demo_pack_has_two_rounds() -> None:
    loaded = load_pack(Path(__file__).resolve().parents[2] / "packs" / "sawahlunto.yaml")
    assert loaded.pack.demo_rounds == 2
    assert [(f.code, f.round) for f in loaded.pack.forums] == [("F1", 1), ("F2", 1), ("F3", 2)]
    assert set(loaded.demo_files("forums", 2)) == {"kehadiran", "masukan", "notulen"}
    assert set(loaded.demo_files("drafting", 2)) == {"rancangan", "tanggapan"}
    assert loaded.demo_files("drafting", 3) == {}


def test_later_rounds_validate(tmp_path: Path) -> None:
    files = {"x": "f.csv"}
    demo = {"forums": files, "drafting": files, "forums_round2": files, "drafting_round2": files}
    loaded = load_pack(_pack(tmp_path, demo))
    assert loaded.pack.demo_rounds == 2
    assert loaded.demo_files("forums", 2) == {"x": (tmp_path / "f.csv").resolve()}


@pytest.mark.parametrize(
    ("demo", "forum", "message"),
    [
        ({"forum_round2": {}}, True, "kunci demo tidak dikenal: forum_round2"),
        ({"drafting_round1": {}}, True, "kunci demo tidak dikenal: drafting_round1"),
        (
            {"forums": {}, "drafting": {}, "forums_round2": {}},
            True,
            "putaran 2 memerlukan 'drafting_round2'",
        ),
        (
            {"forums_round2": {}, "drafting_round2": {}},
            True,
            "'forums_round2' memerlukan 'forums' lebih dulu",
        ),
        (
            {"forums": {}, "drafting": {}, "forums_round2": {}, "drafting_round2": {}},
            False,
            "putaran 2 memerlukan forum dengan 'round: 2'",
        ),
    ],
)
def test_bad_round_shapes_are_named(
    tmp_path: Path, demo: dict[str, dict[str, str]], forum: bool, message: str
) -> None:
    with pytest.raises(PackError) as err:
        load_pack(_pack(tmp_path, demo, forum))
    assert message in str(err.value)


def test_forum_round_must_be_positive(tmp_path: Path) -> None:
    data: dict[str, Any] = copy.deepcopy(MINI_PACK)
    data["forums"][0]["round"] = 0
    with pytest.raises(PackError, match=r"forums\[0\]\.round"):
        load_pack(write_pack(tmp_path, data))
