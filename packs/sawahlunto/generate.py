"""Generate the bulk sample data of the Sawahlunto demo pack.

Run with ``python packs/sawahlunto/generate.py``. The script writes, next to itself:

- ``pegawai.csv``: employees (NIP / NI PPPK as 18-digit text) of the pack's units;
- ``pengaduan_2025.csv``: public complaints of 2025 (comma-separated, plain UTF-8);
- ``skm_2025_s2.csv`` and ``skm_2026_tw3.csv``: SKM responses per service unit;
- ``kehadiran_forum.csv``, ``masukan_forum.xlsx`` and ``tanggapan.csv``: forum
  attendance, the stakeholders' inputs on draft version 1, and the drafting team's
  responses (input numbers are data-row numbers of ``masukan_forum.xlsx``);
- ``kehadiran_forum_putaran2.csv``, ``masukan_putaran2.csv`` and ``tanggapan_v3.csv``:
  the second consultation round (forum F3 on draft version 2, inputs numbered after
  round 1) and the responses to every input of both rounds for draft version 3;
- ``kehadiran_kegiatan.csv``: attendance and tests of the socialisation workshops;
- ``progres_implementasi.csv``: rollout milestones per unit;
- ``kebutuhan_asn.csv``: the anonymous answer sheets of the ASN needs questionnaire (the
  pack's default statements k1…k8, 1–4) with the competence development asked for;
- ``ekinerja_2026_tw3.csv``, ``capaian_2026_tw3.csv``, ``pengaduan_2026_tw3.csv`` and
  ``realisasi_2026_tw3.csv``: evaluation inputs (the capaian kinerja organisasi is set for
  some units only, so the others are checked as Baik; the realisations of IKM,
  RESPON-ADUAN and PREDIKAT-BAIK are computed from the SKM, complaints and e-Kinerja files).

Hand-written, not generated: ``../sawahlunto.yaml`` (the pack), ``catatan_analisis.md``,
``notulen.yaml``, ``notulen_putaran2.yaml`` and ``rancangan_v1.md`` to ``rancangan_v3.md``.
The constants below mirror the pack (units, forums, workshops, key people); ``check_pack``
compares them.

Every person is fictional. Output is deterministic: one ``random.Random(2026)`` seeds
everything, and the XLSX is written with fixed timestamps, so a re-run gives the same
bytes. Needs only the standard library and openpyxl. Most CSV files take the shape Excel
gives them in an Indonesian locale: ``;``-separated, UTF-8 with BOM, CRLF, decimal comma.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import sys
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
PACK_FILE = HERE.parent / "sawahlunto.yaml"
SEED = 2026
COVERAGE_TARGET = Fraction(80, 100)
AS_OF = date(2026, 9, 30)

# ----------------------------------------------------------------- organisation

# code, name, parent, serves the public
UNITS: list[tuple[str, str, str | None, bool]] = [
    ("SETDA", "Sekretariat Daerah", None, False),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", None, False),
    ("INSPEKTORAT", "Inspektorat Daerah", None, False),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", None, True),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", None, True),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", None, False),
    ("SMPN1", "SMP Negeri 1 Sawahlunto", "DISDIK", False),
    ("DINKES", "Dinas Kesehatan", None, False),
    ("PKM-TALAWI", "Puskesmas Talawi", "DINKES", True),
    ("RSUD", "Rumah Sakit Umum Daerah Sawahlunto", None, True),
    ("KEC-BARANGIN", "Kecamatan Barangin", None, True),
    ("KEC-LEMBAH-SEGAR", "Kecamatan Lembah Segar", None, True),
    ("KEC-SILUNGKANG", "Kecamatan Silungkang", None, True),
    ("KEC-TALAWI", "Kecamatan Talawi", None, True),
]
UNIT_NAME = {code: name for code, name, _, _ in UNITS}
UNIT_PARENT = {code: parent for code, _, parent, _ in UNITS}
SERVICE_UNITS = [code for code, _, _, service in UNITS if service]
KECAMATAN = ["KEC-BARANGIN", "KEC-LEMBAH-SEGAR", "KEC-SILUNGKANG", "KEC-TALAWI"]


def _kecamatan_roster(name: str, pppk_staff: bool) -> list[tuple[str, str, str]]:
    return [
        (f"Camat {name}", "Pimpinan", "PNS"),
        ("Sekretaris Kecamatan", "Sekretariat", "PNS"),
        ("Kepala Seksi Pelayanan Umum", "Tim Pelayanan", "PNS"),
        ("Pengolah Data dan Informasi", "Tim Pemerintahan", "PNS"),
        ("Pengadministrasi Perkantoran", "Tim Pelayanan", "PPPK" if pppk_staff else "PNS"),
    ]


# unit -> [(jabatan, tim, jenis_asn)]; the first row is the unit head
ROSTER: dict[str, list[tuple[str, str, str]]] = {
    "SETDA": [
        ("Sekretaris Daerah", "Pimpinan", "PNS"),
        ("Kepala Bagian Organisasi", "Bagian Organisasi", "PNS"),
        ("Analis Kebijakan Ahli Muda", "Bagian Organisasi", "PNS"),
        ("Penelaah Teknis Kebijakan", "Bagian Organisasi", "PNS"),
        ("Kepala Bagian Hukum", "Bagian Hukum", "PNS"),
        ("Perancang Peraturan Perundang-undangan Ahli Muda", "Bagian Hukum", "PNS"),
        ("Kepala Bagian Umum", "Bagian Umum", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Bagian Umum", "PNS"),
        ("Pengadministrasi Perkantoran", "Bagian Umum", "PPPK"),
    ],
    "BKPSDM": [
        ("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Pimpinan", "PNS"),
        ("Sekretaris", "Sekretariat", "PNS"),
        ("Kepala Bidang Penilaian Kinerja dan Pengembangan Karier", "Tim Penilaian Kinerja", "PNS"),
        ("Analis Kebijakan Ahli Muda", "Tim Penilaian Kinerja", "PNS"),
        ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Tim Penilaian Kinerja", "PNS"),
        ("Kepala Bidang Pengembangan Kompetensi", "Tim Pengembangan Kompetensi", "PNS"),
        ("Analis Pengembangan Kompetensi", "Tim Pengembangan Kompetensi", "PNS"),
        ("Pranata Komputer Ahli Muda", "Tim Sistem Informasi Kepegawaian", "PNS"),
        ("Pengadministrasi Perkantoran", "Sekretariat", "PPPK"),
    ],
    "INSPEKTORAT": [
        ("Inspektur", "Pimpinan", "PNS"),
        ("Sekretaris Inspektorat", "Sekretariat", "PNS"),
        ("Auditor Ahli Madya", "Tim Audit Kinerja", "PNS"),
        ("Auditor Ahli Muda", "Tim Audit Kinerja", "PNS"),
        ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama", "Tim Reviu", "PNS"),
    ],
    "DISDUKCAPIL": [
        ("Kepala Dinas Kependudukan dan Pencatatan Sipil", "Pimpinan", "PNS"),
        ("Sekretaris", "Sekretariat", "PNS"),
        ("Kepala Bidang Pelayanan Pendaftaran Penduduk", "Tim Pendaftaran Penduduk", "PNS"),
        ("Administrator Database Kependudukan Ahli Pertama", "Tim Pendaftaran Penduduk", "PNS"),
        ("Operator Layanan Operasional", "Tim Pendaftaran Penduduk", "PPPK"),
        ("Kepala Bidang Pelayanan Pencatatan Sipil", "Tim Pencatatan Sipil", "PNS"),
        ("Pengadministrasi Registrasi dan Pencatatan Sipil", "Tim Pencatatan Sipil", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Tim Pengelolaan Informasi Kependudukan", "PNS"),
        ("Pengolah Data Kependudukan", "Tim Pencatatan Sipil", "PPPK"),
    ],
    "DPMPTSP": [
        ("Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Pimpinan", "PNS"),
        ("Sekretaris", "Sekretariat", "PNS"),
        ("Kepala Bidang Pelayanan Perizinan dan Nonperizinan", "Tim Pelayanan Perizinan", "PNS"),
        ("Penata Perizinan Ahli Muda", "Tim Pelayanan Perizinan", "PNS"),
        ("Penata Perizinan Ahli Pertama", "Tim Pelayanan Perizinan", "PNS"),
        ("Kepala Bidang Penanaman Modal", "Tim Penanaman Modal", "PNS"),
        ("Pengadministrasi Perkantoran", "Tim Pelayanan Perizinan", "PPPK"),
    ],
    "DISDIK": [
        ("Kepala Dinas Pendidikan dan Kebudayaan", "Pimpinan", "PNS"),
        ("Sekretaris", "Sekretariat", "PNS"),
        ("Kepala Bidang Pembinaan Sekolah Menengah Pertama", "Tim Pembinaan SMP", "PNS"),
        ("Kepala Bidang Guru dan Tenaga Kependidikan", "Tim Guru dan Tenaga Kependidikan", "PNS"),
        ("Analis Kebijakan Ahli Pertama", "Tim Guru dan Tenaga Kependidikan", "PNS"),
        ("Pengawas Sekolah Ahli Madya", "Tim Pembinaan SMP", "PNS"),
    ],
    "SMPN1": [
        ("Kepala Sekolah", "Pimpinan", "PNS"),
        ("Guru Ahli Madya", "Tim Kurikulum", "PNS"),
        ("Guru Ahli Muda", "Tim Kurikulum", "PNS"),
        ("Guru Ahli Muda", "Tim Kesiswaan", "PNS"),
        ("Guru Ahli Muda", "Tim Kurikulum", "PNS"),
        ("Guru Ahli Pertama", "Tim Kesiswaan", "PNS"),
        ("Guru Ahli Pertama", "Tim Kurikulum", "PPPK"),
        ("Guru Ahli Pertama", "Tim Kesiswaan", "PPPK"),
        ("Guru Ahli Pertama", "Tim Kurikulum", "PPPK"),
        ("Pengelola Layanan Operasional", "Tata Usaha", "PNS"),
    ],
    "DINKES": [
        ("Kepala Dinas Kesehatan", "Pimpinan", "PNS"),
        ("Sekretaris", "Sekretariat", "PNS"),
        ("Kepala Bidang Pelayanan Kesehatan", "Tim Pelayanan Kesehatan", "PNS"),
        ("Administrator Kesehatan Ahli Muda", "Tim Pelayanan Kesehatan", "PNS"),
        ("Epidemiolog Kesehatan Ahli Pertama", "Tim Pencegahan dan Pengendalian Penyakit", "PNS"),
    ],
    "PKM-TALAWI": [
        ("Kepala Puskesmas", "Pimpinan", "PNS"),
        ("Dokter Ahli Pertama", "Tim Upaya Kesehatan Perorangan", "PNS"),
        ("Perawat Ahli Muda", "Tim Upaya Kesehatan Perorangan", "PNS"),
        ("Perawat Ahli Pertama", "Tim Upaya Kesehatan Perorangan", "PPPK"),
        ("Bidan Ahli Muda", "Tim Kesehatan Ibu dan Anak", "PNS"),
        ("Bidan Terampil", "Tim Kesehatan Ibu dan Anak", "PPPK"),
        ("Nutrisionis Ahli Pertama", "Tim Upaya Kesehatan Masyarakat", "PNS"),
        ("Pengadministrasi Perkantoran", "Tata Usaha", "PPPK"),
    ],
    "RSUD": [
        ("Direktur", "Pimpinan", "PNS"),
        ("Kepala Bagian Tata Usaha", "Tata Usaha", "PNS"),
        ("Kepala Bidang Pelayanan Medik dan Keperawatan", "Tim Pelayanan Medik", "PNS"),
        ("Dokter Ahli Muda", "Tim Pelayanan Medik", "PNS"),
        ("Dokter Ahli Pertama", "Tim Instalasi Gawat Darurat", "PNS"),
        ("Perawat Ahli Muda", "Tim Instalasi Rawat Inap", "PNS"),
        ("Perawat Ahli Pertama", "Tim Instalasi Gawat Darurat", "PNS"),
        ("Perawat Terampil", "Tim Instalasi Rawat Inap", "PPPK"),
        ("Perawat Ahli Pertama", "Tim Instalasi Rawat Inap", "PPPK"),
        ("Bidan Ahli Pertama", "Tim Instalasi Rawat Inap", "PNS"),
        ("Apoteker Ahli Pertama", "Tim Instalasi Farmasi", "PNS"),
        ("Pranata Komputer Terampil", "Tata Usaha", "PNS"),
    ],
    "KEC-BARANGIN": _kecamatan_roster("Barangin", pppk_staff=True),
    "KEC-LEMBAH-SEGAR": _kecamatan_roster("Lembah Segar", pppk_staff=False),
    "KEC-SILUNGKANG": _kecamatan_roster("Silungkang", pppk_staff=False),
    "KEC-TALAWI": _kecamatan_roster("Talawi", pppk_staff=True),
}


@dataclass(frozen=True)
class KeyPerson:
    """A person named in the pack (member, signatory, minutes), with a fixed NIP."""

    unit: str
    jabatan: str
    nama: str
    gender: int
    birth: date
    tmt: tuple[int, int]


# (unit, jabatan) -> person. These names and NIPs appear in the pack and notulen.yaml.
# fmt: off
KEY_PEOPLE = [
    KeyPerson("SETDA", "Sekretaris Daerah", "Drs. Syahrul Anwar, M.Si.", 1,
              date(1970, 8, 14), (1996, 3)),
    KeyPerson("SETDA", "Kepala Bagian Organisasi", "Fadhli Rahman, S.STP., M.Si.", 1,
              date(1983, 5, 21), (2005, 12)),
    KeyPerson("SETDA", "Analis Kebijakan Ahli Muda", "Yessi Ramadhani, S.IP.", 2,
              date(1989, 4, 9), (2015, 3)),
    KeyPerson("BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
              "Desmawati Yusuf, S.E., M.M.", 2, date(1975, 12, 2), (2000, 12)),
    KeyPerson("BKPSDM", "Analis Kebijakan Ahli Muda", "Rahmi Oktavia, S.Sos.", 2,
              date(1988, 10, 5), (2011, 1)),
    KeyPerson("BKPSDM", "Pranata Komputer Ahli Muda", "Irfan Pratama, S.Kom.", 1,
              date(1990, 2, 17), (2015, 3)),
]
# fmt: on

# ------------------------------------------------------------------------ names

# fmt: off
MALE_FIRST = [
    "Afrizal", "Zulkifli", "Hendri", "Ridwan", "Irwan", "Erwin", "Novrizal", "Yusrizal", "Asrul",
    "Jasman", "Darmawan", "Firdaus", "Gusnaldi", "Ikhsan", "Mardius", "Nofriadi", "Rizki",
    "Taufik", "Wendi", "Yudi", "Zulhendri", "Andika", "Dedi", "Elfian", "Fauzan", "Hasbi", "Aldi",
    "Bayu", "Doni", "Feri", "Hafiz", "Ilham", "Jefri", "Mukhlis", "Rinaldi", "Yoserizal", "Arif",
    "Budiman", "Syafril", "Roni", "Agusrianto", "Defri", "Edwar", "Fadli", "Gusrizal", "Hendrik",
    "Indra", "Joni", "Kasman", "Lukman", "Masrizal", "Nazar", "Oktaviandi", "Pebrianto", "Rahmad",
    "Satria", "Teguh", "Wahyudi", "Yulizar", "Zikri",
]
MALE_LAST = [
    "Saputra", "Putra", "Syahputra", "Hidayat", "Kurniawan", "Maulana", "Efendi", "Gusman",
    "Hamdani", "Zulkarnain", "Akbar", "Ramadhan", "Hakim", "Mahmud", "Fajri", "Rasyid", "Nofendri",
    "Alfian", "Yuhendra", "Marzuki",
]
FEMALE_FIRST = [
    "Yuliarni", "Elvira", "Fitri", "Gusnita", "Hasnah", "Indriani", "Lisnawati", "Mardiah",
    "Nurhayati", "Ulfa", "Vivi", "Wirdawati", "Zurnelis", "Afni", "Ratna", "Suryani", "Nelly",
    "Rosmaini", "Marlina", "Yenti", "Dewi", "Syafrida", "Nofita", "Rika", "Silvia", "Febriyanti",
    "Hayati", "Mega", "Novia", "Reni", "Tika", "Weni", "Yulia", "Zahara", "Sri", "Elsa", "Desi",
    "Intan", "Lusi", "Meri", "Aprilia", "Betty", "Cici", "Darnelis", "Eka", "Fauziah", "Gina",
    "Helmawati", "Irawati", "Jusniar", "Kurnia", "Leni", "Misra", "Nila", "Oktarina", "Puspita",
    "Rosalina", "Santi", "Trisna", "Yusmaniar",
]
FEMALE_LAST = [
    "Rahmadani", "Sari", "Wulandari", "Handayani", "Fitriani", "Yanti", "Oktaviani", "Susanti",
    "Febriani", "Safitri", "Anggraini", "Maharani", "Novita", "Lestari", "Rahayu", "Amelia",
    "Hasanah", "Wahyuni", "Marlinda", "Yusnita",
]
# fmt: on

HEAD_DEGREES = [
    ", S.Sos., M.Si.",
    ", S.E., M.M.",
    ", S.STP., M.Si.",
    ", S.H., M.H.",
    ", S.IP., M.AP.",
]
HEALTH_DEGREES = [", S.K.M., M.Kes.", ", S.K.M., M.Kes.", ", S.Kep., M.Kep.", ", S.E., M.M."]
HEALTH_UNITS = ("DINKES", "PKM-TALAWI", "RSUD")
STAFF_DEGREES = [", S.Sos.", ", S.E.", ", S.IP.", ", S.AP.", ", S.H.", ", S.Ak."]


def _degree(
    rng: random.Random, jabatan: str, head: bool, unit: str, gender: int
) -> tuple[str, str]:
    """Return (prefix, suffix) academic titles plausible for a position."""
    j = jabatan
    if j.startswith("Dokter") or j == "Kepala Puskesmas":
        return "dr. ", rng.choice(["", ", M.Kes."]) if "Kepala" in j else ""
    if j == "Direktur" and unit == "RSUD":
        return "dr. ", ", M.A.R.S."
    if j.startswith(("Guru", "Kepala Sekolah", "Pengawas Sekolah")) or (head and unit == "DISDIK"):
        return "", ", S.Pd., M.Pd." if ("Madya" in j or "Kepala" in j) else ", S.Pd."
    if j.startswith("Perawat"):
        return "", ", A.Md.Kep." if "Terampil" in j else ", S.Kep., Ners"
    if j.startswith("Bidan"):
        return "", ", A.Md.Keb." if "Terampil" in j else ", S.Tr.Keb."
    if j.startswith("Apoteker"):
        return "", ", S.Farm., Apt."
    if j.startswith("Nutrisionis"):
        return "", ", S.Gz."
    if j.startswith(("Epidemiolog", "Administrator Kesehatan")):
        return "", ", S.K.M."
    if unit in HEALTH_UNITS and (head or j.startswith(("Kepala", "Sekretaris"))):
        return "", rng.choice(HEALTH_DEGREES)
    if unit == "DISDIK" and j.startswith(("Kepala", "Sekretaris")):
        return "", rng.choice([", S.Pd., M.Pd.", ", S.Sos., M.Si."])
    if j.startswith("Pranata Komputer"):
        return "", ", A.Md.Kom." if "Terampil" in j else ", S.Kom."
    if j.startswith("Auditor"):
        return "", ", S.E., Ak."
    if "Hukum" in j or j.startswith("Perancang"):
        return "", ", S.H., M.H." if head or "Kepala" in j else ", S.H."
    if j.startswith(("Pengadministrasi", "Operator", "Pengolah", "Pengelola Layanan")):
        return "", rng.choice(["", "", ", A.Md."])
    if head and rng.random() < 0.3:
        return ("Drs. " if gender == 1 else "Dra. "), rng.choice([", M.Si.", ", M.M."])
    if head or j.startswith(("Kepala", "Sekretaris", "Camat", "Inspektur")):
        return "", rng.choice(HEAD_DEGREES)
    return "", rng.choice(STAFF_DEGREES)


class NamePool:
    """Draw unique fictional Minangkabau / Indonesian names of a given gender."""

    def __init__(self, rng: random.Random, reserved: set[str]) -> None:
        self.rng = rng
        self.used_first: set[str] = set()
        self.used_full = set(reserved)

    def draw(self, gender: int) -> str:
        """Return a new name (no titles) for gender 1 (male) or 2 (female)."""
        first_pool, last_pool = (
            (MALE_FIRST, MALE_LAST) if gender == 1 else (FEMALE_FIRST, FEMALE_LAST)
        )
        for attempt in range(500):
            first = self.rng.choice(first_pool)
            if first in self.used_first and attempt < 60:
                continue  # prefer a first name not used yet
            single = first not in self.used_first and self.rng.random() < 0.15
            name = first if single else f"{first} {self.rng.choice(last_pool)}"
            if name not in self.used_full:
                self.used_first.add(first)
                self.used_full.add(name)
                return name
        raise RuntimeError("nama habis: tambah daftar nama")


def _bare(name: str) -> str:
    """A name without academic titles."""
    name = name.split(",")[0]
    return re.sub(r"^(Drs\.|Dra\.|dr\.|Dr\.|Ir\.|Hj?\.)\s+", "", name).strip()


# ------------------------------------------------------------------------- NIP


def nip_problems(nip: str, jenis_asn: str, gender: int, today: date = AS_OF) -> list[str]:
    """Check a NIP / NI PPPK against DOMAIN.md R3 and section 3; return the problems."""
    out: list[str] = []
    if not re.fullmatch(r"\d{18}", nip):
        return [f"{nip!r}: harus tepat 18 digit angka"]
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return [f"{nip}: digit 1-8 bukan tanggal lahir yang sah"]
    if nip[14] not in "12":
        out.append(f"{nip}: digit 15 harus 1 atau 2")
    elif int(nip[14]) != gender:
        out.append(f"{nip}: digit 15 tidak sesuai jenis kelamin")
    if nip[15:18] == "000":
        out.append(f"{nip}: nomor urut 000")
    if jenis_asn == "PNS":
        year, month = int(nip[8:12]), int(nip[12:14])
        if not 1 <= month <= 12:
            out.append(f"{nip}: digit 9-14 bukan TMT CPNS (YYYYMM)")
        elif (year, month) > (today.year, today.month):
            out.append(f"{nip}: TMT CPNS di masa depan")
        elif (year - birth.year) * 12 + month - birth.month < 18 * 12:
            out.append(f"{nip}: umur saat pengangkatan CPNS di bawah 18 tahun")
    else:
        if not 2022 <= int(nip[8:12]) <= 2025:
            out.append(f"{nip}: tahun pengangkatan PPPK di luar 2022-2025")
    return out


def _pns_nip(birth: date, tmt: tuple[int, int], gender: int) -> str:
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{gender}"


def _pppk_nip(birth: date, year: int, gender: int) -> str:
    code = "24" if year == 2025 else "21"
    return f"{birth:%Y%m%d}{year:04d}{code}{gender}"


# -------------------------------------------------------------------- employees


@dataclass
class Employee:
    """A row of pegawai.csv plus the fields the generator needs."""

    nip: str
    nama: str
    jenis_asn: str
    jabatan: str
    unit: str
    nip_atasan: str
    tim: str
    gender: int
    head: bool


def _female_share(jabatan: str, head: bool) -> float:
    if jabatan.startswith("Bidan"):
        return 1.0
    if jabatan.startswith(("Perawat", "Guru", "Nutrisionis")):
        return 0.7
    if jabatan.startswith(("Pengadministrasi", "Pengolah", "Apoteker")):
        return 0.6
    return 0.3 if head else 0.45


def _birth_and_tmt(rng: random.Random, level: str, jenis: str) -> tuple[date, tuple[int, int]]:
    """A birth date and the CPNS TMT (PNS) or appointment year (PPPK, month 0)."""
    years = {
        "head": (1969, 1977),
        "senior": (1972, 1984),
        "muda": (1980, 1990),
        "staff": (1984, 1999),
    }[level]
    if jenis == "PPPK":
        years = (1980, 1998)
    birth_year = rng.randint(*years)
    birth = date(birth_year, rng.randint(1, 12), 1) + timedelta(days=rng.randint(0, 27))
    if jenis == "PPPK":
        return birth, (rng.choice([2022, 2022, 2023, 2024, 2024, 2025]), 0)
    year = birth.year + rng.randint(23, 30)
    while year in (2016, 2017, 2020, 2023) or year > 2025:
        year = year - 1 if year > 2025 else year + 1
    month = 3 if year == 2025 else rng.choice([1, 2, 3, 4, 12])
    return birth, (year, month)


def _level(jabatan: str, head: bool) -> str:
    if head:
        return "head"
    if jabatan.startswith(("Sekretaris", "Kepala", "Camat")) or "Madya" in jabatan:
        return "senior"
    return "muda" if "Ahli Muda" in jabatan else "staff"


def make_employees(rng: random.Random) -> list[Employee]:
    """Build the roster with valid, unique NIPs and the reporting lines."""
    key = {(p.unit, p.jabatan): p for p in KEY_PEOPLE}
    reserved = {_bare(p.nama) for p in KEY_PEOPLE}
    reserved |= {_bare(g[0]).split(" Dt. ")[0] for g in F1_GUESTS + F2_GUESTS}
    names = NamePool(rng, reserved)
    prefixes: Counter[str] = Counter()
    staff: list[Employee] = []
    heads: dict[str, str] = {}

    def unique(first15: str) -> str:
        prefixes[first15] += 1
        return f"{first15}{prefixes[first15]:03d}"

    for unit, _name, _parent, _service in UNITS:
        for index, (jabatan, tim, jenis) in enumerate(ROSTER[unit]):
            head = index == 0
            person = key.get((unit, jabatan))
            if person is not None:
                nama, gender = person.nama, person.gender
                nip = unique(_pns_nip(person.birth, person.tmt, gender))
            else:
                gender = 2 if rng.random() < _female_share(jabatan, head) else 1
                birth, (year, month) = _birth_and_tmt(rng, _level(jabatan, head), jenis)
                prefix, suffix = _degree(rng, jabatan, head, unit, gender)
                nama = f"{prefix}{names.draw(gender)}{suffix}"
                nip = unique(
                    _pppk_nip(birth, year, gender)
                    if jenis == "PPPK"
                    else _pns_nip(birth, (year, month), gender)
                )
            if head:
                heads[unit] = nip
            staff.append(Employee(nip, nama, jenis, jabatan, unit, "", tim, gender, head))
    sekda = heads["SETDA"]
    for emp in staff:
        if emp.head:
            parent = UNIT_PARENT[emp.unit]
            emp.nip_atasan = "" if emp.unit == "SETDA" else heads[parent] if parent else sekda
        else:
            emp.nip_atasan = heads[emp.unit]
    for emp in staff:
        problems = nip_problems(emp.nip, emp.jenis_asn, emp.gender)
        assert not problems, problems
    assert len({e.nip for e in staff}) == len(staff), "NIP ganda"
    assert len({e.nama for e in staff}) == len(staff), "nama pegawai ganda"
    return staff


def find(staff: list[Employee], unit: str, jabatan: str, nth: int = 0) -> Employee:
    """The nth employee of a unit whose position starts with `jabatan`."""
    hits = [e for e in staff if e.unit == unit and e.jabatan.startswith(jabatan)]
    return hits[nth]


# ---------------------------------------------------------------------- writing


def fmt_dec(value: float | Fraction, places: int = 2) -> str:
    """Decimal comma, rounded half up, e.g. 82.5 -> '82,50'."""
    q = Fraction(value) * 10**places
    whole = int(q + Fraction(1, 2)) if q >= 0 else -int(-q + Fraction(1, 2))
    text = f"{abs(whole) // 10**places}"
    if places:
        text += f",{abs(whole) % 10**places:0{places}d}"
    return ("-" if whole < 0 else "") + text


def fmt_score(value: float) -> str:
    """A test score as typed in Excel: '72' or '72,5'."""
    return f"{int(value)}" if value == int(value) else fmt_dec(value, 1)


def fmt_date(day: date) -> str:
    """dd/mm/yyyy."""
    return f"{day:%d/%m/%Y}"


def write_excel_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    """Write the Excel shape: ';', UTF-8 with BOM, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_plain_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    """Write a machine export: ',', UTF-8 without BOM, LF."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode("utf-8"))


FIXED_STAMP = datetime(2026, 3, 18, 9, 0, 0)


def write_xlsx(name: str, sheet: str, header: list[str], rows: list[list[str]]) -> None:
    """Write an XLSX with text cells and fixed timestamps (same bytes on every run)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    widths = {"A": 8, "B": 30, "C": 38, "D": 12, "E": 20, "F": 90}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.creator = "Bagian Organisasi Setda Kota Sawahlunto"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    stamp = FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            dst.writestr(fixed, data)
    (HERE / name).write_bytes(out.getvalue())


# ------------------------------------------------------------------- pengaduan

COMPLAINT_CATEGORIES = [
    "Waktu pelayanan lama",
    "Persyaratan tidak jelas",
    "Sikap petugas",
    "Sarana antrean",
    "Informasi layanan daring",
]
# unit -> (count, mean response hours, category weights)
COMPLAINTS = {
    "DISDUKCAPIL": (30, 96.0, [10, 6, 3, 7, 4]),
    "DPMPTSP": (16, 73.0, [5, 5, 1, 1, 4]),
    "RSUD": (18, 69.0, [7, 1, 5, 4, 1]),
    "PKM-TALAWI": (5, 45.0, [2, 0, 2, 1, 0]),
    "KEC-BARANGIN": (3, 40.0, [1, 1, 1, 0, 0]),
    "KEC-LEMBAH-SEGAR": (3, 38.0, [1, 1, 0, 0, 1]),
    "KEC-SILUNGKANG": (2, 36.0, [1, 0, 1, 0, 0]),
    "KEC-TALAWI": (3, 44.0, [1, 1, 1, 0, 0]),
}


# TW III 2026, with the Perwali's complaint channel in place: fewer complaints, answered
# sooner; unit -> (count, mean response hours), categories weighted as in 2025
COMPLAINTS_2026_TW3 = {
    "DISDUKCAPIL": (9, 56.0),
    "DPMPTSP": (5, 42.0),
    "RSUD": (6, 46.0),
    "PKM-TALAWI": (2, 34.0),
    "KEC-BARANGIN": (1, 30.0),
    "KEC-LEMBAH-SEGAR": (1, 28.0),
    "KEC-SILUNGKANG": (1, 26.0),
    "KEC-TALAWI": (1, 32.0),
}


def make_complaints(
    rng: random.Random,
    plan: dict[str, tuple[int, float, list[int]]] = COMPLAINTS,
    first: date = date(2025, 1, 1),
    days: int = 365,
    pending_from: date = date(2025, 11, 15),
    waiting_count: int = 2,
) -> list[list[str]]:
    """Public complaints received in `days` days from `first`, with first-response hours.

    The defaults give those of 2025; complaints received from `pending_from` on may still
    be in process, and the newest `waiting_count` of those have no first response yet.
    """
    rows: list[tuple[date, str, str, str, str]] = []
    for unit, (count, mean, weights) in plan.items():
        for _ in range(count):
            day = first + timedelta(days=rng.randrange(days))
            category = rng.choices(COMPLAINT_CATEGORIES, weights)[0]
            hours = rng.lognormvariate(math.log(mean) - 0.17, 0.45)
            status = "proses" if day >= pending_from and rng.random() < 0.6 else "selesai"
            rows.append((day, unit, category, f"{hours:.1f}", status))
    rows.sort()
    pending = [i for i, r in enumerate(rows) if r[4] == "proses"]
    waiting = pending[max(len(pending) - waiting_count, 0) :]
    out = []
    for i, (day, unit, category, hours, status) in enumerate(rows):
        out.append([fmt_date(day), unit, category, "" if i in waiting else hours, status])
    return out


# -------------------------------------------------------------------------- SKM

SERVICES = {
    "DISDUKCAPIL": [
        "KTP-el",
        "Kartu Keluarga",
        "Akta Kelahiran",
        "Akta Kematian",
        "Pindah Datang",
        "Kartu Identitas Anak",
    ],
    "DPMPTSP": [
        "Perizinan Berusaha (OSS)",
        "Persetujuan Bangunan Gedung",
        "Izin Praktik Tenaga Kesehatan",
        "Izin Reklame",
    ],
    "RSUD": ["Rawat Jalan", "Rawat Inap", "Instalasi Gawat Darurat", "Laboratorium", "Farmasi"],
    "PKM-TALAWI": ["Poli Umum", "Kesehatan Ibu dan Anak", "Imunisasi", "Poli Gigi"],
}
KEC_SERVICES = [
    "Surat Keterangan",
    "Legalisasi Dokumen",
    "Rekomendasi Izin Usaha Mikro",
    "Pengantar Administrasi Kependudukan",
]
EDUCATION = (["SD", "SMP", "SMA/SMK", "D1-D3", "S1", "S2"], [7, 11, 40, 10, 28, 4])
JOBS = (
    [
        "PNS/TNI/Polri",
        "Pegawai Swasta",
        "Wiraswasta",
        "Petani",
        "Pelajar/Mahasiswa",
        "Ibu Rumah Tangga",
        "Lainnya",
    ],
    [10, 16, 24, 14, 10, 18, 8],
)

# unit -> (responses, base mean score, {element: offset})
SKM_2025 = {
    "DISDUKCAPIL": (70, 3.13, {"u3": -0.62, "u9": -0.52, "u2": -0.12, "u4": 0.55}),
    "DPMPTSP": (45, 3.18, {"u3": -0.15, "u4": 0.5}),
    "RSUD": (60, 3.22, {"u3": -0.3, "u9": -0.1, "u4": 0.2}),
    "PKM-TALAWI": (35, 3.18, {"u4": 0.55, "u9": -0.1}),
    "KEC-BARANGIN": (22, 3.12, {"u4": 0.6}),
    "KEC-LEMBAH-SEGAR": (22, 3.16, {"u4": 0.6, "u3": -0.1}),
    "KEC-SILUNGKANG": (22, 3.19, {"u4": 0.6}),
    "KEC-TALAWI": (22, 3.13, {"u4": 0.6, "u9": -0.15}),
}
SKM_2026 = {
    "DISDUKCAPIL": (90, 3.09, {"u3": -0.38, "u9": -0.3, "u4": 0.55}),
    "DPMPTSP": (55, 3.6, {"u3": -0.05, "u4": 0.3}),
    "RSUD": (80, 3.23, {"u3": -0.25, "u4": 0.2}),
    "PKM-TALAWI": (45, 3.32, {"u4": 0.5}),
    "KEC-BARANGIN": (32, 3.28, {"u4": 0.55}),
    "KEC-LEMBAH-SEGAR": (32, 3.3, {"u4": 0.55}),
    "KEC-SILUNGKANG": (32, 3.33, {"u4": 0.55}),
    "KEC-TALAWI": (32, 3.23, {"u4": 0.55}),
}
ELEMENTS = [f"u{i}" for i in range(1, 10)]


def _likert(rng: random.Random, mean: float) -> int:
    mean = min(max(mean, 1.0), 4.0)
    low = int(mean)
    value = low + (1 if rng.random() < mean - low else 0)
    noise = rng.random()
    if noise < 0.07:
        value -= 1
    elif noise < 0.12:
        value += 1
    return min(max(value, 1), 4)


def _education_and_job(rng: random.Random, sex: str, age: int) -> tuple[str, str]:
    """A respondent's education and occupation, consistent with age and sex."""
    if age <= 22:
        education = "SMA/SMK" if age < 20 or rng.random() < 0.8 else "D1-D3"
        return education, rng.choices(
            ["Pelajar/Mahasiswa", "Pegawai Swasta", "Lainnya"], [70, 15, 15]
        )[0]
    education = rng.choices(*EDUCATION)[0]
    jobs, weights = JOBS
    allowed = [
        (job, weight)
        for job, weight in zip(jobs, weights, strict=True)
        if not (job == "Pelajar/Mahasiswa" and age > 25)
        and not (job == "Ibu Rumah Tangga" and sex == "L")
        and not (job == "PNS/TNI/Polri" and education in ("SD", "SMP"))
    ]
    return education, rng.choices([j for j, _ in allowed], [w for _, w in allowed])[0]


def _workdays(start: date, end: date) -> list[date]:
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [d for d in days if d.weekday() < 5]


def make_skm(
    rng: random.Random,
    params: dict[str, tuple[int, float, dict[str, float]]],
    start: date,
    end: date,
) -> list[list[str]]:
    """SKM responses (1-4, about 3 % blank) with the respondent profile."""
    days = _workdays(start, end)
    rows: list[tuple[date, int, list[str]]] = []
    serial = 0
    for unit, (count, base, offsets) in params.items():
        services = SERVICES.get(unit, KEC_SERVICES)
        for _ in range(count):
            day = rng.choice(days)
            answers = [
                "" if rng.random() < 0.03 else str(_likert(rng, base + offsets.get(u, 0.0)))
                for u in ELEMENTS
            ]
            sex = rng.choice(["L", "P"])
            age = rng.randint(18, 72) if unit in ("RSUD", "PKM-TALAWI") else rng.randint(18, 65)
            profile = [
                sex,
                "" if rng.random() < 0.01 else str(age),
                *_education_and_job(rng, sex, age),
                rng.choice(services),
            ]
            serial += 1
            rows.append((day, serial, [unit, fmt_date(day), *answers, *profile]))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def ikm(rows: list[list[str]]) -> Fraction:
    """IKM per DOMAIN.md R1 with weight 1/9, exact; rows as written (u1..u9 at 2..10)."""
    nrr = []
    for col in range(2, 11):
        answered = [int(r[col]) for r in rows if r[col] != ""]
        nrr.append(Fraction(sum(answered), len(answered)))
    return sum(nrr, Fraction(0)) / 9 * 25


def round2(value: Fraction) -> Fraction:
    """Round half up to 2 decimals."""
    return Fraction(int(value * 100 + Fraction(1, 2)), 100)


def mutu(value: Fraction) -> str:
    """Service quality category of a rounded IKM (R1)."""
    v = round2(value)
    if v >= Fraction("88.31"):
        return "A"
    if v >= Fraction("76.61"):
        return "B"
    if v >= Fraction("65.00"):
        return "C"
    return "D"


def skm_summary(rows: list[list[str]]) -> dict[str, Fraction]:
    """IKM per unit plus '*' for all responses together."""
    per_unit: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        per_unit[row[0]].append(row)
    out = {unit: ikm(unit_rows) for unit, unit_rows in per_unit.items()}
    out["*"] = ikm(rows)
    return out


# ---------------------------------------------------------------------- forums

# people without NIP: name, institution, group, present
F1_GUESTS = [
    ("Dr. Riswandi Syahputra, S.H., M.H.", "Fakultas Hukum Universitas Andalas", "akademisi", True),
    ("Dr. Nofrianti Yusra, S.Psi., M.Si.", "Universitas Negeri Padang", "akademisi", True),
    ("Aulia Rahman, S.IP., M.A.", "FISIP Universitas Andalas", "akademisi", True),
    ("Meri Anggraini, S.E., M.Si.", "Universitas Muhammadiyah Sumatera Barat", "akademisi", True),
    ("Yudi Prasetyo, S.Sos., M.AP.", "Universitas Mahaputra Muhammad Yamin", "akademisi", False),
    ("Dr. Hendra Gunawan, M.Pd.", "Universitas Negeri Padang", "akademisi", True),
]
F2_GUESTS = [
    ("Wirdayanti", "Warga Kelurahan Air Dingin", "masyarakat", True),
    ("Zulhendri", "Perajin Tenun Silungkang", "masyarakat", True),
    (
        "Syamsul Bahri Dt. Rajo Mangkuto",
        "Tokoh Masyarakat Kecamatan Lembah Segar",
        "masyarakat",
        True,
    ),
    ("Nurlela", "Warga Desa Tumpuak Tangah", "masyarakat", True),
    ("Rosnawati", "Warga Kecamatan Silungkang", "masyarakat", True),
    ("Efrizal", "Pelaku UMKM Kecamatan Barangin", "masyarakat", True),
    ("Yuliani Putri", "Warga Desa Bukik Gadang", "masyarakat", True),
    ("Amril", "Pengemudi Ojek Daring Sawahlunto", "masyarakat", True),
    ("Hj. Rusnaini", "Pedagang Pasar Sawahlunto", "masyarakat", True),
    ("Riko Firmansyah", "Mahasiswa asal Kecamatan Talawi", "masyarakat", True),
    ("Sutan Malano", "Tokoh Masyarakat Kecamatan Barangin", "masyarakat", False),
    ("Desrita", "Kader Posyandu Kecamatan Talawi", "masyarakat", True),
    ("Nasrul Efendi", "Pengguna Layanan RSUD Sawahlunto", "masyarakat", True),
    ("Linda Kurniasih", "Pengguna Layanan Disdukcapil", "masyarakat", True),
    ("Bustanul Arifin", "Warga Kecamatan Talawi", "masyarakat", True),
    ("Marlis", "Warga Kecamatan Lembah Segar", "masyarakat", True),
    ("Hendra Gusman", "Forum Warga Peduli Pelayanan Publik Sawahlunto", "cso", True),
    ("Yosi Marlinda", "Forum Warga Peduli Pelayanan Publik Sawahlunto", "cso", True),
    ("Irma Suryani", "Yayasan Lentera Ombilin", "cso", True),
    ("Fikri Alhadi", "Yayasan Lentera Ombilin", "cso", True),
    ("Hj. Nurbaiti", "Bundo Kanduang Kota Sawahlunto", "cso", True),
    ("Asnimar", "Tim Penggerak PKK Kota Sawahlunto", "cso", True),
    ("Rahmat Fauzi", "Komunitas Difabel Sawahlunto Bangkit", "cso", True),
    ("Deswita Anggraini", "Komunitas Difabel Sawahlunto Bangkit", "cso", True),
    (
        "Irsyad Dt. Bandaro Kayo",
        "Lembaga Kerapatan Adat Alam Minangkabau Kota Sawahlunto",
        "cso",
        True,
    ),
    ("Tomi Saputra", "Ikatan Pemuda Peduli Sawahlunto", "cso", False),
    ("Wahyu Hidayat", "Lembaga Bantuan Hukum Kota Sawahlunto", "cso", True),
    ("Novi Yanti", "Ikatan Pedagang Pasar Sawahlunto", "cso", True),
    ("H. Zainal Arifin, S.H.", "DPRD Kota Sawahlunto (Ketua Komisi I)", "dprd", True),
    ("Elvi Susanti, S.Pd.", "DPRD Kota Sawahlunto (Komisi I)", "dprd", True),
    ("Rudi Hartono, S.E.", "DPRD Kota Sawahlunto (Komisi I)", "dprd", True),
    ("Masril", "DPRD Kota Sawahlunto (Komisi III)", "dprd", True),
    ("Yeni Marlina, S.H.", "DPRD Kota Sawahlunto (Komisi I)", "dprd", False),
    ("Afdal Rasyid, S.T.", "DPRD Kota Sawahlunto (Komisi II)", "dprd", True),
    ("Ir. Syafruddin", "Sekretariat DPRD Kota Sawahlunto (Tenaga Ahli Fraksi)", "dprd", True),
]
FORUM_CODES = {"F1": ["asn", "akademisi"], "F2": ["masyarakat", "cso", "dprd"]}


@dataclass(frozen=True)
class Masukan:
    """An input on draft version 1 and the drafting team's response in version 2."""

    forum: str
    author: tuple[str, ...]  # ("pegawai", unit, jabatan[, nth]) or ("tamu", name)
    bagian: str
    masukan: str
    status: str
    tanggapan: str
    bagian_berubah: str = ""


MASUKAN: list[Masukan] = [
    Masukan(
        "F1",
        ("pegawai", "DISDUKCAPIL", "Kepala Bidang Pelayanan Pendaftaran"),
        "Pasal 10 ayat (2)",
        "Penilaian kinerja periodik setiap semester terlalu jarang untuk unit pelayanan "
        "seperti Disdukcapil. Kami mengusulkan penilaian periodik dilakukan setiap triwulan "
        "supaya sama dengan periode di e-Kinerja dan hasilnya cepat dipakai untuk "
        "memperbaiki layanan.",
        "diterima",
        "Diterima. Penilaian kinerja periodik diubah menjadi setiap triwulan dan diselaraskan "
        "dengan periode penilaian pada e-Kinerja, sebagaimana dimuat dalam Pasal 11 ayat (2) "
        "rancangan versi 2.",
        "Pasal 11",
    ),
    Masukan(
        "F1",
        ("pegawai", "PKM-TALAWI", "Kepala Puskesmas"),
        "Pasal 8 ayat (1)",
        "Umpan balik paling sedikit 1 kali dalam 3 bulan terlalu longgar. Di puskesmas rapat "
        "tim sudah rutin setiap bulan, jadi umpan balik bulanan bisa sekaligus diberikan di "
        "sana. Mohon frekuensinya diubah menjadi paling sedikit 1 kali setiap bulan.",
        "diterima",
        "Diterima. Frekuensi Umpan Balik Berkelanjutan diubah menjadi paling sedikit 1 (satu) "
        "kali setiap bulan dan dapat diberikan dalam rapat tim kerja, sebagaimana dimuat dalam "
        "Pasal 9 ayat (1) dan ayat (2) rancangan versi 2.",
        "Pasal 9",
    ),
    Masukan(
        "F1",
        ("pegawai", "SMPN1", "Guru Ahli Muda"),
        "Pasal 5",
        "Guru sudah menyusun rencana kinerja melalui platform kinerja guru dari kementerian "
        "yang tersinkron ke e-Kinerja. Kalau Perwali mewajibkan SKP disusun lagi secara "
        "terpisah, guru harus menginput dua kali. Mohon ada ketentuan khusus untuk guru dan "
        "kepala sekolah.",
        "diterima",
        "Diterima. Ditambahkan Pasal 6 yang mengatur bahwa SKP guru dan kepala sekolah "
        "disusun melalui platform pengelolaan kinerja guru yang terintegrasi dengan e-Kinerja "
        "tanpa penginputan ganda. Pasal 6 sampai dengan Pasal 16 versi 1 menjadi Pasal 7 "
        "sampai dengan Pasal 17 versi 2.",
        "Pasal 6",
    ),
    Masukan(
        "F1",
        ("pegawai", "SMPN1", "Kepala Sekolah"),
        "Pasal 15 ayat (2)",
        "Pengembangan kompetensi 20 JP per tahun: apakah pelatihan mandiri di platform guru "
        "dan kegiatan MGMP diakui sebagai JP? Guru sulit meninggalkan kelas untuk mengikuti "
        "pelatihan klasikal.",
        "tidak diterima",
        "Tidak diterima karena sudah tertampung. Pasal 16 ayat (3) rancangan versi 2 (Pasal 15 "
        "ayat (3) versi 1) telah mengakui pembelajaran mandiri, komunitas belajar, serta "
        "coaching dan mentoring sebagai pengembangan kompetensi yang diperhitungkan dalam JP. "
        "Tata cara pengakuan JP diatur dalam petunjuk teknis BKPSDM.",
    ),
    Masukan(
        "F1",
        ("pegawai", "DPMPTSP", "Penata Perizinan Ahli Muda"),
        "Pasal 18 ayat (3)",
        "Aplikasi e-Kinerja sering tidak bisa diakses menjelang batas waktu dan banyak pegawai "
        "lupa kata sandi. Mohon ada layanan bantuan (helpdesk) di BKPSDM dan admin e-Kinerja "
        "di setiap perangkat daerah.",
        "tidak diterima",
        "Tidak diterima sebagai perubahan rancangan. Pasal 19 ayat (1) telah mewajibkan setiap "
        "Perangkat Daerah menunjuk pengelola e-Kinerja. Layanan bantuan teknis merupakan hal "
        "operasional yang akan disediakan BKPSDM dan diatur dalam petunjuk teknis.",
    ),
    Masukan(
        "F1",
        ("pegawai", "DINKES", "Sekretaris"),
        "Pasal 13 ayat (2)",
        "Pola distribusi predikat sulit diterapkan pada unit kecil dengan 3 sampai 5 pegawai. "
        "Kami minta unit dengan pegawai kurang dari 10 orang dikecualikan dari kurva "
        "distribusi.",
        "tidak diterima",
        "Tidak diterima. Pola distribusi predikat mengikuti Surat Edaran Menteri PANRB Nomor 3 "
        "Tahun 2023 dan berlaku bagi seluruh unit kerja. Pasal 14 ayat (3) rancangan versi 2 "
        "menegaskan bahwa ketidaksesuaian dengan pola distribusi menjadi peringatan dan bahan "
        "pembinaan bagi unit kerja, bukan dasar pemberian sanksi kepada Pegawai.",
    ),
    Masukan(
        "F1",
        ("tamu", "Dr. Riswandi Syahputra, S.H., M.H."),
        "Pasal 17",
        "Pengumuman predikat kinerja setiap pegawai pada papan pengumuman unit kerja "
        "bertentangan dengan prinsip pelindungan data pribadi dalam Undang-Undang Nomor 27 "
        "Tahun 2022. Kami mengusulkan Pasal 17 dihapus; yang diumumkan cukup rekapitulasi per "
        "unit kerja tanpa nama pegawai.",
        "diterima",
        "Diterima. Pasal 17 rancangan versi 1 tentang pengumuman hasil penilaian kinerja "
        "dihapus. Pasal 13 ayat (4) dan ayat (5) rancangan versi 2 menegaskan bahwa Predikat "
        "Kinerja Pegawai hanya dapat diakses oleh Pegawai yang bersangkutan, Pejabat Penilai "
        "Kinerja, atasan Pejabat Penilai Kinerja, dan pengelola kepegawaian, dan bahwa hasil "
        "penilaian hanya dipublikasikan sebagai rekapitulasi per unit kerja tanpa identitas "
        "Pegawai.",
        "Pasal 13",
    ),
    Masukan(
        "F1",
        ("pegawai", "KEC-TALAWI", "Camat"),
        "Pasal 7 ayat (2)",
        "Pegawai kecamatan banyak bekerja di lapangan, di desa dan kelurahan. Mohon bukti "
        "dukung kinerja boleh berupa foto kegiatan dari telepon genggam, tidak harus surat "
        "atau laporan resmi.",
        "tidak diterima",
        "Tidak diterima karena sudah tertampung. Pasal 8 ayat (2) rancangan versi 2 (Pasal 7 "
        "ayat (2) versi 1) menyatakan bahwa bukti dukung dapat berupa dokumen elektronik, "
        "termasuk foto dan rekaman kegiatan.",
    ),
    Masukan(
        "F1",
        ("pegawai", "RSUD", "Perawat Ahli Muda"),
        "Pasal 11",
        "Perawat bekerja dalam sistem shift dan jarang bertemu langsung dengan atasan. Mohon "
        "penilaian perilaku juga mempertimbangkan masukan rekan kerja satu shift dan pasien.",
        "tidak diterima",
        "Tidak diterima sebagai perubahan. Rating perilaku kerja ditetapkan oleh Pejabat "
        "Penilai Kinerja sesuai Peraturan Menteri PANRB Nomor 6 Tahun 2022. Masukan rekan "
        "kerja dan pengguna layanan sudah dapat dijadikan bahan Umpan Balik Berkelanjutan "
        "sebagaimana diatur dalam Pasal 9 ayat (3) rancangan versi 2.",
    ),
    Masukan(
        "F1",
        ("pegawai", "INSPEKTORAT", "Auditor Ahli Madya"),
        "Pasal 16",
        "Perlu ditegaskan bahwa predikat Sangat Kurang tidak otomatis menjadi hukuman "
        "disiplin. Penjatuhan hukuman disiplin harus tetap melalui pemeriksaan sesuai PP "
        "Nomor 94 Tahun 2021.",
        "tidak diterima",
        "Tidak diterima karena sudah tertampung. Pasal 17 ayat (3) rancangan versi 2 (Pasal 16 "
        "ayat (3) versi 1) telah menyatakan bahwa hukuman disiplin dijatuhkan melalui "
        "pemeriksaan sesuai ketentuan peraturan perundang-undangan mengenai disiplin pegawai "
        "negeri sipil.",
    ),
    Masukan(
        "F1",
        ("pegawai", "DISDIK", "Analis Kebijakan"),
        "",
        "Mohon sosialisasi Peraturan Wali Kota ini tidak hanya untuk pejabat struktural, "
        "tetapi sampai ke sekolah dan kantor kelurahan. Materi pelatihan e-Kinerja juga "
        "sebaiknya dibuat dalam bentuk video supaya bisa diputar ulang.",
        "di luar lingkup",
        "Di luar lingkup materi muatan Peraturan Wali Kota. Usulan dicatat untuk tahap "
        "sosialisasi: kegiatan sosialisasi dan pelatihan e-Kinerja direncanakan menjangkau "
        "seluruh Perangkat Daerah termasuk sekolah dan kecamatan, dan materinya dibagikan "
        "dalam bentuk rekaman.",
    ),
    Masukan(
        "F1",
        ("pegawai", "KEC-SILUNGKANG", "Sekretaris Kecamatan"),
        "Pasal 8",
        "Umpan balik dari atasan selama ini hanya lisan sehingga tidak ada buktinya ketika "
        "penilaian. Mohon diatur agar umpan balik dicatat di e-Kinerja.",
        "diterima sebagian",
        "Diterima sebagian. Pasal 9 ayat (4) rancangan versi 2 mewajibkan pokok Umpan Balik "
        "Berkelanjutan dicatat pada e-Kinerja paling lambat akhir bulan berjalan. Umpan balik "
        "tetap dapat disampaikan secara lisan atau dalam rapat tim kerja tanpa notulen "
        "tersendiri agar tidak menambah beban administrasi.",
        "Pasal 9",
    ),
    Masukan(
        "F1",
        ("tamu", "Dr. Nofrianti Yusra, S.Psi., M.Si."),
        "Pasal 22 ayat (1)",
        "Pemantauan dan evaluasi kebijakan perlu indikator dengan nilai dasar dan target yang "
        "terukur, dan sebaiknya melibatkan pihak independen seperti perguruan tinggi agar "
        "hasilnya objektif.",
        "tidak diterima",
        "Tidak diterima sebagai perubahan. Pasal 22 ayat (2) telah mengatur bahwa indikator, "
        "nilai dasar, dan target kebijakan ditetapkan dalam rencana aksi dengan Keputusan Wali "
        "Kota, dan Pasal 22 ayat (4) telah memungkinkan keterlibatan perguruan tinggi sebagai "
        "mitra evaluasi.",
    ),
    Masukan(
        "F2",
        ("tamu", "Wirdayanti"),
        "Pasal 21",
        "Mengurus KTP-el dan KK di Disdukcapil bisa berhari-hari dan harus bolak-balik. Mohon "
        "kecepatan pelayanan menjadi ukuran kinerja petugas, bukan hanya kehadiran.",
        "tidak diterima",
        "Tidak diterima sebagai perubahan. Kecepatan pelayanan merupakan unsur Waktu "
        "Penyelesaian (u3) dalam SKM yang menurut Pasal 21 menjadi indikator kinerja Unit "
        "Layanan, dan indikator kinerja individu petugas diturunkan dari indikator unit "
        "melalui SKP sebagaimana diatur dalam Pasal 5 ayat (3).",
    ),
    Masukan(
        "F2",
        ("tamu", "Hendra Gusman"),
        "Pasal 20 ayat (4)",
        "Hasil SKM selama ini hanya dilaporkan kepada pimpinan. Kami meminta hasil SKM setiap "
        "unit layanan, termasuk nilai per unsur dan rencana perbaikannya, diumumkan kepada "
        "masyarakat melalui laman resmi dan papan informasi di unit layanan.",
        "diterima",
        "Diterima. Pasal 20 ayat (5) rancangan versi 2 mewajibkan hasil SKM setiap Unit "
        "Layanan, termasuk nilai per unsur, dan rencana tindak lanjutnya dipublikasikan melalui "
        "laman resmi Pemerintah Daerah paling lambat 1 (satu) bulan setelah periode survei "
        "berakhir. Penempelan pada papan informasi Unit Layanan diatur dalam petunjuk teknis.",
        "Pasal 20",
    ),
    Masukan(
        "F2",
        ("tamu", "Zulhendri"),
        "Pasal 20",
        "Perlu saluran pengaduan yang jelas untuk melaporkan petugas yang tidak ramah atau "
        "meminta biaya di luar ketentuan, dan pengaduan itu harus berpengaruh pada penilaian "
        "kinerja pegawai yang bersangkutan.",
        "diterima sebagian",
        "Diterima sebagian. Pasal 20 ayat (6) rancangan versi 2 mewajibkan setiap Unit Layanan "
        "menyediakan kanal pengaduan, yang akan dihubungkan dengan SP4N-LAPOR!, dan menanggapi "
        "pengaduan paling lama 48 (empat puluh delapan) jam. Menurut Pasal 9 ayat (3), "
        "pengaduan yang terbukti menjadi bahan Umpan Balik Berkelanjutan, tidak langsung "
        "menjadi nilai kinerja, sehingga Pegawai yang diadukan tetap mendapat kesempatan "
        "memberi penjelasan.",
        "Pasal 9; Pasal 20",
    ),
    Masukan(
        "F2",
        ("tamu", "H. Zainal Arifin, S.H."),
        "Pasal 10",
        "Kami mendukung penilaian kinerja dilakukan lebih sering. Rekapitulasi hasil penilaian "
        "per triwulan hendaknya juga disampaikan kepada DPRD sebagai bahan pengawasan.",
        "diterima sebagian",
        "Diterima sebagian. Penilaian kinerja periodik per triwulan telah dimuat dalam Pasal 11 "
        "ayat (2) rancangan versi 2. Penyampaian kepada DPRD dilakukan melalui Laporan "
        "Keterangan Pertanggungjawaban Kepala Daerah sesuai ketentuan peraturan "
        "perundang-undangan sehingga tidak diatur tersendiri dalam Peraturan Wali Kota ini.",
        "Pasal 11",
    ),
    Masukan(
        "F2",
        ("tamu", "Elvi Susanti, S.Pd."),
        "Pasal 14",
        "Penghargaan bagi pegawai berprestasi jangan hanya berupa tambahan penghasilan. Perlu "
        "kriteria yang terbuka dan kesempatan pengembangan karier.",
        "tidak diterima",
        "Tidak diterima karena sudah tertampung. Pasal 15 ayat (2) rancangan versi 2 (Pasal 14 "
        "ayat (2) versi 1) memuat penghargaan berupa kesempatan pengembangan karier dan "
        "pengembangan kompetensi, dan kriterianya ditetapkan dengan Keputusan Wali Kota sesuai "
        "Pasal 15 ayat (3).",
    ),
    Masukan(
        "F2",
        ("tamu", "Nurlela"),
        "Pasal 3",
        "Jalan menuju Desa Tumpuak Tangah sudah lama berlubang dan sangat berbahaya waktu "
        "hujan. Mohon segera diperbaiki karena anak sekolah setiap hari lewat di sana.",
        "di luar lingkup",
        "Di luar lingkup Peraturan Wali Kota tentang manajemen kinerja ASN. Pengaduan mengenai "
        "kerusakan jalan telah diteruskan kepada Perangkat Daerah yang membidangi pekerjaan "
        "umum melalui SP4N-LAPOR! untuk ditindaklanjuti.",
    ),
    Masukan(
        "F2",
        ("tamu", "Irma Suryani"),
        "Pasal 20",
        "Kajian lengkap kami ada di sini: [klik](javascript:alert(1)) "
        "<script>alert(1)</script> Intinya hasil SKM juga harus dibuka per kelurahan dan per "
        "desa.",
        "tidak diterima",
        "Tidak diterima. Tautan yang disertakan tidak dapat dibuka sehingga kajian yang "
        "dimaksud belum dapat ditanggapi; penyampai dipersilakan mengirim kajian tertulis "
        "kepada BKPSDM. Publikasi hasil SKM per Unit Layanan telah dimuat dalam Pasal 20 "
        "ayat (5) rancangan versi 2; publikasi per kelurahan atau desa tidak dimungkinkan "
        "karena SKM dilaksanakan per Unit Layanan dan jumlah responden per desa terlalu kecil.",
    ),
    Masukan(
        "F2",
        ("tamu", "Rosnawati"),
        "Pasal 16",
        "Catatan saya (mohon baca yang **tebal**):\n"
        "# Pelayanan di kantor camat harus tepat waktu\n"
        "**Pegawai yang sering datang terlambat agar diberi teguran tertulis.**",
        "tidak diterima",
        "Tidak diterima sebagai perubahan. Kedisiplinan masuk kerja diatur dalam peraturan "
        "perundang-undangan mengenai disiplin pegawai negeri sipil dan ketentuan hari dan jam "
        "kerja. Keterlambatan petugas dapat dilaporkan melalui kanal pengaduan sebagaimana "
        "diatur dalam Pasal 20 ayat (6) rancangan versi 2.",
    ),
    Masukan(
        "F2",
        ("tamu", "Rahmat Fauzi"),
        "Pasal 20 ayat (2)",
        "Kuesioner SKM selama ini hanya kertas dengan tulisan kecil. Mohon SKM bisa diisi oleh "
        "penyandang disabilitas, misalnya dengan huruf besar, versi audio, atau didampingi "
        "petugas.",
        "diterima sebagian",
        "Diterima sebagian. Pasal 20 ayat (2) rancangan versi 2 mewajibkan SKM dilaksanakan "
        "dengan sarana yang mudah diakses penyandang disabilitas. Bentuk "
        "sarananya (huruf besar, audio, atau pendampingan) ditetapkan oleh masing-masing Unit "
        "Layanan sesuai kemampuan.",
        "Pasal 20",
    ),
    Masukan(
        "F2",
        ("tamu", "Syamsul Bahri Dt. Rajo Mangkuto"),
        "Pasal 21 ayat (3)",
        "Unit layanan yang nilai SKM-nya rendah harus membuat rencana perbaikan dengan batas "
        "waktu yang jelas, dan hasilnya diumumkan kepada warga.",
        "diterima sebagian",
        "Diterima sebagian. Publikasi rencana tindak lanjut hasil SKM telah dimuat dalam Pasal "
        "20 ayat (5) rancangan versi 2. Batas waktu perbaikan ditetapkan dalam rencana tindak "
        "lanjut masing-masing Unit Layanan karena bergantung pada unsur pelayanan yang perlu "
        "diperbaiki.",
        "Pasal 20",
    ),
    Masukan(
        "F2",
        ("tamu", "Rudi Hartono, S.E."),
        "Pasal 15",
        "Agar pengembangan kompetensi 20 JP benar-benar terlaksana, mohon ditegaskan alokasi "
        "anggarannya dalam APBD setiap tahun.",
        "tidak diterima",
        "Tidak diterima. Besaran anggaran ditetapkan melalui mekanisme APBD dan tidak dapat "
        "diatur dalam Peraturan Wali Kota. Pasal 16 ayat (4) rancangan versi 2 telah "
        "menugaskan Perangkat Daerah menganggarkan pengembangan kompetensi sesuai kemampuan "
        "keuangan daerah.",
    ),
]
STATUSES = {"diterima", "diterima sebagian", "tidak diterima", "di luar lingkup"}


# ------------------------------------------------- the second consultation round

# Leadership returned rancangan versi 2 for another consultation round: forum F3 (round 2
# in the pack) on version 2, inputs numbered after those of round 1, and the drafting
# team's responses to every input of both rounds for rancangan versi 3.
FORUM_CODES_R2 = {"F3": ["asn", "masyarakat", "cso", "akademisi"]}
F3_GUESTS = [
    ("Aulia Rahman, S.IP., M.A.", "FISIP Universitas Andalas", "akademisi", True),
    ("Meri Anggraini, S.E., M.Si.", "Universitas Muhammadiyah Sumatera Barat", "akademisi", True),
    ("Linda Kurniasih", "Pengguna Layanan Disdukcapil", "masyarakat", True),
    ("Bustanul Arifin", "Warga Kecamatan Talawi", "masyarakat", True),
    ("Marlis", "Warga Kecamatan Lembah Segar", "masyarakat", True),
    ("Yuliani Putri", "Warga Desa Bukik Gadang", "masyarakat", True),
    ("Efrizal", "Pelaku UMKM Kecamatan Barangin", "masyarakat", False),
    ("Wahyu Hidayat", "Lembaga Bantuan Hukum Kota Sawahlunto", "cso", True),
    ("Hendra Gusman", "Forum Warga Peduli Pelayanan Publik Sawahlunto", "cso", True),
    ("Rahmat Fauzi", "Komunitas Difabel Sawahlunto Bangkit", "cso", True),
    ("Hj. Nurbaiti", "Bundo Kanduang Kota Sawahlunto", "cso", True),
]
SMALL_UNITS = (
    "Rekapitulasi per unit kerja pada unit yang kecil, misalnya kantor kelurahan dengan 3 "
    "pegawai, tetap memungkinkan orang menebak predikat seseorang. Mohon rekapitulasi hanya "
    "dibuat untuk unit dengan paling sedikit 10 pegawai atau digabung dengan unit induknya."
)
SMALL_UNITS_ANSWER = (
    "Diterima. Pasal 13 ayat (5) rancangan versi 3 menetapkan bahwa unit kerja dengan kurang "
    "dari 10 (sepuluh) Pegawai direkapitulasi bersama unit kerja induknya, sehingga predikat "
    "seorang Pegawai tidak dapat ditebak dari rekapitulasi."
)
#: How many of the round-2 inputs (the first ones) come through the portal.
PORTAL_R2 = 3
PORTAL_EMAILS = {"Linda Kurniasih": "linda.kurniasih@warga.example"}

MASUKAN_R2: list[Masukan] = [
    Masukan(
        "F3",
        ("pegawai", "DISDUKCAPIL", "Kepala Bidang Pelayanan Pendaftaran"),
        "Pasal 9 ayat (4)",
        "Pencatatan pokok umpan balik paling lambat akhir bulan berjalan menyulitkan karena "
        "rapat tim kerja kami justru diadakan pada minggu terakhir setiap bulan. Mohon batasnya "
        "menjadi beberapa hari kerja pada awal bulan berikutnya.",
        "diterima",
        "Diterima. Pasal 9 ayat (4) rancangan versi 3 mengubah batas pencatatan pokok Umpan "
        "Balik Berkelanjutan menjadi paling lambat 5 (lima) hari kerja setelah bulan berjalan "
        "berakhir.",
        "Pasal 9",
    ),
    Masukan(
        "F3",
        ("tamu", "Linda Kurniasih"),
        "Pasal 20 ayat (6)",
        "Batas 48 jam untuk menanggapi pengaduan apakah termasuk hari libur? Mohon dijelaskan "
        "dalam peraturan agar warga tahu kapan pengaduannya harus sudah dijawab.",
        "diterima",
        "Diterima. Pasal 20 ayat (6) rancangan versi 3 menegaskan bahwa batas 48 (empat puluh "
        "delapan) jam dihitung pada hari kerja sejak pengaduan diterima.",
        "Pasal 20",
    ),
    Masukan(
        "F3",
        ("tamu", "Bustanul Arifin"),
        "Pasal 20",
        "Batas 48 jam untuk menanggapi pengaduan apakah termasuk hari libur? Mohon dijelaskan "
        "dalam peraturan supaya warga tahu kapan pengaduannya harus sudah dijawab petugas.",
        "diterima",
        "Diterima, sama dengan tanggapan atas masukan nomor 26. Pasal 20 ayat (6) rancangan "
        "versi 3 menegaskan bahwa batas 48 (empat puluh delapan) jam dihitung pada hari kerja "
        "sejak pengaduan diterima.",
        "Pasal 20",
    ),
    Masukan(
        "F3",
        ("tamu", "Wahyu Hidayat"),
        "Pasal 13 ayat (5)",
        SMALL_UNITS,
        "diterima",
        SMALL_UNITS_ANSWER,
        "Pasal 13",
    ),
    Masukan(
        "F3",
        ("tamu", "Aulia Rahman, S.IP., M.A."),
        "Pasal 22 ayat (4)",
        "Hasil pemantauan dan evaluasi kebijakan sebaiknya dibuka kepada publik, tidak hanya "
        "dilaporkan kepada Wali Kota, agar perguruan tinggi dan masyarakat dapat ikut mengawasi "
        "pelaksanaannya.",
        "diterima sebagian",
        "Diterima sebagian. Pasal 22 ayat (6) rancangan versi 3 mewajibkan ringkasan hasil "
        "pemantauan dan evaluasi dipublikasikan melalui laman resmi Pemerintah Daerah. Laporan "
        "lengkap tidak dipublikasikan karena memuat data kinerja Pegawai.",
        "Pasal 22",
    ),
    Masukan(
        "F3",
        ("pegawai", "SMPN1", "Guru Ahli Muda"),
        "Pasal 6 ayat (1)",
        "Terima kasih Pasal 6 sudah ditambahkan. Mohon nama platformnya disebut langsung, yaitu "
        "Platform Merdeka Mengajar, supaya kepala sekolah tidak menafsirkan lain.",
        "tidak diterima",
        "Tidak diterima. Nama platform dapat berubah mengikuti kebijakan kementerian, sehingga "
        "Pasal 6 ayat (1) sengaja merujuk pada platform pengelolaan kinerja guru yang ditetapkan "
        "kementerian. Nama platform yang berlaku disampaikan dalam petunjuk teknis BKPSDM.",
    ),
    Masukan(
        "F3",
        ("tamu", "Hendra Gusman"),
        "Pasal 13 ayat (5)",
        SMALL_UNITS,
        "diterima",
        "Diterima, sama dengan tanggapan atas masukan nomor 28. " + SMALL_UNITS_ANSWER,
        "Pasal 13",
    ),
    Masukan(
        "F3",
        ("tamu", "Marlis"),
        "",
        "Rancangan versi 2 sudah jauh lebih baik. Mohon sosialisasinya dilakukan sampai ke desa "
        "melalui perangkat desa dan kader, karena warga jarang membuka laman resmi.",
        "di luar lingkup",
        "Di luar lingkup materi muatan Peraturan Wali Kota. Usulan dicatat untuk tahap "
        "sosialisasi: ringkasan peraturan dan hasil SKM disebarkan juga melalui kantor desa dan "
        "kelurahan.",
    ),
    Masukan(
        "F3",
        ("pegawai", "RSUD", "Perawat Ahli Muda"),
        "Pasal 16 ayat (1)",
        "Perawat yang bertugas shift malam sulit mengikuti pelatihan klasikal. Mohon pelatihan "
        "daring dan webinar dihitung sebagai JP pengembangan kompetensi.",
        "tidak diterima",
        "Tidak diterima karena sudah tertampung. Pasal 16 ayat (3) mengakui pembelajaran "
        "mandiri, termasuk pelatihan daring, sebagai pengembangan kompetensi yang diperhitungkan "
        "dalam JP; tata cara pengakuannya diatur dalam petunjuk teknis BKPSDM.",
    ),
]


def make_round2_attendance(rng: random.Random, staff: list[Employee]) -> list[list[str]]:
    """The sign-in list of F3: the ASN who gave input, BKPSDM, a few others; the guests."""
    must = [find(staff, "BKPSDM", "Kepala Bidang Penilaian Kinerja")]
    for item in MASUKAN_R2:
        if item.author[0] == "pegawai":
            must.append(find(staff, item.author[1], item.author[2]))
    chosen = {e.nip for e in must}
    others = [e for e in staff if e.nip not in chosen and e.head]
    extra = rng.sample(others, 6)
    absent = {extra[-1].nip}
    order = {code: i for i, (code, *_rest) in enumerate(UNITS)}
    asn = sorted(must + extra, key=lambda e: (order[e.unit], staff.index(e)))
    rows = [
        ["F3", e.nama, e.nip, UNIT_NAME[e.unit], "asn", "tidak" if e.nip in absent else "ya"]
        for e in asn
    ]
    rows += [
        ["F3", n, "", inst, grp, "ya" if here else "tidak"] for n, inst, grp, here in F3_GUESTS
    ]
    return rows


def make_round2(staff: list[Employee]) -> tuple[list[list[str]], list[list[str]]]:
    """Rows of masukan_putaran2.csv and tanggapan_v3.csv (every input of both rounds)."""
    inputs = []
    responses = [
        [str(number), item.status, item.tanggapan, item.bagian_berubah]
        for number, item in enumerate(MASUKAN, start=1)
    ]
    for number, item in enumerate(MASUKAN_R2, start=len(MASUKAN) + 1):
        name, _nip, institution, group = _author(staff, item.author)
        inputs.append([item.forum, name, institution, group, item.bagian, item.masukan])
        responses.append([str(number), item.status, item.tanggapan, item.bagian_berubah])
    return inputs, responses


def check_round2_drafts(responses: list[list[str]]) -> set[int]:
    """The Pasal named by the round-2 responses are exactly those v3 changes (no renumbering)."""
    v2, v3 = pasal_bodies("rancangan_v2.md"), pasal_bodies("rancangan_v3.md")
    assert list(v2) == list(v3), "rancangan v3 tidak menyisipkan atau menghapus Pasal"
    changed = {n for n in v3 if v3[n] != v2[n]}
    named = {
        int(ref) for row in responses[len(MASUKAN) :] for ref in re.findall(r"Pasal (\d+)", row[3])
    }
    assert named == changed, (sorted(named), sorted(changed))
    return changed


def _author(staff: list[Employee], author: tuple[str, ...]) -> tuple[str, str, str, str]:
    """(name, nip, institution, group) of an input's author."""
    if author[0] == "pegawai":
        nth = int(author[3]) if len(author) > 3 else 0
        emp = find(staff, author[1], author[2], nth)
        return emp.nama, emp.nip, UNIT_NAME[emp.unit], "asn"
    guest = next(g for g in F1_GUESTS + F2_GUESTS + F3_GUESTS if g[0] == author[1])
    return guest[0], "", guest[1], guest[2]


def make_forum_attendance(rng: random.Random, staff: list[Employee]) -> list[list[str]]:
    """Sign-in lists of F1 (ASN and academics) and F2 (public, CSOs, DPRD)."""
    key_names = {p.nama for p in KEY_PEOPLE if p.jabatan != "Pranata Komputer Ahli Muda"}
    must = [e for e in staff if e.nama in key_names]
    must += [find(staff, "BKPSDM", "Kepala Bidang Penilaian Kinerja")]
    for item in MASUKAN:
        if item.forum == "F1" and item.author[0] == "pegawai":
            name = _author(staff, item.author)[0]
            must += [e for e in staff if e.nama == name]
    chosen = {e.nip for e in must}
    others = [e for e in staff if e.nip not in chosen and not e.jabatan.startswith("Guru")]
    rng.shuffle(others)
    covered_units = {e.unit for e in must}
    extra: list[Employee] = []
    for emp in others:  # at least one person from every unit, then seniors first
        if emp.unit not in covered_units:
            extra.append(emp)
            covered_units.add(emp.unit)
    for emp in sorted(others, key=lambda e: (not e.head, not e.jabatan.startswith("Kepala"))):
        if len(must) + len(extra) >= 34:
            break
        if emp not in extra:
            extra.append(emp)
    absent = {e.nip for e in rng.sample(extra, 3)}
    order = {code: i for i, (code, *_rest) in enumerate(UNITS)}
    asn = sorted(must + extra, key=lambda e: (order[e.unit], staff.index(e)))
    rows = [
        ["F1", e.nama, e.nip, UNIT_NAME[e.unit], "asn", "tidak" if e.nip in absent else "ya"]
        for e in asn
    ]
    for forum, guests in (("F1", F1_GUESTS), ("F2", F2_GUESTS)):
        rows += [
            [forum, n, "", inst, grp, "ya" if here else "tidak"] for n, inst, grp, here in guests
        ]
    return rows


def make_inputs(staff: list[Employee]) -> tuple[list[list[str]], list[list[str]]]:
    """Rows of masukan_forum.xlsx and tanggapan.csv (numbered by data row)."""
    inputs, responses = [], []
    for number, item in enumerate(MASUKAN, start=1):
        name, _nip, institution, group = _author(staff, item.author)
        inputs.append([item.forum, name, institution, group, item.bagian, item.masukan])
        responses.append([str(number), item.status, item.tanggapan, item.bagian_berubah])
    return inputs, responses


# ---------------------------------------------------------------- socialisation

# workshop code -> units it is meant for (as in the pack)
WORKSHOPS = {
    "W1": [code for code, *_ in UNITS],
    "W2": [code for code, *_ in UNITS],
    "W3": ["DISDUKCAPIL", "DPMPTSP", "PKM-TALAWI", "RSUD", *KECAMATAN],
    "W4": [code for code, *_ in UNITS],
}
# employees of a unit who attend no workshop at all (RSUD: shift duty)
# (KEC-LEMBAH-SEGAR: 4 of 5, exactly the 80 % target)
NOT_REACHED = {
    "DISDUKCAPIL": 1,
    "DPMPTSP": 1,
    "DISDIK": 1,
    "SMPN1": 1,
    "PKM-TALAWI": 1,
    "RSUD": 5,
    "KEC-LEMBAH-SEGAR": 1,
}


def _test_scores(rng: random.Random) -> tuple[str, str]:
    pre = min(90.0, max(20.0, round(rng.gauss(58, 11) * 2) / 2))
    gain = rng.gauss(16, 8)
    post = min(100.0, max(25.0, round((pre + gain) * 2) / 2))
    pre_text = "" if rng.random() < 0.03 else fmt_score(pre)
    return pre_text, fmt_score(post)


def make_workshop_attendance(rng: random.Random, staff: list[Employee]) -> list[list[str]]:
    """Attendance of W1-W4 with pre/post tests; coverage as NOT_REACHED describes."""
    present: dict[str, set[str]] = defaultdict(set)  # workshop -> NIPs present
    invited_absent: dict[str, set[str]] = defaultdict(set)
    for unit, *_ in UNITS:
        people = [e for e in staff if e.unit == unit]
        candidates = [e for e in people if not e.head]
        missing = {e.nip for e in rng.sample(candidates, NOT_REACHED.get(unit, 0))}
        options = [w for w, units in WORKSHOPS.items() if unit in units]
        for emp in people:
            if emp.nip in missing:
                if rng.random() < 0.7:
                    invited_absent[rng.choice(options)].add(emp.nip)
                continue
            first = (
                "W1"
                if emp.head or emp.jabatan.startswith(("Sekretaris", "Kepala"))
                else rng.choice(options)
            )
            present[first].add(emp.nip)
            for other in options:
                if other != first and rng.random() < 0.35:
                    (present if rng.random() < 0.85 else invited_absent)[other].add(emp.nip)
    rows = []
    for workshop in WORKSHOPS:
        for emp in staff:
            if emp.nip in present[workshop]:
                pre, post = _test_scores(rng)
                rows.append([workshop, emp.nip, "ya", pre, post])
            elif emp.nip in invited_absent[workshop]:
                rows.append([workshop, emp.nip, "tidak", "", ""])
    return rows


def coverage(staff: list[Employee], rows: list[list[str]]) -> dict[str, Fraction]:
    """Employees with at least one workshop attended / employees, per unit."""
    reached = {r[1] for r in rows if r[2] == "ya"}
    out = {}
    for unit, *_ in UNITS:
        people = [e for e in staff if e.unit == unit]
        out[unit] = Fraction(sum(e.nip in reached for e in people), len(people))
    return out


# --------------------------------------------------------------- implementation

MILESTONES = [
    ("SKP 2026 disusun sesuai Perwali", date(2026, 7, 31)),
    ("Umpan balik berkelanjutan bulanan berjalan", date(2026, 8, 31)),
    ("Penilaian periodik TW II dilaksanakan", date(2026, 9, 15)),
]
LATE = {
    "RSUD": [
        ("proses", None, "SKP dokter dan perawat shift belum seluruhnya ditetapkan"),
        ("belum", None, "Menunggu SKP seluruh pegawai ditetapkan"),
        ("belum", None, "Belum dijadwalkan; bergantung pada penyelesaian SKP"),
    ],
    "KEC-TALAWI": [
        ("selesai", date(2026, 8, 6), "Selesai terlambat karena pergantian Sekretaris Kecamatan"),
        ("proses", None, "Umpan balik baru berjalan di Tim Pelayanan"),
        ("belum", None, "Penilaian TW II belum dilakukan"),
    ],
}
DONE_NOTES = [
    "SKP seluruh pegawai telah ditetapkan di e-Kinerja",
    "Umpan balik Juli dan Agustus tercatat di e-Kinerja",
    "Penilaian periodik TW II telah ditetapkan pejabat penilai",
]


def make_progress(rng: random.Random) -> list[list[str]]:
    """Rollout milestones per unit as of 30/09/2026; RSUD and KEC-TALAWI are late."""
    rows = []
    for unit, *_ in UNITS:
        for index, (stage, due) in enumerate(MILESTONES):
            if unit in LATE:
                status, done, note = LATE[unit][index]
            else:
                status, note = "selesai", DONE_NOTES[index]
                done = due - timedelta(days=rng.randint(0, 12))
                if unit == "DISDIK" and index == 0:
                    done, note = date(2026, 8, 5), "Selesai setelah sinkronisasi SKP guru"
                while done.weekday() >= 5:
                    done -= timedelta(days=1)
            rows.append([unit, stage, fmt_date(due), status, fmt_date(done) if done else "", note])
    return rows


def late_units(rows: list[list[str]]) -> set[str]:
    """Units with a milestone past due and not done as of AS_OF."""
    out = set()
    for unit, _stage, due, status, _done, _note in rows:
        d = datetime.strptime(due, "%d/%m/%Y").date()
        if status != "selesai" and d < AS_OF:
            out.add(unit)
    return out


# ------------------------------------------------------------------- evaluation

RATING = {
    "atas": [
        "Di Atas Ekspektasi",
        "Di Atas Ekspektasi",
        "di atas ekspektasi",
        "DI ATAS EKSPEKTASI",
    ],
    "sesuai": [
        "Sesuai Ekspektasi",
        "Sesuai Ekspektasi",
        "sesuai ekspektasi",
        "SESUAI EKSPEKTASI",
        "Sesuai ekspektasi",
    ],
    "bawah": ["Di Bawah Ekspektasi", "di bawah ekspektasi", "DI BAWAH EKSPEKTASI"],
}


def predikat(hasil: str, perilaku: str) -> str:
    """PermenPANRB 6/2022 matrix (DOMAIN.md section 2.2)."""
    if perilaku == "bawah":
        return "Sangat Kurang" if hasil == "bawah" else "Kurang/Misconduct"
    if hasil == "bawah":
        return "Butuh Perbaikan"
    if hasil == "atas" and perilaku == "atas":
        return "Sangat Baik"
    return "Baik"


# The capaian kinerja organisasi the leader above each unit set for TW III 2026 (SE
# MenPANRB 3/2023). Only some units: the others are checked as Baik, and the reports say
# that theirs is not set. Istimewa and Kurang give other curve warnings than Baik.
CAPAIAN_HEADER = ["periode", "unit_kerja", "capaian", "ditetapkan_oleh", "catatan"]
CAPAIAN = [
    ["TW III 2026", "DISDUKCAPIL", "Istimewa", "Sekretaris Daerah",
     "Rencana aksi triwulan III melampaui target: layanan adminduk daring di semua kecamatan"],
    ["TW III 2026", "DINKES", "Baik", "Sekretaris Daerah", ""],
    ["TW III 2026", "PKM-TALAWI", "Baik", "Kepala Dinas Kesehatan", ""],
    ["TW III 2026", "KEC-BARANGIN", "Kurang", "Sekretaris Daerah",
     "Sebagian besar rencana aksi triwulan III belum mencapai target periodik"],
]  # fmt: skip


def make_ekinerja(rng: random.Random, staff: list[Employee]) -> list[list[str]]:
    """TW III 2026 ratings for every employee.

    Ten Sangat Baik in ten different units, five Butuh Perbaikan, one Kurang/Misconduct
    and one Sangat Kurang in seven other-than-head positions of seven different units;
    everyone else Baik (mostly "sesuai / sesuai").
    """
    units = [code for code, *_ in UNITS]
    plan: dict[str, tuple[str, str]] = {}
    for unit in rng.sample(units, 10):
        plan[rng.choice([e for e in staff if e.unit == unit and not e.head]).nip] = ("atas", "atas")
    weak = [("bawah", "sesuai")] * 4 + [("bawah", "atas"), ("sesuai", "bawah"), ("bawah", "bawah")]
    for unit, combo in zip(rng.sample(units, len(weak)), weak, strict=True):
        pool = [e for e in staff if e.unit == unit and not e.head and e.nip not in plan]
        plan[rng.choice(pool).nip] = combo
    rows = []
    for emp in staff:
        hasil, perilaku = (
            plan.get(emp.nip)
            or rng.choices(
                [("sesuai", "sesuai"), ("atas", "sesuai"), ("sesuai", "atas")], [70, 15, 15]
            )[0]
        )
        rows.append(
            ["TW III 2026", emp.nip, rng.choice(RATING[hasil]), rng.choice(RATING[perilaku])]
        )
    return rows


def _rating_key(text: str) -> str:
    low = text.lower()
    return "atas" if "atas" in low else "bawah" if "bawah" in low else "sesuai"


def predikat_counts(rows: list[list[str]]) -> Counter[str]:
    """Predikat distribution of e-Kinerja rows."""
    return Counter(predikat(_rating_key(r[2]), _rating_key(r[3])) for r in rows)


# ------------------------------------------------------------------- the drafts


def pasal_bodies(name: str) -> dict[int, str]:
    """Pasal number -> text of a hand-written draft; checks continuous numbering."""
    text = (HERE / name).read_text(encoding="utf-8")
    parts = re.split(r"^#{3,4} Pasal (\d+)\n", text, flags=re.M)
    bodies = {}
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        bodies[int(number)] = re.split(r"^#", body, flags=re.M)[0].strip()
    assert list(bodies) == list(range(1, len(bodies) + 1)), (name, list(bodies))
    return bodies


def check_drafts(responses: list[list[str]]) -> tuple[set[int], set[int]]:
    """The Pasal of v2 named in tanggapan.csv are exactly the new or changed ones.

    Returns (v2 Pasal new or changed, v1 Pasal whose text is gone from v2).
    """
    v1, v2 = pasal_bodies("rancangan_v1.md"), pasal_bodies("rancangan_v2.md")
    changed = {n for n, body in v2.items() if body not in v1.values()}
    gone = {n for n, body in v1.items() if body not in v2.values()}
    named = {int(ref) for row in responses for ref in re.findall(r"Pasal (\d+)", row[3])}
    assert named == changed, (sorted(named), sorted(changed))
    return changed, gone


# --------------------------------------------------------------------- the pack


def _block(text: str, key: str) -> str:
    match = re.search(rf"^{key}:\n(.*?)(?=^\S|\Z)", text, re.S | re.M)
    return match.group(1) if match else ""


def check_pack(staff: list[Employee]) -> None:
    """Compare the generator's constants with the hand-written pack YAML."""
    text = PACK_FILE.read_text(encoding="utf-8")
    units = re.findall(r"^  - code: (\S+)", _block(text, "units"), re.M)
    assert units == [u[0] for u in UNITS], ("unit paket berbeda", units)
    services = re.findall(
        r"^  - code: (\S+)\n(?:    .*\n)*?    service: true", _block(text, "units"), re.M
    )
    assert services == SERVICE_UNITS, ("unit layanan paket berbeda", services)
    groups = set(re.findall(r"^  - code: (\S+)", _block(text, "stakeholder_groups"), re.M))
    forums = _block(text, "forums")
    for code, wanted in (FORUM_CODES | FORUM_CODES_R2).items():
        found = re.search(rf"- code: {code}\n(?:    .*\n)*?    groups: \[(.*?)\]", forums)
        assert found and [g.strip() for g in found.group(1).split(",")] == wanted, code
        assert set(wanted) <= groups, code
    workshops = _block(text, "workshops")
    for code, wanted in WORKSHOPS.items():
        found = re.search(rf"- code: {code}\n(?:    .*\n)*?    units: \[(.*?)\]", workshops)
        assert found and [u.strip() for u in found.group(1).split(",")] == wanted, code
    nips = {e.nip: e for e in staff}
    for nip in re.findall(r'^    nip: "(\d+)"', _block(text, "members"), re.M):
        assert nip in nips, ("NIP anggota tidak ada di pegawai.csv", nip)
    codes = re.findall(r"^  - code: (\S+)", _block(text, "indicators"), re.M)
    assert codes == INDICATORS, ("indikator paket berbeda", codes)


INDICATORS = ["IKM", "SKP-TEPAT", "RESPON-ADUAN", "PREDIKAT-BAIK", "UMPAN-BALIK"]


def response_limit_hours() -> int:
    """The pack's complaint response limit, checked against the Perwali that sets it.

    The drafts (Pasal 20 ayat (6)) say how soon a complaint must be answered; the pack's
    ``evaluation.complaints.response_limit_hours`` judges complaints in the needs analysis and
    the Laporan Evaluasi, so it must be the same figure.
    """
    stated = {
        int(hours)
        for name in ("rancangan_v2.md", "rancangan_v3.md")
        for body in pasal_bodies(name).values()
        for hours in re.findall(r"menanggapi pengaduan paling lama (\d+) \(", body)
    }
    assert len(stated) == 1, ("batas tanggapan pengaduan dalam rancangan", sorted(stated))
    text = PACK_FILE.read_text(encoding="utf-8")
    found = re.search(
        r"^  complaints:\n(?:    .*\n)*?    response_limit_hours: (\d+)$",
        _block(text, "evaluation"),
        re.M,
    )
    pack = int(found.group(1)) if found else 72  # the default of policy.evalconfig
    assert {pack} == stated, ("batas tanggapan paket berbeda dari Perwali", pack, stated)
    return pack


# ------------------------------------------------------------------------- main


def say(text: str = "") -> None:
    """Print a line of the generation report."""
    sys.stdout.write(text + "\n")


#: The ASN needs questionnaire: each unit's mean answer and the statements it rates lower.
NEEDS_MEAN = 3.25
NEEDS_WEAK: dict[str, dict[str, float]] = {
    "DISDUKCAPIL": {"k2": 2.1, "k5": 2.4},  # little feedback, queues weigh on the staff
    "DINKES": {"k4": 2.3, "k6": 2.6},
    "RSUD": {"k5": 2.2},
    "KEC-TALAWI": {"k2": 2.4, "k4": 2.2},
    "KEC-BARANGIN": {"k4": 2.5},
}
NEEDS_DEVELOPMENT = [
    ("", 45),
    ("Pelatihan penyusunan SKP dan indikator kinerja", 14),
    ("Pelatihan pelayanan prima", 11),
    ("Bimtek aplikasi e-Kinerja", 9),
    ("Pelatihan kearsipan digital", 6),
    ("Pelatihan analisis data", 5),
]


def make_needs_survey(rng: random.Random, staff: list[Employee]) -> list[list[str]]:
    """About two in three employees answer; the sheets carry no NIP (anonymous)."""
    texts = [t for t, _ in NEEDS_DEVELOPMENT]
    weights = [w for _, w in NEEDS_DEVELOPMENT]
    rows = []
    for e in staff:
        if rng.random() >= 0.65:
            continue
        weak = NEEDS_WEAK.get(e.unit, {})
        answers = [
            "" if rng.random() < 0.03 else str(_likert(rng, weak.get(f"k{i}", NEEDS_MEAN)))
            for i in range(1, 9)
        ]
        if not any(answers):
            answers[0] = "3"
        rows.append([e.unit, *answers, rng.choices(texts, weights)[0]])
    rows.sort(key=lambda r: r[0])
    return rows


def main() -> None:
    """Generate every data file, check it, and print a short report."""
    master = random.Random(SEED)
    rngs = {
        name: random.Random(master.getrandbits(64))
        for name in (
            "pegawai",
            "pengaduan",
            "skm2025",
            "skm2026",
            "forum",
            "kegiatan",
            "progres",
            "ekinerja",
            "forum2",  # after the others: the streams drawn before it stay as they were
            "pengaduan2026",  # likewise, after forum2
            "kebutuhan",  # likewise, after pengaduan2026
        )
    }

    staff = make_employees(rngs["pegawai"])
    check_pack(staff)
    write_excel_csv(
        "pegawai.csv",
        ["nip", "nama", "jenis_asn", "jabatan", "unit_kerja", "nip_atasan", "tim"],
        [[e.nip, e.nama, e.jenis_asn, e.jabatan, e.unit, e.nip_atasan, e.tim] for e in staff],
    )
    by_type = Counter(e.jenis_asn for e in staff)
    say(f"pegawai: {len(staff)} (PNS {by_type['PNS']}, PPPK {by_type['PPPK']})")

    complaints = make_complaints(rngs["pengaduan"])
    write_plain_csv(
        "pengaduan_2025.csv",
        ["tanggal", "unit_kerja", "kategori", "waktu_respons_jam", "status"],
        complaints,
    )
    hours = [float(r[3]) for r in complaints if r[3]]
    limit = response_limit_hours()
    say(
        f"pengaduan 2025: {len(complaints)}, rata-rata respons {sum(hours) / len(hours):.1f} jam,"
        f" > {limit} jam: {sum(h > limit for h in hours)}"
    )

    header = [
        "unit_layanan",
        "tanggal",
        *ELEMENTS,
        "jenis_kelamin",
        "usia",
        "pendidikan",
        "pekerjaan",
        "jenis_layanan",
    ]
    skm_sets = {
        "skm_2025_s2.csv": make_skm(
            rngs["skm2025"], SKM_2025, date(2025, 7, 1), date(2025, 12, 31)
        ),
        "skm_2026_tw3.csv": make_skm(
            rngs["skm2026"], SKM_2026, date(2026, 7, 1), date(2026, 9, 30)
        ),
    }
    summaries = {}
    for name, rows in skm_sets.items():
        write_excel_csv(name, header, rows)
        summaries[name] = summary = skm_summary(rows)
        cells = sum(r[c] == "" for r in rows for c in range(2, 11))
        say(f"{name}: {len(rows)} responden, kosong {cells / (9 * len(rows)):.1%}")
        for unit in SERVICE_UNITS:
            say(f"  {unit:17} IKM {fmt_dec(round2(summary[unit]))} mutu {mutu(summary[unit])}")
        say(f"  {'(semua)':17} IKM {fmt_dec(round2(summary['*']))}")
    s25, s26 = summaries["skm_2025_s2.csv"], summaries["skm_2026_tw3.csv"]
    assert [u for u in SERVICE_UNITS if mutu(s25[u]) == "C"] == ["DISDUKCAPIL"]
    assert Fraction(74) <= round2(s25["DISDUKCAPIL"]) <= Fraction("76.60")
    grades26 = Counter(mutu(s26[u]) for u in SERVICE_UNITS)
    assert grades26 == Counter({"B": 6, "A": 1, "C": 1}), grades26
    assert mutu(s26["DPMPTSP"]) == "A" and mutu(s26["DISDUKCAPIL"]) == "C"
    assert round2(s26["*"]) < 82 < round2(s26["DPMPTSP"])

    attendance = make_forum_attendance(rngs["forum"], staff)
    write_excel_csv(
        "kehadiran_forum.csv", ["forum", "nama", "nip", "instansi", "kelompok", "hadir"], attendance
    )
    inputs, responses = make_inputs(staff)
    write_xlsx(
        "masukan_forum.xlsx",
        "Masukan",
        ["forum", "nama", "instansi", "kelompok", "bagian", "masukan"],
        inputs,
    )
    write_excel_csv("tanggapan.csv", ["nomor", "status", "tanggapan", "bagian_berubah"], responses)
    present = {(r[0], r[1]) for r in attendance if r[5] == "ya"}
    for row in inputs:
        assert (row[0], row[1]) in present, ("penyampai masukan tidak hadir", row[:2])
        assert row[3] in FORUM_CODES[row[0]], ("kelompok di luar undangan forum", row[:4])
    for row in attendance:
        assert row[4] in FORUM_CODES[row[0]], row
        if row[2]:
            assert any(e.nip == row[2] and e.nama == row[1] for e in staff), row
    assert [int(r[0]) for r in responses] == list(range(1, len(inputs) + 1))
    assert all(r[1] in STATUSES for r in responses)
    assert all(r[3] for r in responses if r[1] in ("diterima", "diterima sebagian"))
    assert sum(1 for r in inputs if not r[4]) == 1
    for forum in FORUM_CODES:
        rows = [r for r in attendance if r[0] == forum]
        say(
            f"kehadiran {forum}: {len(rows)} baris, hadir {sum(r[5] == 'ya' for r in rows)}, "
            f"masukan {sum(r[0] == forum for r in inputs)}"
        )
    say(f"tanggapan: {dict(Counter(r[1] for r in responses))}")
    changed, gone = check_drafts(responses)
    say(
        f"rancangan v2: pasal baru/berubah {sorted(changed)}; "
        f"teks v1 yang berubah/dihapus {sorted(gone)}"
    )

    attendance2 = make_round2_attendance(rngs["forum2"], staff)
    write_excel_csv(
        "kehadiran_forum_putaran2.csv",
        ["forum", "nama", "nip", "instansi", "kelompok", "hadir"],
        attendance2,
    )
    inputs2, responses3 = make_round2(staff)
    # The first round-2 inputs arrive through the web portal before the forum is held (the
    # demo submits them over HTTP); the rest are typed from the forum's paper forms.
    # A portal visitor may leave an address to be told of the response (sent by the reminder
    # sweep once the draft is approved); one of them did.
    write_excel_csv(
        "masukan_portal_putaran2.csv",
        ["forum", "nama", "instansi", "kelompok", "bagian", "masukan", "surel"],
        [[*row, PORTAL_EMAILS.get(row[1], "")] for row in inputs2[:PORTAL_R2]],
    )
    write_excel_csv(
        "masukan_putaran2.csv",
        ["forum", "nama", "instansi", "kelompok", "bagian", "masukan"],
        inputs2[PORTAL_R2:],
    )
    write_excel_csv(
        "tanggapan_v3.csv", ["nomor", "status", "tanggapan", "bagian_berubah"], responses3
    )
    present2 = {(r[0], r[1]) for r in attendance2 if r[5] == "ya"}
    for row in inputs2[PORTAL_R2:]:
        assert (row[0], row[1]) in present2, ("penyampai masukan tidak hadir", row[:2])
        assert row[3] in FORUM_CODES_R2[row[0]], ("kelompok di luar undangan forum", row[:4])
    assert [int(r[0]) for r in responses3] == list(range(1, len(inputs) + len(inputs2) + 1))
    assert all(r[3] for r in responses3 if r[1] in ("diterima", "diterima sebagian"))
    changed3 = check_round2_drafts(responses3)
    say(
        f"putaran 2: kehadiran F3 {len(attendance2)} baris, hadir "
        f"{sum(r[5] == 'ya' for r in attendance2)}, masukan {len(inputs2)} (nomor "
        f"{len(inputs) + 1}-{len(inputs) + len(inputs2)}); rancangan v3: pasal berubah "
        f"{sorted(changed3)}; tanggapan v3 untuk {len(responses3)} masukan"
    )

    workshop_rows = make_workshop_attendance(rngs["kegiatan"], staff)
    write_excel_csv(
        "kehadiran_kegiatan.csv",
        ["kegiatan", "nip", "hadir", "pre_test", "post_test"],
        workshop_rows,
    )
    assert all(
        any(e.nip == r[1] and e.unit in WORKSHOPS[r[0]] for e in staff) for r in workshop_rows
    )
    cov = coverage(staff, workshop_rows)
    say(
        f"kehadiran kegiatan: {len(workshop_rows)} baris, "
        f"hadir {sum(r[2] == 'ya' for r in workshop_rows)}"
    )
    say("  unit kerja         pegawai  terjangkau  cakupan")
    for unit, *_ in UNITS:
        n = sum(e.unit == unit for e in staff)
        flag = "" if cov[unit] >= COVERAGE_TARGET else "  < 80 %"
        say(
            f"  {unit:17} {n:8d} {int(cov[unit] * n):11d}  {fmt_dec(cov[unit] * 100, 1):>6} %{flag}"
        )
    total = sum(cov[u] * sum(e.unit == u for e in staff) for u, *_ in UNITS) / len(staff)
    say(
        f"  {'(semua)':17} {len(staff):8d} {int(total * len(staff)):11d}  "
        f"{fmt_dec(total * 100, 1):>6} %"
    )
    below = [u for u, *_ in UNITS if cov[u] < COVERAGE_TARGET]
    assert below == ["RSUD"] and Fraction(55, 100) <= cov["RSUD"] <= Fraction(65, 100), below
    pairs = [
        (float(r[3].replace(",", ".")), float(r[4].replace(",", ".")))
        for r in workshop_rows
        if r[2] == "ya" and r[3]
    ]
    say(
        f"  rata-rata pre-test {sum(p for p, _ in pairs) / len(pairs):.1f}, "
        f"post-test {sum(q for _, q in pairs) / len(pairs):.1f}"
    )

    progress = make_progress(rngs["progres"])
    write_excel_csv(
        "progres_implementasi.csv",
        ["unit_kerja", "tahap", "target_tanggal", "status", "tanggal_selesai", "catatan"],
        progress,
    )
    assert late_units(progress) == set(LATE)
    say(f"progres implementasi: {len(progress)} baris, terlambat: {sorted(late_units(progress))}")

    ratings = make_ekinerja(rngs["ekinerja"], staff)
    write_excel_csv(
        "ekinerja_2026_tw3.csv",
        ["periode", "nip", "rating_hasil_kerja", "rating_perilaku"],
        ratings,
    )
    counts = predikat_counts(ratings)
    good = Fraction(counts["Sangat Baik"] + counts["Baik"], len(ratings)) * 100
    say(f"e-Kinerja TW III 2026: {dict(counts)}; minimal Baik {fmt_dec(good)} %")

    assert {row[1] for row in CAPAIAN} < set(UNIT_NAME), "capaian for unknown or all units"
    write_excel_csv("capaian_2026_tw3.csv", CAPAIAN_HEADER, CAPAIAN)
    say("capaian kinerja organisasi TW III 2026: " + ", ".join(f"{r[1]} {r[2]}" for r in CAPAIAN))

    complaints26 = make_complaints(
        rngs["pengaduan2026"],
        {unit: (count, mean, COMPLAINTS[unit][2])
         for unit, (count, mean) in COMPLAINTS_2026_TW3.items()},
        date(2026, 7, 1), 92, date(2026, 9, 20), 1,
    )  # fmt: skip
    write_plain_csv(
        "pengaduan_2026_tw3.csv",
        ["tanggal", "unit_kerja", "kategori", "waktu_respons_jam", "status"],
        complaints26,
    )
    # RESPON-ADUAN: the mean response time of the quarter's answered complaints.
    hours26 = [Fraction(r[3]) for r in complaints26 if r[3]]
    response = sum(hours26, Fraction(0)) / len(hours26)
    say(
        f"pengaduan TW III 2026: {len(complaints26)}, belum ditanggapi "
        f"{len(complaints26) - len(hours26)}, rata-rata respons {fmt_dec(response)} jam"
    )

    realisations = [
        ("IKM", round2(s26["*"])),
        ("SKP-TEPAT", Fraction("96.2")),
        ("RESPON-ADUAN", response),
        ("PREDIKAT-BAIK", good),
        ("UMPAN-BALIK", Fraction("84.4")),
    ]
    assert [code for code, _ in realisations] == INDICATORS
    write_excel_csv(
        "realisasi_2026_tw3.csv",
        ["periode", "kode", "nilai"],
        [["2026-TW3", code, fmt_dec(value)] for code, value in realisations],
    )
    say("realisasi 2026-TW3: " + ", ".join(f"{c} {fmt_dec(v)}" for c, v in realisations))

    sheets = make_needs_survey(rngs["kebutuhan"], staff)
    write_excel_csv(
        "kebutuhan_asn.csv",
        ["unit_kerja", *(f"k{i}" for i in range(1, 9)), "kebutuhan_pengembangan"],
        sheets,
    )
    say(f"kuesioner kebutuhan ASN: {len(sheets)} lembar dari {len({r[0] for r in sheets})} unit")


if __name__ == "__main__":
    main()
