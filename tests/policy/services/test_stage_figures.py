"""A stage run's key figures, in words, for the leader who decides on it."""

from __future__ import annotations

from policy.enums import Stage
from policy.services.stage_figures import stage_figures

EVALUATION = {
    "as_of": "2026-10-15", "period": "2026-TW3", "framework": "national", "self_round": False,
    "rated": 1250,
    "predikat_counts": {"Sangat Baik": 10, "Baik": 83, "Butuh Perbaikan": 5,
                        "Kurang/Misconduct": 0, "Sangat Kurang": 1},
    "units_with_curve_warnings": ["SETDA", "BKPSDM", "INSPEKTORAT", "DUKCAPIL", "DPMPTSP",
                                  "DISDIK", "SMPN1"],
    "ikm": {"Dinas Kependudukan dan Pencatatan Sipil": "76,19 C", "Puskesmas Talawi": "83,05 B"},
    "skm_sample_short": [], "complaints": 26, "indicators_met": 4, "indicators_behind": 0,
    "indicators_total": 5,
    "actions": {"coaching": 7, "talent_pool": 10, "corrective_ikm": 3, "policy_review": 0},
}  # fmt: skip


def test_an_evaluation_in_words() -> None:
    shown = {f.label: f.value for f in stage_figures(Stage.EVALUATION, EVALUATION)}
    assert shown == {
        "Kerangka penilaian": "nasional (PermenPANRB 6/2022)",
        "Pegawai dinilai": "1.250",
        "Predikat": "Sangat Baik 10, Baik 83, Butuh Perbaikan 5, Sangat Kurang 1",
        "Unit dengan peringatan kurva distribusi": (
            "7: SETDA, BKPSDM, INSPEKTORAT, DUKCAPIL, DPMPTSP dan 2 lainnya"
        ),
        "IKM per unit layanan": (
            "Dinas Kependudukan dan Pencatatan Sipil 76,19 C; Puskesmas Talawi 83,05 B"
        ),
        "Unit dengan responden SKM kurang dari sampel": "tidak ada",
        "Pengaduan": "26",
        "Indikator": "4 tercapai, 0 tertinggal, dari 5",
        "Tindak lanjut": "pembinaan 7, kelompok talenta 10, perbaikan layanan (IKM) 3",
    }


def test_each_stage_and_a_summary_without_some_figures() -> None:
    forums = stage_figures(Stage.FORUMS, {
        "round": 2, "draft_version": 2, "forums": 3, "closed": 3, "minutes_approved": 2,
        "attendance_present": 87, "inputs": 33,
        "inputs_by_theme": {"Penilaian dan evaluasi kinerja": 9, "Umpan balik": 3},
    })  # fmt: skip
    assert [(f.label, f.value) for f in forums][2:] == [
        ("Forum (ditutup)", "3 (3)"), ("Notulen disetujui", "2"), ("Peserta hadir", "87"),
        ("Masukan", "33"), ("Masukan per tema", "Penilaian dan evaluasi kinerja 9, Umpan balik 3"),
    ]  # fmt: skip
    drafting = stage_figures(Stage.DRAFTING, {
        "version": 3, "pasal": 23, "chapters": 10, "inputs": 33,
        "responses_by_status": {"tidak diterima": 14, "diterima": 10, "diterima sebagian": 6,
                                "di luar lingkup": 3, "belum": 0},
        "comparison": {"versions": [2, 3], "added": 0, "removed": 1, "changed": 4},
    })  # fmt: skip
    assert {f.label: f.value for f in drafting}["Tanggapan"] == (
        "diterima 10, diterima sebagian 6, tidak diterima 14, di luar lingkup 3"
    )
    assert {f.label: f.value for f in drafting}["Perubahan"] == (
        "versi 2 ke 3: 4 pasal diubah, 0 ditambah, 1 dihapus"
    )
    social = stage_figures(Stage.SOCIALISATION, {"workshops": 4, "attendees": 89,
                                                 "coverage_overall": "89.0",
                                                 "units_below_target": ["RSUD"]})  # fmt: skip
    assert [f.value for f in social] == ["4", "89", "89,0%", "1: RSUD"]
    progress = stage_figures(Stage.IMPLEMENTATION, {"units": 14, "milestones": 42, "done": 37,
                                                    "progress_percent": "88.1"})  # fmt: skip
    assert [f.value for f in progress] == ["14", "37 dari 42", "88,1%"]
    # An older run's summary without most figures shows what it has; a self round says so.
    assert [f.label for f in stage_figures(Stage.NEEDS_ANALYSIS, {"complaints": 80})] == [
        "Pengaduan"]  # fmt: skip
    own = stage_figures(Stage.EVALUATION, {"self_round": True, "rated": 3})
    assert [(f.label, f.value) for f in own] == [
        ("Putaran", "penilaian diri (hasil sementara)"), ("Pegawai dinilai", "3")]  # fmt: skip


def test_the_english_figures_keep_the_official_terms() -> None:
    shown = {f.label: f.value for f in stage_figures(Stage.EVALUATION, EVALUATION, "en")}
    assert shown["Assessment framework"] == "national (PermenPANRB 6/2022)"
    assert shown["Employees rated"] == "1,250"
    assert shown["Predikat"] == "Sangat Baik 10, Baik 83, Butuh Perbaikan 5, Sangat Kurang 1"
    assert shown["Units with distribution-curve warnings"] == (
        "7: SETDA, BKPSDM, INSPEKTORAT, DUKCAPIL, DPMPTSP and 2 more"
    )
    assert shown["Indicators"] == "4 met, 0 behind, of 5"
    assert shown["Follow-up"] == "coaching 7, talent pool 10, service improvement (IKM) 3"
    progress = stage_figures(Stage.IMPLEMENTATION, {"done": 37, "milestones": 42,
                                                    "progress_percent": "88.1"}, "en")  # fmt: skip
    assert [(f.label, f.value) for f in progress] == [
        ("Milestones done", "37 of 42"), ("Progress", "88.1%")]  # fmt: skip
