"""The ASN needs questionnaire in the needs analysis: its statements per unit, as an index.

Layer: domain services (used by `policy.services.needs_analysis`; reads only). Employees
answer the pack's statements (`needs_survey.items`, k1…k12) from 1 (tidak setuju) to 4
(sangat setuju), anonymously, on sheets imported as `kebutuhan_asn` or on the portal
(`policy.services.needs_answers`, stored as the same sheets). A statement's index
is its mean answer × 25, on the 25–100 scale SKM converts to (DOMAIN.md R1), rounded half
up to two places; a unit's index is the mean of all its answers × 25. Counts and sums are
taken in SQL, one grouped query; the means are exact fractions.

Anonymity: a unit with fewer sheets than the pack's `evaluation.min_group_size` has no row
of its own. Such units are pooled into one row; when they are too few even together, the
smallest other units join them (the pool's figures would otherwise be the organisation's
less the units shown). Fewer sheets than the size in all show no figure at all.
Development wishes are free text and may name a person: one is shown only when at least
as many sheets ask for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.evaluation import round_half_up
from policy.importchecks import NEEDS_FIELDS
from policy.locale import Locale
from policy.models import NeedsResponse, SurveyLink
from policy.needsconfig import PackNeedsSurvey, PackSurveyItem
from policy.views.needs_analysis import DevelopmentNeed, NeedsSurvey, SurveyScore, SurveyUnit

__all__ = ["DEVELOPMENT_SHOWN", "in_language", "needs_survey", "statement_text"]

#: Development wishes the report lists at most.
DEVELOPMENT_SHOWN = 10
#: Statements a unit's row and problem name at most.
WEAKEST_SHOWN = 2

Tally = dict[str, tuple[int, int]]  # statement code -> (answers, sum of answers)


def statement_text(item: PackSurveyItem, locale: Locale) -> str:
    """The statement as a document in `locale` prints it (the Indonesian when no English)."""
    return item.text_en if locale == "en" and item.text_en else item.text


def in_language(view: NeedsSurvey, survey: PackNeedsSurvey, locale: Locale) -> NeedsSurvey:
    """`view` with each statement in `locale`: the figures are counted once for every language."""
    texts = {item.code: statement_text(item, locale) for item in survey.items}

    def scores(found: list[SurveyScore]) -> list[SurveyScore]:
        return [s.model_copy(update={"text": texts.get(s.code, s.text)}) for s in found]

    def unit(u: SurveyUnit) -> SurveyUnit:
        return u.model_copy(update={"weakest": scores(u.weakest)})

    return view.model_copy(update={
        "items": scores(view.items),
        "units": [unit(u) for u in view.units],
        "pooled": unit(view.pooled) if view.pooled is not None else None,
    })  # fmt: skip


def needs_survey(
    session: Session,
    cycle_id: int,
    survey: PackNeedsSurvey,
    names: Mapping[str, str],
    min_group: int,
) -> NeedsSurvey | None:
    """The cycle's questionnaire as the Laporan shows it; None when no sheet was imported.

    The statements are the pack's Indonesian; `in_language` gives another language's.
    """
    counted = [f for c in NEEDS_FIELDS for f in (func.count(col(getattr(NeedsResponse, c))),
               func.coalesce(func.sum(col(getattr(NeedsResponse, c))), 0))]  # fmt: skip
    rows: list[Any] = list(
        session.execute(
            select(NeedsResponse.unit_code, func.count(), *counted)
            .where(col(NeedsResponse.cycle_id) == cycle_id)
            .group_by(NeedsResponse.unit_code)
        )
    )
    if not rows:
        return None
    items = survey.items
    tallies = {
        row[0]: (int(row[1]), {c: (int(row[2 + 2 * i]), int(row[3 + 2 * i]))
                               for i, c in enumerate(NEEDS_FIELDS)})
        for row in rows
    }  # fmt: skip
    total = _sum(t for _, t in tallies.values())
    sheets = sum(n for n, _ in tallies.values())
    if sheets < min_group:  # any figure would be one or two people's answers
        return NeedsSurvey(
            sheets=sheets, units_answering=len(tallies), target=survey.target,
            still_open=_still_open(session, cycle_id, names),
            min_group=min_group, items=[], units=[],
        )  # fmt: skip
    # Smallest first: the units pooled to keep a small one from being worked out.
    order = sorted(tallies, key=lambda u: (tallies[u][0], names.get(u, u)))
    small = [u for u in order if tallies[u][0] < min_group]
    pool = sum(tallies[u][0] for u in small)
    for unit in order[len(small) :]:
        if not small or pool >= min_group:
            break
        # The small units' sheets alone are too few: shown beside the organisation's
        # totals, the next unit's figures would give them away, so it joins them.
        small.append(unit)
        pool += tallies[unit][0]
    shown = [
        _unit(names.get(u, u), u, tallies[u][0], tallies[u][1], survey)
        for u in order
        if u not in small
    ]
    pooled = None
    if small:
        tally = _sum(tallies[u][1] for u in small)
        pooled = _unit("", "", pool, tally, survey).model_copy(update={"pooled": len(small)})
    return NeedsSurvey(
        sheets=sheets,
        units_answering=len(tallies),
        still_open=_still_open(session, cycle_id, names),
        target=survey.target,
        min_group=min_group,
        items=[_score(i, total, survey.target) for i in items if total[i.code][0]],
        units=sorted(shown, key=lambda u: (u.index, u.unit)),
        pooled=pooled,
        development=_development(session, cycle_id, min_group),
    )


def _still_open(session: Session, cycle_id: int, names: Mapping[str, str]) -> list[str]:
    """The units whose online questionnaire of the cycle is open now, by name."""
    codes = session.exec(
        select(SurveyLink.unit_code).where(
            SurveyLink.kind == "kebutuhan_asn",
            SurveyLink.cycle_id == cycle_id,
            col(SurveyLink.closed_at).is_(None),
        )
    ).all()
    return sorted(names.get(code, code) for code in codes)


def _sum(tallies: Iterable[Tally]) -> Tally:
    out: Tally = dict.fromkeys(NEEDS_FIELDS, (0, 0))
    for tally in tallies:
        for code, (n, s) in tally.items():
            out[code] = (out[code][0] + n, out[code][1] + s)
    return out


def _index(answers: int, total: int) -> Decimal:
    return round_half_up(Fraction(total * 25, answers), 2)


def _score(item: PackSurveyItem, tally: Tally, target: Decimal) -> SurveyScore:
    n, s = tally[item.code]
    index = _index(n, s)
    return SurveyScore(
        code=item.code, text=item.text, index=index, answers=n,
        below_target=index < target,
    )  # fmt: skip


def _unit(name: str, code: str, sheets: int, tally: Tally, survey: PackNeedsSurvey) -> SurveyUnit:
    scores = [_score(i, tally, survey.target) for i in survey.items if tally[i.code][0]]
    answers = sum(tally[i.code][0] for i in survey.items)
    total = sum(tally[i.code][1] for i in survey.items)
    weak = sorted((s for s in scores if s.below_target), key=lambda s: (s.index, s.code))
    return SurveyUnit(
        unit=name, unit_code=code, sheets=sheets,
        index=_index(answers, total) if answers else Decimal(0),
        weakest=weak[:WEAKEST_SHOWN],
    )  # fmt: skip


def _development(session: Session, cycle_id: int, min_group: int) -> list[DevelopmentNeed]:
    """Development asked for on at least `min_group` sheets (case and outer spaces aside).

    Each is written as most sheets spell it ("Pelatihan SKP", not "pelatihan skp").
    """
    spelt = func.trim(NeedsResponse.development)
    wish = func.lower(spelt)
    mine = (NeedsResponse.cycle_id == cycle_id, NeedsResponse.development != "")
    top = session.exec(
        select(wish, func.count())
        .where(*mine)
        .group_by(wish)
        .having(func.count() >= min_group)
        .order_by(func.count().desc(), wish)
        .limit(DEVELOPMENT_SHOWN)
    ).all()
    keys = [key for key, _ in top if key]
    spellings: dict[str, list[tuple[int, str]]] = {}
    for key, text, n in session.exec(
        select(wish, spelt, func.count()).where(*mine, wish.in_(keys)).group_by(wish, spelt)
    ).all():
        spellings.setdefault(key, []).append((int(n), text))
    return [
        DevelopmentNeed(text=_spelling(spellings.get(key, [(n, key)])), count=n)
        for key, n in top
        if key
    ]


def _spelling(found: list[tuple[int, str]]) -> str:
    """The most used spelling; on a tie, one in mixed case before one all upper or lower."""
    return max(found, key=lambda f: (f[0], not (f[1].isupper() or f[1].islower()), f[1]))[1]
