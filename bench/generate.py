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
import math
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSION = 1  # bump when the generated data changes shape
SEED = 2026
PERIOD = "2026-TW3"
PERIOD_TEXT = "TW III 2026"  # as e-Kinerja exports write it; the importer normalises it
PERIOD_START, PERIOD_END = date(2026, 7, 1), date(2026, 9, 30)
FULL_EMPLOYEES = 60_000
FULL_SKM = 175_000
RATERS_PER_EMPLOYEE = 5
CRITERIA_PER_EMPLOYEE = 5
ORG_CODE = "andalas-raya"
OFFICER, LEADER = "nurul.hidayah", "zulkifli.hakim"
FILES = {
    "pegawai": "pegawai.csv",
    "ekinerja": "ekinerja.csv",
    "skm": "skm.csv",
    "penilaian_360": "penilaian_360.csv",
}

# ----------------------------------------------------------------------- the province

# code, name, kind, serves the public, weight (share of staff)
PERANGKAT_DAERAH: list[tuple[str, str, str, bool, float]] = [
    ("SETDA", "Sekretariat Daerah", "sekretariat", False, 1.0),
    ("SETWAN", "Sekretariat DPRD", "sekretariat", False, 1.2),
    ("INSPEKTORAT", "Inspektorat Daerah", "inspektorat", False, 1.2),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", False, 1.2),
    ("BKD", "Badan Kepegawaian Daerah", "badan", False, 1.2),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia", "badan", False, 1.0),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", False, 1.5),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", True, 1.5),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", False, 0.8),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", False, 0.6),
    ("DISDIK", "Dinas Pendidikan", "dinas", False, 2.0),
    ("DINKES", "Dinas Kesehatan", "dinas", False, 1.5),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", False, 2.0),
    ("DISPERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "dinas", False, 0.8),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "dinas", False, 2.0),
    ("DINSOS", "Dinas Sosial", "dinas", True, 1.5),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "dinas", True, 1.2),
    (
        "DP3AP2KB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
        "Keluarga Berencana",
        "dinas",
        True,
        0.8,
    ),
    ("DISPANGAN", "Dinas Pangan", "dinas", False, 0.6),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", True, 0.8),
    ("DISHUB", "Dinas Perhubungan", "dinas", True, 1.5),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika dan Statistik", "dinas", False, 0.8),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas", False, 0.6),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", True, 0.8),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "dinas", False, 0.6),
    ("DISPUSIP", "Dinas Kearsipan dan Perpustakaan", "dinas", True, 0.6),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas", False, 0.8),
    ("DISPAR", "Dinas Pariwisata", "dinas", False, 0.6),
    ("DISBUD", "Dinas Kebudayaan", "dinas", True, 0.8),
    ("DKP", "Dinas Kelautan dan Perikanan", "dinas", False, 1.0),
    ("DISTPHBUN", "Dinas Tanaman Pangan, Hortikultura dan Perkebunan", "dinas", False, 1.5),
    ("DISNAKKESWAN", "Dinas Peternakan dan Kesehatan Hewan", "dinas", False, 1.0),
    ("DESDM", "Dinas Energi dan Sumber Daya Mineral", "dinas", False, 0.8),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas", False, 0.6),
    ("DISHUT", "Dinas Kehutanan", "dinas", False, 2.0),
    ("RSUD-PROV", "Rumah Sakit Umum Daerah Provinsi", "rumah sakit", True, 16.0),
    ("RSJ", "Rumah Sakit Jiwa Daerah", "rumah sakit", True, 6.0),
    ("RSP", "Rumah Sakit Paru Daerah", "rumah sakit", True, 4.0),
]
BIRO: list[tuple[str, str]] = [
    ("BIRO-PEM", "Biro Pemerintahan dan Otonomi Daerah"),
    ("BIRO-HKM", "Biro Hukum"),
    ("BIRO-ORG", "Biro Organisasi"),
    ("BIRO-KESRA", "Biro Kesejahteraan Rakyat"),
    ("BIRO-ADPIM", "Biro Administrasi Pimpinan"),
    ("BIRO-PBJ", "Biro Pengadaan Barang dan Jasa"),
]
KABKOTA: list[tuple[str, str]] = [
    ("PSU", "Kabupaten Pesisir Utara"),
    ("PSS", "Kabupaten Pesisir Selatan"),
    ("LHJ", "Kabupaten Lembah Hijau"),
    ("BKT", "Kabupaten Bukit Tujuh"),
    ("DTR", "Kabupaten Dataran Tinggi"),
    ("SGB", "Kabupaten Sungai Batang"),
    ("TLB", "Kabupaten Teluk Biru"),
    ("GNM", "Kabupaten Gunung Marapi"),
    ("KPR", "Kabupaten Kepulauan Rantau"),
    ("PDG", "Kabupaten Padang Luas"),
    ("HLR", "Kabupaten Hulu Rokan"),
    ("SBR", "Kabupaten Sumber Rezeki"),
    ("ANR", "Kota Anai Raya"),
    ("BTP", "Kota Batu Putih"),
    ("SLT", "Kota Solok Timur"),
    ("PYK", "Kota Payakumbuh Baru"),
    ("PRM", "Kota Pariaman Raya"),
    ("SWL", "Kota Sawah Lebar"),
    ("PDP", "Kota Padang Panjang Baru"),
]
SCHOOLS_PER_KABKOTA = 18  # SMA, SMK and SLB negeri: 342 schools in 19 kabupaten/kota

FIRST = (
    "Ahmad Aisyah Andi Anisa Arif Ayu Bambang Budi Citra Dedi Dewi Dian Eka Erni Fajar Fitri "
    "Gita Hadi Hendra Indah Irfan Joko Kartika Lestari Linda Made Maya Muhammad Nadia Nur "
    "Nurul Putri Rahmat Rani Rina Rizki Sari Siti Slamet Sri Taufik Teguh Tri Wahyu Wati "
    "Yanti Yogi Yusuf Zainal Zulfa Desi Reza Novi Hafiz Ilham Syafri Yessi Fauzan Mega"
).split()
LAST = (
    "Saputra Lestari Prasetyo Nugroho Permata Wijaya Susilo Sari Hidayat Rahman Kurniawan "
    "Wahyuni Santoso Gunawan Marlina Setiawan Pratama Handayani Siregar Nasution Harahap "
    "Lubis Simatupang Sinaga Putra Putri Utami Anwar Yusuf Rahmawati Syahputra Firmansyah "
    "Hasibuan Tanjung Chaniago Piliang Sikumbang Koto Tambunan Maharani Ramadhani Febriani"
).split()
GELAR = (
    "",
    "",
    "",
    "S.Pd.",
    "S.Pd., M.Pd.",
    "S.E.",
    "S.T.",
    "S.Kom.",
    "A.Md.",
    "S.H.",
    "S.Kep., Ners",
    "S.Sos., M.Si.",
    "S.IP.",
    "dr.",
    "S.Tr.Keb.",
)
JABATAN_GURU = ("Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Guru Ahli Utama")
JABATAN_RS = (
    "Perawat Ahli Pertama",
    "Perawat Terampil",
    "Bidan Ahli Muda",
    "Dokter Ahli Muda",
    "Apoteker Ahli Pertama",
    "Pranata Laboratorium Kesehatan",
    "Perekam Medis Terampil",
)
JABATAN_OPD = (
    "Analis Kebijakan Ahli Muda",
    "Analis Kebijakan Ahli Pertama",
    "Pengadministrasi Perkantoran",
    "Penata Kelola Sistem dan Teknologi Informasi",
    "Pranata Komputer Ahli Pertama",
    "Arsiparis Terampil",
    "Analis Keuangan",
    "Perencana Ahli Muda",
    "Penata Layanan Operasional",
    "Pengelola Layanan Operasional",
)
RATINGS = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")
HASIL_WEIGHTS, PERILAKU_WEIGHTS = (15, 75, 10), (18, 76, 6)
EDUCATION = ("SD", "SMP", "SMA/SMK", "D3", "S1", "S2", "S3")
OCCUPATION = (
    "PNS/TNI/Polri",
    "Pegawai Swasta",
    "Wiraswasta",
    "Pelajar/Mahasiswa",
    "Petani/Nelayan",
    "Ibu Rumah Tangga",
    "Lainnya",
)
SERVICES = {
    "sekolah": ("Penerimaan Peserta Didik Baru", "Legalisasi Ijazah", "Layanan Akademik"),
    "unit layanan": ("Pembayaran PKB", "Balik Nama Kendaraan", "Pengesahan STNK"),
    "rumah sakit": ("Rawat Jalan", "Rawat Inap", "Instalasi Gawat Darurat", "Laboratorium"),
    "dinas": ("Perizinan", "Konsultasi", "Pengaduan", "Rekomendasi Teknis"),
    "badan": ("Konsultasi", "Informasi Pajak Daerah"),
}


@dataclass(frozen=True)
class UnitSpec:
    """A unit of the generated province."""

    code: str
    name: str
    kind: str
    parent: str | None
    service: bool
    weight: float  # share of staff
    skm_weight: float  # share of SKM respondents (service units)


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


# ------------------------------------------------------------------------------ units


def units_for(scale: float) -> list[UnitSpec]:
    """The province's units; below scale 0.1 there are fewer kabupaten/kota and schools."""
    reach = min(1.0, scale * 10)
    n_kab = max(2, round(len(KABKOTA) * reach))
    n_schools = max(1, round(SCHOOLS_PER_KABKOTA * reach))
    units = [UnitSpec(c, n, k, None, s, w, 6.0 if s else 0.0) for c, n, k, s, w in PERANGKAT_DAERAH]
    units += [UnitSpec(c, n, "bagian", "SETDA", False, 0.5, 0.0) for c, n in BIRO]
    for i, (kab, kab_name) in enumerate(KABKOTA[:n_kab]):
        region = kab_name.split(" ", 1)[1]
        units.append(
            UnitSpec(
                f"SAMSAT-{kab}",
                f"UPTD Pengelolaan Pendapatan Daerah {region}",
                "unit layanan",
                "BAPENDA",
                True,
                0.5,
                5.0,
            )
        )
        if i % 2 == 0:
            units.append(
                UnitSpec(
                    f"CABDIN-{i // 2 + 1}",
                    f"Cabang Dinas Pendidikan Wilayah {_roman(i // 2 + 1)}",
                    "unit layanan",
                    "DISDIK",
                    False,
                    0.3,
                    0.0,
                )
            )
        for n in range(1, n_schools + 1):
            kind, label = (("SMAN", "SMA Negeri"), ("SMKN", "SMK Negeri"), ("SLBN", "SLB Negeri"))[
                0 if n <= n_schools * 0.6 else (1 if n < n_schools else 2)
            ]
            number = n if kind == "SMAN" else (n - round(n_schools * 0.6) if kind == "SMKN" else 1)
            number = max(1, number)
            units.append(
                UnitSpec(
                    f"{kind}{number}-{kab}",
                    f"{label} {number} {region}",
                    "sekolah",
                    "DISDIK",
                    True,
                    0.28,
                    1.0,
                )
            )
    seen: set[str] = set()
    unique = []
    for u in units:  # a tiny scale can name an SLB twice; keep the first
        if u.code not in seen:
            seen.add(u.code)
            unique.append(u)
    return unique


def _roman(n: int) -> str:
    table = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, numeral in table:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split `total` by `weights` (largest remainder, deterministic)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def write_pack(folder: Path, units: list[UnitSpec]) -> Path:
    """The province pack (YAML) for the generated units."""
    pack = {
        "organisation": {
            "code": ORG_CODE,
            "name": "Pemerintah Provinsi Andalas Raya",
            "kind": "provinsi",
            "region": "Andalas Raya",
            "head_title": "Gubernur",
            "place": "Anai Raya",
        },
        "units": [
            {
                "code": u.code,
                "name": u.name,
                "kind": u.kind,
                **({"parent": u.parent} if u.parent else {}),
                **({"service": True} if u.service else {}),
            }
            for u in units
        ],
        "members": [
            {
                "username": OFFICER,
                "name": "Nurul Hidayah, S.IP., M.Si.",
                "roles": ["officer"],
                "title": "Analis Kebijakan Ahli Muda, Badan Kepegawaian Daerah",
            },
            {
                "username": LEADER,
                "name": "Dr. Zulkifli Hakim, M.Si.",
                "roles": ["leader"],
                "title": "Sekretaris Daerah",
            },
            {"username": "admin", "name": "Administrator Siklus", "roles": ["admin"]},
        ],
        "policy": {
            "code": "pergub-manajemen-kinerja-asn",
            "title": "Manajemen Kinerja Aparatur Sipil Negara di Lingkungan Pemerintah Provinsi "
            "Andalas Raya",
            "legal_form": "Pergub",
            "signing": {"title": "GUBERNUR ANDALAS RAYA", "name": "HENDRI SAPUTRA"},
        },
        "evaluation": {"ikm": {"weight": "1/9", "target": 82.0}},
        "indicators": [
            {
                "code": "IKM",
                "name": "Indeks Kepuasan Masyarakat",
                "unit": "indeks",
                "baseline": 78.5,
                "target": 82.0,
                "direction": "higher",
            },
        ],
    }
    path = folder / "provinsi.yaml"
    text = "# Paket benchmark: provinsi fiktif (bench/generate.py). Semua nama fiktif.\n"
    path.write_text(text + yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), "utf-8")
    return path


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
    for unit, count in zip(units, _shares(total, [u.weight for u in units]), strict=True):
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
        counts = _shares(total, [u.skm_weight for u in service])
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
        print(f"{kind:>14}: {data.counts.get(kind, 0):>9,} rows  {path}")
    print(f"{'units':>14}: {data.counts['units']:>9,}       {data.pack}")
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
