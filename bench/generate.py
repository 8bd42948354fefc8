"""Generate a province-sized, deterministic data set for the benchmark.

Usage: ``.venv/bin/python bench/generate.py [--scale 1.0] [--seed 2026] [--out DIR]``

At scale 1.0 the folder holds (every person is fictional):

- ``provinsi.yaml``: a pack of a province (perangkat daerah, biro, rumah sakit, and per
  kabupaten/kota the service units: Samsat, cabang dinas, SMA/SMK/SLB negeri);
- ``pegawai.csv``: 60,000 employees, PNS and PPPK, each with a valid NIP / NI PPPK
  (DOMAIN.md R3), a supervisor and a team;
- ``ekinerja.csv``: 60,000 e-Kinerja ratings for the period 2026-TW3;
- ``skm.csv``: 175,000 SKM responses dated inside that period;
- ``penilaian_360.csv``: 360 ratings, 5 raters x 5 criteria per employee (1.5 M rows).

The CSV files look like an Excel export in an Indonesian locale: ``;``-separated, UTF-8
with BOM, CRLF line ends, dates as dd/mm/yyyy, decimal commas, fields quoted only when
they must be. ``--scale`` multiplies the row counts (and, below 0.1, the number of units).
Each file has its own random stream seeded from ``--seed``, so a re-run writes the same
bytes. ``manifest.json`` records what was written; a folder whose manifest matches the
request is reused as it is.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is not a package on the path yet
    sys.path.insert(0, str(ROOT))

from bench.province import (  # noqa: E402
    EDUCATION,
    FIRST,
    GELAR,
    HASIL_WEIGHTS,
    JABATAN_GURU,
    JABATAN_OPD,
    JABATAN_RS,
    LAST,
    LEADER,
    OCCUPATION,
    OFFICER,
    ORG_CODE,
    PERILAKU_WEIGHTS,
    RATINGS,
    SERVICES,
    UnitSpec,
    shares,
    units_for,
    write_pack,
)

VERSION = 2  # bump when the generated data changes (2: a 360 rater has one source)
SEED = 2026
PERIOD = "2026-TW3"
PERIOD_TEXT = "TW III 2026"  # as e-Kinerja exports write it; the importer normalises it
PERIOD_START, PERIOD_END = date(2026, 7, 1), date(2026, 9, 30)
FULL_EMPLOYEES = 60_000
FULL_SKM = 175_000
FILES = {
    "pegawai": "pegawai.csv",
    "ekinerja": "ekinerja.csv",
    "skm": "skm.csv",
    "penilaian_360": "penilaian_360.csv",
}


@dataclass
class Person:
    """A generated employee."""

    nip: str
    name: str
    asn_type: str
    position: str
    unit: str
    supervisor: str
    team: str
    peers: list[str] = field(default_factory=list)
    subordinates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DataSet:
    """What `generate` wrote."""

    folder: Path
    pack: Path
    files: dict[str, Path]
    counts: dict[str, int]
    period: str
    scale: float
    seed: int
    org: str = ORG_CODE
    officer: str = OFFICER
    leader: str = LEADER

    def manifest(self) -> dict[str, Any]:
        """The manifest as JSON-able data."""
        return {
            "version": VERSION,
            "scale": self.scale,
            "seed": self.seed,
            "period": self.period,
            "org": self.org,
            "officer": self.officer,
            "leader": self.leader,
            "pack": self.pack.name,
            "files": {k: p.name for k, p in self.files.items()},
            "counts": self.counts,
            "bytes": {k: p.stat().st_size for k, p in self.files.items()},
        }


# -------------------------------------------------------------------------- employees


class _Nips:
    """Unique, valid NIP (PNS) and NI PPPK numbers (DOMAIN.md R3)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _birth(self, first: int, last: int) -> date:
        start = date(first, 1, 1)
        return start + timedelta(days=self.rng.randrange((date(last, 12, 31) - start).days))

    def make(self, asn_type: str, senior: bool) -> str:
        rng = self.rng
        while True:
            birth = self._birth(1966, 1980) if senior else self._birth(1966, 2001)
            if asn_type == "PNS":
                year = min(2025, birth.year + rng.randint(22, 32))
                middle = f"{year}{rng.choice((1, 2, 3, 4, 12)):02d}"
            else:  # NI PPPK: year of appointment and a code, not a YYYYMM
                middle = f"{rng.randint(2021, 2025)}{rng.choice((21, 22, 23, 24, 25))}"
            nip = f"{birth:%Y%m%d}{middle}{rng.choice('12')}{rng.randint(1, 999):03d}"
            if nip not in self.used:
                self.used.add(nip)
                return nip


def _name(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.001:  # a nickname in quotes: Excel quotes the field
        name = f'{rng.choice(FIRST)} "{rng.choice(FIRST)}" {rng.choice(LAST)}'
    gelar = rng.choice(GELAR)
    if gelar == "dr.":
        return f"dr. {name}"
    return f"{name}, {gelar}" if gelar else name


def make_people(units: list[UnitSpec], total: int, rng: random.Random) -> list[Person]:
    """Employees per unit: a head, team leads over teams of about 12, staff."""
    nips = _Nips(rng)
    people: list[Person] = []
    for unit, count in zip(units, shares(total, [u.weight for u in units]), strict=True):
        if not count:
            continue
        school, hospital = unit.kind == "sekolah", unit.kind == "rumah sakit"
        pppk_share = 0.3 if school or hospital else 0.12
        head_title = "Kepala Sekolah" if school else ("Direktur" if hospital else "Kepala")
        head = Person(
            nips.make("PNS", True), _name(rng), "PNS", head_title, unit.code, "", "Pimpinan"
        )
        staff = [head]
        leads: list[Person] = []
        for i in range(1, count):
            if (i - 1) % 12 == 0:  # a new team, led by a PNS
                team = f"Tim {len(leads) + 1}"
                lead = Person(
                    nips.make("PNS", True),
                    _name(rng),
                    "PNS",
                    "Wakil Kepala Sekolah" if school else "Ketua Tim Kerja",
                    unit.code,
                    head.nip,
                    team,
                )
                leads.append(lead)
                head.subordinates.append(lead.nip)
                staff.append(lead)
                continue
            asn = "PPPK" if rng.random() < pppk_share else "PNS"
            jobs = JABATAN_GURU if school else (JABATAN_RS if hospital else JABATAN_OPD)
            lead = leads[-1]
            person = Person(
                nips.make(asn, False),
                _name(rng),
                asn,
                rng.choice(jobs),
                unit.code,
                lead.nip,
                lead.team,
            )
            lead.subordinates.append(person.nip)
            staff.append(person)
        by_team: dict[str, list[Person]] = {}
        for p in staff:
            by_team.setdefault(p.team if p.supervisor != head.nip else "Pimpinan", []).append(p)
        for members in by_team.values():
            for i, p in enumerate(members):
                p.peers = [
                    members[(i + k) % len(members)].nip for k in (1, 2, 3) if len(members) > k
                ]
        people += staff
    return people


# ------------------------------------------------------------------------------ files


@contextmanager
def _writer(path: Path) -> Iterator[Any]:
    """A CSV writer shaped like Excel's in an Indonesian locale."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        yield csv.writer(handle, delimiter=";", lineterminator="\r\n")


def write_pegawai(path: Path, people: list[Person]) -> int:
    """``nip; nama; jenis_asn; jabatan; unit_kerja; nip_atasan; tim``."""
    with _writer(path) as w:
        w.writerow(["nip", "nama", "jenis_asn", "jabatan", "unit_kerja", "nip_atasan", "tim"])
        w.writerows(
            [p.nip, p.name, p.asn_type, p.position, p.unit, p.supervisor, p.team] for p in people
        )
    return len(people)


def write_ekinerja(path: Path, people: list[Person], rng: random.Random) -> int:
    """``periode; nip; rating_hasil_kerja; rating_perilaku``, as an e-Kinerja export."""
    hasil = rng.choices(RATINGS, HASIL_WEIGHTS, k=len(people))
    perilaku = rng.choices(RATINGS, PERILAKU_WEIGHTS, k=len(people))
    with _writer(path) as w:
        w.writerow(["periode", "nip", "rating_hasil_kerja", "rating_perilaku"])
        w.writerows(
            [PERIOD_TEXT, p.nip, h, b] for p, h, b in zip(people, hasil, perilaku, strict=True)
        )
    return len(people)


def write_skm(path: Path, units: list[UnitSpec], total: int, rng: random.Random) -> int:
    """``unit_layanan; tanggal; u1 … u9; jenis_kelamin; usia; pendidikan; pekerjaan; …``."""
    service = [u for u in units if u.service]
    days = (PERIOD_END - PERIOD_START).days + 1
    dates = [f"{PERIOD_START + timedelta(days=d):%d/%m/%Y}" for d in range(days)]
    head = [
        "unit_layanan",
        "tanggal",
        *(f"u{i}" for i in range(1, 10)),
        "jenis_kelamin",
        "usia",
        "pendidikan",
        "pekerjaan",
        "jenis_layanan",
    ]
    with _writer(path) as w:
        w.writerow(head)
        counts = shares(total, [u.skm_weight for u in service])
        for unit, count in zip(service, counts, strict=True):
            mean = rng.uniform(2.7, 3.7)
            offsets = [rng.uniform(-0.35, 0.25) for _ in range(9)]
            services = SERVICES.get(unit.kind, SERVICES["dinas"])
            rows = []
            for _ in range(count):
                scores = []
                for i, off in enumerate(offsets):
                    blank = 0.08 if i == 3 else 0.02  # u4 Biaya: often free, left blank
                    if rng.random() < blank:
                        scores.append("")
                    else:
                        scores.append(str(min(4, max(1, round(rng.gauss(mean + off, 0.6))))))
                if not any(scores):
                    scores[0] = "3"
                rows.append(
                    [
                        unit.code,
                        rng.choice(dates),
                        *scores,
                        rng.choice("LP"),
                        str(rng.randint(17, 75)),
                        rng.choice(EDUCATION),
                        rng.choice(OCCUPATION),
                        rng.choice(services),
                    ]
                )
            w.writerows(rows)
    return total


# ----------------------------------------------------------------------------- driver


def generate(
    folder: Path, scale: float = 1.0, seed: int = SEED, *, with_360: bool = True
) -> DataSet:
    """Write the data set into `folder` (reused when its manifest matches); return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {"version": VERSION, "scale": scale, "seed": seed, "with_360": with_360}
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text("utf-8"))
        if {k: old.get(k) for k in wanted} == wanted:
            return load_dataset(folder)
    units = units_for(scale)
    n_people = max(10, round(FULL_EMPLOYEES * scale))
    n_skm = max(20, round(FULL_SKM * scale))
    people = make_people(units, n_people, random.Random(f"{seed}-pegawai"))
    files = {k: folder / name for k, name in FILES.items()}
    counts = {
        "units": len(units),
        "pegawai": write_pegawai(files["pegawai"], people),
        "ekinerja": write_ekinerja(files["ekinerja"], people, random.Random(f"{seed}-ekinerja")),
        "skm": write_skm(files["skm"], units, n_skm, random.Random(f"{seed}-skm")),
    }
    pack = write_pack(folder, units)
    if with_360:
        from bench.generate360 import write_360, write_pack_360

        rng = random.Random(f"{seed}-360")
        counts["penilaian_360"] = write_360(files["penilaian_360"], people, PERIOD_TEXT, rng)
        files["pack_360"] = write_pack_360(folder, pack)
    else:
        del files["penilaian_360"]
    data = DataSet(folder, pack, files, counts, PERIOD, scale, seed)
    manifest_path.write_text(
        json.dumps({**data.manifest(), **wanted}, indent=2, ensure_ascii=False), "utf-8"
    )
    return data


def load_dataset(folder: Path) -> DataSet:
    """The data set a previous `generate` wrote into `folder`."""
    m = json.loads((folder / "manifest.json").read_text("utf-8"))
    return DataSet(
        folder,
        folder / m["pack"],
        {k: folder / name for k, name in m["files"].items()},
        dict(m["counts"]),
        m["period"],
        m["scale"],
        m["seed"],
        m["org"],
        m["officer"],
        m["leader"],
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="row counts x SCALE (1.0)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=None, help="folder (bench/out/data-SCALE)")
    parser.add_argument("--no-360", action="store_true", help="skip the 1.5 M-row 360 file")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "bench" / "out" / f"data-{args.scale:g}"
    data = generate(out, args.scale, args.seed, with_360=not args.no_360)
    for kind, path in data.files.items():
        rows = f"{data.counts[kind]:>9,} rows" if kind in data.counts else f"{'pack':>14}"
        print(f"{kind:>14}: {rows}  {path}")
    print(f"{'units':>14}: {data.counts['units']:>9,}       {data.pack}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
