"""The summary at the top of the Laporan Evaluasi: its sections' headline figures.

Layer: domain services (pure: reads the report's view, no session). Everything is taken
from the rows the report shows below it, withheld figures included as withheld, so the
summary cannot say what the report does not. Shares are rounded half-up to one decimal,
as the report's tables are.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from policy.evaluation.rounding import round_half_up
from policy.services.followup_rows import earlier_sum
from policy.views.evaluation import EvaluationView
from policy.views.evaluation_rows import FewNames, IkmExtreme, ReportSummary

#: Names a summary line lists before "and N more".
NAMED = 5
GOOD = ("Sangat Baik", "Baik")


def few(names: Sequence[str], named: int = NAMED) -> FewNames:
    """The first `named` of `names`, and how many more."""
    return FewNames(names=list(names[:named]), more=max(0, len(names) - named))


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a percentage with one decimal (None: nothing to divide)."""
    return round_half_up(Fraction(part * 100, whole), 1) if whole else None


def summarise(v: EvaluationView) -> ReportSummary:
    """The headline figures of a Laporan Evaluasi's sections."""
    rated = sum(c.count for c in v.org_counts)
    good = sum(c.count for c in v.org_counts if c.predikat in GOOD)
    weak = rated - good
    checked = [u for u in v.units if u.rated and not u.withheld]
    skm = sorted(v.skm_units, key=lambda u: (u.ikm, u.unit))
    extreme = [IkmExtreme(unit=u.unit, ikm=u.ikm, mutu=u.mutu) for u in (skm[:1] + skm[-1:])]
    answered = sum(c.count for c in v.complaints)
    within = sum(c.within for c in v.complaints)
    totals = [p.total for p in v.processing]
    judged = sum(t.judged for t in totals)
    tracks = [i.track for i in v.indicators]
    earlier = earlier_sum(v.earlier_actions)
    return ReportSummary(
        good=good,
        good_share=percent(good, rated),
        weak=weak,
        weak_share=percent(weak, rated),
        curve_checked=len(checked),
        curve_flagged=few([u.unit for u in checked if u.warnings]),
        ikm_lowest=extreme[0] if len(skm) > 1 else None,
        ikm_highest=extreme[-1] if len(skm) > 1 else (extreme[0] if skm else None),
        ikm_below=few([u.unit for u in v.skm_units if u.below_target]),
        ikm_poor=few([u.unit for u in v.skm_units if u.mutu in ("C", "D")]),
        sample_short=few([u.unit for u in v.skm_units if u.sample_short]),
        complaints_within=within,
        complaints_share=percent(within, answered),
        complaints_below=few([c.unit for c in v.complaints if c.below_target]),
        processing_requests=sum(t.requests for t in totals),
        processing_judged=judged,
        processing_share=percent(sum(t.judged - t.late for t in totals), judged),
        indicators_met=tracks.count("tercapai"),
        indicators_on_track=tracks.count("sesuai jalur"),
        # At the year's end a target not reached is behind its line (the line ends there).
        indicators_behind=few([i.code for i in v.indicators if i.track == "tertinggal"]),
        indicators_no_data=tracks.count(""),
        actions=sum(a.count for a in v.action_counts),
        earlier_raised=earlier.raised,
        earlier_done=earlier.done,
        earlier_overdue=earlier.overdue,
        earlier_under_way=earlier.under_way,
    )
