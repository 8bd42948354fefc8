"""Load test of the consultation portal: concurrent stakeholders giving input on loopback.

Usage: ``.venv/bin/python bench/portal_load.py [--clients 32] [--submissions 3200]
[--seconds 120] [--database-url URL]``

1. A temporary data folder gets the Sawahlunto demo pack, its employees, cycle 1 with the
   needs analysis approved, and a running forums stage with the pack's forums and draft
   version 1 (all through the services); the first forum's public link is made.
2. ``siklus serve`` starts in its own process on a free loopback port, with the per-client
   POST rate limit raised so that it does not distort the figures (all clients share
   127.0.0.1).
3. ``--clients`` clients (httpx async, each with its own cookies) loop: fetch the forum page
   (the whole draft with a form per Pasal), take the form token, post an input on a Pasal,
   follow nothing. The run stops after ``--submissions`` posts or ``--seconds``, whichever
   comes first.
4. Nothing lost: the rows in the database equal the accepted submissions, and the receipt
   numbers (from the redirects and in the database) are unique and contiguous from 1.

Prints inputs accepted per second and the latencies, and exits non-zero if anything is off.
Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SECTION = re.compile(r'name="section_sid" value="([^"]+)"')
RECEIPT = re.compile(r"/tanda-terima/(\d+)\?")
OFFICER, LEADER, ORGANISER = "rahmi.oktavia", "syahrul.anwar", "fadhli.rahman"


def setup(data_dir: Path) -> str:
    """Demo organisation with an open forum and draft; returns the forum's public token."""
    from policy.db import session_scope
    from policy.models import Decision, Stage
    from policy.packs import load_pack
    from policy.services import consultation, forums, imports, organisation, review
    from policy.services import cycle as cycle_service
    from policy.settings import get_settings

    get_settings.cache_clear()
    loaded = load_pack(get_settings().packs_dir / "sawahlunto.yaml")
    with session_scope() as session:
        org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
        imports.import_file(
            session=session,
            organisation=org,
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=OFFICER,
        )
        cycle_service.open_cycle(session=session, organisation=org, actor=OFFICER)
        ref = cycle_service.begin_stage(
            session=session, organisation=org, cycle=None, stage=Stage.NEEDS_ANALYSIS, actor=OFFICER
        )
        cycle_service.submit_stage(session=session, run_id=ref.run_id, actor=OFFICER, summary={})
        review.decide(
            session=session,
            organisation=org,
            cycle=None,
            stage=Stage.NEEDS_ANALYSIS,
            reviewer=LEADER,
            decision=Decision.APPROVE,
        )
        run = cycle_service.begin_stage(
            session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor=OFFICER
        )
        data_dir.mkdir(parents=True, exist_ok=True)
        empty = data_dir / "notulen-kosong.yaml"
        empty.write_text("{}\n", encoding="utf-8")
        forums.ingest(
            session=session,
            run_id=run.run_id,
            inputs={"notulen": empty, "rancangan": loaded.demo_file("forums", "rancangan")},
            actor=ORGANISER,
        )
        links = consultation.forum_links(
            session=session, organisation=org, cycle=None, actor=ORGANISER
        )
        return links[0].path.removeprefix("/f/")


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A throwaway PostgreSQL schema; yields the URL whose search path points at it."""
    import uuid

    from sqlalchemy import create_engine, text

    schema = "portal_bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        sep = "&" if "?" in url else "?"
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """`siklus serve` on 127.0.0.1:port, waited for until /health answers."""
    out = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from siklus.cli import app; app()", "serve", "--port", str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server stopped at start:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not answer /health within 60 s")


@dataclass
class Tally:
    """What the clients saw."""

    accepted: list[int] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=dict)
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    page_bytes: int = 0
    sent: int = 0

    def refuse(self, why: str) -> None:
        """Count a refusal or error by its reason."""
        self.refused[why] = self.refused.get(why, 0) + 1


async def client_loop(
    n: int, base: str, token: str, tally: Tally, budget: list[int], stop_at: float
) -> None:
    """One stakeholder: fetch the form, post an input, again, until the budget or time ends."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        i = 0
        while budget[0] > 0 and time.monotonic() < stop_at:
            budget[0] -= 1
            i += 1
            t0 = time.perf_counter()
            try:
                page = await client.get(f"/f/{token}")
            except httpx.HTTPError as exc:
                tally.refuse(f"GET {type(exc).__name__}")
                continue
            tally.get_ms.append((time.perf_counter() - t0) * 1000)
            tally.page_bytes = len(page.content)
            csrf = CSRF.search(page.text)
            sections = SECTION.findall(page.text)
            if page.status_code != 200 or csrf is None:
                tally.refuse(f"GET {page.status_code}")
                continue
            data = {
                "csrf_token": csrf.group(1),
                "section_sid": sections[(n + i) % len(sections)] if sections else "",
                "name": f"Peserta Uji {n:02d}",
                "organisation": "Uji beban portal",
                "group": "masyarakat",
                "text": f"Masukan uji beban nomor {i} dari klien {n}: mohon pasal ini diperjelas.",
            }
            t1 = time.perf_counter()
            tally.sent += 1
            try:
                response = await client.post(f"/f/{token}/masukan", data=data)
            except httpx.HTTPError as exc:
                tally.refuse(f"POST {type(exc).__name__}")
                continue
            tally.post_ms.append((time.perf_counter() - t1) * 1000)
            match = RECEIPT.search(response.headers.get("location", ""))
            if response.status_code == 303 and match:
                tally.accepted.append(int(match.group(1)))
            else:
                tally.refuse(f"POST {response.status_code}")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def count_rows(token: str) -> tuple[int, list[int]]:
    """Portal inputs of the forum in the database and their receipt numbers."""
    from sqlmodel import col, select

    from policy.db import session_scope
    from policy.models import Forum, ForumInput

    with session_scope() as session:
        forum = session.exec(select(Forum).where(Forum.public_token == token)).one()
        numbers = list(
            session.exec(
                select(ForumInput.number)
                .where(ForumInput.forum_id == forum.id, ForumInput.channel == "portal")
                .order_by(col(ForumInput.number))
            )
        )
    return len(numbers), numbers


def main() -> int:
    """Run the load test and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--submissions", type=int, default=3200, help="posts in all (bound)")
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound of the run")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp folder")
    args = parser.parse_args()

    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="siklus-portal-bench-"))
        database_url = (
            stack.enter_context(fresh_schema(args.database_url)) if args.database_url else ""
        )
        data_dir = Path(tmp) / "data"
        env = {
            **os.environ,
            "SIKLUS_DATA_DIR": str(data_dir),
            "SIKLUS_PORTAL_RATE_LIMIT": "1000000",
        }
        if database_url:
            env["SIKLUS_DATABASE_URL"] = database_url
        else:
            env.pop("SIKLUS_DATABASE_URL", None)
        os.environ.update(env)
        if not args.database_url:
            os.environ.pop("SIKLUS_DATABASE_URL", None)
        started = time.perf_counter()
        token = setup(data_dir)
        print(
            f"setup (demo pack, employees, cycle, forums, draft v1): "
            f"{time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        proc = start_server(env, port, Path(tmp) / "serve.log")
        tally = Tally()
        try:
            budget = [args.submissions]
            t0 = time.perf_counter()
            stop_at = time.monotonic() + args.seconds
            base = f"http://127.0.0.1:{port}"

            async def run_all() -> None:
                await asyncio.gather(
                    *(
                        client_loop(n, base, token, tally, budget, stop_at)
                        for n in range(args.clients)
                    )
                )

            asyncio.run(run_all())
            elapsed = time.perf_counter() - t0
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        rows, numbers = count_rows(token)

    accepted = sorted(tally.accepted)
    unique = len(set(accepted)) == len(accepted)
    contiguous = accepted == list(range(1, len(accepted) + 1))
    same_in_db = numbers == accepted
    ok = rows == len(accepted) and unique and contiguous and same_in_db
    database = "PostgreSQL" if args.database_url else "SQLite (WAL, file in a temp folder)"
    print(f"database: {database}; server: one `siklus serve` process (uvicorn)")
    print(f"clients: {args.clients}; posts sent: {tally.sent}; elapsed: {elapsed:.2f} s")
    print(f"forum page: {tally.page_bytes / 1024:.0f} KB (draft v1 with a form per Pasal)")
    print(f"accepted: {len(accepted)}  -> {len(accepted) / elapsed:.1f} inputs/s")
    print(f"refused or failed: {tally.refused or 'none'}")
    get_med = statistics.median(tally.get_ms) if tally.get_ms else float("nan")
    post_med = statistics.median(tally.post_ms) if tally.post_ms else float("nan")
    print(
        f"GET forum page ms: median {get_med:.1f}, p95 {pct(tally.get_ms, 0.95):.1f}; "
        f"POST input ms: median {post_med:.1f}, p95 {pct(tally.post_ms, 0.95):.1f}"
    )
    print(
        f"rows in database: {rows}; receipt numbers unique: {unique}; "
        f"contiguous 1..{len(accepted)}: {contiguous}; same as in database: {same_in_db}"
    )
    print("NOTHING LOST" if ok else "MISMATCH: something was lost or numbered twice")
    return 0 if ok and not tally.refused else 1


if __name__ == "__main__":
    sys.exit(main())
