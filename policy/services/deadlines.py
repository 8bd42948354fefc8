"""Deadlines of stage runs, rollout milestones and follow-up actions; the overdue board.

Layer: domain services (counterparts: `siklus status --overdue`, `policy.services.reminders`,
the portal). Rules:
- a stage run is due `stages.deadlines_working_days[stage]` working days after the day it
  started (local date); the due date is fixed when the run starts (`StageRun.due_on`), so a
  later pack change does not move a running deadline. A run's deadline is met when it goes
  to review: it is open while `running`, `returned` or `failed`;
- a rollout milestone is due on its `due_on` (from the plan, see `policy.services.rollout`)
  and open until its unit reports it `selesai`;
- a follow-up action of an evaluation (`FollowUpAction`) is due on its `due_on` and open until
  it is closed. Actions come as one item per evaluation period, rule, due date and the unit
  whose head sees to them (the unit that owns it; for an employee's action, whose owner is
  the employee's supervisor, the employee's unit) or the member who owns it: a province's
  thousands of coaching actions are one line per perangkat daerah, not one per employee. An
  action carried into a later cycle's needs analysis is still to be done and stays;
- only cycles that are still active count; an item is overdue the day after its due date
  and "due soon" from `lead` working days before it up to the due date itself.
Working days exclude weekends, hari libur nasional, cuti bersama and the pack's own extra
holidays (`policy.workdays`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy.locale import to_local
from policy.models import (
    Cycle,
    CycleStatus,
    FollowUpAction,
    MilestoneStatus,
    Organisation,
    Policy,
    RolloutMilestone,
    RunStatus,
    Stage,
    StageRun,
    utcnow,
)
from policy.packschema import Pack
from policy.services.actions import keeping_unit
from policy.services.common import get_org, org_pack, unit_names
from policy.settings import get_settings
from policy.stages import STAGE_TITLES_ID
from policy.views.actions import RULE_LABELS
from policy.workdays import WorkCalendar

#: Run statuses in which the stage's work is still owed.
OPEN_RUNS = (RunStatus.RUNNING.value, RunStatus.RETURNED.value, RunStatus.FAILED.value)
STAGE, MILESTONE, ACTION = "stage", "milestone", "action"
#: Employees' names an action item lists before "dan N lainnya".
ACTION_NAMES = 5
DUE_SOON, OVERDUE = "due_soon", "overdue"


def calendar_for(pack: Pack) -> WorkCalendar:
    """The working-day calendar of an organisation (national + the pack's own days)."""
    return WorkCalendar.of(
        ((h.date, h.name) for h in pack.calendar.extra_holidays),
        pack.calendar.extra_working_days,
    )


def local_date(moment: datetime | None = None) -> date:
    """The date of `moment` (default: now) in the configured time zone (WIB by default)."""
    return to_local(moment or utcnow(), get_settings().timezone).date()


def stage_due_on(pack: Pack, stage: Stage | str, started_on: date) -> date | None:
    """The deadline of a stage started on `started_on`, or None when the pack sets none."""
    days = pack.stages.deadlines_working_days.get(str(Stage(stage).value))
    if days is None:
        return None
    return calendar_for(pack).add_working_days(started_on, days)


@dataclass(frozen=True)
class DeadlineItem:
    """An open stage run, milestone or group of follow-up actions whose deadline is near or past."""

    key: str = ""
    kind: str = ""  # STAGE, MILESTONE or ACTION
    state: str = ""  # DUE_SOON or OVERDUE
    organisation: str = ""
    cycle: int = 0
    due_on: date = date.min
    working_days: int = 0  # due soon: working days left; overdue: working days late
    title: str = ""  # stage title, or the milestone's name
    stage: str = ""
    period: str = ""
    run_status: str = ""
    started_by: str = ""
    unit_code: str = ""
    unit: str = ""
    reported: str = ""  # milestone: belum / proses as reported by the unit
    note: str = ""
    rule: str = ""  # action: its rule ('coaching', …)
    count: int = 0  # action: open actions in the item
    under_way: int = 0  # action: of those, the ones a unit has reported progress on
    names: tuple[str, ...] = ()  # action: the first of whom (or what) they are about
    owner: str = ""  # action owned by a member: the member's name

    @property
    def subject(self) -> str:
        """One line naming the item (Indonesian)."""
        if self.kind == STAGE:
            return f"Tahap {self.title}" + (f" {self.period}" if self.period else "")
        if self.kind == ACTION:
            where = f"{self.unit} — " if self.unit else ""
            going = f" ({self.under_way} dilaporkan berjalan)" if self.under_way else ""
            return f"{where}{self.title} {self.period}: {self.count} tindak lanjut terbuka{going}"
        return f"{self.unit} — {self.title}"


def _state(cal: WorkCalendar, due: date, today: date) -> tuple[str, int]:
    if due < today:
        return OVERDUE, cal.working_days_between(due, today)
    return DUE_SOON, cal.working_days_between(today, due)


def _org_cycles(org_id: int) -> Any:
    return (
        select(Cycle.id)
        .join(Policy, col(Policy.id) == col(Cycle.policy_id))
        .where(Policy.organisation_id == org_id, Cycle.status == CycleStatus.ACTIVE.value)
    )


def deadline_items(
    session: Session, org: Organisation, today: date, lead: int | None = None
) -> list[DeadlineItem]:
    """Open items due within `lead` working days (default: the pack's) or already overdue."""
    pack = org_pack(org)
    cal = calendar_for(pack)
    horizon = cal.add_working_days(
        today, pack.reminders.lead_working_days if lead is None else lead
    )
    cycles = _org_cycles(org.id or 0)
    items: list[DeadlineItem] = []
    runs = session.exec(
        select(StageRun, Cycle.number)
        .join(Cycle, col(Cycle.id) == col(StageRun.cycle_id))
        .where(col(StageRun.cycle_id).in_(cycles), col(StageRun.status).in_(OPEN_RUNS),
               col(StageRun.due_on).is_not(None), col(StageRun.due_on) <= horizon)
    ).all()  # fmt: skip
    for run, number in runs:
        assert run.due_on is not None
        state, days = _state(cal, run.due_on, today)
        items.append(DeadlineItem(
            key=f"stage:{run.id}:{run.attempt}:{run.due_on.isoformat()}", kind=STAGE,
            state=state, organisation=org.code, cycle=number, due_on=run.due_on,
            working_days=days, title=STAGE_TITLES_ID[Stage(run.stage)], stage=run.stage,
            period=run.period, run_status=run.status, started_by=run.started_by,
        ))  # fmt: skip
    names = unit_names(session, org.id)
    milestones = session.exec(
        select(RolloutMilestone, Cycle.number)
        .join(Cycle, col(Cycle.id) == col(RolloutMilestone.cycle_id))
        .where(col(RolloutMilestone.cycle_id).in_(cycles),
               col(RolloutMilestone.status) != MilestoneStatus.SELESAI.value,
               col(RolloutMilestone.due_on) <= horizon)
    ).all()  # fmt: skip
    for m, number in milestones:
        state, days = _state(cal, m.due_on, today)
        items.append(DeadlineItem(
            key=f"milestone:{m.id}:{m.due_on.isoformat()}", kind=MILESTONE, state=state,
            organisation=org.code, cycle=number, due_on=m.due_on, working_days=days,
            title=m.milestone, unit_code=m.unit_code, unit=names.get(m.unit_code, m.unit_code),
            reported=m.status, note=m.note,
        ))  # fmt: skip
    items += _action_items(session, org, cycles, names, cal, today, horizon)
    return sorted(items, key=_order)


def _action_items(
    session: Session,
    org: Organisation,
    cycles: Any,
    names: dict[str, str],
    cal: WorkCalendar,
    today: date,
    horizon: date,
) -> list[DeadlineItem]:
    """Open follow-up actions due by `horizon`, one item per period, rule, date and keeper.

    Read as columns (a province has tens of thousands of actions), grouped here.
    """
    a = FollowUpAction
    rows = session.execute(
        sa_select(col(a.stage_run_id), col(a.rule), col(a.subject), col(a.owner),
                  col(a.due_on), col(a.data), col(StageRun.period), col(Cycle.number),
                  col(a.progress_note))
        .join(StageRun, col(StageRun.id) == col(a.stage_run_id))
        .join(Cycle, col(Cycle.id) == col(a.cycle_id))
        # An action carried into a later cycle's needs analysis is still to be done.
        .where(or_(col(a.cycle_id).in_(cycles), col(a.carried_to_cycle_id).in_(cycles)),
               col(a.status).in_(("open", "carried")), col(a.due_on) <= horizon)
        .order_by(col(a.subject))
    ).all()  # fmt: skip
    code_of = {name: code for code, name in names.items()}
    groups: dict[tuple[int, str, date, str, str], list[Any]] = {}
    for run_id, rule, subject, owner, due_on, data, period, number, progress in rows:
        kind = data.get("owner_kind", "other")
        if kind in ("unit", "employee", "nip"):  # an employee's: the employee's unit sees to it
            by = "unit"
            who = keeping_unit(kind, data.get("owner_unit") or "", owner, data.get("unit", ""),
                               code_of)  # fmt: skip
        elif kind == "member":
            by, who = "member", owner
        else:
            by, who = "officers", ""
        groups.setdefault((run_id, rule, due_on, by, who), []).append(
            (data.get("name", subject), period, number, bool(progress))
        )
    items = []
    for (run_id, rule, due_on, keeper, whom), members in groups.items():
        state, days = _state(cal, due_on, today)
        unit = names.get(whom, whom) if keeper == "unit" else ""
        # Whom (or which indicator) they are about, by name; a unit's own action names none.
        about = sorted({m[0] for m in members} - {unit}, key=str.casefold)
        _, period, number, _ = members[0]
        items.append(DeadlineItem(
            key=f"action:{run_id}:{rule}:{keeper}:{whom}:{due_on.isoformat()}", kind=ACTION,
            state=state, organisation=org.code, cycle=number, due_on=due_on,
            working_days=days, title=RULE_LABELS["id"].get(rule, rule), period=period, rule=rule,
            unit_code=whom if keeper == "unit" else "", unit=unit, count=len(members),
            under_way=sum(m[3] for m in members),
            names=tuple(about[:ACTION_NAMES]), owner=whom if keeper == "member" else "",
        ))  # fmt: skip
    return items


def _order(item: DeadlineItem) -> tuple[int, int, date, int, str, str]:
    """Overdue first (most working days late first), then due soon (nearest first)."""
    late = item.state == OVERDUE
    return (0 if late else 1, -item.working_days if late else item.working_days, item.due_on,
            item.cycle, item.unit, item.title)  # fmt: skip


def overdue_items(session: Session, organisation: str | None, today: date) -> list[DeadlineItem]:
    """Every overdue stage and milestone across the organisation's active cycles, worst first."""
    org = get_org(session, organisation)
    return [i for i in deadline_items(session, org, today, lead=0) if i.state == OVERDUE]


def responsible(pack: Pack, item: DeadlineItem) -> list[tuple[str, str]]:
    """Who is reminded of an item, as (name, email or ''), in the pack's order.

    A stage: the officer who started it, then the other members with the officer role. A
    milestone, or a follow-up action a unit sees to: the head of its unit as named in the
    pack. An action a member owns: that member; another action: the officers.
    """
    if item.kind == ACTION and item.owner:
        return [(m.name, m.email or "") for m in pack.members if m.name == item.owner]
    if item.kind == ACTION and not item.unit_code:
        return [(m.name, m.email or "") for m in pack.members if "officer" in m.roles]
    if item.kind in (MILESTONE, ACTION):
        unit = next((u for u in pack.units if u.code == item.unit_code), None)
        if unit is None:
            return []
        name = unit.head_name or unit.head or f"Kepala {unit.name}"
        return [(name, unit.head_email or "")]
    starter = [m for m in pack.members if m.username == item.started_by]
    officers = [m for m in pack.members if "officer" in m.roles and m not in starter]
    return [(m.name, m.email or "") for m in starter + officers]


def leaders(pack: Pack) -> list[tuple[str, str]]:
    """The members with the leader role, (name, email or ''), who receive escalations."""
    return [(m.name, m.email or "") for m in pack.members if "leader" in m.roles]
