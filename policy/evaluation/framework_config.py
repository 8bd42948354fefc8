"""The weighted 360 framework of a pack: its criteria sets and weights, normalised exactly.

Layer: domain, pure. `framework_from_config` turns a validated pack block (`policy.evalconfig`)
into the `Framework` that `policy.evaluation.framework` scores with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from policy.enums import Predikat
from policy.evaluation.framework import (
    DEFAULT_SET,
    SOURCES,
    Bonus,
    CriteriaSet,
    Criterion,
    Framework,
)

if TYPE_CHECKING:
    from policy.evalconfig import Pack360


def _normalised(weights: Sequence[Fraction]) -> tuple[Fraction, ...]:
    total = sum(weights, Fraction(0))
    return tuple(w / total for w in weights) if total else tuple(weights)


def _weights(items: Mapping[str, str]) -> dict[str, Fraction]:
    from policy.evalconfig import weight_value

    return {k: weight_value(v) for k, v in items.items()}


def _set(code: str, name: str, criteria: Sequence[tuple[str, str, Fraction]],
         sources: Mapping[str, Fraction], pattern: str | None = None,
         kinds: Iterable[str] = ()) -> CriteriaSet:  # fmt: skip
    weights = _normalised([w for _, _, w in criteria])
    positive = [s for s in SOURCES if sources.get(s, 0) > 0]
    scaled = _normalised([sources[s] for s in positive])
    source_weights = {s: Fraction(0) for s in sources} | dict(zip(positive, scaled, strict=True))
    return CriteriaSet(
        code=code,
        name=name,
        criteria=tuple(Criterion(c, n, w) for (c, n, _), w in zip(criteria, weights, strict=True)),
        sources=source_weights,
        position_pattern=pattern,
        unit_kinds=frozenset(k.lower() for k in kinds),
    )


def _source_weights(sources: Mapping[Any, str] | None) -> dict[str, Fraction] | None:
    return None if sources is None else _weights({str(k): v for k, v in sources.items()})


def framework_from_config(config: Pack360) -> Framework:
    """Build the framework of a validated pack block (weights normalised exactly)."""
    from policy.evalconfig import weight_value

    sources = _weights({str(k): v for k, v in config.sources.items()})
    role_sources = [_source_weights(rc.sources) for rc in config.role_criteria]
    default = _set(
        DEFAULT_SET,
        "Umum",
        [(c.code, c.name, weight_value(c.weight)) for c in config.criteria],
        sources,
    )
    roles = tuple(
        _set(rc.code, rc.name, [(c.code, c.name, weight_value(c.weight)) for c in rc.criteria],
             own if own is not None else sources, rc.position_pattern, rc.unit_kinds)
        for rc, own in zip(config.role_criteria, role_sources, strict=True)
    )  # fmt: skip
    raw = [
        [weight_value(c.weight) for c in config.criteria],
        [w for w in sources.values() if w > 0],
        *([weight_value(c.weight) for c in rc.criteria] for rc in config.role_criteria),
        *([w for w in own.values() if w > 0] for own in role_sources if own is not None),
    ]
    return Framework(
        scale_min=config.scale_min,
        scale_max=config.scale_max,
        anonymity_threshold=config.anonymity_threshold,
        default=default,
        roles=roles,
        bonuses=tuple(Bonus(b.code, b.name, Fraction(b.max_points)) for b in config.bonus),
        thresholds=tuple((t.min, Predikat(t.predikat)) for t in config.thresholds),
        normalised=any(sum(ws, Fraction(0)) != 1 for ws in raw),
    )
