"""Distribution-curve check of SE MenPANRB 3/2023 (DOMAIN.md §2.3, rule R5).

Layer: domain, pure. The leader above a unit sets its capaian kinerja organisasi, which
fixes how the unit's employee predikat should be distributed. Each broken rule gives one
`CurveWarning` for that unit: an Indonesian message, and what it says as data (rule, predikat
groups, bound, counts) for documents in other languages. Nothing is ever blocked (R5).

Reading of the rules, where the SE is not precise:

- Shares are exact fractions of the unit's assessed employees; bounds are inclusive
  ("max 70 %" allows exactly 70 %, "min 60 %" is met by exactly 60 %).
- "Most (max 70 %) X" is read as two rules: X is the largest predikat group, strictly
  larger than every other single group (a tie for first place is not "most"), and X is
  at most 70 % of the unit. It is not read as "more than half": the 70 % cap and the
  "others may be ..." clause describe a plurality, and a majority reading would leave
  the SE's own upper bound as the only number.
- "Some Butuh Perbaikan and/or Kurang/Misconduct" needs at least one employee in either.
- "Min 10 % Kurang/Misconduct and/or Butuh Perbaikan" is met by the two groups together.
- The "others may be ..." clauses add no rule beyond the explicit bounds.
- No minimum unit size is applied (unconfirmed in the sources): a unit of one under
  Istimewa is warned that Sangat Baik exceeds 70 %. An empty unit gives no warning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from policy.enums import CapaianOrganisasi, Predikat
from policy.evaluation.rounding import SHARE_PLACES, format_percent

MOST_MAX = Fraction(70, 100)
MIN_MAIN = Fraction(60, 100)
MIN_SECOND = Fraction(10, 100)
MAX_SANGAT_BAIK = Fraction(10, 100)

__all__ = ["CapaianOrganisasi", "CurveWarning", "check_distribution"]


@dataclass(frozen=True, slots=True)
class CurveWarning:
    """One broken distribution rule for a unit.

    Besides the Indonesian message, the warning carries what it says as data, so that a
    document in another language can word it.

    Attributes:
        code: Stable identifier of the rule, e.g. "istimewa.sangat_baik_max_70".
        message: Indonesian explanation with the counts and shares found.
        rule: The kind of rule broken: "largest" (the groups should be the largest group),
            "at_most" / "at_least" (their share against `bound`), "required" (someone
            should hold them) or "forbidden" (nobody may hold them).
        groups: The predikat the rule is about (read together: "and/or").
        bound: The share the rule sets ("at_most" and "at_least" only).
        count: Employees of the unit holding `groups`.
        total: Employees of the unit assessed.
        rival: "largest" only: the largest other group, and its count.
    """

    code: str
    message: str
    rule: str = ""
    groups: tuple[Predikat, ...] = ()
    bound: Fraction | None = None
    count: int = 0
    total: int = 0
    rival: Predikat | None = None
    rival_count: int = 0


@dataclass(frozen=True, slots=True)
class _Unit:
    counts: Mapping[Predikat, int]
    total: int

    def count(self, *groups: Predikat) -> int:
        return sum(self.counts.get(group, 0) for group in groups)

    def share(self, *groups: Predikat) -> Fraction:
        return Fraction(self.count(*groups), self.total)

    def found(self, *groups: Predikat) -> str:
        names = " dan/atau ".join(group.value for group in groups)
        return (
            f"{names}: {self.count(*groups)} dari {self.total} pegawai "
            f"({format_percent(self.share(*groups), SHARE_PLACES)})"
        )


def _largest(unit: _Unit, group: Predikat, code: str, prefix: str) -> list[CurveWarning]:
    own = unit.count(group)
    rivals = [other for other in Predikat if other != group and unit.count(other) >= own]
    if not rivals:
        return []
    rival = max(rivals, key=unit.count)
    return [
        CurveWarning(
            code,
            f"{prefix}: predikat {group.value} harus menjadi kelompok terbanyak, tetapi "
            f"{group.value} {own} pegawai, sedangkan {rival.value} {unit.count(rival)} pegawai.",
            rule="largest",
            groups=(group,),
            count=own,
            total=unit.total,
            rival=rival,
            rival_count=unit.count(rival),
        )
    ]


def _at_most(
    unit: _Unit, groups: tuple[Predikat, ...], bound: Fraction, code: str, prefix: str
) -> list[CurveWarning]:
    if unit.share(*groups) <= bound:
        return []
    return [
        CurveWarning(
            code,
            f"{prefix}: predikat {' dan/atau '.join(g.value for g in groups)} paling banyak "
            f"{format_percent(bound, 0)}, tetapi {unit.found(*groups)}.",
            rule="at_most",
            groups=groups,
            bound=bound,
            count=unit.count(*groups),
            total=unit.total,
        )
    ]


def _at_least(
    unit: _Unit, groups: tuple[Predikat, ...], bound: Fraction, code: str, prefix: str
) -> list[CurveWarning]:
    if unit.share(*groups) >= bound:
        return []
    return [
        CurveWarning(
            code,
            f"{prefix}: predikat {' dan/atau '.join(g.value for g in groups)} paling sedikit "
            f"{format_percent(bound, 0)}, tetapi {unit.found(*groups)}.",
            rule="at_least",
            groups=groups,
            bound=bound,
            count=unit.count(*groups),
            total=unit.total,
        )
    ]


def _istimewa(unit: _Unit, prefix: str) -> list[CurveWarning]:
    sb = (Predikat.SANGAT_BAIK,)
    return [
        *_largest(unit, Predikat.SANGAT_BAIK, "istimewa.sangat_baik_largest", prefix),
        *_at_most(unit, sb, MOST_MAX, "istimewa.sangat_baik_max_70", prefix),
    ]


def _baik(unit: _Unit, prefix: str) -> list[CurveWarning]:
    warnings = [
        *_largest(unit, Predikat.BAIK, "baik.baik_largest", prefix),
        *_at_most(unit, (Predikat.BAIK,), MOST_MAX, "baik.baik_max_70", prefix),
    ]
    if unit.count(Predikat.BUTUH_PERBAIKAN, Predikat.KURANG) == 0:
        warnings.append(
            CurveWarning(
                "baik.needs_butuh_perbaikan_or_kurang",
                f"{prefix}: harus ada pegawai dengan predikat Butuh Perbaikan dan/atau "
                f"Kurang/Misconduct, tetapi tidak ada seorang pun dari {unit.total} pegawai.",
                rule="required",
                groups=(Predikat.BUTUH_PERBAIKAN, Predikat.KURANG),
                total=unit.total,
            )
        )
    return warnings


def _butuh_perbaikan(unit: _Unit, prefix: str) -> list[CurveWarning]:
    return [
        *_at_least(unit, (Predikat.BUTUH_PERBAIKAN,), MIN_MAIN, "butuh_perbaikan.min_60", prefix),
        *_at_most(
            unit,
            (Predikat.SANGAT_BAIK,),
            MAX_SANGAT_BAIK,
            "butuh_perbaikan.sangat_baik_max_10",
            prefix,
        ),
    ]


def _kurang(unit: _Unit, prefix: str) -> list[CurveWarning]:
    return [
        *_at_least(unit, (Predikat.KURANG,), MIN_MAIN, "kurang.min_60", prefix),
        *_at_least(
            unit, (Predikat.BUTUH_PERBAIKAN,), MIN_SECOND, "kurang.butuh_perbaikan_min_10", prefix
        ),
        *_at_most(
            unit, (Predikat.SANGAT_BAIK,), MAX_SANGAT_BAIK, "kurang.sangat_baik_max_10", prefix
        ),
    ]


def _sangat_kurang(unit: _Unit, prefix: str) -> list[CurveWarning]:
    warnings = [
        *_at_least(unit, (Predikat.SANGAT_KURANG,), MIN_MAIN, "sangat_kurang.min_60", prefix),
        *_at_least(
            unit,
            (Predikat.KURANG, Predikat.BUTUH_PERBAIKAN),
            MIN_SECOND,
            "sangat_kurang.kurang_or_butuh_perbaikan_min_10",
            prefix,
        ),
    ]
    if unit.count(Predikat.SANGAT_BAIK) > 0:
        warnings.append(
            CurveWarning(
                "sangat_kurang.no_sangat_baik",
                f"{prefix}: tidak boleh ada predikat Sangat Baik, tetapi "
                f"{unit.found(Predikat.SANGAT_BAIK)}.",
                rule="forbidden",
                groups=(Predikat.SANGAT_BAIK,),
                count=unit.count(Predikat.SANGAT_BAIK),
                total=unit.total,
            )
        )
    return warnings


_RULES: Mapping[CapaianOrganisasi, Callable[[_Unit, str], list[CurveWarning]]] = {
    CapaianOrganisasi.ISTIMEWA: _istimewa,
    CapaianOrganisasi.BAIK: _baik,
    CapaianOrganisasi.BUTUH_PERBAIKAN: _butuh_perbaikan,
    CapaianOrganisasi.KURANG: _kurang,
    CapaianOrganisasi.SANGAT_KURANG: _sangat_kurang,
}


def check_distribution(
    capaian: CapaianOrganisasi, counts: Mapping[Predikat, int]
) -> list[CurveWarning]:
    """Warnings for a unit whose predikat counts break the curve of its capaian organisasi.

    Args:
        capaian: The unit's capaian kinerja organisasi.
        counts: Number of employees per predikat; an absent predikat counts as zero.

    Raises:
        ValueError: If a count is negative.
    """
    capaian = CapaianOrganisasi(capaian)
    clean = {Predikat(group): count for group, count in counts.items()}
    negative = [group.value for group, count in clean.items() if count < 0]
    if negative:
        raise ValueError(f"negative predikat counts: {negative}")
    total = sum(clean.values())
    if total == 0:
        return []
    prefix = f"Capaian organisasi {capaian.value}"
    return _RULES[capaian](_Unit(clean, total), prefix)
