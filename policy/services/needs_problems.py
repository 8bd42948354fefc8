"""Needs analysis problems: each source's problems per unit, ranked and kept as findings.

The sources are complaints, SKM, service processing times, the ASN needs questionnaire and
the follow-up actions carried from the previous cycle.

Layer: domain services (helpers of `policy.services.needs_analysis`: queries and the
findings' rows; they never commit). Problems are scored so the ranking can be explained in
the report:
- complaints: 50 × (unit's complaints / most complaints of any unit)
  + 50 × (share answered after the response limit or not at all);
- SKM: units under the IKM target score 40 + 4 × (target − IKM), plus 20 for mutu C/D,
  at most 100;
- service processing times, when the pack sets `evaluation.processing.target_share`:
  units finishing fewer requests within their Standar Pelayanan's time than the target
  score 40 + 2 × (target − share), both in percent as the report shows them, at most 100;
- the ASN needs questionnaire (`policy.services.needs_survey`): units whose employees
  rate a statement below the pack's `needs_survey.target` score 40 + 2 × (target − the
  lowest statement's index), at most 100, as processing times do;
- open follow-up actions of the previous cycle score 70 each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import case, delete, func
from sqlmodel import Session, col, select

from policy.evaluation import round_half_up
from policy.locale import format_number
from policy.models import Complaint, Cycle, Finding
from policy.services.evaluation_skm import slow_kinds
from policy.services.skm import ikm_by_service, ikm_by_unit
from policy.services.stagework import RunContext
from policy.views.evaluation_rows import ProcessingUnit
from policy.views.needs_analysis import (
    ComplaintUnit,
    NeedsSurvey,
    Problem,
    SkmUnit,
    WeakElement,
    WeakKind,
)


def complaint_units(
    session: Session,
    org_id: int,
    window_dates: tuple[date, date],
    names: dict[str, str],
    limit_hours: int,
) -> list[ComplaintUnit]:
    """Complaints per unit in the window; late = unanswered or answered after `limit_hours`."""
    start, end = window_dates
    late = case(
        (col(Complaint.response_hours).is_(None), 1),
        (col(Complaint.response_hours) > limit_hours, 1),
        else_=0,
    )
    window = (
        Complaint.organisation_id == org_id,
        Complaint.received_on >= start,
        Complaint.received_on <= end,
    )
    rows = session.exec(
        select(
            Complaint.unit_code, func.count(), func.avg(Complaint.response_hours), func.sum(late)
        )
        .where(*window)
        .group_by(Complaint.unit_code)
    ).all()
    cats = session.exec(
        select(Complaint.unit_code, Complaint.category, func.count())
        .where(*window)
        .group_by(Complaint.unit_code, Complaint.category)
    ).all()
    top: dict[str, str] = {}
    for unit, cat, _n in sorted(cats, key=lambda r: (r[0], -r[2], r[1])):
        top.setdefault(unit, cat)
    total = sum(r[1] for r in rows) or 1
    out = [
        ComplaintUnit(
            unit=names.get(unit, unit),
            unit_code=unit,
            count=n,
            share=round_half_up(Fraction(n * 100, total), 2),
            avg_hours=round_half_up(Decimal(repr(avg)), 1) if avg is not None else None,
            late=int(n_late or 0),
            top_category=top.get(unit, ""),
        )
        for unit, n, avg, n_late in rows
    ]
    return sorted(out, key=lambda c: (-c.count, c.unit))


def skm_unit_rows(
    session: Session, ctx: RunContext, span: tuple[date, date]
) -> tuple[list[SkmUnit], int]:
    """Each unit's SKM in `span` with its two weakest elements, and the respondents in all.

    A unit below the IKM target also names its listed kinds of service below it, at most
    `WEAK_KINDS`.
    """
    start, end = span
    ikm_cfg = ctx.pack.evaluation.ikm
    skm_units = []
    skm_respondents = 0
    for u in ikm_by_unit(
        session, ctx.org_id, start, end, weight=ikm_cfg.weight, element_names=ikm_cfg.elements
    ):
        skm_respondents += u.result.respondents
        weakest = [
            WeakElement(code=e.code.upper(), name=e.name, nrr=round_half_up(e.nrr or 0, 2))
            for e in sorted(
                (e for e in u.result.elements if e.nrr is not None), key=lambda e: (e.nrr, e.code)
            )[:2]
        ]
        skm_units.append(
            SkmUnit(
                unit=u.unit_name,
                unit_code=u.unit_code,
                respondents=u.result.respondents,
                ikm=u.result.ikm,
                mutu=u.result.mutu.value,
                kinerja=u.result.kinerja,
                below_target=u.result.ikm < ikm_cfg.target,
                weakest=weakest,
                warning=u.result.warning,
            )
        )
    return _with_weak_kinds(session, ctx, skm_units, (start, end)), skm_respondents


def slow_units(units: list[ProcessingUnit], target: Decimal | None) -> list[Problem]:
    """Units finishing too few requests within standard, as problems (none without a target).

    Judged as the evaluation's corrective action is (`slow_kinds`); scored on the
    percentages the report shows.
    """
    if target is None:
        return []
    goal = round_half_up(Fraction(target) * 100, 1)
    found = []
    for u in units:
        if (slow := slow_kinds(u, target)) is None:
            continue
        within = u.total.share_within or Decimal(0)
        found.append(Problem(
            rank=0, unit=u.unit, unit_code=u.unit_code, source="processing",
            score=round_half_up(min(Decimal(100), 40 + 2 * (goal - within)), 1),
            count=u.total.judged, within=within, target=goal, slow=[k.service for k in slow],
        ))  # fmt: skip
    return found


def survey_problems(survey: NeedsSurvey | None) -> list[Problem]:
    """Units whose employees rate a statement of the ASN questionnaire below its target."""
    if survey is None:
        return []
    return [
        Problem(
            rank=0,
            unit=u.unit,
            unit_code=u.unit_code,
            source="asn_needs",
            score=round_half_up(
                min(Decimal(100), 40 + 2 * (survey.target - u.weakest[0].index)), 1
            ),
            count=u.sheets,
            target=survey.target,
            statements=u.weakest,
        )  # fmt: skip
        for u in survey.units
        if u.weakest
    ]


#: Kinds of service a unit's SKM problem names at most.
WEAK_KINDS = 3


def _with_weak_kinds(
    session: Session, ctx: RunContext, units: list[SkmUnit], span: tuple[date, date]
) -> list[SkmUnit]:
    """`units` with the listed kinds of service below the IKM target of those below it.

    One grouped query (`ikm_by_service`) for the units below target whose pack lists their
    kinds; answers that name no kind, or a kind the pack does not list, are not named.
    """
    cfg = ctx.pack.evaluation.ikm
    listed = {u.code: set(u.services) for u in ctx.pack.units if u.services}
    wanted = {u.unit_code for u in units if u.below_target and u.unit_code in listed}
    found = ikm_by_service(session, ctx.org_id, *span, wanted, weight=cfg.weight,
                           element_names=cfg.elements)  # fmt: skip
    out = []
    for u in units:
        kinds = sorted(
            (WeakKind(service=service, ikm=r.ikm, mutu=r.mutu.value, respondents=r.respondents)
             for service, r in found.get(u.unit_code, [])
             if service in listed.get(u.unit_code, ()) and r.ikm < cfg.target),
            key=lambda k: (k.ikm, k.service),
        )  # fmt: skip
        out.append(u.model_copy(update={"weak_kinds": kinds[:WEAK_KINDS]}) if kinds else u)
    return out


def rank_problems(
    complaints: list[ComplaintUnit],
    skm: list[SkmUnit],
    target: Decimal,
    carried: list[tuple[str, str]],
    codes: Mapping[str, str],
    slow: Sequence[Problem] = (),
    asked: Sequence[Problem] = (),
) -> list[Problem]:
    """The problems ranked by score; `codes` gives a carried problem's unit code by its name."""
    scored: list[Problem] = []
    most = max((c.count for c in complaints), default=0)
    for c in complaints:
        score = Fraction(50 * c.count, most) + Fraction(50 * c.late, c.count)
        scored.append(
            Problem(
                rank=0,
                unit=c.unit,
                unit_code=c.unit_code,
                source="complaints",
                score=round_half_up(score, 1),
                count=c.count,
                share=c.share,
                late=c.late,
                top_category=c.top_category,
            )
        )
    for s in skm:
        if not s.below_target:
            continue
        gap_score = 40 + 4 * (target - s.ikm) + (20 if s.mutu in ("C", "D") else 0)
        ikm_score = min(Decimal(100), gap_score)
        scored.append(
            Problem(
                rank=0,
                unit=s.unit,
                unit_code=s.unit_code,
                source="skm",
                score=round_half_up(ikm_score, 1),
                ikm=s.ikm,
                mutu=s.mutu,
                target=target,
                weakest=s.weakest,
                weak_kinds=s.weak_kinds,
            )
        )
    scored.extend(slow)
    scored.extend(asked)
    for unit, title in carried:
        scored.append(
            Problem(
                rank=0,
                unit=unit,
                unit_code=codes.get(unit, ""),
                source="followup",
                score=Decimal("70.0"),
                followup=title,
            )
        )
    scored.sort(key=lambda p: (-p.score, p.unit, p.source))
    return [p.model_copy(update={"rank": i}) for i, p in enumerate(scored, 1)]


def record_findings(session: Session, cycle: Cycle, problems: Sequence[Problem]) -> None:
    """Replace the cycle's findings with `problems` (flushed with the session)."""
    session.execute(delete(Finding).where(col(Finding.cycle_id) == cycle.id))
    for p in problems:
        session.add(
            Finding(
                cycle_id=cycle.id or 0,
                rank=p.rank,
                unit_code=p.unit_code or None,
                source=p.source,
                # Findings are worded in Indonesian, as the Laporan is: "IKM 75,38 (C)".
                title=_finding_title(p),
                detail=_finding_detail(p),
                score=float(p.score),
            )
        )


def _finding_title(p: Problem) -> str:
    """A finding's title, in Indonesian as the Laporan is: "IKM 75,38 (C)"."""
    if p.source == "asn_needs":
        w = p.statements[0]
        return f"Kuesioner kebutuhan ASN: {w.code} indeks {format_number(w.index)}"
    if p.source == "processing":
        return (
            f"Waktu penyelesaian: {format_number(p.within, 1)}% permohonan sesuai standar, "
            f"target {format_number(p.target, 1)}%"
        )
    return p.top_category or p.followup or f"IKM {format_number(p.ikm)} ({p.mutu})"


def _finding_detail(p: Problem) -> str:
    """What a finding names: the kinds of service, statements or SKM elements behind it."""
    if p.source == "processing":
        return ", ".join(p.slow)
    if p.source == "asn_needs":
        return "; ".join(f"{w.code} {w.text} ({format_number(w.index)})" for w in p.statements)
    return ", ".join(f"{w.code} {w.name} ({format_number(w.nrr)})" for w in p.weakest)
