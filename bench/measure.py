"""Measuring helpers of the benchmark: steps, child processes, wall and CPU time, peak memory.

Every measured step runs in a process of its own. For a subprocess, wall time is measured
around it and CPU time (user + system) and peak memory (ru_maxrss) come from `wait4`'s
rusage of that very child (Linux counts the child's own ended children in its CPU time and
takes the larger peak). Inside a child, steps use `perf_counter` and `process_time` plus the
CPU of the helpers they ended; their peak adds the largest helper's to the process's own.
CPU time is reported beside wall time because it hardly moves when other work shares the
machine, while wall time does.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUN = Path(__file__).resolve().parent / "run.py"


@dataclass
class Step:
    """One measured step."""

    name: str
    seconds: float
    cpu: float = 0.0
    rows: int = 0
    peak_mb: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)


def mb(kilobytes: float) -> float:
    """Kilobytes (as ru_maxrss counts on Linux) in MB, rounded."""
    return round(kilobytes / 1024, 1)


def self_peak_mb() -> float:
    """This process's peak resident memory so far."""
    return mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def helper_peak_mb() -> float:
    """The largest peak so far of this process's ended children (the imports' read-ahead)."""
    return mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: Seconds between two readings of a running Siklus process's memory (`MemorySampler`).
SAMPLE_EVERY = 0.1


def _kilobytes(path: str, fields: tuple[str, ...]) -> int:
    """The sum of the named "Field:   N kB" lines of a /proc file; 0 once it is gone."""
    try:
        with open(path, encoding="ascii") as handle:
            return sum(int(line.split()[1]) for line in handle if line.split(":")[0] in fields)
    except (OSError, ValueError, IndexError):
        return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return found


class MemorySampler:
    """The peak, read from /proc every `SAMPLE_EVERY` s, of a process's resident set plus
    its children's private memory (what a forked helper adds beyond the pages it shares).

    Runs on a thread of the benchmark, not of the measured process, so that process stays
    single-threaded (Siklus reads large imports ahead only then) and its wall time is
    measured as before. A spike shorter than the interval may fall between two readings
    (at 50 ms the 360 import read some 20 MB higher, but the readings cost it 5 % of its
    time). Linux only; elsewhere the peak stays 0.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sampler", daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            own = _kilobytes(f"/proc/{self.pid}/status", ("VmRSS",))
            helpers = sum(
                _kilobytes(f"/proc/{c}/smaps_rollup", ("Private_Clean", "Private_Dirty"))
                for c in _children(self.pid)
            )
            self.peak_kb = max(self.peak_kb, own + helpers)
            self._stop.wait(SAMPLE_EVERY)


def run_process(
    name: str,
    argv: list[str],
    env: dict[str, str] | None = None,
    rows: int = 0,
    stdin: str = "",
    sample: bool = False,
) -> tuple[Step, str]:
    """Run a command to its end; its time, CPU and peak memory are this child's own.

    With `sample`, `detail["sampled_peak_mb"]` is the `MemorySampler` peak of the run.
    """
    with (
        tempfile.TemporaryFile("w+") as given,
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as errors,
    ):
        given.write(stdin)
        given.seek(0)
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=given, stdout=out, stderr=errors, env=env)
        sampler = MemorySampler(proc.pid) if sample else None
        with sampler or nullcontext():
            _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        errors.seek(0)
        text, problems = out.read(), errors.read()
    if proc.returncode != 0:
        command = " ".join(argv)
        raise RuntimeError(f"{name} failed ({proc.returncode}): {command}\n{text}\n{problems}")
    cpu = usage.ru_utime + usage.ru_stime
    step = Step(name, seconds, cpu, rows, mb(usage.ru_maxrss))
    if sampler is not None:
        step.detail["sampled_peak_mb"] = mb(sampler.peak_kb)
    return step, text


def child(mode: str, *args: str, env: dict[str, str] | None = None) -> tuple[Step, dict[str, Any]]:
    """Run `bench/run.py --child MODE ARGS`; it prints one JSON object as its last line.

    Its memory is sampled (`MemorySampler`): `step.detail["sampled_peak_mb"]`.
    """
    argv = [sys.executable, str(RUN), "--child", mode, *args]
    step, out = run_process(mode, argv, env=env, sample=True)
    return step, json.loads(out.strip().splitlines()[-1])


@contextmanager
def timed(
    name: str, steps: list[Step], rows: Callable[[], int] | None = None
) -> Iterator[dict[str, Any]]:
    """Measure the block as a step of this process; the block may fill in `detail`.

    CPU seconds include the helper processes the block started and ended (an import's
    read-ahead). Peak memory is this process's peak so far, plus, when helpers ran in the
    block, the largest helper's: an upper bound, since a forked helper shares the pages it
    inherited (`helper_peak_mb` in the detail says how much of the figure is the helper's).
    """
    detail: dict[str, Any] = {}
    helpers_before = _children_cpu()
    started, cpu = time.perf_counter(), time.process_time() + helpers_before
    yield detail
    helpers_cpu = _children_cpu()
    helper = helper_peak_mb() if helpers_cpu > helpers_before else 0.0
    if helper:
        detail["helper_peak_mb"] = helper
    steps.append(
        Step(
            name,
            time.perf_counter() - started,
            time.process_time() + helpers_cpu - cpu,
            rows() if rows else int(detail.pop("rows", 0)),
            self_peak_mb() + helper,
            detail,
        )
    )


@contextmanager
def documents_timed() -> Iterator[dict[str, float]]:
    """Count the documents published inside the block and the time spent publishing them."""
    from policy import publishing

    original = publishing.publish_many
    tally = {"documents": 0, "seconds": 0.0}

    def publish_many(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            tally["seconds"] += time.perf_counter() - started
            tally["documents"] += len(kwargs["items"])

    publishing.publish_many = publish_many
    try:
        yield tally
    finally:
        publishing.publish_many = original


def load() -> float:
    """The one-minute load average (other work on the machine skews wall times)."""
    return round(os.getloadavg()[0], 2)
