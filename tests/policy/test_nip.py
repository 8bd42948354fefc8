"""NIP and NI PPPK validation (DOMAIN.md R3, §3)."""

from __future__ import annotations

import pytest

from policy.models import AsnType
from policy.nip import NipError, format_nip, validate_nip


@pytest.mark.parametrize(
    ("text", "asn_type", "expected"),
    [
        ("196608011988031001", AsnType.PNS, "196608011988031001"),
        ("19660801.198803.1.001", AsnType.PNS, "196608011988031001"),
        ("19860926 201505 1 001", AsnType.PNS, "198609262015051001"),
        ("  19860926  201505 1 001 ", None, "198609262015051001"),
        ("'196608011988031001", AsnType.PNS, "196608011988031001"),
        ("19660801\u00a0198803\u00a01\u00a0001", AsnType.PNS, "196608011988031001"),
        # NI PPPK: digits 13-14 are a code, not a month (DOMAIN.md §3 worked example).
        ("199009132025242014", AsnType.PPPK, "199009132025242014"),
        ("199009132025242014", AsnType.PPPK_PARUH_WAKTU, "199009132025242014"),
        ("199009132025242014", None, "199009132025242014"),
        ("200002292024012001", AsnType.PNS, "200002292024012001"),  # 29 Feb of a leap year
    ],
)
def test_valid_nip(text: str, asn_type: AsnType | None, expected: str) -> None:
    assert validate_nip(text, asn_type) == expected


def test_pppk_number_is_not_a_valid_pns_nip() -> None:
    with pytest.raises(NipError) as info:
        validate_nip("199009132025242014", AsnType.PNS)
    message = str(info.value)
    assert "digit ke-9 sampai ke-14" in message
    assert "202524" in message
    assert "PPPK" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("19660801198803100", "NIP harus 18 digit angka, ditemukan 17 digit"),
        ("1,97E+17", "tersimpan sebagai angka"),
        ("1.97e17", "tersimpan sebagai angka"),
        ("196608011988031000.0", "tersimpan sebagai angka"),
        ("1966080119880310011", "ditemukan 19 digit"),
        ("130123456", "format lama 9 digit"),
        ("19661301 198803 1 001", "tanggal lahir yang sah"),
        ("19660230 198803 1 001", "tanggal lahir yang sah"),
        ("18990101 198803 1 001", "tanggal lahir yang sah"),
        ("19660801 198803 3 001", "digit ke-15 NIP (jenis kelamin) harus 1 atau 2"),
        ("19660801-198803-1-001", "hanya boleh berisi angka, ditemukan '-'"),
        ("", "NIP kosong"),
    ],
)
def test_invalid_nip(text: str, fragment: str) -> None:
    with pytest.raises(NipError) as info:
        validate_nip(text, None)
    assert fragment in str(info.value)


@pytest.mark.parametrize("text", ["19660801198803100", "1,97E+17", "1.97e17"])
def test_excel_damage_explains_the_fifteen_digit_limit(text: str) -> None:
    with pytest.raises(NipError) as info:
        validate_nip(text, AsnType.PNS)
    message = str(info.value)
    assert "15 digit" in message
    assert "Teks" in message


@pytest.mark.parametrize("tmt", ["198813", "198800", "194912"])
def test_pns_tmt_must_be_a_year_and_month(tmt: str) -> None:
    nip = f"19660801{tmt}1001"
    with pytest.raises(NipError, match="TTTTBB"):
        validate_nip(nip, AsnType.PNS)
    assert validate_nip(nip, AsnType.PPPK) == nip


def test_nip_error_is_a_value_error() -> None:
    assert issubclass(NipError, ValueError)


def test_format_nip() -> None:
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip(validate_nip("19660801.198803.1.001", AsnType.PNS)) == (
        "19660801 198803 1 001"
    )
    with pytest.raises(NipError):
        format_nip("1986092620150510")


# Digits of other scripts: str.isdecimal() and \d take them, and int() reads them as numbers.
FULL_WIDTH = "１９６６０８０１１９８８０３１００１"  # U+FF10..U+FF19
ARABIC_INDIC = "١٩٦٦٠٨٠١١٩٨٨٠٣١٠٠١"  # U+0660..U+0669
MIXED = "196608011988031٠٠١"


@pytest.mark.parametrize("text", [FULL_WIDTH, ARABIC_INDIC, MIXED, "19660801 198803 1 ００１"])
@pytest.mark.parametrize("asn_type", [None, AsnType.PNS, AsnType.PPPK])
def test_only_ascii_digits_make_a_nip(text: str, asn_type: AsnType | None) -> None:
    """DOMAIN.md R3: "exactly 18 digits" means 0-9; the message says which characters."""
    with pytest.raises(NipError) as info:
        validate_nip(text, asn_type)
    message = str(info.value)
    assert message.startswith("NIP hanya boleh berisi angka 0-9 biasa, ditemukan angka dari aksara")
    assert "ketik ulang NIP dengan angka 0-9" in message
    assert f"pada '{text}'" in message
    with pytest.raises(NipError):
        format_nip(text.replace(" ", ""))
