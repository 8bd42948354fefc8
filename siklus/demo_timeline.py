"""The days the demo cycles speak for: the date of each stage's documents, per pack.

Layer: shell (demo data). `siklus demo --pack NAME` dates each stage's documents by these,
and the tests run the packs' cycles through the services on the same days. A pack of
the packs folder without a timeline of its own follows Sawahlunto's (`DEMO_DATES`).

- Stages: the pack's day for each of the five stages before evaluation.
- Later consultation rounds: round n's forums two weeks per round after round 1's drafting,
  its drafting one week after those forums (Sawahlunto: 20 and 27 April 2026).
- Minutes: the forums stage closes a round's forums with their minutes and writes the
  Rekapitulasi Masukan on its day; the organiser approves the minutes on the next working
  day and a leader on the one after (Sawahlunto: 25 and 26 March, 21 and 22 April 2026),
  so the Rekapitulasi rightly shows them awaiting approval.
- Enactment: three days after the last round's drafting (Sawahlunto: 30 April 2026).
- Implementation: begins on the first working day after the socialisation stage's day
  (Sawahlunto: 1 July 2026), the day its plan counts from; the stage's own day is that
  of its progress report (Sawahlunto: 30 September 2026). The packs' sample progress
  files set every milestone's target between the two.
- Evaluation: two weeks after the end of each period; a timeline's own evaluation day is
  that of the demo period 2026-TW3 (Sawahlunto: 15 October 2026).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from policy.models import Stage
from policy.periods import period_range
from policy.workdays import WorkCalendar

#: The period of a pack's demo key `evaluation` (without `@PERIOD`).
DEMO_PERIOD = "2026-TW3"
#: Sawahlunto's timeline, and the one of a pack without its own.
DEMO_DATES: dict[Stage, date] = {
    Stage.NEEDS_ANALYSIS: date(2026, 2, 16),
    Stage.FORUMS: date(2026, 3, 24),
    Stage.DRAFTING: date(2026, 4, 6),
    Stage.SOCIALISATION: date(2026, 6, 30),
    Stage.IMPLEMENTATION: date(2026, 9, 30),
    Stage.EVALUATION: date(2026, 10, 15),
}
#: The regional packs' timelines (their evaluations: two weeks after each period).
PACK_DATES: dict[str, dict[Stage, date]] = {
    "cipocokjaya": {Stage.NEEDS_ANALYSIS: date(2026, 1, 19), Stage.FORUMS: date(2026, 2, 16),
                    Stage.DRAFTING: date(2026, 3, 9), Stage.SOCIALISATION: date(2026, 4, 30),
                    Stage.IMPLEMENTATION: date(2026, 6, 30)},
    "gajahmungkur": {Stage.NEEDS_ANALYSIS: date(2026, 1, 26), Stage.FORUMS: date(2026, 2, 23),
                     Stage.DRAFTING: date(2026, 3, 16), Stage.SOCIALISATION: date(2026, 5, 8),
                     Stage.IMPLEMENTATION: date(2026, 7, 31)},
    "sorong": {Stage.NEEDS_ANALYSIS: date(2026, 2, 2), Stage.FORUMS: date(2026, 3, 2),
               Stage.DRAFTING: date(2026, 3, 23), Stage.SOCIALISATION: date(2026, 5, 15),
               Stage.IMPLEMENTATION: date(2026, 6, 30)},
    "lampung": {Stage.NEEDS_ANALYSIS: date(2026, 2, 9), Stage.FORUMS: date(2026, 3, 9),
                Stage.DRAFTING: date(2026, 3, 30), Stage.SOCIALISATION: date(2026, 5, 20),
                Stage.IMPLEMENTATION: date(2026, 6, 30)},
}  # fmt: skip
ROUND_GAP = timedelta(days=14)
FORUMS_TO_DRAFTING = timedelta(days=7)
DRAFTING_TO_ENACTMENT = timedelta(days=3)
PERIOD_TO_EVALUATION = timedelta(days=14)


def timeline(pack: str) -> dict[Stage, date]:
    """The pack's day per stage, Sawahlunto's where the pack has none."""
    return {**DEMO_DATES, **PACK_DATES.get(pack, {})}


def stage_date(pack: str, stage: Stage, rnd: int = 1) -> date:
    """The day of a stage's documents (of consultation round `rnd` for forums and drafting).

    Raises:
        ValueError: `stage` is the evaluation, which is dated per period
            (`evaluation_date`).
    """
    if stage == Stage.EVALUATION:
        raise ValueError("the evaluation is dated per period: evaluation_date()")
    day = timeline(pack)[stage]
    if rnd == 1 or stage not in (Stage.FORUMS, Stage.DRAFTING):
        return day
    forums = timeline(pack)[Stage.DRAFTING] + ROUND_GAP * (rnd - 1)
    return forums if stage == Stage.FORUMS else forums + FORUMS_TO_DRAFTING


def minutes_approval_dates(pack: str, rnd: int = 1) -> tuple[date, date]:
    """The days the organiser, then a leader, approve the minutes of round `rnd`'s forums.

    The two working days after the forums stage's day: the minutes are closed by that stage
    run, which writes the Rekapitulasi Masukan, so they can be approved only after it.
    """
    calendar = WorkCalendar()
    organiser = calendar.add_working_days(stage_date(pack, Stage.FORUMS, rnd), 1)
    return organiser, calendar.add_working_days(organiser, 1)


def implementation_start(pack: str) -> date:
    """The day implementation begins: the first working day after the socialisation day.

    The demo records it before the implementation stage runs (`siklus rollout plan
    create`): the stage runs today, long after the day it began in the timeline.
    """
    return WorkCalendar().add_working_days(stage_date(pack, Stage.SOCIALISATION), 1)


def enactment_date(pack: str, rounds: int = 1) -> date:
    """The day leadership enacts the draft of the last of `rounds` consultation rounds."""
    return stage_date(pack, Stage.DRAFTING, rounds) + DRAFTING_TO_ENACTMENT


def evaluation_date(pack: str, period: str) -> date:
    """The day of a period's evaluation: two weeks after the period ends.

    A timeline's own evaluation day (Sawahlunto's 15 October 2026) is that of `DEMO_PERIOD`.
    """
    own = PACK_DATES.get(pack, DEMO_DATES).get(Stage.EVALUATION)
    if own is not None and period == DEMO_PERIOD:
        return own
    return period_range(period)[1] + PERIOD_TO_EVALUATION


def evaluation_keys(demo: Mapping[str, object]) -> list[tuple[str, str]]:
    """The pack's evaluation demo keys with their periods, in the order the periods end.

    `evaluation@2026` is the evaluation of 2026; `evaluation` that of `DEMO_PERIOD`.
    """
    keys = [k for k in demo if k == "evaluation" or k.startswith("evaluation@")]
    found = [(k, k.partition("@")[2] or DEMO_PERIOD) for k in keys]
    return sorted(found, key=lambda kp: (period_range(kp[1])[1], period_range(kp[1])[0]))
