"""The figures a leader reads before deciding: a stage run's summary, in words.

Layer: domain presentation over `StageRun.summary`, which each stage's `produce` stores
(plain JSON: counts, names, decimal strings). The leaders' page of a run shows them above
its documents, so that the decision does not start with opening a report. A figure the
summary lacks (an older run, a stage that found nothing to count) is left out; nothing is
computed again here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from policy.enums import Predikat, Stage
from policy.locale import format_number
from policy.views.portal import StageFigure

#: Names listed in full before "… and n more".
NAMES_SHOWN = 5
_FRAMEWORKS = {"national": "nasional (PermenPANRB 6/2022)", "weighted_360": "360 berbobot"}
_RESPONSES = ("diterima", "diterima sebagian", "tidak diterima", "di luar lingkup", "belum")
_ACTIONS = {
    "coaching": "pembinaan",
    "talent_pool": "kelompok talenta",
    "corrective_ikm": "perbaikan layanan (IKM)",
    "corrective_complaints": "perbaikan penanganan pengaduan",
    "policy_review": "tinjauan kebijakan",
}


def _count(value: Any) -> str:
    return format_number(int(value), 0)


def _percent(value: Any) -> str:
    try:
        return f"{format_number(Decimal(str(value)), 1)}%"
    except InvalidOperation:
        return str(value)


def _names(names: Sequence[str]) -> str:
    """'3: A, B, C' or '8: A, B, C, D, E dan 3 lainnya'; 'tidak ada' when empty."""
    if not names:
        return "tidak ada"
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{_count(len(names))}: {shown}" + (f" dan {_count(more)} lainnya" if more > 0 else "")


def _tally(counts: Mapping[str, Any], order: Sequence[str] = ()) -> str:
    """'Sangat Baik 10, Baik 83, …' in `order` (then the rest), zeros left out."""
    keys = [k for k in order if k in counts] + [k for k in counts if k not in order]
    parts = [f"{k} {_count(counts[k])}" for k in keys if counts[k]]
    return ", ".join(parts) or "tidak ada"


def _needs(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        ("Masalah teridentifikasi", "problems", _count),
        ("Masalah utama", "top_problem", str),
        ("Pengaduan", "complaints", _count),
        ("Unit layanan dengan IKM di bawah target", "skm_units_below_target", _names),
    ]


def _forums(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        ("Putaran konsultasi", "round", _count),
        ("Versi rancangan yang dikonsultasikan", "draft_version", _count),
        ("Forum (ditutup)", "forums", lambda n: f"{_count(n)} ({_count(s.get('closed', 0))})"),
        ("Notulen disetujui", "minutes_approved", _count),
        ("Peserta hadir", "attendance_present", _count),
        ("Masukan", "inputs", _count),
        ("Masukan per tema", "inputs_by_theme", _tally),
    ]


def _drafting(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    def compared(c: Mapping[str, Any]) -> str:
        versions = c.get("versions") or []
        head = f"versi {versions[0]} ke {versions[1]}: " if len(versions) == 2 else ""
        return head + (
            f"{_count(c.get('changed', 0))} pasal diubah, {_count(c.get('added', 0))} ditambah, "
            f"{_count(c.get('removed', 0))} dihapus"
        )

    return [
        ("Versi rancangan", "version", _count),
        ("Bab / pasal", "chapters", lambda n: f"{_count(n)} / {_count(s.get('pasal', 0))}"),
        ("Masukan yang ditanggapi", "inputs", _count),
        ("Tanggapan", "responses_by_status", lambda c: _tally(c, _RESPONSES)),
        ("Perubahan", "comparison", compared),
    ]


def _socialisation(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        ("Kegiatan sosialisasi", "workshops", _count),
        ("Peserta", "attendees", _count),
        ("Cakupan pegawai", "coverage_overall", _percent),
        ("Unit di bawah target cakupan", "units_below_target", _names),
    ]


def _implementation(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    return [
        ("Unit", "units", _count),
        ("Tonggak selesai", "done", lambda n: f"{_count(n)} dari {_count(s.get('milestones', 0))}"),
        ("Kemajuan", "progress_percent", _percent),
        ("Unit terlambat", "late_units", _names),
    ]


def _evaluation(s: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    def indicators(met: Any) -> str:
        total, behind = s.get("indicators_total", 0), s.get("indicators_behind", 0)
        return f"{_count(met)} tercapai, {_count(behind)} tertinggal, dari {_count(total)}"

    def actions(counts: Mapping[str, Any]) -> str:
        return _tally({_ACTIONS.get(k, k): v for k, v in counts.items()})

    def ikm(units: Mapping[str, str]) -> str:
        return "; ".join(f"{unit} {value}" for unit, value in units.items()) or "tidak ada"

    return [
        ("Kerangka penilaian", "framework", lambda f: _FRAMEWORKS.get(f, f)),
        ("Pegawai dinilai", "rated", _count),
        ("Predikat", "predikat_counts", lambda c: _tally(c, [p.value for p in Predikat])),
        ("Unit dengan peringatan kurva distribusi", "units_with_curve_warnings", _names),
        ("IKM per unit layanan", "ikm", ikm),
        ("Unit dengan responden SKM kurang dari sampel", "skm_sample_short", _names),
        ("Pengaduan", "complaints", _count),
        ("Indikator", "indicators_met", indicators),
        ("Tindak lanjut", "actions", actions),
    ]


_STAGES: dict[Stage, Callable[[Mapping[str, Any]], list[tuple[str, str, Any]]]] = {
    Stage.NEEDS_ANALYSIS: _needs,
    Stage.FORUMS: _forums,
    Stage.DRAFTING: _drafting,
    Stage.SOCIALISATION: _socialisation,
    Stage.IMPLEMENTATION: _implementation,
    Stage.EVALUATION: _evaluation,
}


def stage_figures(stage: Stage, summary: Mapping[str, Any]) -> list[StageFigure]:
    """The run's key figures, each a label and its value in words (absent ones left out)."""
    rows = _STAGES[stage](summary)
    out = []
    for label, key, show in rows:
        value = summary.get(key)
        if value is None:
            continue
        try:
            text = show(value)
        except (TypeError, ValueError, AttributeError):  # a summary of another shape
            continue
        out.append(StageFigure(label=label, value=text))
    if summary.get("self_round"):
        out.insert(0, StageFigure(label="Putaran", value="penilaian diri (hasil sementara)"))
    return out
