"""SKM aggregation in SQL and IKM per service unit.

Layer: domain services (queries; no commit). Sums and answered counts per element
are computed by the database; the exact IKM maths is `policy.evaluation.ikm`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, literal_column, text
from sqlmodel import Session, col, select

from policy.evaluation import ELEMENT_CODES, IkmResult, compute_ikm, weakest_elements
from policy.importerrors import Report
from policy.models import ImportRecord, SkmResponse
from policy.services.common import unit_names
from policy.services.survey_links import ONLINE_SCOPE_PREFIX


def online_responses(
    session: Session, organisation_id: int, start: date, end: date
) -> dict[str, int]:
    """How many of each unit's SKM responses dated start..end came through the online survey.

    The answers of a survey link are stored as the day's import record of scope
    `survei-<link>`; responses of files are the rest. No survey ever answered: no scan.
    """
    online = select(ImportRecord.id).where(
        ImportRecord.organisation_id == organisation_id,
        ImportRecord.kind == "skm",
        col(ImportRecord.scope).startswith(ONLINE_SCOPE_PREFIX),
    )
    if session.exec(online.limit(1)).first() is None:
        return {}
    rows = session.exec(
        select(SkmResponse.unit_code, func.count())
        .where(
            SkmResponse.organisation_id == organisation_id,
            col(SkmResponse.response_date) >= start,
            col(SkmResponse.response_date) <= end,
            col(SkmResponse.import_id).in_(online.scalar_subquery()),
        )
        .group_by(SkmResponse.unit_code)
    ).all()
    return {unit: int(n) for unit, n in rows}


@dataclass(frozen=True)
class UnitIkm:
    """The IKM of one service unit over a date range."""

    unit_code: str
    unit_name: str
    result: IkmResult

    def weakest(self, count: int = 2) -> list[str]:
        """The weakest elements as 'U3 Waktu Penyelesaian' labels."""
        return [f"{e.code.upper()} {e.name}" for e in weakest_elements(self.result, count)]


def ikm_by_unit(
    session: Session,
    organisation_id: int,
    start: date,
    end: date,
    *,
    weight: str,
    element_names: dict[str, str] | None = None,
) -> list[UnitIkm]:
    """IKM per service unit from responses dated start..end (inclusive), by unit code."""
    found = ikm_by_periods(
        session, organisation_id, {"": (start, end)}, weight=weight, element_names=element_names
    )
    return found.get("", [])


def ikm_by_periods(
    session: Session,
    organisation_id: int,
    ranges: Mapping[str, tuple[date, date]],
    *,
    weight: str,
    element_names: dict[str, str] | None = None,
    weights: Mapping[str, str] | None = None,
) -> dict[str, list[UnitIkm]]:
    """`ikm_by_unit` of several date ranges (not overlapping) by key, in one pass.

    The responses are read once, each counted in the range its date falls in: a trend
    over years of quarters costs one scan, not one per quarter. `weights` gives a range its
    own element weight (an approved period's, `period_lock.approved_ikm_weights`); the others
    take `weight`.
    """
    if not ranges:
        return {}
    aggregates = _aggregates()
    day = col(SkmResponse.response_date)
    only = next(iter(ranges)) if len(ranges) == 1 else None
    if only is not None:
        bucket: Any = literal(only)
        group: list[Any] = [SkmResponse.unit_code]
    else:
        # Grouped by the label: PostgreSQL would not match two renderings of the CASE.
        bucket = case(*((day.between(a, b), key) for key, (a, b) in ranges.items()))
        group = [literal_column("range_key"), SkmResponse.unit_code]
    query = (
        select(bucket.label("range_key"), SkmResponse.unit_code, func.count(), *aggregates)
        .where(
            SkmResponse.organisation_id == organisation_id,
            day >= min(a for a, _ in ranges.values()),
            day <= max(b for _, b in ranges.values()),
        )
        .group_by(*group)
        .order_by(*group)
    )
    names = unit_names(session, organisation_id)
    results: dict[str, list[UnitIkm]] = {}
    for row in session.exec(query).all():
        key, respondents = row[0], row[2]
        unit_code: str = row[1]
        if key is None:  # between two ranges
            continue
        own = weights.get(key, weight) if weights else weight
        result = _ikm(row[3:], int(respondents), own, element_names)
        if result is None:
            continue
        name = names.get(unit_code) or unit_code
        results.setdefault(key, []).append(UnitIkm(unit_code, name, result))
    return results


def _aggregates() -> list[Any]:
    """Per element u1…u9: the sum of its answers and how many answered it (blanks skipped)."""
    columns = [getattr(SkmResponse, code) for code in ELEMENT_CODES]
    return [f for c in columns for f in (func.coalesce(func.sum(c), 0), func.count(c))]


def _ikm(
    values: Sequence[Any], respondents: int, weight: str, element_names: dict[str, str] | None
) -> IkmResult | None:
    """The IKM of one group's `_aggregates` (None: no element answered)."""
    totals = {
        code: (int(values[2 * i]), int(values[2 * i + 1])) for i, code in enumerate(ELEMENT_CODES)
    }
    if not any(count for _, count in totals.values()):
        return None
    return compute_ikm(totals, weight, respondents, element_names or None)


def ikm_by_service(
    session: Session,
    organisation_id: int,
    start: date,
    end: date,
    units: Collection[str],
    *,
    weight: str,
    element_names: dict[str, str] | None = None,
) -> dict[str, list[tuple[str, IkmResult]]]:
    """The IKM of each kind of service of `units` (by unit code), from responses start..end.

    Grouped in SQL by unit and `service_type`; a response that names no service is its own
    group (''). Only the units asked for are read: those whose pack lists their services.
    """
    if not units:
        return {}
    query = (
        select(SkmResponse.unit_code, SkmResponse.service_type, func.count(), *_aggregates())
        .where(
            SkmResponse.organisation_id == organisation_id,
            col(SkmResponse.response_date) >= start,
            col(SkmResponse.response_date) <= end,
            col(SkmResponse.unit_code).in_(sorted(units)),
        )
        .group_by(SkmResponse.unit_code, SkmResponse.service_type)
        .order_by(SkmResponse.unit_code, SkmResponse.service_type)
    )
    results: dict[str, list[tuple[str, IkmResult]]] = {}
    for row in session.exec(query).all():
        result = _ikm(row[3:], int(row[2]), weight, element_names)
        if result is not None:
            results.setdefault(row[0], []).append((row[1] or "", result))
    return results


@dataclass(frozen=True)
class PartnerIkm:
    """The responses one survey partner collected in a period, and their IKM."""

    partner: str  # '' for the region's own survey (files without a partner, online)
    ikm: IkmResult | None
    by_unit: tuple[tuple[str, int], ...]  # (unit code, respondents), by unit code

    @property
    def respondents(self) -> int:
        """The responses it collected, in every unit."""
        return sum(count for _code, count in self.by_unit)

    @property
    def units(self) -> tuple[str, ...]:
        """The codes of the units it surveyed."""
        return tuple(code for code, _count in self.by_unit)


def ikm_by_partner(
    session: Session,
    organisation_id: int,
    start: date,
    end: date,
    *,
    weight: str,
    element_names: dict[str, str] | None = None,
) -> list[PartnerIkm]:
    """Who collected the period's responses (`SkmResponse.partner`), with their IKM.

    Empty when no response of the period names a partner (one indexed probe). Grouped in
    SQL by partner and unit; a partner's IKM is computed from the sums of its units. By
    partner name, the region's own survey ('') first.
    """
    period = (
        SkmResponse.organisation_id == organisation_id,
        col(SkmResponse.response_date) >= start,
        col(SkmResponse.response_date) <= end,
    )
    # Written as the partial index's own condition, so that the planner uses the index.
    probe = select(SkmResponse.id).where(*period, text("skm_response.partner != ''")).limit(1)
    if session.exec(probe).first() is None:
        return []
    query = (
        select(SkmResponse.partner, SkmResponse.unit_code, func.count(), *_aggregates())
        .where(*period)
        .group_by(SkmResponse.partner, SkmResponse.unit_code)
    )
    sums: dict[str, list[int]] = {}
    units: dict[str, dict[str, int]] = {}
    for row in session.exec(query).all():
        totals = sums.setdefault(row[0], [0] * (1 + 2 * len(ELEMENT_CODES)))
        for i, value in enumerate(row[2:]):
            totals[i] += int(value)
        units.setdefault(row[0], {})[row[1]] = int(row[2])
    return [
        PartnerIkm(
            partner=partner,
            ikm=_ikm(totals[1:], totals[0], weight, element_names),
            by_unit=tuple(sorted(units[partner].items())),
        )
        for partner, totals in sorted(sums.items())
    ]


class SurveyPartners:
    """The pack's survey partners (`evaluation.ikm.partners`): who may collect SKM responses.

    A partner is named in any letter case and stored as the pack writes it; '' is the
    region's own survey. Read by the `skm` import (its `pelaksana` column) and by the
    online survey's partner links.
    """

    def __init__(self, listed: Sequence[str]) -> None:
        self.listed = list(listed)
        self._names = {p.casefold(): p for p in self.listed}

    def named(self, given: str) -> str | None:
        """`given` as the pack writes it ('' stays ''); None: the pack lists no such partner."""
        return self._names.get(given.casefold()) if given else ""

    def name(self, given: str) -> str:
        """A partner already checked (`check`) as the pack writes it."""
        return self._names.get(given.casefold(), given)

    def check(self, batch: list[Any], report: Report) -> None:
        """Refuse the rows of an import naming a partner the pack does not list."""
        for r in batch:
            if self.named(r.partner) is None:
                report.add(r.line, "pelaksana", self.message(r.partner))

    def message(self, given: str) -> str:
        """Why the import refuses `given`, with the partners there are."""
        if not self.listed:
            return (
                f"pelaksana '{given}' tidak dikenal: paket tidak mencantumkan mitra survei "
                "(evaluation.ikm.partners); kosongkan kolom ini untuk survei pemerintah daerah "
                "sendiri, atau tambahkan mitranya ke paket"
            )
        return (
            f"pelaksana '{given}' bukan mitra survei di paket (evaluation.ikm.partners: "
            f"{'; '.join(self.listed)}); kosongkan untuk survei pemerintah daerah sendiri"
        )


# ------------------------------------------------------------ profile and trend

PROFILE_FIELDS: tuple[str, ...] = ("gender", "age", "education", "occupation", "service_type")
"""Respondent profile columns of an SKM response (no names: DOMAIN.md §6)."""

AGE_BANDS: tuple[tuple[int, str], ...] = (
    (20, "≤ 20"),
    (30, "21–30"),
    (40, "31–40"),
    (50, "41–50"),
    (60, "51–60"),
)
OLDEST_BAND = "> 60"
NOT_FILLED = ""
"""The label of an empty profile answer (the templates word it)."""


_OLDEST = 200
_GROUP_WORDS = re.compile(r"\s*(tahun|thn|th)\.?\s*$")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|—|s\.?\s*d\.?|s/d|sampai(?: dengan)?)\s*(\d+)")
_BOUND = re.compile(r"(<=|≤|=<|<|>=|≥|=>|>)\s*(\d+)")
_OPEN_END = re.compile(r"(\d+)\s*(?:\+|ke\s*atas|keatas|ke\s*bawah|kebawah)")


def _age_span(value: str) -> tuple[int, int] | None:
    """The years a written age or age group covers, or None when it is no such text.

    '32' (32, 32); '21-30', '21 – 30 tahun', '21 s.d. 30' (21, 30); '≤ 20', '<= 20', '< 21'
    (0, 20); '> 60', '61+', '61 ke atas' (61, 200); '20 ke bawah' (0, 20).
    """
    text = _GROUP_WORDS.sub("", value.casefold()).strip()
    if text.isdigit():
        return int(text), int(text)
    if m := _RANGE.fullmatch(text):
        low, high = int(m[1]), int(m[2])
        return (low, high) if low <= high else None
    if m := _BOUND.fullmatch(text):
        sign, n = m[1], int(m[2])
        spans = {"<": (0, n - 1), ">": (n + 1, _OLDEST)}
        return spans.get(sign) or ((0, n) if sign in ("<=", "≤", "=<") else (n, _OLDEST))
    if m := _OPEN_END.fullmatch(text):
        n = int(m[1])
        return (0, n) if "bawah" in text else (n, _OLDEST)
    return None


def age_band(text: str) -> str:
    """An age in years ('32') as its band ('31–40'); a written group as the band holding it.

    A group that lies within one band is counted in it ('21-30', '25 - 30 tahun', '> 60',
    '61 ke atas'); one that spans two bands ('25-34') or is no age is kept as written.
    """
    value = text.strip()
    span = _age_span(value)
    if span is None:
        return value
    low, high = span
    bottom = 0
    for top, label in AGE_BANDS:
        if high <= top:
            return label if low >= bottom else value
        bottom = top + 1
    return OLDEST_BAND if low >= bottom else value


def _band_order(label: str) -> tuple[int, str]:
    """The bands youngest first, then groups kept as written, then the unanswered."""
    labels = [label for _, label in AGE_BANDS] + [OLDEST_BAND]
    if label in labels:
        return labels.index(label), ""
    return len(labels) + (label == NOT_FILLED), label


Profile = dict[str, list[tuple[str, int]]]
"""Respondents per answer of each profile column, most frequent first (ages by band)."""


def respondent_profile(
    session: Session, organisation_id: int, start: date, end: date, unit_code: str | None = None
) -> Profile:
    """Respondents per answer of each profile column (GROUP BY), most frequent first.

    Ages are grouped into bands in their own order; empty answers are labelled ''.
    For every unit at once, `respondent_profiles` reads the responses once, not per unit.
    """
    where = [
        SkmResponse.organisation_id == organisation_id,
        SkmResponse.response_date >= start,
        SkmResponse.response_date <= end,
    ]
    if unit_code is not None:
        where.append(SkmResponse.unit_code == unit_code)
    counts: dict[str, dict[str, int]] = {}
    for name in PROFILE_FIELDS:
        column = getattr(SkmResponse, name)
        query = select(column, func.count()).where(*where).group_by(column)
        counts[name] = _labelled(name, session.exec(query))
    return _ordered(counts)


def respondent_profiles(
    session: Session, organisation_id: int, start: date, end: date
) -> dict[str, Profile]:
    """`respondent_profile` of every unit with responses, by unit code.

    One GROUP BY per profile column for all units: a province has hundreds of service units.
    """
    where = (
        SkmResponse.organisation_id == organisation_id,
        SkmResponse.response_date >= start,
        SkmResponse.response_date <= end,
    )
    by_unit: dict[str, dict[str, dict[str, int]]] = {}
    for name in PROFILE_FIELDS:
        column = getattr(SkmResponse, name)
        query = (
            select(SkmResponse.unit_code, column, func.count())
            .where(*where)
            .group_by(SkmResponse.unit_code, column)
            .order_by(SkmResponse.unit_code)
        )
        rows: dict[str, list[tuple[str | None, int]]] = {}
        for unit, value, n in session.exec(query):
            rows.setdefault(unit, []).append((value, n))
        for unit, pairs in rows.items():
            by_unit.setdefault(unit, {})[name] = _labelled(name, pairs)
    return {unit: _ordered(counts) for unit, counts in by_unit.items()}


def combined_profile(profiles: Iterable[Profile]) -> Profile:
    """Profiles added up (the organisation's from its units': each response has one unit)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in PROFILE_FIELDS}
    for profile in profiles:
        for name, pairs in profile.items():
            into = counts[name]
            for label, n in pairs:
                into[label] = into.get(label, 0) + n
    return _ordered(counts)


def _labelled(name: str, pairs: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value, n in pairs:
        label = age_band(value or "") if name == "age" else (value or "").strip()
        counts[label] = counts.get(label, 0) + int(n)
    return counts


def _ordered(counts: dict[str, dict[str, int]]) -> Profile:
    out: Profile = {}
    for name in PROFILE_FIELDS:
        items = counts.get(name, {}).items()
        if name == "age":
            out[name] = sorted(items, key=lambda kv: _band_order(kv[0]))
        else:
            out[name] = sorted(items, key=lambda kv: (-kv[1], kv[0] == NOT_FILLED, kv[0]))
    return out


def first_response(session: Session, organisation_id: int) -> date | None:
    """The date of the organisation's earliest SKM response."""
    first: date | None = session.exec(
        select(func.min(SkmResponse.response_date)).where(
            SkmResponse.organisation_id == organisation_id
        )
    ).one()
    return first
