"""Benchmark: the scaled-out set against the embedded default, and one worker against two.

Usage: ``.venv/bin/python bench/stack.py [--orgs 50] [--employees 2000] [--skip-cycle]
[--skip-eval] [--stack-dir DIR]``

1. **cycle**: the demo cycle of Sawahlunto (``siklus demo`` without e-mail: six stages,
   the draft returned once for a second consultation round, gates decided through the
   services), run by the CLI's own code path in a fresh process, once with the embedded
   default (Prefect's temporary local API; its ``PREFECT_HOME`` migrated by a warm-up
   run first) and once against the Prefect server of the set (``PREFECT_API_URL``). Our
   database is a fresh SQLite file in both, so only Prefect's placement differs.
2. **floor**: a bare Prefect flow of the same shape, counted from what the cycle made
   (top-level flow runs, subflows and task runs, read back from the API), with no Siklus
   work, in the same two modes.
3. **evaluation**: ``evaluate-all`` over N organisations of M employees each (the
   province generator's people and e-Kinerja ratings, one pack copy per organisation),
   in PostgreSQL, each organisation one run of the ``evaluation`` deployment, first with
   one worker (limit 1) for period 2026-TW3, then with a second worker for 2026-TW4.

The set is started with ``scripts/stack.py`` in a temporary folder (or an existing one
with ``--stack-dir``; then its workers are left as they are) and stopped at the end.
Results are printed and merged into ``bench/out/stack.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STACK = ROOT / "scripts" / "stack.py"
OUT = ROOT / "bench" / "out"
QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_ROOT_LEVEL": "CRITICAL",
}


def read_env(folder: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in (folder / "env").read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


def stack(*args: str) -> None:
    subprocess.run([sys.executable, str(STACK), *args], check=True)


# ------------------------------------------------------------------------ children


def child_demo(work: Path) -> dict[str, Any]:
    """Run the demo cycle in this process; return its time and the shape Prefect saw."""
    from rich.console import Console

    from siklus.demo import run_demo
    from siklus.prefect_env import configure_prefect

    # Modules are imported before the clock starts, as the floor imports prefect before its
    # clock: both measure running flows, not importing them.
    configure_prefect()
    import flows.cycle  # noqa: F401

    started = datetime.now(UTC)
    t0 = time.perf_counter()
    run_demo(Console(file=open(os.devnull, "w")), work / "data", ["id"], email=False)
    seconds = time.perf_counter() - t0
    time.sleep(3)  # let the API record the last task runs
    return {"seconds": seconds, "shape": shape_since(started)}


def shape_since(started: datetime) -> dict[str, int]:
    """Top-level flow runs, subflow runs and task runs created since `started`."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterStartTime,
        TaskRunFilter,
        TaskRunFilterStartTime,
    )

    with get_client(sync_client=True) as c:
        flows = c.read_flow_runs(
            flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(after_=started)),
            limit=200,
        )
        tasks = c.read_task_runs(
            task_run_filter=TaskRunFilter(start_time=TaskRunFilterStartTime(after_=started)),
            limit=200,
        )
    parents = [f for f in flows if f.parent_task_run_id is None]
    subflows = len(flows) - len(parents)
    # Each subflow call also leaves a task run in its parent; the floor makes those too.
    return {"flows": len(parents), "subflows": subflows, "tasks": len(tasks) - subflows}


def child_bare(shape: dict[str, int]) -> dict[str, Any]:
    """A bare Prefect flow of the same shape: parents, subflows, tasks; no work."""
    from prefect import flow, task
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    @task
    def step(i: int) -> int:
        return i

    @flow
    def stage(n_tasks: int) -> int:
        return sum(step(i) for i in range(n_tasks))

    @flow
    def cycle(n_sub: int, n_tasks: int, extra: int) -> int:
        total = sum(step(i) for i in range(extra))
        for _ in range(n_sub):
            total += stage(n_tasks)
        return total

    parents, subs, tasks = shape["flows"], shape["subflows"], shape["tasks"]
    per_sub = tasks // max(subs, 1)
    extra = (tasks - per_sub * subs) // max(parents, 1)
    plan = [subs // parents + (1 if i < subs % parents else 0) for i in range(parents)]
    t0 = time.perf_counter()
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        for n_sub in plan:
            cycle(n_sub, per_sub, extra)
    return {"seconds": time.perf_counter() - t0, "plan": plan, "per_sub": per_sub}


def run_child(kind: str, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """Run a child of this script in a fresh process; return what it printed as JSON."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *extra],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {kind} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


def child_env(work: Path, api_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SIKLUS_"))}
    env.update(QUIET)
    env["SIKLUS_DATA_DIR"] = str(work / "data")
    env["PREFECT_HOME"] = str(work / "prefect-home")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


# ---------------------------------------------------------------------------- parts


def bench_cycle(base: Path, api_url: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    home = base / "embedded"
    print("cycle: warm-up of the embedded default (Prefect's database migrations) ...")
    run_child("demo", child_env(home, None), "--work", str(home / "warm"))
    for mode, url in (("embedded", None), ("server", api_url)):
        work = base / mode if url else home
        print(f"cycle: {mode} ...")
        results[f"cycle_{mode}"] = run_child(
            "demo", child_env(work, url), "--work", str(work / "run")
        )
    # The server holds the complete record of the run (the temporary API of the embedded
    # default is stopped before it has recorded every task run).
    shape = results["cycle_server"]["shape"]
    for mode, url in (("embedded", None), ("server", api_url)):
        work = base / mode if url else home
        print(f"floor: {mode}, shape {shape} ...")
        results[f"floor_{mode}"] = run_child(
            "bare", child_env(work, url), "--shape", json.dumps(shape)
        )
    return results


def setup_orgs(data: Any, folder: Path, n: int) -> list[str]:
    """N copies of the generated province pack, each with its employees and a cycle."""
    import yaml

    from policy.db import session_scope
    from policy.models import Stage
    from policy.packs import load_pack
    from policy.services import cycle as cycle_service
    from policy.services import imports, organisation

    raw = yaml.safe_load(Path(data.pack).read_text(encoding="utf-8"))
    codes = []
    for i in range(n):
        code = f"bench-{i:02d}"
        raw["organisation"]["code"] = code
        raw["organisation"]["name"] = f"Pemerintah Provinsi Uji {i:02d}"
        path = folder / f"{code}.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        with session_scope() as s:
            organisation.load_pack(session=s, loaded=load_pack(path), actor="admin")
            imports.import_file(
                session=s,
                organisation=code,
                kind="pegawai",
                path=data.files["pegawai"],
                actor=data.officer,
            )
            cycle_service.open_cycle(session=s, organisation=code, actor=data.officer)
            for period in ("2026-TW3", "2026-TW4"):
                cycle_service.override_gate(
                    session=s,
                    organisation=code,
                    cycle=None,
                    stage=Stage.EVALUATION,
                    leader=data.leader,
                    reason="Pengukuran kinerja evaluasi banyak organisasi.",
                    period=period,
                )
        codes.append(code)
    return codes


def run_batch(codes: list[str], officer: str, period: str, ekinerja: Path) -> dict[str, Any]:
    from flows.batch import BatchEvaluationParams, evaluate_all_flow
    from siklus.prefect_env import flow_settings

    params = BatchEvaluationParams.model_validate(
        {
            "period": period,
            "organisations": [
                {"organisation": c, "actor": officer, "inputs": {"ekinerja": str(ekinerja)}}
                for c in codes
            ],
            "as_of": "2026-10-15" if period.endswith("TW3") else "2027-01-15",
            "max_parallel": 4,
            "poll_seconds": 0.5,
        }
    )
    t0 = time.perf_counter()
    with flow_settings():
        outcome = evaluate_all_flow(params)
    seconds = time.perf_counter() - t0
    runs = [r.seconds or 0.0 for r in outcome.results]
    return {
        "seconds": seconds,
        "succeeded": outcome.succeeded,
        "failed": [f.model_dump() for f in outcome.failed][:5],
        "mean_run_seconds": sum(runs) / max(len(runs), 1),
    }


def bench_eval(folder: Path, stack_dir: Path, orgs: int, employees: int) -> dict[str, Any]:
    from bench.generate import FULL_EMPLOYEES, PERIOD_TEXT, generate

    env = read_env(stack_dir)
    os.environ.update({k: env[k] for k in ("PREFECT_API_URL", "SIKLUS_DATABASE_URL")})
    os.environ["SIKLUS_DATA_DIR"] = env["SIKLUS_DATA_DIR"]
    os.environ.update(QUIET)
    data = generate(folder / "data", scale=employees / FULL_EMPLOYEES, with_360=False)
    tw3 = Path(data.files["ekinerja"])
    tw4 = folder / "ekinerja_tw4.csv"
    tw4.write_bytes(tw3.read_bytes().replace(PERIOD_TEXT.encode(), b"TW IV 2026"))
    print(f"evaluation: loading {orgs} organisations of {data.counts['pegawai']} employees ...")
    t0 = time.perf_counter()
    codes = setup_orgs(data, folder, orgs)
    setup = time.perf_counter() - t0
    print("evaluation: one worker ...")
    one = run_batch(codes, data.officer, "2026-TW3", tw3)
    stack("worker-start", str(stack_dir), "worker-2")
    print("evaluation: two workers ...")
    two = run_batch(codes, data.officer, "2026-TW4", tw4)
    return {
        "orgs": orgs,
        "employees": data.counts["pegawai"],
        "setup_seconds": setup,
        "one_worker": one,
        "two_workers": two,
        "speedup": one["seconds"] / two["seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--skip-cycle", action="store_true")
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--stack-dir", type=Path)
    parser.add_argument("--child", choices=["demo", "bare"])
    parser.add_argument("--work", type=Path)
    parser.add_argument("--shape")
    args = parser.parse_args()
    if args.child == "demo":
        print(json.dumps(child_demo(args.work)))
        return
    if args.child == "bare":
        print(json.dumps(child_bare(json.loads(args.shape))))
        return

    sys.path.insert(0, str(ROOT))
    base = Path(tempfile.mkdtemp(prefix="siklus-bench-stack-"))
    base.chmod(0o755)  # PostgreSQL (user postgres when run as root) must reach the stack
    own = args.stack_dir is None
    stack_dir = args.stack_dir or base / "stack"
    if own:
        stack(
            "start", str(stack_dir), "--api-port", "0", "--pg-port", "0", "--no-ui",
            "--workers", "1", "--worker-limit", "1", "--poll-seconds", "1",
        )  # fmt: skip
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "load": os.getloadavg()}}
    try:
        api_url = read_env(stack_dir)["PREFECT_API_URL"]
        if not args.skip_cycle:
            results.update(bench_cycle(base, api_url))
        if not args.skip_eval:
            results["evaluation"] = bench_eval(base, stack_dir, args.orgs, args.employees)
    finally:
        if own:
            stack("stop", str(stack_dir))
        shutil.rmtree(base, ignore_errors=True)
    report(results)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "stack.json"
    # A partial run (--skip-cycle, --skip-eval) keeps the other part's last figures.
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**earlier, **results}, indent=2, default=str), encoding="utf-8")


def report(r: dict[str, Any]) -> None:
    print()
    if "cycle_server" in r:
        for mode in ("embedded", "server"):
            c, f = r[f"cycle_{mode}"], r[f"floor_{mode}"]
            print(
                f"cycle  {mode:<9} {c['seconds']:7.1f} s (process {c['process_seconds']:.1f} s)"
                f"   bare floor {f['seconds']:6.1f} s   ratio {c['seconds'] / f['seconds']:.2f}x"
            )
        ratio = r["cycle_server"]["seconds"] / r["cycle_embedded"]["seconds"]
        print(f"cycle  server/embedded: {ratio:.2f}x   shape {r['cycle_server']['shape']}")
    if "evaluation" in r:
        e = r["evaluation"]
        print(
            f"evaluation {e['orgs']} x {e['employees']} employees: one worker "
            f"{e['one_worker']['seconds']:.1f} s, two workers {e['two_workers']['seconds']:.1f} s"
            f", speed-up {e['speedup']:.2f}x (setup {e['setup_seconds']:.0f} s; "
            f"ok {e['one_worker']['succeeded']}/{e['two_workers']['succeeded']})"
        )
    print(f"load average at start {r['machine']['load']}")


if __name__ == "__main__":
    main()
