"""The stage state machine, exhaustively: every status against every action."""

from __future__ import annotations

import itertools

import pytest

from policy.models import CycleStatus, Decision, Role, RunStatus, Stage
from policy.stages import (
    STAGE_ORDER,
    TRANSITIONS,
    CycleSnapshot,
    RunSnapshot,
    StageRuleError,
    board,
    check_override,
    check_review,
    check_start,
    check_transition,
    cycle_status_after,
    cycle_status_word,
    inactive_reason,
    next_actionable,
    next_stage,
    previous_stage,
    stage_period,
)

ACTIVE = CycleStatus.ACTIVE


def approved_until(stage: Stage, by: str = "officer") -> tuple[RunSnapshot, ...]:
    """Runs of every stage before `stage`, approved."""
    idx = STAGE_ORDER.index(stage)
    return tuple(RunSnapshot(s, RunStatus.APPROVED, by) for s in STAGE_ORDER[:idx])


def test_order_and_neighbours() -> None:
    assert [s.value for s in STAGE_ORDER] == [
        "needs_analysis",
        "forums",
        "drafting",
        "socialisation",
        "implementation",
        "evaluation",
    ]
    assert previous_stage(Stage.NEEDS_ANALYSIS) is None
    assert previous_stage(Stage.FORUMS) == Stage.NEEDS_ANALYSIS
    assert next_stage(Stage.IMPLEMENTATION) == Stage.EVALUATION
    assert next_stage(Stage.EVALUATION) is None


@pytest.mark.parametrize("stage", STAGE_ORDER)
def test_stage_starts_when_previous_approved(stage: Stage) -> None:
    period = "2026-TW3" if stage == Stage.EVALUATION else ""
    plan = check_start(CycleSnapshot(ACTIVE, approved_until(stage)), stage, period)
    assert (plan.attempt, plan.rerun, plan.overridden) == (1, False, False)


@pytest.mark.parametrize("stage", STAGE_ORDER[1:])
@pytest.mark.parametrize("prev_status", [None, *RunStatus])
def test_gate_closed_unless_previous_approved(stage: Stage, prev_status: RunStatus | None) -> None:
    period = "2026-TW3" if stage == Stage.EVALUATION else ""
    runs = list(approved_until(stage))
    prev = runs.pop()
    if prev_status is not None:
        runs.append(RunSnapshot(prev.stage, prev_status, "officer"))
    snap = CycleSnapshot(ACTIVE, tuple(runs))
    if prev_status == RunStatus.APPROVED:
        assert check_start(snap, stage, period).attempt == 1
    else:
        with pytest.raises(StageRuleError) as err:
            check_start(snap, stage, period)
        assert err.value.code == "gate-closed"
        assert "belum disetujui" in err.value.message


@pytest.mark.parametrize("status", list(RunStatus))
def test_existing_run_status_decides_restart(status: RunStatus) -> None:
    runs = (
        *approved_until(Stage.DRAFTING),
        RunSnapshot(Stage.DRAFTING, status, "officer", attempt=2),
    )
    snap = CycleSnapshot(ACTIVE, runs)
    if status in (RunStatus.RETURNED, RunStatus.FAILED):
        plan = check_start(snap, Stage.DRAFTING)
        assert (plan.attempt, plan.rerun) == (3, True)
    else:
        with pytest.raises(StageRuleError) as err:
            check_start(snap, Stage.DRAFTING)
        assert err.value.code == f"already-{status.value}"


@pytest.mark.parametrize("status", [CycleStatus.STOPPED, CycleStatus.CLOSED])
def test_inactive_cycle_starts_nothing(status: CycleStatus) -> None:
    with pytest.raises(StageRuleError) as err:
        check_start(CycleSnapshot(status), Stage.NEEDS_ANALYSIS)
    assert err.value.code == "cycle-not-active"
    assert f"'{status.value}'" not in err.value.message


def test_inactive_cycle_says_why_in_words() -> None:
    closed = CycleSnapshot(CycleStatus.CLOSED, number=1, superseded_by=2)
    with pytest.raises(StageRuleError) as err:
        check_start(closed, Stage.EVALUATION, "2026-TW4")
    assert err.value.message == (
        "Siklus ke-1 sudah ditutup karena implementasi siklus revisi ke-2 disetujui; tahap "
        "tidak dapat dimulai lagi di siklus ini."
    )
    assert inactive_reason(CycleSnapshot(CycleStatus.STOPPED, number=3)) == (
        "Siklus ke-3 dihentikan, tidak aktif lagi."
    )
    assert (
        inactive_reason(CycleSnapshot(CycleStatus.CLOSED))
        == "Siklus ini ditutup, tidak aktif lagi."
    )
    assert inactive_reason(CycleSnapshot(ACTIVE, number=1)) == ""
    assert [cycle_status_word(s) for s in ("active", "stopped", "closed", "lain")] == [
        "aktif",
        "dihentikan",
        "ditutup",
        "lain",
    ]


def test_extra_blockers_close_gate_and_override_opens_it() -> None:
    runs = approved_until(Stage.IMPLEMENTATION)
    extra = ["cakupan sosialisasi DISDIK 60% < target 80%"]
    with pytest.raises(StageRuleError, match="cakupan sosialisasi"):
        check_start(CycleSnapshot(ACTIVE, runs), Stage.IMPLEMENTATION, "", extra)
    snap = CycleSnapshot(ACTIVE, runs, frozenset({(Stage.IMPLEMENTATION, "")}))
    plan = check_start(snap, Stage.IMPLEMENTATION, "", extra)
    assert plan.overridden is True


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-TW3", "2026-TW3"),
        (" Triwulan III 2026 ", "2026-TW3"),
        ("TW III 2026", "2026-TW3"),
        ("Juli s.d. September 2026", "2026-TW3"),
        ("Semester I 2026", "2026-S1"),
        ("1 Januari SD 31 Desember 2026", "2026"),
        ("Maret 2026", "2026-03"),
    ],
)
def test_an_evaluation_period_is_read_as_import_files_read_it(text: str, code: str) -> None:
    assert stage_period(Stage.EVALUATION, text) == code


@pytest.mark.parametrize("text", ["Triwulan V 2026", "2026-TW5", "besok", "Januari sd Mei 2026"])
def test_a_period_that_names_none_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(StageRuleError) as err:
        stage_period(Stage.EVALUATION, text)
    assert err.value.code == "period-unknown"
    assert err.value.message.startswith(("Periode '", "Rentang "))
    assert "Januari s.d." in err.value.message


def test_a_period_belongs_to_evaluation_only() -> None:
    assert stage_period(Stage.FORUMS, " ") == ""
    with pytest.raises(StageRuleError) as err:
        stage_period(Stage.FORUMS, "2026-TW1")
    assert err.value.code == "period-not-allowed"
    with pytest.raises(StageRuleError) as err:
        stage_period(Stage.EVALUATION, "")
    assert err.value.code == "period-required"


def test_periods_only_for_evaluation_and_evaluation_repeats() -> None:
    runs = approved_until(Stage.EVALUATION)
    with pytest.raises(StageRuleError, match="periode"):
        check_start(CycleSnapshot(ACTIVE, runs), Stage.EVALUATION, "")
    with pytest.raises(StageRuleError) as err:
        check_start(CycleSnapshot(ACTIVE, ()), Stage.NEEDS_ANALYSIS, "2026-TW1")
    assert err.value.code == "period-not-allowed"
    done = (*runs, RunSnapshot(Stage.EVALUATION, RunStatus.APPROVED, "officer", "2026-TW1"))
    snap = CycleSnapshot(ACTIVE, done)
    assert check_start(snap, Stage.EVALUATION, "2026-TW2").attempt == 1
    with pytest.raises(StageRuleError, match="sudah disetujui"):
        check_start(snap, Stage.EVALUATION, "2026-TW1")


@pytest.mark.parametrize(("current", "target"), list(itertools.product(RunStatus, RunStatus)))
def test_transition_table(current: RunStatus, target: RunStatus) -> None:
    allowed = {
        (RunStatus.RUNNING, RunStatus.IN_REVIEW),
        (RunStatus.RUNNING, RunStatus.FAILED),
        (RunStatus.IN_REVIEW, RunStatus.APPROVED),
        (RunStatus.IN_REVIEW, RunStatus.RETURNED),
        (RunStatus.IN_REVIEW, RunStatus.REJECTED),
        (RunStatus.RETURNED, RunStatus.RUNNING),
        (RunStatus.FAILED, RunStatus.RUNNING),
    }
    assert ((current, target) in allowed) == (target in TRANSITIONS[current])
    if (current, target) in allowed:
        check_transition(current, target)
    else:
        with pytest.raises(StageRuleError):
            check_transition(current, target)


IN_REVIEW = RunSnapshot(Stage.FORUMS, RunStatus.IN_REVIEW, "officer")


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Decision.APPROVE, RunStatus.APPROVED),
        (Decision.RETURN, RunStatus.RETURNED),
        (Decision.REJECT, RunStatus.REJECTED),
    ],
)
def test_leader_decides(decision: Decision, status: RunStatus) -> None:
    result = check_review(
        IN_REVIEW,
        reviewer="sekda",
        reviewer_roles=[Role.LEADER],
        decision=decision,
        reason="Perlu konsultasi tambahan dengan OPD teknis.",
    )
    assert result == status


@pytest.mark.parametrize("roles", [[], [Role.OFFICER], [Role.ORGANISER, Role.ADMIN]])
def test_only_leaders_decide(roles: list[Role]) -> None:
    with pytest.raises(StageRuleError) as err:
        check_review(IN_REVIEW, reviewer="x", reviewer_roles=roles, decision=Decision.APPROVE)
    assert err.value.code == "not-leader"


def test_four_eyes_rule() -> None:
    run = RunSnapshot(Stage.FORUMS, RunStatus.IN_REVIEW, "kaban")
    with pytest.raises(StageRuleError) as err:
        check_review(run, reviewer="kaban", reviewer_roles=["leader"], decision=Decision.APPROVE)
    assert err.value.code == "four-eyes"


def test_four_eyes_rule_covers_earlier_attempts() -> None:
    run = RunSnapshot(Stage.FORUMS, RunStatus.IN_REVIEW, "rina", attempt=2,
                      ran_by={"kaban": 1, "rina": 2})  # fmt: skip
    with pytest.raises(
        StageRuleError, match=r"kaban menjalankan tahap ini sendiri \(percobaan ke-1\)"
    ):
        check_review(run, reviewer="kaban", reviewer_roles=["leader"], decision=Decision.APPROVE)
    assert check_review(run, reviewer="sekda", reviewer_roles=["leader"],
                        decision=Decision.APPROVE) == RunStatus.APPROVED  # fmt: skip


@pytest.mark.parametrize("status", [s for s in RunStatus if s != RunStatus.IN_REVIEW])
def test_review_needs_in_review(status: RunStatus) -> None:
    run = RunSnapshot(Stage.FORUMS, status, "officer")
    with pytest.raises(StageRuleError) as err:
        check_review(run, reviewer="sekda", reviewer_roles=["leader"], decision=Decision.APPROVE)
    assert err.value.code == "not-in-review"
    words = {RunStatus.RUNNING: "berjalan", RunStatus.APPROVED: "disetujui",
             RunStatus.RETURNED: "dikembalikan", RunStatus.REJECTED: "ditolak",
             RunStatus.FAILED: "gagal"}  # fmt: skip
    assert err.value.message == (
        f"Tahap Forum Pemangku Kepentingan tidak sedang ditinjau (status: {words[status]})."
    )


@pytest.mark.parametrize("decision", [Decision.RETURN, Decision.REJECT])
@pytest.mark.parametrize("reason", ["", "   ", "kurang"])
def test_return_and_reject_need_reason(decision: Decision, reason: str) -> None:
    with pytest.raises(StageRuleError) as err:
        check_review(
            IN_REVIEW, reviewer="s", reviewer_roles=["leader"], decision=decision, reason=reason
        )
    assert err.value.code == "reason-required"


def test_approve_needs_no_reason() -> None:
    assert (
        check_review(IN_REVIEW, reviewer="s", reviewer_roles=["leader"], decision=Decision.APPROVE)
        == RunStatus.APPROVED
    )


def test_drafting_may_go_back_to_forums_only() -> None:
    drafting = RunSnapshot(Stage.DRAFTING, RunStatus.IN_REVIEW, "officer")
    reason = "Rancangan versi 2 perlu konsultasi publik lagi."
    assert (
        check_review(
            drafting,
            reviewer="s",
            reviewer_roles=["leader"],
            decision=Decision.RETURN,
            reason=reason,
            back_to=Stage.FORUMS,
        )
        == RunStatus.RETURNED
    )
    for run, back, decision in [
        (drafting, Stage.NEEDS_ANALYSIS, Decision.RETURN),
        (drafting, Stage.FORUMS, Decision.APPROVE),
        (IN_REVIEW, Stage.FORUMS, Decision.RETURN),
    ]:
        with pytest.raises(StageRuleError) as err:
            check_review(
                run,
                reviewer="s",
                reviewer_roles=["leader"],
                decision=decision,
                reason=reason,
                back_to=back,
            )
        assert err.value.code == "bad-back-to"


def test_rejection_stops_cycle() -> None:
    assert cycle_status_after(Decision.REJECT) == CycleStatus.STOPPED
    assert cycle_status_after(Decision.RETURN) == CycleStatus.ACTIVE
    assert cycle_status_after(Decision.APPROVE) == CycleStatus.ACTIVE
    # A closed cycle stays closed whatever is decided on a run left in review.
    for decision in Decision:
        assert cycle_status_after(decision, CycleStatus.CLOSED) == CycleStatus.CLOSED
        # A stopped one is not started again by deciding a run left in review.
        assert cycle_status_after(decision, CycleStatus.STOPPED) == CycleStatus.STOPPED


def test_override_rules() -> None:
    snap = CycleSnapshot(ACTIVE, approved_until(Stage.DRAFTING))
    reason = "Jadwal DPRD mendesak; forum tambahan menyusul."
    blockers = check_override(
        snap, Stage.SOCIALISATION, leader="s", leader_roles=["leader"], reason=reason
    )
    assert blockers == ["tahap Penyusunan Rancangan belum disetujui pimpinan"]
    with pytest.raises(StageRuleError) as err:
        check_override(
            snap, Stage.SOCIALISATION, leader="o", leader_roles=["officer"], reason=reason
        )
    assert err.value.code == "not-leader"
    with pytest.raises(StageRuleError) as err:
        check_override(snap, Stage.SOCIALISATION, leader="s", leader_roles=["leader"], reason="ok")
    assert err.value.code == "reason-required"
    with pytest.raises(StageRuleError) as err:
        check_override(snap, Stage.DRAFTING, leader="s", leader_roles=["leader"], reason=reason)
    assert err.value.code == "gate-open"


def test_board_lists_every_stage_and_each_period() -> None:
    runs = (
        *approved_until(Stage.EVALUATION),
        RunSnapshot(Stage.EVALUATION, RunStatus.APPROVED, "o", "2026-TW2"),
        RunSnapshot(Stage.EVALUATION, RunStatus.IN_REVIEW, "o", "2026-TW1"),
    )
    rows = board(CycleSnapshot(ACTIVE, runs))
    assert [(r[0].value, r[1]) for r in rows][-3:] == [
        ("implementation", ""),
        ("evaluation", "2026-TW1"),
        ("evaluation", "2026-TW2"),
    ]
    assert board(CycleSnapshot(ACTIVE))[0] == (Stage.NEEDS_ANALYSIS, "", None)


def test_board_lists_periods_in_the_order_they_end() -> None:
    periods = ("2026", "2027-01", "2026-TW4", "2026-S2", "2026-TW3", "2026-12", "2026-S1")
    runs = (
        *approved_until(Stage.EVALUATION),
        *(RunSnapshot(Stage.EVALUATION, RunStatus.APPROVED, "o", p) for p in periods),
    )
    rows = [r[1] for r in board(CycleSnapshot(ACTIVE, runs)) if r[0] == Stage.EVALUATION]
    # Of periods that end on the same day, the shorter comes first: the year comes last.
    assert rows == ["2026-S1", "2026-TW3", "2026-12", "2026-TW4", "2026-S2", "2026", "2027-01"]


def test_next_actionable() -> None:
    assert next_actionable(CycleSnapshot(ACTIVE)) == (Stage.NEEDS_ANALYSIS, None)
    runs = (*approved_until(Stage.DRAFTING), RunSnapshot(Stage.DRAFTING, RunStatus.IN_REVIEW, "o"))
    assert next_actionable(CycleSnapshot(ACTIVE, runs)) == (Stage.DRAFTING, RunStatus.IN_REVIEW)
    assert next_actionable(CycleSnapshot(ACTIVE, approved_until(Stage.EVALUATION))) is None
