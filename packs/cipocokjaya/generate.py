"""Generate the sample data of the Kecamatan Cipocok Jaya pack (Kota Serang, Banten).

Run with ``python packs/cipocokjaya/generate.py [OUT_DIR]`` (default: next to itself).
Hand-written, not generated: ``../cipocokjaya.yaml``, ``catatan_analisis.md``,
``notulen.yaml``, ``rancangan_v1.md`` and ``rancangan_v2.md``.

The practice this data shows: a weighted 360 evaluation on disiplin, kompetensi and
kontribusi (atasan, rekan, masyarakat; self-assessment shown beside the supervisor's),
quarterly self-assessment rounds, bonus points for the innovation programme, and
complaint response times per unit. Small kelurahan offices have only two peers per
employee, so their peer figures stay hidden under the anonymity rule of three raters.
Every person is fictional; one ``random.Random(2027)`` seeds everything.
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
PACK = HERE.parent / "cipocokjaya.yaml"
SEED = 2027

KELURAHAN = ["BANJARAGUNG", "BANJARSARI", "CIPOCOKJAYA", "DALUNG", "GELAM", "KARUNDANG",
             "PANANCANGAN", "TEMBONG"]  # fmt: skip
LARGE = {"BANJARAGUNG", "CIPOCOKJAYA", "KARUNDANG", "TEMBONG"}
UNIT_NAMES = {
    "SEKCAM": "Sekretariat Kecamatan Cipocok Jaya",
    "PATEN": "PATEN Kecamatan Cipocok Jaya",
    "KEL-BANJARAGUNG": "Kelurahan Banjar Agung",
    "KEL-BANJARSARI": "Kelurahan Banjarsari",
    "KEL-CIPOCOKJAYA": "Kelurahan Cipocok Jaya",
    "KEL-DALUNG": "Kelurahan Dalung",
    "KEL-GELAM": "Kelurahan Gelam",
    "KEL-KARUNDANG": "Kelurahan Karundang",
    "KEL-PANANCANGAN": "Kelurahan Panancangan",
    "KEL-TEMBONG": "Kelurahan Tembong",
}


def kelurahan_roster(code: str) -> list[tuple[str, str, str]]:
    """Roster of a kelurahan office; the four large ones have one more section head."""
    rows = [
        ("Lurah", "Pimpinan", "PNS"),
        ("Sekretaris Kelurahan", "Pelayanan Kelurahan", "PNS"),
        ("Kepala Seksi Pelayanan Umum Kelurahan", "Pelayanan Kelurahan", "PNS"),
        ("Pengadministrasi Pelayanan", "Pelayanan Kelurahan", "PPPK"),
    ]
    if code in LARGE:
        rows.insert(3, ("Kepala Seksi Pemerintahan Kelurahan", "Pelayanan Kelurahan", "PNS"))
    return rows


ROSTER: dict[str, list[tuple[str, str, str]]] = {
    "SEKCAM": [
        ("Camat", "Pimpinan", "PNS"),
        ("Sekretaris Kecamatan", "Pimpinan", "PNS"),
        ("Kepala Subbagian Umum dan Kepegawaian", "Subbagian Umum", "PNS"),
        ("Kepala Subbagian Perencanaan dan Keuangan", "Subbagian Umum", "PNS"),
        ("Pranata Komputer Ahli Pertama", "Subbagian Umum", "PNS"),
        ("Pengadministrasi Umum", "Subbagian Umum", "PPPK"),
    ],
    "PATEN": [
        ("Kepala Seksi Pelayanan Umum", "Pimpinan", "PNS"),
        ("Analis Pelayanan", "Loket PATEN", "PNS"),
        ("Pengadministrasi Pelayanan", "Loket PATEN", "PNS"),
        ("Pengadministrasi Pelayanan", "Loket PATEN", "PPPK"),
        ("Operator Layanan Operasional", "Loket PATEN", "PPPK"),
    ],
    "SEKSI-PEM": [
        ("Kepala Seksi Pemerintahan", "Pimpinan", "PNS"),
        ("Analis Pemerintahan", "Seksi Pemerintahan", "PNS"),
        ("Pengadministrasi Pemerintahan", "Seksi Pemerintahan", "PPPK"),
    ],
    "SEKSI-EKBANG": [
        ("Kepala Seksi Ekonomi dan Pembangunan", "Pimpinan", "PNS"),
        ("Analis Pembangunan", "Seksi Ekonomi dan Pembangunan", "PNS"),
        ("Pengadministrasi Pembangunan", "Seksi Ekonomi dan Pembangunan", "PNS"),
    ],
    "SEKSI-TRANTIB": [
        ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "Pimpinan", "PNS"),
        ("Polisi Pamong Praja Terampil", "Seksi Trantib", "PNS"),
        ("Polisi Pamong Praja Terampil", "Seksi Trantib", "PPPK"),
    ],
    **{f"KEL-{code}": kelurahan_roster(code) for code in KELURAHAN},
}

KEY_PEOPLE = [
    sg.KeyPerson("SEKCAM", "Camat", "Ahmad Syarifudin, S.STP., M.Si.", 1, date(1978, 3, 17),
                 (2000, 12)),
    sg.KeyPerson("SEKCAM", "Sekretaris Kecamatan", "Nurhasanah, S.Sos., M.Si.", 2,
                 date(1979, 11, 23), (2003, 12)),
    sg.KeyPerson("SEKCAM", "Kepala Subbagian Umum dan Kepegawaian", "Dedi Supriatna, S.IP.", 1,
                 date(1984, 7, 12), (2009, 1)),
    sg.KeyPerson("SEKCAM", "Pranata Komputer Ahli Pertama", "Fitri Handayani, S.Kom.", 2,
                 date(1993, 6, 14), (2019, 3)),
    sg.KeyPerson("SEKSI-PEM", "Kepala Seksi Pemerintahan", "Rudi Setiawan, S.H.", 1,
                 date(1981, 2, 5), (2006, 4)),
]  # fmt: skip

MALE = ["Asep", "Ujang", "Dede", "Yayan", "Cecep", "Jaja", "Endang", "Agus", "Hendra", "Wawan",
        "Iwan", "Dadang", "Rahmat", "Fajar", "Rizki", "Ilham", "Yusuf", "Hasan"]  # fmt: skip
FEMALE = ["Euis", "Neneng", "Iis", "Siti", "Nurul", "Lilis", "Tati", "Rina", "Dewi", "Wulan",
          "Yanti", "Ratna", "Ani", "Eka", "Maya", "Sri"]  # fmt: skip
FAMILY = ["Suryana", "Hidayat", "Permana", "Sukmawati", "Rohaeti", "Fauzi", "Kurniawan",
          "Maulana", "Nurjanah", "Syamsudin", "Jaelani", "Mulyadi", "Ramdani", "Sopiah",
          "Komarudin", "Rosita", "Saepudin", "Hermawan"]  # fmt: skip


def titles(rng: random.Random, position: str, head: bool, gender: int) -> str:
    """Academic titles after a name, as ASN usually carry them."""
    if position.startswith(("Pengadministrasi", "Operator", "Polisi")):
        return rng.choice(["", "", ", A.Md."])
    if head or position.startswith(("Kepala", "Sekretaris", "Lurah")):
        return rng.choice([", S.Sos.", ", S.IP.", ", S.STP.", ", S.E.", ", S.H."])
    return rng.choice([", S.Sos.", ", S.E.", ", S.Kom.", ", S.AP."])


def staff(rng: random.Random) -> list[sg.Person]:
    """Every employee, with a `quality` that centres their ratings."""
    names = sg.Names(rng, MALE, FEMALE, FAMILY)
    people = sg.build_staff(rng, names, ROSTER, KEY_PEOPLE, top_unit="SEKCAM", titles=titles)
    for p in people:
        p.quality = rng.gauss(4.25 if p.head else 4.1, 0.2)
        p.public = p.unit == "PATEN" or (p.unit.startswith("KEL-") and "Pelayanan" in p.position)
    low = [p for p in people if not p.head and p.unit.startswith("KEL-")][:3]
    for p, q in zip(low, (3.1, 2.9, 3.3), strict=True):
        p.quality = q  # a few weak results: coaching, and the curve has its Butuh Perbaikan
    for p in [p for p in people if p.unit == "PATEN" and not p.head][:2]:
        p.quality = 4.75
    return people


# --------------------------------------------------------------------------- forums

INPUTS = [
    ("F1", "asn", "Diktum KETIGA", "Bagi pegawai sekretariat dan seksi yang tidak melayani "
     "masyarakat "
     "secara langsung, bobot penilaian masyarakat sebaiknya tidak dipakai dan dialihkan kepada "
     "penilai lain.", "diterima sebagian", "Diterima sebagian. Diktum KETIGA angka 2 versi 2 "
     "mengatur "
     "bahwa bobot penilai yang tidak ada dibagi secara proporsional kepada penilai lainnya, "
     "sehingga pegawai yang tidak dinilai masyarakat dinilai dari atasan dan rekan kerja.",
     "Diktum KETIGA"),
    ("F1", "asn", "Diktum KETIGA", "Penilaian rekan kerja rawan subjektif bila penilainya sedikit. "
     "Mohon nilai rekan kerja tidak ditampilkan bila penilainya kurang dari tiga orang dan "
     "identitas penilai dirahasiakan.", "diterima", "Diterima. Diktum KETIGA angka 3 dan angka 4 "
     "versi 2 mengatur ambang tiga penilai dan kerahasiaan identitas penilai.", "Diktum KETIGA"),
    ("F1", "asn", "Diktum KEEMPAT", "Penilaian diri setiap semester terlalu jarang untuk "
     "memperbaiki "
     "kinerja. Usul setiap triwulan, bersamaan dengan penilaian periodik di e-Kinerja.",
     "diterima", "Diterima. Diktum KEEMPAT angka 1 versi 2 menetapkan penilaian diri setiap "
     "triwulan.",
     "Diktum KEEMPAT"),
    ("F1", "asn", "Diktum KEDUA", "Mohon bobot setiap aspek disebutkan dalam Keputusan agar "
     "penilaian "
     "seragam di kedelapan kelurahan.", "diterima", "Diterima. Diktum KEDUA angka 1 versi 2 memuat "
     "bobot disiplin 35%, kompetensi 35%, dan kontribusi 30%.", "Diktum KEDUA"),
    ("F1", "asn", "Diktum KELIMA", "Tambahan nilai program inovasi perlu dibatasi agar tidak "
     "menutupi "
     "kinerja utama pegawai.", "diterima", "Diterima. Diktum KELIMA angka 1 versi 2 membatasi "
     "tambahan nilai paling banyak 5 poin.", "Diktum KELIMA"),
    ("F1", "asn", "", "Sebelum penilaian diberlakukan, pegawai perlu pelatihan manajemen waktu "
     "agar antrean pagi di PATEN dapat dikurangi.", "diterima sebagian", "Diterima sebagian. "
     "Pelatihan manajemen waktu dijadwalkan pada tahap sosialisasi (April 2026); Diktum KETUJUH "
     "versi 2 "
     "menyebut pelatihan manajemen waktu sebagai bagian dari pembinaan.", "Diktum KETUJUH"),
    ("F2", "masyarakat", "Diktum KEENAM", "Tiga hari kerja terlalu lama untuk menanggapi pengaduan "
     "warga. Usul paling lama dua kali dua puluh empat jam.", "diterima", "Diterima. Diktum KEENAM "
     "angka 1 versi 2 menetapkan batas 48 jam sejak pengaduan diterima.", "Diktum KEENAM"),
    ("F2", "masyarakat", "Diktum KETIGA", "Warga bersedia menilai petugas pelayanan asalkan "
     "tidak perlu "
     "mencantumkan nama.", "diterima", "Diterima. Diktum KETIGA angka 4 versi 2 merahasiakan "
     "identitas penilai; formulir penilaian masyarakat tidak meminta nama.", "Diktum KETIGA"),
    ("F2", "lpm", "", "Hasil survei kepuasan masyarakat mohon diumumkan di papan pengumuman "
     "kelurahan setiap semester.", "di luar lingkup", "Di luar lingkup Keputusan ini. Pengumuman "
     "hasil SKM dilaksanakan oleh setiap unit layanan setiap semester sesuai standar pelayanan.",
     ""),
    ("F2", "masyarakat", "", "Mohon jalan lingkungan di RW 05 segera diperbaiki.",
     "di luar lingkup", "Di luar lingkup. Diteruskan kepada Seksi Ekonomi dan Pembangunan untuk "
     "diusulkan dalam Musrenbang Kelurahan.", ""),
]  # fmt: skip
PUBLIC = [
    ("Haji Mahmud Sobari", "RW 02 Kelurahan Dalung", "masyarakat"),
    ("Enok Komariah", "RT 04 RW 01 Kelurahan Gelam", "masyarakat"),
    ("Apud Saprudin", "RW 05 Kelurahan Tembong", "masyarakat"),
    ("Ade Rohimah", "LPM Kelurahan Karundang", "lpm"),
    ("Muhtar Hamdani", "LPM Kelurahan Banjarsari", "lpm"),
    ("Oom Komalasari", "RW 03 Kelurahan Panancangan", "masyarakat"),
    ("Jajang Nurdin", "RW 01 Kelurahan Cipocok Jaya", "masyarakat"),
    ("Entin Supartini", "PKK Kelurahan Banjar Agung", "masyarakat"),
]


def institution(p: sg.Person) -> str:
    """Where an employee works, as written on attendance lists and inputs."""
    if p.unit.startswith("KEL-"):
        return "Kantor " + UNIT_NAMES[p.unit]
    return UNIT_NAMES.get(p.unit, "Kecamatan Cipocok Jaya")


# ------------------------------------------------------------------ services and data

SERVICES = {
    "PATEN": ["Rekomendasi IMB", "Surat Keterangan Ahli Waris", "Legalisasi Dokumen",
              "Rekomendasi Izin Usaha Mikro", "Surat Keterangan Domisili Usaha"],
    "KEL": ["Surat Pengantar Kependudukan", "Surat Keterangan Tidak Mampu",
            "Surat Keterangan Domisili", "Surat Keterangan Usaha"],
}  # fmt: skip
CATEGORIES = ["Waktu pelayanan lama", "Petugas tidak di tempat", "Persyaratan tidak jelas",
              "Sikap petugas", "Informasi layanan"]  # fmt: skip
SERVICE_UNITS = ["PATEN", *(f"KEL-{k}" for k in KELURAHAN)]


def skm(rng: random.Random, start: date, end: date, scale: float, lift: float) -> list[list[str]]:
    """SKM responses of every service unit between `start` and `end`."""
    rows = []
    days = sg.workdays(start, end)
    for unit in SERVICE_UNITS:
        base = 3.2 if unit == "PATEN" else 3.0
        means = [base + lift + d for d in (0.15, 0.1, -0.25, 0.5, 0.05, 0.1, 0.05, -0.2, 0.0)]
        count = round((70 if unit == "PATEN" else 18) * scale)
        services = SERVICES["PATEN" if unit == "PATEN" else "KEL"]
        rows += sg.skm_rows(rng, unit, days, count, means, services)
    rows.sort(key=lambda r: (r[1][6:] + r[1][3:5] + r[1][:2], r[0]))
    return rows


def complaints(rng: random.Random, start: date, end: date, scale: float,
               speed: float) -> list[list[str]]:  # fmt: skip
    """Complaints per service unit; `speed` scales the median response hours."""
    units = {u: (max(2, round((24 if u == "PATEN" else 7) * scale)),
                 (30 if u == "PATEN" else 44) * speed) for u in SERVICE_UNITS}  # fmt: skip
    units["KEL-DALUNG"] = (units["KEL-DALUNG"][0], 70 * speed)  # the slowest office
    return sg.complaint_rows(rng, units, sg.workdays(start, end), CATEGORIES)


def ratings(rng: random.Random, people: list[sg.Person], period: str,
            self_round: bool) -> list[list[str]]:  # fmt: skip
    """360 ratings of a period: a self-assessment round (diri, atasan) or the annual one."""
    criteria = ["disiplin", "kompetensi", "kontribusi"]
    if self_round:
        return sg.ratings_360(rng, period, people, lambda _p: criteria, ["atasan", "diri"],
                              lambda _p: [])  # fmt: skip
    peers = sg.peers_in_team(people)

    def community(p: sg.Person) -> int:
        if not p.public:
            return 0
        return rng.choice([2, 3, 4]) if p.unit.startswith("KEL-") else 5

    return sg.ratings_360(rng, period, people, lambda _p: criteria,
                          ["atasan", "rekan", "masyarakat", "diri"], peers, community)  # fmt: skip


def main(out: Path = HERE) -> None:
    """Write every generated file into `out`."""
    rng = random.Random(SEED)
    people = staff(rng)
    files: dict[str, tuple] = {"pegawai.csv": (sg.PEGAWAI_HEADER, sg.pegawai_rows(people), True)}
    files |= sg.forum_files(rng, people, INPUTS, PUBLIC, institution)
    skm_2025 = skm(rng, date(2025, 1, 1), date(2025, 12, 31), 2.0, -0.1)
    files["skm_2025.csv"] = (sg.SKM_HEADER, skm_2025, True)
    # The IKM-PATEN baseline is the 2025 IKM the needs analysis computes from this sample.
    sg.check_indicator(PACK, "IKM-PATEN", baseline=sg.rounded(sg.ikm_of(skm_2025, "PATEN")))
    complaints_2025 = complaints(rng, date(2025, 1, 1), date(2025, 12, 31), 1.6, 1.4)
    files["pengaduan_2025.csv"] = (sg.COMPLAINT_HEADER, complaints_2025, False)
    # The complaint indicators count answers within the pack's limit (the Keputusan's 48 hours);
    # their baselines are the figures of the 2025 complaints the needs analysis reads.
    limit = sg.response_limit_hours(PACK)
    assert f"ditanggapi paling lama {limit} jam" in PACK.read_text(encoding="utf-8"), limit
    sg.check_indicator(
        PACK, "ADUAN-TEPAT", baseline=sg.rounded(sg.on_time_share(complaints_2025, limit) * 100)
    )
    sg.check_indicator(PACK, "ADUAN-MEDIAN", baseline=sg.rounded(sg.median_hours(complaints_2025)))
    jan_sep = skm(rng, date(2026, 1, 1), date(2026, 9, 30), 3.0, 0.05)
    okt_des = skm(rng, date(2026, 10, 1), date(2026, 12, 31), 1.0, 0.15)
    files["skm_2026_jan_sep.csv"] = (sg.SKM_HEADER, jan_sep, True)
    files["skm_2026_okt_des.csv"] = (sg.SKM_HEADER, okt_des, True)
    c1 = complaints(rng, date(2026, 1, 1), date(2026, 9, 30), 1.2, 0.9)
    c2 = complaints(rng, date(2026, 10, 1), date(2026, 12, 31), 0.4, 0.8)
    files["pengaduan_2026_jan_sep.csv"] = (sg.COMPLAINT_HEADER, c1, False)
    files["pengaduan_2026_okt_des.csv"] = (sg.COMPLAINT_HEADER, c2, False)
    workshops = {code: list(ROSTER) for code in ("W1", "W2", "W3")}
    files["kehadiran_kegiatan.csv"] = (sg.WORKSHOP_HEADER, sg.workshop_rows(
        rng, workshops, people, {"KEL-DALUNG": 0.4, "KEL-GELAM": 0.2}), True)  # fmt: skip
    milestones = [
        ("Sosialisasi Keputusan Camat di kantor unit", date(2026, 5, 15)),
        ("Formulir penilaian masyarakat tersedia di loket", date(2026, 6, 5)),
        ("Penilaian diri Triwulan II diisi seluruh pegawai", date(2026, 6, 26)),
    ]
    files["progres_implementasi.csv"] = (sg.PROGRESS_HEADER, sg.progress_rows(
        milestones, list(ROSTER), {"KEL-DALUNG": 2, "KEL-GELAM": 1},
        ("Selesai dilaksanakan", "Masih berjalan; dijadwalkan ulang")), True)  # fmt: skip
    files["penilaian_diri_2026_tw3.csv"] = (sg.RATING_HEADER, ratings(rng, people, "2026-TW3",
                                            True), True)  # fmt: skip
    files["penilaian_2026.csv"] = (sg.RATING_HEADER, ratings(rng, people, "2026", False), True)
    innovators = [p for p in people if not p.head][::7][:6]
    files["bonus_inovasi_2026.csv"] = (sg.BONUS_HEADER, [
        ["2026", p.nip, "inovasi", sg.fmt_dec(Fraction(points, 2), 1),
         "Tim program inovasi layanan antar-jemput dokumen"]
        for p, points in zip(innovators, (10, 6, 4, 8, 5, 3), strict=False)
    ], True)  # fmt: skip
    # Every indicator is measured by the evaluation from the data above (the pack's
    # `measure`): IKM-PATEN, ADUAN-TEPAT, ADUAN-MEDIAN, INOVASI and PENILAIAN-DIRI.
    sg.write_all(out, files)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
