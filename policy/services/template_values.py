"""An organisation's codes for the import templates (`siklus template KIND FILE --org CODE`).

Layer: domain services (reads only). The units are those stored for the organisation (its
pack's, and any imported since), which is what the imports check a unit against; the
indicators, 360 criteria, sources, scale and bonus codes come from its pack, as the
imports of realisasi, penilaian_360 and bonus check them.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, select

from policy.importtemplate import OrgValues
from policy.models import Unit
from policy.ordering import unit_order
from policy.services.common import get_org, org_pack
from policy.services.import_target import import_bounds


def template_values(*, session: Session, organisation: str | None) -> OrgValues:
    """The codes of an organisation loaded in the database (None: the only one).

    Raises:
        NotFoundError: no such organisation (or none at all).
        ServiceError: `organisation` is None and there are several.
    """
    org = get_org(session, organisation)
    pack = org_pack(org)
    bounds = import_bounds(org)
    units = session.exec(select(Unit.code).where(Unit.organisation_id == org.id)).all()
    values = OrgValues(
        organisation=org.code,
        # In the organisation's order, as the documents list them; units imported since the
        # pack was loaded come after, by code.
        units=tuple(sorted(units, key=unit_order(u.code for u in pack.units))),
        # A measured indicator's realisation is not imported (`policy.evaluation.measures`).
        indicators=tuple(i.code for i in pack.indicators if i.measure is None),
        periods=bounds.evaluated_words(bounds.today.year),
        services=tuple(dict.fromkeys(s for u in pack.units for s in u.services)),
        partners=tuple(pack.evaluation.ikm.partners),
    )
    config = pack.evaluation.weighted_360
    if config is None:
        return values
    criteria = [c.code for c in config.criteria]
    criteria += [c.code for rc in config.role_criteria for c in rc.criteria]
    sources = [str(s) for s in config.sources]
    sources += [str(s) for rc in config.role_criteria for s in rc.sources or {}]
    return replace(
        values,
        criteria=tuple(dict.fromkeys(criteria)),
        sources=tuple(dict.fromkeys(sources)),
        bonus=tuple(b.code for b in config.bonus),
        scale=(config.scale_min, config.scale_max),
    )
