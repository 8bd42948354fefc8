"""The scaled-out set for real: deployments on a Prefect server, workers, PostgreSQL.

Each test works on its own organisation (a copy of the Sawahlunto pack under another
code), so the tests do not depend on each other's cycles.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import yaml
from sqlmodel import col, func, select
from typer.testing import CliRunner

from policy import audit
from policy.db import session_scope
from policy.models import (
    AuditEvent,
    Complaint,
    Cycle,
    Document,
    Organisation,
    Policy,
    Review,
    RunStatus,
    Stage,
    StageRun,
)
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import imports, organisation
from policy.services.cycle_board import cycle_board
from tests.stack.conftest import REPO, Stack

OFFICER, LEADER, LEADER2 = "rahmi.oktavia", "syahrul.anwar", "irfan.pratama"
PACK = load_pack(REPO / "packs" / "sawahlunto.yaml")
DATES = {
    Stage.NEEDS_ANALYSIS: "2026-02-16",
    Stage.FORUMS: "2026-03-24",
    Stage.DRAFTING: "2026-04-20",
    Stage.SOCIALISATION: "2026-06-30",
}


def inputs(stage: Stage) -> dict[str, str]:
    return {k: str(v) for k, v in PACK.demo_files(stage.value).items()}


def make_org(folder: Path, code: str) -> str:
    """Load a copy of the Sawahlunto pack as organisation `code`, with employees and a cycle."""
    data = yaml.safe_load(PACK.path.read_text(encoding="utf-8"))
    data["organisation"]["code"] = code
    data["organisation"]["name"] = f"Pemerintah Kota Uji {code}"
    data.pop("demo", None)
    path = folder / f"{code}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=load_pack(path), actor="admin")
        imports.import_file(
            session=s,
            organisation=code,
            kind="pegawai",
            path=PACK.demo_file("setup", "pegawai"),
            actor=OFFICER,
        )
        cycle_service.open_cycle(session=s, organisation=code, actor=OFFICER)
    return code


@pytest.fixture(scope="module")
def packs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packs")


def client() -> Any:
    from prefect import get_client

    return get_client(sync_client=True)


#: The running stack's log folder (set by `_stack_logs`): a timeout shows the workers' logs.
LOGS: list[Path] = []


@pytest.fixture(autouse=True)
def _stack_logs(stack: Stack) -> None:
    LOGS[:] = [stack.dir / "logs"]


def worker_logs(lines: int = 40) -> str:
    """The last `lines` of each worker's log, to tell why a run did not move."""
    out = []
    for folder in LOGS:
        for log in sorted(folder.glob("worker*.log")):
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name} (last {len(tail)} lines)\n" + "\n".join(tail))
    return "\n".join(out)


def wait_state(run_id: UUID, done: Any, seconds: float = 120) -> Any:
    """Poll a flow run until `done(state)` holds; on timeout, say so with the workers' logs."""
    deadline = time.monotonic() + seconds
    with client() as c:
        while time.monotonic() < deadline:
            run = c.read_flow_run(run_id)
            if run.state is not None and done(run.state):
                return run
            time.sleep(0.5)
    raise AssertionError(f"flow run {run_id} still {run.state} after {seconds} s\n{worker_logs()}")


def wait_paused_or_final(run_id: UUID, seconds: float = 120) -> Any:
    return wait_state(run_id, lambda st: st.is_paused() or st.is_final(), seconds)


def logs(run_id: UUID) -> list[str]:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with client() as c:
        rows = c.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
    return [r.message for r in rows]


def eventually(check: Any, seconds: float = 20) -> bool:
    """Whether `check()` holds within `seconds` (logs reach the API in batches)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def start(deployment: str, parameters: dict[str, Any]) -> UUID:
    from prefect.deployments import run_deployment

    run = run_deployment(deployment, parameters=parameters, timeout=0)
    return UUID(str(run.id))


def stage_run(org: str, stage: Stage) -> StageRun:
    with session_scope() as s:
        row = s.exec(
            select(StageRun)
            .join(Cycle, col(Cycle.id) == StageRun.cycle_id)
            .join(Policy, col(Policy.id) == Cycle.policy_id)
            .join(Organisation, col(Organisation.id) == Policy.organisation_id)
            .where(Organisation.code == org, StageRun.stage == stage.value)
        ).one()
        s.expunge(row)
        return row


def reviews(run_id: int) -> list[Review]:
    with session_scope() as s:
        rows = s.exec(select(Review).where(Review.stage_run_id == run_id)).all()
        for r in rows:
            s.expunge(r)
        return list(rows)


def audit_actions(run_id: int) -> list[tuple[str, dict[str, Any]]]:
    with session_scope() as s:
        rows = s.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_type == "stage_run", AuditEvent.subject_id == str(run_id))
            .order_by(AuditEvent.seq)
        ).all()
        return [(r.action, dict(r.payload)) for r in rows]


def resume(run_id: UUID, decision: str, reviewer: str, reason: str = "") -> None:
    """What the Prefect UI's review form does, once the form is there.

    On a busy machine the server has been seen to take more than 30 s to store a just-paused
    run's form schema, so the wait is longer than the command line's.
    """
    from flows.cycle import ReviewInput, resume_gate

    form = ReviewInput(decision=decision, reviewer=reviewer, reason=reason)  # type: ignore[arg-type]
    resume_gate(run_id, form, wait=90)


def cli(*args: str) -> Any:
    from siklus.cli import app

    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def cycle_params(org: str, stages: list[Stage]) -> dict[str, Any]:
    return {
        "params": {
            "organisation": org,
            "actor": OFFICER,
            "inputs": {s.value: inputs(s) for s in stages},
            "as_of": {s.value: DATES[s] for s in stages},
        }
    }


# ------------------------------------------------------------------------------- tests


def test_every_deployment_has_a_typed_form(stack: Stack) -> None:
    """prefect.yaml is deployed; each parameter schema carries the pydantic fields."""
    with client() as c:
        deployments = {f"{d.name}": d for d in c.read_deployments()}
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    assert {d["name"] for d in spec["deployments"]} <= set(deployments)
    for d in deployments.values():
        schema = d.parameter_openapi_schema or {}
        assert d.enforce_parameter_schema, d.name
        assert schema.get("properties"), d.name
    stage_fields = deployments["needs-analysis"].parameter_openapi_schema["definitions"][
        "StageParams"
    ]["properties"]
    assert {"organisation", "cycle", "actor", "inputs", "as_of", "takeover"} <= set(stage_fields)
    cycle = deployments["policy-cycle"]
    assert cycle.parameters == {"approval": "suspend"}
    assert cycle.parameter_openapi_schema["properties"]["approval"]["enum"] == ["stop", "suspend"]
    batch = deployments["evaluate-all"].parameter_openapi_schema["definitions"]
    assert {"period", "organisations", "max_parallel"} <= set(
        batch["BatchEvaluationParams"]["properties"]
    )


def test_stage_runs_by_deployment_on_a_worker(stack: Stack, packs_dir: Path) -> None:
    org = make_org(packs_dir, "uji-tahap")
    run_id = start(
        "needs-analysis/needs-analysis",
        {
            "params": {
                "organisation": org,
                "actor": OFFICER,
                "inputs": inputs(Stage.NEEDS_ANALYSIS),
                "as_of": DATES[Stage.NEEDS_ANALYSIS],
            }
        },
    )
    run = wait_state(run_id, lambda st: st.is_final())
    assert run.state.is_completed(), run.state.message
    row = stage_run(org, Stage.NEEDS_ANALYSIS)
    assert row.status == RunStatus.IN_REVIEW and row.flow_run_id == str(run_id)
    with session_scope() as s:
        docs = s.exec(select(Document).where(Document.stage_run_id == row.id)).all()
    assert docs and all(d.flow_run_id == str(run_id) for d in docs)
    assert docs[0].html_file.is_file()
    assert eventually(lambda: any("Worker 'worker-" in m for m in logs(run_id))), logs(run_id)


def test_cycle_gate_decided_in_the_prefect_ui(stack: Stack, packs_dir: Path) -> None:
    """Run the cycle deployment to its first gate and decide there as the UI would.

    A second organisation's gate is decided by the CLI while its run waits: the command
    resumes the run, which finds the decision recorded; the CLI on a stage the UI decided
    gets the service's error.
    """
    ui_org = make_org(packs_dir, "uji-siklus")
    cli_org = make_org(packs_dir, "uji-siklus-cli")
    ui_run = start("policy-cycle/policy-cycle", cycle_params(ui_org, [Stage.NEEDS_ANALYSIS]))
    cli_run = start("policy-cycle/policy-cycle", cycle_params(cli_org, [Stage.NEEDS_ANALYSIS]))

    # The first gate: the run suspends with the review form (the deployment's default).
    run = wait_paused_or_final(ui_run)
    assert run.state.is_paused(), run.state
    # Both runs reach their gate before one is resumed: a worker with --limit exits and is
    # restarted when a suspended run is resumed (scripts/stack.py), and a run it was still
    # starting then was once left Running for good.
    assert wait_paused_or_final(cli_run).state.is_paused()
    assert run.empirical_policy.pause_keys == {"review-needs-analysis-a1-f0"}
    na = stage_run(ui_org, Stage.NEEDS_ANALYSIS)
    assert na.status == RunStatus.IN_REVIEW and na.flow_run_id != str(ui_run)

    # A form the service refuses (the officer ran the stage) brings a new form.
    resume(ui_run, "approve", OFFICER)
    run = wait_state(
        ui_run, lambda st: st.is_paused() and st.state_details.pause_key.endswith("f1")
    )
    assert stage_run(ui_org, Stage.NEEDS_ANALYSIS).status == RunStatus.IN_REVIEW

    # The leader approves in the UI: the same Review and audit event as `siklus review`.
    resume(ui_run, "approve", LEADER, "Lanjut ke forum pemangku kepentingan")
    run = wait_state(ui_run, lambda st: st.is_final())
    after = stage_run(ui_org, Stage.NEEDS_ANALYSIS)
    assert (after.status, after.attempt, after.flow_run_id) == (
        RunStatus.APPROVED,
        1,
        na.flow_run_id,
    )
    [review] = reviews(na.id or 0)
    assert (review.reviewer, review.decision, review.via) == (LEADER, "approve", "prefect-ui")
    actions = audit_actions(na.id or 0)
    assert [a for a, _ in actions].count("stage.started") == 1  # resumed runs did not re-run it
    approved = [p for a, p in actions if a == "stage.approved"]
    assert len(approved) == 1 and approved[0]["via"] == "prefect-ui"
    # The resumed run went on to the next stage, which has no input files here.
    assert run.state.is_failed()
    assert "Tahap Forum Pemangku Kepentingan memerlukan berkas" in (run.state.message or "")

    # The CLI after the UI: the service's clear error, nothing recorded.
    result = cli("review", "approve", "needs_analysis", "--org", ui_org, "--as", LEADER2)
    assert result.exit_code == 1
    assert "sudah diputuskan 'disetujui' oleh syahrul.anwar melalui prefect-ui" in " ".join(
        result.output.split()
    )
    assert len(reviews(na.id or 0)) == 1

    # The CLI decides while the run waits at the gate: the command resumes the run with its
    # decision, which the run finds recorded; it goes on from the database's state.
    run = wait_paused_or_final(cli_run)
    assert run.state.is_paused(), run.state
    result = cli("review", "approve", "needs_analysis", "--org", cli_org, "--as", LEADER)
    assert result.exit_code == 0, result.output
    assert f"Run Prefect yang menunggu di gerbang ini dilanjutkan ({cli_run})." in result.output
    run = wait_state(cli_run, lambda st: st.is_final())
    cli_na = stage_run(cli_org, Stage.NEEDS_ANALYSIS)
    [only] = reviews(cli_na.id or 0)
    assert (only.via, only.decision, cli_na.status) == ("cli", "approve", RunStatus.APPROVED)
    assert eventually(
        lambda: any(
            f"needs_analysis: approve oleh {LEADER} — sudah dicatat sebelumnya melalui cli" in m
            for m in logs(cli_run)
        )
    )
    assert "Tahap Forum Pemangku Kepentingan memerlukan berkas" in (run.state.message or "")
    with session_scope() as s:
        assert audit.verify(s).ok


def _big_complaints(folder: Path, copies: int) -> Path:
    lines = Path(inputs(Stage.NEEDS_ANALYSIS)["pengaduan"]).read_text(encoding="utf-8").splitlines()
    path = folder / "pengaduan_besar.csv"
    path.write_text("\n".join([lines[0], *(lines[1:] * copies)]) + "\n", encoding="utf-8")
    return path


def worker_of(stack: Stack, pid: int) -> str:
    """The recorded worker whose process tree holds `pid`."""
    recorded = {p: name for name, p in stack.pids().items()}
    while pid > 1:
        if pid in recorded:
            return recorded[pid]
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        pid = int(stat.rsplit(")", 1)[-1].split()[1])
    raise AssertionError("flow run process not started by a recorded worker")


def test_killed_worker_stage_is_taken_over_without_duplicates(
    stack: Stack, packs_dir: Path
) -> None:
    org = make_org(packs_dir, "uji-ambil-alih")
    big = _big_complaints(packs_dir, 400)
    rows = len(big.read_text(encoding="utf-8").splitlines()) - 1
    params: dict[str, Any] = {
        "organisation": org,
        "actor": OFFICER,
        "inputs": {**inputs(Stage.NEEDS_ANALYSIS), "pengaduan": str(big)},
        "as_of": DATES[Stage.NEEDS_ANALYSIS],
    }
    first = start("needs-analysis/needs-analysis", {"params": params})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with session_scope() as s:
            running = s.exec(select(StageRun).where(StageRun.flow_run_id == str(first))).first()
        if running is not None:
            break
        time.sleep(0.05)
    assert running is not None and running.status == RunStatus.RUNNING
    with client() as c:
        infra = c.read_flow_run(first).infrastructure_pid
    worker = worker_of(stack, int(str(infra).rsplit(":", 1)[-1]))
    stack.script("worker-kill", str(stack.dir), worker)
    assert stage_run(org, Stage.NEEDS_ANALYSIS).status == RunStatus.RUNNING
    stack.script("worker-start", str(stack.dir), "worker-3")

    # Prefect still shows the dead run as running: without `takeover` the new run refuses.
    refused = start("needs-analysis/needs-analysis", {"params": params})
    run = wait_state(refused, lambda st: st.is_final())
    assert run.state.is_failed() and "sedang berjalan" in (run.state.message or "")

    second = start("needs-analysis/needs-analysis", {"params": {**params, "takeover": True}})
    run = wait_state(second, lambda st: st.is_final())
    assert run.state.is_completed(), run.state.message
    row = stage_run(org, Stage.NEEDS_ANALYSIS)
    assert (row.status, row.attempt, row.flow_run_id) == (RunStatus.IN_REVIEW, 1, str(second))
    actions = [a for a, _ in audit_actions(row.id or 0)]
    assert actions.count("stage.taken_over") == 1 and actions.count("stage.submitted") == 1
    with client() as c:
        assert c.read_flow_run(first).state.is_crashed()
    with session_scope() as s:
        org_id = s.exec(select(Organisation.id).where(Organisation.code == org)).one()
        complaints = s.exec(
            select(func.count()).select_from(Complaint).where(Complaint.organisation_id == org_id)
        ).one()
        docs = s.exec(select(Document).where(Document.stage_run_id == row.id)).all()
    assert complaints == rows
    assert len(docs) == len({(d.key, d.locale) for d in docs}) and all(d.version == 1 for d in docs)


def test_evaluate_all_runs_one_deployment_per_organisation(stack: Stack, packs_dir: Path) -> None:
    orgs = [make_org(packs_dir, f"uji-massal-{i}") for i in range(3)]
    with session_scope() as s:
        for org in orgs:
            open_evaluation(s, org)
    files = {k: str(v) for k, v in PACK.demo_files("evaluation").items()}
    items: list[dict[str, Any]] = [
        {"organisation": o, "actor": OFFICER, "inputs": files} for o in orgs
    ]
    items[1]["inputs"] = {"ekinerja": str(packs_dir / "tidak-ada.csv")}
    run_id = start(
        "evaluate-all/evaluate-all",
        {
            "params": {
                "period": "2026-TW3",
                "organisations": items,
                "as_of": "2026-10-15",
                "max_parallel": 3,
                "poll_seconds": 0.5,
            }
        },
    )
    run = wait_state(run_id, lambda st: st.is_final(), 240)
    assert run.state.is_completed(), run.state.message
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with client() as c:
        found = c.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    [artifact] = [a for a in found if a.key == "evaluasi-massal"]
    table = yaml.safe_load(str(artifact.data))
    assert [r["organisation"] for r in table if not r["ok"]] == [orgs[1]], [
        r["message"] for r in table
    ]
    assert sum(r["ok"] for r in table) == 2
    for org in (orgs[0], orgs[2]):
        with session_scope() as s:
            board = cycle_board(session=s, organisation=org, cycle=None)
        [ev] = [r for r in board.rows if r.stage == Stage.EVALUATION and r.period == "2026-TW3"]
        assert ev.status == RunStatus.IN_REVIEW


def open_evaluation(session: Any, org: str) -> None:
    """A leader opens the gate to evaluation with a reason (no earlier stage work needed)."""
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.EVALUATION,
        leader=LEADER,
        reason="Uji evaluasi massal tanpa tahap sebelumnya.",
        period="2026-TW3",
    )
