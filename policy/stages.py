"""The stage state machine: pure rules, no IO.

Layer: domain rules (used by `policy.services.cycle` and `policy.services.review`).
Stages run in order; a stage starts only when the previous one is approved (or a
leader overrides the gate with a written reason); a run goes
running -> in_review -> approved | returned | rejected, or running -> failed;
returned and failed runs may run again. Evaluation repeats, one run per period.
Nobody approves a stage they ran, and only leaders decide. A cycle is active until a
rejection stops it or the approval of a revision cycle's implementation closes it; no stage
starts in a cycle that is not active.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from policy.enums import CycleStatus, Decision, Role, RunStatus, Stage
from policy.periods import parse_period, period_range

STAGE_ORDER: tuple[Stage, ...] = (
    Stage.NEEDS_ANALYSIS,
    Stage.FORUMS,
    Stage.DRAFTING,
    Stage.SOCIALISATION,
    Stage.IMPLEMENTATION,
    Stage.EVALUATION,
)

STAGE_TITLES_ID: dict[Stage, str] = {
    Stage.NEEDS_ANALYSIS: "Analisis Kebutuhan",
    Stage.FORUMS: "Forum Pemangku Kepentingan",
    Stage.DRAFTING: "Penyusunan Rancangan",
    Stage.SOCIALISATION: "Sosialisasi",
    Stage.IMPLEMENTATION: "Implementasi",
    Stage.EVALUATION: "Evaluasi Berkala",
}

STAGE_TITLES_EN: dict[Stage, str] = {
    Stage.NEEDS_ANALYSIS: "Needs analysis",
    Stage.FORUMS: "Stakeholder forums",
    Stage.DRAFTING: "Drafting",
    Stage.SOCIALISATION: "Socialisation",
    Stage.IMPLEMENTATION: "Implementation",
    Stage.EVALUATION: "Periodic evaluation",
}


#: Cycle statuses in words, for messages and boards.
CYCLE_STATUS_ID: dict[CycleStatus, str] = {
    CycleStatus.ACTIVE: "aktif",
    CycleStatus.STOPPED: "dihentikan",
    CycleStatus.CLOSED: "ditutup",
}


#: Run statuses in words, for messages.
RUN_STATUS_ID: dict[RunStatus, str] = {
    RunStatus.RUNNING: "berjalan",
    RunStatus.IN_REVIEW: "menunggu keputusan pimpinan",
    RunStatus.APPROVED: "disetujui",
    RunStatus.RETURNED: "dikembalikan",
    RunStatus.REJECTED: "ditolak",
    RunStatus.FAILED: "gagal",
}


#: Leaders' decisions in words ("disetujui oleh …").
DECISION_ID: dict[str, str] = {
    Decision.APPROVE: "disetujui",
    Decision.RETURN: "dikembalikan",
    Decision.REJECT: "ditolak",
}


def run_status_word(status: str) -> str:
    """A run status in Indonesian ("berjalan", "disetujui", ...); an unknown code as is."""
    return RUN_STATUS_ID[RunStatus(status)] if status in set(RunStatus) else status


def cycle_status_word(status: str) -> str:
    """A cycle status in Indonesian ("aktif", "dihentikan", "ditutup"); an unknown code as is."""
    return CYCLE_STATUS_ID[CycleStatus(status)] if status in set(CycleStatus) else status


def closed_reason(superseded_by: int) -> str:
    """Why a cycle was closed: the implementation of revision cycle `superseded_by` approved."""
    return f"implementasi siklus revisi ke-{superseded_by} disetujui"


def stage_label(stage: str, period: str = "") -> str:
    """A stage by its Indonesian title, with its period: "Evaluasi Berkala periode 2026-TW3".

    A code that names no stage is given back as it is.
    """
    title = STAGE_TITLES_ID[Stage(stage)] if stage in set(Stage) else stage
    return title + (f" periode {period}" if period else "")


#: Run statuses from which the same stage may be run again (a new attempt).
RERUNNABLE: frozenset[RunStatus] = frozenset({RunStatus.RETURNED, RunStatus.FAILED})

#: Allowed status changes of a run.
TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.RUNNING: frozenset({RunStatus.IN_REVIEW, RunStatus.FAILED}),
    RunStatus.IN_REVIEW: frozenset({RunStatus.APPROVED, RunStatus.RETURNED, RunStatus.REJECTED}),
    RunStatus.RETURNED: frozenset({RunStatus.RUNNING}),
    RunStatus.FAILED: frozenset({RunStatus.RUNNING}),
    RunStatus.APPROVED: frozenset(),
    RunStatus.REJECTED: frozenset(),
}

DECISION_STATUS: dict[Decision, RunStatus] = {
    Decision.APPROVE: RunStatus.APPROVED,
    Decision.RETURN: RunStatus.RETURNED,
    Decision.REJECT: RunStatus.REJECTED,
}

MIN_REASON_LENGTH = 10


class StageRuleError(Exception):
    """A request the stage rules refuse; `message` is for the person who asked."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RunSnapshot:
    """What the rules need to know about one stage run."""

    stage: Stage
    status: RunStatus
    started_by: str
    period: str = ""
    attempt: int = 1
    #: Who started or took over an attempt of the run, with the first attempt they ran:
    #: none of them decides it (four-eyes), whoever ran the attempt now in review.
    ran_by: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CycleSnapshot:
    """What the rules need to know about a cycle."""

    status: CycleStatus
    runs: tuple[RunSnapshot, ...] = ()
    overrides: frozenset[tuple[Stage, str]] = field(default_factory=frozenset)
    number: int = 0
    #: For a closed cycle, the revision cycle whose approved implementation closed it.
    superseded_by: int | None = None

    def run(self, stage: Stage, period: str = "") -> RunSnapshot | None:
        """The run of `stage` (and `period`), if any."""
        for snap in self.runs:
            if snap.stage == stage and snap.period == period:
                return snap
        return None

    def approved(self, stage: Stage) -> bool:
        """Whether `stage` has an approved run (any period)."""
        return any(s.stage == stage and s.status == RunStatus.APPROVED for s in self.runs)


@dataclass(frozen=True)
class StartPlan:
    """The outcome of a permitted start: which attempt it is."""

    attempt: int
    rerun: bool
    overridden: bool


def previous_stage(stage: Stage) -> Stage | None:
    """The stage before `stage` in the cycle, or None for the first."""
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index - 1] if index else None


def next_stage(stage: Stage) -> Stage | None:
    """The stage after `stage`, or None for evaluation (which repeats)."""
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def stage_period(stage: Stage, period: str) -> str:
    """The canonical period of a run of `stage`: "" outside evaluation, else e.g. "2026-TW1".

    An evaluation period is read as the import files read it (`parse_period`): "Triwulan I
    2026", "TW I 2026", "Januari s.d. Maret 2026" and "2026-TW1" are all "2026-TW1".

    Raises:
        StageRuleError: evaluation without a period, a period outside evaluation, or a
            period that names none (the message lists the accepted forms).
    """
    text = period.strip()
    _check_period(stage, text)
    if not text:
        return ""
    try:
        return parse_period(text)
    except ValueError as exc:
        reason = str(exc)
        raise StageRuleError("period-unknown", reason[:1].upper() + reason[1:] + ".") from None


def _check_period(stage: Stage, period: str) -> None:
    if stage == Stage.EVALUATION and not period:
        raise StageRuleError(
            "period-required", "Tahap evaluasi memerlukan periode (mis. 2026-TW3)."
        )
    if stage != Stage.EVALUATION and period:
        raise StageRuleError(
            "period-not-allowed",
            f"Tahap {STAGE_TITLES_ID[stage]} tidak berperiode; periode hanya untuk evaluasi.",
        )


def inactive_reason(cycle: CycleSnapshot) -> str:
    """Why nothing more can start in `cycle`, a sentence; "" when it is active."""
    if cycle.status == CycleStatus.ACTIVE:
        return ""
    which = f"Siklus ke-{cycle.number}" if cycle.number else "Siklus ini"
    if cycle.status == CycleStatus.CLOSED and cycle.superseded_by is not None:
        return (
            f"{which} sudah ditutup karena {closed_reason(cycle.superseded_by)}; "
            "tahap tidak dapat dimulai lagi di siklus ini."
        )
    return f"{which} {cycle_status_word(cycle.status)}, tidak aktif lagi."


def gate_blockers(cycle: CycleSnapshot, stage: Stage, extra: Sequence[str] = ()) -> list[str]:
    """Why `stage` may not start yet: the previous stage not approved, plus `extra` reasons.

    `extra` carries stage-specific gate conditions computed by the services
    (e.g. socialisation coverage below the pack's target).
    """
    blockers: list[str] = []
    prev = previous_stage(stage)
    if prev is not None and not cycle.approved(prev):
        blockers.append(f"tahap {STAGE_TITLES_ID[prev]} belum disetujui pimpinan")
    blockers.extend(extra)
    return blockers


def check_start(
    cycle: CycleSnapshot, stage: Stage, period: str = "", extra_blockers: Sequence[str] = ()
) -> StartPlan:
    """Decide whether `stage` (for `period`) may start now.

    Raises:
        StageRuleError: the cycle is not active, the gate is closed and not overridden,
            or the stage is already running, in review, approved or rejected.
    """
    _check_period(stage, period)
    if cycle.status != CycleStatus.ACTIVE:
        raise StageRuleError("cycle-not-active", inactive_reason(cycle))
    existing = cycle.run(stage, period)
    if existing is not None and existing.status not in RERUNNABLE:
        label = stage_label(stage, period)
        messages = {
            RunStatus.RUNNING: f"Tahap {label} sedang berjalan.",
            RunStatus.IN_REVIEW: f"Tahap {label} sedang menunggu keputusan pimpinan.",
            RunStatus.APPROVED: f"Tahap {label} sudah disetujui dan tidak dapat diulang.",
            RunStatus.REJECTED: f"Tahap {label} ditolak; siklus dihentikan.",
        }
        raise StageRuleError(f"already-{existing.status}", messages[existing.status])
    blockers = gate_blockers(cycle, stage, extra_blockers)
    overridden = (stage, period) in cycle.overrides or (stage, "") in cycle.overrides
    if blockers and not overridden:
        raise StageRuleError(
            "gate-closed",
            f"Tahap {STAGE_TITLES_ID[stage]} belum dapat dimulai: "
            + "; ".join(blockers)
            + ". Pimpinan dapat membuka gerbang dengan alasan tertulis (siklus stage override).",
        )
    if existing is None:
        return StartPlan(attempt=1, rerun=False, overridden=bool(blockers))
    return StartPlan(attempt=existing.attempt + 1, rerun=True, overridden=bool(blockers))


def check_transition(current: RunStatus, target: RunStatus) -> None:
    """Refuse a status change the machine does not allow."""
    if target not in TRANSITIONS[current]:
        raise StageRuleError(
            "bad-transition", f"Status tahap tidak dapat berubah dari '{current}' ke '{target}'."
        )


def _need_leader(roles: Iterable[Role | str], who: str, what: str) -> None:
    if Role.LEADER not in {Role(r) for r in roles}:
        raise StageRuleError(
            "not-leader", f"{who} tidak berperan pimpinan (leader) dan tidak dapat {what}."
        )


def _need_reason(reason: str, what: str) -> None:
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise StageRuleError(
            "reason-required",
            f"{what} memerlukan alasan tertulis (minimal {MIN_REASON_LENGTH} karakter).",
        )


def check_review(
    run: RunSnapshot,
    *,
    reviewer: str,
    reviewer_roles: Iterable[Role | str],
    decision: Decision,
    reason: str = "",
    back_to: Stage | None = None,
    inactive: str = "",
) -> RunStatus:
    """Check a leader's decision on a run and return the run's new status.

    `inactive` is why the run's cycle takes no more stages (`inactive_reason`), "" when
    it is active. A run left in review in a stopped or closed cycle may be approved or
    rejected, but not returned: a returned stage could never run again there.

    Raises:
        StageRuleError: the run is not in review, the reviewer is not a leader or ran
            the stage (four-eyes rule), a return/reject has no reason, a return in a
            cycle that is no longer active, or `back_to` is used other than from
            drafting to forums.
    """
    if run.status != RunStatus.IN_REVIEW:
        raise StageRuleError(
            "not-in-review",
            f"Tahap {stage_label(run.stage, run.period)} tidak sedang ditinjau (status: "
            f"{run_status_word(run.status)}).",
        )
    _need_leader(reviewer_roles, reviewer, "memutuskan tahap")
    if reviewer == run.started_by or reviewer in run.ran_by:
        earlier = run.ran_by.get(reviewer, run.attempt)
        when = f" (percobaan ke-{earlier})" if reviewer != run.started_by else ""
        raise StageRuleError(
            "four-eyes",
            f"{reviewer} menjalankan tahap ini sendiri{when}; keputusan harus oleh pimpinan "
            "lain (prinsip empat mata).",
        )
    if decision != Decision.APPROVE:
        _need_reason(reason, "Mengembalikan atau menolak tahap")
    if inactive and decision == Decision.RETURN:
        raise StageRuleError(
            "return-in-inactive-cycle",
            f"{inactive} Tahap {stage_label(run.stage, run.period)} tidak dapat dikembalikan "
            "karena tidak dapat dijalankan lagi; setujui atau tolak tahap ini.",
        )
    if back_to is not None:
        if not (
            decision == Decision.RETURN and run.stage == Stage.DRAFTING and back_to == Stage.FORUMS
        ):
            raise StageRuleError(
                "bad-back-to",
                "Hanya rancangan yang dapat dikembalikan ke tahap forum untuk putaran "
                "konsultasi berikutnya.",
            )
    return DECISION_STATUS[decision]


def check_reopenable(stage: Stage) -> None:
    """Refuse to reopen any stage but the evaluation (its periods are what reopens).

    Raises:
        StageRuleError: another stage (those are returned before they are approved).
    """
    if stage != Stage.EVALUATION:
        raise StageRuleError(
            "reopen-not-evaluation",
            f"Hanya periode evaluasi berkala yang dapat dibuka kembali; tahap {stage_label(stage)} "
            "dikembalikan sebelum disetujui (siklus review return).",
        )


def check_reopen(
    run: RunSnapshot,
    *,
    leader: str,
    leader_roles: Iterable[Role | str],
    reason: str,
    inactive: str = "",
) -> RunStatus:
    """Check a leader's reopening of an approved evaluation period; the run's new status.

    An approved period's data is locked (`policy.services.period_lock`). When it must be
    corrected after approval (an objection to a predikat upheld by the assessor's superior,
    a unit's SKM recap found wrong), a leader reopens the period with a written reason: the
    run is returned, its data unlocks, and the corrected run goes to review again.

    Raises:
        StageRuleError: the run is not an evaluation period, or not approved (one in review
            is returned instead), the leader is no leader, the reason is missing, or the
            cycle takes no more stages.
    """
    check_reopenable(run.stage)
    label = stage_label(run.stage, run.period)
    if run.status == RunStatus.IN_REVIEW:
        raise StageRuleError(
            "reopen-in-review",
            f"Tahap {label} masih ditinjau: kembalikan dengan 'siklus review return' untuk "
            "diperbaiki.",
        )
    if run.status != RunStatus.APPROVED:
        raise StageRuleError(
            "reopen-not-approved",
            f"Tahap {label} belum disetujui (status: {run_status_word(run.status)}); yang "
            "dapat dibuka kembali hanya periode yang sudah disetujui.",
        )
    _need_leader(leader_roles, leader, "membuka kembali periode evaluasi")
    _need_reason(reason, "Membuka kembali periode yang sudah disetujui")
    if inactive:
        raise StageRuleError(
            "reopen-in-inactive-cycle",
            f"{inactive} Periode {run.period} tidak dapat dibuka kembali karena tahapnya tidak "
            "dapat dijalankan lagi di siklus ini.",
        )
    return RunStatus.RETURNED


def cycle_status_after(
    decision: Decision, current: CycleStatus = CycleStatus.ACTIVE
) -> CycleStatus:
    """A rejection stops an active cycle; other decisions leave it as it is.

    A stopped or closed cycle stays so: a run left in review when it stopped or closed
    (an evaluation of another period) may still be decided, and deciding it does not
    start the cycle again.
    """
    if current != CycleStatus.ACTIVE:
        return current
    return CycleStatus.STOPPED if decision == Decision.REJECT else CycleStatus.ACTIVE


def check_override(
    cycle: CycleSnapshot,
    stage: Stage,
    *,
    leader: str,
    leader_roles: Iterable[Role | str],
    reason: str,
    period: str = "",
    extra_blockers: Sequence[str] = (),
) -> list[str]:
    """Check a leader's gate override and return the blockers it sets aside.

    Raises:
        StageRuleError: not a leader, no written reason, cycle not active, or the
            gate is already open (nothing to override).
    """
    _check_period(stage, period)
    _need_leader(leader_roles, leader, "membuka gerbang tahap")
    _need_reason(reason, "Membuka gerbang tahap")
    if cycle.status != CycleStatus.ACTIVE:
        raise StageRuleError("cycle-not-active", inactive_reason(cycle))
    blockers = gate_blockers(cycle, stage, extra_blockers)
    if not blockers:
        raise StageRuleError(
            "gate-open",
            f"Gerbang tahap {STAGE_TITLES_ID[stage]} sudah terbuka; tidak perlu override.",
        )
    return blockers


def board(cycle: CycleSnapshot) -> list[tuple[Stage, str, RunStatus | None]]:
    """One row per stage (evaluation: per period) in cycle order, for status boards."""
    rows: list[tuple[Stage, str, RunStatus | None]] = []
    for stage in STAGE_ORDER:
        runs = sorted((r for r in cycle.runs if r.stage == stage), key=_in_time)
        if not runs:
            rows.append((stage, "", None))
        rows.extend((stage, r.period, r.status) for r in runs)
    return rows


def _in_time(run: RunSnapshot) -> tuple[int, int]:
    """Periods in the order they end; of two ending together, the shorter first (TW4, 2026)."""
    if not run.period:
        return 0, 0
    start, end = period_range(run.period)
    return end.toordinal(), -start.toordinal()


def next_actionable(cycle: CycleSnapshot) -> tuple[Stage, RunStatus | None] | None:
    """The first stage (before evaluation) that is not approved, with its status."""
    for stage in STAGE_ORDER[:-1]:
        if not cycle.approved(stage):
            run = cycle.run(stage)
            return stage, run.status if run else None
    return None
