"""The tabular import formats: one `TableFormat` per kind of file.

Layer: domain rules, pure and without IO (counterpart: `policy.imports`, which reads the files).
`FORMATS` is the registry the services name by kind. Adding a format is a row dataclass (in
`policy.importrecords`) and a `TableFormat` entry here: its columns (Indonesian header first,
English aliases after), the keys that must be unique within a file and an optional check
across the columns of a row (in `policy.importchecks`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Final

from policy.importchecks import (
    NEEDS_DEVELOPMENT_MAX,
    check_employee,
    check_employee_columns,
    check_milestone,
    check_needs,
    check_rating,
    check_rating_columns,
    check_service_request,
    check_skm,
    check_skm_columns,
    check_unit,
    check_workshop,
)
from policy.importrecords import (
    ActivityRow,
    BonusRow,
    CapaianRow,
    ClosureRow,
    ComplaintRow,
    EkinerjaRow,
    EmployeeRow,
    ForumAttendanceRow,
    ForumInputRow,
    IndicatorRow,
    InputResponseRow,
    MilestoneRow,
    NeedsRow,
    PlanRow,
    Rating360Row,
    RealisationRow,
    ServiceRequestRow,
    SkmRow,
    UnitRow,
    WorkshopAttendanceRow,
)
from policy.importschema import (
    choice,
    decimal_between,
    describe,
    exported_code,
    exported_text,
    long_text,
    parse_asn_type,
    parse_bool,
    parse_capaian,
    parse_code,
    parse_date,
    parse_decimal,
    parse_decimals,
    parse_direction,
    parse_disposition,
    parse_measure_text,
    parse_milestone_status,
    parse_nip,
    parse_positive_int,
    parse_rating,
    parse_score,
    parse_section,
    parse_sections,
    parse_unit_kind,
)
from policy.importtables import (
    Column,
    Consistent,
    Fill,
    TableFormat,
    Unique,
    nip_column,
    optional_column,
    text_column,
)
from policy.locale import MONTHS_ID, format_number
from policy.periods import parse_period

# ---------------------------------------------------------------------------- the registry

_PERCENT = decimal_between(Decimal(0), Decimal(100))
_HUNDREDTHS = Decimal("0.01")


def parse_hundredths(text: str) -> int:
    """A score or points value from 0 with at most 2 decimals, in hundredths ("3,5" -> 350)."""
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(f"nilai tidak boleh negatif, ditemukan {text}")
    if value != value.quantize(_HUNDREDTHS):
        raise ValueError(f"nilai paling banyak 2 desimal, ditemukan {text}")
    return int(value * 100)


# A date where a period belongs: ISO (an xlsx date cell, or a CSV saved from one) or d/m/yyyy.
_DATE_TEXT = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-[0-9]{1,2}(?:[T ][0-9:.]+)?"
    r"|[0-9]{1,2}[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})"
)


def parse_period_cell(text: str) -> str:
    """A period cell (`parse_period`); a date there is refused as a period Excel turned into one.

    Excel takes a typed "2026-10" or "Oktober 2026" for a date unless the cell is formatted
    as Text, and the file then holds 2026-10-01.
    """
    m = _DATE_TEXT.fullmatch(text)
    year, month = ((m[1], m[2]) if m[1] else (m[4], m[3])) if m else ("", "0")
    if not 1 <= int(month) <= 12:
        return parse_period(text)
    raise ValueError(
        f"periode '{text}' berupa tanggal: Excel mengubah periode yang diketik menjadi tanggal. "
        "Format sel kolom periode sebagai Teks, lalu ketik periodenya, mis. 2026-TW3, atau "
        f"{year}-{int(month):02d} untuk {MONTHS_ID[int(month) - 1]} {year}"
    )


describe(
    parse_period_cell,
    "periode, mis. 2026-TW3, TW III 2026, Semester I 2026, 2026 atau Maret 2026",
    as_text=True,
)
describe(parse_hundredths, "angka dari 0, paling banyak 2 desimal, mis. 3,5")


_MONTH_CODE = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_month(text: str) -> str:
    """A month of an activity recap: '2026-03', 'Maret 2026', '03/2026', or a date in it.

    Excel turns a typed "Maret 2026" into the date 1 March 2026: a date names its month.
    """
    if _DATE_TEXT.fullmatch(text):
        day = parse_date(text)
        code = f"{day.year}-{day.month:02d}"
    else:
        try:
            code = parse_period(text)
        except ValueError:
            code = ""
        if not _MONTH_CODE.fullmatch(code):
            raise ValueError(
                f"bulan '{text}' tidak dikenali sebagai satu bulan; tulis mis. 2026-03, "
                "03/2026 atau Maret 2026"
            )
    if not 2000 <= int(code[:4]) <= 2100:
        raise ValueError(f"bulan '{text}' di luar tahun 2000–2100")
    return code


describe(parse_month, "bulan, mis. 2026-03, 03/2026 atau Maret 2026", as_text=True)


def parse_report_days(text: str) -> int:
    """Days of a month with an activity report: a whole number from 0 to 31."""
    if not text.isdigit() or int(text) > 31:
        raise ValueError(
            f"jumlah hari harus bilangan bulat 0 sampai 31 (hari dalam sebulan), ditemukan '{text}'"
        )
    return int(text)


describe(parse_report_days, "jumlah hari dalam bulan itu yang berisi laporan kegiatan, 0–31")


def parse_leave_days(text: str) -> int:
    """Working days of a month on leave (cuti): a whole number from 0 to 31."""
    if not text.isdigit() or int(text) > 31:
        raise ValueError(
            f"hari cuti harus bilangan bulat 0 sampai 31 (hari kerja bulan itu), ditemukan '{text}'"
        )
    return int(text)


_NOTE = long_text(2000)


def parse_closing_note(text: str) -> str:
    """What was done for a follow-up action, as exported (a leading apostrophe taken off)."""
    return _NOTE(exported_text(text))


describe(parse_closing_note, "apa yang sudah dilakukan dan buktinya, paling banyak 2.000 karakter")


def parse_progress_note(text: str) -> str:
    """How far a follow-up action has come, as exported (a leading apostrophe taken off)."""
    return _NOTE(exported_text(text))


describe(
    parse_progress_note,
    "sejauh mana tindak lanjut yang belum selesai sudah berjalan, paling banyak 2.000 karakter",
)

describe(
    parse_leave_days,
    "hari kerja bulan itu yang dijalani pegawai dalam cuti (tidak wajib lapor), 0–31; kosong: 0",
)


#: The longest plausible response to a complaint: a year, in hours.
MAX_RESPONSE_HOURS = Decimal(8760)
_MAX_HOURS_WORDS: Final = format_number(MAX_RESPONSE_HOURS, 0)  # 8.760


def parse_response_hours(text: str) -> Decimal:
    """A complaint's response time in hours, from 0 up to a year (8.760 hours).

    A longer one is a unit mistaken (minutes, or the date of the response typed as a
    number), and it would weigh on the unit's mean response time alone.
    """
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(
            f"waktu respons tidak boleh negatif (paling sedikit 0 jam), ditemukan {text}"
        )
    if value > MAX_RESPONSE_HOURS:
        raise ValueError(
            f"waktu respons {text} jam melebihi satu tahun (paling lama {_MAX_HOURS_WORDS} jam); "
            "periksa satuannya: kolom ini dalam jam, bukan menit"
        )
    return value


describe(parse_response_hours, f"jam dari 0 sampai {_MAX_HOURS_WORDS} (satu tahun), mis. 26,5")

#: The ages an SKM respondent may give, in years.
AGES: Final = range(10, 121)
_AGES_WORDS: Final = f"{AGES.start} sampai {AGES.stop - 1}"


def parse_age(text: str) -> str:
    """An SKM respondent's age as written: years ('41') or a group ('21–30', '> 60').

    Years outside `AGES` are refused: a year of birth typed in the column ('1985') would
    count the respondent among the over-sixties of the unit's profile.
    """
    if not text.isdigit() or int(text) in AGES:
        return text
    if 1900 <= int(text) <= 2100:
        raise ValueError(
            f"usia {text} tampaknya tahun lahir; tulis usia responden dalam tahun, mis. 41"
        )
    raise ValueError(
        f"usia {text} tahun tidak mungkin bagi responden ({_AGES_WORDS} tahun); periksa "
        "isinya, atau kosongkan bila tidak diisi"
    )


describe(parse_age, f"usia dalam tahun ({_AGES_WORDS}), mis. 41, atau kelompok usia, mis. 21–30")


parse_source = choice(
    "sumber penilai",
    "diri, atasan, rekan, bawahan atau masyarakat",
    {
        **dict.fromkeys(("diri", "sendiri", "penilaian diri", "self"), "diri"),
        **dict.fromkeys(("atasan", "atasan langsung", "supervisor", "pimpinan"), "atasan"),
        **dict.fromkeys(("rekan", "rekan kerja", "sejawat", "peer", "peers"), "rekan"),
        **dict.fromkeys(("bawahan", "subordinate", "subordinates"), "bawahan"),
        **dict.fromkeys(("masyarakat", "publik", "warga", "community", "public"), "masyarakat"),
    },
)
_RATER = re.compile(r"[A-Za-z0-9_.\-/#]{1,64}")


def parse_rater(text: str) -> str:
    """A rater: a NIP (all digits, checked as a NIP) or a respondent code such as 'R-017'."""
    if text.isdigit():
        return parse_nip(text)
    if _RATER.fullmatch(text) is None:
        raise ValueError(
            f"penilai '{text}' harus NIP (18 digit) atau kode responden tanpa spasi, mis. R-017"
        )
    return text


describe(
    parse_rater,
    "NIP penilai (18 digit, sebagai teks), wajib untuk sumber atasan, rekan dan bawahan; "
    "kosong atau NIP pegawai itu sendiri untuk diri; kode responden tanpa spasi (mis. M-017) "
    "atau kosong untuk masyarakat",
    as_text=True,
)


#: The period column of every kind whose rows belong to a period: a period the pack never
#: evaluates is refused at its cell (`policy.importbounds`).
_PERIOD_COLUMN = Column("periode", "period", parse_period_cell, ("period",), bound="period")
_DUP_NIP = "NIP {nip} sudah ada di baris {first}"

_FORMAT_LIST: tuple[TableFormat[Any], ...] = (
    TableFormat(
        "unit",
        "unit kerja",
        UnitRow,
        (
            Column("kode", "code", parse_code, ("code", "kode_unit", "unit_code")),
            text_column("nama", "name", "name", "nama_unit"),
            optional_column("induk", "parent", parse_code, "parent", "kode_induk", empty=None),
            Column("jenis", "kind", parse_unit_kind, ("kind", "jenis_unit", "type")),
        ),
        (Unique(("code",), "kode unit {code} sudah ada di baris {first}"),),
        check_unit,
        ("unit_kerja", "units"),
    ),
    TableFormat(
        "pegawai",
        "data pegawai",
        EmployeeRow,
        (
            nip_column("nip", "nip"),
            text_column("nama", "name", "name", "nama_pegawai"),
            Column("jenis_asn", "asn_type", parse_asn_type, ("asn_type", "jenis_pegawai")),
            Column("jabatan", "position", None, ("position", "nama_jabatan")),  # repeats: memoised
            Column("unit_kerja", "unit_code", parse_code, ("unit", "kode_unit", "unit_code")),
            nip_column("nip_atasan", "supervisor_nip", "supervisor_nip", required=False),
            optional_column("tim", "team", None, "team", memo=True),
        ),
        (Unique(("nip",), _DUP_NIP),),
        check_employee,
        ("employees", "asn"),
        check_columns=check_employee_columns,
    ),
    TableFormat(
        "ekinerja",
        "rating e-Kinerja",
        EkinerjaRow,
        (
            _PERIOD_COLUMN,
            nip_column("nip", "nip"),
            Column(
                "rating_hasil_kerja", "hasil_kerja", parse_rating, ("work_rating", "hasil_kerja")
            ),
            Column("rating_perilaku", "perilaku", parse_rating, ("behaviour_rating", "perilaku")),
        ),
        (Unique(("period", "nip"), "NIP {nip} untuk periode {period} sudah ada di baris {first}"),),
        sheet_names=("e_kinerja", "ratings"),
    ),
    TableFormat(
        "skm",
        "respons SKM",
        SkmRow,
        (
            Column("unit_layanan", "unit_code", parse_code, ("service_unit", "unit", "unit_kerja")),
            Column(
                "tanggal", "response_date", parse_date, ("date", "tanggal_survei"), bound="past"
            ),
            *(Column(f"u{i}", f"u{i}", parse_score, (f"u_{i}",), empty=None) for i in range(1, 10)),
            optional_column("jenis_kelamin", "gender", None, "gender", "sex", memo=True),
            optional_column("usia", "age", parse_age, "age", "umur", memo=True),
            optional_column("pendidikan", "education", None, "education", memo=True),
            optional_column("pekerjaan", "occupation", None, "occupation", memo=True),
            optional_column(
                "jenis_layanan", "service_type", None, "service_type", "layanan", memo=True
            ),
            optional_column(
                "pelaksana",
                "partner",
                None,
                "mitra",
                "mitra_survei",
                "pelaksana_survei",
                "surveyor",
                "partner",
                memo=True,
            ),  # fmt: skip
        ),
        check=check_skm,
        check_columns=check_skm_columns,
        sheet_names=("survei", "survey", "responses"),
    ),
    TableFormat(
        "indikator",
        "indikator",
        IndicatorRow,
        (
            Column("kode", "code", parse_code, ("code", "kode_indikator")),
            text_column("nama", "name", "name", "indikator", "indicator"),
            optional_column("satuan", "unit", None, "unit"),
            Column("baseline", "baseline", parse_decimal, ("nilai_awal", "kondisi_awal")),
            Column("target", "target", parse_decimal),
            Column("arah", "direction", parse_direction, ("direction", "polaritas", "polarity")),
            optional_column("desimal", "decimals", parse_decimals, "decimals", empty=2),
            optional_column(
                "diukur_dari", "measure", parse_measure_text, "measure", "ukuran", empty=None
            ),
        ),
        (Unique(("code",), "kode indikator {code} sudah ada di baris {first}"),),
        sheet_names=("indicators",),
    ),
    TableFormat(
        "realisasi",
        "realisasi indikator",
        RealisationRow,
        (
            _PERIOD_COLUMN,
            Column("kode", "code", parse_code, ("code", "kode_indikator", "indicator")),
            Column("nilai", "value", parse_decimal, ("value", "realisasi", "realisation")),
        ),
        (
            Unique(
                ("period", "code"), "indikator {code} periode {period} sudah ada di baris {first}"
            ),
        ),
        sheet_names=("realisations", "realizations"),
    ),
    TableFormat(
        "kehadiran_forum",
        "daftar hadir forum",
        ForumAttendanceRow,
        (
            Column("forum", "forum", parse_code, ("kode_forum", "forum_code")),
            text_column("nama", "name", "name"),
            nip_column("nip", "nip", required=False),
            optional_column(
                "instansi", "institution", None, "institution", "organisasi", "organisation"
            ),
            text_column("kelompok", "group", "group", "stakeholder_group"),
            optional_column("hadir", "present", parse_bool, "present", "attended", empty=True),
        ),
        (Unique(("forum", "nip"), "NIP {nip} sudah tercatat di forum {forum} pada baris {first}"),),
        sheet_names=("daftar_hadir", "attendance"),
    ),
    TableFormat(
        "masukan",
        "masukan forum",
        ForumInputRow,
        (
            Column("forum", "forum", parse_code, ("kode_forum", "forum_code")),
            text_column("nama", "author", "name", "author"),
            optional_column(
                "instansi", "institution", None, "institution", "organisasi", "organisation"
            ),
            text_column("kelompok", "group", "group", "stakeholder_group"),
            optional_column("bagian", "section_ref", parse_section, "section", "pasal"),
            Column("masukan", "text", long_text(5000), ("input", "text", "isi"), memo=False),
        ),
        sheet_names=("inputs",),
    ),
    TableFormat(
        "tanggapan",
        "tanggapan atas masukan",
        InputResponseRow,
        (
            Column(
                "nomor", "number", parse_positive_int, ("number", "nomor_masukan", "no_masukan")
            ),
            Column("status", "disposition", parse_disposition, ("disposition",)),
            Column("tanggapan", "response", long_text(5000), ("response",), memo=False),
            optional_column(
                "bagian_berubah", "changed_sections", parse_sections, "changed_sections", empty=()
            ),
        ),
        (Unique(("number",), "masukan nomor {number} sudah ditanggapi di baris {first}"),),
        sheet_names=("responses", "matriks"),
    ),
    TableFormat(
        "kehadiran_kegiatan",
        "daftar hadir kegiatan",
        WorkshopAttendanceRow,
        (
            Column("kegiatan", "workshop", parse_code, ("workshop", "kode_kegiatan", "training")),
            nip_column("nip", "nip"),
            Column("hadir", "present", parse_bool, ("present", "attended"), empty=False),
            optional_column(
                "pre_test", "pre_test", _PERCENT, "pretest", "nilai_pre_test", empty=None
            ),
            optional_column(
                "post_test", "post_test", _PERCENT, "posttest", "nilai_post_test", empty=None
            ),
            optional_column(
                "angkatan", "session", parse_positive_int, "sesi", "session", empty=None
            ),
        ),
        (
            Unique(
                ("workshop", "nip"),
                "NIP {nip} sudah tercatat di kegiatan {workshop} pada baris {first}",
            ),
        ),
        check_workshop,
        ("workshop_attendance", "kehadiran"),
    ),
    TableFormat(
        "progres",
        "progres implementasi",
        MilestoneRow,
        (
            Column("unit_kerja", "unit_code", parse_code, ("unit", "kode_unit", "unit_code")),
            text_column("tahap", "milestone", "milestone", "kegiatan"),
            Column("target_tanggal", "due_on", parse_date, ("due_date", "tanggal_target", "due")),
            Column("status", "status", parse_milestone_status),
            optional_column(
                "tanggal_selesai",
                "done_on",
                parse_date,
                "done_date",
                "completed_on",
                empty=None,
                bound="past",
            ),
            optional_column("catatan", "note", None, "note", "notes", "keterangan"),
        ),
        (
            Unique(
                ("unit_code", "milestone"),
                "tahap '{milestone}' unit {unit_code} sudah ada di baris {first}",
            ),
        ),
        check_milestone,
        ("progress", "rollout"),
    ),
    TableFormat(
        "rencana",
        "rencana implementasi",
        PlanRow,
        (
            # Written by `siklus rollout plan export`: its text comes back as it went out.
            Column("unit_kerja", "unit_code", exported_code, ("unit", "kode_unit", "unit_code")),
            optional_column(
                "nama_unit", "unit_name", exported_text, "unit_name", "nama_unit_kerja", memo=False
            ),
            Column("tahap", "milestone", exported_text, ("milestone", "kegiatan"), memo=False),
            Column("target_tanggal", "due_on", parse_date, ("due_date", "tanggal_target", "due")),
        ),
        (
            Unique(
                ("unit_code", "milestone"),
                "tahap '{milestone}' unit {unit_code} sudah ada di baris {first}",
            ),
        ),
        sheet_names=("plan", "rencana_implementasi"),
    ),
    TableFormat(
        "penilaian_360",
        "penilaian 360",
        Rating360Row,
        (
            _PERIOD_COLUMN,
            nip_column("nip", "nip"),
            Column("sumber", "source", parse_source, ("source", "sumber_penilai")),
            optional_column("penilai", "rater", parse_rater, "rater", "nip_penilai", empty=None),
            Column("aspek", "criterion", parse_code, ("criterion", "kriteria", "kode_aspek")),
            Column("nilai", "score", parse_hundredths, ("score", "skor")),
        ),
        (
            Unique(
                ("period", "nip", "source", "rater", "criterion"),
                "penilai {rater} sudah menilai aspek {criterion} NIP {nip} ({source}, periode "
                "{period}) di baris {first}",
            ),
        ),
        check_rating,
        ("penilaian", "ratings_360", "360"),
        check_columns=check_rating_columns,
        # A self-rating's empty rater is the employee: `diri;;disiplin` and `diri;<own
        # NIP>;disiplin` are then one key, a repeat.
        fills=(Fill("rater", "nip", "source", "diri"),),
        # One rater, one source per employee and period: the supervisor counted as a peer
        # too would fill the peers' anonymity threshold and give their mean away.
        consistent=(
            Consistent(
                ("period", "nip", "rater"),
                "source",
                "penilai {rater} sudah tercatat sebagai sumber {other} bagi NIP {nip} periode "
                "{period} di baris {first}, di sini sebagai {value}; seorang penilai hanya "
                "boleh satu sumber bagi pegawai yang sama dalam satu periode",
            ),
        ),
    ),
    TableFormat(
        "bonus",
        "poin bonus",
        BonusRow,
        (
            _PERIOD_COLUMN,
            nip_column("nip", "nip"),
            Column("kode", "code", parse_code, ("code", "kode_bonus", "bonus")),
            Column("poin", "points", parse_hundredths, ("points", "nilai")),
            optional_column("keterangan", "note", None, "note", "catatan"),
        ),
        (
            Unique(
                ("period", "nip", "code"),
                "bonus {code} NIP {nip} periode {period} sudah ada di baris {first}",
            ),
        ),
        sheet_names=("bonus", "poin"),
    ),
    TableFormat(
        "tindak_lanjut",
        "penyelesaian tindak lanjut",
        ClosureRow,
        (
            Column("no", "number", parse_positive_int, ("nomor", "no_tindak_lanjut", "id")),
            optional_column(
                "catatan_penyelesaian",
                "note",
                parse_closing_note,
                "catatan",
                "note",
                "keterangan",
                "catatan_penutupan",
                memo=False,
            ),
            optional_column(
                "perkembangan",
                "progress",
                parse_progress_note,
                "progress",
                "progres",
                "catatan_perkembangan",
                memo=False,
            ),
        ),
        (Unique(("number",), "tindak lanjut nomor {number} sudah ada di baris {first}"),),
        sheet_names=("tindak_lanjut", "penyelesaian"),
        # The rest of `siklus action export`'s columns: what the unit reads, not what it
        # answers (a changed due date or status is not taken from the file).
        informative=(
            "siklus",
            "periode",
            "jenis",
            "tindak_lanjut",
            "untuk",
            "unit_kerja",
            "penanggung_jawab",
            "batas_waktu",
            "status",
        ),  # fmt: skip
    ),
    TableFormat(
        "capaian_organisasi",
        "capaian kinerja organisasi",
        CapaianRow,
        (
            _PERIOD_COLUMN,
            Column("unit_kerja", "unit_code", parse_code, ("unit", "kode_unit", "unit_code")),
            Column(
                "capaian",
                "capaian",
                parse_capaian,
                ("capaian_kinerja", "capaian_organisasi", "capaian_kinerja_organisasi"),
            ),
            optional_column("ditetapkan_oleh", "set_by", None, "set_by", "penetap", memo=True),
            optional_column("catatan", "note", None, "note", "notes", "keterangan"),
        ),
        (
            Unique(
                ("period", "unit_code"),
                "capaian unit {unit_code} periode {period} sudah ada di baris {first}",
            ),
        ),
        sheet_names=("capaian", "capaian_kinerja"),
    ),
    TableFormat(
        "pengaduan",
        "data pengaduan",
        ComplaintRow,
        (
            Column(
                "tanggal", "received_on", parse_date, ("date", "tanggal_pengaduan"), bound="past"
            ),
            Column("unit_kerja", "unit_code", parse_code, ("unit", "kode_unit", "unit_code")),
            text_column("kategori", "category", "category"),
            optional_column(
                "waktu_respons_jam",
                "response_hours",
                parse_response_hours,
                "response_hours",
                "response_time_hours",
                empty=None,
            ),
            optional_column("status", "status", None),
        ),
        sheet_names=("complaints",),
    ),
    TableFormat(
        "laporan_kegiatan",
        "rekap laporan kegiatan harian e-Kinerja",
        ActivityRow,
        (
            Column("bulan", "month", parse_month, ("month", "bulan_laporan", "periode_bulan")),
            nip_column("nip", "nip"),
            Column(
                "hari_lapor",
                "days",
                parse_report_days,
                ("days", "hari_melapor", "jumlah_hari", "jumlah_hari_lapor"),
            ),
            optional_column(
                "hari_cuti",
                "leave_days",
                parse_leave_days,
                "cuti",
                "jumlah_hari_cuti",
                "hari_kerja_cuti",
                "leave_days",
                empty=0,
            ),
        ),
        (Unique(("month", "nip"), "NIP {nip} bulan {month} sudah ada di baris {first}"),),
        sheet_names=("lkh", "laporan_kegiatan", "activity_reports"),
    ),
    TableFormat(
        "layanan",
        "data penyelesaian layanan",
        ServiceRequestRow,
        (
            Column(
                "unit_layanan",
                "unit_code",
                parse_code,
                ("unit", "unit_kerja", "kode_unit", "unit_code", "service_unit"),
            ),
            text_column("jenis_layanan", "service_type", "service", "service_type", "layanan"),
            Column(
                "tanggal_masuk",
                "received_on",
                parse_date,
                ("received_on", "tanggal_permohonan", "tanggal_diterima", "tanggal_daftar"),
                bound="past",
            ),
            optional_column(
                "tanggal_selesai",
                "done_on",
                parse_date,
                "done_on",
                "finished_on",
                "tanggal_terbit",
                empty=None,
                bound="past",
            ),
            optional_column(
                "nomor",
                "number",
                None,
                "number",
                "nomor_permohonan",
                "no_registrasi",
                empty=None,
            ),  # fmt: skip
        ),
        (
            Unique(
                ("unit_code", "number"),
                "permohonan nomor {number} unit {unit_code} sudah ada di baris {first}",
            ),
        ),
        check_service_request,
        ("layanan", "service_requests", "permohonan"),
    ),
    TableFormat(
        "kebutuhan_asn",
        "kuesioner kebutuhan ASN",
        NeedsRow,
        (
            Column("unit_kerja", "unit_code", parse_code, ("unit", "kode_unit", "unit_code")),
            *(
                optional_column(f"k{i}", f"k{i}", parse_score, f"k_{i}", f"q{i}", empty=None)
                for i in range(1, 13)
            ),
            optional_column(
                "kebutuhan_pengembangan",
                "development",
                long_text(NEEDS_DEVELOPMENT_MAX),
                "pengembangan",
                "kebutuhan_pelatihan",
                "development",
                "training_needs",
            ),
        ),
        check=check_needs,
        sheet_names=("kuesioner", "questionnaire", "jawaban"),
    ),
)
FORMATS: dict[str, TableFormat[Any]] = {fmt.kind: fmt for fmt in _FORMAT_LIST}
