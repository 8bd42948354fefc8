"""What the benchmark's child processes do: Siklus through its services, and the Python floor.

Each function here runs in a fresh process started by `bench/run.py --child MODE`, with
``SIKLUS_DATA_DIR`` pointing at an empty folder (its own SQLite database), and returns plain
data that the child prints as JSON.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from bench.generate import DataSet, load_dataset
from bench.measure import Step, documents_timed, self_peak_mb, timed

AS_OF = date(2026, 10, 15)
REASON = "Benchmark: evaluasi periode tanpa tahap sebelumnya"


def setup_org(data: DataSet, pack: Path | None = None, org: str | None = None) -> None:
    """Load the pack, open a cycle, open the evaluation gate for the period (not timed)."""
    from policy.db import session_scope
    from policy.models import Stage
    from policy.packs import load_pack
    from policy.services import cycle as cycle_service
    from policy.services import organisation

    code = org or data.org
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=load_pack(pack or data.pack), actor="admin")
    with session_scope() as s:
        cycle_service.open_cycle(session=s, organisation=code, actor=data.officer)
    with session_scope() as s:
        cycle_service.override_gate(
            session=s,
            organisation=code,
            cycle=None,
            stage=Stage.EVALUATION,
            leader=data.leader,
            reason=REASON,
            period=data.period,
        )


def import_one(data: DataSet, kind: str, org: str | None = None) -> dict[str, Any]:
    """`import_file` of one file, as `siklus import` does (one transaction)."""
    from policy.db import session_scope
    from policy.services import imports

    with session_scope() as s:
        result = imports.import_file(
            session=s,
            organisation=org or data.org,
            kind=kind,
            path=data.files[kind],
            actor=data.officer,
        )
    return {"rows": result.rows, "written": result.written}


def evaluate(data: DataSet) -> dict[str, Any]:
    """The evaluation stage as its flow runs it (begin, ingest, produce, submit), no Prefect."""
    from policy.db import session_scope
    from policy.models import Stage
    from policy.services import cycle as cycle_service
    from policy.services import evaluation

    with documents_timed() as docs:
        with session_scope() as s:
            ref = cycle_service.begin_stage(
                session=s,
                organisation=data.org,
                cycle=None,
                stage=Stage.EVALUATION,
                actor=data.officer,
                period=data.period,
            )
        with session_scope() as s:
            evaluation.ingest(session=s, run_id=ref.run_id, inputs={}, actor=data.officer)
        with session_scope() as s:
            out = evaluation.produce(session=s, run_id=ref.run_id, actor=data.officer, as_of=AS_OF)
        with session_scope() as s:
            cycle_service.submit_stage(
                session=s, run_id=ref.run_id, actor=data.officer, summary=out.summary
            )
    actions = out.summary.get("actions", {})
    return {
        "rows": int(out.summary.get("rated", 0)),
        "ikm_units": len(out.summary.get("ikm", {})),
        "actions": sum(actions.values()) if isinstance(actions, dict) else actions,
        "documents": int(docs["documents"]),
        "documents_seconds": round(docs["seconds"], 3),
    }


def inprocess(folder: str) -> dict[str, Any]:
    """Child mode: setup, then the timed imports and the evaluation in this one process."""
    data = load_dataset(Path(folder))
    setup_org(data)
    baseline = self_peak_mb()
    steps: list[Step] = []
    for kind in ("pegawai", "ekinerja", "skm"):
        with timed(f"import {kind}", steps) as detail:
            detail.update(import_one(data, kind))
    with timed("evaluation (begin, produce, submit)", steps) as detail:
        detail.update(evaluate(data))
    return {"steps": [asdict(s) for s in steps], "baseline_mb": baseline}


def evaluate_child(folder: str) -> dict[str, Any]:
    """Child mode: the evaluation without Prefect on the database of SIKLUS_DATA_DIR."""
    steps: list[Step] = []
    with timed("evaluation", steps) as detail:
        detail.update(evaluate(load_dataset(Path(folder))))
    return asdict(steps[0])


def prefect_noop() -> dict[str, Any]:
    """Child mode: start Prefect as `siklus stage run` does and run an empty flow."""
    from siklus.prefect_env import configure_prefect

    configure_prefect()
    from prefect import flow

    from siklus.prefect_env import flow_settings

    @flow(name="bench-noop")
    def noop() -> int:
        return 1

    with flow_settings():
        noop()
    return {"peak_mb": self_peak_mb()}


def floor_python(db: str, files_json: str, sql_json: str) -> dict[str, Any]:
    """Child mode: the floor without the sqlite3 shell (csv reader + executemany, same SQL)."""
    import csv
    import sqlite3

    conn = sqlite3.connect(db)
    steps: list[Step] = []
    for kind, path in json.loads(files_json).items():
        with timed(f"floor {kind}", steps) as detail:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle, delimiter=";")
                header = next(reader)
                columns = ", ".join(f'"{c}" TEXT' for c in header)
                conn.execute(f"CREATE TABLE {kind} ({columns})")
                marks = ", ".join("?" * len(header))
                with conn:
                    cursor = conn.executemany(f"INSERT INTO {kind} VALUES ({marks})", reader)
            detail["rows"] = cursor.rowcount
    for name, statement in json.loads(sql_json).items():
        with timed(f"floor {name}", steps), conn:
            conn.executescript(statement)
    return {"steps": [asdict(s) for s in steps]}


def inprocess_360(folder: str) -> dict[str, Any]:
    """Child mode: the 360 organisation set up, then its import and scoring timed."""
    from bench.bench360 import run_360

    return run_360(load_dataset(Path(folder)))


def prepare() -> dict[str, Any]:
    """Child mode: compile every template into the user's template cache, as a first run does.

    The benchmark times Siklus as it runs from the second run of an installation on: its
    modules' bytecode written (`bench/run.py` compiles them) and its templates compiled into
    the cache folder (`SIKLUS_CACHE_DIR`), shared by every data folder.
    """
    from policy.documents import environment

    env = environment()
    names = [n for n in env.list_templates() if n.endswith(".j2")]
    for name in names:
        env.get_template(name)
    return {"templates": len(names)}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "prepare": prepare,
    "inprocess": inprocess,
    "evaluate": evaluate_child,
    "prefect-noop": prefect_noop,
    "floor-python": floor_python,
    "inprocess360": inprocess_360,
}


def run_child(mode: str, args: list[str]) -> None:
    """Run a child mode and print its result as one JSON line."""
    started = time.perf_counter()
    result = CHILDREN[mode](*args)
    result["inside_seconds"] = time.perf_counter() - started
    print(json.dumps(result, default=str))
