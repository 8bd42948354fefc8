"""The benchmark in bench/ runs end to end at a tiny scale, so its code cannot rot.

The benchmark itself (province scale, timed) is not a test: `.venv/bin/python bench/run.py`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import generate
from policy.imports import parse_file
from policy.models import AsnType
from policy.nip import validate_nip

ROOT = Path(__file__).resolve().parent.parent
SCALE = 0.002


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))


def test_generated_files_look_like_excel_exports_with_valid_nips(tmp_path: Path) -> None:
    data = generate(tmp_path / "a", SCALE)
    for kind in ("pegawai", "ekinerja", "skm", "penilaian_360"):
        raw = data.files[kind].read_bytes()
        assert raw.startswith(codecs.BOM_UTF8), kind
        assert raw.count(b"\r\n") == data.counts[kind] + 1, kind  # header + rows, CRLF
        assert b";" in raw.split(b"\r\n", 1)[0], kind
    staff = _rows(data.files["pegawai"])
    assert Counter(r["jenis_asn"] for r in staff).keys() == {"PNS", "PPPK"}
    for r in staff:  # R3: digits 9-14 a YYYYMM for PNS only
        assert validate_nip(r["nip"], AsnType(r["jenis_asn"])) == r["nip"]
    ratings = _rows(data.files["penilaian_360"])
    assert len(ratings) == 25 * len(staff)
    assert any("," in r["nilai"] for r in ratings)  # decimal commas
    assert parse_file("pegawai", data.files["pegawai"]).rows[0].nip == staff[0]["nip"]
    again = generate(tmp_path / "b", SCALE)  # seeded: the same bytes again
    for kind, path in data.files.items():
        assert path.read_bytes() == again.files[kind].read_bytes(), kind


@pytest.mark.bench
def test_runner_measures_every_part_at_tiny_scale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIKLUS_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # the user's template cache, for the run
    argv = [sys.executable, "bench/run.py", "--scale", str(SCALE), "--no-prefect",
            "--out", str(tmp_path)]  # fmt: skip
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "ratios to the floor" in done.stdout
    results = json.loads((tmp_path / f"results-scale-{SCALE:g}.json").read_text("utf-8"))
    assert results["prepared"]["bytecode"] is True
    compiled = list((tmp_path / "cache" / "siklus" / "jinja").iterdir())
    assert len(compiled) == results["prepared"]["templates"] > 50
    sections = results["sections"]
    assert set(sections) == {"floor", "inprocess", "command", "floor_360", "inprocess_360"}
    counts = results["counts"]
    inprocess = {s["name"]: s for s in sections["inprocess"]["steps"]}
    for kind in ("pegawai", "ekinerja", "skm"):
        assert inprocess[f"import {kind}"]["rows"] == counts[kind]
        assert inprocess[f"import {kind}"]["detail"]["written"] == counts[kind]
    evaluation = inprocess["evaluation (begin, produce, submit)"]
    assert evaluation["rows"] == counts["ekinerja"]
    assert evaluation["detail"]["documents"] > 0
    imported = sections["inprocess_360"]["steps"][0]
    assert imported["rows"] == counts["penilaian_360"]
    assert all(s["peak_mb"] > 0 for sec in sections.values() for s in sec["steps"])
    if sys.platform == "linux":  # sampled from /proc
        assert sections["inprocess"]["sampled_peak_mb"] > 0
        memory = next(v for v in results["verdict"] if v["what"].startswith("peak memory"))
        assert memory["value"] >= sections["inprocess"]["sampled_peak_mb"]
    assert {v["what"] for v in results["verdict"]} >= {"in-process", "360 in-process"}


@pytest.mark.bench
def test_runner_measures_the_in_process_section_on_postgresql(tmp_path: Path) -> None:
    from tests.conftest import PG_SKIP, PG_URL

    if not PG_URL:
        pytest.skip(PG_SKIP)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIKLUS_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # the user's template cache, for the run
    argv = [sys.executable, "bench/run.py", "--scale", str(SCALE), "--no-prefect", "--no-360",
            "--postgres", PG_URL, "--out", str(tmp_path)]  # fmt: skip
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "in-process on PostgreSQL (no target)" in done.stdout
    results = json.loads((tmp_path / f"results-scale-{SCALE:g}.json").read_text("utf-8"))
    counts = results["counts"]
    steps = {s["name"]: s for s in results["sections"]["inprocess_postgres"]["steps"]}
    for kind in ("pegawai", "ekinerja", "skm"):
        assert steps[f"import {kind}"]["detail"]["written"] == counts[kind]
    assert steps["evaluation (begin, produce, submit)"]["rows"] == counts["ekinerja"]
    assert results["ratios"]["in-process on PostgreSQL"]["wall"] > 0


@pytest.mark.skipif(sys.platform != "linux", reason="the sampler reads /proc")
def test_the_sampler_counts_a_forked_helper_by_its_own_memory() -> None:
    from bench.measure import run_process

    script = (
        "import os, time\n"
        "shared = b'p' * (100 * 1024 * 1024)\n"  # 100 MB the helper inherits and only reads
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    own = b'c' * (80 * 1024 * 1024)\n"  # 80 MB of the helper's own
        "    time.sleep(0.6)\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    step, _ = run_process("fork", [sys.executable, "-c", script], sample=True)
    sampled = step.detail["sampled_peak_mb"]
    # About 100 (parent) + 80 (helper's own): the shared 100 MB counted once, whereas adding
    # the two resident sets would count it twice (about 290).
    assert 175 <= sampled <= 240, sampled
    assert step.peak_mb >= 175  # ru_maxrss: the helper's resident set, inherited pages too


@pytest.mark.bench
def test_the_inputs_figures_run_at_tiny_scale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIKLUS_")}
    argv = [sys.executable, "bench/inputs.py", "--scale", str(SCALE), "--out", str(tmp_path)]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    steps = json.loads((tmp_path / f"inputs-scale-{SCALE:g}.json").read_text("utf-8"))
    results = {s["step"]: s["result"] for s in steps}
    staff = len(_rows(tmp_path / "data" / "pegawai.csv"))
    # Every employee for each of the three months of TW III; 300,000 × scale requests; the
    # activity of every unit with staff; the 20 service units' processing times.
    assert results["import laporan_kegiatan"] == 3 * staff
    assert results["import layanan"] == round(300_000 * SCALE)
    assert results["processing_by_unit"] == 20
    assert results["activity_by_unit"] > 0
