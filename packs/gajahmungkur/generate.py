"""Generate the sample data of the Kecamatan Gajahmungkur pack (Kota Semarang, Jawa Tengah).

Run with ``python packs/gajahmungkur/generate.py [OUT_DIR]`` (default: next to itself).
Hand-written, not generated: ``../gajahmungkur.yaml``, ``catatan_analisis.md``,
``notulen.yaml``, ``rancangan_v1.md`` and ``rancangan_v2.md``.

The practice this data shows: an annual, results-based evaluation with the national
framework (e-Kinerja ratings of hasil kerja and perilaku kerja), SKM of PATEN and the
kelurahan offices, complaints, forums and a public consultation, and training so that
e-Kinerja is used. Every person is fictional; one ``random.Random(2028)`` seeds everything.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import samplegen as sg  # noqa: E402

HERE = Path(__file__).resolve().parent
PACK = HERE.parent / "gajahmungkur.yaml"
SEED = 2028

KELURAHAN = {
    "KEL-BENDANDUWUR": "Kelurahan Bendan Duwur",
    "KEL-BENDANNGISOR": "Kelurahan Bendan Ngisor",
    "KEL-BENDUNGAN": "Kelurahan Bendungan",
    "KEL-GAJAHMUNGKUR": "Kelurahan Gajahmungkur",
    "KEL-KARANGREJO": "Kelurahan Karangrejo",
    "KEL-LEMPONGSARI": "Kelurahan Lempongsari",
    "KEL-PETOMPON": "Kelurahan Petompon",
    "KEL-SAMPANGAN": "Kelurahan Sampangan",
}
UNIT_NAMES = {"SEKCAM": "Sekretariat Kecamatan Gajahmungkur",
              "PATEN": "PATEN Kecamatan Gajahmungkur", **KELURAHAN}  # fmt: skip

ROSTER: dict[str, list[tuple[str, str, str]]] = {
    "SEKCAM": [
        ("Camat", "Pimpinan", "PNS"),
        ("Sekretaris Kecamatan", "Pimpinan", "PNS"),
        ("Kepala Subbagian Umum dan Kepegawaian", "Subbagian Umum", "PNS"),
        ("Kepala Subbagian Keuangan", "Subbagian Umum", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Subbagian Umum", "PNS"),
        ("Pengadministrasi Umum", "Subbagian Umum", "PPPK"),
    ],
    "PATEN": [
        ("Kepala Seksi Pelayanan", "Pimpinan", "PNS"),
        ("Analis Pelayanan", "Loket PATEN", "PNS"),
        ("Pengadministrasi Pelayanan", "Loket PATEN", "PNS"),
        ("Operator Layanan Operasional", "Loket PATEN", "PPPK"),
    ],
    "SEKSI-PEM": [
        ("Kepala Seksi Pemerintahan", "Pimpinan", "PNS"),
        ("Analis Pemerintahan", "Seksi Pemerintahan", "PNS"),
        ("Pengadministrasi Pemerintahan", "Seksi Pemerintahan", "PPPK"),
    ],
    "SEKSI-PMP": [
        ("Kepala Seksi Pemberdayaan Masyarakat dan Pembangunan", "Pimpinan", "PNS"),
        ("Analis Pemberdayaan Masyarakat", "Seksi PMP", "PNS"),
    ],
    "SEKSI-TRANTIB": [
        ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "Pimpinan", "PNS"),
        ("Polisi Pamong Praja Terampil", "Seksi Trantib", "PNS"),
    ],
    **{code: [("Lurah", "Pimpinan", "PNS"), ("Sekretaris Kelurahan", "Kelurahan", "PNS"),
              ("Kepala Seksi Pelayanan Kelurahan", "Kelurahan", "PNS"),
              ("Pengadministrasi Kelurahan", "Kelurahan", "PPPK")]
       for code in KELURAHAN},
}  # fmt: skip

KEY_PEOPLE = [
    sg.KeyPerson("SEKCAM", "Camat", "Drs. Hartono Wibowo, M.Si.", 1, date(1976, 4, 10),
                 (1998, 3)),
    sg.KeyPerson("SEKCAM", "Sekretaris Kecamatan", "Endah Lestari, S.IP., M.M.", 2,
                 date(1979, 12, 5), (2004, 12)),
    sg.KeyPerson("SEKCAM", "Kepala Subbagian Umum dan Kepegawaian", "Siti Rahayu, S.E.", 2,
                 date(1985, 9, 14), (2010, 1)),
    sg.KeyPerson("SEKCAM", "Pranata Komputer Ahli Pertama", "Yoga Pratama, S.Kom.", 1,
                 date(1994, 8, 21), (2020, 12)),
    sg.KeyPerson("SEKSI-PEM", "Kepala Seksi Pemerintahan", "Bambang Prasetyo, S.Sos.", 1,
                 date(1980, 6, 20), (2005, 1)),
]  # fmt: skip

MALE = ["Budi", "Agus", "Slamet", "Joko", "Eko", "Heru", "Wahyu", "Teguh", "Sigit", "Dwi",
        "Yanto", "Anton", "Hendro", "Rudi", "Aris", "Bayu"]  # fmt: skip
FEMALE = ["Sri", "Endang", "Wahyuni", "Tri", "Retno", "Dyah", "Rini", "Ika", "Sekar", "Ayu",
          "Wulan", "Nanik", "Puji", "Dewi"]  # fmt: skip
FAMILY = ["Santoso", "Prasetyo", "Susanto", "Handoko", "Nugroho", "Kusuma", "Setyaningsih",
          "Hartati", "Pratiwi", "Utomo", "Saputro", "Wijayanti", "Purwanto", "Sulistyo",
          "Widodo", "Astuti"]  # fmt: skip


def titles(rng: random.Random, position: str, head: bool, gender: int) -> str:
    """Academic titles after a name, as ASN usually carry them."""
    if position.startswith(("Pengadministrasi", "Operator", "Polisi")):
        return rng.choice(["", ", A.Md."])
    return rng.choice([", S.Sos.", ", S.IP.", ", S.E.", ", S.H.", ", S.AP."])


def staff(rng: random.Random) -> list[sg.Person]:
    """Every employee, with a `quality` that drives their e-Kinerja ratings."""
    names = sg.Names(rng, MALE, FEMALE, FAMILY)
    people = sg.build_staff(rng, names, ROSTER, KEY_PEOPLE, top_unit="SEKCAM", titles=titles)
    for p in people:
        p.quality = rng.gauss(4.1, 0.3)
    for p, q in zip([p for p in people if not p.head][3::9], (3.4, 3.3, 3.0, 4.7, 4.8),
                    strict=False):  # fmt: skip
        p.quality = q
    return people


def institution(p: sg.Person) -> str:
    """Where an employee works, as written on attendance lists and inputs."""
    return UNIT_NAMES.get(p.unit, "Kecamatan Gajahmungkur")


INPUTS = [
    ("F1", "asn", "Diktum KEDUA", "Indikator SKP sebaiknya mengukur hasil bagi masyarakat, "
     "misalnya persentase layanan selesai tepat waktu, bukan jumlah surat yang dibuat.",
     "diterima", "Diterima. Diktum KETIGA versi 2 mengatur indikator berbasis hasil.",
     "Diktum KETIGA"),
    ("F1", "asn", "diktum kedua", "Indikator hasil perlu disepakati bersama atasan sejak awal "
     "tahun agar tidak berubah di akhir periode.", "diterima", "Diterima. Diktum KETIGA versi 2 "
     "mengatur kesepakatan indikator pada awal tahun.", "Diktum KETIGA"),
    ("F1", "asn", "KETIGA", "Mengisi laporan kegiatan setiap hari membebani pegawai kelurahan "
     "yang sering bertugas di lapangan; usul boleh diisi sampai akhir minggu.", "diterima",
     "Diterima. Diktum KEEMPAT versi 2 memberi batas akhir minggu berjalan.", "Diktum KEEMPAT"),
    ("F1", "akademisi", "Diktum KETIGA", "Laporan kegiatan harian sebaiknya dihubungkan dengan "
     "rating hasil kerja agar tidak menjadi formalitas.", "diterima sebagian", "Diterima sebagian. "
     "Diktum KEEMPAT versi 2 mengatur batas pengisian; kaitan laporan kegiatan harian dengan "
     "rating hasil kerja diatur dalam petunjuk teknis e-Kinerja.", "Diktum KEEMPAT"),
    ("F2", "masyarakat", "", "Standar waktu layanan di PATEN mohon diumumkan agar warga tahu kapan "
     "dokumen selesai.", "diterima", "Diterima. Disisipkan Diktum KEDUA versi 2 tentang "
     "pengumuman standar waktu layanan PATEN dan kantor kelurahan.", "Diktum KEDUA"),
    ("F2", "lpmk", "Diktum KEEMPAT", "Hasil SKM mohon dibahas bersama LPMK, tidak hanya "
     "dilaporkan ke kecamatan.", "diterima", "Diterima. Diktum KELIMA versi 2.", "Diktum KELIMA"),
    ("F2", "masyarakat", "diktum keempat", "Pengaduan warga juga perlu menjadi bahan penilaian, "
     "bukan hanya survei.", "diterima sebagian", "Diterima sebagian. Diktum KELIMA versi 2 "
     "memasukkan waktu tanggapan pengaduan sebagai bahan evaluasi kinerja unit.",
     "Diktum KELIMA"),
    ("F2", "masyarakat", "", "Mohon penambahan lampu penerangan jalan di Kelurahan Bendungan.",
     "di luar lingkup", "Di luar lingkup. Diteruskan kepada Seksi Pemberdayaan Masyarakat dan "
     "Pembangunan untuk usulan Musrenbang.", ""),
]  # fmt: skip
PUBLIC = [
    ("Akademisi: Dr. Ratih Kusumawardani", "Universitas di Kota Semarang", "akademisi"),
    ("Suparmin", "RW 04 Kelurahan Sampangan", "masyarakat"),
    ("Sumarni Handayani", "LPMK Kelurahan Petompon", "lpmk"),
    ("Tukiman", "RW 02 Kelurahan Lempongsari", "masyarakat"),
    ("Ngatini", "Warga Kelurahan Bendungan", "masyarakat"),
    ("Darmanto", "LPMK Kelurahan Karangrejo", "lpmk"),
]
SERVICES = {
    "PATEN": ["Rekomendasi Izin Usaha Mikro", "Legalisasi Dokumen", "Surat Keterangan Ahli Waris",
              "Dispensasi Nikah", "Rekomendasi Izin Keramaian"],
    "KEL": ["Surat Pengantar Kependudukan", "Surat Keterangan Domisili",
            "Surat Keterangan Tidak Mampu"],
}  # fmt: skip
CATEGORIES = ["Waktu pelayanan lama", "Persyaratan tidak jelas", "Sikap petugas",
              "Informasi layanan", "Antrean"]  # fmt: skip
SERVICE_UNITS = ["PATEN", *KELURAHAN]


def skm(rng: random.Random, start: date, end: date, scale: float, lift: float) -> list[list[str]]:
    """SKM responses of every service unit between `start` and `end`."""
    rows = []
    for unit in SERVICE_UNITS:
        base = 3.15 if unit == "PATEN" else 3.05
        means = [base + lift + d for d in (0.1, 0.1, -0.3, 0.5, 0.05, 0.1, 0.1, -0.15, 0.0)]
        count = round((90 if unit == "PATEN" else 22) * scale)
        services = SERVICES["PATEN" if unit == "PATEN" else "KEL"]
        rows += sg.skm_rows(rng, unit, sg.workdays(start, end), count, means, services)
    rows.sort(key=lambda r: (r[1][6:] + r[1][3:5] + r[1][:2], r[0]))
    return rows


def complaints(rng: random.Random, start: date, end: date, scale: float) -> list[list[str]]:
    """Complaints of every service unit between `start` and `end`."""
    units = {u: (round((20 if u == "PATEN" else 6) * scale), 40.0 if u == "PATEN" else 50.0)
             for u in SERVICE_UNITS}  # fmt: skip
    return sg.complaint_rows(rng, units, sg.workdays(start, end), CATEGORIES)


# PATEN's requests of 2026: per kind, how many and how many working days they took.
REQUESTS = {
    "Legalisasi Dokumen": (420, [(0, 0.85), (1, 0.10), (2, 0.05)]),
    "Surat Keterangan Ahli Waris": (160, [(3, 0.30), (5, 0.35), (7, 0.25), (10, 0.10)]),
    "Dispensasi Nikah": (60, [(1, 0.30), (2, 0.40), (3, 0.20), (5, 0.10)]),
    "Rekomendasi Izin Keramaian": (90, [(1, 0.40), (2, 0.35), (3, 0.15), (5, 0.10)]),
    "Rekomendasi Izin Usaha Mikro": (110, [(1, 0.45), (2, 0.35), (4, 0.20)]),
}


def main(out: Path = HERE) -> None:
    """Write every generated file into `out`."""
    rng = random.Random(SEED)
    people = staff(rng)
    files: dict[str, tuple] = {"pegawai.csv": (sg.PEGAWAI_HEADER, sg.pegawai_rows(people), True)}
    files |= sg.forum_files(rng, people, INPUTS, PUBLIC, institution)
    skm_2025 = skm(rng, date(2025, 1, 1), date(2025, 12, 31), 1.5, -0.05)
    files["skm_2025.csv"] = (sg.SKM_HEADER, skm_2025, True)
    # The IKM-PATEN baseline is the 2025 IKM the needs analysis computes from this sample.
    sg.check_indicator(PACK, "IKM-PATEN", baseline=sg.rounded(sg.ikm_of(skm_2025, "PATEN")))
    files["pengaduan_2025.csv"] = (sg.COMPLAINT_HEADER, complaints(
        rng, date(2025, 1, 1), date(2025, 12, 31), 1.5), False)  # fmt: skip
    year = skm(rng, date(2026, 1, 1), date(2026, 12, 31), 3.2, 0.1)
    files["skm_2026.csv"] = (sg.SKM_HEADER, year, True)
    files["pengaduan_2026.csv"] = (sg.COMPLAINT_HEADER, complaints(
        rng, date(2026, 1, 1), date(2026, 12, 31), 1.2), False)  # fmt: skip
    workshops = {"W1": list(ROSTER), "W2": list(ROSTER),
                 "W3": ["SEKCAM", "PATEN", "SEKSI-PEM", "SEKSI-PMP", "SEKSI-TRANTIB"]}  # fmt: skip
    files["kehadiran_kegiatan.csv"] = (sg.WORKSHOP_HEADER, sg.workshop_rows(
        rng, workshops, people, {"KEL-SAMPANGAN": 0.35}), True)  # fmt: skip
    milestones = [
        ("Indikator SKP berbasis hasil disepakati", date(2026, 5, 29)),
        ("Laporan kegiatan harian diisi setiap minggu", date(2026, 6, 30)),
        ("Standar waktu layanan diumumkan di loket", date(2026, 7, 15)),
    ]
    files["progres_implementasi.csv"] = (sg.PROGRESS_HEADER, sg.progress_rows(
        milestones, list(ROSTER), {"KEL-SAMPANGAN": 2, "KEL-BENDUNGAN": 1},
        ("Selesai dilaksanakan", "Masih berjalan")), True)  # fmt: skip
    files["ekinerja_2026.csv"] = (sg.EKINERJA_HEADER, sg.ekinerja_rows(
        rng, "Tahunan 2026", people), True)  # fmt: skip
    # IKM-PATEN is measured by the evaluation from the SKM responses (`measure: ikm:PATEN`).
    # PATEN-TEPAT is measured from PATEN's requests against its Standar Pelayanan.
    files["realisasi_2026.csv"] = (sg.REALISATION_HEADER, [
        ["2026", "SKP-HASIL", "72,50"],
    ], True)  # fmt: skip
    # Drawn last, from a generator of their own: the files above keep their bytes.
    files["layanan_2026.csv"] = (sg.REQUEST_HEADER, sg.request_rows(
        random.Random(SEED + 1), "PATEN", REQUESTS,
        sg.workdays(date(2026, 1, 1), date(2026, 12, 31)), "PTN"), True)  # fmt: skip
    # LKH is measured from e-Kinerja's recap of daily activity reports (`lkh_lengkap`),
    # with each employee's working days on leave (hari_cuti), which need no report.
    habits = [(0.88, 1.0), (0.08, 0.82), (0.04, 0.0)]  # (weight, share of days at work)
    files["lkh_2026.csv"] = (sg.ACTIVITY_HEADER, sg.activity_rows(
        random.Random(SEED + 2), people, 2026, habits, random.Random(SEED + 3)), True)  # fmt: skip
    sg.write_all(out, files)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
