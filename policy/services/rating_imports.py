"""Writers of the weighted 360 ratings and the bonus points (called by the import service).

Layer: domain services (helpers of `policy.services.imports`: they flush, never commit).
Rows are checked against the organisation's framework (criteria, sources, scale, bonus
codes), then written in bulk. A file replaces the ratings it covers: every (period,
source, employee) present in the file loses its earlier ratings first, so a corrected
file sent again is counted once. Unnamed community respondents get a rater key unique
to their line of the import, so each counts as one rater.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlmodel import col

from policy.evalconfig import Pack360
from policy.imports import RowError
from policy.models import BonusPoint, Rating360
from policy.services.common import org_pack

if TYPE_CHECKING:
    from policy.services.imports import _Target

CHUNK = 2000


def _framework(t: _Target) -> Pack360:
    config = org_pack(t.org).evaluation.weighted_360
    if config is None:
        message = (
            "paket organisasi tidak memakai kerangka penilaian 360 "
            "(evaluation.framework: weighted_360); berkas tidak diimpor"
        )
        t.fail([RowError(0, None, message)])
        raise AssertionError("unreachable")  # pragma: no cover - fail() raised
    return config


def _rating_errors(config: Pack360, rows: list[Any]) -> list[RowError]:
    criteria = {c.code for c in config.criteria} | {
        c.code for rc in config.role_criteria for c in rc.criteria
    }
    sources = set(config.sources) | {s for rc in config.role_criteria for s in rc.sources or {}}
    low, high = config.scale_min * 100, config.scale_max * 100
    if rows:
        # A clean batch is confirmed with set and min/max operations in C; only a batch
        # with a problem is walked row by row for the exact errors.
        scores = list(map(attrgetter("score"), rows))
        if (
            criteria.issuperset(map(attrgetter("criterion"), rows))
            and sources.issuperset(map(attrgetter("source"), rows))
            and low <= min(scores)
            and max(scores) <= high
        ):
            return []
    scale = f"{config.scale_min}–{config.scale_max}"
    known = ", ".join(sorted(criteria))
    used = ", ".join(sorted(sources))
    errors = []
    for r in rows:
        if r.criterion not in criteria:
            text = (
                f"aspek '{r.criterion}' tidak ada dalam kerangka penilaian; yang dikenal: {known}"
            )
            errors.append(RowError(r.line, "aspek", text))
        if r.source not in sources:
            text = f"sumber '{r.source}' tidak dipakai kerangka penilaian paket ini ({used})"
            errors.append(RowError(r.line, "sumber", text))
        if not low <= r.score <= high:
            value = str(Decimal(r.score) / 100).replace(".", ",")
            errors.append(RowError(r.line, "nilai", f"nilai {value} di luar skala {scale}"))
    return errors


def write_ratings(t: _Target, rows: list[Any]) -> int:
    """Check and write 360 ratings, replacing earlier ratings of the same period/source/NIP."""
    from policy.services.imports import _check_nips, bulk_insert

    config = _framework(t)
    t.fail(_rating_errors(config, rows))
    _check_nips(t, rows)
    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        covered[(r.period, r.source)].add(r.nip)
    for (period, source), nips in covered.items():
        listed = sorted(nips)
        for start in range(0, len(listed), CHUNK):
            t.session.execute(
                delete(Rating360).where(
                    col(Rating360.organisation_id) == t.org.id,
                    col(Rating360.period) == period,
                    col(Rating360.source) == source,
                    col(Rating360.nip).in_(listed[start : start + CHUNK]),
                )
            )
    org_id, import_id = t.org.id, t.record.id
    return bulk_insert(
        t.session,
        Rating360,
        (
            {"organisation_id": org_id, "import_id": import_id, "period": r.period, "nip": r.nip,
             "source": r.source, "rater": r.rater or (r.nip if r.source == "diri"
                                                     else f"#{import_id}:{r.line}"),
             "criterion": r.criterion, "score": r.score}
            for r in rows
        ),
    )  # fmt: skip


def write_bonus(t: _Target, rows: list[Any]) -> int:
    """Check and write bonus points (one value per period, NIP and bonus; later files win)."""
    from policy.services.imports import _check_nips, upsert

    config = _framework(t)
    caps = {b.code: b.max_points for b in config.bonus}
    errors = []
    for r in rows:
        if r.code not in caps:
            known = ", ".join(sorted(caps)) or "tidak ada"
            errors.append(RowError(r.line, "kode", f"bonus '{r.code}' tidak ada dalam kerangka "
                                   f"penilaian (yang dikenal: {known})"))  # fmt: skip
        elif Fraction(r.points, 100) > caps[r.code]:
            cap = str(caps[r.code]).replace(".", ",")
            errors.append(RowError(r.line, "poin", f"poin bonus {r.code} paling banyak {cap}"))
    t.fail(errors)
    _check_nips(t, rows)
    upsert(
        t.session,
        BonusPoint,
        [
            {"organisation_id": t.org.id, "period": r.period, "nip": r.nip, "code": r.code,
             "points": r.points, "note": r.note}
            for r in rows
        ],
        ["organisation_id", "period", "nip", "code"],
        ["points", "note"],
    )  # fmt: skip
    return len(rows)
