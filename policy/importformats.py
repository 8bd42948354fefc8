"""The tabular import formats: one `TableFormat` per kind of file, and the registry `FORMATS`.

Layer: domain rules, pure and without IO (counterpart: `policy.imports`, which reads the files).
`FORMATS` is the registry the services name by kind. This module declares the organisation's
formats (units, employees, ratings, SKM, indicators and realisations, 360 ratings, bonus
points, follow-up, capaian, complaints, activity reports, services); the cycle's are in
`policy.importcycle`, the cell parsers particular to these in `policy.importcells`. Adding a
format is a row dataclass (in `policy.importrecords`) and a `TableFormat` entry in `FORMATS`:
its columns (Indonesian header first, English aliases after), the keys that must be unique
within a file and an optional check across the columns of a row (in `policy.importchecks`).
"""

from __future__ import annotations

from typing import Any

from policy.importcells import (
    parse_age,
    parse_closing_note,
    parse_hundredths,
    parse_leave_days,
    parse_month,
    parse_period_cell,
    parse_progress_note,
    parse_rater,
    parse_report_days,
    parse_response_hours,
    parse_source,
)
from policy.importchecks import (
    check_employee,
    check_employee_columns,
    check_rating,
    check_rating_columns,
    check_service_request,
    check_skm,
    check_skm_columns,
    check_unit,
)
from policy.importchoices import (
    parse_asn_type,
    parse_capaian,
    parse_decimals,
    parse_direction,
    parse_rating,
    parse_unit_kind,
)
from policy.importcycle import (
    FORUM_ATTENDANCE,
    FORUM_INPUTS,
    INPUT_RESPONSES,
    NEEDS_QUESTIONNAIRE,
    ROLLOUT_PLAN,
    ROLLOUT_PROGRESS,
    WORKSHOP_ATTENDANCE,
)
from policy.importrecords import (
    ActivityRow,
    BonusRow,
    CapaianRow,
    ClosureRow,
    ComplaintRow,
    EkinerjaRow,
    EmployeeRow,
    IndicatorRow,
    Rating360Row,
    RealisationRow,
    ServiceRequestRow,
    SkmRow,
    UnitRow,
)
from policy.importschema import (
    parse_code,
    parse_date,
    parse_decimal,
    parse_measure_text,
    parse_positive_int,
    parse_score,
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

# ---------------------------------------------------------------------------- the registry

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
    FORUM_ATTENDANCE,
    FORUM_INPUTS,
    INPUT_RESPONSES,
    WORKSHOP_ATTENDANCE,
    ROLLOUT_PROGRESS,
    ROLLOUT_PLAN,
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
    NEEDS_QUESTIONNAIRE,
)
FORMATS: dict[str, TableFormat[Any]] = {fmt.kind: fmt for fmt in _FORMAT_LIST}
