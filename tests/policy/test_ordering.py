"""Units in the pack's order, teams by number: the order documents list them in."""

from __future__ import annotations

from policy.ordering import in_unit_order, natural_key, unit_order
from policy.services.evaluation_results import team_order


def test_team_numbers_compare_as_numbers() -> None:
    teams = ["Tim 10", "Tim 2", "", "Tim 1", "tim 3", "Tim 1a", "Sekretariat"]
    assert sorted(teams, key=natural_key) == [
        "",
        "Sekretariat",
        "Tim 1",
        "Tim 1a",
        "Tim 2",
        "tim 3",
        "Tim 10",
    ]


def test_units_follow_the_pack_and_strangers_come_last_by_code() -> None:
    names = {"SETDA": "Sekretariat Daerah", "CABDIN-1": "Wilayah I", "CABDIN-2": "Wilayah II",
             "CABDIN-10": "Wilayah X"}  # fmt: skip
    assert in_unit_order(names, ["CABDIN-10", "ZZ", "CABDIN-2", "AA", "SETDA", "CABDIN-1"]) == [
        "SETDA",
        "CABDIN-1",
        "CABDIN-2",
        "CABDIN-10",
        "AA",
        "ZZ",
    ]
    key = unit_order(["B", "A", "B"])  # a code listed twice keeps its first place
    assert sorted(["A", "B", "C"], key=key) == ["B", "A", "C"]


def test_team_rows_by_unit_then_team_number() -> None:
    names = {"SETDA": "Sekretariat Daerah", "BKD": "Badan Kepegawaian Daerah"}
    items = [(("BKD", "Tim 10"), 1), (("BKD", "Tim 9"), 2), (("SETDA", "Tim 2"), 3),
             (("BKD", ""), 4)]  # fmt: skip
    assert [v for _, v in sorted(items, key=team_order(names))] == [3, 4, 2, 1]
