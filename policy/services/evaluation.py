"""Periodic evaluation: predikat, IKM and indicators of one period, with follow-up actions.

Layer: domain services (counterpart: `flows.evaluation`). One run per period; the run's
period code ("2026-TW3") fixes the e-Kinerja ratings, the SKM responses (by date) and the
indicator realisations that are evaluated.

- Predikat come from the import (matrix of DOMAIN.md §2.2); counts per unit and for the
  organisation are aggregated in SQL, and each unit's distribution is checked against the
  curve of SE MenPANRB 3/2023 (R5: warnings only). The units' capaian kinerja organisasi
  is not an input yet, so every unit is checked as if its capaian were Baik; the report
  says so.
- IKM per service unit follows R1 with the pack's weight (`policy.services.skm`).
- Indicators compare the period's realisation with the pack's target and direction.
- Follow-up actions are made by `policy.services.followup`; due 30 calendar days after
  the report date (working days are not counted yet; the documents say so).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from policy.evaluation import (
    CapaianOrganisasi,
    check_distribution,
    element_names_with,
    evaluate_indicator,
    format_exact,
    format_number,
    parse_weight,
    round_half_up,
)
from policy.imports import parse_file
from policy.locale import Locale
from policy.models import (
    EkinerjaRating,
    Employee,
    IndicatorRealisation,
    Member,
    Predikat,
    Stage,
    Unit,
)
from policy.periods import period_label, period_range
from policy.services import followup
from policy.services.common import ServiceError
from policy.services.imports import ingest_file, result_dict
from policy.services.skm import UnitIkm, ikm_by_unit
from policy.services.stagework import (
    InputSpec,
    RunContext,
    StageOutput,
    check_inputs,
    document_date,
    load_context,
    main_markdown,
    publish_all,
    require_running,
)
from policy.views.evaluation import (
    ActionCount,
    ActionGroup,
    CurveNote,
    ElementName,
    EvaluationView,
    FollowUpView,
    IndicatorRow,
    PredikatCount,
    SkmUnit,
    UnitPredikat,
)

STAGE = Stage.EVALUATION
DUE_DAYS = 30
CAPAIAN_ASSUMED = CapaianOrganisasi.BAIK
TITLES = {"id": "Laporan Evaluasi", "en": "Evaluation Report"}
FOLLOWUP_TITLES = {"id": "Rekomendasi Tindak Lanjut", "en": "Follow-up Recommendations"}

INPUTS: dict[str, InputSpec] = {
    "ekinerja": InputSpec(
        "ekinerja", False, "rating e-Kinerja pegawai untuk periode ini (CSV/XLSX)"
    ),
    "skm": InputSpec("skm", False, "respons Survei Kepuasan Masyarakat (CSV/XLSX)"),
    "realisasi": InputSpec("realisasi", False, "realisasi indikator kebijakan (CSV/XLSX)"),
}


def _period(ctx: RunContext) -> tuple[str, date, date]:
    code = ctx.run.period
    try:
        start, end = period_range(code)
    except ValueError as exc:
        raise ServiceError(f"Tahap evaluasi #{ctx.run_id}: {exc}.") from exc
    return code, start, end


def check_ekinerja_period(path: Path, period: str) -> None:
    """Refuse an e-Kinerja file holding ratings of another period (nothing is written).

    The file is parsed (pure, no database) before anything is imported, so a refused
    file leaves no trace, and a file whose bytes were already imported for another
    period's run is refused too rather than skipped as a no-op.

    Raises:
        ImportFileError: the file has bad rows.
        ServiceError: a row names another period.
    """
    found = sorted({row.period for row in parse_file("ekinerja", path).rows})
    other = [p for p in found if p != period]
    if other:
        listed = ", ".join(f"{p} ({period_label(p)})" for p in other)
        raise ServiceError(
            f"Berkas e-Kinerja '{Path(path).name}' berisi rating periode {listed}, sedangkan "
            f"tahap evaluasi ini untuk periode {period} ({period_label(period)}). Tidak ada data "
            "yang disimpan; impor berkas itu pada tahap evaluasi periodenya atau pilih berkas "
            f"rating periode {period}."
        )


def ingest(
    *, session: Session, run_id: int, inputs: Mapping[str, Path], actor: str
) -> dict[str, Any]:
    """Import the period's e-Kinerja ratings, SKM responses and indicator realisations."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    period, _start, _end = _period(ctx)
    if "ekinerja" in inputs:
        check_ekinerja_period(Path(inputs["ekinerja"]), period)
    done: dict[str, Any] = {}
    try:
        for name in ("ekinerja", "skm", "realisasi"):
            if name in inputs:
                done[name] = result_dict(
                    ingest_file(session, ctx.org, INPUTS[name].kind, Path(inputs[name]), actor)
                )
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return done


# ------------------------------------------------------------------- aggregation


def _curve_notes(counts: Mapping[Predikat, int]) -> list[CurveNote]:
    group = Predikat.BAIK
    own = counts.get(group, 0)
    rivals = [p for p in Predikat if p != group and counts.get(p, 0) >= own]
    rival = max(rivals, key=lambda p: counts.get(p, 0)) if rivals else None
    total = sum(counts.values())
    return [
        CurveNote(code=w.code, message=w.message, group=group.value, count=own, total=total,
                  rival=rival.value if rival else "",
                  rival_count=counts.get(rival, 0) if rival else 0)
        for w in check_distribution(CAPAIAN_ASSUMED, counts)
    ]  # fmt: skip


def predikat_units(
    session: Session, org_id: int, period: str, names: Mapping[str, str]
) -> tuple[dict[Predikat, int], list[UnitPredikat]]:
    """Organisation predikat totals and each unit's distribution (SQL GROUP BY)."""
    same_employee = and_(
        col(Employee.organisation_id) == col(EkinerjaRating.organisation_id),
        col(Employee.nip) == col(EkinerjaRating.nip),
    )
    org_counts = dict.fromkeys(Predikat, 0)
    for predikat, n in session.exec(
        select(EkinerjaRating.predikat, func.count())
        .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        .group_by(EkinerjaRating.predikat)
    ):  # fmt: skip
        org_counts[Predikat(predikat)] = n
    per_unit: dict[str, dict[Predikat, int]] = {}
    for unit, predikat, n in session.exec(
        select(Employee.unit_code, EkinerjaRating.predikat, func.count())
        .select_from(EkinerjaRating).join(Employee, same_employee)
        .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        .group_by(Employee.unit_code, EkinerjaRating.predikat)
    ):  # fmt: skip
        per_unit.setdefault(unit, {})[Predikat(predikat)] = n
    rated = case((col(EkinerjaRating.id).is_not(None), 1), else_=0)
    staff = session.exec(
        select(Employee.unit_code, func.count(), func.sum(rated))
        .select_from(Employee)
        .outerjoin(EkinerjaRating, and_(same_employee, col(EkinerjaRating.period) == period))
        .where(Employee.organisation_id == org_id)
        .group_by(Employee.unit_code).order_by(Employee.unit_code)
    ).all()  # fmt: skip
    units = []
    for code, employees, n_rated in staff:
        counts = {p: per_unit.get(code, {}).get(p, 0) for p in Predikat}
        n_rated = int(n_rated or 0)
        units.append(UnitPredikat(
            unit_code=code, unit=names.get(code, code), employees=employees, rated=n_rated,
            unrated=employees - n_rated,
            counts=[PredikatCount(predikat=p.value, count=n) for p, n in counts.items()],
            warnings=_curve_notes(counts),
        ))  # fmt: skip
    return org_counts, units


def skm_units(units: list[UnitIkm], target: Decimal) -> list[SkmUnit]:
    """The view rows of the IKM per service unit."""
    return [
        SkmUnit(
            unit_code=u.unit_code,
            unit=u.unit_name,
            respondents=u.result.respondents,
            ikm=u.result.ikm,
            mutu=u.result.mutu.value,
            kinerja=u.result.kinerja,
            below_target=u.result.ikm < target,
            nrr=[round_half_up(e.nrr, 2) if e.nrr is not None else None for e in u.result.elements],
            missing=list(u.result.missing_elements),
            warning=u.result.warning,
        )  # fmt: skip
        for u in units
    ]


def indicator_rows(session: Session, ctx: RunContext, period: str) -> list[IndicatorRow]:
    """Each pack indicator with the period's realisation, attainment and status."""
    values = dict(
        session.exec(
            select(IndicatorRealisation.code, IndicatorRealisation.value).where(
                IndicatorRealisation.organisation_id == ctx.org_id,
                IndicatorRealisation.period == period,
            )
        ).all()
    )
    rows = []
    for i in ctx.pack.indicators:
        text = values.get(i.code)
        base = {"code": i.code, "name": i.name, "unit": i.unit, "baseline": i.baseline,
                "target": i.target, "direction": i.direction}  # fmt: skip
        if text is None:
            rows.append(IndicatorRow(**base, realisation=None, attainment=None, progress=None,
                                     status=""))  # fmt: skip
            continue
        value = Decimal(text)
        result = evaluate_indicator(i.baseline, i.target, value, i.direction)
        rows.append(IndicatorRow(**base, realisation=value, attainment=result.attainment,
                                 progress=result.progress, status=result.status.value))  # fmt: skip
    return rows


def weight_text(weight: str, locale: Locale) -> str:
    """The configured IKM weight as a report writes it ('1/9', '0,11' / '0.11')."""
    text = format_exact(parse_weight(weight))
    return text.replace(",", ".") if locale == "en" else text


# ----------------------------------------------------------------------- produce


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Evaluate the period, record follow-up actions, publish the Laporan and the Rekomendasi.

    Raises:
        ServiceError: the period has neither e-Kinerja ratings nor SKM responses.
    """
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    period, start, end = _period(ctx)
    on = document_date(as_of)
    due_on = on + timedelta(days=DUE_DAYS)
    units = session.exec(select(Unit).where(Unit.organisation_id == ctx.org_id)).all()
    names = {u.code: u.name for u in units}
    ikm_cfg = ctx.pack.evaluation.ikm

    org_counts, unit_rows = predikat_units(session, ctx.org_id, period, names)
    rated = sum(org_counts.values())
    ikm_units = ikm_by_unit(
        session, ctx.org_id, start, end, weight=ikm_cfg.weight, element_names=ikm_cfg.elements
    )
    if rated == 0 and not ikm_units:
        raise ServiceError(
            f"Periode {period} ({period_label(period)}, {start.isoformat()} s.d. "
            f"{end.isoformat()}) belum memiliki rating e-Kinerja maupun respons SKM. Impor "
            "minimal salah satunya (masukan 'ekinerja' atau 'skm') sebelum menyusun laporan "
            "evaluasi."
        )
    skm_rows = skm_units(ikm_units, ikm_cfg.target)
    indicators = indicator_rows(session, ctx, period)

    specs = [
        *followup.employee_actions(session, ctx, period, names),
        *followup.ikm_actions(ikm_units, ikm_cfg.target),
        *followup.indicator_actions(indicators, followup.policy_owner(session, ctx)),
    ]
    action_totals = followup.replace_actions(session, ctx, specs, due_on, actor)
    actions = followup.action_rows(session, ctx.run_id)

    member = session.exec(select(Member).where(
        Member.organisation_id == ctx.org_id, Member.username == actor)).first()  # fmt: skip
    prepared_by = member.name if member else actor
    prepared_title = member.title if member else ""
    element_names = element_names_with(ikm_cfg.elements)
    employees = sum(u.employees for u in unit_rows)

    def title(locale: Locale) -> str:
        return f"{TITLES[locale]} {period_label(period, locale)}"

    def report(locale: Locale) -> EvaluationView:
        return EvaluationView(
            header=ctx.header(title(locale), on),
            period=period, period_label=period_label(period, locale), period_start=start,
            period_end=end, legal_form=ctx.policy.legal_form, policy_title=ctx.policy.title,
            employees=employees, rated=rated, unrated=sum(u.unrated for u in unit_rows),
            org_counts=[PredikatCount(predikat=p.value, count=n) for p, n in org_counts.items()],
            units=unit_rows, capaian_assumed=CAPAIAN_ASSUMED.value,
            ikm_weight=weight_text(ikm_cfg.weight, locale), ikm_target=ikm_cfg.target,
            elements=[ElementName(code=c, name=n) for c, n in element_names.items()],
            skm_respondents=sum(u.respondents for u in skm_rows), skm_units=skm_rows,
            indicators=indicators,
            action_counts=[ActionCount(rule=r, count=n) for r, n in action_totals.items()],
            due_days=DUE_DAYS, due_on=due_on, prepared_by=prepared_by,
            prepared_by_title=prepared_title,
        )  # fmt: skip

    def recommendations(locale: Locale) -> FollowUpView:
        return FollowUpView(
            header=ctx.header(f"{FOLLOWUP_TITLES[locale]} {period_label(period, locale)}", on),
            period=period, period_label=period_label(period, locale), report_title=title(locale),
            ikm_target=ikm_cfg.target, due_days=DUE_DAYS,
            groups=[ActionGroup(rule=r, actions=[a for a in actions if a.rule == r])
                    for r in followup.RULES if any(a.rule == r for a in actions)],
            total=len(actions), prepared_by=prepared_by, prepared_by_title=prepared_title,
        )  # fmt: skip

    docs = publish_all(session, ctx, key="laporan-evaluasi", template="laporan_evaluasi",
                       views={loc: report(loc) for loc in locales}, actor=actor,
                       flow_run_id=flow_run_id)  # fmt: skip
    docs += publish_all(session, ctx, key="rekomendasi-tindak-lanjut",
                        template="rekomendasi_tindak_lanjut",
                        views={loc: recommendations(loc) for loc in locales}, actor=actor,
                        flow_run_id=flow_run_id)  # fmt: skip
    session.commit()
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "period": period,
            "rated": rated,
            "predikat_counts": {p.value: n for p, n in org_counts.items()},
            "units_with_curve_warnings": [u.unit for u in unit_rows if u.warnings],
            "ikm": {u.unit: f"{format_number(u.ikm)} {u.mutu}" for u in skm_rows},
            "indicators_met": sum(1 for i in indicators if i.status == "tercapai"),
            "indicators_total": len(indicators),
            "actions": action_totals,
        },
        documents=docs,
        report_title=title(locales[0]),
        report_markdown=main_markdown(docs),
        tables={
            "predikat_per_unit": [
                {"unit": u.unit, "pegawai": u.employees, "dinilai": u.rated,
                 "belum_dinilai": u.unrated, **{c.predikat: c.count for c in u.counts},
                 "peringatan_kurva": len(u.warnings)}
                for u in unit_rows
            ],
            "ikm": [
                {"unit": s.unit, "responden": s.respondents, "ikm": format_number(s.ikm),
                 "mutu": s.mutu, "kinerja": s.kinerja}
                for s in skm_rows
            ],
        },
    )  # fmt: skip
