"""Follow-up rules of the periodic evaluation, and the actions they create.

Layer: domain services (helpers: they flush, never commit; counterpart:
`policy.services.evaluation`). Rules (DESIGN.md "Evaluation"):

- `coaching`: every employee rated Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang;
  owner: the supervisor (`Employee.supervisor_nip`), else the head of the unit. The focus
  is the rating that fell below expectation (hasil kerja and/or perilaku kerja).
- `talent_pool`: every employee rated Sangat Baik; owner: the personnel unit (BKPSDM/BKD),
  else the first policy officer.
- `corrective_ikm`: every service unit whose IKM is below the pack's target or whose mutu
  is C or D; the title names its two weakest SKM elements; owner: the head of the unit.
- `corrective_complaints`: every unit whose share of complaints answered within the pack's
  response limit is below the pack's target (only when the pack sets one); owner: the
  head of the unit.
- `corrective_processing`: every service unit whose share of requests finished within the
  Standar Pelayanan's time (`units[].service_days`) is below the pack's target (only when
  the pack sets `evaluation.processing.target_share`); the title names its kinds of
  service below the target, slowest first; owner: the head of the unit.
- `policy_review`: every missed indicator: behind its annual track (tertinggal) during the
  year, or not attained at the year's end (the last period of the year, or an annual one);
  an indicator not yet attained but on track is not missed. Owner: the first policy officer.

Weighted 360: coaching focuses on the employee's weakest criterion. Every coaching action
states the JP recorded for the employee in the year (socialisation workshops attended)
and what remains of the 20 JP/year development right, when the pack records JP at all.

An action is kept by its rule (a stable code) and the data the rule needs; its title is
worded from them in each document's locale (`policy.views.actions`), and the Indonesian
title is stored beside them. A unit that owns an action is named by its head's title
from the pack (`units[].head_title`), else by its kind (a kelurahan's Lurah), else
"Kepala <unit>".

An action is unique per (run, rule, subject). Producing again replaces the run's open
actions; actions already closed or carried are kept as they are and not created again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from policy import audit
from policy.evaluation import format_number, round_half_up, weakest_elements
from policy.evaluation.framework import Framework
from policy.models import (
    ActionStatus,
    Cycle,
    EkinerjaRating,
    Employee,
    FollowUpAction,
    Member,
    Policy,
    Predikat,
    Rating,
    Role,
    Unit,
    Workshop,
    WorkshopAttendance,
)
from policy.periods import period_range
from policy.services.evaluation_skm import slow_kinds
from policy.services.import_target import bulk_insert
from policy.services.ratings import Scored
from policy.services.skm import UnitIkm
from policy.services.stagework import RunContext
from policy.views.actions import JP_RIGHT as JP_RIGHT  # re-exported: the documents state it
from policy.views.actions import action_title, join_words
from policy.views.evaluation import (
    ComplaintStatsRow,
    IndicatorRow,
    ProcessingUnit,
)

RULES: tuple[str, ...] = (
    "coaching",
    "talent_pool",
    "corrective_ikm",
    "corrective_complaints",
    "corrective_processing",
    "policy_review",
)
WEAK_PREDIKAT: tuple[Predikat, ...] = (
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
HR_UNIT_CODES = frozenset({"BKPSDM", "BKPSDMD", "BKD", "BKPP", "BKPPD", "BKDPSDM"})


@dataclass(frozen=True)
class ActionSpec:
    """An action a rule calls for, before it is stored.

    Its title is worded from the rule and the data (`policy.views.actions`), so that a
    document can word it in its own locale; the Indonesian one is stored.
    """

    rule: str
    subject: str
    detail: str
    owner: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The Indonesian title, as stored."""
        return action_title(self.rule, self.subject, self.data, "id") or self.rule


def _officer(session: Session, ctx: RunContext) -> Member | None:
    members = session.exec(
        select(Member).where(Member.organisation_id == ctx.org_id).order_by(col(Member.id))
    ).all()
    return next((m for m in members if Role.OFFICER.value in m.roles), None)


def _hr_unit(session: Session, ctx: RunContext) -> Unit | None:
    units = session.exec(
        select(Unit).where(Unit.organisation_id == ctx.org_id).order_by(col(Unit.code))
    ).all()
    return next(
        (u for u in units if u.code.upper() in HR_UNIT_CODES or "kepegawaian" in u.name.lower()),
        None,
    )


class Owner(NamedTuple):
    """Who owns an action: a name, its kind ('unit', 'member', 'other'), a unit's code."""

    name: str
    kind: str
    unit_code: str = ""

    def data(self) -> dict[str, str]:
        """The owner's fields of `FollowUpAction.data`."""
        unit = {"owner_unit": self.unit_code} if self.unit_code else {}
        return {"owner_kind": self.kind, **unit}


def talent_owner(session: Session, ctx: RunContext) -> Callable[[str], Owner]:
    """The owner of an employee's talent-pool action, by the employee's NIP.

    The personnel unit, else the first policy officer, else the first leader: never the
    employee themself (in a kecamatan without a personnel unit, the officer who runs the
    policy may be rated Sangat Baik too; their action goes to the next member).
    """
    unit = _hr_unit(session, ctx)
    if unit is not None:
        owner = Owner(unit.name, "unit", unit.code)
        return lambda _nip: owner
    members = session.exec(
        select(Member).where(Member.organisation_id == ctx.org_id).order_by(col(Member.id))
    ).all()
    ordered = [m for role in (Role.OFFICER, Role.LEADER) for m in members if role.value in m.roles]
    fallback = Owner(ctx.org.name, "other")

    def owner_of(nip: str) -> Owner:
        other = next((m for m in ordered if m.nip != nip), None)
        return Owner(other.name, "member") if other is not None else fallback

    return owner_of


def policy_owner(session: Session, ctx: RunContext) -> Owner:
    """The owner of policy reviews: the first policy officer, else the personnel unit."""
    officer = _officer(session, ctx)
    if officer is not None:
        return Owner(officer.name, "member")
    unit = _hr_unit(session, ctx)
    return Owner(unit.name, "unit", unit.code) if unit else Owner(ctx.org.name, "other")


def jp_credits(session: Session, org_id: int, year: int) -> dict[str, int] | None:
    """JP credited per NIP in `year` (workshops attended, all cycles).

    None when the organisation recorded no workshop with JP that year, so the remaining
    right is unknown.
    """
    held = (
        col(Workshop.held_on) >= date(year, 1, 1),
        col(Workshop.held_on) <= date(year, 12, 31),
        col(Workshop.jp) > 0,
        col(Policy.organisation_id) == org_id,
    )
    workshops = session.exec(
        select(func.count())
        .select_from(Workshop)
        .join(Cycle, col(Cycle.id) == col(Workshop.cycle_id))
        .join(Policy, col(Policy.id) == col(Cycle.policy_id))
        .where(*held)
    ).one()
    if not workshops:
        return None
    rows = session.execute(
        sa_select(col(WorkshopAttendance.nip), func.sum(col(Workshop.jp)))
        .join(Workshop, col(Workshop.id) == col(WorkshopAttendance.workshop_id))
        .join(Cycle, col(Cycle.id) == col(Workshop.cycle_id))
        .join(Policy, col(Policy.id) == col(Cycle.policy_id))
        .where(*held, col(WorkshopAttendance.present).is_(True))
        .group_by(col(WorkshopAttendance.nip))
    )
    return {nip: int(jp or 0) for nip, jp in rows}


def _jp(credits: dict[str, int] | None, nip: str, year: int) -> tuple[dict[str, Any], str]:
    """The JP fields of a coaching action and the sentence stating them."""
    if credits is None:
        return {"jp_year": year}, (
            f" JP pengembangan kompetensi tahun {year} belum tercatat; pastikan hak "
            f"{JP_RIGHT} JP/tahun terpenuhi."
        )
    done = credits.get(nip, 0)
    left = max(JP_RIGHT - done, 0)
    return {"jp_year": year, "jp_credited": done, "jp_remaining": left}, (
        f" JP tercatat tahun {year}: {done}; sisa hak pengembangan minimal {left} JP."
    )


def employee_actions(
    session: Session,
    ctx: RunContext,
    period: str,
    unit_names: dict[str, str],
    credits: dict[str, int] | None = None,
) -> list[ActionSpec]:
    """Coaching for weak predikat and talent pool for Sangat Baik, one action per employee."""
    supervisor = aliased(Employee)
    rows = session.execute(
        sa_select(col(Employee.nip), col(Employee.name), col(Employee.unit_code),
                  col(Employee.supervisor_nip), col(supervisor.name), col(EkinerjaRating.predikat),
                  col(EkinerjaRating.hasil_kerja), col(EkinerjaRating.perilaku))
        .select_from(EkinerjaRating)
        .join(Employee, and_(col(Employee.organisation_id) == col(EkinerjaRating.organisation_id),
                             col(Employee.nip) == col(EkinerjaRating.nip)))
        .outerjoin(supervisor, and_(
            col(supervisor.organisation_id) == col(Employee.organisation_id),
            col(supervisor.nip) == col(Employee.supervisor_nip)))
        .where(col(EkinerjaRating.organisation_id) == ctx.org_id,
               col(EkinerjaRating.period) == period,
               col(EkinerjaRating.predikat).in_([*WEAK_PREDIKAT, Predikat.SANGAT_BAIK]))
        .order_by(col(Employee.unit_code), col(Employee.nip))
    ).all()  # fmt: skip
    talent = talent_owner(session, ctx)
    specs = []
    for nip, name, unit_code, sup_nip, sup_name, predikat, hasil_kerja, perilaku in rows:
        unit = unit_names.get(unit_code, unit_code)
        base = {"name": name, "unit": unit, "predikat": predikat, "hasil_kerja": hasil_kerja,
                "perilaku": perilaku}  # fmt: skip
        if predikat == Predikat.SANGAT_BAIK:
            specs.append(ActionSpec(
                "talent_pool", nip,
                f"Predikat Sangat Baik pada {period}; usulkan dalam rencana suksesi dan "
                "pengembangan karier.",
                (keeper := talent(nip)).name, {**base, **keeper.data()},
            ))  # fmt: skip
            continue
        focus = [k for k, v in (("hasil_kerja", hasil_kerja), ("perilaku", perilaku))
                 if v == Rating.DI_BAWAH]  # fmt: skip
        if sup_name is not None:
            owner, kind, owner_nip = sup_name, "employee", sup_nip or ""
        elif sup_nip:
            owner, kind, owner_nip = sup_nip, "nip", sup_nip
        else:
            owner, kind, owner_nip = unit, "unit", ""
        at_unit = {"owner_unit": unit_code} if kind == "unit" else {}
        words = {"hasil_kerja": "hasil kerja", "perilaku": "perilaku kerja (BerAKHLAK)"}
        jp, jp_text = _jp(credits, nip, period_range(period)[1].year)
        specs.append(ActionSpec(
            "coaching", nip,
            f"Predikat {predikat} (hasil kerja {hasil_kerja}, perilaku kerja {perilaku}); "
            f"fokus pembinaan: {join_words([words[f] for f in focus], 'id')}.{jp_text}",
            owner, {**base, "focus": focus, "owner_kind": kind, "owner_nip": owner_nip, **jp,
                    **at_unit},
        ))  # fmt: skip
    return specs


def employee_actions_360(
    session: Session,
    ctx: RunContext,
    scored: Iterable[Scored],
    unit_names: dict[str, str],
    framework: Framework,
    credits: dict[str, int] | None = None,
) -> list[ActionSpec]:
    """Weighted 360: coaching on the weakest criterion, talent pool for Sangat Baik."""
    chosen = [s for s in scored if s.result.predikat in (*WEAK_PREDIKAT, Predikat.SANGAT_BAIK)]
    supervisors = {s.supervisor_nip for s in chosen if s.supervisor_nip}
    sup_names = dict(session.exec(
        select(Employee.nip, Employee.name).where(
            Employee.organisation_id == ctx.org_id, col(Employee.nip).in_(sorted(supervisors)))
    ).all()) if supervisors else {}  # fmt: skip
    criteria = {(cs.code, c.code): c.name for cs in framework.sets for c in cs.criteria}
    talent = talent_owner(session, ctx)
    year = period_range(ctx.run.period)[1].year
    specs = []
    for s in sorted(chosen, key=lambda s: (s.unit_code, s.nip)):
        r = s.result
        unit = unit_names.get(s.unit_code, s.unit_code)
        predikat = r.predikat.value if r.predikat else ""
        base = {"name": s.name, "unit": unit, "predikat": predikat, "score": str(r.final)}
        if r.predikat == Predikat.SANGAT_BAIK:
            specs.append(ActionSpec(
                "talent_pool", s.nip,
                f"Predikat Sangat Baik (nilai {format_number(r.final or Decimal(0))}) pada "
                f"{ctx.run.period}; usulkan dalam rencana suksesi dan pengembangan karier.",
                (keeper := talent(s.nip)).name, {**base, **keeper.data()},
            ))  # fmt: skip
            continue
        name = criteria.get((r.criteria_set, r.weakest or ""), r.weakest or "")
        if s.supervisor_nip and s.supervisor_nip in sup_names:
            owner, kind, owner_nip = sup_names[s.supervisor_nip], "employee", s.supervisor_nip
        elif s.supervisor_nip:
            owner, kind, owner_nip = s.supervisor_nip, "nip", s.supervisor_nip
        else:
            owner, kind, owner_nip = unit, "unit", ""
        at_unit = {"owner_unit": s.unit_code} if kind == "unit" else {}
        jp, jp_text = _jp(credits, s.nip, year)
        specs.append(ActionSpec(
            "coaching", s.nip,
            f"Predikat {predikat} (nilai {format_number(r.final or Decimal(0))}); fokus "
            f"pembinaan dan pelatihan: aspek terlemah {name}.{jp_text}",
            owner, {**base, "criterion": name, "owner_kind": kind, "owner_nip": owner_nip, **jp,
                    **at_unit},
        ))  # fmt: skip
    return specs


def complaint_actions(rows: Iterable[ComplaintStatsRow], target: Decimal | None,
                      limit_hours: int) -> list[ActionSpec]:  # fmt: skip
    """Corrective action for each unit answering too few complaints within the limit."""
    if target is None:
        return []
    specs = []
    for r in rows:
        if not r.below_target or r.share_within is None:
            continue
        goal = round_half_up(Fraction(target) * 100, 1)
        # No complaint answered: there is no response time, not a median of 0 hours.
        median = ("belum ada pengaduan yang ditanggapi" if r.median_hours is None
                  else f"median {format_number(r.median_hours)} jam")  # fmt: skip
        specs.append(ActionSpec(
            "corrective_complaints", r.unit_code,
            f"{format_number(r.within)} dari {format_number(r.count)} pengaduan "
            f"({format_number(r.share_within)}%) ditanggapi dalam {limit_hours} jam, target "
            f"{format_number(goal)}%; {median}.",
            r.unit,
            {"name": r.unit, "unit": r.unit, "owner_kind": "unit", "owner_unit": r.unit_code,
             "complaints": r.count,
             "share_within": str(r.share_within), "limit_hours": limit_hours,
             "target_share": str(goal)},
        ))  # fmt: skip
    return specs


def processing_actions(units: Iterable[ProcessingUnit], target: Decimal | None) -> list[ActionSpec]:
    """Corrective action for each service unit finishing too few requests within standard."""
    if target is None:
        return []
    goal = round_half_up(Fraction(target) * 100, 1)
    specs = []
    for u in units:
        if (slow := slow_kinds(u, target)) is None:
            continue
        shown = format_number(u.total.share_within or 0)
        specs.append(ActionSpec(
            "corrective_processing", u.unit_code,
            f"{format_number(u.total.judged - u.total.late)} dari "
            f"{format_number(u.total.judged)} permohonan ({shown}%) "
            f"selesai sesuai standar waktu, target {format_number(goal)}%.",
            u.unit,
            {"name": u.unit, "unit": u.unit, "owner_kind": "unit", "owner_unit": u.unit_code,
             "judged": u.total.judged, "share_within": str(u.total.share_within),
             "target_share": str(goal), "slow": [k.service for k in slow],
             "slow_share": [str(k.share_within) for k in slow],
             "slow_days": [k.standard_days for k in slow]},
        ))  # fmt: skip
    return specs


def ikm_actions(units: Iterable[UnitIkm], target: Decimal) -> list[ActionSpec]:
    """Corrective action for each service unit under the IKM target or with mutu C/D."""
    specs = []
    for u in units:
        r = u.result
        if not (r.ikm < target or r.mutu.value in ("C", "D")):
            continue
        weakest = weakest_elements(r, 2)
        labels = [f"{e.code.upper()} {e.name}" for e in weakest]
        nrr = [round_half_up(e.nrr or 0, 2) for e in weakest]
        elements = "; ".join(
            f"{label} NRR {format_number(n)}" for label, n in zip(labels, nrr, strict=True)
        )
        specs.append(ActionSpec(
            "corrective_ikm", u.unit_code,
            f"IKM {format_number(r.ikm)} (mutu {r.mutu.value}), target {format_number(target)}; "
            f"{elements}.",
            u.unit_name,
            {"name": u.unit_name, "unit": u.unit_name, "owner_kind": "unit",
             "owner_unit": u.unit_code, "ikm": str(r.ikm),
             "mutu": r.mutu.value, "weakest": labels, "weakest_nrr": [str(n) for n in nrr]},
        ))  # fmt: skip
    return specs


def _shown(value: Decimal | None, places: int) -> str:
    """An indicator value in the action's detail, with the indicator's decimal places."""
    return "–" if value is None else format_number(round_half_up(value, places))


def indicator_actions(rows: Iterable[IndicatorRow], owner: Owner) -> list[ActionSpec]:
    """A policy review item for each missed indicator of the period.

    Missed: behind its track (tertinggal) during the year, or not attained at the year's
    end. An indicator not yet attained but on track (sesuai jalur) is not missed: the
    target is annual, and a quarter's realisation is read against the track to it.
    """
    specs = []
    for i in rows:
        if i.realisation is None or i.status != "belum tercapai":
            continue
        behind = not i.year_end and i.track == "tertinggal"
        if not (i.year_end or behind):
            continue
        way = "makin tinggi makin baik" if i.direction == "higher" else "makin rendah makin baik"
        places = i.decimals
        track = (f", seharusnya {_shown(i.expected, places)} {i.unit} pada akhir periode"
                 if behind and i.expected is not None else "")  # fmt: skip
        data: dict[str, Any] = {
            "name": i.name, **owner.data(), "realisation": str(i.realisation),
            "target": str(i.target), "direction": i.direction, "measure": i.unit,
            "decimals": places,
        }  # fmt: skip
        if behind:
            data |= {"behind": True, "expected": str(i.expected)}
        specs.append(ActionSpec(
            "policy_review", i.code,
            f"Realisasi {_shown(i.realisation, places)} {i.unit}, target "
            f"{_shown(i.target, places)} {i.unit} ({way}){track}.",
            owner.name, data,
        ))  # fmt: skip
    return specs


def replace_actions(
    session: Session,
    ctx: RunContext,
    specs: Sequence[ActionSpec],
    due_on: date,
    actor: str,
) -> dict[str, int]:
    """Store the run's actions (open ones replaced, closed ones kept); counts per rule."""
    run_id = ctx.run_id
    of_run = col(FollowUpAction.stage_run_id) == run_id
    is_open = col(FollowUpAction.status) == ActionStatus.OPEN.value
    replaced = session.exec(
        select(func.count()).select_from(FollowUpAction).where(of_run, is_open)
    ).one()
    session.execute(delete(FollowUpAction).where(of_run, is_open))
    kept = {(r, s) for r, s in session.exec(
        select(FollowUpAction.rule, FollowUpAction.subject).where(of_run)).all()}  # fmt: skip
    new = [s for s in specs if (s.rule, s.subject) not in kept]
    bulk_insert(session, FollowUpAction, (
        {"cycle_id": ctx.cycle.id, "stage_run_id": run_id, "rule": s.rule, "subject": s.subject,
         "title": s.title, "detail": s.detail, "owner": s.owner, "due_on": due_on,
         "status": ActionStatus.OPEN.value, "closed_by": None, "closed_at": None, "data": s.data}
        for s in new
    ))  # fmt: skip
    created = {rule: sum(1 for s in new if s.rule == rule) for rule in RULES}
    audit.record(
        session, actor=actor, action="followup.created", subject_type="stage_run",
        subject_id=run_id, organisation_id=ctx.org_id,
        payload={"period": ctx.run.period, "created": created, "replaced_open": replaced,
                 "kept_closed": len(kept), "due_on": due_on.isoformat()},
    )  # fmt: skip
    totals = dict(session.exec(
        select(FollowUpAction.rule, func.count()).where(of_run).group_by(FollowUpAction.rule)
    ).all())  # fmt: skip
    return {rule: int(totals.get(rule, 0)) for rule in RULES}
