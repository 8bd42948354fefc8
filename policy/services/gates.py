"""Stage-specific gate and review conditions, gathered for the cycle service.

Layer: domain services. The generic rule (previous stage approved) is in
`policy.stages`; this module adds what only a stage's own data can tell, e.g.
socialisation coverage below the pack's target holding the gate to implementation,
and what a stage's approval sets off (`on_approved`: approving drafting makes the
latest draft version final and publishes the Peraturan; approving a revision cycle's
implementation closes the older cycles still active).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from policy.models import Cycle, Stage, StageRun


def blockers_for(session: Session, cycle: Cycle, stage: Stage) -> list[str]:
    """Stage-specific reasons why `stage` may not start yet (empty when none)."""
    if stage == Stage.IMPLEMENTATION:
        from policy.services import socialisation_coverage

        return socialisation_coverage.coverage_blockers(session, cycle)
    if stage == Stage.DRAFTING:
        from policy.services import forum_minutes

        return forum_minutes.minutes_blockers(session, cycle)
    return []


def submit_problems(session: Session, cycle: Cycle, stage: Stage, run: StageRun) -> list[str]:
    """Stage-specific reasons why a finished run may not go to review yet."""
    if stage == Stage.FORUMS:
        from policy.services import forum_minutes

        return forum_minutes.submit_problems(session, cycle)
    if stage == Stage.DRAFTING:
        from policy.services import drafting

        return drafting.submit_problems(session, cycle)
    return []


def on_approved(
    session: Session, cycle: Cycle, stage: Stage, run: StageRun, actor: str, on: date
) -> dict[str, Any]:
    """What a leader's approval of `stage` sets off, in the approval's own transaction.

    Helpers here flush and never commit; `policy.services.review.decide` commits the
    approval and its effects together (or neither). Returns what was done, for the audit.
    """
    if stage == Stage.DRAFTING:
        from policy.services import draft_regulation

        return draft_regulation.finalise(session, cycle=cycle, run=run, actor=actor, on=on)
    if stage == Stage.IMPLEMENTATION:
        from policy.services import cycle as cycle_service

        closed = cycle_service.close_superseded(session, cycle, actor)
        return {"closed_cycles": closed} if closed else {}
    return {}
