"""The weighted 360 part of the benchmark data set (see `bench/generate.py`).

``penilaian_360.csv`` holds, for every employee, 5 raters x 5 criteria: the employee
(``diri``), the supervisor (``atasan``), two peers (``rekan``) and a subordinate
(``bawahan``); where someone has no supervisor, peer or subordinate, a member of the public
(``masyarakat``, a respondent code or left empty) takes the place. Teachers are rated on the
teachers' criteria, everyone else on the general ones; scores run 1–5 with a decimal comma.
``provinsi360.yaml`` is the same province as a separate organisation whose pack uses the
weighted 360 framework (a pack has one framework).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from bench.generate import Person

ORG_CODE_360 = "andalas-raya-360"
GENERAL = (
    ("disiplin", "Disiplin", "0.25"),
    ("kompetensi", "Kompetensi", "0.25"),
    ("kontribusi", "Kontribusi", "0.2"),
    ("kerja_sama", "Kerja Sama", "0.15"),
    ("inovasi", "Inovasi", "0.15"),
)
TEACHERS = (
    ("kehadiran", "Kehadiran", "0.2"),
    ("metode_pengajaran", "Metode Pengajaran", "0.3"),
    ("hasil_belajar", "Hasil Belajar Siswa", "0.3"),
    ("keterlibatan_sosial", "Keterlibatan Sosial", "0.1"),
    ("kompetensi", "Kompetensi", "0.1"),
)
SOURCE_WEIGHTS = {
    "diri": "0",
    "atasan": "0.5",
    "rekan": "0.3",
    "bawahan": "0.1",
    "masyarakat": "0.1",
}
SCORES = ("2", "2,5", "3", "3", "3,5", "3,5", "4", "4", "4", "4,25", "4,5", "5")


def write_pack_360(folder: Path, base_pack: Path) -> Path:
    """The province as a weighted-360 organisation (same units and members)."""
    pack: dict[str, Any] = yaml.safe_load(base_pack.read_text("utf-8"))
    pack["organisation"]["code"] = ORG_CODE_360
    pack["organisation"]["name"] += " (penilaian 360)"

    def criteria(rows: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
        return [{"code": c, "name": n, "weight": w} for c, n, w in rows]

    pack["evaluation"] = {
        "framework": "weighted_360",
        "ikm": {"weight": "1/9", "target": 82.0},
        "weighted_360": {
            "scale_min": 1,
            "scale_max": 5,
            "sources": SOURCE_WEIGHTS,
            "criteria": criteria(GENERAL),
            "role_criteria": [
                {
                    "code": "guru",
                    "name": "Guru",
                    "position_pattern": r"^guru\b",
                    "criteria": criteria(TEACHERS),
                },
            ],
        },
    }
    path = folder / "provinsi360.yaml"
    text = "# Paket benchmark 360: provinsi fiktif (bench/generate360.py). Semua nama fiktif.\n"
    path.write_text(text + yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def write_360(path: Path, people: list[Person], period_text: str, rng: random.Random) -> int:
    """``periode; nip; sumber; penilai; aspek; nilai``: 25 rows per employee."""
    from bench.generate import _writer

    respondent = 0
    count = 0
    with _writer(path) as w:
        w.writerow(["periode", "nip", "sumber", "penilai", "aspek", "nilai"])
        for p in people:
            raters: list[tuple[str, str]] = [("diri", p.nip if rng.random() < 0.5 else "")]
            raters.append(("atasan", p.supervisor) if p.supervisor else ("masyarakat", ""))
            peers = [n for n in p.peers if n != p.supervisor][:2]
            raters += [("rekan", n) for n in peers]
            # One source per rater: a unit head's peers may be their own team leads.
            below = [n for n in p.subordinates if n not in peers]
            if below:
                raters.append(("bawahan", below[0]))
            while len(raters) < 5:
                respondent += 1
                code = f"R-{respondent:06d}" if rng.random() < 0.9 else ""
                raters.append(("masyarakat", code))
            criteria = TEACHERS if p.position.startswith("Guru") else GENERAL
            rows = [
                [period_text, p.nip, source, rater, code, rng.choice(SCORES)]
                for source, rater in raters
                for code, _name, _weight in criteria
            ]
            w.writerows(rows)
            count += len(rows)
    return count
