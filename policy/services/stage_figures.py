"""The figures a leader reads before deciding: a stage run's summary, in words.

Layer: domain presentation over `StageRun.summary`, which each stage's `produce` stores
(plain JSON: counts, names, decimal strings). The leaders' page of a run shows them above
its documents, and the review notice email lists them under each stage, so that a decision
does not start with opening a report. A figure the summary lacks (an older run, a stage
that found nothing to count) is left out; nothing is computed again here. Predikat names,
response statuses and unit names are official terms and stay as they are in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from policy.enums import Predikat, Stage
from policy.locale import Locale, format_number
from policy.views.portal import StageFigure

#: Names listed in full before "… and n more".
NAMES_SHOWN = 5
_RESPONSES = ("diterima", "diterima sebagian", "tidak diterima", "di luar lingkup", "belum")

#: Every word the figures use, per locale: labels by key, then the words inside values.
WORDS: dict[Locale, dict[str, str]] = {
    "id": {
        "problems": "Masalah teridentifikasi", "top_problem": "Masalah utama",
        "complaints": "Pengaduan",
        "skm_units_below_target": "Unit layanan dengan IKM di bawah target",
        "processing_units_below_target": "Unit layanan dengan waktu penyelesaian di bawah target",
        "round": "Putaran konsultasi", "draft_version": "Versi rancangan yang dikonsultasikan",
        "forums": "Forum (ditutup)", "minutes_approved": "Notulen disetujui",
        "attendance_present": "Peserta hadir", "inputs": "Masukan",
        "inputs_by_theme": "Masukan per tema", "version": "Versi rancangan",
        "chapters": "Bab / pasal", "drafting_inputs": "Masukan yang ditanggapi",
        "responses_by_status": "Tanggapan", "comparison": "Perubahan",
        "workshops": "Kegiatan sosialisasi", "attendees": "Peserta",
        "coverage_overall": "Cakupan pegawai",
        "units_below_target": "Unit di bawah target cakupan",
        "units": "Unit", "done": "Tonggak selesai", "progress_percent": "Kemajuan",
        "late_units": "Unit terlambat", "framework": "Kerangka penilaian",
        "rated": "Pegawai dinilai", "predikat_counts": "Predikat",
        "units_with_curve_warnings": "Unit dengan peringatan kurva distribusi",
        "ikm": "IKM per unit layanan",
        "skm_sample_short": "Unit dengan responden SKM kurang dari sampel",
        "indicators_met": "Indikator", "actions": "Tindak lanjut", "self_round": "Putaran",
        "processing": "Waktu penyelesaian layanan",
        "activity_complete": "Laporan kegiatan harian",
        "skm_partners": "Pelaksana survei",
        "earlier_actions": "Tindak lanjut periode sebelumnya",
        "earlier": "{done} dari {raised} selesai, {late} lewat batas waktu",
        "under_way": ", {n} dilaporkan berjalan",
        "own_survey": "pemerintah daerah sendiri", "respondents": "{n} responden",
        "respondent": "{n} responden",
        # values
        "days": "rata-rata {d} hari kerja", "within": "{p} sesuai standar",
        "every_month": "{a} dari {b} pegawai mengisi setiap bulan",
        "none": "tidak ada", "more": "dan {n} lainnya", "of": "{a} dari {b}",
        "indicators": "{met} tercapai, {behind} tertinggal, dari {total}",
        "compared": "{changed} pasal diubah, {added} ditambah, {removed} dihapus",
        "versions": "versi {a} ke {b}: ", "self": "penilaian diri (hasil sementara)",
        "national": "nasional (PermenPANRB 6/2022)", "weighted_360": "360 berbobot",
        "coaching": "pembinaan", "talent_pool": "kelompok talenta",
        "corrective_ikm": "perbaikan layanan (IKM)",
        "corrective_complaints": "perbaikan penanganan pengaduan",
        "corrective_processing": "percepatan penyelesaian layanan",
        "policy_review": "tinjauan kebijakan",
    },
    "en": {
        "problems": "Problems found", "top_problem": "Main problem", "complaints": "Complaints",
        "skm_units_below_target": "Service units with an IKM below target",
        "processing_units_below_target": "Service units with processing times below target",
        "round": "Consultation round", "draft_version": "Draft version consulted on",
        "forums": "Forums (closed)", "minutes_approved": "Minutes approved",
        "attendance_present": "Attendance", "inputs": "Inputs",
        "inputs_by_theme": "Inputs by theme", "version": "Draft version",
        "chapters": "Chapters / articles", "drafting_inputs": "Inputs answered",
        "responses_by_status": "Responses", "comparison": "Changes",
        "workshops": "Socialisation events", "attendees": "Attendees",
        "coverage_overall": "Staff coverage",
        "units_below_target": "Units below the coverage target",
        "units": "Units", "done": "Milestones done", "progress_percent": "Progress",
        "late_units": "Late units", "framework": "Assessment framework",
        "rated": "Employees rated", "predikat_counts": "Predikat",
        "units_with_curve_warnings": "Units with distribution-curve warnings",
        "ikm": "IKM per service unit",
        "skm_sample_short": "Units with fewer SKM respondents than the sample",
        "indicators_met": "Indicators", "actions": "Follow-up", "self_round": "Round",
        "processing": "Service processing time",
        "activity_complete": "Daily activity reports",
        "skm_partners": "Who ran the survey",
        "earlier_actions": "Follow-up of earlier periods",
        "earlier": "{done} of {raised} done, {late} past due",
        "under_way": ", {n} reported under way",
        "own_survey": "the regional government itself", "respondents": "{n} respondents",
        "respondent": "{n} respondent",
        # values
        "days": "mean {d} working days", "within": "{p} within the standard",
        "every_month": "{a} of {b} employees filled them in every month",
        "none": "none", "more": "and {n} more", "of": "{a} of {b}",
        "indicators": "{met} met, {behind} behind, of {total}",
        "compared": "{changed} articles changed, {added} added, {removed} removed",
        "versions": "version {a} to {b}: ", "self": "self-assessment (provisional results)",
        "national": "national (PermenPANRB 6/2022)", "weighted_360": "weighted 360",
        "coaching": "coaching", "talent_pool": "talent pool",
        "corrective_ikm": "service improvement (IKM)",
        "corrective_complaints": "complaint-handling improvement",
        "corrective_processing": "faster service processing",
        "policy_review": "policy review",
    },
}  # fmt: skip

#: A figure: (key of its label, key in the summary, how its value is written).
_Row = tuple[str, str, Callable[[Any], str]]


class _Writer:
    """The value formats of one locale."""

    def __init__(self, locale: Locale, summary: Mapping[str, Any]) -> None:
        self.locale, self.s, self.w = locale, summary, WORDS[locale]

    def count(self, value: Any) -> str:
        return format_number(int(value), 0, self.locale)

    def percent(self, value: Any) -> str:
        try:
            return f"{format_number(Decimal(str(value)), 1, self.locale)}%"
        except InvalidOperation:
            return str(value)

    def names(self, names: Sequence[str]) -> str:
        """'3: A, B, C' or '8: A, B, C, D, E dan 3 lainnya'; 'tidak ada' when empty."""
        if not names:
            return self.w["none"]
        shown = ", ".join(names[:NAMES_SHOWN])
        more = len(names) - NAMES_SHOWN
        tail = " " + self.w["more"].format(n=self.count(more)) if more > 0 else ""
        return f"{self.count(len(names))}: {shown}{tail}"

    def tally(self, counts: Mapping[str, Any], order: Sequence[str] = ()) -> str:
        """'Sangat Baik 10, Baik 83, …' in `order` (then the rest), zeros left out."""
        keys = [k for k in order if k in counts] + [k for k in counts if k not in order]
        parts = [f"{k} {self.count(counts[k])}" for k in keys if counts[k]]
        return ", ".join(parts) or self.w["none"]

    def of(self, value: Any, whole_key: str) -> str:
        return self.w["of"].format(a=self.count(value), b=self.count(self.s.get(whole_key, 0)))

    def rows(self, stage: Stage) -> list[_Row]:
        c, s, w = self.count, self.s, self.w

        def compared(x: Mapping[str, Any]) -> str:
            v = x.get("versions") or []
            head = w["versions"].format(a=v[0], b=v[1]) if len(v) == 2 else ""
            return head + w["compared"].format(
                changed=c(x.get("changed", 0)), added=c(x.get("added", 0)),
                removed=c(x.get("removed", 0)),
            )  # fmt: skip

        def indicators(met: Any) -> str:
            return w["indicators"].format(
                met=c(met), behind=c(s.get("indicators_behind", 0)),
                total=c(s.get("indicators_total", 0)),
            )  # fmt: skip

        def actions(counts: Mapping[str, Any]) -> str:
            return self.tally({w.get(k, k): v for k, v in counts.items()})

        def ikm(units: Mapping[str, str]) -> str:
            return "; ".join(f"{unit} {value}" for unit, value in units.items()) or w["none"]

        def processing(units: Mapping[str, Mapping[str, Any]]) -> str:
            parts = []
            for unit, x in list(units.items())[:NAMES_SHOWN]:
                said = [w["days"].format(d=format_number(Decimal(x["mean_days"]), 1, self.locale))
                        if x.get("mean_days") is not None else "",
                        w["within"].format(p=self.percent(x["within"]))
                        if x.get("within") is not None else ""]  # fmt: skip
                parts.append(f"{unit} " + ", ".join(filter(None, said)))
            more = len(units) - NAMES_SHOWN
            tail = " " + w["more"].format(n=c(more)) if more > 0 else ""
            return "; ".join(parts) + tail if parts else w["none"]

        def partners(rows: Sequence[Mapping[str, Any]]) -> str:
            said = []
            for x in rows:
                one = x["respondents"] == 1
                count = w["respondent" if one else "respondents"].format(n=c(x["respondents"]))
                value = format_number(Decimal(x["ikm"]), 2, self.locale) if x.get("ikm") else ""
                ikm = f", IKM {value} {x.get('mutu', '')}".rstrip() if value else ""
                said.append(f"{x['partner'] or w['own_survey']} {count}{ikm}")
            return "; ".join(said)

        table: dict[Stage, list[_Row]] = {
            Stage.NEEDS_ANALYSIS: [
                ("problems", "problems", c), ("top_problem", "top_problem", str),
                ("complaints", "complaints", c),
                ("skm_units_below_target", "skm_units_below_target", self.names),
                ("processing_units_below_target", "processing_units_below_target", self.names),
            ],
            Stage.FORUMS: [
                ("round", "round", c), ("draft_version", "draft_version", c),
                ("forums", "forums", lambda n: f"{c(n)} ({c(s.get('closed', 0))})"),
                ("minutes_approved", "minutes_approved", c),
                ("attendance_present", "attendance_present", c), ("inputs", "inputs", c),
                ("inputs_by_theme", "inputs_by_theme", self.tally),
            ],
            Stage.DRAFTING: [
                ("version", "version", c),
                ("chapters", "chapters", lambda n: f"{c(n)} / {c(s.get('pasal', 0))}"),
                ("drafting_inputs", "inputs", c),
                ("responses_by_status", "responses_by_status",
                 lambda x: self.tally(x, _RESPONSES)),
                ("comparison", "comparison", compared),
            ],
            Stage.SOCIALISATION: [
                ("workshops", "workshops", c), ("attendees", "attendees", c),
                ("coverage_overall", "coverage_overall", self.percent),
                ("units_below_target", "units_below_target", self.names),
            ],
            Stage.IMPLEMENTATION: [
                ("units", "units", c), ("done", "done", lambda n: self.of(n, "milestones")),
                ("progress_percent", "progress_percent", self.percent),
                ("late_units", "late_units", self.names),
            ],
            Stage.EVALUATION: [
                ("framework", "framework", lambda f: w.get(f, str(f))), ("rated", "rated", c),
                ("predikat_counts", "predikat_counts",
                 lambda x: self.tally(x, [p.value for p in Predikat])),
                ("units_with_curve_warnings", "units_with_curve_warnings", self.names),
                ("ikm", "ikm", ikm), ("skm_partners", "skm_partners", partners),
                ("skm_sample_short", "skm_sample_short", self.names),
                ("activity_complete", "activity_complete",
                 lambda x: w["every_month"].format(a=c(x["complete"]), b=c(x["employees"]))),
                ("complaints", "complaints", c), ("processing", "processing", processing),
                ("indicators_met", "indicators_met", indicators), ("actions", "actions", actions),
                ("earlier_actions", "earlier_actions",
                 lambda x: w["earlier"].format(done=c(x["done"]), raised=c(x["raised"]),
                                               late=c(x["overdue"]))
                 + (w["under_way"].format(n=c(x["under_way"])) if x.get("under_way") else "")),
            ],
        }  # fmt: skip
        return table[stage]


def stage_figures(
    stage: Stage, summary: Mapping[str, Any], locale: Locale = "id"
) -> list[StageFigure]:
    """The run's key figures, each a label and its value in words (absent ones left out)."""
    writer = _Writer(locale, summary)
    out = []
    for label, key, show in writer.rows(stage):
        value = summary.get(key)
        if value is None:
            continue
        try:
            text = show(value)
        except (TypeError, ValueError, AttributeError):  # a summary of another shape
            continue
        out.append(StageFigure(label=writer.w[label], value=text))
    if summary.get("self_round"):
        out.insert(0, StageFigure(label=writer.w["self_round"], value=writer.w["self"]))
    return out
