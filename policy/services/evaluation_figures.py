"""The figures of one evaluation period, and the run's summary and tables made of them.

Layer: domain services (pure: no session; counterpart: `policy.services.evaluation`, whose
`compute` fills `Results` and whose `produce` returns the summary and the tables in its
`StageOutput`; the flow shows the tables as Prefect artifacts). `Results` is read by the
report and the unit sheets (`policy.services.evaluation_sheets`) too. The summary names
the period's headline counts, with a key for processing times, activity reports, earlier
follow-up, SKM partners and 360 scores only where the period has them; the tables write
each figure as the documents do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from policy.evaluation import format_number
from policy.evaluation.framework import Framework
from policy.models import Predikat
from policy.services.followup_rows import earlier_sum
from policy.services.ratings import Period360
from policy.services.skm import UnitIkm
from policy.views.evaluation import (
    ActivityRow,
    ComplaintStatsRow,
    EarlierActions,
    IndicatorRow,
    PartnerIkmRow,
    ProcessingUnit,
    SkmSilentUnit,
    SkmUnit,
    TeamRow,
    UnitPredikat,
)


@dataclass
class Results:
    """The figures of one evaluation period, shared by the report and the unit sheets."""

    period: str
    start: date
    end: date
    framework: Framework | None
    p360: Period360 | None
    org_counts: dict[Predikat, int]
    rated: int
    units: list[UnitPredikat]
    teams: list[TeamRow]
    skm: list[SkmUnit]
    complaints: list[ComplaintStatsRow]
    indicators: list[IndicatorRow]
    ekinerja_count: int
    names: dict[str, str]
    kinds: dict[str, str]
    service: dict[str, bool]
    ikm_units: list[UnitIkm] = field(default_factory=list)
    self_round: bool = False
    processing: list[ProcessingUnit] = field(default_factory=list)
    """Service processing times per unit, in pack order (units with requests)."""
    activity: list[ActivityRow] = field(default_factory=list)
    """Activity reports per unit with employees, small units withheld."""
    activity_total: ActivityRow | None = None
    """The organisation's activity reports (None: no recap for the period)."""


def run_summary(
    r: Results,
    on: date,
    action_totals: dict[str, int],
    framework: str,
    sheets: int,
    silent: Sequence[SkmSilentUnit] = (),
    partners: Sequence[PartnerIkmRow] = (),
    earlier: Sequence[EarlierActions] = (),
    *,
    ikm_weight: str,
    ikm_target: Decimal,
) -> dict[str, Any]:
    """The run's summary: the period's headline figures, stored with the run on submission.

    `ikm_weight` (the pack's IKM element weight as written) and `ikm_target` are kept so that
    the period's IKM is read again with the weight it was approved with, and its units judged
    against the target they were (`period_lock.approved_evaluations`).
    """
    summary: dict[str, Any] = {
        "as_of": on.isoformat(),
        "period": r.period,
        "framework": framework,
        "self_round": r.self_round,
        "rated": r.rated,
        "predikat_counts": {p.value: n for p, n in r.org_counts.items()},
        "units_with_curve_warnings": [u.unit for u in r.units if u.warnings],
        "capaian_set": {
            u.unit: u.capaian.value for u in r.units if u.rated and not u.capaian.assumed
        },
        "capaian_assumed_units": sum(1 for u in r.units if u.rated and u.capaian.assumed),
        "ikm": {u.unit: f"{format_number(u.ikm)} {u.mutu}" for u in r.skm},
        "ikm_weight": ikm_weight,
        "ikm_target": str(ikm_target),
        "skm_sample_short": [u.unit for u in r.skm if u.sample_short]
        + [u.unit for u in silent if u.sample_min],
        "skm_no_response": [u.unit for u in silent],
        "complaints": sum(c.count for c in r.complaints),
        "indicators_met": sum(1 for i in r.indicators if i.status == "tercapai"),
        "indicators_behind": sum(1 for i in r.indicators if i.track == "tertinggal"),
        "indicators_total": len(r.indicators),
        "actions": action_totals,
        "unit_sheets": sheets,
    }
    if (total := r.activity_total) is not None:  # only where activity reports were imported
        summary["activity_complete"] = {"complete": total.complete, "employees": total.employees}
    if earlier:  # only where the cycle's earlier periods raised follow-up
        before = earlier_sum(earlier)
        summary["earlier_actions"] = {
            "raised": before.raised, "done": before.done, "overdue": before.overdue,
            "under_way": before.under_way,
        }  # fmt: skip
    if partners:  # only where an SKM answer names the partner that collected it
        summary["skm_partners"] = [
            {"partner": p.partner, "respondents": p.respondents,
             "ikm": str(p.ikm) if p.ikm is not None else None, "mutu": p.mutu}
            for p in partners
        ]  # fmt: skip
    if r.processing:  # a figure only where service requests were imported
        summary["processing"] = {
            p.unit: {
                "requests": p.total.requests,
                "mean_days": str(p.total.mean_days) if p.total.mean_days is not None else None,
                "within": str(p.total.share_within) if p.total.share_within is not None else None,
            }
            for p in r.processing
        }
    if r.p360 is not None:
        org = r.p360.organisation
        summary["mean_score"] = format_number(org.mean) if org.mean is not None else None
        summary["reweighted"] = sum(t.reweighted for t in r.p360.tallies.values())
        summary["hidden_sources"] = sum(sum(t.hidden.values()) for t in r.p360.tallies.values())
    return summary


def run_tables(r: Results) -> dict[str, list[dict[str, Any]]]:
    """The run's tables: predikat per unit, IKM, complaints, processing times, activity."""
    return {
        "predikat_per_unit": [
            {"unit": u.unit, "pegawai": u.employees, "dinilai": u.rated,
             "belum_dinilai": u.unrated, **{c.predikat: c.count for c in u.counts},
             "capaian": u.capaian.value + (" (dianggap)" if u.capaian.assumed else ""),
             "peringatan_kurva": len(u.warnings),
             **({"rerata": format_number(u.mean)} if u.mean is not None else {})}
            for u in r.units
        ],
        "ikm": [
            {"unit": s.unit, "responden": s.respondents, "ikm": format_number(s.ikm),
             "mutu": s.mutu, "kinerja": s.kinerja}
            for s in r.skm
        ],
        "pengaduan": [
            {"unit": c.unit, "jumlah": c.count,
             "median_jam": format_number(c.median_hours) if c.median_hours is not None else "",
             "tepat_waktu_persen": format_number(c.share_within)
             if c.share_within is not None else ""}
            for c in r.complaints
        ],
        **({"waktu_penyelesaian": [
            {"unit": p.unit, "jenis_layanan": kind.service, "permohonan": kind.requests,
             "belum_selesai": kind.unfinished,
             "rata_rata_hari_kerja": _text(kind.mean_days), "selesai_hari_sama_persen":
             _text(kind.share_same_day), "sesuai_standar_persen": _text(kind.share_within)}
            for p in r.processing for kind in p.kinds
        ]} if r.processing else {}),
        **({"laporan_kegiatan": [
            {"unit": a.unit, "pegawai": a.employees,
             **({"disamarkan": True} if a.withheld else {
                 "mengisi_setiap_bulan": a.complete, "persen": _text(a.share_complete),
                 "tidak_mengisi": a.silent})}
            for a in r.activity
        ]} if r.activity else {}),
    }  # fmt: skip


def _text(value: Decimal | None) -> str:
    """A figure of a Prefect table artifact as the documents write it ('' for none)."""
    return format_number(value) if value is not None else ""
