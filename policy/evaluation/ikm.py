"""SKM/IKM maths of PermenPANRB 14/2017 under project rule R1 (DOMAIN.md §0, §1.2, §1.3).

Layer: domain, pure: no database, no IO. The caller (usually SQL) hands over per-element
totals, the sum of scores and the number of answered responses for each code u1..u9, so
that large surveys are aggregated where they are stored.

- NRR of an element = sum of scores / answered responses; blanks are skipped in both.
- NI (1–4) = Σ NRR × w; IKM = NI × 25, in exact `Fraction` arithmetic. The raw IKM is
  kept; the displayed IKM is rounded half-up to 2 decimals once, and the mutu (A–D)
  is read from that rounded value.
- The weight w defaults to exactly 1/9 and may be set to the rounded weights found in
  practice ("0.111", "0.11"); every result states the weight used as text.

Decision where the regulation is silent: an element with no answered responses has no
NRR. The IKM is then computed over the k answered elements, each weighted w × 9/k so
that the total weight stays 9w (with w = 1/9: the plain mean of the answered NRR × 25).
The result lists the missing elements and carries an Indonesian warning saying so.
With no answered element at all there is no IKM: `NoAnswersError` is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from policy.evaluation.rounding import Number, as_fraction, format_exact, round_half_up

ELEMENT_CODES: tuple[str, ...] = tuple(f"u{index}" for index in range(1, 10))
"""The nine SKM element codes; data names elements only by code (R2)."""

DEFAULT_ELEMENT_NAMES: Mapping[str, str] = {
    "u1": "Persyaratan",
    "u2": "Sistem, Mekanisme, dan Prosedur",
    "u3": "Waktu Penyelesaian",
    "u4": "Biaya/Tarif",
    "u5": "Produk Spesifikasi Jenis Pelayanan",
    "u6": "Kompetensi Pelaksana",
    "u7": "Perilaku Pelaksana",
    "u8": "Penanganan Pengaduan, Saran dan Masukan",
    "u9": "Sarana dan Prasarana",
}
"""Default display names (R2); sources disagree on the order of u8/u9, so it is overridable."""

DEFAULT_WEIGHT = Fraction(1, 9)
"""The exact weight of each element, 1 / number of elements."""

CONVERSION_FACTOR = 25
"""NI (1–4) × 25 = IKM (25–100)."""

MIN_SCORE = 1
MAX_SCORE = 4


class Mutu(StrEnum):
    """Mutu pelayanan of an IKM (DOMAIN.md §1.3)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def kinerja(self) -> str:
        """Kinerja unit pelayanan for this mutu ("Sangat baik" ... "Tidak baik")."""
        return KINERJA_LABELS[self]


KINERJA_LABELS: Mapping[Mutu, str] = {
    Mutu.A: "Sangat baik",
    Mutu.B: "Baik",
    Mutu.C: "Kurang baik",
    Mutu.D: "Tidak baik",
}

MUTU_THRESHOLDS: tuple[tuple[Decimal, Mutu], ...] = (
    (Decimal("88.31"), Mutu.A),
    (Decimal("76.61"), Mutu.B),
    (Decimal("65.00"), Mutu.C),
)
"""Lower bounds on the rounded IKM, highest first; anything below the last is D (R1)."""


class NoAnswersError(ValueError):
    """No SKM element has an answered response, so no IKM exists."""


class ElementTotals(NamedTuple):
    """Totals of one SKM element: the sum of its scores and its number of answered responses."""

    score_sum: int
    answered: int

    @classmethod
    def from_scores(cls, scores: Iterable[int | None]) -> ElementTotals:
        """Total the scores of one element, skipping blanks (4, 3, blank -> (7, 2)).

        Raises:
            ValueError: If a score is outside 1..4.
        """
        score_sum = 0
        answered = 0
        for score in scores:
            if score is None:
                continue
            if isinstance(score, bool) or not MIN_SCORE <= score <= MAX_SCORE:
                raise ValueError(f"SKM score must be {MIN_SCORE}..{MAX_SCORE}, got {score!r}")
            score_sum += score
            answered += 1
        return cls(score_sum, answered)

    @property
    def nrr(self) -> Fraction | None:
        """Exact NRR (sum / answered), or None when nothing was answered."""
        if self.answered == 0:
            return None
        return Fraction(self.score_sum, self.answered)


def tally_responses(responses: Iterable[Mapping[str, int | None]]) -> dict[str, ElementTotals]:
    """Total per element code a set of responses (each a mapping code -> score or blank).

    Meant for small in-memory sets and tests; large surveys are totalled in SQL.

    Raises:
        ValueError: If a code is not u1..u9 or a score is outside 1..4.
    """
    scores: dict[str, list[int | None]] = {code: [] for code in ELEMENT_CODES}
    for response in responses:
        for code, score in response.items():
            if code not in scores:
                raise ValueError(f"unknown SKM element code {code!r}; expected u1..u9")
            scores[code].append(score)
    return {code: ElementTotals.from_scores(values) for code, values in scores.items()}


@dataclass(frozen=True, slots=True)
class IkmElement:
    """Result for one SKM element; the NRR values are exact and unrounded.

    Attributes:
        code: Element code, u1..u9.
        name: Display name of the element.
        score_sum: Sum of the answered scores.
        answered: Number of answered responses.
        nrr: Sum / answered, or None when nothing was answered.
        nrr_converted: NRR × 25 (25–100 scale), or None.
        weight: Weight applied to this element (w, or w × 9/k), or None when missing.
        weighted: NRR × weight, the element's share of NI, or None.
    """

    code: str
    name: str
    score_sum: int
    answered: int
    nrr: Fraction | None
    nrr_converted: Fraction | None
    weight: Fraction | None
    weighted: Fraction | None


@dataclass(frozen=True, slots=True)
class IkmResult:
    """The IKM of one service unit for one period.

    Attributes:
        elements: One entry per code u1..u9, in code order.
        ni: Σ NRR × weight on the 1–4 scale, exact.
        ikm_raw: NI × 25, exact and unrounded (store this).
        ikm: `ikm_raw` rounded half-up to 2 decimals (display this).
        mutu: Mutu pelayanan read from `ikm`.
        kinerja: Kinerja unit pelayanan label of `mutu`.
        weight: The configured element weight w.
        weight_text: `weight` as Indonesian text ("1/9", "0,111").
        effective_weight: The weight applied to each answered element (w × 9/k).
        respondents: Number of respondents (survey forms) behind the totals.
        missing_elements: Codes with no answered response, in code order.
        warning: Indonesian text when elements are missing, else None.
    """

    elements: tuple[IkmElement, ...]
    ni: Fraction
    ikm_raw: Fraction
    ikm: Decimal
    mutu: Mutu
    kinerja: str
    weight: Fraction
    weight_text: str
    effective_weight: Fraction
    respondents: int
    missing_elements: tuple[str, ...]
    warning: str | None


def parse_weight(value: Number | str) -> Fraction:
    """Read a configured element weight: "1/9", "0.111", "0,111", a Fraction or a Decimal.

    Raises:
        TypeError: If `value` is a float.
        ValueError: If the weight is not a positive number.
    """
    weight = as_fraction(value)
    if weight <= 0:
        raise ValueError(f"element weight must be positive, got {value!r}")
    return weight


def classify_ikm(ikm: Fraction | Decimal | int) -> Mutu:
    """Mutu pelayanan of an IKM, read from its value rounded half-up to 2 decimals (R1).

    88.305 -> 88.31 -> A; 76.604 -> 76.60 -> C; 64.995 -> 65.00 -> C.
    """
    rounded = round_half_up(ikm, 2)
    for lower_bound, mutu in MUTU_THRESHOLDS:
        if rounded >= lower_bound:
            return mutu
    return Mutu.D


def element_names_with(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The default element display names with `overrides` applied.

    Raises:
        ValueError: If an override names a code other than u1..u9.
    """
    names = dict(DEFAULT_ELEMENT_NAMES)
    for code, name in (overrides or {}).items():
        if code not in names:
            raise ValueError(f"unknown SKM element code {code!r}; expected u1..u9")
        names[code] = name
    return names


def _check_totals(totals: Mapping[str, tuple[int, int]]) -> dict[str, ElementTotals]:
    checked: dict[str, ElementTotals] = {}
    for code, (score_sum, answered) in totals.items():
        if code not in ELEMENT_CODES:
            raise ValueError(f"unknown SKM element code {code!r}; expected u1..u9")
        if answered < 0 or not MIN_SCORE * answered <= score_sum <= MAX_SCORE * answered:
            raise ValueError(
                f"{code}: sum {score_sum} is impossible for {answered} answers scored "
                f"{MIN_SCORE}..{MAX_SCORE}"
            )
        checked[code] = ElementTotals(score_sum, answered)
    return checked


def _join(items: list[str]) -> str:
    """Indonesian list: "a", "a dan b", "a, b, dan c"."""
    if len(items) <= 2:
        return " dan ".join(items)
    return f"{', '.join(items[:-1])}, dan {items[-1]}"


def _missing_warning(
    missing: list[str], names: Mapping[str, str], weight: Fraction, effective: Fraction
) -> str:
    answered = len(ELEMENT_CODES) - len(missing)
    listed = _join([f"{code} ({names[code]})" for code in missing])
    return (
        f"Unsur {listed} tidak memiliki jawaban yang terisi, sehingga NRR-nya tidak dapat "
        f"dihitung. IKM dihitung dari {answered} unsur yang terisi dengan bobot tiap unsur "
        f"{format_exact(weight)} × {len(ELEMENT_CODES)}/{answered} = {format_exact(effective)}, "
        f"sehingga jumlah bobot tetap {format_exact(weight * len(ELEMENT_CODES))}."
    )


def compute_ikm(
    totals: Mapping[str, tuple[int, int]],
    weight: Fraction | Decimal | str = DEFAULT_WEIGHT,
    respondents: int | None = None,
    element_names: Mapping[str, str] | None = None,
) -> IkmResult:
    """Compute the IKM of one service unit from per-element totals (R1).

    Args:
        totals: Per code u1..u9, (sum of scores, answered responses), blanks excluded
            from both; an `ElementTotals` fits. An absent code counts as unanswered.
        weight: The element weight w: exactly 1/9 by default, or a configured rounded
            weight such as "0.111" or "0.11".
        respondents: Number of survey forms behind the totals; when None, the largest
            answered count of any element (a lower bound).
        element_names: Display-name overrides for some or all codes (R2).

    Raises:
        NoAnswersError: If no element has an answered response.
        ValueError: On an unknown code, impossible totals, a non-positive weight, or
            fewer respondents than some element's answered count.
    """
    w = parse_weight(weight)
    names = element_names_with(element_names)
    checked = _check_totals(totals)
    most_answered = max((item.answered for item in checked.values()), default=0)
    if respondents is None:
        respondents = most_answered
    elif respondents < most_answered:
        raise ValueError(f"{respondents} respondents cannot give {most_answered} answers")

    missing = [code for code in ELEMENT_CODES if checked.get(code, ElementTotals(0, 0)).nrr is None]
    answered_count = len(ELEMENT_CODES) - len(missing)
    if answered_count == 0:
        raise NoAnswersError(
            "Tidak ada unsur SKM yang memiliki jawaban terisi; IKM tidak dapat dihitung."
        )
    effective = w * len(ELEMENT_CODES) / answered_count

    elements: list[IkmElement] = []
    ni = Fraction(0)
    for code in ELEMENT_CODES:
        item = checked.get(code, ElementTotals(0, 0))
        nrr = item.nrr
        if nrr is None:
            elements.append(IkmElement(code, names[code], 0, 0, None, None, None, None))
            continue
        weighted = nrr * effective
        ni += weighted
        elements.append(
            IkmElement(
                code=code,
                name=names[code],
                score_sum=item.score_sum,
                answered=item.answered,
                nrr=nrr,
                nrr_converted=nrr * CONVERSION_FACTOR,
                weight=effective,
                weighted=weighted,
            )
        )

    ikm_raw = ni * CONVERSION_FACTOR
    mutu = classify_ikm(ikm_raw)
    return IkmResult(
        elements=tuple(elements),
        ni=ni,
        ikm_raw=ikm_raw,
        ikm=round_half_up(ikm_raw, 2),
        mutu=mutu,
        kinerja=mutu.kinerja,
        weight=w,
        weight_text=format_exact(w),
        effective_weight=effective,
        respondents=respondents,
        missing_elements=tuple(missing),
        warning=_missing_warning(missing, names, w, effective) if missing else None,
    )


def weakest_elements(result: IkmResult, count: int = 1) -> tuple[IkmElement, ...]:
    """The `count` answered elements with the lowest NRR, lowest first, ties in code order.

    Feeds the follow-up rule "corrective action on the weakest SKM elements".
    Elements without answers are never listed.
    """
    ranked = sorted(
        (element.nrr, ELEMENT_CODES.index(element.code), element)
        for element in result.elements
        if element.nrr is not None
    )
    return tuple(element for _, _, element in ranked[: max(count, 0)])
