"""Benchmark: import and evaluation at province scale, side by side with SQLite's own floor.

Usage: ``.venv/bin/python bench/run.py [--scale 1.0] [--no-prefect] [--no-360]
[--postgres URL]``

In one run, on the data set of ``bench/generate.py`` (generated on first use):

1. **floor**: the ``sqlite3`` shell imports the same CSV files (``.mode csv``,
   ``.separator ;``, ``.import``; Python's csv + sqlite3 ``executemany`` when the shell is
   absent) and computes in SQL the predikat per unit (a CASE on the two ratings) and the
   IKM sums and answered counts per unit and element;
2. **in-process**: one Python process runs Siklus's services as production does, one
   transaction each: ``import_file`` for pegawai, e-Kinerja and SKM, then the evaluation
   stage (begin, ingest, produce with its documents, submit);
3. **command**: the installed ``siklus`` command in subprocesses, ``siklus import`` x 3, then
   the evaluation twice on copies of the same database: ``siklus stage run evaluation``
   (Prefect and its temporary local API) and the same services without Prefect. Prefect's
   share is the difference, beside an empty flow measured on its own;
4. **360**: the 1.5 M-row 360 ratings file, floor against Siklus's import and scoring;
5. **in-process on PostgreSQL** (with ``--postgres URL``): the in-process section again, on a
   database created for the run on that server and dropped after it. No target; it is
   reported beside the SQLite figures so that a plan PostgreSQL gets wrong shows (an
   evaluation right after the imports once took 200 s there for 5 s on SQLite).

Before the sections, Siklus is brought to the state of an installation that has run once (not
timed): its modules compiled to bytecode (as ``pip install`` does; a machine may set
PYTHONDONTWRITEBYTECODE, and every process would compile them from source again) and its
templates compiled into the user's template cache, which every data folder shares.

Every step runs in a process of its own; peak memory is that process's ru_maxrss (plus,
inside a child, the peak of an import's read-ahead helper: an upper bound, since the helper
shares the pages it inherited). Each Siklus process is also sampled from /proc every 100 ms
(its resident set plus its helpers' private memory): the memory target is judged on that
sampled peak, and the bound is printed beside it. Wall
and CPU seconds are both reported (CPU time is steadier when the machine is shared). A
table is printed and everything goes to ``bench/out/results-scale-<SCALE>.json``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import sqlite3
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import DataSet, generate  # noqa: E402
from bench.measure import Step, child, load, run_process  # noqa: E402
from bench.work import AS_OF, REASON, run_child  # noqa: E402

OUT = ROOT / "bench" / "out"
TARGETS = {"inprocess": 2.0, "command": 4.0, "memory_mb": 400.0, "360": 3.0}
FLOOR_SQL = {
    "predikat per unit": """
CREATE TABLE floor_predikat AS
SELECT p.unit_kerja AS unit,
       CASE
         WHEN lower(e.rating_perilaku) = 'di bawah ekspektasi'
           THEN CASE WHEN lower(e.rating_hasil_kerja) = 'di bawah ekspektasi'
                     THEN 'Sangat Kurang' ELSE 'Kurang/Misconduct' END
         WHEN lower(e.rating_hasil_kerja) = 'di bawah ekspektasi' THEN 'Butuh Perbaikan'
         WHEN lower(e.rating_hasil_kerja) = 'di atas ekspektasi'
              AND lower(e.rating_perilaku) = 'di atas ekspektasi' THEN 'Sangat Baik'
         ELSE 'Baik'
       END AS predikat,
       count(*) AS n
FROM ekinerja e JOIN pegawai p ON p.nip = e.nip
GROUP BY 1, 2;
""",
    "IKM sums per unit": "CREATE TABLE floor_ikm AS SELECT unit_layanan AS unit, "
    "count(*) AS respondents, "
    + ", ".join(
        f"sum(nullif(u{i}, '')) AS s{i}, count(nullif(u{i}, '')) AS c{i}" for i in range(1, 10)
    )
    + " FROM skm GROUP BY unit_layanan;",
}


def section(steps: list[Step] | list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Steps with their totals: wall and CPU seconds summed, the highest peak memory."""
    rows = [s if isinstance(s, dict) else asdict(s) for s in steps]
    return {
        "steps": rows,
        "wall": sum(s["seconds"] for s in rows),
        "cpu": sum(s["cpu"] for s in rows),
        "peak_mb": max((s["peak_mb"] for s in rows), default=0.0),
        **extra,
    }


def siklus_env(data_dir: Path) -> dict[str, str]:
    """The environment of a Siklus process on its own SQLite database in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIKLUS_", "PREFECT_"))}
    # Every data_dir is <out>/run-N/NAME: Prefect's home is <out>/prefect-home, kept between
    # runs (its first start makes Prefect's database), in the folder --out names.
    home = data_dir.parent.parent / "prefect-home"
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "SIKLUS_DATA_DIR": str(data_dir),
            "SIKLUS_DATABASE_URL": "",
            "PREFECT_HOME": str(home),
        }
    )
    return env


def prepare(work: Path) -> dict[str, Any]:
    """Bytecode of Siklus's modules and its compiled templates, as after a first run."""
    compiled = all(
        compileall.compile_dir(ROOT / package, quiet=1, workers=0)
        for package in ("policy", "siklus", "flows")
    )
    _step, result = child("prepare", env=siklus_env(work / "prepare"))
    return {"bytecode": compiled, "templates": result["templates"]}


# ----------------------------------------------------------------------------- floor


def floor(data: DataSet, work: Path, kinds: tuple[str, ...], sql: dict[str, str]) -> dict[str, Any]:
    """SQLite's own CSV import of the files plus the aggregates in SQL, step by step."""
    db = work / f"floor-{'-'.join(kinds)}.db"
    shell = shutil.which("sqlite3")
    if shell is None:
        files = json.dumps({k: str(data.files[k]) for k in kinds})
        _step, result = child("floor-python", str(db), files, json.dumps(sql))
        return section(result["steps"])
    steps = []
    for kind in kinds:
        script = f".mode csv\n.separator ;\n.import '{data.files[kind]}' {kind}\n"
        argv = [shell, "-bail", str(db)]
        steps.append(run_process(f"{kind}: .import", argv, rows=data.counts[kind], stdin=script)[0])
    for name, statement in sql.items():
        steps.append(run_process(name, [shell, "-bail", str(db)], stdin=statement)[0])
    return section(steps)


# ------------------------------------------------------------------- siklus command


def command_path(
    data: DataSet, work: Path, with_prefect: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`siklus import` x 3, then the evaluation with and without Prefect; Prefect's share."""
    siklus = str(Path(sys.executable).with_name("siklus"))
    cli = work / "cli"
    env = {**siklus_env(cli), "SIKLUS_USER": data.officer}
    for argv in (
        ["pack", "load", str(data.pack), "--as", "admin"],
        ["cycle", "start"],
        [
            "stage",
            "override",
            "evaluation",
            "--period",
            data.period,
            "--as",
            data.leader,
            "--reason",
            REASON,
        ],
    ):
        run_process("setup", [siklus, *argv], env=env)
    steps = []
    for kind in ("pegawai", "ekinerja", "skm"):
        argv = [siklus, "import", kind, str(data.files[kind])]
        step, _ = run_process(f"siklus import {kind}", argv, env=env, rows=data.counts[kind],
                              sample=True)  # fmt: skip
        steps.append(step)
    again, _ = run_process(
        "siklus import skm (again: no-op)",
        [siklus, "import", "skm", str(data.files["skm"])],
        env=env,
    )
    plain = work / "cli-no-prefect"
    shutil.copytree(cli, plain)
    step, result = child("evaluate", str(data.folder), env=siklus_env(plain))
    step.name, step.rows = "evaluation: services, no Prefect", int(result["rows"])
    step.detail.update(result["detail"], inside_seconds=result["inside_seconds"])
    steps.append(step)
    prefect: dict[str, Any] = {"start_up_fixed_cost": asdict(again)}
    if with_prefect:
        noop_env = siklus_env(work / "noop")
        cold, _ = child("prefect-noop", env=noop_env)
        argv = [
            siklus,
            "stage",
            "run",
            "evaluation",
            "--period",
            data.period,
            "--as-of",
            AS_OF.isoformat(),
        ]
        staged, _ = run_process(
            "siklus stage run evaluation (Prefect)", argv, env=env, rows=data.counts["ekinerja"]
        )
        warm, _ = child("prefect-noop", env=noop_env)
        prefect.update(
            {
                "stage_run": asdict(staged),
                "noop_first": asdict(cold),
                "noop_warm": asdict(warm),
                "overhead_wall": staged.seconds - step.seconds,
                "overhead_cpu": staged.cpu - step.cpu,
            }
        )
    return section(steps), prefect


def postgres_section(data: DataSet, work: Path, url: str) -> dict[str, Any]:
    """The in-process section on a fresh PostgreSQL database at `url`'s server."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"siklus_bench_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        env = siklus_env(work / "inprocess-postgres")
        target = make_url(url).set(database=name)
        env["SIKLUS_DATABASE_URL"] = target.render_as_string(hide_password=False)
        step, result = child("inprocess", str(data.folder), env=env)
        return section(
            result["steps"],
            baseline_mb=result["baseline_mb"],
            sampled_peak_mb=step.detail["sampled_peak_mb"],
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ----------------------------------------------------------------------------- report


def ratio(value: float, base: float) -> float:
    """value / base, rounded for the report."""
    return round(value / base, 2) if base > 0 else float("inf")


def summarise(results: dict[str, Any]) -> None:
    """Ratios against the floor and the verdict against the issue's targets."""
    s, prefect = results["sections"], results.get("prefect", {})
    base = s["floor"]
    ratios: dict[str, dict[str, float]] = {}
    ratios["in-process"] = {
        "wall": ratio(s["inprocess"]["wall"], base["wall"]),
        "cpu": ratio(s["inprocess"]["cpu"], base["cpu"]),
    }
    cmd = s["command"]
    ratios["siklus command, no Prefect"] = {
        "wall": ratio(cmd["wall"], base["wall"]),
        "cpu": ratio(cmd["cpu"], base["cpu"]),
    }
    verdict = [
        ("in-process", ratios["in-process"], TARGETS["inprocess"]),
        ("siklus command, no Prefect", ratios["siklus command, no Prefect"], TARGETS["command"]),
    ]
    if "stage_run" in prefect:
        evaluation = cmd["steps"][-1]
        wall = cmd["wall"] - evaluation["seconds"] + prefect["stage_run"]["seconds"]
        cpu = cmd["cpu"] - evaluation["cpu"] + prefect["stage_run"]["cpu"]
        prefect["command_wall_with_prefect"] = wall
        prefect["share_of_command_wall"] = round(prefect["overhead_wall"] / wall, 3)
        ratios["siklus command, with Prefect"] = {
            "wall": ratio(wall, base["wall"]),
            "cpu": ratio(cpu, base["cpu"]),
        }
        verdict.append(
            (
                "siklus command, with Prefect",
                ratios["siklus command, with Prefect"],
                TARGETS["command"],
            )
        )
    if "inprocess_postgres" in s:  # reported, no target
        ratios["in-process on PostgreSQL"] = {
            "wall": ratio(s["inprocess_postgres"]["wall"], base["wall"]),
            "cpu": ratio(s["inprocess_postgres"]["cpu"], base["cpu"]),
        }
    if "inprocess_360" in s:
        ratios["360"] = {
            "wall": ratio(s["inprocess_360"]["wall"], s["floor_360"]["wall"]),
            "cpu": ratio(s["inprocess_360"]["cpu"], s["floor_360"]["cpu"]),
        }
        verdict.append(("360 in-process", ratios["360"], TARGETS["360"]))
    bound = max(
        s["inprocess"]["peak_mb"], cmd["peak_mb"], s.get("inprocess_360", {}).get("peak_mb", 0)
    )
    sampled = [
        s["inprocess"].get("sampled_peak_mb", 0.0),
        s.get("inprocess_360", {}).get("sampled_peak_mb", 0.0),
        *(x["detail"].get("sampled_peak_mb", 0.0) for x in cmd["steps"]),
    ]
    memory = max(sampled) or bound  # the sampled peak where /proc was there to read
    results["ratios"] = ratios
    results["verdict"] = [
        {
            "what": what,
            "wall": r["wall"],
            "cpu": r["cpu"],
            "target": target,
            "met_wall": r["wall"] <= target,
            "met_cpu": r["cpu"] <= target,
        }
        for what, r, target in verdict
    ] + [
        {
            "what": "peak memory MB (sampled: process + helpers' own)",
            "value": memory,
            "target": TARGETS["memory_mb"],
            "met": memory <= TARGETS["memory_mb"],
        },
        {
            "what": "  bound: peaks added (helpers' shared pages twice)",
            "value": bound,
            "target": TARGETS["memory_mb"],
            "met": bound <= TARGETS["memory_mb"],
        },
    ]


def report(results: dict[str, Any]) -> str:
    """The result table as text."""
    lines = [f"  {'step':<46} {'wall s':>7} {'cpu s':>7} {'rows/s':>10} {'peak MB':>8}"]

    def row(name: str, wall: float, cpu: float, rows: int = 0, peak: float = 0.0) -> None:
        rate = f"{rows / wall:>10,.0f}" if rows and wall else " " * 10
        lines.append(f"  {name:<46} {wall:>7.2f} {cpu:>7.2f} {rate} {peak:>8,.0f}")

    for name, sec in results["sections"].items():
        lines.append(f"{name}:")
        for s in sec["steps"]:
            row(s["name"], s["seconds"], s["cpu"], s["rows"], s["peak_mb"])
            if s["detail"].get("documents"):
                d = s["detail"]
                lines.append(
                    f"    of which {d['documents']} documents published in "
                    f"{d['documents_seconds']:.2f} s"
                )
        row("total", sec["wall"], sec["cpu"], 0, sec["peak_mb"])
    p = results.get("prefect", {})
    if "stage_run" in p:
        lines.append("prefect:")
        for key in ("stage_run", "noop_first", "noop_warm"):
            row(
                {
                    "stage_run": "siklus stage run evaluation",
                    "noop_first": "empty flow, first",
                    "noop_warm": "empty flow, warm",
                }[key],
                p[key]["seconds"],
                p[key]["cpu"],
                0,
                p[key]["peak_mb"],
            )
        row("stage run minus the services alone", p["overhead_wall"], p["overhead_cpu"])
    fixed = p.get("start_up_fixed_cost")
    if fixed:
        row(
            "a siklus command that does nothing (no-op)",
            fixed["seconds"],
            fixed["cpu"],
            0,
            fixed["peak_mb"],
        )
    lines.append("ratios to the floor (target):")
    for v in results["verdict"]:
        if "wall" in v:
            ok = "met" if v["met_wall"] else ("met on CPU" if v["met_cpu"] else "MISSED")
            lines.append(
                f"  {v['what']:<46} wall {v['wall']:>5}x  cpu {v['cpu']:>5}x  "
                f"(<= {v['target']}x) {ok}"
            )
        else:
            ok = "met" if v["met"] else "MISSED"
            lines.append(f"  {v['what']:<46} {v['value']:>6.1f} MB (< {v['target']}) {ok}")
    postgres = results["ratios"].get("in-process on PostgreSQL")
    if postgres:
        lines.append(
            f"  {'in-process on PostgreSQL (no target)':<46} wall {postgres['wall']:>5}x  "
            f"cpu {postgres['cpu']:>5}x"
        )
    lines.append(
        f"load average: {results['load']['start']} at start, {results['load']['end']} at end"
    )
    return "\n".join(lines)


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="row counts x SCALE (1.0)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (bench/out)")
    parser.add_argument("--no-prefect", action="store_true", help="skip `siklus stage run`")
    parser.add_argument("--no-360", action="store_true", help="skip the 360 ratings")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run the in-process section on PostgreSQL: a database is created for the "
        "run at URL's server (postgresql+psycopg://user@host:port/db) and dropped after it",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.args)
        return 0
    out: Path = args.out
    data = generate(out / f"data-{args.scale:g}", args.scale, args.seed, with_360=not args.no_360)
    work = out / f"run-{args.scale:g}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    method = "sqlite3 shell .import" if shutil.which("sqlite3") else "python csv + executemany"
    results: dict[str, Any] = {
        "command": " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "scale": args.scale,
        "seed": args.seed,
        "counts": data.counts,
        "floor_method": method,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "sqlite": sqlite3.sqlite_version,
        },
        "load": {"start": load()},
        "targets": TARGETS,
    }
    print(f"data: {data.folder} ({', '.join(f'{k} {v:,}' for k, v in data.counts.items())})")
    print(f"floor: {method}", flush=True)
    results["prepared"] = prepare(work)
    print(
        "prepared (not timed): bytecode of policy, siklus, flows; "
        f"{results['prepared']['templates']} templates compiled into the cache",
        flush=True,
    )
    sections: dict[str, Any] = {}
    results["sections"] = sections
    sections["floor"] = floor(data, work, ("pegawai", "ekinerja", "skm"), FLOOR_SQL)
    step, result = child("inprocess", str(data.folder), env=siklus_env(work / "inprocess"))
    sections["inprocess"] = section(
        result["steps"],
        baseline_mb=result["baseline_mb"],
        sampled_peak_mb=step.detail["sampled_peak_mb"],
    )
    sections["command"], results["prefect"] = command_path(data, work, not args.no_prefect)
    if "penilaian_360" in data.files:
        from bench.bench360 import FLOOR_SQL_360

        sections["floor_360"] = floor(data, work, ("penilaian_360",), FLOOR_SQL_360)
        step, result = child("inprocess360", str(data.folder), env=siklus_env(work / "in360"))
        sections["inprocess_360"] = section(
            result["steps"],
            baseline_mb=result["baseline_mb"],
            sampled_peak_mb=step.detail["sampled_peak_mb"],
        )
    if args.postgres:
        print("in-process on PostgreSQL", flush=True)
        sections["inprocess_postgres"] = postgres_section(data, work, args.postgres)
    results["load"]["end"] = load()
    summarise(results)
    print(report(results))
    path = out / f"results-scale-{args.scale:g}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), "utf-8")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
