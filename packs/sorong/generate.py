"""Generate the sample data of the Kota Sorong pack (Papua Barat Daya).

Run with ``python packs/sorong/generate.py [OUT_DIR]`` (default: next to itself).
Hand-written, not generated: ``../sorong.yaml``, ``catatan_analisis.md``, ``notulen.yaml``,
``rancangan_v1.md`` and ``rancangan_v2.md``.

The practice this data shows: quarterly evaluation by the supervisor and peers, results for
individuals, teams and units; teachers rated on attendance, teaching method and learning
outcomes; the Disdukcapil document processing time as an indicator. Teams of three leave
each member two peers only, so their peer figures stay hidden (anonymity threshold three).
Every person is fictional; one ``random.Random(2029)`` seeds everything.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import samplegen as sg  # noqa: E402

HERE = Path(__file__).resolve().parent
SEED = 2029

UNIT_NAMES = {
    "SETDA": "Sekretariat Daerah Kota Sorong",
    "BKPSDM": "BKPSDM Kota Sorong",
    "DISDUKCAPIL": "Dinas Kependudukan dan Pencatatan Sipil Kota Sorong",
    "DISDIK": "Dinas Pendidikan Kota Sorong",
    "SMPN3": "SMP Negeri 3 Kota Sorong",
    "SDN15": "SD Negeri 15 Kota Sorong",
    "PKM-REMU": "Puskesmas Remu",
    "DISTRIK-MANOI": "Distrik Sorong Manoi",
}


def teachers(team: str, count: int, pppk: int = 1) -> list[tuple[str, str, str]]:
    """`count` teachers of one team, the last `pppk` of them PPPK."""
    levels = ["Guru Ahli Madya", "Guru Ahli Muda", "Guru Ahli Muda", "Guru Ahli Pertama",
              "Guru Ahli Pertama", "Guru Ahli Pertama"]  # fmt: skip
    return [(levels[i % len(levels)], team, "PPPK" if i >= count - pppk else "PNS")
            for i in range(count)]  # fmt: skip


ROSTER: dict[str, list[tuple[str, str, str]]] = {
    "SETDA": [
        ("Sekretaris Daerah", "Pimpinan", "PNS"),
        ("Kepala Bagian Organisasi", "Bagian Organisasi", "PNS"),
        ("Analis Kelembagaan", "Bagian Organisasi", "PNS"),
        ("Analis Tata Laksana", "Bagian Organisasi", "PNS"),
        ("Pengadministrasi Umum", "Bagian Organisasi", "PPPK"),
    ],
    "BKPSDM": [
        ("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Pimpinan", "PNS"),
        ("Analis Sumber Daya Manusia Aparatur Ahli Muda", "Tim Penilaian Kinerja", "PNS"),
        ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Tim Penilaian Kinerja", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Tim Penilaian Kinerja", "PNS"),
        ("Analis Pengembangan Kompetensi", "Tim Pengembangan Kompetensi", "PNS"),
        ("Pengadministrasi Kepegawaian", "Tim Pengembangan Kompetensi", "PPPK"),
        ("Pengelola Diklat", "Tim Pengembangan Kompetensi", "PNS"),
    ],
    "DISDUKCAPIL": [
        ("Kepala Dinas Kependudukan dan Pencatatan Sipil", "Pimpinan", "PNS"),
        ("Administrator Database Kependudukan", "Tim Pelayanan KTP-el", "PNS"),
        ("Operator Perekaman KTP-el", "Tim Pelayanan KTP-el", "PPPK"),
        ("Operator Perekaman KTP-el", "Tim Pelayanan KTP-el", "PPPK"),
        ("Pengadministrasi Kependudukan", "Tim Pelayanan KTP-el", "PNS"),
        ("Pengadministrasi Pencatatan Sipil", "Tim Pencatatan Sipil", "PNS"),
        ("Pengolah Data Akta", "Tim Pencatatan Sipil", "PNS"),
        ("Verifikator Akta", "Tim Pencatatan Sipil", "PPPK"),
    ],
    "DISDIK": [
        ("Kepala Dinas Pendidikan", "Pimpinan", "PNS"),
        ("Pengawas Sekolah Ahli Madya", "Tim Pengawas", "PNS"),
        ("Pengawas Sekolah Ahli Muda", "Tim Pengawas", "PNS"),
        ("Analis Kurikulum", "Tim Pengawas", "PNS"),
    ],
    "SMPN3": [("Kepala Sekolah", "Pimpinan", "PNS"), *teachers("Guru MIPA", 5),
              *teachers("Guru Bahasa dan IPS", 5), ("Pengelola Tata Usaha", "Tata Usaha", "PNS")],
    "SDN15": [("Kepala Sekolah", "Pimpinan", "PNS"), *teachers("Guru Kelas", 6, 2)],
    "PKM-REMU": [
        ("Kepala Puskesmas", "Pimpinan", "PNS"),
        ("Dokter Ahli Pertama", "Tim Pelayanan Medik", "PNS"),
        ("Perawat Ahli Muda", "Tim Pelayanan Medik", "PNS"),
        ("Bidan Ahli Pertama", "Tim Pelayanan Medik", "PPPK"),
        ("Perawat Terampil", "Tim Pelayanan Medik", "PPPK"),
    ],
    "DISTRIK-MANOI": [
        ("Kepala Distrik", "Pimpinan", "PNS"),
        ("Sekretaris Distrik", "Pelayanan Distrik", "PNS"),
        ("Pengadministrasi Pelayanan", "Pelayanan Distrik", "PNS"),
        ("Pengadministrasi Umum", "Pelayanan Distrik", "PPPK"),
    ],
}  # fmt: skip

KEY_PEOPLE = [
    sg.KeyPerson("SETDA", "Sekretaris Daerah", "Drs. Yohanis Kalami, M.Si.", 1,
                 date(1971, 5, 2), (1996, 3)),
    sg.KeyPerson("SETDA", "Kepala Bagian Organisasi", "Markus Mobalen, S.IP.", 1,
                 date(1982, 3, 11), (2006, 4)),
    sg.KeyPerson("BKPSDM", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                 "Agustina Rumbiak, S.E., M.M.", 2, date(1977, 8, 19), (2002, 12)),
    sg.KeyPerson("BKPSDM", "Analis Sumber Daya Manusia Aparatur Ahli Muda",
                 "Yuliana Kambu, S.Sos.", 2, date(1986, 7, 15), (2010, 1)),
    sg.KeyPerson("BKPSDM", "Pranata Komputer Ahli Pertama", "Samuel Wanma, S.Kom.", 1,
                 date(1992, 5, 30), (2018, 3)),
]  # fmt: skip

MALE = ["Yohanis", "Markus", "Daniel", "Yulius", "Agustinus", "Petrus", "Samuel", "Kornelius",
        "Frans", "Habel", "Yakob", "Andreas", "Ahmad", "Rahman", "Ismail", "Benyamin"]  # fmt: skip
FEMALE = ["Maria", "Yuliana", "Elisabeth", "Martha", "Yohana", "Debora", "Sarah", "Ribka",
          "Naomi", "Fransiska", "Siti", "Nurhayati", "Lea", "Mariana"]  # fmt: skip
FAMILY = ["Kambu", "Kalami", "Mobalen", "Sagrim", "Fatem", "Kareth", "Rumbiak", "Wanma",
          "Kafiar", "Mandacan", "Yable", "Ulim", "Sapulete", "Rumaropen", "Hamadi", "Idris",
          "Kondjol", "Salossa"]  # fmt: skip


def titles(rng: random.Random, position: str, head: bool, gender: int) -> str:
    """Academic titles after a name, as ASN usually carry them."""
    if position.startswith("Guru"):
        return rng.choice([", S.Pd.", ", S.Pd.", ", S.Pd., M.Pd."])
    if position.startswith(("Dokter",)):
        return ""
    if position.startswith(("Perawat", "Bidan")):
        return rng.choice([", A.Md.Kep.", ", S.Kep."])
    if position.startswith(("Pengadministrasi", "Operator", "Pengolah", "Pengelola")):
        return rng.choice(["", ", A.Md."])
    return rng.choice([", S.Sos.", ", S.IP.", ", S.E.", ", S.H.", ", S.Kom."])


def staff(rng: random.Random) -> list[sg.Person]:
    """Every employee, with a `quality` that centres their ratings."""
    names = sg.Names(rng, MALE, FEMALE, FAMILY)
    people = sg.build_staff(rng, names, ROSTER, KEY_PEOPLE, top_unit="SETDA", titles=titles)
    for p in people:
        if p.position.startswith("Dokter"):
            p.name = "dr. " + p.name
        p.quality = rng.gauss(4.15 if p.head else 4.05, 0.25)
    weak = [p for p in people if p.unit in ("DISDUKCAPIL", "SDN15") and not p.head]
    for p, q in zip(weak[::3], (3.3, 3.1, 3.5, 3.2), strict=False):
        p.quality = q
    return people


def institution(p: sg.Person) -> str:
    """Where an employee works, as written on attendance lists and inputs."""
    return UNIT_NAMES[p.unit]


INPUTS = [
    ("F1", "asn", "Pasal 2", "Penilaian sebaiknya setiap triwulan agar pembinaan tidak terlambat "
     "dan selaras dengan penilaian periodik di e-Kinerja.", "diterima",
     "Diterima. Pasal 2 ayat (1) versi 2 menetapkan evaluasi setiap triwulan.", "Pasal 2"),
    ("F1", "asn", "Pasal 2", "Rekan kerja satu tim mengetahui kinerja sehari-hari; usul rekan "
     "kerja ikut menilai dengan bobot yang jelas.", "diterima", "Diterima. Pasal 2 ayat (1) dan "
     "ayat (2) versi 2 menambahkan penilaian rekan kerja dengan bobot 40 persen.", "Pasal 2"),
    ("F1", "asn", "Pasal 2", "Nilai dari rekan kerja jangan ditampilkan bila penilainya sedikit, "
     "supaya tidak menimbulkan konflik dalam tim kecil.", "diterima", "Diterima. Pasal 2 ayat (3) "
     "versi 2 menetapkan ambang tiga penilai dan kerahasiaan identitas penilai.", "Pasal 2"),
    ("F1", "asn", "Pasal 3", "Hasil per tim perlu dilaporkan agar kepala unit tahu tim mana yang "
     "perlu dibina.", "diterima", "Diterima. Pasal 3 versi 2 menambahkan evaluasi tingkat tim.",
     "Pasal 3"),
    ("F1", "asn", "Pasal 4", "Penilaian guru perlu mencakup metode pengajaran, bukan hanya "
     "kehadiran dan nilai siswa.", "diterima", "Diterima. Pasal 4 versi 2.", "Pasal 4"),
    ("F2", "masyarakat", "", "Pembuatan KTP-el dan akta kelahiran mohon dipercepat; warga dari "
     "distrik jauh harus datang berkali-kali.", "diterima", "Diterima. Ditambahkan Pasal 6 "
     "tentang batas waktu penyelesaian dokumen kependudukan.", "Pasal 6"),
    ("F2", "dprd", "", "Hasil evaluasi unit kerja mohon dilaporkan kepada DPRD.", "diterima",
     "Diterima. Pasal 5 ayat (2) versi 2.", "Pasal 5"),
    ("F2", "masyarakat", "", "Hasil evaluasi pegawai sebaiknya dipakai untuk promosi dan "
     "pelatihan.", "diterima", "Diterima. Pasal 5 ayat (1) versi 2.", "Pasal 5"),
]  # fmt: skip
PUBLIC = [
    ("Yosias Malak", "Tokoh Adat Moi", "masyarakat"),
    ("Hana Sapulete", "Anggota DPRD Kota Sorong", "dprd"),
    ("Marthen Ulim", "Warga Distrik Sorong Manoi", "masyarakat"),
    ("Siti Aminah Idris", "Warga Kelurahan Remu Utara", "masyarakat"),
]
CATEGORIES = ["Waktu penyelesaian dokumen lama", "Antrean panjang", "Sistem jaringan gangguan",
              "Sikap petugas", "Persyaratan tidak jelas"]  # fmt: skip
SERVICES = {
    "DISDUKCAPIL": ["KTP-el", "Kartu Keluarga", "Akta Kelahiran", "Kartu Identitas Anak",
                    "Pindah Datang"],
    "PKM-REMU": ["Poli Umum", "Kesehatan Ibu dan Anak", "Imunisasi", "Laboratorium"],
    "DISTRIK-MANOI": ["Surat Keterangan", "Rekomendasi Administrasi Kependudukan"],
}  # fmt: skip


# Disdukcapil's requests of 2025, before the policy: slower, for the needs analysis.
REQUESTS_2025 = {
    "KTP-el": (900, [(0, 0.38), (1, 0.17), (3, 0.20), (6, 0.15), (12, 0.10)]),
    "Kartu Keluarga": (560, [(1, 0.10), (3, 0.25), (6, 0.35), (10, 0.30)]),
    "Akta Kelahiran": (450, [(2, 0.10), (5, 0.30), (8, 0.35), (12, 0.25)]),
    "Kartu Identitas Anak": (180, [(0, 0.20), (2, 0.30), (5, 0.30), (9, 0.20)]),
    "Pindah Datang": (150, [(3, 0.10), (6, 0.40), (9, 0.30), (14, 0.20)]),
}
# Disdukcapil's requests of TW III: per kind, how many and how many working days they took.
REQUESTS = {
    "KTP-el": (250, [(0, 0.70), (1, 0.12), (2, 0.08), (3, 0.05), (6, 0.05)]),
    "Kartu Keluarga": (150, [(0, 0.10), (1, 0.20), (2, 0.30), (4, 0.25), (7, 0.15)]),
    "Akta Kelahiran": (120, [(1, 0.10), (2, 0.20), (3, 0.30), (5, 0.25), (8, 0.15)]),
    "Kartu Identitas Anak": (50, [(0, 0.40), (1, 0.20), (3, 0.25), (6, 0.15)]),
    "Pindah Datang": (40, [(1, 0.10), (3, 0.35), (5, 0.35), (9, 0.20)]),
}


def skm(rng: random.Random, start: date, end: date, scale: float, lift: float) -> list[list[str]]:
    """SKM responses of every service unit between `start` and `end`."""
    rows = []
    for unit, services in SERVICES.items():
        base = {"DISDUKCAPIL": 2.9, "PKM-REMU": 3.15, "DISTRIK-MANOI": 3.05}[unit]
        means = [base + lift + d for d in (0.1, 0.05, -0.35, 0.55, 0.05, 0.1, 0.1, -0.1, -0.05)]
        count = round({"DISDUKCAPIL": 110, "PKM-REMU": 60, "DISTRIK-MANOI": 30}[unit] * scale)
        rows += sg.skm_rows(rng, unit, sg.workdays(start, end), count, means, services)
    rows.sort(key=lambda r: (r[1][6:] + r[1][3:5] + r[1][:2], r[0]))
    return rows


def main(out: Path = HERE) -> None:
    """Write every generated file into `out`."""
    rng = random.Random(SEED)
    people = staff(rng)
    files: dict[str, tuple] = {"pegawai.csv": (sg.PEGAWAI_HEADER, sg.pegawai_rows(people), True)}
    files |= sg.forum_files(rng, people, INPUTS, PUBLIC, institution)
    files["skm_2025.csv"] = (sg.SKM_HEADER, skm(rng, date(2025, 1, 1), date(2025, 12, 31), 2.0,
                                                -0.05), True)  # fmt: skip
    complaints = {"DISDUKCAPIL": (40, 90.0), "PKM-REMU": (10, 30.0), "DISTRIK-MANOI": (8, 50.0)}
    year = sg.workdays(date(2025, 1, 1), date(2025, 12, 31))
    rows = sg.complaint_rows(rng, complaints, year, CATEGORIES)
    files["pengaduan_2025.csv"] = (sg.COMPLAINT_HEADER, rows, False)
    files["skm_2026_tw3.csv"] = (sg.SKM_HEADER, skm(rng, date(2026, 7, 1), date(2026, 9, 30),
                                                    0.8, 0.12), True)  # fmt: skip
    tw3 = {"DISDUKCAPIL": (14, 50.0), "PKM-REMU": (4, 24.0), "DISTRIK-MANOI": (3, 40.0)}
    files["pengaduan_2026_tw3.csv"] = (sg.COMPLAINT_HEADER, sg.complaint_rows(
        rng, tw3, sg.workdays(date(2026, 7, 1), date(2026, 9, 30)), CATEGORIES), False)  # fmt: skip
    workshops = {"W1": list(ROSTER),
                 "W2": ["SETDA", "BKPSDM", "DISDUKCAPIL", "DISDIK", "PKM-REMU", "DISTRIK-MANOI"],
                 "W3": ["DISDIK", "SMPN3", "SDN15"]}  # fmt: skip
    files["kehadiran_kegiatan.csv"] = (sg.WORKSHOP_HEADER, sg.workshop_rows(
        rng, workshops, people, {"DISTRIK-MANOI": 0.3}), True)  # fmt: skip
    milestones = [
        ("Tim kerja setiap unit ditetapkan", date(2026, 5, 29)),
        ("Penilaian rekan kerja Triwulan II dilaksanakan", date(2026, 6, 26)),
    ]
    files["progres_implementasi.csv"] = (sg.PROGRESS_HEADER, sg.progress_rows(
        milestones, list(ROSTER), {"DISTRIK-MANOI": 1},
        ("Selesai", "Menunggu penetapan tim")), True)  # fmt: skip
    criteria = {"guru": ["kehadiran", "metode_pengajaran", "hasil_belajar"],
                "umum": ["hasil_kerja", "disiplin", "kerja_sama"]}  # fmt: skip

    def criteria_for(p: sg.Person) -> list[str]:
        teacher = p.position.startswith("Guru") and p.unit in ("SMPN3", "SDN15")
        return criteria["guru" if teacher else "umum"]

    ratings = sg.ratings_360(rng, "2026-TW3", people, criteria_for, ["atasan", "rekan"],
                             sg.peers_in_team(people))  # fmt: skip
    files["penilaian_2026_tw3.csv"] = (sg.RATING_HEADER, ratings, True)
    # PREDIKAT-BAIK is measured by the evaluation from these ratings (`measure: predikat_baik`).
    # DUKCAPIL-HARI and KTP-SEHARI are measured from Disdukcapil's requests (`layanan_*`).
    files["realisasi_2026_tw3.csv"] = (sg.REALISATION_HEADER, [
        ["2026-TW3", "GURU-HADIR", "93,1"],
    ], True)  # fmt: skip
    # Drawn last, from a generator of their own: the files above keep their bytes.
    files["layanan_2026_tw3.csv"] = (sg.REQUEST_HEADER, sg.request_rows(
        random.Random(SEED + 1), "DISDUKCAPIL", REQUESTS,
        sg.workdays(date(2026, 7, 1), date(2026, 9, 30)), "DKC"), True)  # fmt: skip
    files["layanan_2025.csv"] = (sg.REQUEST_HEADER, sg.request_rows(
        random.Random(SEED + 2), "DISDUKCAPIL", REQUESTS_2025,
        sg.workdays(date(2025, 1, 1), date(2025, 12, 31)), "DKC"), True)  # fmt: skip
    sg.write_all(out, files)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
