"""Where an employee stood when a period was evaluated: unit, position and team.

Layer: domain services (helpers of the `pegawai` writer in `policy.services.bulk_imports`
and of `policy.services.employee_sheets`).

A staff list imported after an evaluation moves people (a transfer to another unit, a
promotion): the employee table then holds where they are now. A private result sheet of
the evaluated period, published on request weeks later, must still name the unit, post
and team the period's Laporan Evaluasi counted them in. So the `pegawai` import keeps, for
each employee whose unit, position or team it changes, what they were until then
(`EmployeePlacement`), and a sheet reads the placement as of the moment its evaluation was
submitted: the first placement recorded after that moment, else the employee's own.
Only changes are kept, so a province's unchanged staff list writes nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import insert
from sqlmodel import Session, col, select

from policy.models import Employee, EmployeePlacement, as_utc

if TYPE_CHECKING:
    from policy.services.import_target import ImportTarget

#: The columns of an employee that make their placement, in `Placement`'s order.
PLACED = ("unit_code", "position", "team")


@dataclass(frozen=True, slots=True)
class Placement:
    """An employee's unit (code), position and team."""

    unit_code: str
    position: str
    team: str


class Moves:
    """The placements a `pegawai` import changes, noted batch by batch, written at its end.

    `kept` are the placement columns the file has (a column it lacks leaves what is
    stored, so it moves no one).
    """

    def __init__(self, t: ImportTarget, kept: Iterable[str]) -> None:
        self.t = t
        self.stored: dict[str, tuple[str, str, str]] = {
            nip: (unit, position, team)
            for nip, unit, position, team in t.session.exec(
                select(Employee.nip, Employee.unit_code, Employee.position, Employee.team).where(
                    Employee.organisation_id == t.org.id
                )
            )
        }
        self.compared = [i for i, name in enumerate(PLACED) if name in set(kept)]
        self.moved: list[tuple[str, tuple[str, str, str]]] = []

    def note(self, batch: list[Any], _report: Any) -> None:
        """A check of the batch (it refuses nothing): note the employees it moves."""
        stored, compared = self.stored, self.compared
        if not stored or not compared:
            return
        for r in batch:
            old = stored.get(r.nip)
            if old is None:
                continue
            new = (r.unit_code, r.position, r.team)
            if any(old[i] != new[i] for i in compared):
                self.moved.append((r.nip, old))

    def write(self) -> int:
        """Store where each moved employee stood until this import; the number stored."""
        if not self.moved:
            return 0
        record = self.t.record
        rows = [
            {
                "organisation_id": self.t.org.id,
                "nip": nip,
                "import_id": record.id,
                "until": record.created_at,
                "unit_code": unit,
                "position": position,
                "team": team,
            }
            for nip, (unit, position, team) in self.moved
        ]
        self.t.session.execute(insert(EmployeePlacement), rows)
        return len(rows)


class Placed(Protocol):
    """What `placements_at` reads of an employee: an `Employee`, or a row of its columns."""

    @property
    def nip(self) -> str: ...  # noqa: D102
    @property
    def unit_code(self) -> str: ...  # noqa: D102
    @property
    def position(self) -> str: ...  # noqa: D102
    @property
    def team(self) -> str: ...  # noqa: D102


def placements_at(
    session: Session, organisation_id: int, employees: Sequence[Placed], when: datetime | None
) -> dict[str, Placement]:
    """Each employee's placement at `when` (None: now), by NIP.

    The first placement stored after `when` is where the employee stood at `when`; an
    employee no import has moved since stands where the employee table says.
    """
    placed = {e.nip: Placement(e.unit_code, e.position, e.team) for e in employees}
    if when is None or not placed:
        return placed
    moment = as_utc(when)
    # Only moves are stored, so the organisation's placements are few: read them in one query.
    rows = session.exec(
        select(EmployeePlacement)
        .where(EmployeePlacement.organisation_id == organisation_id)
        .order_by(col(EmployeePlacement.until).desc(), col(EmployeePlacement.id).desc())
    )
    for row in rows:
        # The latest first: the earliest placement after `when` is the last one kept.
        if row.nip in placed and as_utc(row.until) > moment:
            placed[row.nip] = Placement(row.unit_code, row.position, row.team)
    return placed
