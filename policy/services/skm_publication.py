"""The public page of SKM results: each service unit's IKM and what its weak points set in motion.

Layer: domain services (counterpart: the portal's `/ikm/ORG`).

The community answers the survey on a unit's poster; this page tells them what the answers
came to and what the unit does about them, as PermenPANRB 14/2017 expects an SKM's results
to be made known to the public and acted on:

- only periods whose evaluation leadership has **approved** are shown (a period in review
  or reopened for a correction is not public yet), of the kind the pack evaluates
  (quarters for a quarterly pack), and self-assessment rounds are not;
- the figures are those of the evaluation: IKM per service unit by DOMAIN.md R1 from the
  answers dated in the period, summed in SQL (`policy.services.skm.ikm_by_periods`, read once
  for the whole trend), with the weight the period's run computed with (kept in its summary;
  the pack's weight for a run from before it was kept), stated on the page. An approved
  period's answers are locked (`policy.services.period_lock`), so the page shows what the
  approved Laporan Evaluasi shows, even after the pack's weight has changed; the units are
  judged against the IKM target the run judged them against (kept with it too);
- each unit of the latest period with its two weakest elements and the corrective actions
  its IKM raised (`corrective_ikm`), with their due dates and how far they have come (open,
  done on a date, carried into the next cycle), and the note an officer wrote for the public
  (`siklus action public`). The progress and closing notes are not shown: they were written
  for the organisation;
- a unit with fewer respondents than the Krejcie & Morgan sample of its population (where the
  pack gives one) says so, as the Laporan does;
- no employee, respondent or rater appears: service units' figures only.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, func, select

from policy.evaluation.ikm import element_names_with
from policy.evaluation.rounding import round_half_up
from policy.evaluation.sample import krejcie_morgan_sample
from policy.locale import Locale
from policy.models import FollowUpAction, Organisation, SkmResponse
from policy.ordering import in_unit_order
from policy.periods import PERIOD_KINDS, period_kind, period_label, period_range
from policy.portal_words import shown
from policy.services.actions import PUBLIC_RULE
from policy.services.common import NotFoundError, org_pack, unit_names
from policy.services.deadlines import local_date
from policy.services.evaluation_skm import TREND_PERIODS, other_weight, weight_text
from policy.services.period_lock import Approved, approved_evaluations
from policy.services.portal_common import portal_header
from policy.services.skm import UnitIkm, ikm_by_periods
from policy.views.actions import title_in
from policy.views.portal import PortalHeader
from policy.views.skm_public import (
    PortalHome,
    PublicAction,
    PublicIkmPage,
    PublicPeriod,
    PublicTrendCell,
    PublicTrendRow,
    PublicUnit,
    PublishedOrganisation,
)


def portal_home(*, session: Session, header: PortalHeader) -> PortalHome:
    """The portal's front page: every organisation, by name, with its SKM results page."""
    rows = session.exec(select(Organisation.code, Organisation.name).order_by(Organisation.name))
    return PortalHome(
        header=header,
        organisations=[PublishedOrganisation(code=code, name=name) for code, name in rows],
    )


def public_results(
    *, session: Session, organisation: str, locale: Locale = "id", today: date | None = None
) -> PublicIkmPage:
    """The organisation's public SKM results in `locale`.

    Raises:
        NotFoundError: no organisation has that code.
    """
    org = _organisation(session, organisation)
    pack = org_pack(org)
    ikm = pack.evaluation.ikm
    day = today or local_date()
    runs = _approved_runs(session, org)
    ranges = {period: period_range(period) for period in runs}
    found = _ikm(session, org, runs, ranges)
    codes = sorted(found, key=lambda code: ranges[code][0])[-TREND_PERIODS:]
    page = PublicIkmPage(
        header=portal_header(org), org_code=org.code, weight=weight_text(ikm.weight, locale),
        target=ikm.target, partners=list(ikm.partners), today=day,
    )  # fmt: skip
    if not codes:
        return page
    names = unit_names(session, org.id or 0)
    latest = codes[-1]
    stated = runs[latest].ikm_weight or ikm.weight
    recorded = runs[latest].ikm_target
    target = ikm.target if recorded is None else recorded
    populations = {u.code: u.population for u in pack.units}
    units = {u.unit_code: u for u in found[latest]}
    actions = _actions(session, runs[latest].run_id, day, locale)
    table = {code: {u.unit_code: u for u in found[code]} for code in codes}
    trend_units = in_unit_order(names, (u for code in codes for u in table[code]))
    return page.model_copy(
        update={
            "weight": weight_text(stated, locale),
            "target": target,
            "latest": PublicPeriod(code=latest, label=period_label(latest, locale)),
            "units": [
                _unit(units[code], target, populations.get(code), actions.get(code, []))
                for code in in_unit_order(names, units)
            ],
            "respondents": sum(u.result.respondents for u in units.values()),
            "periods": [
                PublicPeriod(
                    code=c,
                    label=period_label(c, locale),
                    weight=other_weight(runs[c].ikm_weight or ikm.weight, stated, locale),
                )
                for c in codes
            ],  # fmt: skip
            "trend": [
                PublicTrendRow(
                    unit=names.get(code, code),
                    cells=[
                        PublicTrendCell(ikm=x.result.ikm, mutu=x.result.mutu.value)
                        if (x := table[c].get(code))
                        else PublicTrendCell()
                        for c in codes
                    ],
                )
                for code in trend_units
            ],
        }  # fmt: skip
    )


#: The IKM of the approved periods, by organisation, its pack and its approved runs.
_FOUND: OrderedDict[tuple[Any, ...], dict[str, list[UnitIkm]]]
_FOUND = OrderedDict()
_FOUND_KEPT = 16
_FOUND_LOCK = threading.Lock()


def _organisation(session: Session, code: str) -> Organisation:
    """The organisation a public address names.

    Raises:
        NotFoundError: no organisation has that code (the page a visitor reads as not found).
    """
    org = session.exec(select(Organisation).where(Organisation.code == code)).first()
    if org is None:
        raise NotFoundError(shown("Halaman tidak ditemukan; periksa kembali tautannya."))
    return org


def _ikm(
    session: Session,
    org: Organisation,
    runs: dict[str, Approved],
    ranges: dict[str, tuple[date, date]],
) -> dict[str, list[UnitIkm]]:
    """The IKM per unit of each approved period, read once while nothing it stands on changes.

    A public page is opened far more often than a period is approved: the grouped query over
    every answer of the periods (about 0,3 s for a province) runs again only when the pack
    changes, a period is approved or reopened, or the periods' answers change (their count
    and newest row are read on each call, from the date index). An approved period's answers
    are locked (`policy.services.period_lock`), so the last should not happen; it is checked
    all the same, and the database is part of the key.
    """
    answers: tuple[Any, ...] = ()
    if ranges:  # how many answers the periods hold, and the newest: any change shows
        day = col(SkmResponse.response_date)
        answers = tuple(session.exec(
            select(func.count(), func.max(SkmResponse.id)).where(
                SkmResponse.organisation_id == org.id,
                day >= min(a for a, _ in ranges.values()),
                day <= max(b for _, b in ranges.values()),
            )
        ).one())  # fmt: skip
    bind = str(session.get_bind().engine.url)
    key = (bind, org.id or 0, org.pack_sha256,
           tuple(sorted((p, a.run_id, a.ikm_weight or "") for p, a in runs.items())),
           answers)  # fmt: skip
    with _FOUND_LOCK:  # the portal answers in several threads
        kept = _FOUND.get(key)
        if kept is not None:
            _FOUND.move_to_end(key)
            return kept
    ikm = org_pack(org).evaluation.ikm
    weights = {p: a.ikm_weight for p, a in runs.items() if a.ikm_weight is not None}
    found = ikm_by_periods(session, org.id or 0, ranges, weight=ikm.weight, weights=weights,
                           element_names=element_names_with(ikm.elements))  # fmt: skip
    with _FOUND_LOCK:
        _FOUND[key] = found
        while len(_FOUND) > _FOUND_KEPT:
            _FOUND.popitem(last=False)
    return found


#: Columns of the results as open data (`public_csv`).
CSV_COLUMNS = ("periode", "nama_periode", "kode_unit", "unit_layanan", "responden", "ikm",
               "mutu", "bobot", *(f"nrr_u{i}" for i in range(1, 10)))  # fmt: skip


def public_csv(*, session: Session, organisation: str) -> str:
    """Every public period's IKM per service unit as CSV for programs (RFC 4180).

    The rows of the page's periods (approved, of one kind, every one of them, not only the
    latest eight), one per period and unit, with each element's NRR to four places (an
    element nobody answered is empty), the IKM to two, and the element weight the period was
    computed with ("1/9", "0.11"): `,`, decimal point, CRLF, UTF-8 without a byte-order mark
    (DOMAIN.md §7, for programs).

    Raises:
        NotFoundError: no organisation has that code.
    """
    org = _organisation(session, organisation)
    runs = _approved_runs(session, org)
    ranges = {period: period_range(period) for period in runs}
    found = _ikm(session, org, runs, ranges)
    names = unit_names(session, org.id or 0)
    pack_weight = org_pack(org).evaluation.ikm.weight
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for code in sorted(found, key=lambda period: ranges[period][0]):
        units = {u.unit_code: u for u in found[code]}
        weight = weight_text(runs[code].ikm_weight or pack_weight, "en")
        for unit in in_unit_order(names, units):
            r = units[unit].result
            nrr = ["" if e.nrr is None else str(round_half_up(e.nrr, 4)) for e in r.elements]
            writer.writerow([code, period_label(code), unit, units[unit].unit_name,
                             r.respondents, str(r.ikm), r.mutu.value, weight,
                             *nrr])  # fmt: skip
    return out.getvalue()


def _approved_runs(session: Session, org: Organisation) -> dict[str, Approved]:
    """Each approved evaluation period of one kind, with its run (the latest cycle's).

    The kind the pack evaluates (quarters for a quarterly pack); where none of that kind was
    approved (the pack changed its periods since), the kind of the latest approved period.
    Periods of two kinds overlap (a year holds its quarters), so one kind is shown.
    """
    evaluation = org_pack(org).evaluation
    approved = [
        a for a in approved_evaluations(session, org.id or 0) if not evaluation.self_round(a.period)
    ]
    kinds = {period_kind(a.period) for a in approved}
    kind = PERIOD_KINDS[evaluation.periods]
    if kind not in kinds and approved:
        kind = period_kind(max(approved, key=lambda a: period_range(a.period)[1]).period)
    return {a.period: a for a in approved if period_kind(a.period) == kind}


def _actions(
    session: Session, run_id: int, today: date, locale: Locale
) -> dict[str, list[PublicAction]]:
    """The corrective actions the period's IKM raised, by unit code."""
    out: dict[str, list[PublicAction]] = {}
    for action in session.exec(
        select(FollowUpAction)
        .where(FollowUpAction.stage_run_id == run_id, FollowUpAction.rule == PUBLIC_RULE)
        .order_by(col(FollowUpAction.id))
    ):
        out.setdefault(action.subject, []).append(
            PublicAction(
                title=title_in(action.rule, action.subject, action.data, action.title, locale),
                due_on=action.due_on,
                status=action.status,
                closed_on=local_date(action.closed_at) if action.closed_at else None,
                overdue=action.status == "open" and action.due_on < today,
                note=action.public_note,
            )
        )
    return out


def _unit(
    found: UnitIkm, target: Decimal, population: int | None, actions: list[PublicAction]
) -> PublicUnit:
    """A unit's row, with the Krejcie & Morgan minimum where its respondents fall short."""
    r = found.result
    minimum = krejcie_morgan_sample(population) if population else None
    return PublicUnit(
        unit_code=found.unit_code, unit=found.unit_name, ikm=r.ikm, mutu=r.mutu.value,
        kinerja=r.kinerja, respondents=r.respondents, weakest=found.weakest(2),
        below_target=r.ikm < target or r.mutu.value in ("C", "D"), actions=actions,
        sample_min=minimum if minimum is not None and r.respondents < minimum else None,
    )  # fmt: skip
