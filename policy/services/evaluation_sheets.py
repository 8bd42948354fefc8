"""Lembar hasil per unit, published with the Laporan Evaluasi.

Layer: domain services (counterpart: `policy.services.evaluation`, whose run publishes
these sheets and whose Laporan reads the IKM per kind of service and the SKM partners'
figures from here). A unit sheet shows counts only. The private sheet per employee is
published on request by `policy.services.employee_sheets`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session

from policy.documents import View
from policy.evaluation import (
    IkmResult,
    element_names_with,
    krejcie_morgan_sample,
)
from policy.evaluation.activity import months_of
from policy.locale import Locale
from policy.ordering import in_unit_order
from policy.periods import period_label
from policy.services.evaluation_figures import Results
from policy.services.evaluation_results import Shown
from policy.services.evaluation_skm import (
    activity_share,
    ikm_trend,
    profile_groups,
    weight_text,
)
from policy.services.followup_rows import Earlier, earlier_actions
from policy.services.period_lock import approved_ikm_weights
from policy.services.skm import Profile, ikm_by_partner, ikm_by_service, respondent_profiles
from policy.services.stagework import DocRef, RunContext, publish_batch
from policy.views.evaluation import (
    ActionCount,
    ActionRow,
    CriteriaMeans,
    ElementName,
    TrendPeriod,
    TrendRow,
)
from policy.views.evaluation_rows import (
    CollectorCount,
    PartnerIkmRow,
    ServiceIkmRow,
    ServiceIkmUnit,
)
from policy.views.evaluation_sheets import UnitSheetView

UNIT_TITLES = {"id": "Lembar Hasil Evaluasi", "en": "Evaluation Result Sheet"}


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
            session, ctx.org_id, r.period, cfg.ikm.weight, elements, r.names, locales,
            recorded=approved_ikm_weights(session, ctx.org_id),
        )  # fmt: skip
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
