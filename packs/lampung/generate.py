"""Generate the sample data of the Provinsi Lampung pack.

Run with ``python packs/lampung/generate.py [OUT_DIR]`` (default: next to itself).
Hand-written, not generated: ``../lampung.yaml``, ``catatan_analisis.md``, ``notulen.yaml``,
``rancangan_v1.md`` and ``rancangan_v2.md``.

The practice this data shows: quarterly evaluation by the supervisor and the community;
teachers rated on academic work and social engagement, with feedback from school
committees and parents; satisfaction surveys run with civil-society organisations, whose
respondents also rate front-line staff (rater codes of the survey, no names). Back-office
staff have no community raters and are scored from their supervisor alone (re-weighted).
Every person and organisation is fictional; one ``random.Random(2030)`` seeds everything.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import samplegen as sg  # noqa: E402

HERE = Path(__file__).resolve().parent
PACK = HERE.parent / "lampung.yaml"
SEED = 2030

UNIT_NAMES = {
    "BIRO-ORG": "Biro Organisasi Setda Provinsi Lampung",
    "BKD": "Badan Kepegawaian Daerah Provinsi Lampung",
    "DISDIKBUD": "Dinas Pendidikan dan Kebudayaan Provinsi Lampung",
    "SMAN1-KALIANDA": "SMA Negeri 1 Kalianda",
    "SMKN2-METRO": "SMK Negeri 2 Metro",
    "DPMPTSP": "DPMPTSP Provinsi Lampung",
    "UPTD-PPD-BL": "UPTD Pelayanan Pajak Daerah Wilayah Bandar Lampung",
}
SCHOOLS = ("SMAN1-KALIANDA", "SMKN2-METRO")


def teachers(count: int) -> list[tuple[str, str, str]]:
    """A school's teachers: the last one PPPK."""
    levels = ["Guru Ahli Madya", "Guru Ahli Muda", "Guru Ahli Muda", "Guru Ahli Pertama"]
    return [(levels[i % 4], "Guru", "PPPK" if i == count - 1 else "PNS") for i in range(count)]


ROSTER: dict[str, list[tuple[str, str, str]]] = {
    "BIRO-ORG": [
        ("Kepala Biro Organisasi", "Pimpinan", "PNS"),
        ("Kepala Bagian Kelembagaan", "Bagian Kelembagaan", "PNS"),
        ("Analis Kelembagaan", "Bagian Kelembagaan", "PNS"),
        ("Analis Reformasi Birokrasi", "Bagian Kelembagaan", "PNS"),
    ],
    "BKD": [
        ("Kepala Badan Kepegawaian Daerah", "Pimpinan", "PNS"),
        ("Analis Sumber Daya Manusia Aparatur Ahli Muda", "Bidang Penilaian Kinerja", "PNS"),
        ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Bidang Penilaian Kinerja", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Bidang Penilaian Kinerja", "PNS"),
        ("Pengadministrasi Kepegawaian", "Bidang Penilaian Kinerja", "PPPK"),
    ],
    "DISDIKBUD": [
        ("Kepala Dinas Pendidikan dan Kebudayaan", "Pimpinan", "PNS"),
        ("Kepala Bidang Pembinaan SMA", "Bidang SMA dan SMK", "PNS"),
        ("Pengawas Sekolah Ahli Madya", "Bidang SMA dan SMK", "PNS"),
    ],
    "SMAN1-KALIANDA": [("Kepala Sekolah", "Pimpinan", "PNS"), *teachers(8),
                       ("Pengelola Tata Usaha", "Tata Usaha", "PNS")],
    "SMKN2-METRO": [("Kepala Sekolah", "Pimpinan", "PNS"), *teachers(7)],
    "DPMPTSP": [
        ("Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Pimpinan", "PNS"),
        ("Penata Perizinan Ahli Muda", "Tim Front Office", "PNS"),
        ("Penata Perizinan Ahli Pertama", "Tim Front Office", "PNS"),
        ("Penata Perizinan Ahli Pertama", "Tim Front Office", "PPPK"),
        ("Pengadministrasi Perizinan", "Tim Front Office", "PPPK"),
        ("Analis Penanaman Modal", "Tim Back Office", "PNS"),
        ("Analis Pengaduan", "Tim Back Office", "PNS"),
    ],
    "UPTD-PPD-BL": [
        ("Kepala UPTD", "Pimpinan", "PNS"),
        ("Pengelola Pajak Kendaraan", "Loket Samsat", "PNS"),
        ("Pengelola Pajak Kendaraan", "Loket Samsat", "PNS"),
        ("Kasir", "Loket Samsat", "PPPK"),
        ("Operator Layanan Operasional", "Loket Samsat", "PPPK"),
        ("Verifikator Berkas", "Loket Samsat", "PNS"),
    ],
}  # fmt: skip

KEY_PEOPLE = [
    sg.KeyPerson("BIRO-ORG", "Kepala Biro Organisasi", "Drs. Zulkarnain Effendi, M.M.", 1,
                 date(1972, 2, 14), (1997, 3)),
    sg.KeyPerson("BIRO-ORG", "Kepala Bagian Kelembagaan", "Firman Syahputra, S.IP.", 1,
                 date(1983, 4, 6), (2008, 1)),
    sg.KeyPerson("BKD", "Kepala Badan Kepegawaian Daerah", "Indah Fitriani, S.E., M.Si.", 2,
                 date(1976, 9, 25), (2001, 12)),
    sg.KeyPerson("BKD", "Analis Sumber Daya Manusia Aparatur Ahli Muda",
                 "Desi Anggraini, S.Sos.", 2, date(1987, 2, 11), (2011, 1)),
    sg.KeyPerson("BKD", "Pranata Komputer Ahli Pertama", "Ridho Pratama, S.Kom.", 1,
                 date(1993, 11, 8), (2019, 3)),
]  # fmt: skip

MALE = ["Rizal", "Hendri", "Fikri", "Rahmat", "Andi", "Yusuf", "Arif", "Dedy", "Fahmi",
        "Ikhsan", "Joni", "Sahrul", "Iqbal", "Rudi"]  # fmt: skip
FEMALE = ["Siti", "Rina", "Nurul", "Ratu", "Meli", "Yuni", "Ayu", "Lia", "Fitri", "Dewi",
          "Nova", "Intan", "Dina"]  # fmt: skip
FAMILY = ["Saputra", "Pratama", "Wijaya", "Hidayat", "Marzuki", "Yunus", "Effendi",
          "Rahmawati", "Anggraini", "Kurniawan", "Hakim", "Sanjaya", "Ramadhani", "Permata",
          "Gunawan", "Lestari"]  # fmt: skip


def titles(rng: random.Random, position: str, head: bool, gender: int) -> str:
    """Academic titles after a name, as ASN usually carry them."""
    if position.startswith("Guru"):
        return rng.choice([", S.Pd.", ", S.Pd.", ", S.Pd., M.Pd.", ", S.Si."])
    if position.startswith(("Pengadministrasi", "Operator", "Kasir", "Pengelola")):
        return rng.choice(["", ", A.Md."])
    return rng.choice([", S.Sos.", ", S.IP.", ", S.E.", ", S.H.", ", S.E., M.M."])


def staff(rng: random.Random) -> list[sg.Person]:
    """Every employee, with a `quality` and who meets the public (community raters)."""
    names = sg.Names(rng, MALE, FEMALE, FAMILY)
    people = sg.build_staff(rng, names, ROSTER, KEY_PEOPLE, top_unit="BIRO-ORG", titles=titles)
    for p in people:
        p.quality = rng.gauss(4.1, 0.28)
        p.public = p.position.startswith("Guru") or p.team in FRONT_LINE
    for p, q in zip([p for p in people if p.public][2::6], (3.3, 3.6, 3.2, 4.8), strict=False):
        p.quality = q
    return people


def institution(p: sg.Person) -> str:
    """Where an employee works, as written on attendance lists and inputs."""
    return UNIT_NAMES[p.unit]


INPUTS = [
    ("F1", "asn", "Pasal 2", "Penilaian sebaiknya setiap triwulan agar pegawai layanan dapat "
     "segera memperbaiki diri berdasarkan umpan balik.", "diterima", "Diterima. Pasal 2 ayat (1) "
     "versi 2.", "Pasal 2"),
    ("F1", "asn", "Pasal 2", "Mohon bobot penilaian atasan dan masyarakat ditetapkan agar "
     "seragam antarunit.", "diterima", "Diterima. Pasal 2 ayat (2) versi 2 menetapkan bobot 70 "
     "dan 30 persen.", "Pasal 2"),
    ("F1", "asn", "Pasal 3", "Guru juga berperan di masyarakat; keterlibatan sosial perlu dinilai "
     "selain kinerja akademik.", "diterima", "Diterima. Pasal 3 ayat (1) versi 2.", "Pasal 3"),
    ("F2", "cso", "Pasal 4", "Organisasi masyarakat sipil siap menjadi mitra pelaksana survei "
     "kepuasan agar hasilnya lebih dipercaya.", "diterima", "Diterima. Pasal 4 ayat (1) versi 2 "
     "mengatur survei bersama Organisasi Masyarakat Sipil.", "Pasal 4"),
    ("F2", "cso", "Pasal 2", "Penilai dari masyarakat jangan diminta mencantumkan nama dan "
     "nilainya baru ditampilkan bila penilainya cukup banyak.", "diterima", "Diterima. Pasal 2 "
     "ayat (3) versi 2.", "Pasal 2"),
    ("F2", "komite", "Pasal 3", "Komite sekolah dan orang tua perlu diberi ruang memberi umpan "
     "balik tentang guru.", "diterima", "Diterima. Pasal 3 ayat (2) versi 2.", "Pasal 3"),
    ("F2", "masyarakat", "Pasal 4", "Hasil survei mohon diumumkan kepada masyarakat.", "diterima",
     "Diterima. Pasal 4 ayat (2) versi 2.", "Pasal 4"),
    ("F2", "masyarakat", "", "Mohon loket Samsat keliling ditambah di kecamatan.",
     "di luar lingkup", "Di luar lingkup. Diteruskan kepada Badan Pendapatan Daerah.", ""),
]  # fmt: skip
PUBLIC = [
    ("Ahmad Fauzan", "Lembaga Pemantau Pelayanan Publik Sai Bumi", "cso"),
    ("Marlina Sari", "Forum Masyarakat Peduli Pendidikan Lampung", "cso"),
    ("Hasanudin", "Komite SMA Negeri 1 Kalianda", "komite"),
    ("Neneng Rohmah", "Warga Kota Bandar Lampung", "masyarakat"),
    ("Sukarman", "Warga Kota Metro", "masyarakat"),
]
SERVICES = {
    "DPMPTSP": ["Izin Usaha", "Izin Lingkungan", "Perizinan Berusaha Berbasis Risiko",
                "Konsultasi Perizinan"],
    "UPTD-PPD-BL": ["Pajak Kendaraan Tahunan", "Balik Nama Kendaraan", "Pajak Lima Tahunan",
                    "Mutasi Kendaraan"],
}  # fmt: skip
# The teams that serve the public at the service units' counters (community raters).
FRONT_LINE = ("Tim Front Office", "Loket Samsat")
CATEGORIES = ["Waktu pelayanan lama", "Antrean panjang", "Informasi tidak jelas",
              "Sikap petugas", "Sistem daring gangguan"]  # fmt: skip


def skm(rng: random.Random, start: date, end: date, scale: float, lift: float) -> list[list[str]]:
    """SKM responses (run with civil-society organisations) between `start` and `end`."""
    rows = []
    for unit, services in SERVICES.items():
        base = 3.1 if unit == "DPMPTSP" else 3.0
        means = [base + lift + d for d in (0.1, 0.0, -0.3, 0.45, 0.05, 0.1, 0.05, -0.1, 0.0)]
        count = round((90 if unit == "DPMPTSP" else 130) * scale)
        rows += sg.skm_rows(rng, unit, sg.workdays(start, end), count, means, services)
    rows.sort(key=lambda r: (r[1][6:] + r[1][3:5] + r[1][:2], r[0]))
    return rows


#: The partner that ran the survey at the counters Monday to Wednesday in TW III 2026 (the
#: pack's first `evaluation.ikm.partners`); the region's own officers the other days.
SKM_PARTNER = "Lembaga Pemantau Pelayanan Publik Sai Bumi"


def collected_by(rows: list[list[str]]) -> list[list[str]]:
    """The rows with who collected each one (`pelaksana`), by its weekday (no random draw)."""
    out = []
    for row in rows:
        day = date(int(row[1][6:]), int(row[1][3:5]), int(row[1][:2]))
        out.append([*row, SKM_PARTNER if day.weekday() < 3 else ""])
    return out


def feedback_shown(people: list[sg.Person], ratings: list[list[str]]) -> Fraction:
    """The UMPAN-BALIK realisation, as the pack's indicator names it.

    The percentage of the service units' front-line staff whose community rating is shown:
    given by at least the anonymity threshold of raters (Pergub Pasal 2 ayat (3)).
    """
    threshold = sg.anonymity_threshold(PACK)
    named = sg.indicator(PACK, "UMPAN-BALIK").name
    assert f"paling sedikit {threshold} penilai" in named, (threshold, named)
    front = [p.nip for p in people if p.unit in SERVICES and p.team in FRONT_LINE]
    raters = {nip: set() for nip in front}
    for _period, nip, source, rater, _criterion, _score in ratings:
        if source == "masyarakat" and nip in raters:
            raters[nip].add(rater)
    back = {p.nip for p in people if p.unit in SERVICES and p.nip not in raters}
    assert not any(r[1] in back for r in ratings if r[2] == "masyarakat"), "back office dinilai"
    shown = sum(len(r) >= threshold for r in raters.values())
    return Fraction(100 * shown, len(front))


def main(out: Path = HERE) -> None:
    """Write every generated file into `out`."""
    rng = random.Random(SEED)
    people = staff(rng)
    files: dict[str, tuple] = {"pegawai.csv": (sg.PEGAWAI_HEADER, sg.pegawai_rows(people), True)}
    files |= sg.forum_files(rng, people, INPUTS, PUBLIC, institution)
    skm_2025 = skm(rng, date(2025, 1, 1), date(2025, 12, 31), 1.5, -0.05)
    files["skm_2025.csv"] = (sg.SKM_HEADER, skm_2025, True)
    # The IKM baselines are the 2025 IKM the needs analysis computes from this sample.
    for code, unit in (("IKM-DPMPTSP", "DPMPTSP"), ("IKM-PAJAK", "UPTD-PPD-BL")):
        sg.check_indicator(PACK, code, baseline=sg.rounded(sg.ikm_of(skm_2025, unit)))
    complaints = {"DPMPTSP": (30, 70.0), "UPTD-PPD-BL": (45, 60.0)}
    year = sg.workdays(date(2025, 1, 1), date(2025, 12, 31))
    files["pengaduan_2025.csv"] = (
        sg.COMPLAINT_HEADER,
        sg.complaint_rows(rng, complaints, year, CATEGORIES),
        False,
    )
    tw3_skm = skm(rng, date(2026, 7, 1), date(2026, 9, 30), 0.9, 0.1)
    files["skm_2026_tw3.csv"] = (sg.SKM_HEADER + ["pelaksana"], collected_by(tw3_skm), True)
    tw3 = sg.workdays(date(2026, 7, 1), date(2026, 9, 30))
    rows = sg.complaint_rows(rng, {"DPMPTSP": (9, 50.0), "UPTD-PPD-BL": (14, 80.0)}, tw3,
                             CATEGORIES)  # fmt: skip
    files["pengaduan_2026_tw3.csv"] = (sg.COMPLAINT_HEADER, rows, False)
    workshops = {"W1": list(ROSTER), "W2": ["DPMPTSP", "UPTD-PPD-BL"],
                 "W3": ["DISDIKBUD", *SCHOOLS]}  # fmt: skip
    files["kehadiran_kegiatan.csv"] = (sg.WORKSHOP_HEADER, sg.workshop_rows(
        rng, workshops, people, {"SMKN2-METRO": 0.3}), True)  # fmt: skip
    milestones = [
        ("Kerja sama survei dengan organisasi masyarakat sipil ditandatangani", date(2026, 5, 29)),
        ("Umpan balik masyarakat Triwulan II dikumpulkan", date(2026, 6, 26)),
    ]
    files["progres_implementasi.csv"] = (sg.PROGRESS_HEADER, sg.progress_rows(
        milestones, list(ROSTER), {"SMKN2-METRO": 1},
        ("Selesai", "Masih berjalan")), True)  # fmt: skip

    def criteria_for(p: sg.Person) -> list[str]:
        if p.position.startswith("Guru") and p.unit in SCHOOLS:
            return ["kinerja_akademik", "keterlibatan_sosial"]
        return ["kualitas_layanan", "disiplin", "kerja_sama"]

    def community(p: sg.Person) -> int:
        return rng.choice([2, 3, 4, 5]) if p.public else 0

    ratings = sg.ratings_360(rng, "2026-TW3", people, criteria_for, ["atasan", "masyarakat"],
                             lambda _p: [], community, community_prefix="LPPSB")  # fmt: skip
    files["penilaian_2026_tw3.csv"] = (sg.RATING_HEADER, ratings, True)
    # IKM-DPMPTSP and IKM-PAJAK are measured by the evaluation from the SKM responses.
    files["realisasi_2026_tw3.csv"] = (sg.REALISATION_HEADER, [
        ["2026-TW3", "UMPAN-BALIK", sg.fmt_dec(feedback_shown(people, ratings))],
        ["2026-TW3", "GURU-KARYA", "31,50"],
    ], True)  # fmt: skip
    sg.write_all(out, files)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
