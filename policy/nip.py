"""NIP and NI PPPK validation (DOMAIN.md R3 and §3).

Layer: domain rules, pure and without IO (used by `policy.imports` and the services). A NIP is
always text: 18 digits, of which 1–8 are the birth date, 9–14 the TMT as CPNS (YYYYMM, checked
only for PNS), 15 the gender and 16–18 a sequence number. Messages are in Bahasa Indonesia,
written for the policy officer who has to fix the spreadsheet.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from policy.enums import AsnType

__all__ = ["NipError", "format_nip", "validate_nip"]

EXCEL_HINT = (
    "Excel hanya menyimpan 15 digit bermakna dari sebuah angka, sehingga digit sisanya hilang; "
    "format kolom NIP sebagai Teks sebelum mengetik atau mengimpor data"
)

# [0-9], not \d: \d and str.isdecimal() also take other scripts' digits ("１", "٣"), which
# int() reads as numbers; R3's "exactly 18 digits" means the ASCII digits 0-9.
_DIGITS18 = re.compile(r"[0-9]{18}")
# Display forms "19860926 201505 1 001" and "19660801.198803.1.001" (and any mix of the two).
_SEPARATORS = re.compile(r"[\s.\u00a0]+")
_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
# "196608011988031000.0": a number written out by a tool that read the cell as a float.
_FLOAT_TEXT = re.compile(r"[0-9]{15,}[.,]0+")
_NON_DIGIT = re.compile(r"[^0-9]")


class NipError(ValueError):
    """A NIP that breaks R3; the message says what to fix, in Bahasa Indonesia."""


def validate_nip(text: str, asn_type: AsnType | None) -> str:
    """Return the normalised 18-digit NIP, or raise `NipError`.

    Args:
        text: the NIP as typed, with or without the spaces or dots of the display form.
        asn_type: the employee's jenis ASN; digits 9–14 are checked as a YYYYMM only for PNS,
            because in an NI PPPK they are a year and a code (DOMAIN.md §3). `None` skips
            that check (files without a jenis ASN column).

    Raises:
        NipError: the value is not a valid NIP.
    """
    nip = text.strip()
    if len(nip) != 18 or not (nip.isascii() and nip.isdecimal()):  # exactly 18 of 0-9
        nip = _normalise(nip)
    _check_birth_date(nip)
    if nip[14] not in "12":
        raise NipError(
            f"digit ke-15 NIP (jenis kelamin) harus 1 atau 2, ditemukan '{nip[14]}' pada {nip}"
        )
    if asn_type is AsnType.PNS:
        _check_tmt(nip)
    return nip


def format_nip(nip: str) -> str:
    """Format a normalised NIP for display: "19860926 201505 1 001".

    Raises:
        NipError: `nip` is not 18 digits.
    """
    if _DIGITS18.fullmatch(nip) is None:
        raise NipError(f"NIP harus 18 digit angka, ditemukan '{nip}'")
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _normalise(raw: str) -> str:
    """Strip display separators and explain every way the value can fail to be 18 digits."""
    if not raw:
        raise NipError("NIP kosong")
    if raw.startswith("'"):  # Excel's "treat as text" prefix, sometimes typed into CSV files
        raw = raw[1:].strip()
    elif raw.startswith('="') and raw.endswith('"'):  # the ="…" text trick of CSV exports
        raw = raw[2:-1].strip()
    if _SCIENTIFIC.fullmatch(raw) or _FLOAT_TEXT.fullmatch(raw):
        raise NipError(f"NIP '{raw}' tersimpan sebagai angka, bukan teks. {EXCEL_HINT}")
    nip = _SEPARATORS.sub("", raw)
    others = sorted(set(_NON_DIGIT.findall(nip)))
    foreign = [c for c in others if c.isdigit()]
    if foreign:
        shown = " ".join(f"'{c}'" for c in foreign)
        raise NipError(
            f"NIP hanya boleh berisi angka 0-9 biasa, ditemukan angka dari aksara lain ({shown}, "
            f"mis. angka lebar penuh atau angka Arab) pada '{raw}'; ketik ulang NIP dengan "
            "angka 0-9"
        )
    if others:
        shown = " ".join(f"'{c}'" for c in others)
        raise NipError(f"NIP hanya boleh berisi angka, ditemukan {shown} pada '{raw}'")
    count = len(nip)
    if count == 9:
        raise NipError(
            f"NIP '{raw}' memakai format lama 9 digit; gunakan NIP baru 18 digit "
            "(Peraturan Kepala BKN Nomor 22 Tahun 2007)"
        )
    if count < 18:
        raise NipError(f"NIP harus 18 digit angka, ditemukan {count} digit. {EXCEL_HINT}")
    if count > 18:
        raise NipError(f"NIP harus 18 digit angka, ditemukan {count} digit")
    return nip


@lru_cache(maxsize=65536)
def _is_birth_date(digits: str) -> bool:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def _check_birth_date(nip: str) -> None:
    if not _is_birth_date(nip[:8]):
        raise NipError(
            f"8 digit pertama NIP harus tanggal lahir yang sah (TTTTBBHH), ditemukan {nip[:8]}"
        )


def tmt_is_valid(digits: str) -> bool:
    """Whether digits 9–14 of a PNS NIP (``TTTTBB``) are a plausible CPNS year and month."""
    year, month = int(digits[:4]), int(digits[4:6])
    return 1950 <= year <= 2100 and 1 <= month <= 12


def _check_tmt(nip: str) -> None:
    if not tmt_is_valid(nip[8:14]):
        raise NipError(
            "digit ke-9 sampai ke-14 NIP PNS harus tahun dan bulan pengangkatan CPNS (TTTTBB), "
            f"ditemukan {nip[8:14]}; bila pegawai ini PPPK, isi jenis ASN dengan PPPK"
        )
