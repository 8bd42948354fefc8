"""The fictional province of the benchmark: its units, names, vocabularies and pack.

Layer: benchmark data (used by `bench/generate.py`). Perangkat daerah and biro of a
province, and per kabupaten/kota its service units (Samsat, cabang dinas, SMA/SMK/SLB
negeri); each unit has a share of the staff and of the SKM respondents. Every name is
fictional.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

ORG_CODE = "andalas-raya"
OFFICER, LEADER = "nurul.hidayah", "zulkifli.hakim"

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


# ------------------------------------------------------------------------- units


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


def shares(total: int, weights: list[float]) -> list[int]:
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
