"""Periodic evaluation: predikat or weighted 360, IKM, complaints and indicators of a period.

Layer: domain services (counterpart: `flows.evaluation`). One run per period: its period
code ("2026-TW3") and the input files' period checks are in
`policy.services.evaluation_period`.

- National framework (PermenPANRB 6/2022): predikat from the e-Kinerja import (matrix of
  DOMAIN.md §2.2). Weighted 360 (`policy.evaluation.framework`): ratings aggregated per
  (employee, source, criterion) in SQL, scored exactly in Python, results stored per
  employee. Either way, counts per unit and team, and each unit's distribution is checked
  against the curve of SE MenPANRB 3/2023 (R5: warnings only) for the capaian kinerja
  organisasi its leader set for the period (input `capaian`, `policy.services.capaian`);
  a unit with none set is checked as if it were Baik, and the documents say so per unit.
- IKM per service unit follows R1 with the pack's weight, with the Krejcie & Morgan check
  where the pack gives a unit's population, the respondent profile and the trend.
- Complaints: response-time statistics per unit against the pack's response limit.
- Indicators compare the realisation with the target and with an annual straight line.
- Follow-up actions are made by `policy.services.followup`; due the pack's
  `evaluation.followup_working_days` working days (default 20) after the report date, on the
  organisation's working-day calendar (`policy.services.deadlines.calendar_for`).
- Documents: Laporan Evaluasi, Rekomendasi Tindak Lanjut and one lembar hasil per unit.
  The private sheet per employee is published on request (`policy.services.employee_sheets`).
- The period's figures (`Results`), the run's summary and the tables its flow publishes as
  Prefect artifacts are in `policy.services.evaluation_figures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import reduce
from operator import add
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from policy import collector
from policy.evaluation import element_names_with
from policy.evaluation.activity import months_of
from policy.locale import Locale
from policy.models import EkinerjaRating, Member, Stage, Unit
from policy.periods import period_label
from policy.services import followup, followup_rows
from policy.services import ratings as ratings_service
from policy.services.activity_stats import activity_by_unit
from policy.services.capaian import capaian_by_unit
from policy.services.common import ServiceError
from policy.services.complaint_stats import complaint_stats
from policy.services.deadlines import calendar_for
from policy.services.evaluation_figures import Results, run_summary, run_tables
from policy.services.evaluation_period import check_file_period, run_period
from policy.services.evaluation_results import (
    capaian_patterns,
    framework_view,
    indicator_rows,
    national_teams,
    predikat_units,
    shown_figures,
    teams_360,
    units_360,
)
from policy.services.evaluation_skm import (
    activity_row,
    activity_rows,
    activity_share,
    complaint_rows,
    ikm_trend,
    processing_units,
    profile_groups,
    skm_silent_units,
    skm_units,
    weight_text,
)
from policy.services.evaluation_summary import summarise
from policy.services.imports import ingest_inputs
from policy.services.indicator_measures import measured_values
from policy.services.period_lock import approved_ikm_weights
from policy.services.processing_stats import processing_by_unit
from policy.services.skm import (
    combined_profile,
    ikm_by_unit,
    online_responses,
    respondent_profiles,
)
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
    ElementName,
    EvaluationView,
    FollowUpView,
    PredikatCount,
)

STAGE = Stage.EVALUATION
TEAM_ROWS = 30
"""More teams than this are shown in the unit sheets only, not in the Laporan."""
TITLES = {"id": "Laporan Evaluasi", "en": "Evaluation Report"}
FOLLOWUP_TITLES = {"id": "Rekomendasi Tindak Lanjut", "en": "Follow-up Recommendations"}

INPUTS: dict[str, InputSpec] = {
    "ekinerja": InputSpec(
        "ekinerja", False, "rating e-Kinerja pegawai untuk periode ini (CSV/XLSX)"
    ),
    "penilaian": InputSpec(
        "penilaian_360", False, "penilaian 360 (diri, atasan, rekan, bawahan, masyarakat)"
    ),
    "bonus": InputSpec("bonus", False, "poin bonus, mis. keikutsertaan program inovasi"),
    "capaian": InputSpec(
        "capaian_organisasi", False, "capaian kinerja organisasi per unit kerja (CSV/XLSX)"
    ),
    "skm": InputSpec("skm", False, "respons Survei Kepuasan Masyarakat (CSV/XLSX)"),
    "pengaduan": InputSpec("pengaduan", False, "data pengaduan masyarakat (CSV/XLSX)"),
    "laporan_kegiatan": InputSpec(
        "laporan_kegiatan", False, "rekap bulanan laporan kegiatan harian e-Kinerja (CSV/XLSX)"
    ),
    "layanan": InputSpec(
        "layanan", False, "permohonan layanan dengan tanggal masuk dan selesai (CSV/XLSX)"
    ),
    "realisasi": InputSpec("realisasi", False, "realisasi indikator kebijakan (CSV/XLSX)"),
}
PERIOD_KINDS = ("ekinerja", "penilaian", "bonus", "capaian")
"""Inputs whose rows name a period, which must be the run's period."""


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Import the period's ratings, bonus points, unit capaian, SKM, complaints, realisations."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    period, _start, _end = run_period(ctx)
    for name in PERIOD_KINDS:
        if name in inputs:
            check_file_period(Path(inputs[name]), period, INPUTS[name].kind)
    done: dict[str, Any] = {}
    try:
        done.update(ingest_inputs(session, ctx, INPUTS, inputs, INPUTS, actor, as_of))
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return done


# ----------------------------------------------------------------------- the figures


def _ekinerja_count(session: Session, org_id: int, period: str) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(EkinerjaRating)
            .where(EkinerjaRating.organisation_id == org_id, EkinerjaRating.period == period)
        ).one()
    )


def compute(session: Session, ctx: RunContext) -> Results:
    """Every figure of the run's period (reads only, except the stored 360 results).

    Raises:
        ServiceError: the period has no ratings and no SKM responses.
    """
    period, start, end = run_period(ctx)
    cfg = ctx.pack.evaluation
    in_pack = ctx.unit_order
    units = sorted(
        session.exec(select(Unit).where(Unit.organisation_id == ctx.org_id)).all(),
        key=lambda u: in_pack(u.code),
    )
    names = {u.code: u.name for u in units}  # in the pack's order, as documents list units
    fw = cfg.weighted_360.framework() if cfg.weighted_360 is not None else None
    p360 = None
    ekinerja = _ekinerja_count(session, ctx.org_id, period)
    capaian = capaian_by_unit(session, ctx.org_id, period)
    if fw is None:
        org_counts, unit_rows = predikat_units(session, ctx.org_id, period, names, capaian)
        teams = national_teams(session, ctx.org_id, period, names)
        rated = present = sum(org_counts.values())
    else:
        p360 = ratings_service.score_period(session, ctx.org_id, period, fw)
        ratings_service.store_scores(session, ctx.run_id, p360.scored)
        org_counts, teams = p360.counts(), teams_360(p360, names)
        unit_rows = units_360(p360, names, capaian)
        rated, present = p360.organisation.scored, p360.rated
    ikm = sorted(ikm_by_unit(session, ctx.org_id, start, end, weight=cfg.ikm.weight,
                             element_names=cfg.ikm.elements),
                 key=lambda u: in_pack(u.unit_code))  # fmt: skip
    if present == 0 and not ikm:
        what = "penilaian 360" if fw is not None else "rating e-Kinerja"
        name = "penilaian" if fw is not None else "ekinerja"
        raise ServiceError(
            f"Periode {period} ({period_label(period)}, {start.isoformat()} s.d. "
            f"{end.isoformat()}) belum memiliki {what} maupun respons SKM. Impor minimal "
            f"salah satunya (masukan '{name}' atau 'skm') sebelum menyusun laporan evaluasi."
        )
    populations = {u.code: u.population for u in ctx.pack.units}
    stats = complaint_stats(session, ctx.org_id, start, end, cfg.complaints.response_limit_hours)
    processing = processing_by_unit(session, ctx.org_id, ctx.pack, start, end)
    activity = activity_by_unit(session, ctx.org_id, ctx.pack, start, end)
    return Results(
        period=period, start=start, end=end, framework=fw, p360=p360, org_counts=org_counts,
        rated=rated, units=unit_rows, teams=teams,
        skm=skm_units(ikm, cfg.ikm.target, populations,
                      online_responses(session, ctx.org_id, start, end)),
        complaints=complaint_rows(stats, names, cfg.complaints.target_share),
        indicators=indicator_rows(
            session,
            ctx,
            period,
            measured_values(session, ctx, period, (start, end), ikm, stats, org_counts,
                            processing, activity,
                            {u: (t.self_filled, t.employees) for u, t in p360.tallies.items()}
                            if p360 is not None else None),
        ),
        ekinerja_count=ekinerja, names=names,
        kinds={u.code: u.kind for u in units}, service={u.code: u.service for u in units},
        ikm_units=ikm, self_round=cfg.self_round(period),
        processing=processing_units(processing, names),
        activity=activity_rows(activity, names, cfg.min_group_size),
        activity_total=activity_row("", "", reduce(add, activity.values()))
        if activity else None,
    )  # fmt: skip


def follow_up(session: Session, ctx: RunContext, r: Results) -> list[followup.ActionSpec]:
    """The actions the rules call for."""
    cfg = ctx.pack.evaluation
    credits = followup.jp_credits(session, ctx.org_id, r.end.year)
    people: list[followup.ActionSpec]
    if r.self_round:
        people = []  # a self-assessment round's scores are provisional: no coaching, no talent
    elif r.p360 is not None and r.framework is not None:
        people = followup.employee_actions_360(
            session, ctx, r.p360.scored, r.names, r.framework, credits
        )
    else:
        people = followup.employee_actions(session, ctx, r.period, r.names, credits)
    return [
        *people,
        *followup.ikm_actions(r.ikm_units, cfg.ikm.target),
        *followup.complaint_actions(r.complaints, cfg.complaints.target_share,
                                    cfg.complaints.response_limit_hours),
        *followup.processing_actions(r.processing, cfg.processing.target_share),
        *followup.indicator_actions(r.indicators, followup.policy_owner(session, ctx)),
    ]  # fmt: skip


# ----------------------------------------------------------------------- produce


@collector.paused()
def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Evaluate the period, record follow-up, publish the Laporan, Rekomendasi, unit sheets.

    Raises:
        ServiceError: the period has neither ratings nor SKM responses.
    """
    from policy.services import evaluation_sheets

    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    r = compute(session, ctx)
    on = document_date(as_of)
    cfg = ctx.pack.evaluation
    due_working_days = cfg.followup_working_days
    due_on = calendar_for(ctx.pack).add_working_days(on, due_working_days)
    action_totals = followup.replace_actions(session, ctx, follow_up(session, ctx, r), due_on,
                                             actor)  # fmt: skip
    actions = followup_rows.action_rows(
        session, ctx.run_id, followup_rows.unit_heads(session, ctx), units=r.names
    )
    member = session.exec(select(Member).where(
        Member.organisation_id == ctx.org_id, Member.username == actor)).first()  # fmt: skip
    prepared_by = member.name if member else actor
    prepared_title = member.title if member else ""
    element_names = element_names_with(cfg.ikm.elements)
    # Read once for the Laporan and every unit sheet: the organisation's profile is the sum
    # of its units', and the trend does not depend on the locale but for its labels.
    profiles = respondent_profiles(session, ctx.org_id, r.start, r.end)
    profile = profile_groups(combined_profile(profiles.values()))
    trends = ikm_trend(session, ctx.org_id, r.period, cfg.ikm.weight, element_names, r.names,
                       locales, known=r.ikm_units,
                       recorded=approved_ikm_weights(session, ctx.org_id))  # fmt: skip
    service_ikm = evaluation_sheets.service_ikm_units(session, ctx, r)
    by_partner, collected = evaluation_sheets.partner_figures(session, ctx, r)
    sheet_units = evaluation_sheets.sheet_units(r)
    silent = skm_silent_units(ctx.pack.units, r.skm, r.names)
    k = cfg.min_group_size
    shown = shown_figures(r.units, r.teams, r.p360, r.names, k)

    def title(locale: Locale) -> str:
        return f"{TITLES[locale]} {period_label(r.period, locale)}"

    earlier = followup_rows.earlier_actions(session, ctx, on)

    def report(locale: Locale) -> EvaluationView:
        view = report_body(locale)
        return view.model_copy(update={"summary": summarise(view)})

    def report_body(locale: Locale) -> EvaluationView:
        trend_periods, trend = trends[locale]
        p = r.p360
        return EvaluationView(
            header=ctx.header(title(locale), on),
            period=r.period, period_label=period_label(r.period, locale), period_start=r.start,
            period_end=r.end, legal_form=ctx.policy.legal_form, policy_title=ctx.policy.title,
            employees=sum(u.employees for u in r.units), rated=r.rated,
            unrated=sum(u.unrated for u in r.units),
            org_counts=[PredikatCount(predikat=k.value, count=n) for k, n in r.org_counts.items()],
            units=shown.units, capaian_patterns=capaian_patterns(r.units), min_group_size=k,
            self_round=r.self_round, evaluated_every=cfg.periods,
            ikm_weight=weight_text(cfg.ikm.weight, locale), ikm_target=cfg.ikm.target,
            elements=[ElementName(code=c, name=n) for c, n in element_names.items()],
            skm_respondents=sum(u.respondents for u in r.skm), skm_units=r.skm,
            skm_silent=silent,
            indicators=r.indicators,
            action_counts=[ActionCount(rule=k, count=n) for k, n in action_totals.items()
                           if n or (k != "corrective_complaints"
                                    or cfg.complaints.target_share is not None)
                           and (k != "corrective_processing"
                                or cfg.processing.target_share is not None)],
            due_working_days=due_working_days, due_on=due_on, prepared_by=prepared_by,
            prepared_by_title=prepared_title, framework=cfg.framework,
            framework_view=framework_view(r.framework) if r.framework else None,
            org_mean=p.organisation.mean if p else None,
            org_mean_predikat=p.organisation.predikat.value if p and p.organisation.predikat
            else "",
            reweight=shown.reweight, self_assessment=shown.self_assessment,
            self_filled=sum(t.self_filled for t in p.tallies.values()) if p else 0,
            self_staff=sum(t.employees for t in p.tallies.values()) if p else 0,
            criteria_means=shown.criteria_means,
            ignored_ratings=p.ignored_ratings if p else 0,
            ekinerja_unused=r.ekinerja_count if p else 0,
            teams=shown.teams if len(r.teams) <= TEAM_ROWS else [],
            teams_in_sheets=len(r.teams) > TEAM_ROWS, team_count=len(r.teams),
            complaints=r.complaints, complaints_total=sum(c.count for c in r.complaints),
            response_limit_hours=cfg.complaints.response_limit_hours,
            processing=r.processing, service_ikm=service_ikm, activity=r.activity,
            activity_total=r.activity_total,
            activity_months=len(months_of(r.start, r.end)),
            activity_share=activity_share(cfg.activity_reports.min_share),
            complaints_target=(cfg.complaints.target_share * 100
                               if cfg.complaints.target_share is not None else None),
            skm_partners=list(cfg.ikm.partners), skm_by_partner=by_partner, skm_profile=profile,
            trend_periods=trend_periods, trend=trend, unit_sheets=len(sheet_units),
            earlier_actions=earlier.total,
            earlier_periods=[period_label(p, locale) for p in earlier.periods],
        )  # fmt: skip

    def recommendations(locale: Locale) -> FollowUpView:
        return FollowUpView(
            # Its tables list each action's employee, NIP, unit, owner and deadline: landscape.
            header=ctx.header(
                f"{FOLLOWUP_TITLES[locale]} {period_label(r.period, locale)}", on,
                layout="landscape",
            ),
            period=r.period, period_label=period_label(r.period, locale),
            report_title=title(locale), ikm_target=cfg.ikm.target,
            ikm_weight=weight_text(cfg.ikm.weight, locale), due_working_days=due_working_days,
            groups=[ActionGroup(rule=k, actions=[a for a in actions if a.rule == k])
                    for k in followup.RULES if any(a.rule == k for a in actions)],
            total=len(actions), prepared_by=prepared_by, prepared_by_title=prepared_title,
            framework=cfg.framework, jp_right=followup.JP_RIGHT,
        )  # fmt: skip

    # Made again on a later day (a reopened period, a returned run) with the same figures,
    # a document keeps its version and date: only what changed is issued anew.
    docs = publish_all(session, ctx, key="laporan-evaluasi", template="laporan_evaluasi",
                       views={loc: report(loc) for loc in locales}, actor=actor,
                       flow_run_id=flow_run_id, keep_dated=True)  # fmt: skip
    docs += publish_all(session, ctx, key="rekomendasi-tindak-lanjut",
                        template="rekomendasi_tindak_lanjut",
                        views={loc: recommendations(loc) for loc in locales}, actor=actor,
                        flow_run_id=flow_run_id, keep_dated=True)  # fmt: skip
    docs += evaluation_sheets.publish_unit_sheets(
        session, ctx, r, shown, sheet_units, actions, on=on, title=title, actor=actor,
        flow_run_id=flow_run_id, locales=locales, profiles=profiles, trends=trends,
        service_ikm=service_ikm, collected=collected, earlier=earlier,
    )  # fmt: skip
    session.commit()
    return StageOutput(
        summary=run_summary(
            r,
            on,
            action_totals,
            cfg.framework,
            len(sheet_units),
            silent,
            by_partner,
            earlier.total,
            ikm_weight=cfg.ikm.weight,
            ikm_target=cfg.ikm.target,
        ),
        documents=docs,
        report_title=title(locales[0]),
        report_markdown=main_markdown(docs),
        tables=run_tables(r),
    )
