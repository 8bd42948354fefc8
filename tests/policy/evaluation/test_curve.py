from fractions import Fraction

import pytest

from policy.evaluation import CapaianOrganisasi, CurveWarning, check_distribution
from policy.locale import format_ratio
from policy.models import Predikat

SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
IST, BAIK, CUKUP, KUR, SKUR = (
    CapaianOrganisasi.ISTIMEWA,
    CapaianOrganisasi.BAIK,
    CapaianOrganisasi.BUTUH_PERBAIKAN,
    CapaianOrganisasi.KURANG,
    CapaianOrganisasi.SANGAT_KURANG,
)


def codes(capaian: CapaianOrganisasi, counts: dict[Predikat, int]) -> list[str]:
    return [warning.code for warning in check_distribution(capaian, counts)]


@pytest.mark.parametrize(
    ("capaian", "counts", "expected"),
    [
        # Istimewa: Sangat Baik the largest group, at most 70 %.
        (IST, {SB: 6, B: 3, BP: 1}, []),
        (IST, {SB: 7, B: 3}, []),
        (IST, {SB: 3, B: 5, BP: 2}, ["istimewa.sangat_baik_largest"]),
        (IST, {SB: 4, B: 4, K: 2}, ["istimewa.sangat_baik_largest"]),
        (IST, {SB: 8, B: 2}, ["istimewa.sangat_baik_max_70"]),
        (IST, {SB: 1}, ["istimewa.sangat_baik_max_70"]),
        # Baik: Baik the largest group, at most 70 %, some Butuh Perbaikan or Kurang.
        (BAIK, {SB: 1, B: 6, BP: 2, K: 1}, []),
        (BAIK, {SB: 1, B: 7, BP: 2}, []),
        (BAIK, {SB: 3, B: 6, K: 1}, []),
        (BAIK, {SB: 5, B: 4, BP: 1}, ["baik.baik_largest"]),
        (BAIK, {B: 8, BP: 2}, ["baik.baik_max_70"]),
        (BAIK, {SB: 2, B: 6, SK: 2}, ["baik.needs_butuh_perbaikan_or_kurang"]),
        # Butuh Perbaikan: at least 60 % Butuh Perbaikan, Sangat Baik at most 10 %.
        (CUKUP, {BP: 6, B: 3, SB: 1}, []),
        (CUKUP, {BP: 5, B: 4, SB: 1}, ["butuh_perbaikan.min_60"]),
        (CUKUP, {BP: 6, SB: 2, B: 2}, ["butuh_perbaikan.sangat_baik_max_10"]),
        # Kurang: at least 60 % Kurang, at least 10 % Butuh Perbaikan, Sangat Baik <= 10 %.
        (KUR, {K: 6, BP: 1, SB: 1, B: 2}, []),
        (KUR, {K: 5, BP: 2, B: 3}, ["kurang.min_60"]),
        (KUR, {K: 7, B: 2, SK: 1}, ["kurang.butuh_perbaikan_min_10"]),
        (KUR, {K: 6, BP: 1, SB: 2, B: 1}, ["kurang.sangat_baik_max_10"]),
        # Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang and/or Butuh
        # Perbaikan together, no Sangat Baik.
        (SKUR, {SK: 6, K: 2, BP: 1, B: 1}, []),
        (SKUR, {SK: 9, BP: 1}, []),
        (SKUR, {SK: 9, K: 1}, []),
        (SKUR, {SK: 5, K: 2, B: 3}, ["sangat_kurang.min_60"]),
        (SKUR, {SK: 9, B: 1}, ["sangat_kurang.kurang_or_butuh_perbaikan_min_10"]),
        (SKUR, {SK: 7, K: 2, SB: 1}, ["sangat_kurang.no_sangat_baik"]),
        (
            SKUR,
            {SB: 10},
            [
                "sangat_kurang.min_60",
                "sangat_kurang.kurang_or_butuh_perbaikan_min_10",
                "sangat_kurang.no_sangat_baik",
            ],
        ),
    ],
)
def test_distribution_rules(
    capaian: CapaianOrganisasi, counts: dict[Predikat, int], expected: list[str]
) -> None:
    assert codes(capaian, counts) == expected


@pytest.mark.parametrize("capaian", list(CapaianOrganisasi))
@pytest.mark.parametrize("counts", [{}, dict.fromkeys(Predikat, 0)])
def test_empty_unit_gives_no_warning(
    capaian: CapaianOrganisasi, counts: dict[Predikat, int]
) -> None:
    assert check_distribution(capaian, counts) == []


def test_messages_in_indonesian() -> None:
    assert [(w.code, w.message) for w in check_distribution(IST, {SB: 8, B: 2})] == [
        (
            "istimewa.sangat_baik_max_70",
            "Capaian organisasi Istimewa: predikat Sangat Baik paling banyak 70%, tetapi "
            "Sangat Baik: 8 dari 10 pegawai (80,0%).",
        )
    ]
    assert check_distribution(IST, {SB: 3, B: 5, BP: 2})[0].message == (
        "Capaian organisasi Istimewa: predikat Sangat Baik harus menjadi kelompok terbanyak, "
        "tetapi Sangat Baik 3 pegawai, sedangkan Baik 5 pegawai."
    )
    assert check_distribution(SKUR, {SK: 8, B: 1, SB: 1})[0].message == (
        "Capaian organisasi Sangat Kurang: predikat Kurang/Misconduct dan/atau Butuh Perbaikan "
        "paling sedikit 10%, tetapi Kurang/Misconduct dan/atau Butuh Perbaikan: 0 dari 10 "
        "pegawai (0,0%)."
    )
    assert check_distribution(BAIK, {B: 3})[-1].message == (
        "Capaian organisasi Baik: harus ada pegawai dengan predikat Butuh Perbaikan dan/atau "
        "Kurang/Misconduct, tetapi tidak ada seorang pun dari 3 pegawai."
    )


def test_warnings_carry_their_figures() -> None:
    # What a message says is also data, so another locale can word it.
    assert check_distribution(IST, {SB: 8, B: 2}) == [
        CurveWarning(
            "istimewa.sangat_baik_max_70",
            "Capaian organisasi Istimewa: predikat Sangat Baik paling banyak 70%, tetapi "
            "Sangat Baik: 8 dari 10 pegawai (80,0%).",
            rule="at_most",
            groups=(SB,),
            bound=Fraction(7, 10),
            count=8,
            total=10,
        )
    ]
    (largest,) = check_distribution(BAIK, {SB: 5, B: 4, BP: 1})
    assert (largest.rule, largest.groups, largest.count, largest.total) == ("largest", (B,), 4, 10)
    assert (largest.rival, largest.rival_count, largest.bound) == (SB, 5, None)
    kurang = check_distribution(KUR, {K: 5, B: 5})
    assert [(w.rule, w.groups, w.bound, w.count) for w in kurang] == [
        ("at_least", (K,), Fraction(3, 5), 5),
        ("at_least", (BP,), Fraction(1, 10), 0),
    ]
    (required,) = check_distribution(BAIK, {SB: 1, B: 2})
    assert (required.rule, required.groups, required.total) == ("required", (BP, K), 3)
    (forbidden,) = check_distribution(SKUR, {SK: 8, K: 1, SB: 1})
    assert (forbidden.rule, forbidden.groups, forbidden.count) == ("forbidden", (SB,), 1)


def test_shares_are_exact() -> None:
    # Exactly 70 % is allowed; a hair above is not, though it displays as "70,0%".
    assert codes(IST, {SB: 700, B: 300}) == []
    over = check_distribution(IST, {SB: 700001, B: 299999})
    assert [warning.code for warning in over] == ["istimewa.sangat_baik_max_70"]
    assert "(70,0%)" in over[0].message
    # 3/5 is exactly 60 %: met.
    assert codes(CUKUP, {BP: 3, B: 2}) == []
    # 59/100 is below 60 %.
    assert codes(CUKUP, {BP: 59, B: 41}) == ["butuh_perbaikan.min_60"]


@pytest.mark.parametrize(("count", "total"), [(8, 9), (5, 7), (11, 12), (13, 15), (17, 24)])
def test_warning_share_reads_as_the_predikat_table(count: int, total: int) -> None:
    # The table beside the warning prints the same share with `rasio` (one decimal).
    (warning,) = check_distribution(BAIK, {B: count, BP: total - count})
    share = format_ratio(count, total)
    assert warning.message.endswith(f"Baik: {count} dari {total} pegawai ({share}).")
    assert share.count(",") == 1 and len(share.split(",")[1]) == len("9%")


def test_accepts_text_values() -> None:
    counts = {"Sangat Baik": 8, "Baik": 2}
    assert codes("Istimewa", counts) == ["istimewa.sangat_baik_max_70"]  # type: ignore[arg-type]


def test_rejects_negative_counts() -> None:
    with pytest.raises(ValueError):
        check_distribution(IST, {SB: -1, B: 3})
