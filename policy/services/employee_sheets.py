"""The private result sheet per employee, published on request.

Layer: domain services (counterparts: `siklus evaluation sheets`; the lembar hasil per unit,
published with the Laporan Evaluasi, is in `policy.services.evaluation_sheets`). An
employee's sheet shows their own figures and no one else's: the anonymity rule of the
framework applies, rater names and NIPs are never read into a view, and an action's owner
is named by role ("atasan langsung"), not by name.

Employee sheets are published on request, not with every evaluation run: a province has
tens of thousands of employees, and each sheet is a registered document in two files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.documents import View
from policy.evalconfig import PackAngkaKredit
from policy.evaluation import round_half_up
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
from policy.services.evaluation_results import pct
from policy.services.evaluation_skm import activity_share
from policy.services.followup import JP_RIGHT
from policy.services.objection_register import addressees, sheet_objections
from policy.services.period_lock import LOCKING
from policy.services.placements import Placement, placements_at
from policy.services.stagework import (
    DocRef,
    RunContext,
    document_date,
    has_document,
    load_context,
    publish_batch,
)
from policy.views.actions import title_in
from policy.views.evaluation import ThresholdRow
from policy.views.evaluation_sheets import (
    EmployeeSheetView,
    SheetAction,
    SheetBonus,
    SheetCell,
    SheetCredit,
    SheetCriterion,
    SheetMonth,
)

EMPLOYEE_TITLES = {"id": "Lembar Hasil Penilaian Pribadi", "en": "Personal Assessment Sheet"}
#: Private sheets registered per batch (one registry query and one insert each).
SHEET_BATCH = 500


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
