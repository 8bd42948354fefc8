"""The cycle's import formats: what a policy cycle gathers as it runs, one `TableFormat` each.

Layer: domain rules, pure and without IO. The forums' attendance lists and inputs, the
responses to the inputs, the attendance at workshops, the rollout's progress and plan, and the
ASN needs questionnaire. `policy.importformats` registers them in `FORMATS`; their rows are in
`policy.importrecords`, the checks across a row's cells in `policy.importchecks`.
"""

from __future__ import annotations

from decimal import Decimal

from policy.importchecks import NEEDS_DEVELOPMENT_MAX, check_milestone, check_needs, check_workshop
from policy.importchoices import parse_bool, parse_disposition, parse_milestone_status
from policy.importrecords import (
    ForumAttendanceRow,
    ForumInputRow,
    InputResponseRow,
    MilestoneRow,
    NeedsRow,
    PlanRow,
    WorkshopAttendanceRow,
)
from policy.importschema import (
    decimal_between,
    exported_code,
    exported_text,
    long_text,
    parse_code,
    parse_date,
    parse_email,
    parse_positive_int,
    parse_score,
    parse_section,
    parse_sections,
)
from policy.importtables import (
    Column,
    TableFormat,
    Unique,
    nip_column,
    optional_column,
    text_column,
)

_PERCENT = decimal_between(Decimal(0), Decimal(100))

FORUM_ATTENDANCE = TableFormat(
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
)

FORUM_INPUTS = TableFormat(
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
        optional_column("surel", "email", parse_email, "email", "e-mail", memo=False),
    ),
    sheet_names=("inputs",),
)

INPUT_RESPONSES = TableFormat(
    "tanggapan",
    "tanggapan atas masukan",
    InputResponseRow,
    (
        Column("nomor", "number", parse_positive_int, ("number", "nomor_masukan", "no_masukan")),
        Column("status", "disposition", parse_disposition, ("disposition",)),
        Column("tanggapan", "response", long_text(5000), ("response",), memo=False),
        optional_column(
            "bagian_berubah", "changed_sections", parse_sections, "changed_sections", empty=()
        ),
    ),
    (Unique(("number",), "masukan nomor {number} sudah ditanggapi di baris {first}"),),
    sheet_names=("responses", "matriks"),
)

WORKSHOP_ATTENDANCE = TableFormat(
    "kehadiran_kegiatan",
    "daftar hadir kegiatan",
    WorkshopAttendanceRow,
    (
        Column("kegiatan", "workshop", parse_code, ("workshop", "kode_kegiatan", "training")),
        nip_column("nip", "nip"),
        Column("hadir", "present", parse_bool, ("present", "attended"), empty=False),
        optional_column("pre_test", "pre_test", _PERCENT, "pretest", "nilai_pre_test", empty=None),
        optional_column(
            "post_test", "post_test", _PERCENT, "posttest", "nilai_post_test", empty=None
        ),
        optional_column("angkatan", "session", parse_positive_int, "sesi", "session", empty=None),
    ),
    (
        Unique(
            ("workshop", "nip"),
            "NIP {nip} sudah tercatat di kegiatan {workshop} pada baris {first}",
        ),
    ),
    check_workshop,
    ("workshop_attendance", "kehadiran"),
)

ROLLOUT_PROGRESS = TableFormat(
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
)

ROLLOUT_PLAN = TableFormat(
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
)

NEEDS_QUESTIONNAIRE = TableFormat(
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
)
