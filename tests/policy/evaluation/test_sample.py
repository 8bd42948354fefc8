import pytest

from policy.evaluation import krejcie_morgan_sample, sample_warning

# The published Krejcie & Morgan table (DOMAIN.md §1.4).
PUBLISHED_TABLE = [
    (10, 10),
    (20, 19),
    (50, 44),
    (100, 80),
    (150, 108),
    (200, 132),
    (300, 169),
    (500, 217),
    (1000, 278),
    (2000, 322),
    (5000, 357),
    (10000, 370),
    (50000, 381),
    (1000000, 384),
]


@pytest.mark.parametrize(("population", "sample"), PUBLISHED_TABLE)
def test_krejcie_morgan_matches_published_table(population: int, sample: int) -> None:
    assert krejcie_morgan_sample(population) == sample


@pytest.mark.parametrize(("population", "sample"), [(0, 0), (1, 1), (2, 2)])
def test_krejcie_morgan_tiny_populations(population: int, sample: int) -> None:
    assert krejcie_morgan_sample(population) == sample


def test_krejcie_morgan_never_exceeds_population() -> None:
    assert all(krejcie_morgan_sample(n) <= n for n in range(0, 2001))


def test_krejcie_morgan_rejects_negative_population() -> None:
    with pytest.raises(ValueError):
        krejcie_morgan_sample(-1)


@pytest.mark.parametrize(("population", "respondents"), [(100, 80), (100, 95), (0, 0)])
def test_sample_warning_none_when_enough(population: int, respondents: int) -> None:
    assert sample_warning(population, respondents) is None


def test_sample_warning_text() -> None:
    assert sample_warning(1000000, 383) == (
        "Jumlah responden (383) kurang dari sampel minimum 384 untuk populasi 1.000.000 "
        "menurut tabel Krejcie dan Morgan (tingkat kepercayaan 95%, tingkat kesalahan 5%). "
        "IKM tetap dihitung, tetapi hasilnya belum tentu mewakili seluruh penerima layanan."
    )


def test_sample_warning_just_below_minimum() -> None:
    warning = sample_warning(100, 79)
    assert warning is not None
    assert "(79)" in warning
    assert "sampel minimum 80" in warning


def test_sample_warning_rejects_negative_respondents() -> None:
    with pytest.raises(ValueError):
        sample_warning(100, -1)
