"""Province-scale figures for the evaluation inputs beyond the issue's benchmark (no target).

Usage: ``.venv/bin/python bench/inputs.py [--scale 1.0] [--out DIR]``

On the staff list of ``bench/generate.py`` (60,000 employees at scale 1), in a fresh SQLite
database: the e-Kinerja activity recap (``laporan_kegiatan``, every employee for each month
of the period) and 300,000 service requests (``layanan``) over 20 service units with five
kinds of service each, imported through ``import_file`` as ``siklus import`` does, then the
evaluation's two aggregates over them (`activity_by_unit`, `processing_by_unit`). Each step
is timed with its wall and CPU seconds; the figures print as a table and go to
``<out>/inputs-scale-<SCALE>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import DataSet, generate  # noqa: E402

REQUESTS = 300_000
SERVICE_UNITS = 20
KINDS = 5


def write_inputs(data: DataSet, folder: Path, scale: float, seed: int = 7) -> dict[str, Path]:
    """The recap and the requests as an Excel export writes them (`;`, BOM, CRLF)."""
    rng = random.Random(seed)
    staff = data.files["pegawai"].read_text("utf-8-sig").splitlines()[1:]
    nips = [line.split(";")[0] for line in staff]
    units = sorted({line.split(";")[4] for line in staff})[:SERVICE_UNITS]
    start = date(2026, 7, 1)
    recap, requests = folder / "lkh.csv", folder / "layanan.csv"
    with recap.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("bulan;nip;hari_lapor\r\n")
        for nip in nips:
            for month in (7, 8, 9):
                out.write(f"2026-{month:02d};{nip};{rng.randint(0, 23)}\r\n")
    days = [start + timedelta(days=n) for n in range(92)]
    with requests.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("unit_layanan;jenis_layanan;tanggal_masuk;tanggal_selesai\r\n")
        for n in range(max(1, round(REQUESTS * scale))):
            came = rng.choice(days)
            done = "" if rng.random() < 0.03 else f"{came + timedelta(rng.randint(0, 9)):%d/%m/%Y}"
            out.write(f"{rng.choice(units)};Layanan {n % KINDS + 1};{came:%d/%m/%Y};{done}\r\n")
    return {"laporan_kegiatan": recap, "layanan": requests}


def _timed(name: str, work: Any) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return {"step": name, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "result": result}  # fmt: skip


def measure(folder: Path, scale: float) -> list[dict[str, Any]]:
    """Import the staff list, then time each input's import and its aggregate."""
    os.environ["SIKLUS_DATA_DIR"] = str(folder / "siklus")
    from bench.work import import_one, setup_org
    from policy.db import session_scope
    from policy.services.activity_stats import activity_by_unit
    from policy.services.common import get_org, org_pack
    from policy.services.imports import import_file
    from policy.services.processing_stats import processing_by_unit

    data = generate(folder / "data", scale, with_360=False)
    files = write_inputs(data, folder, scale)
    setup_org(data)
    import_one(data, "pegawai")
    steps = []
    for kind, path in files.items():

        def load(kind: str = kind, path: Path = path) -> int:
            with session_scope() as s:
                done = import_file(session=s, organisation=data.org, kind=kind, path=path,
                                   actor=data.officer)  # fmt: skip
            return done.rows

        steps.append(_timed(f"import {kind}", load))
    start, end = date(2026, 7, 1), date(2026, 9, 30)
    with session_scope() as s:
        org = get_org(s, data.org)
        pack = org_pack(org)
        steps.append(_timed("activity_by_unit", lambda: len(
            activity_by_unit(s, org.id or 0, pack, start, end))))  # fmt: skip
        steps.append(_timed("processing_by_unit", lambda: len(
            processing_by_unit(s, org.id or 0, pack, start, end))))  # fmt: skip
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "inputs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    steps = measure(args.out, args.scale)
    print(f"{'step':<28}{'wall s':>8}{'cpu s':>8}  rows / units")
    for s in steps:
        print(f"{s['step']:<28}{s['wall']:>8.2f}{s['cpu']:>8.2f}  {s['result']:,}")
    target = args.out / f"inputs-scale-{args.scale:g}.json"
    target.write_text(json.dumps(steps, indent=2), encoding="utf-8")
    print(f"results: {target}")


if __name__ == "__main__":
    main()
