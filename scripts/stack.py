"""Start, stop and inspect the scaled-out Siklus set on this machine (loopback only).

    python scripts/stack.py start DIR [--api-port 4200] [--pg-port 55432] [--workers 2]
    python scripts/stack.py stop DIR
    python scripts/stack.py status DIR
    python scripts/stack.py worker-start DIR NAME      # one more worker (e.g. after a crash)
    python scripts/stack.py worker-kill DIR NAME       # SIGKILL a worker and its flow runs

`start` brings up, in order: PostgreSQL 15 (`scripts/postgres.sh`) with the databases
`siklus` and `prefect` (`pg_trgm` enabled in `prefect`), the Siklus schema, one Prefect
server on PostgreSQL, the process work pool `siklus-pool`, the workers, and deploys
`prefect.yaml`. Everything it starts is recorded in DIR (`pids/`, `logs/`), and
`source DIR/env` points `siklus` and `prefect` at the set. Each worker runs inside a
small restart loop (see `start_worker`). `stop` ends each process group by its recorded
PID (workers ignore the first SIGTERM, so each gets a second one and then SIGKILL after
a timeout), then the flow-run processes the workers had started (they run in sessions
of their own), and stops PostgreSQL. Nothing is done by process name.

Run it with the project's virtual environment (`.venv/bin/python scripts/stack.py ...`):
the server, workers and deploy use the `prefect` and `siklus` of that environment.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POOL = "siklus-pool"

QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}


def log(message: str) -> None:
    """Progress on stderr, so stdout stays clean for scripts."""
    print(f"[stack] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def read_env(folder: Path) -> dict[str, str]:
    """The variables of DIR/env (`export KEY=VALUE` lines)."""
    env: dict[str, str] = {}
    path = folder / "env"
    if not path.exists():
        return env
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (and is not a zombie we own)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def read_pid(folder: Path, name: str) -> int | None:
    """The PID recorded for `name`, if any."""
    path = folder / "pids" / f"{name}.pid"
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def spawn(folder: Path, name: str, argv: list[str], env: dict[str, str]) -> int:
    """Start `argv` in its own session (so its children can be signalled with it)."""
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    (folder / "pids").mkdir(parents=True, exist_ok=True)
    with open(folder / "logs" / f"{name}.log", "ab") as out:
        proc = subprocess.Popen(
            argv,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (folder / "pids" / f"{name}.pid").write_text(f"{proc.pid}\n")
    return proc.pid


def signal_group(pid: int, sig: signal.Signals) -> None:
    """Send `sig` to the process group led by `pid` (our spawns lead their own group)."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of process group `pgid`."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[-1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


def wait_gone(pid: int, seconds: float) -> bool:
    """Wait until the group led by `pid` has no live process; True if so within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not group_members(pid):
            return True
        time.sleep(0.1)
    return not group_members(pid)


def stop_process(folder: Path, name: str, *, grace: float = 10.0, terms: int = 1) -> None:
    """Stop a recorded process group: SIGTERM (`terms` times), then SIGKILL after `grace` s."""
    pid = read_pid(folder, name)
    if pid is None:
        return
    for _ in range(terms):
        if not group_members(pid):
            break
        signal_group(pid, signal.SIGTERM)
        wait_gone(pid, grace / terms)
    if group_members(pid):
        log(f"{name} (group {pid}) did not stop after SIGTERM; sending SIGKILL")
        signal_group(pid, signal.SIGKILL)
        wait_gone(pid, 5)
    (folder / "pids" / f"{name}.pid").unlink(missing_ok=True)


def pgid_of(pid: int) -> int | None:
    """The process group of `pid`, or None if it is gone."""
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def stop_pid(pid: int, grace: float) -> None:
    """SIGTERM one process, SIGKILL it after `grace` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and pid_alive(pid):
            time.sleep(0.1)
        if not pid_alive(pid):
            return


def wait_http(url: str, seconds: float, pid: int, logfile: Path) -> None:
    """Wait until `url` answers 200, or fail with the log's tail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    tail = logfile.read_text(encoding="utf-8", errors="replace")[-3000:] if logfile.exists() else ""
    raise SystemExit(f"{url} did not come up (see {logfile}):\n{tail}")


def run(argv: list[str], env: dict[str, str], what: str) -> str:
    """Run a command to completion; fail with its output."""
    proc = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def base_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without its Prefect and Siklus settings, then the set's.

    A caller's own PREFECT_API_URL, PREFECT_LOGGING_LEVEL or SIKLUS_DATABASE_URL must not
    leak into the server or the workers (they would point elsewhere or log less).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SIKLUS_"))}
    env.update(QUIET)
    env.update(extra)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def create_databases(siklus_url: str) -> str:
    """Create database `prefect` with pg_trgm beside `siklus`; return Prefect's asyncpg URL."""
    import psycopg

    conninfo = siklus_url.replace("postgresql+psycopg://", "postgresql://")
    admin = conninfo.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'prefect'").fetchone() is None:
            conn.execute("CREATE DATABASE prefect")
    prefect_db = conninfo.rsplit("/", 1)[0] + "/prefect"
    with psycopg.connect(prefect_db, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    return prefect_db.replace("postgresql://", "postgresql+asyncpg://")


def write_env(folder: Path, values: dict[str, str]) -> None:
    """Write DIR/env for `source`."""
    lines = ["# source this file to use the Siklus set started by scripts/stack.py"]
    lines += [f"export {k}={shlex.quote(v)}" for k, v in values.items()]
    (folder / "env").write_text("\n".join(lines) + "\n", encoding="utf-8")


def worker_env(folder: Path, env: dict[str, str]) -> dict[str, str]:
    """Environment of a worker (and so of the flow runs it starts)."""
    return base_env(
        {
            **{k: v for k, v in env.items() if k not in ("PREFECT_HOME",)},
            "SIKLUS_HOME": str(REPO),
            "PREFECT_HOME": str(folder / "prefect-client"),
            "PREFECT_LOGGING_LEVEL": "INFO",  # stage logs show beside the run in the UI
        }
    )


def start_worker(folder: Path, name: str) -> int:
    """Start one process worker on the pool (its settings come from DIR/env)."""
    env = read_env(folder)
    if not env:
        raise SystemExit(f"{folder}/env not found: start the set first")
    pid = read_pid(folder, name)
    if pid is not None and pid_alive(pid):
        raise SystemExit(f"{name} is already running (pid {pid})")
    limit = env.get("SIKLUS_WORKER_LIMIT", "2")
    worker = [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--type", "process"]
    worker += ["--name", name, "--limit", limit]
    # A worker with --limit exits on an internal error when a suspended run is resumed
    # and offered back to it before its previous process has exited; a small loop
    # restarts it (a supervisor's Restart=on-failure does the same on a real host).
    # SIGTERM/SIGKILL to the group end the loop itself, so `stop` still works.
    loop = 'while :; do "$@" && exit 0; echo "worker exited ($?); restarting"; sleep 1; done'
    argv = ["bash", "-c", loop, "worker-loop", *worker]
    pid = spawn(folder, name, argv, worker_env(folder, env))
    log(f"{name} started (pid {pid}, limit {limit})")
    return pid


def wait_workers_online(env: dict[str, str], names: list[str], seconds: float = 60) -> None:
    """Wait until the pool lists every named worker as online."""
    url = env["PREFECT_API_URL"] + f"/work_pools/{POOL}/workers/filter"
    deadline = time.monotonic() + seconds
    online: set[str] = set()
    while time.monotonic() < deadline:
        req = urllib.request.Request(url, data=b"{}", method="POST")
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                rows = json.loads(resp.read())
            online = {w["name"] for w in rows if w.get("status") == "ONLINE"}
            if set(names) <= online:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"workers not online after {seconds:.0f} s: {sorted(set(names) - online)}")


def start(args: argparse.Namespace) -> None:
    """Bring the whole set up and deploy prefect.yaml; on failure, stop what was started."""
    folder: Path = args.dir.resolve()
    pid = read_pid(folder, "server")
    if pid is not None and pid_alive(pid):
        raise SystemExit(f"the set in {folder} is already running (server pid {pid})")
    try:
        bring_up(args, folder)
    except BaseException:
        log("start failed; stopping what was started")
        stop(argparse.Namespace(dir=folder, timeout=10))
        raise


def bring_up(args: argparse.Namespace, folder: Path) -> None:
    """Start each piece in order (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # As root, PostgreSQL runs as user postgres, which must reach DIR/pg.
        folder.chmod(folder.stat().st_mode | 0o755)
        closed = [p for p in folder.parents if not p.stat().st_mode & 0o001]
        if closed:
            raise SystemExit(
                f"PostgreSQL runs as user postgres and cannot reach {folder}: "
                f"chmod o+x {' '.join(map(str, closed))}, or choose another folder"
            )
    t0 = time.monotonic()
    pg_port = args.pg_port or free_port()
    api_port = args.api_port or free_port()

    # 1. PostgreSQL with both databases.
    siklus_url = run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "start", str(folder / "pg"), str(pg_port)],
        base_env({}),
        "PostgreSQL",
    ).strip()
    prefect_url = create_databases(siklus_url)
    log(f"PostgreSQL on 127.0.0.1:{pg_port} (databases siklus, prefect)")

    api_url = f"http://127.0.0.1:{api_port}/api"
    values = {
        "PREFECT_API_URL": api_url,
        "SIKLUS_DATABASE_URL": siklus_url,
        "SIKLUS_DATA_DIR": str(folder / "data"),
        "SIKLUS_WORKER_LIMIT": str(args.worker_limit),
        "SIKLUS_STACK_DIR": str(folder),
        "PREFECT_WORKER_QUERY_SECONDS": f"{args.poll_seconds:g}",
        **QUIET,
    }
    write_env(folder, values)

    # 2. Our schema, created once before any worker touches the database.
    run([str(BIN / "siklus"), "init"], base_env(values), "siklus init")

    # 3. The Prefect server on PostgreSQL.
    server_env = base_env(
        {
            "PREFECT_HOME": str(folder / "prefect-home"),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": prefect_url,
            "PREFECT_API_URL": api_url,
            "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
            "PREFECT_UI_API_URL": api_url,
        }
    )
    argv = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(api_port)]
    if args.no_ui:
        argv.append("--no-ui")
    else:
        server_env["PREFECT_SERVER_UI_STATIC_DIRECTORY"] = str(folder / "ui")
    pid = spawn(folder, "server", argv, server_env)
    wait_http(f"{api_url}/health", 120, pid, folder / "logs" / "server.log")
    log(f"Prefect server on {api_url} (pid {pid})")

    # 4. The work pool, the workers, the deployments.
    client_env = base_env({**values, "PREFECT_HOME": str(folder / "prefect-client")})
    pools = run([str(BIN / "prefect"), "work-pool", "ls"], client_env, "work-pool ls")
    if POOL not in pools:
        run(
            [str(BIN / "prefect"), "work-pool", "create", POOL, "--type", "process"],
            client_env,
            "work-pool create",
        )
    names = [f"worker-{i}" for i in range(1, args.workers + 1)]
    for name in names:
        start_worker(folder, name)
    if not args.no_deploy:
        deploy_env = {**client_env, "SIKLUS_HOME": str(REPO)}
        run([str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], deploy_env, "deploy")
        log("prefect.yaml deployed")
    if names:
        wait_workers_online(values, names)
    log(f"ready in {time.monotonic() - t0:.1f} s; use it with: source {folder}/env")
    print(folder / "env")


def stop(args: argparse.Namespace) -> None:
    """Stop every recorded process, workers first, then the server, then PostgreSQL."""
    folder: Path = args.dir.resolve()
    pids = folder / "pids"
    workers = sorted(p.stem for p in pids.glob("worker-*.pid")) if pids.exists() else []
    for name in workers:
        # Flow runs may sit in sessions of their own: note them before their worker goes.
        pid = read_pid(folder, name)
        runs = [p for p in descendants(group_members(pid)) if pgid_of(p) != pid] if pid else []
        # A process worker ignores the first SIGTERM: send two, then SIGKILL.
        stop_process(folder, name, grace=args.timeout, terms=2)
        for run_pid in runs:
            stop_pid(run_pid, args.timeout)
        log(f"{name} stopped" + (f" with {len(runs)} flow-run processes" if runs else ""))
    stop_process(folder, "server", grace=args.timeout)
    log("server stopped")
    run(
        ["bash", str(REPO / "scripts" / "postgres.sh"), "stop", str(folder / "pg")],
        base_env({}),
        "PostgreSQL stop",
    )
    log("PostgreSQL stopped")


def status(args: argparse.Namespace) -> None:
    """Print each recorded process with its state, and the API's health."""
    folder: Path = args.dir.resolve()
    env = read_env(folder)
    ok = True
    for path in sorted((folder / "pids").glob("*.pid")) if (folder / "pids").exists() else []:
        pid = read_pid(folder, path.stem)
        alive = pid is not None and pid_alive(pid)
        ok &= alive
        print(f"{path.stem:<12} pid {pid}  {'running' if alive else 'NOT running'}")
    pg_pid = folder / "pg" / "data" / "postmaster.pid"
    pg_alive = pg_pid.exists() and pid_alive(int(pg_pid.read_text().split()[0]))
    ok &= pg_alive
    print(f"{'postgres':<12} {'running' if pg_alive else 'NOT running'}")
    if env:
        try:
            with urllib.request.urlopen(env["PREFECT_API_URL"] + "/health", timeout=3) as resp:
                print(f"{'api':<12} {env['PREFECT_API_URL']} {resp.status}")
        except OSError as exc:
            ok = False
            print(f"{'api':<12} {env['PREFECT_API_URL']} unreachable ({exc})")
    raise SystemExit(0 if ok else 1)


def worker_start(args: argparse.Namespace) -> None:
    """Start one more worker and wait until it is online."""
    folder: Path = args.dir.resolve()
    start_worker(folder, args.name)
    wait_workers_online(read_env(folder), [args.name])


def descendants(pids: list[int]) -> list[int]:
    """`pids` and every live process below them (flow runs may sit in their own session)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="ascii").rsplit(")", 1)[-1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def worker_kill(args: argparse.Namespace) -> None:
    """SIGKILL a worker and every process it started, as if its host died."""
    folder: Path = args.dir.resolve()
    pid = read_pid(folder, args.name)
    if pid is None:
        raise SystemExit(f"no pid recorded for {args.name}")
    for victim in descendants(group_members(pid) or [pid]):
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass
    wait_gone(pid, 5)
    (folder / "pids" / f"{args.name}.pid").unlink(missing_ok=True)
    log(f"{args.name} (pid {pid}) killed")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("start", help="start PostgreSQL, the Prefect server, workers; deploy")
    p.add_argument("dir", type=Path)
    p.add_argument("--pg-port", type=int, default=55432, help="0: a free port")
    p.add_argument("--api-port", type=int, default=4200, help="0: a free port")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--worker-limit", type=int, default=2, help="flow runs at once per worker")
    p.add_argument("--poll-seconds", type=float, default=5, help="worker poll interval")
    p.add_argument("--no-ui", action="store_true", help="serve the API only")
    p.add_argument("--no-deploy", action="store_true", help="do not deploy prefect.yaml")
    p.set_defaults(func=start)
    p = sub.add_parser("stop", help="stop everything recorded in DIR")
    p.add_argument("dir", type=Path)
    p.add_argument("--timeout", type=float, default=15, help="seconds before SIGKILL")
    p.set_defaults(func=stop)
    p = sub.add_parser("status", help="show what is running")
    p.add_argument("dir", type=Path)
    p.set_defaults(func=status)
    p = sub.add_parser("worker-start", help="start one more worker")
    p.add_argument("dir", type=Path)
    p.add_argument("name")
    p.set_defaults(func=worker_start)
    p = sub.add_parser("worker-kill", help="SIGKILL a worker and its flow runs")
    p.add_argument("dir", type=Path)
    p.add_argument("name")
    p.set_defaults(func=worker_kill)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
