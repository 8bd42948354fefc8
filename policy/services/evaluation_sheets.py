"""Lembar hasil per unit (with the Laporan) and the private sheet per employee (on request).

Layer: domain services (counterparts: `policy.services.evaluation`, `siklus evaluation
sheets`). A unit sheet shows counts only. An employee's sheet shows their own figures and
no one else's: the anonymity rule of the framework applies, rater names and NIPs are never
read into a view, and an action's owner is named by role ("atasan langsung"), not by name.

Employee sheets are published on request, not with every evaluation run: a province has
tens of thousands of employees, and each sheet is a registered document in two files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.documents import View
from policy.evalconfig import PackAngkaKredit
from policy.evaluation import (
    IkmResult,
    element_names_with,
    krejcie_morgan_sample,
    round_half_up,
)
from policy.evaluation.activity import months_of
from policy.evaluation.credits import credit_for
from policy.evaluation.framework import EmployeeDetail
from policy.evaluation.objection import OBJECTION_DAYS
from policy.locale import Locale
from policy.models import (
    EkinerjaRating,
    Employee,
    EvaluationScore,
    FollowUpAction,
    Rating360,
    RunStatus,
    Stage,
)
from policy.ordering import in_unit_order
from policy.periods import period_label, period_range
from policy.services import ratings as ratings_service
from policy.services.activity_stats import employee_months
from policy.services.common import (
    PRIVATE_RESULT_ROLES,
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    get_run,
    parse_nips,
    require_role,
    unit_names,
)
from policy.services.evaluation_figures import Results
from policy.services.evaluation_results import (
    Shown,
    pct,
)
from policy.services.evaluation_skm import (
    activity_share,
    ikm_trend,
    profile_groups,
    weight_text,
)
from policy.services.followup import JP_RIGHT
from policy.services.followup_rows import Earlier, earlier_actions
from policy.services.objection_register import addressees, sheet_objections
from policy.services.period_lock import LOCKING
from policy.services.placements import Placement, placements_at
from policy.services.skm import Profile, ikm_by_partner, ikm_by_service, respondent_profiles
from policy.services.stagework import (
    DocRef,
    RunContext,
    document_date,
    has_document,
    load_context,
    publish_batch,
)
from policy.views.actions import title_in
from policy.views.evaluation import (
    ActionCount,
    ActionRow,
    CriteriaMeans,
    ElementName,
    ThresholdRow,
    TrendPeriod,
    TrendRow,
)
from policy.views.evaluation_rows import (
    CollectorCount,
    PartnerIkmRow,
    ServiceIkmRow,
    ServiceIkmUnit,
)
from policy.views.evaluation_sheets import (
    EmployeeSheetView,
    SheetAction,
    SheetBonus,
    SheetCell,
    SheetCredit,
    SheetCriterion,
    SheetMonth,
    UnitSheetView,
)

UNIT_TITLES = {"id": "Lembar Hasil Evaluasi", "en": "Evaluation Result Sheet"}
EMPLOYEE_TITLES = {"id": "Lembar Hasil Penilaian Pribadi", "en": "Personal Assessment Sheet"}
#: Private sheets registered per batch (one registry query and one insert each).
SHEET_BATCH = 500


def sheet_units(r: Results) -> list[str]:
    """Codes of the units that get a sheet: with employees, SKM, complaints or requests."""
    codes = {u.unit_code for u in r.units if u.employees}
    codes |= {s.unit_code for s in r.skm} | {c.unit_code for c in r.complaints}
    codes |= {p.unit_code for p in r.processing}
    return in_unit_order(r.names, codes)


def publish_unit_sheets(
    session: Session,
    ctx: RunContext,
    r: Results,
    shown: Shown,
    codes: Sequence[str],
    actions: Sequence[ActionRow],
    *,
    on: date,
    title: Callable[[Locale], str],
    actor: str,
    flow_run_id: str | None,
    locales: tuple[Locale, ...],
    profiles: Mapping[str, Profile] | None = None,
    trends: Mapping[Locale, tuple[list[TrendPeriod], list[TrendRow]]] | None = None,
    service_ikm: Sequence[ServiceIkmUnit] | None = None,
    collected: Mapping[str, Sequence[CollectorCount]] | None = None,
    earlier: Earlier | None = None,
) -> list[DocRef]:
    """Publish one lembar hasil per unit in each locale (flushes).

    `shown` holds the group figures as the Laporan shows them (`shown_figures`).

    `profiles` (`respondent_profiles`), `trends` (`ikm_trend`, by locale), `service_ikm`
    (`service_ikm_units`), `collected` (`partner_figures`) and `earlier`
    (`earlier_actions`) are read here unless the caller has read them already.
    """
    cfg = ctx.pack.evaluation
    elements = element_names_with(cfg.ikm.elements)
    if trends is None:
        trends = ikm_trend(
            session, ctx.org_id, r.period, cfg.ikm.weight, elements, r.names, locales
        )
    k = cfg.min_group_size
    reweight = {x.unit_code: x for x in shown.reweight}
    selfs = {x.unit_code: x for x in shown.self_assessment}
    means = shown.criteria_means
    target = cfg.complaints.target_share
    # Everything per unit is grouped once: a province has hundreds of units and tens of
    # thousands of actions, and per-unit queries or scans cost minutes.
    if profiles is None:
        profiles = respondent_profiles(session, ctx.org_id, r.start, r.end)
    skm_of = {s.unit_code: s for s in r.skm}
    processing_of = {p.unit_code: p for p in r.processing}
    activity_of = {a.unit_code: a for a in r.activity}
    months = len(months_of(r.start, r.end))
    population = {u.code: u.population for u in ctx.pack.units if u.service}
    if service_ikm is None:
        service_ikm = service_ikm_units(session, ctx, r)
    by_service = {u.unit_code: u.rows for u in service_ikm}
    if collected is None:
        collected = partner_figures(session, ctx, r)[1]
    if earlier is None:
        earlier = earlier_actions(session, ctx, on)
    rule_counts: dict[str, dict[str, int]] = {}
    for a in actions:
        per_rule = rule_counts.setdefault(a.unit, {})
        per_rule[a.rule] = per_rule.get(a.rule, 0) + 1
    teams_of: dict[str, list[Any]] = {}
    for t in shown.teams:
        teams_of.setdefault(t.unit_code, []).append(t)
    sheets: list[tuple[str, str, Mapping[Locale, View]]] = []
    for code in codes:
        name = r.names.get(code, code)
        skm = skm_of.get(code)
        profile = profile_groups(profiles.get(code, {})) if skm else []
        counts = rule_counts.get(name, {})
        common = {
            "period": r.period, "period_start": r.start, "period_end": r.end,
            "legal_form": ctx.policy.legal_form, "policy_title": ctx.policy.title,
            "framework": cfg.framework, "unit_code": code, "unit": name,
            "kind": r.kinds.get(code, ""), "service": r.service.get(code, False),
            "predikat": next((u for u in shown.units if u.unit_code == code and u.rated), None),
            "min_group_size": k, "self_round": r.self_round, "evaluated_every": cfg.periods,
            "scale_max": r.framework.scale_max if r.framework else 0,
            "anonymity_threshold": r.framework.anonymity_threshold if r.framework else 0,
            "reweight": reweight.get(code), "self_assessment": selfs.get(code),
            "criteria_means": _unit_means(means, code),
            "teams": teams_of.get(code, []), "skm": skm,
            "population": population.get(code),
            "sample_min": krejcie_morgan_sample(n) if (n := population.get(code)) else None,
            "elements": [ElementName(code=c, name=n) for c, n in elements.items()],
            "ikm_target": cfg.ikm.target, "skm_profile": profile,
            "service_ikm": by_service.get(code, []),
            "collected": list(collected.get(code, [])),
            "complaints": next((c for c in r.complaints if c.unit_code == code), None),
            "processing": processing_of.get(code),
            "activity": activity_of.get(code), "activity_months": months,
            "activity_share": activity_share(cfg.activity_reports.min_share),
            "response_limit_hours": cfg.complaints.response_limit_hours,
            "complaints_target": target * 100 if target is not None else None,
            "actions": [ActionCount(rule=k, count=n) for k, n in counts.items()],
            "earlier_actions": earlier.by_unit.get(name, []),
        }  # fmt: skip
        views = {}
        for loc in locales:
            periods, trend = trends[loc]
            views[loc] = UnitSheetView(
                header=ctx.header(f"{UNIT_TITLES[loc]} {period_label(r.period, loc)}", on,
                                  subtitle=name),
                period_label=period_label(r.period, loc), report_title=title(loc),
                ikm_weight=weight_text(cfg.ikm.weight, loc),
                trend_periods=periods if skm else [],
                trend=next((t for t in trend if t.unit_code == code), None) if skm else None,
                earlier_periods=[period_label(p, loc) for p in earlier.periods],
                **common,
            )  # fmt: skip
        sheets.append((f"lembar-unit-{code.lower()}", "lembar_hasil_unit", views))
    return publish_batch(session, ctx, sheets, actor=actor, flow_run_id=flow_run_id,
                         keep_dated=True)  # fmt: skip


def service_ikm_units(session: Session, ctx: RunContext, r: Results) -> list[ServiceIkmUnit]:
    """The IKM per kind of service of each unit whose pack lists its services, pack order.

    Read in one grouped query, for the Laporan and the unit sheets alike; nothing is read
    when no unit lists its services or none of those has responses.
    """
    listed = {u.code: u.services for u in ctx.pack.units if u.services}
    wanted = set(listed) & {s.unit_code for s in r.skm}
    if not wanted:
        return []
    cfg = ctx.pack.evaluation.ikm
    found = ikm_by_service(session, ctx.org_id, r.start, r.end, wanted, weight=cfg.weight,
                           element_names=cfg.elements)  # fmt: skip
    return [
        ServiceIkmUnit(unit_code=code, unit=r.names.get(code, code),
                       rows=_service_rows(found[code], listed[code]))
        for code in in_unit_order(r.names, found)
        if found[code]
    ]  # fmt: skip


def partner_figures(
    session: Session, ctx: RunContext, r: Results
) -> tuple[list[PartnerIkmRow], dict[str, list[CollectorCount]]]:
    """Who collected the period's SKM responses: the Laporan's rows, and each unit's counts.

    The partners in the pack's order (one the pack no longer lists after them), then the
    region's own survey; a unit's counts only where a partner surveyed the unit. Both empty
    when no response of the period names a partner (one probe, `ikm_by_partner`).
    """
    cfg = ctx.pack.evaluation.ikm
    found = ikm_by_partner(session, ctx.org_id, r.start, r.end, weight=cfg.weight,
                           element_names=cfg.elements)  # fmt: skip
    order = {name: i for i, name in enumerate(cfg.partners)}
    found.sort(key=lambda p: (p.partner == "", order.get(p.partner, len(order)), p.partner))
    rows = [
        PartnerIkmRow(
            partner=p.partner, respondents=p.respondents,
            units=[r.names.get(code, code) for code in in_unit_order(r.names, p.units)],
            ikm=p.ikm.ikm if p.ikm else None, mutu=p.ikm.mutu.value if p.ikm else "",
        )
        for p in found
    ]  # fmt: skip
    per_unit: dict[str, list[CollectorCount]] = {}
    for p in found:
        for code, count in p.by_unit:
            per_unit.setdefault(code, []).append(
                CollectorCount(partner=p.partner, respondents=count)
            )
    partnered = {code for p in found if p.partner for code, _ in p.by_unit}
    return rows, {code: counts for code, counts in per_unit.items() if code in partnered}


def _service_rows(
    found: Sequence[tuple[str, IkmResult]], listed: Sequence[str]
) -> list[ServiceIkmRow]:
    """A unit's IKM per kind of service: the pack's order, then others, then unnamed."""
    order = {name: i for i, name in enumerate(listed)}
    rows = [
        ServiceIkmRow(service=name, respondents=result.respondents, ikm=result.ikm,
                      mutu=result.mutu.value, listed=name in order)
        for name, result in found
    ]  # fmt: skip
    return sorted(rows, key=lambda x: (not x.service, order.get(x.service, len(order)), x.service))


def _unit_means(groups: Sequence[CriteriaMeans], code: str) -> list[CriteriaMeans]:
    out = []
    for group in groups:
        rows = [x for x in group.rows if x.unit_code == code]
        if rows:
            out.append(group.model_copy(update={"rows": rows}))
    return out


# ---------------------------------------------------------------- employee sheets


def _dec(value: Fraction | None, places: int = 2) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


_OWNER_ROLES = {"employee": "supervisor", "nip": "supervisor", "member": "officer",
                "other": "officer"}  # fmt: skip


def _sheet_actions(
    session: Session, run_id: int, nips: Sequence[str], locales: Sequence[Locale]
) -> dict[str, dict[Locale, list[SheetAction]]]:
    """Each employee's own actions per locale (titles in it), owners named by role only.

    One query: asked one employee at a time, a province's 60,000 sheets each scanned the
    run's ten thousand actions; a few sheets read only their own.
    """
    wanted = set(nips)
    by_nip: dict[str, dict[Locale, list[SheetAction]]] = {
        nip: {loc: [] for loc in locales} for nip in wanted
    }
    query = select(FollowUpAction).where(FollowUpAction.stage_run_id == run_id)
    if len(wanted) <= SHEET_BATCH:  # a few sheets: their own actions, not the run's all
        query = query.where(col(FollowUpAction.subject).in_(sorted(wanted)))
    actions = session.exec(query.order_by(col(FollowUpAction.id))).all()
    for a in actions:
        if a.subject not in wanted:
            continue
        out = by_nip[a.subject]
        d = a.data
        kind = d.get("owner_kind", "other")
        role = _OWNER_ROLES.get(kind, "officer")
        if kind == "unit":
            role = "personnel" if a.rule == "talent_pool" else "unit_head"
        for loc, rows in out.items():
            rows.append(SheetAction(
                rule=a.rule, title=title_in(a.rule, a.subject, d, a.title, loc), owner_role=role,
                owner_unit=a.owner if kind == "unit" else "", due_on=a.due_on, status=a.status,
                focus=list(d.get("focus", [])), criterion=d.get("criterion", ""),
                jp_year=d.get("jp_year"), jp_credited=d.get("jp_credited"),
                jp_remaining=d.get("jp_remaining"),
            ))  # fmt: skip
    return by_nip


def _criteria(detail: EmployeeDetail) -> list[SheetCriterion]:
    return [
        SheetCriterion(
            code=c.code, name=c.name, weight=pct(c.weight), applied_weight=pct(c.applied_weight),
            score=_dec(c.score),
            cells=[SheetCell(source=x.source, shown=not x.hidden,
                             raters=0 if x.hidden else x.raters, mean=_dec(x.mean),
                             weight=pct(x.weight))
                   for x in c.cells],
            self_score=_dec(c.self_score), supervisor_score=_dec(c.supervisor_score),
            gap=_dec(c.gap),
        )
        for c in detail.criteria
    ]  # fmt: skip


def _framework_fields(
    session: Session,
    ctx: RunContext,
    nip: str,
    stored: EvaluationScore | None,
    placed: Placement,
) -> dict[str, Any]:
    """The weighted 360 part of an employee's sheet, checked against the stored result.

    Raises:
        ServiceError: the ratings changed after the Laporan was made.
    """
    cfg = ctx.pack.evaluation.weighted_360
    assert cfg is not None
    fw = cfg.framework()
    where = (placed.unit_code, placed.position)
    found = ratings_service.explain(session, ctx.org_id, ctx.run.period, fw, nip, where)
    base: dict[str, Any] = {
        "scale_min": fw.scale_min, "scale_max": fw.scale_max,
        "anonymity_threshold": fw.anonymity_threshold,
        "thresholds": [ThresholdRow(min=m, predikat=p.value) for m, p in fw.thresholds],
    }  # fmt: skip
    if found is None:
        return base
    cset, detail = found
    r = detail.result
    if stored is not None and str(r.final) != stored.score:
        raise ServiceError(
            f"Penilaian NIP {nip} periode {ctx.run.period} berubah sesudah Laporan Evaluasi "
            f"disusun (nilai tersimpan {stored.score}, dihitung ulang {r.final}). Jalankan "
            "ulang tahap evaluasi periode ini sebelum menerbitkan lembar pribadi."
        )
    return base | {
        "set_name": cset.name, "set_code": cset.code, "criteria": _criteria(detail),
        "base": _dec(r.base),
        "bonus": [SheetBonus(code=b.code, name=b.name, points=round_half_up(b.points, 2),
                             applied=round_half_up(b.applied, 2)) for b in r.bonus],
        "final": r.final, "predikat": r.predikat.value if r.predikat else "",
        "hidden_sources": list(r.hidden_sources), "missing_sources": list(r.missing_sources),
        "partial_sources": list(r.partial_sources),
        "unscored_criteria": [c.name for c in cset.criteria if c.code in r.unscored_criteria],
        "reweighted": r.reweighted, "self_gap": _dec(r.self_gap),
    }  # fmt: skip


def _credit(
    rating: EkinerjaRating | None, position: str, period: str, config: PackAngkaKredit
) -> SheetCredit | None:
    """The angka kredit line of a national sheet: a functional official with a predikat."""
    if rating is None or not config.enabled:
        return None
    credit = credit_for(rating.predikat, position, period, config.table())
    if credit is None:
        return None
    return SheetCredit(
        jenjang=credit.jenjang, coefficient=credit.coefficient, percent=credit.percent,
        months=credit.months, value=credit.value,
    )  # fmt: skip


def publish_employee_sheets(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    period: str,
    actor: str,
    nips: Sequence[str] = (),
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
    flow_run_id: str | None = None,
) -> list[DocRef]:
    """Publish the private result sheet of each employee evaluated in the period.

    `nips` limits it to those employees; empty: everyone with a result (or rated at all).
    `as_of` is the date the sheets bear; default: the date of the period's Laporan Evaluasi.
    A sheet issued again with the same figures keeps its version, unless `as_of` asks for
    another date.

    Raises:
        ServiceError: not allowed, the period was not evaluated yet, an unknown NIP, or the
            ratings changed after the Laporan was made.
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    require_role(
        get_member(session, org, actor), PRIVATE_RESULT_ROLES, "menerbitkan lembar pribadi"
    )
    run = get_run(session, cyc, Stage.EVALUATION, period)
    ctx = load_context(session, run.id or 0, Stage.EVALUATION)
    if not has_document(session, run.id or 0, "laporan_evaluasi"):
        raise ServiceError(
            f"Evaluasi periode {period} belum menghasilkan Laporan Evaluasi; jalankan tahap "
            "evaluasi dulu, lalu terbitkan lembar pribadi."
        )
    national = ctx.pack.evaluation.framework == "national"
    stored = {} if national else ratings_service.stored_scores(session, ctx.run_id)
    ratings = {} if not national else {
        e.nip: e for e in session.exec(select(EkinerjaRating).where(
            EkinerjaRating.organisation_id == ctx.org_id, EkinerjaRating.period == period))
    }  # fmt: skip
    wanted = list(dict.fromkeys(parse_nips(nips))) or sorted(
        ratings if national else _rated(session, ctx)
    )
    staff = {e.nip: e for e in session.exec(select(Employee).where(
        Employee.organisation_id == ctx.org_id, col(Employee.nip).in_(wanted)))}  # fmt: skip
    unknown = [n for n in wanted if n not in staff]
    if unknown:
        raise ServiceError(f"NIP tidak terdaftar sebagai pegawai {org.code}: {', '.join(unknown)}.")
    units = unit_names(session, ctx.org_id)
    # A sheet names the unit, post and team the period was evaluated in, not those of a
    # staff list imported since; a run still open reads the staff list as it stands.
    submitted = run.submitted_at if RunStatus(run.status) in LOCKING else None
    placed = placements_at(session, ctx.org_id, list(staff.values()), submitted)
    # A sheet is part of the period's Laporan Evaluasi: by default it bears the Laporan's
    # date, not the day it is published (which may fall before the period has ended).
    reported = run.summary.get("as_of")
    on = as_of or (date.fromisoformat(reported) if reported else document_date(None))
    # A date asked for is part of the sheet; the Laporan's date is only when it was made.
    keep_dated = as_of is None
    own_actions = _sheet_actions(session, ctx.run_id, wanted, locales)
    objected = sheet_objections(session, ctx.run_id, wanted)
    deciders = addressees(session, ctx.org_id, wanted)
    start, end = period_range(period)
    reported_days = employee_months(session, ctx.org_id, ctx.pack, start, end, wanted)
    share = activity_share(ctx.pack.evaluation.activity_reports.min_share)
    officer = ctx.pack.data_protection.officer
    credits = ctx.pack.evaluation.angka_kredit
    docs: list[DocRef] = []
    batch: list[tuple[str, str, Mapping[Locale, View]]] = []
    for nip in wanted:
        e, where = staff[nip], placed[nip]
        if national:
            rating = ratings.get(nip)
            fields: dict[str, Any] = {
                "predikat": rating.predikat if rating else "",
                "hasil_kerja": rating.hasil_kerja if rating else "",
                "perilaku": rating.perilaku if rating else "",
                "angka_kredit": _credit(rating, where.position, period, credits),
            }
        else:
            fields = _framework_fields(session, ctx, nip, stored.get(nip), where)
        actions = own_actions[nip]
        views: dict[Locale, View] = {
            loc: EmployeeSheetView(
                header=ctx.header(
                    f"{EMPLOYEE_TITLES[loc]} {period_label(period, loc)}", on, subtitle=e.name
                ),
                period=period,
                period_label=period_label(period, loc),
                period_start=period_range(period)[0],
                period_end=period_range(period)[1],
                legal_form=ctx.policy.legal_form,
                policy_title=ctx.policy.title,
                framework=ctx.pack.evaluation.framework,
                self_round=ctx.pack.evaluation.self_round(period),
                evaluated_every=ctx.pack.evaluation.periods,
                report_title=f"{_REPORT[loc]} {period_label(period, loc)}",
                name=e.name,
                nip=e.nip,
                position=where.position,
                unit=units.get(where.unit_code, where.unit_code),
                team=where.team,
                actions=actions[loc],
                jp_right=JP_RIGHT,
                objection_days=OBJECTION_DAYS,
                objection_to=deciders.get(nip, ""),
                objection=objected.get(nip),
                activity_months=[
                    SheetMonth(
                        label=period_label(m.month, loc),
                        days=m.days,
                        leave=m.leave,
                        required=m.required,
                    )
                    for m in reported_days.get(nip, [])
                ],
                activity_share=share,
                officer_name=officer.name if officer else "",
                officer_email=officer.email if officer else "",
                **fields,
            )  # fmt: skip
            for loc in locales
        }
        batch.append((f"lembar-pegawai-{nip}", "lembar_pegawai", views))
        if len(batch) == SHEET_BATCH:
            docs += publish_batch(session, ctx, batch, actor=actor, flow_run_id=flow_run_id,
                                  keep_dated=keep_dated)  # fmt: skip
            batch = []
    docs += publish_batch(session, ctx, batch, actor=actor, flow_run_id=flow_run_id,
                          keep_dated=keep_dated)  # fmt: skip
    audit.record(
        session, actor=actor, action="evaluation.sheets_published", subject_type="stage_run",
        subject_id=ctx.run_id, organisation_id=ctx.org_id,
        payload={"period": period, "employees": len(wanted), "documents": len(docs)},
    )  # fmt: skip
    session.commit()
    return docs


_REPORT = {"id": "Laporan Evaluasi", "en": "Evaluation Report"}


def _rated(session: Session, ctx: RunContext) -> set[str]:
    """Everyone with a 360 rating in the run's period (scored or not)."""
    rows = session.exec(
        select(Rating360.nip)
        .where(Rating360.organisation_id == ctx.org_id, Rating360.period == ctx.run.period)
        .distinct()
    )
    return set(rows)
