"""Weighted 360 maths: every figure below is computed by hand in the comments."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from policy.evalconfig import Pack360
from policy.evaluation.framework import CellTotals, Framework, explain_employee, score_employee
from policy.evaluation.rollup import rollup
from policy.models import Predikat
from policy.packs import PackError, load_pack
from tests.factories import MINI_PACK


def config(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "scale_min": 1,
        "scale_max": 5,
        "sources": {"atasan": "0.5", "rekan": 0.3, "masyarakat": "1/5", "diri": 0},
        "criteria": [
            {"code": "disiplin", "name": "Disiplin", "weight": "0.3"},
            {"code": "kompetensi", "name": "Kompetensi", "weight": 0.4},
            {"code": "kontribusi", "name": "Kontribusi", "weight": "3/10"},
        ],
        "role_criteria": [
            {
                "code": "guru",
                "name": "Guru",
                "position_pattern": r"^guru\b",
                "unit_kinds": ["sekolah"],
                "criteria": [
                    {"code": "kehadiran", "name": "Kehadiran", "weight": "0.25"},
                    {"code": "metode", "name": "Metode pengajaran", "weight": "0.25"},
                    {"code": "hasil_belajar", "name": "Hasil belajar siswa", "weight": "0.5"},
                ],
                "sources": {"atasan": "0.6", "rekan": "0.4"},
            }
        ],
        "bonus": [{"code": "inovasi", "name": "Program inovasi", "max_points": 5}],
    }
    data.update(changes)
    return data


def framework(**changes: Any) -> Framework:
    return Pack360.model_validate(config(**changes)).framework()


def cells(source: str, raters: int, **scores: list[int]) -> list[CellTotals]:
    """One cell per criterion: each rater gives one score (whole points)."""
    return [
        CellTotals(source, criterion, 100 * sum(values), len(values), raters)
        for criterion, values in scores.items()
    ]


ATASAN = cells("atasan", 1, disiplin=[4], kompetensi=[5], kontribusi=[3])
REKAN3 = cells("rekan", 3, disiplin=[4, 4, 5], kompetensi=[4, 4, 4], kontribusi=[3, 4, 5])
REKAN2 = cells("rekan", 2, disiplin=[5, 5], kompetensi=[5, 5], kontribusi=[5, 5])
MASYARAKAT = cells(
    "masyarakat", 4, disiplin=[4, 4, 4, 4], kompetensi=[3, 3, 4, 4], kontribusi=[5, 5, 5, 5]
)


def test_all_sources_present() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, ATASAN + REKAN3 + MASYARAKAT)
    # disiplin   = 0,5×4 + 0,3×13/3 + 0,2×4   = 2 + 1,3 + 0,8 = 4,1
    # kompetensi = 0,5×5 + 0,3×4    + 0,2×3,5 = 2,5 + 1,2 + 0,7 = 4,4
    # kontribusi = 0,5×3 + 0,3×4    + 0,2×5   = 1,5 + 1,2 + 1 = 3,7
    assert r.scores == (Fraction(41, 10), Fraction(44, 10), Fraction(37, 10))
    # 0,3×4,1 + 0,4×4,4 + 0,3×3,7 = 4,1 on the 1–5 scale; × 100/5 = 82,00 -> Baik (≥ 76)
    assert r.base == 82 and r.final == Decimal("82.00") and r.predikat == Predikat.BAIK
    assert (r.hidden_sources, r.missing_sources, r.reweighted) == ((), (), False)
    assert r.weakest == "kontribusi" and r.self_gap is None


def test_two_peer_raters_are_hidden_and_the_rest_reweighted() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, ATASAN + REKAN2 + MASYARAKAT)
    # rekan has 2 raters (< 3): hidden, not counted. atasan 0,5/0,7 = 5/7, masyarakat 2/7.
    # disiplin = 5/7×4 + 2/7×4 = 4; kompetensi = 5/7×5 + 2/7×3,5 = 32/7;
    # kontribusi = 5/7×3 + 2/7×5 = 25/7.  0,3×4 + 0,4×32/7 + 0,3×25/7 = 287/70 = 4,1 -> 82.
    assert r.scores == (Fraction(4), Fraction(32, 7), Fraction(25, 7))
    assert r.final == Decimal("82.00")
    assert r.hidden_sources == ("rekan",) and r.reweighted
    # The peers' 5s would have raised the score had they counted: they did not.
    detail = explain_employee(fw, fw.default, ATASAN + REKAN2 + MASYARAKAT)
    for criterion in detail.criteria:
        peer = next(c for c in criterion.cells if c.source == "rekan")
        assert peer.hidden and peer.mean is None and peer.weight == 0
        weights = {c.source: c.weight for c in criterion.cells if not c.hidden}
        assert weights == {"atasan": Fraction(5, 7), "masyarakat": Fraction(2, 7)}


def test_threshold_is_inclusive_and_configurable() -> None:
    fw = framework()
    three = score_employee(fw, fw.default, ATASAN + REKAN3)
    assert three.hidden_sources == () and three.missing_sources == ("masyarakat",)
    strict = framework(anonymity_threshold=4)
    assert score_employee(strict, strict.default, ATASAN + REKAN3).hidden_sources == ("rekan",)


def test_missing_source_reweights() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, ATASAN + MASYARAKAT)
    # No peers at all: atasan 5/7, masyarakat 2/7 as above.
    assert r.missing_sources == ("rekan",) and r.hidden_sources == () and r.reweighted
    assert r.final == Decimal("82.00")


def test_only_the_supervisor() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, ATASAN)
    # 0,3×4 + 0,4×5 + 0,3×3 = 4,1 -> 82
    assert r.final == Decimal("82.00")
    assert r.missing_sources == ("rekan", "masyarakat")


def test_unscored_criterion_reweights_criteria() -> None:
    fw = framework()
    data = cells("atasan", 1, disiplin=[5], kompetensi=[4]) + cells("diri", 1, kontribusi=[5])
    r = score_employee(fw, fw.default, data)
    # kontribusi has only diri (weight 0): unscored. 0,3/0,7×5 + 0,4/0,7×4 = (1,5+1,6)/0,7
    # = 31/7 on the scale -> × 20 = 620/7 = 88,571… -> 88,57 Baik
    assert r.unscored_criteria == ("kontribusi",)
    assert r.final_exact == Fraction(620, 7) and r.final == Decimal("88.57")
    assert r.reweighted


def test_self_assessment_gap() -> None:
    fw = framework()
    diri = cells("diri", 1, disiplin=[5], kompetensi=[5], kontribusi=[5])
    r = score_employee(fw, fw.default, ATASAN + diri)
    # gaps 5−4 = 1, 5−5 = 0, 5−3 = 2 weighted 0,3/0,4/0,3 -> 0,3 + 0 + 0,6 = 0,9
    assert r.self_gap == Fraction(9, 10)
    # diri has weight 0: the score is the supervisor's alone (82); peers and community
    # are missing, so the supervisor's weight becomes 1 (re-weighted).
    assert r.final == Decimal("82.00") and r.missing_sources == ("rekan", "masyarakat")
    detail = explain_employee(fw, fw.default, ATASAN + diri)
    assert [c.gap for c in detail.criteria] == [1, 0, 2]


def test_bonus_is_capped_per_bonus_and_at_100() -> None:
    fw = framework()
    assert score_employee(fw, fw.default, ATASAN, {"inovasi": Fraction(2)}).final == Decimal(
        "84.00"
    )
    capped = score_employee(fw, fw.default, ATASAN, {"inovasi": Fraction(7)})
    assert capped.final == Decimal("87.00") and capped.bonus[0].applied == 5
    top = cells("atasan", 1, disiplin=[5], kompetensi=[5], kontribusi=[5])
    assert score_employee(fw, fw.default, top, {"inovasi": Fraction(5)}).final == 100
    assert score_employee(fw, fw.default, [], {"inovasi": Fraction(5)}).final is None


def test_predikat_reads_the_rounded_score() -> None:
    fw = framework()
    r = score_employee(
        fw, fw.default, cells("atasan", 1, disiplin=[5], kompetensi=[4], kontribusi=[5])
    )
    # 0,3×5 + 0,4×4 + 0,3×5 = 4,6 -> 92 -> Sangat Baik (≥ 91)
    assert r.final == 92 and r.predikat == Predikat.SANGAT_BAIK
    # 90,995 rounds half-up to 91,00: Sangat Baik (a float would give 90,99 -> Baik).
    assert fw.predikat(Fraction(90995, 1000)) == Predikat.SANGAT_BAIK
    assert fw.predikat(Fraction(90994, 1000)) == Predikat.BAIK
    assert fw.predikat(Fraction(50995, 1000)) == Predikat.KURANG
    assert fw.predikat(Fraction(5099, 100)) == Predikat.SANGAT_KURANG
    assert fw.predikat(Fraction(0)) == Predikat.SANGAT_KURANG


def test_teachers_get_their_own_criteria_and_sources() -> None:
    fw = framework()
    guru = fw.criteria_set("Guru Ahli Muda", "sekolah")
    assert guru.code == "guru"
    assert fw.criteria_set("Kepala Sekolah", "sekolah").code == "umum"
    assert fw.criteria_set("Guru Ahli Muda", "dinas").code == "umum"
    data = cells("atasan", 1, kehadiran=[5], metode=[4], hasil_belajar=[4]) + cells(
        "rekan", 3, kehadiran=[5, 5, 5], metode=[3, 3, 3], hasil_belajar=[4, 4, 5]
    )
    r = score_employee(fw, guru, data)
    # kehadiran 5; metode 0,6×4 + 0,4×3 = 3,6; hasil 0,6×4 + 0,4×13/3 = 2,4 + 26/15 = 62/15
    # 0,25×5 + 0,25×3,6 + 0,5×62/15 = 1,25 + 0,9 + 31/15 = 253/60 -> × 20 = 253/3 = 84,33…
    assert r.final_exact == Fraction(253, 3) and r.final == Decimal("84.33")
    assert r.weakest == "metode"
    # Ratings on criteria outside the set are ignored and reported.
    other = score_employee(fw, guru, data + cells("atasan", 1, disiplin=[1]))
    assert other.final == r.final and other.ignored_criteria == ("disiplin",)


def test_normalised_weights() -> None:
    data = config(
        normalise_weights=True,
        sources={"atasan": 5, "rekan": 3, "masyarakat": 2},
        criteria=[
            {"code": "disiplin", "name": "Disiplin", "weight": 3},
            {"code": "kompetensi", "name": "Kompetensi", "weight": 4},
            {"code": "kontribusi", "name": "Kontribusi", "weight": 3},
        ],
    )
    fw = Pack360.model_validate(data).framework()
    assert fw.normalised
    assert score_employee(fw, fw.default, ATASAN + REKAN3 + MASYARAKAT).final == 82
    assert not framework().normalised


def test_no_ratings_means_no_score() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, cells("diri", 1, disiplin=[5]))
    assert not r.scored and r.predikat is None and r.weakest is None
    assert r.missing_sources == ("atasan", "rekan", "masyarakat")


def test_rollup_is_the_mean_of_exact_scores() -> None:
    fw = framework()
    a = score_employee(fw, fw.default, ATASAN)  # 82
    b = score_employee(fw, fw.default, cells("atasan", 1, disiplin=[5], kompetensi=[4],
                                                kontribusi=[5]))  # fmt: skip  # 92
    c = score_employee(fw, fw.default, [])
    team = rollup(fw, [a, b, c], members=4)
    assert (team.members, team.scored, team.mean) == (4, 2, Decimal("87.00"))
    assert team.predikat == Predikat.BAIK
    assert team.counts[Predikat.BAIK] == 1 and team.counts[Predikat.SANGAT_BAIK] == 1
    empty = rollup(fw, [], members=3)
    assert empty.mean is None and empty.predikat is None


def test_impossible_totals_are_refused() -> None:
    fw = framework()
    with pytest.raises(ValueError):
        score_employee(fw, fw.default, [CellTotals("atasan", "disiplin", 600, 1, 1)])
    with pytest.raises(ValueError):
        score_employee(fw, fw.default, [CellTotals("rekan", "disiplin", 800, 2, 3)])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sources": {"atasan": "0.5", "rekan": "0.3"}}, "jumlah bobot sumber penilai 4/5"),
        ({"criteria": [{"code": "a", "name": "A", "weight": "0.5"}]}, "jumlah bobot aspek 1/2"),
        (
            {
                "criteria": [
                    {"code": "a", "name": "A", "weight": "0.5"},
                    {"code": "a", "name": "B", "weight": "0.5"},
                ]
            },
            "kode aspek ganda: a",
        ),
        ({"criteria": [{"code": "a", "name": "A", "weight": "0"}]}, "lebih dari 0"),
        ({"sources": {"atasan": "x"}}, "bukan angka"),
        ({"sources": {"diri": 1, "atasan": -1}}, "tidak boleh negatif"),
        ({"sources": {"diri": 0}}, "minimal satu sumber"),
        ({"thresholds": [{"min": 90, "predikat": "Baik"}]}, "diakhiri min: 0"),
        (
            {
                "thresholds": [
                    {"min": 50, "predikat": "Baik"},
                    {"min": 70, "predikat": "Kurang/Misconduct"},
                    {"min": 0, "predikat": "Sangat Kurang"},
                ]
            },
            "urut dari nilai tertinggi",
        ),
        (
            {
                "thresholds": [
                    {"min": 70, "predikat": "Kurang/Misconduct"},
                    {"min": 50, "predikat": "Baik"},
                    {"min": 0, "predikat": "Sangat Kurang"},
                ]
            },
            "terbaik",
        ),
        ({"scale_min": 5, "scale_max": 5}, "lebih besar"),
        ({"anonymity_threshold": 1}, "greater than or equal to 2"),
        ({"bonus": [{"code": "disiplin", "name": "X", "max_points": 2}]}, "kode bonus ganda"),
        (
            {
                "role_criteria": [
                    {
                        "code": "x",
                        "name": "X",
                        "criteria": [{"code": "a", "name": "A", "weight": 1}],
                    }
                ]
            },
            "position_pattern",
        ),
        (
            {
                "role_criteria": [
                    {
                        "code": "x",
                        "name": "X",
                        "position_pattern": "(",
                        "criteria": [{"code": "a", "name": "A", "weight": 1}],
                    }
                ]
            },
            "ekspresi reguler",
        ),
        ({"sources": {"kepala": 1}}, "sources.kepala"),
    ],
)
def test_bad_framework_config(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as err:
        Pack360.model_validate(config(**change))
    assert message in str(err.value)


def test_pack_errors_name_file_and_place(tmp_path: Path) -> None:
    data = dict(MINI_PACK)
    bad = config()
    bad["criteria"][1]["weight"] = "0.5"
    data["evaluation"] = {"framework": "weighted_360", "weighted_360": bad}
    path = tmp_path / "contoh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(path)
    text = str(err.value)
    found = re.search(r"contoh\.yaml:(\d+):(\d+): evaluation\.weighted_360: ", text)
    assert found, text
    lines = path.read_text(encoding="utf-8").splitlines()
    line = int(found.group(1))
    assert lines[line - 2].strip() == "weighted_360:"  # the block's first line is named
    assert "jumlah bobot aspek 11/10" in text
    data["evaluation"] = {"framework": "weighted_360"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="memerlukan blok weighted_360"):
        load_pack(path)
    data["evaluation"] = {"weighted_360": config()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="hanya berlaku bila framework"):
        load_pack(path)


def test_pack_checks_population_and_unit_kinds(tmp_path: Path) -> None:
    data = dict(MINI_PACK)
    data["units"] = [dict(u) for u in MINI_PACK["units"]]
    data["units"][0]["population"] = 100
    path = tmp_path / "contoh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="unit SETDA: population hanya untuk unit layanan"):
        load_pack(path)
    data["units"][0].pop("population")
    bad = config()
    bad["role_criteria"][0]["unit_kinds"] = ["pabrik"]
    data["evaluation"] = {"framework": "weighted_360", "weighted_360": bad}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="jenis unit tidak dikenal"):
        load_pack(path)


def test_hidden_source_reweighted_exactly_by_hand() -> None:
    fw = framework()
    rekan2 = cells("rekan", 2, disiplin=[5, 5], kompetensi=[5, 5], kontribusi=[5, 5])
    masyarakat = cells(
        "masyarakat", 4, disiplin=[4, 4, 5, 5], kompetensi=[4, 4, 4, 4], kontribusi=[3, 3, 3, 3]
    )
    atasan = cells("atasan", 1, disiplin=[3], kompetensi=[5], kontribusi=[4])
    r = score_employee(fw, fw.default, atasan + rekan2 + masyarakat)
    # rekan has 2 raters (< 3): hidden; atasan 0,5 and masyarakat 0,2 re-weighted over 0,7.
    # disiplin   = (0,5×3 + 0,2×4,5) / 0,7 = 2,4 / 0,7 = 24/7
    # kompetensi = (0,5×5 + 0,2×4)   / 0,7 = 3,3 / 0,7 = 33/7
    # kontribusi = (0,5×4 + 0,2×3)   / 0,7 = 2,6 / 0,7 = 26/7
    assert r.scores == (Fraction(24, 7), Fraction(33, 7), Fraction(26, 7))
    # base = (0,3×24/7 + 0,4×33/7 + 0,3×26/7) × 100/5 = 141/35 × 20 = 564/7 = 80,571428…
    assert r.base == r.final_exact == Fraction(564, 7)
    assert r.final == Decimal("80.57")
    assert (r.weakest, r.hidden_sources, r.missing_sources) == ("disiplin", ("rekan",), ())
    assert r.reweighted


def test_weakest_is_the_first_of_equal_scores() -> None:
    fw = framework()
    r = score_employee(fw, fw.default, cells("atasan", 1, disiplin=[4], kompetensi=[3],
                                             kontribusi=[3]))  # fmt: skip
    # Only atasan: criterion scores 4, 3, 3; base = (0,3×4 + 0,4×3 + 0,3×3) × 20 = 66.
    assert (r.weakest, r.final_exact, r.final) == ("kompetensi", Fraction(66), Decimal("66.00"))


def test_exact_sum_equals_fraction_sum() -> None:
    import random

    from policy.evaluation.rollup import ExactSum

    random.seed(7)
    values = [Fraction(random.randint(-500, 10_000), random.choice([1, 3, 7, 12, 35, 700]))
              for _ in range(2000)]  # fmt: skip
    total = ExactSum()
    for v in values:
        total.add(v)
    assert total.total() == sum(values, Fraction(0))
    assert total.mean() == sum(values, Fraction(0)) / len(values)
    assert (total.count, ExactSum().total(), ExactSum().mean()) == (2000, 0, None)
    # A unit's mean of 80,575 (two employees) rounds half-up to 80,58.
    pair = ExactSum()
    pair.add(Fraction(8057, 100))
    pair.add(Fraction(8058, 100))
    assert rollup(framework(), [], 0).mean is None
    assert pair.mean() == Fraction(16115, 200)


def test_stored_ratio_text_is_the_reduced_fraction() -> None:
    import random

    from policy.services.ratings import _fraction_text, _ratio_text

    rng = random.Random(5)
    for _ in range(2000):
        pair = (rng.randint(-5000, 5000), rng.randint(1, 5000))
        assert _ratio_text(pair) == _fraction_text(Fraction(*pair)), pair
    assert _ratio_text(None) is None and _ratio_text((0, 7)) == "0/1"
