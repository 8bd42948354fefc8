"""Carrying a cycle's follow-up actions not done into the next cycle's needs analysis.

Layer: domain services (counterpart: `policy.services.needs_analysis`, whose run carries them;
the actions themselves are `policy.services.actions`). DESIGN.md: open actions "are carried
into the next cycle's needs analysis". Each becomes `carried` and points at the new cycle; the
needs analysis lists the problems they leave, grouped per unit and rule for actions about
employees.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.locale import Locale
from policy.models import ActionStatus, FollowUpAction
from policy.services.actions import GROUPED_RULES, NOT_DONE, cycle_numbers
from policy.services.stagework import RunContext
from policy.views.actions import carried_text, title_in


@dataclass(frozen=True)
class Carried:
    """A problem the previous cycle's open actions leave to a unit, worded per locale.

    Actions about employees are grouped per unit and rule (`employees` of them); any other
    action stands alone (`employees` 0), worded from its rule and data.
    """

    unit: str
    rule: str
    ids: tuple[int, ...]
    employees: int = 0
    subject: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    stored_title: str = ""

    def text(self, locale: Locale) -> str:
        """'Telaah kebijakan: … (tindak lanjut #7)', '… belum selesai: 2 pegawai (#3, #4)'."""
        title = title_in(self.rule, self.subject, self.data, self.stored_title, locale)
        return carried_text(self.rule, self.ids, locale, title, self.employees)


def carry_into(session: Session, ctx: RunContext, actor: str) -> list[Carried]:
    """Carry every earlier cycle's actions not done into this cycle (flushes; idempotent).

    Open actions of any earlier cycle, and actions an earlier cycle's needs analysis had
    already carried, become `carried` and point at this cycle; actions already carried here
    by an earlier run of the needs analysis count again, each once. Returns the problems
    they leave: actions about employees grouped per unit and rule (each employee counted
    once), the others one by one, each naming the action numbers it stands for.
    """
    numbers = cycle_numbers(session, ctx.cycle.policy_id)
    here, number = ctx.cycle.id or 0, ctx.cycle.number
    earlier = [cid for cid, n in numbers.items() if n < number]
    if not earlier:
        return []
    candidates = session.exec(
        select(FollowUpAction)
        .where(
            col(FollowUpAction.cycle_id).in_(earlier),
            col(FollowUpAction.status).in_(NOT_DONE),
        )
        .order_by(col(FollowUpAction.id))
    ).all()
    # An action a later cycle has taken over already is that cycle's to carry on.
    actions = [a for a in candidates if numbers.get(a.carried_to_cycle_id or 0, number) <= number]
    newly = [a for a in actions if a.carried_to_cycle_id != here]
    before = {a.id or 0: numbers[a.carried_to_cycle_id] for a in newly if a.carried_to_cycle_id}
    for a in newly:
        a.status = ActionStatus.CARRIED
        a.carried_to_cycle_id = here
        session.add(a)
    if newly:
        session.flush()
        audit.record(
            session, actor=actor, action="followup.carried", subject_type="cycle",
            subject_id=here, organisation_id=ctx.org_id,
            payload={"from_cycles": sorted({numbers[a.cycle_id] for a in newly}),
                     "actions": [a.id for a in newly], "carried_before": before},
        )  # fmt: skip
    groups: dict[tuple[str, str], list[FollowUpAction]] = defaultdict(list)
    problems: list[Carried] = []
    for a in actions:
        unit = a.data.get("unit") or a.data.get("name") or ctx.org.name
        if a.rule in GROUPED_RULES:
            groups[(unit, a.rule)].append(a)
        else:
            problems.append(Carried(unit, a.rule, (a.id or 0,), subject=a.subject,
                                    data=dict(a.data), stored_title=a.title))  # fmt: skip
    for (unit, rule), items in groups.items():
        employees = len({a.subject for a in items})
        problems.append(Carried(unit, rule, tuple(a.id or 0 for a in items), employees))
    return problems
