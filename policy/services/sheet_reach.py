"""How far the private sheets of a period have reached their employees, per unit.

Layer: domain services (counterpart: `siklus evaluation opened`). The links `siklus
evaluation links` makes record their first opening (`policy.services.sheet_links`): the day
a sheet reached its employee. The officer follows up, through the unit heads, with whoever
has not opened theirs yet. Per unit of the employee (as the staff list has it now): sheets
issued, with a link still valid, opened, not opened yet, and links expired or replaced
unopened with no valid one since. Counted in SQL over the period's links and sheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from policy.models import Employee, SheetLink, Stage, utcnow
from policy.services.actions import unit_code
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    get_cycle,
    get_member,
    get_org,
    get_run,
    require_role,
    unit_names,
)
from policy.services.objection_register import issued_nips


@dataclass
class UnitReach:
    """One unit's sheets of the period and how far they reached."""

    unit_code: str
    unit: str
    issued: int = 0
    linked: int = 0
    opened: int = 0
    not_opened: int = 0
    lapsed: int = 0
    #: (NIP, name) of those with a valid link not opened yet, when asked for.
    waiting: list[tuple[str, str]] = field(default_factory=list)


def sheet_reach(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    unit: str | None = None,
    names: bool = False,
) -> list[UnitReach]:
    """Per unit: the period's private sheets issued, linked, opened and not opened yet.

    A sheet counts as opened once any of its links was opened; a valid link is neither
    replaced nor expired. `names` lists the employees with a valid link not opened yet.

    Raises:
        ServiceError: `actor` may not see private results; an unknown period or unit.
    """
    org = get_org(session, organisation)
    require_role(get_member(session, org, actor), PRIVATE_RESULT_ROLES, "melihat sebaran lembar")
    run = get_run(session, get_cycle(session, org, cycle), Stage.EVALUATION, period)
    units = unit_names(session, org.id or 0)
    wanted = unit_code(units, unit) if unit is not None else None
    issued = issued_nips(session, run.id or 0, period)
    now = utcnow()
    valid = func.sum(
        case((col(SheetLink.revoked_at).is_(None) & (col(SheetLink.expires_at) > now), 1), else_=0)
    )
    links = {
        nip: (bool(opened), int(ok or 0))
        for nip, opened, ok in session.exec(
            select(SheetLink.nip, func.max(SheetLink.opened_at), valid)
            .where(SheetLink.stage_run_id == run.id)
            .group_by(col(SheetLink.nip))
        )
    }
    staff = {
        nip: (name, code)
        for nip, name, code in session.exec(
            select(Employee.nip, Employee.name, Employee.unit_code).where(
                Employee.organisation_id == org.id
            )
        )
    }
    out: dict[str, UnitReach] = {}
    for nip in sorted(issued):
        name, code = staff.get(nip, (nip, ""))
        if wanted is not None and code != wanted:
            continue
        row = out.setdefault(code, UnitReach(code, units.get(code, code or "—")))
        row.issued += 1
        opened, ok = links.get(nip, (False, 0))
        if opened:
            row.opened += 1
            row.linked += 1
        elif ok:
            row.linked += 1
            row.not_opened += 1
            if names:
                row.waiting.append((nip, name))
        elif nip in links:
            row.lapsed += 1
    return sorted(out.values(), key=lambda r: r.unit_code)
