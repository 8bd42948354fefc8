"""The public-service figures of an evaluation period, as view rows: SKM/IKM and complaints.

SKM/IKM per unit with the sample check, service units without responses, the IKM trend, the
respondents' profile, complaint response times, and how the IKM weight is written.

Layer: domain services (queries and view building; no writes; counterpart:
`policy.services.evaluation`, beside `policy.services.evaluation_results` for the employees'
figures). Exact maths from `policy.evaluation`; every displayed number is rounded half-up
once, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlmodel import Session

from policy.evaluation import (
    ResponseStats,
    format_exact,
    krejcie_morgan_sample,
    parse_weight,
    processing,
    round_half_up,
)
from policy.evaluation.activity import ActivityStats
from policy.evaluation.disclosure import withheld
from policy.evaluation.processing import ProcessingStats
from policy.locale import Locale
from policy.ordering import in_unit_order
from policy.orgconfig import PackUnit
from policy.periods import period_label, periods_between
from policy.services.evaluation_results import pct
from policy.services.processing_stats import UnitProcessing
from policy.services.skm import UnitIkm, first_response, ikm_by_periods
from policy.views.evaluation import (
    ActivityRow,
    ComplaintStatsRow,
    ProcessingRow,
    ProcessingUnit,
    ProfileGroup,
    ProfileRow,
    SkmSilentUnit,
    SkmUnit,
    TrendCell,
    TrendPeriod,
    TrendRow,
)

TREND_PERIODS = 8


def skm_units(
    units: Sequence[UnitIkm],
    target: Decimal,
    populations: Mapping[str, int | None],
    online: Mapping[str, int] | None = None,
) -> list[SkmUnit]:
    """The IKM rows, with the Krejcie & Morgan check where the pack gives a population.

    `online`: per unit, how many of its respondents answered the online survey.
    """
    rows = []
    for u in units:
        population = populations.get(u.unit_code)
        minimum = krejcie_morgan_sample(population) if population else None
        rows.append(SkmUnit(
            unit_code=u.unit_code, unit=u.unit_name, respondents=u.result.respondents,
            ikm=u.result.ikm, mutu=u.result.mutu.value, kinerja=u.result.kinerja,
            below_target=u.result.ikm < target,
            nrr=[round_half_up(e.nrr, 2) if e.nrr is not None else None for e in u.result.elements],
            missing=list(u.result.missing_elements), warning=u.result.warning,
            population=population, sample_min=minimum,
            sample_short=minimum is not None and u.result.respondents < minimum,
            online=(online or {}).get(u.unit_code, 0),
        ))  # fmt: skip
    return rows


def skm_silent_units(
    units: Iterable[PackUnit], skm: Sequence[SkmUnit], names: Mapping[str, str]
) -> list[SkmSilentUnit]:
    """The pack's service units without any SKM response in the period, with the K&M minimum.

    No response is the smallest sample there is: below any Krejcie & Morgan minimum (R4).
    """
    answered = {s.unit_code for s in skm}
    return [
        SkmSilentUnit(
            unit_code=u.code, unit=names.get(u.code, u.name), population=u.population,
            sample_min=krejcie_morgan_sample(u.population) if u.population else None,
        )
        for u in units
        if u.service and u.code not in answered
    ]  # fmt: skip


def ikm_trend(
    session: Session,
    org_id: int,
    period: str,
    weight: str,
    elements: Mapping[str, str],
    names: Mapping[str, str],
    locales: Sequence[Locale] = ("id",),
    known: Sequence[UnitIkm] | None = None,
    recorded: Mapping[str, str] | None = None,
) -> dict[Locale, tuple[list[TrendPeriod], list[TrendRow]]]:
    """IKM per unit over the latest periods (of the evaluated kind) that have responses.

    Read once; only the period labels differ between `locales`. `known`, given, is the
    IKM of `period` itself, already read (`ikm_by_unit`): only the earlier periods are read.
    `recorded` holds the weight each approved period was computed with
    (`period_lock.approved_ikm_weights`): an earlier period is read with it, as its approved
    Laporan showed it, and its column says so where it differs from `weight`.
    """
    first = first_response(session, org_id)
    if first is None:
        return {loc: ([], []) for loc in locales}
    codes = periods_between(first, period)
    ranges = {code: _range(code) for code in codes if known is None or code != period}
    own = {code: w for code, w in (recorded or {}).items() if code != period}
    found = ikm_by_periods(session, org_id, ranges, weight=weight, element_names=dict(elements),
                           weights=own)  # fmt: skip
    if known and period in codes:
        found[period] = list(known)
    table = {code: {u.unit_code: u for u in units} for code, units in found.items()}
    codes = sorted(table)[-TREND_PERIODS:]
    units = in_unit_order(names, (u for c in codes for u in table[c]))
    rows = [
        TrendRow(unit_code=u, unit=names.get(u, u), cells=[
            TrendCell(ikm=x.result.ikm, mutu=x.result.mutu.value,
                      respondents=x.result.respondents)
            if (x := table[c].get(u)) else TrendCell(ikm=None, mutu="", respondents=0)
            for c in codes
        ])
        for u in units
    ]  # fmt: skip
    return {
        loc: (
            [
                TrendPeriod(
                    code=c, label=period_label(c, loc), weight=other_weight(own.get(c), weight, loc)
                )
                for c in codes
            ],
            rows,
        )  # fmt: skip
        for loc in locales
    }


def other_weight(used: str | None, stated: str, locale: Locale) -> str:
    """`used` as a report writes it where it is not the weight the report states, else ""."""
    if used is None or parse_weight(used) == parse_weight(stated):
        return ""
    return weight_text(used, locale)


def _range(code: str) -> tuple[date, date]:
    from policy.periods import period_range

    return period_range(code)


def profile_groups(profile: Mapping[str, list[tuple[str, int]]]) -> list[ProfileGroup]:
    """The respondent profile as view rows."""
    return [
        ProfileGroup(field=name, rows=[ProfileRow(label=label, count=n) for label, n in rows])
        for name, rows in profile.items()
        if rows
    ]


def complaint_rows(
    stats: Mapping[str, ResponseStats], names: Mapping[str, str], target: Decimal | None
) -> list[ComplaintStatsRow]:
    """Response-time statistics per unit, the unit with most complaints first."""
    rows = []
    for code, s in stats.items():
        share = pct(s.share_within, 1) if s.share_within is not None else None
        rows.append(ComplaintStatsRow(
            unit_code=code, unit=names.get(code, code), count=s.count, answered=s.answered,
            unanswered=s.unanswered,
            mean_hours=round_half_up(s.mean, 1) if s.mean is not None else None,
            median_hours=round_half_up(s.median, 1) if s.median is not None else None,
            p90_hours=round_half_up(s.p90, 1) if s.p90 is not None else None,
            within=s.within, share_within=share,
            below_target=target is not None and s.share_within is not None
            and s.share_within < Fraction(target),
        ))  # fmt: skip
    return sorted(rows, key=lambda r: (-r.count, r.unit))


def activity_rows(
    by_unit: Mapping[str, ActivityStats], names: Mapping[str, str], k: int
) -> list[ActivityRow]:
    """Activity reports per unit with employees, in the order of `names` (the pack's).

    A unit of fewer than `k` employees is withheld (its count would be one person's
    reporting), and beside the organisation's total so many more that the withheld
    together hold at least `k` (`policy.evaluation.disclosure`).
    """
    rows = [
        activity_row(code, names.get(code, code), s)
        for code in in_unit_order(names, by_unit)
        if (s := by_unit[code]).employees
    ]
    hidden = withheld([r.employees for r in rows], k, total_shown=True)
    return [
        r.model_copy(update={"withheld": True, "complete": 0, "share_complete": None,
                             "silent": 0, "on_leave": 0}) if i in hidden else r
        for i, r in enumerate(rows)
    ]  # fmt: skip


def activity_share(min_share: Decimal | None) -> Decimal | None:
    """The pack's required share of a month's working days, as a percentage."""
    return None if min_share is None else min_share * 100


def activity_row(code: str, unit: str, s: ActivityStats) -> ActivityRow:
    """One unit's (or, with code '', the organisation's) activity reports as a view row."""
    return ActivityRow(
        unit_code=code, unit=unit, employees=s.employees, complete=s.complete,
        share_complete=s.percent_complete(1), silent=s.silent, on_leave=s.on_leave,
    )  # fmt: skip


def processing_row(service: str, standard: int | None, s: ProcessingStats) -> ProcessingRow:
    """One kind's (or a unit's) processing times as a view row, rounded for display."""
    return ProcessingRow(
        service=service, standard_days=standard, requests=s.requests, finished=s.finished,
        unfinished=s.unfinished, mean_days=processing.mean_days(s, 1),
        share_same_day=processing.percent(s.share_same_day, 1), judged=s.judged, late=s.late,
        share_within=processing.percent(s.share_within, 1),
    )  # fmt: skip


def slow_kinds(unit: ProcessingUnit, target: Decimal) -> list[ProcessingRow] | None:
    """A unit's kinds of service below `target` (a share), slowest first.

    None when the unit as a whole meets it or judges nothing. Judged on the exact share (a
    unit at 89,96 % misses a 90 % target although its table shows 90,0 %), as complaints
    are; a kind without a standard judges nothing and is never slow.
    """

    def within(row: ProcessingRow) -> Fraction | None:
        return Fraction(row.judged - row.late, row.judged) if row.judged else None

    share = within(unit.total)
    if share is None or share >= Fraction(target):
        return None
    below = [(s, k) for k in unit.kinds if (s := within(k)) is not None and s < Fraction(target)]
    return [k for _, k in sorted(below, key=lambda pair: (pair[0], pair[1].service))]


def processing_units(
    by_unit: Mapping[str, UnitProcessing], names: Mapping[str, str]
) -> list[ProcessingUnit]:
    """Processing times per unit, in the order of `names` (the pack's), then unknown codes."""
    return [
        ProcessingUnit(
            unit_code=code,
            unit=names.get(code, code),
            total=processing_row("", None, (u := by_unit[code]).total),
            kinds=[processing_row(k.service, k.standard, k.stats) for k in u.kinds],
        )  # fmt: skip
        for code in in_unit_order(names, by_unit)
    ]


def weight_text(weight: str, locale: Locale) -> str:
    """The configured IKM weight as a report writes it ('1/9', '0,11' / '0.11')."""
    text = format_exact(parse_weight(weight))
    return text.replace(",", ".") if locale == "en" else text
