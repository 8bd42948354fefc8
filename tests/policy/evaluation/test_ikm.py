from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation import (
    DEFAULT_ELEMENT_NAMES,
    DEFAULT_WEIGHT,
    ELEMENT_CODES,
    ElementTotals,
    Mutu,
    NoAnswersError,
    classify_ikm,
    compute_ikm,
    tally_responses,
    weakest_elements,
)


def uniform(score_sum: int, answered: int) -> dict[str, tuple[int, int]]:
    """Every element with the same totals, so the NRR mean is score_sum / answered."""
    return dict.fromkeys(ELEMENT_CODES, (score_sum, answered))


# NRR 3.5, 3.6, 3.4, 3.7, 3.54, 3.54, 3.54, 3.52, 3.52 over unequal counts: sum 31.86,
# mean exactly 3.54.
VARIED_354 = {
    "u1": (350, 100),
    "u2": (720, 200),
    "u3": (170, 50),
    "u4": (185, 50),
    "u5": (354, 100),
    "u6": (708, 200),
    "u7": (177, 50),
    "u8": (352, 100),
    "u9": (1056, 300),
}

ONE_NINTH, W111, W11 = Fraction(1, 9), "0.111", "0.11"


@pytest.mark.parametrize(
    ("totals", "weight", "ikm_raw", "ikm", "mutu"),
    [
        (uniform(354, 100), ONE_NINTH, "88.5", "88.50", Mutu.A),
        (uniform(354, 100), W111, "88.4115", "88.41", Mutu.A),
        (uniform(354, 100), W11, "87.615", "87.62", Mutu.B),
        (VARIED_354, ONE_NINTH, "88.5", "88.50", Mutu.A),
        (VARIED_354, W111, "88.4115", "88.41", Mutu.A),
        (VARIED_354, W11, "87.615", "87.62", Mutu.B),
        (uniform(307, 100), ONE_NINTH, "76.75", "76.75", Mutu.B),
        (uniform(307, 100), W111, "76.67325", "76.67", Mutu.B),
        (uniform(307, 100), W11, "75.9825", "75.98", Mutu.C),
        (uniform(400, 100), ONE_NINTH, "100", "100.00", Mutu.A),
        (uniform(400, 100), W111, "99.9", "99.90", Mutu.A),
        (uniform(400, 100), W11, "99", "99.00", Mutu.A),
    ],
)
def test_ikm_worked_values(
    totals: dict[str, tuple[int, int]],
    weight: Fraction | str,
    ikm_raw: str,
    ikm: str,
    mutu: Mutu,
) -> None:
    result = compute_ikm(totals, weight)
    assert result.ikm_raw == Fraction(ikm_raw)
    assert result.ikm == Decimal(ikm)
    assert str(result.ikm) == ikm
    assert result.mutu is mutu
    assert result.ni == Fraction(ikm_raw) / 25
    assert result.missing_elements == ()
    assert result.warning is None


@pytest.mark.parametrize(
    ("weight", "text", "value"),
    [
        (DEFAULT_WEIGHT, "1/9", Fraction(1, 9)),
        ("1/9", "1/9", Fraction(1, 9)),
        ("0.111", "0,111", Fraction(111, 1000)),
        ("0,111", "0,111", Fraction(111, 1000)),
        (Decimal("0.11"), "0,11", Fraction(11, 100)),
    ],
)
def test_result_states_weight(weight: Fraction | Decimal | str, text: str, value: Fraction) -> None:
    result = compute_ikm(uniform(354, 100), weight, 100)
    assert result.weight == value
    assert result.weight_text == text
    assert result.effective_weight == value


def test_default_weight_is_exactly_one_ninth() -> None:
    result = compute_ikm(VARIED_354, respondents=300)
    assert result.weight == Fraction(1, 9)
    assert result.ikm == Decimal("88.50")


@pytest.mark.parametrize("weight", [0, "0", "-0.11", Fraction(-1, 9)])
def test_rejects_non_positive_weight(weight: Fraction | str | int) -> None:
    with pytest.raises(ValueError):
        compute_ikm(uniform(354, 100), weight, 100)  # type: ignore[arg-type]


def test_rejects_float_weight() -> None:
    with pytest.raises(TypeError):
        compute_ikm(uniform(354, 100), 0.11, 100)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "mutu"),
    [
        (Decimal("88.305"), Mutu.A),
        (Decimal("88.304"), Mutu.B),
        (Decimal("88.31"), Mutu.A),
        (Decimal("76.605"), Mutu.B),
        (Decimal("76.604"), Mutu.C),
        (Decimal("76.61"), Mutu.B),
        (Decimal("64.995"), Mutu.C),
        (Decimal("64.994"), Mutu.D),
        (Decimal("65.00"), Mutu.C),
        (Decimal("25.00"), Mutu.D),
        (Decimal("100"), Mutu.A),
        (Fraction(88305, 1000), Mutu.A),
        (Fraction(76604, 1000), Mutu.C),
        (Fraction(64995, 1000), Mutu.C),
    ],
)
def test_classify_ikm_uses_rounded_value(value: Decimal | Fraction, mutu: Mutu) -> None:
    assert classify_ikm(value) is mutu


@pytest.mark.parametrize(
    ("mutu", "kinerja"),
    [(Mutu.A, "Sangat baik"), (Mutu.B, "Baik"), (Mutu.C, "Kurang baik"), (Mutu.D, "Tidak baik")],
)
def test_kinerja_labels(mutu: Mutu, kinerja: str) -> None:
    assert mutu.kinerja == kinerja


def test_result_kinerja_label() -> None:
    assert compute_ikm(uniform(307, 100), W11, 100).kinerja == "Kurang baik"


def test_blanks_are_skipped_in_sum_and_count() -> None:
    totals = ElementTotals.from_scores([4, 3, None])
    assert totals == (7, 2)
    assert totals.nrr == Fraction(7, 2)


def test_tally_responses_and_element_values() -> None:
    responses: list[dict[str, int | None]] = [
        {"u1": 4, "u2": 4, "u3": 3, "u4": 4, "u5": 3, "u6": 3, "u7": 4, "u8": 3, "u9": 4},
        {"u1": 3, "u2": 4, "u3": 3, "u4": 4, "u5": 3, "u6": 3, "u7": 4, "u8": 3, "u9": 4},
        {"u1": None, "u2": 4, "u3": 3, "u4": 4, "u5": 3, "u6": 3, "u7": 4, "u8": 3, "u9": 4},
    ]
    totals = tally_responses(responses)
    assert totals["u1"] == ElementTotals(7, 2)
    assert totals["u2"] == ElementTotals(12, 3)
    result = compute_ikm(totals, respondents=3)
    u1 = result.elements[0]
    assert (u1.code, u1.name, u1.score_sum, u1.answered) == ("u1", "Persyaratan", 7, 2)
    assert u1.nrr == Fraction(7, 2)
    assert u1.nrr_converted == Fraction(175, 2)
    assert u1.weight == Fraction(1, 9)
    assert u1.weighted == Fraction(7, 18)
    # NRR: 3.5, 4, 3, 4, 3, 3, 4, 3, 4 -> sum 31.5 -> IKM 31.5 / 9 × 25 = 87.5.
    assert result.ikm_raw == Fraction(175, 2)
    assert result.ikm == Decimal("87.50")
    assert result.mutu is Mutu.B


@pytest.mark.parametrize(
    "responses",
    [[{"u1": 5}], [{"u1": 0}], [{"u10": 3}], [{"U1": 3}]],
)
def test_tally_responses_rejects_bad_data(responses: list[dict[str, int | None]]) -> None:
    with pytest.raises(ValueError):
        tally_responses(responses)


def test_missing_elements_reweighted_with_warning() -> None:
    totals = uniform(300, 100)
    del totals["u4"]
    totals["u5"] = (0, 0)
    totals["u9"] = (280, 70)
    result = compute_ikm(totals, respondents=100)
    assert result.missing_elements == ("u4", "u5")
    assert result.effective_weight == Fraction(1, 7)
    assert result.weight == Fraction(1, 9)
    # Answered NRR: six × 3 and one 4 -> mean 22/7 -> IKM 550/7 = 78.571...
    assert result.ikm_raw == Fraction(550, 7)
    assert result.ikm == Decimal("78.57")
    assert result.mutu is Mutu.B
    u4 = result.elements[3]
    assert (u4.nrr, u4.nrr_converted, u4.weight, u4.weighted) == (None, None, None, None)
    assert result.warning == (
        "Unsur u4 (Biaya/Tarif) dan u5 (Produk Spesifikasi Jenis Pelayanan) tidak memiliki "
        "jawaban yang terisi, sehingga NRR-nya tidak dapat dihitung. IKM dihitung dari 7 unsur "
        "yang terisi dengan bobot tiap unsur 1/9 × 9/7 = 1/7, sehingga jumlah bobot tetap 1."
    )


def test_missing_elements_keep_total_weight_of_rounded_weight() -> None:
    totals = uniform(400, 100)
    del totals["u9"]
    result = compute_ikm(totals, W111, 100)
    assert result.effective_weight == Fraction(111, 1000) * 9 / 8
    assert result.ikm == Decimal("99.90")
    assert result.warning is not None
    assert "u9 (Sarana dan Prasarana)" in result.warning
    assert "0,111 × 9/8 = 0,124875" in result.warning
    assert "jumlah bobot tetap 0,999" in result.warning


def test_three_missing_elements_listed_in_indonesian() -> None:
    totals = uniform(30, 10)
    for code in ("u1", "u2", "u3"):
        totals[code] = (0, 0)
    result = compute_ikm(totals, respondents=10)
    assert result.warning is not None
    assert result.warning.startswith(
        "Unsur u1 (Persyaratan), u2 (Sistem, Mekanisme, dan Prosedur), dan u3 "
        "(Waktu Penyelesaian) tidak memiliki"
    )
    assert result.ikm == Decimal("75.00")


@pytest.mark.parametrize("totals", [{}, uniform(0, 0)])
def test_no_answered_element_raises(totals: dict[str, tuple[int, int]]) -> None:
    with pytest.raises(NoAnswersError, match="IKM tidak dapat dihitung"):
        compute_ikm(totals, respondents=0)
    assert issubclass(NoAnswersError, ValueError)


@pytest.mark.parametrize(
    "totals",
    [
        {"u10": (3, 1)},
        {"u1": (5, 1)},
        {"u1": (0, 1)},
        {"u1": (3, 0)},
        {"u1": (0, -1)},
    ],
)
def test_rejects_impossible_totals(totals: dict[str, tuple[int, int]]) -> None:
    with pytest.raises(ValueError):
        compute_ikm(totals)


def test_respondents_default_and_check() -> None:
    assert compute_ikm(VARIED_354).respondents == 300
    assert compute_ikm(VARIED_354, respondents=320).respondents == 320
    with pytest.raises(ValueError):
        compute_ikm(VARIED_354, respondents=299)


def test_element_names_default_and_override() -> None:
    default = compute_ikm(uniform(354, 100), respondents=100)
    assert [e.name for e in default.elements] == [DEFAULT_ELEMENT_NAMES[c] for c in ELEMENT_CODES]
    assert default.elements[7].name == "Penanganan Pengaduan, Saran dan Masukan"
    assert default.elements[8].name == "Sarana dan Prasarana"
    swapped = compute_ikm(
        uniform(354, 100),
        respondents=100,
        element_names={"u8": "Sarana dan Prasarana", "u9": "Penanganan Pengaduan"},
    )
    assert swapped.elements[7].name == "Sarana dan Prasarana"
    assert swapped.elements[8].name == "Penanganan Pengaduan"
    assert swapped.elements[0].name == "Persyaratan"
    with pytest.raises(ValueError):
        compute_ikm(uniform(354, 100), element_names={"u10": "Lain"})


def test_weakest_elements_lowest_nrr_ties_by_code() -> None:
    result = compute_ikm(VARIED_354)
    assert [e.code for e in weakest_elements(result)] == ["u3"]
    assert [e.code for e in weakest_elements(result, 4)] == ["u3", "u1", "u8", "u9"]
    assert weakest_elements(result, 0) == ()
    assert len(weakest_elements(result, 20)) == 9


def test_weakest_elements_skip_missing() -> None:
    totals = uniform(350, 100)
    totals["u2"] = (0, 0)
    totals["u5"] = (300, 100)
    result = compute_ikm(totals)
    assert [e.code for e in weakest_elements(result, 2)] == ["u5", "u1"]
