"""The follow-up actions as documents show them: read back, named and ordered.

Layer: domain services (used by `policy.services.evaluation` for the Rekomendasi Tindak
Lanjut and the unit sheets; `policy.services.followup` makes and stores the actions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from policy.models import FollowUpAction, StageRun, Unit
from policy.periods import period_range
from policy.services.followup import RULES
from policy.services.stagework import RunContext
from policy.views.evaluation import ActionRow, EarlierActions


@dataclass(frozen=True)
class UnitHeads:
    """The pack's titles of unit heads ('Camat Talawi'), to name a unit that owns an action."""

    titles: Mapping[str, str] = field(default_factory=dict)
    """Head title by unit code (units whose pack entry gives one)."""
    codes: Mapping[str, str] = field(default_factory=dict)
    """Unit code by name, for actions stored before their owner's code was (unique names)."""

    def title(self, code: str | None, name: str) -> str:
        """The head's title of the unit `code` (else the one named `name`); '' if not given."""
        return self.titles.get(code or self.codes.get(name, ""), "")


def unit_heads(session: Session, ctx: RunContext) -> UnitHeads:
    """The head titles of the units: the pack's (`units[].head_title`), else by kind."""
    titles = {u.code: u.head for u in ctx.pack.units if u.head}
    names: dict[str, list[str]] = {}
    for code, name in session.exec(
        select(Unit.code, Unit.name).where(Unit.organisation_id == ctx.org_id)
    ).all():
        names.setdefault(name, []).append(code)
    return UnitHeads(titles, {n: c[0] for n, c in names.items() if len(c) == 1})


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def action_rows(
    session: Session,
    run_id: int,
    heads: UnitHeads | None = None,
    units: Mapping[str, str] | None = None,
) -> list[ActionRow]:
    """The run's actions for the documents, in rule order, then unit by unit.

    Within a rule, actions go by unit in the order of `units` (code -> name, the pack's
    order; a unit it does not name comes after, by name), then by employee name: a province
    reads its thousands of coaching actions one perangkat daerah at a time. Actions without
    a unit (policy reviews) keep their subject's order. A unit that owns an action is named
    by its head's title from `heads`, where given.
    """
    heads = heads or UnitHeads()
    a = FollowUpAction
    # Columns, not entities: a province has tens of thousands of actions, and loading them
    # as ORM objects (identity map, change tracking) costs several times the query.
    columns = (a.rule, a.subject, a.title, a.owner, a.due_on, a.status, a.data)
    actions = session.execute(
        sa_select(*map(col, columns)).where(col(a.stage_run_id) == run_id).order_by(col(a.subject))
    ).all()
    order = {rule: i for i, rule in enumerate(RULES)}
    place = {name: i for i, name in enumerate((units or {}).values())}

    def key(r: Any) -> tuple[int, int, str, str, str]:
        unit = r[6].get("unit", "")
        name = r[6].get("name", r[1]).casefold() if unit else ""
        return (order.get(r[0], len(RULES)), place.get(unit, len(place)), unit, name, r[1])

    rows = []
    for rule, subject, title, owner, due_on, status, d in sorted(actions, key=key):
        kind = d.get("owner_kind", "other")
        rows.append(ActionRow(
            rule=rule, subject=subject, title=title, name=d.get("name", subject),
            unit=d.get("unit", ""), owner=owner, owner_kind=kind,
            owner_title=heads.title(d.get("owner_unit"), owner) if kind == "unit" else "",
            owner_nip=d.get("owner_nip", ""), due_on=due_on, status=status,
            predikat=d.get("predikat", ""), hasil_kerja=d.get("hasil_kerja", ""),
            perilaku=d.get("perilaku", ""), focus=d.get("focus", []), ikm=_dec(d.get("ikm")),
            mutu=d.get("mutu", ""), weakest=d.get("weakest", []),
            weakest_nrr=[Decimal(n) for n in d.get("weakest_nrr", [])],
            realisation=_dec(d.get("realisation")), target=_dec(d.get("target")),
            direction=d.get("direction", ""), measure=d.get("measure", ""),
            decimals=int(d.get("decimals", 2)),
            expected=_dec(d.get("expected")), behind=bool(d.get("behind")),
            criterion=d.get("criterion", ""), score=_dec(d.get("score")),
            jp_year=d.get("jp_year"), jp_credited=d.get("jp_credited"),
            jp_remaining=d.get("jp_remaining"), complaints=d.get("complaints"),
            share_within=_dec(d.get("share_within")), limit_hours=d.get("limit_hours"),
            target_share=_dec(d.get("target_share")), judged=d.get("judged"),
            slow=d.get("slow", []), slow_share=[Decimal(n) for n in d.get("slow_share", [])],
            slow_days=d.get("slow_days", []),
        ))  # fmt: skip
    return rows


@dataclass(frozen=True)
class Earlier:
    """How the follow-up of the cycle's earlier periods stands: in all and per unit."""

    periods: list[str] = field(default_factory=list)
    """Codes of the earlier periods that raised any, in order."""
    total: list[EarlierActions] = field(default_factory=list)
    by_unit: dict[str, list[EarlierActions]] = field(default_factory=dict)
    """By unit name: the actions about the unit or its employees (policy reviews have none)."""


def earlier_sum(rows: Sequence[EarlierActions]) -> EarlierActions:
    """The earlier periods' follow-up of every kind together (rule '')."""
    return EarlierActions(
        rule="", raised=sum(a.raised for a in rows), done=sum(a.done for a in rows),
        open=sum(a.open for a in rows), overdue=sum(a.overdue for a in rows),
        under_way=sum(a.under_way for a in rows),
    )  # fmt: skip


def earlier_actions(session: Session, ctx: RunContext, on: date) -> Earlier:
    """How the follow-up of the cycle's other evaluation periods stands on `on`, by rule.

    Counted in SQL by period, unit, rule, status and whether the due date has passed (and,
    of those not done, how many a unit has reported progress on); the periods that began
    before this run's period count. Empty when there are none.
    """
    a = FollowUpAction
    late = case((col(a.due_on) < on, 1), else_=0)
    going = case((col(a.progress_note) != "", 1), else_=0)
    unit = col(a.data)["unit"].as_string()
    rows = session.execute(
        sa_select(col(a.rule), col(a.status), func.count(), func.sum(late), col(StageRun.period),
                  unit, func.sum(going))
        .join(StageRun, col(StageRun.id) == col(a.stage_run_id))
        .where(col(a.cycle_id) == ctx.cycle.id, col(a.stage_run_id) != ctx.run_id)
        .group_by(col(StageRun.period), unit, col(a.rule), col(a.status))
    ).all()  # fmt: skip
    begins = period_range(ctx.run.period)[0] if ctx.run.period else on
    total: dict[str, list[int]] = {}
    per_unit: dict[str, dict[str, list[int]]] = {}
    periods: set[str] = set()
    for rule, status, n, overdue, period, unit_name, reported in rows:
        if not period or period_range(period)[0] >= begins:
            continue
        periods.add(period)
        finished = status == "done"
        pending = 0 if finished else n
        adds = (n, n - pending, pending, int(overdue or 0) if pending else 0,
                int(reported or 0) if pending else 0)  # fmt: skip
        for counts in (total, per_unit.setdefault(unit_name or "", {})):
            counts[rule] = [x + y for x, y in zip(counts.get(rule, [0] * 5), adds,
                                                  strict=True)]  # fmt: skip
    order = {rule: i for i, rule in enumerate(RULES)}

    def rows_of(counts: dict[str, list[int]]) -> list[EarlierActions]:
        return [
            EarlierActions(
                rule=rule, raised=c[0], done=c[1], open=c[2], overdue=c[3], under_way=c[4]
            )  # fmt: skip
            for rule, c in sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order)))
        ]

    return Earlier(
        periods=sorted(periods, key=lambda p: period_range(p)[0]),
        total=rows_of(total),
        by_unit={name: rows_of(c) for name, c in per_unit.items() if name},
    )
