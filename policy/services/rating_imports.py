"""The weighted 360 framework's checks of ratings, and the writer of bonus points.

Layer: domain services (helpers of the import service: they flush, never commit). The
ratings themselves are written as they are read (`policy.services.bulk_imports`), each
batch checked here against the organisation's framework (criteria, sources, scale); bonus
points are checked against the framework's bonus codes and caps, then upserted.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import Any

from policy.evalconfig import Pack360
from policy.imports import RowError
from policy.models import BonusPoint
from policy.services.common import org_pack
from policy.services.import_target import ImportTarget, check_nips, upsert


def _framework(t: ImportTarget) -> Pack360:
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


def write_bonus(t: ImportTarget, rows: list[Any]) -> int:
    """Check and write bonus points (one value per period, NIP and bonus; later files win)."""
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
    check_nips(t, rows)
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
