"""Angka kredit of a jabatan fungsional per period (DOMAIN.md §2.3, Peraturan BKN 3/2023)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from policy.evaluation.credits import DEFAULT_COEFFICIENTS, credit_for, jenjang_of, period_months
from policy.models import Predikat


@pytest.mark.parametrize(
    ("position", "jenjang"),
    [
        ("Guru Ahli Pertama", "Ahli Pertama"),
        ("Analis Kebijakan Ahli Muda", "Ahli Muda"),
        ("Pengawas Sekolah  ahli MADYA", "Ahli Madya"),
        ("Widyaiswara Ahli Utama", "Ahli Utama"),
        ("Polisi Pamong Praja Terampil", "Terampil"),
        ("Perawat Mahir", "Mahir"),
        ("Pranata Komputer Penyelia", "Penyelia"),
        ("Arsiparis Pemula", "Pemula"),
        ("Guru Ahli Muda (Guru Kelas)", "Ahli Muda"),
        # Not a jabatan fungsional: no jenjang at the end of the name.
        ("Kepala Seksi Pelayanan Umum", None),
        ("Pengadministrasi Perkantoran", None),
        ("Penyelia Pelayanan", None),
        ("Sekretaris", None),
        ("Muda", None),
        ("", None),
    ],
)
def test_the_jenjang_is_where_a_functional_post_s_name_ends(
    position: str, jenjang: str | None
) -> None:
    assert jenjang_of(position) == jenjang


@pytest.mark.parametrize(
    ("period", "months"), [("2026", 12), ("2026-S2", 6), ("2026-TW3", 3), ("2026-03", 1)]
)
def test_a_period_covers_its_months(period: str, months: int) -> None:
    assert period_months(period) == months


def test_domain_worked_value_ahli_pertama_sangat_baik_for_a_year() -> None:
    credit = credit_for(Predikat.SANGAT_BAIK, "Guru Ahli Pertama", "2026")
    assert credit is not None
    assert (credit.jenjang, credit.coefficient, credit.percent, credit.months) == (
        "Ahli Pertama", Decimal("12.5"), 150, 12,
    )  # fmt: skip
    assert credit.exact == Fraction(75, 4) and credit.value == Decimal("18.75")


def test_domain_worked_value_two_months_baik_is_2_08() -> None:
    # DOMAIN.md §2.3: 2/12 × 100 % × 12,5 = 2,08. Two monthly periods, summed exactly.
    months = [credit_for("Baik", "Pranata Komputer Ahli Pertama", f"2026-0{m}") for m in (1, 2)]
    assert all(c is not None for c in months)
    total = sum((c.exact for c in months if c is not None), Fraction(0))
    assert total == Fraction(25, 12)
    assert months[0] is not None and months[0].value == Decimal("1.04")  # 1,0416…


def test_a_quarter_rounds_half_up_once() -> None:
    credit = credit_for("Baik", "Perawat Ahli Pertama", "2026-TW3")
    assert credit is not None and credit.exact == Fraction(25, 8)  # 3,125
    assert credit.value == Decimal("3.13")


@pytest.mark.parametrize(
    ("predikat", "expected"),
    [("Sangat Baik", "37.50"), ("Baik", "25.00"), ("Butuh Perbaikan", "18.75"),
     ("Kurang/Misconduct", "12.50"), ("Sangat Kurang", "6.25")],
)  # fmt: skip
def test_every_predikat_earns_its_share_of_the_coefficient(predikat: str, expected: str) -> None:
    credit = credit_for(predikat, "Analis Kebijakan Ahli Muda", "2026")
    assert credit is not None and credit.value == Decimal(expected)


def test_other_posts_and_missing_coefficients_earn_none() -> None:
    assert credit_for("Baik", "Kepala Dinas", "2026") is None
    table = {k: v for k, v in DEFAULT_COEFFICIENTS.items() if k != "Ahli Muda"}
    assert credit_for("Baik", "Guru Ahli Muda", "2026", table) is None
    assert credit_for("Baik", "Guru Ahli Pertama", "2026", table) is not None


def test_an_unknown_predikat_is_refused() -> None:
    with pytest.raises(ValueError, match="Istimewa"):
        credit_for("Istimewa", "Guru Ahli Pertama", "2026")
