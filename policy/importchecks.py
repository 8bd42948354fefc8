"""The checks across the cells of one import row (and their column-wise forms for a chunk).

Layer: domain rules, pure. `policy.importformats` and `policy.importcycle` register each with
its format: a row check returns the row's problems as (field, message) pairs; a column check
answers, for a whole chunk of rows already parsed, whether every row passes (if not, the chunk
is read again row by row for the exact errors).
"""

from __future__ import annotations

from datetime import date
from itertools import compress, repeat
from operator import eq
from typing import Any

from policy.importschema import (
    NO_PROBLEMS,
    Problems,
)
from policy.locale import format_date
from policy.models import AsnType, MilestoneStatus
from policy.nip import NipError, tmt_is_valid, validate_nip


def check_employee(values: dict[str, Any]) -> Problems:
    """An employee row: a PNS NIP's TMT digits, and no one their own supervisor."""
    problems: list[tuple[str | None, str]] = []
    # The TMT digits need the row's jenis ASN, so the NIP column parser cannot check them.
    if values.get("asn_type") is AsnType.PNS and "nip" in values:
        try:
            validate_nip(values["nip"], AsnType.PNS)
        except NipError as exc:
            problems.append(("nip", str(exc)))
    supervisor = values.get("supervisor_nip")
    if supervisor is not None and supervisor == values.get("nip"):
        problems.append(("supervisor_nip", "NIP atasan sama dengan NIP pegawai itu sendiri"))
    return problems


def check_employee_columns(columns: dict[str, list[Any]]) -> bool:
    """`check_employee` for a chunk: True when every row passes."""
    # The NIPs are already valid but for the PNS TMT digits, of which a file has a few
    # hundred distinct values.
    nips = columns["nip"]
    if any(map(eq, nips, columns["supervisor_nip"])):
        return False
    pns = AsnType.PNS
    tmts = {nip[8:14] for kind, nip in zip(columns["asn_type"], nips, strict=True) if kind is pns}
    return all(map(tmt_is_valid, tmts))


def check_unit(values: dict[str, Any]) -> Problems:
    """A unit row: no unit its own parent."""
    if values.get("parent") is not None and values.get("parent") == values.get("code"):
        return [("parent", "unit tidak boleh menjadi induk dirinya sendiri")]
    return NO_PROBLEMS


_SCORE_FIELDS = tuple(f"u{i}" for i in range(1, 10))


def check_skm(values: dict[str, Any]) -> Problems:
    """An SKM response: at least one element answered."""
    get = values.get
    if get("u1", 0) is not None:  # the common case, checked first for speed
        return NO_PROBLEMS
    if all(get(name, 0) is None for name in _SCORE_FIELDS):
        return [(None, "semua unsur u1–u9 kosong; responden harus menjawab minimal satu unsur")]
    return NO_PROBLEMS


#: The answer columns of the ASN needs questionnaire (`kebutuhan_asn`).
NEEDS_FIELDS = tuple(f"k{i}" for i in range(1, 13))
#: Longest competence development an answer sheet names (`kebutuhan_pengembangan`), in
#: characters: the file's cell and the portal's field alike.
NEEDS_DEVELOPMENT_MAX = 500


def check_needs(values: dict[str, Any]) -> Problems:
    """An ASN needs answer sheet: at least one question answered."""
    if all(values.get(name) is None for name in NEEDS_FIELDS):
        return [(None, "semua pertanyaan k1–k12 kosong; lembar jawaban menjawab minimal satu")]
    return NO_PROBLEMS


def check_skm_columns(columns: dict[str, list[Any]]) -> bool:
    """`check_skm` for a chunk: True when every row passes."""
    if None not in columns["u1"]:
        return True
    scores = zip(*(columns[name] for name in _SCORE_FIELDS), strict=True)
    return all(any(v is not None for v in row) for row in scores)


_NIP_SOURCES = frozenset({"atasan", "rekan", "bawahan"})


def check_rating(values: dict[str, Any]) -> Problems:
    """A 360 rating: a rater fitting its source (a NIP where one is named, not the employee)."""
    # An empty rater of a self-rating is already the employee's NIP (the format's Fill).
    source, rater = values.get("source"), values.get("rater")
    if source in _NIP_SOURCES and (rater is None or not rater.isdigit()):
        return [("rater", f"penilai sumber {source} wajib diisi NIP penilai (18 digit)")]
    if source == "diri" and rater is not None and rater != values.get("nip"):
        return [("rater", "penilaian diri: penilai harus kosong atau NIP pegawai itu sendiri")]
    if source != "diri" and source is not None and rater == values.get("nip"):
        text = f"pegawai tidak dapat menjadi penilai {source} bagi dirinya sendiri"
        return [("rater", text + "; penilaian oleh dirinya sendiri bersumber diri")]
    return NO_PROBLEMS


def check_rating_columns(columns: dict[str, list[Any]]) -> bool:
    """`check_rating` for a chunk: True when every row passes."""
    # The common cases decided in C.
    sources, raters, nips = columns["source"], columns["rater"], columns["nip"]
    named = list(map(_NIP_SOURCES.__contains__, sources))
    named_raters = list(compress(raters, named))
    if None in named_raters or not all(map(str.isdigit, named_raters)):
        return False
    if any(map(eq, named_raters, compress(nips, named))):
        return False
    public = list(map(eq, sources, repeat("masyarakat")))
    if any(map(eq, compress(raters, public), compress(nips, public))):
        return False
    own = list(map(eq, sources, repeat("diri")))
    pairs = zip(compress(raters, own), compress(nips, own), strict=True)
    return all(r is None or r == n for r, n in pairs)


def check_workshop(values: dict[str, Any]) -> Problems:
    """A workshop attendance row: no test scores for someone absent."""
    scored = values.get("pre_test") is not None or values.get("post_test") is not None
    if values.get("present") is False and scored:
        return [("present", "tercatat tidak hadir tetapi punya nilai tes; isi hadir dengan 'ya'")]
    return NO_PROBLEMS


def check_service_request(values: dict[str, Any]) -> Problems:
    """A service request: finished on or after the day it came in."""
    received, done = values.get("received_on"), values.get("done_on")
    if isinstance(received, date) and isinstance(done, date) and done < received:
        return [
            (
                "done_on",
                f"tanggal selesai {format_date(done)} sebelum tanggal masuk "
                f"{format_date(received)}; periksa kedua tanggal itu",
            )
        ]
    return NO_PROBLEMS


def check_milestone(values: dict[str, Any]) -> Problems:
    """A milestone row: a finished milestone has its date."""
    if values.get("status") is MilestoneStatus.SELESAI and values.get("done_on", 0) is None:
        return [("done_on", "wajib diisi bila status selesai")]
    return NO_PROBLEMS
