"""Loading an organisation pack into the database.

Layer: domain services (counterpart: `siklus pack load`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from policy import audit
from policy.models import Member, Organisation, Policy, Unit, utcnow
from policy.packs import LoadedPack


@dataclass(frozen=True)
class PackLoadResult:
    """What loading a pack changed."""

    organisation: str
    created: bool
    changed: bool
    units: int
    members: int


def load_pack(*, session: Session, loaded: LoadedPack, actor: str) -> PackLoadResult:
    """Create or update the organisation, units, members and policy of a pack.

    Loading the same pack file twice changes nothing.
    """
    pack = loaded.pack
    o = pack.organisation
    org = session.exec(select(Organisation).where(Organisation.code == o.code)).first()
    created = org is None
    if org is not None and org.pack_sha256 == loaded.sha256:
        return PackLoadResult(o.code, False, False, len(pack.units), len(pack.members))
    if org is None:
        org = Organisation(
            code=o.code,
            name=o.name,
            kind=o.kind,
            region=o.region,
            head_title=o.head_title,
            place=o.place or o.region,
            address=o.address,
            pack_path=str(loaded.path),
            pack_sha256=loaded.sha256,
            pack=pack.model_dump(mode="json"),
        )
    else:
        org.name, org.kind, org.region, org.head_title = o.name, o.kind, o.region, o.head_title
        org.place, org.address = o.place or o.region, o.address
        org.pack_path, org.pack_sha256 = str(loaded.path), loaded.sha256
        org.pack = pack.model_dump(mode="json")
        org.updated_at = utcnow()
    session.add(org)
    session.flush()
    assert org.id is not None

    units = {u.code: u for u in session.exec(select(Unit).where(Unit.organisation_id == org.id))}
    for pu in pack.units:
        unit = units.get(pu.code) or Unit(
            organisation_id=org.id, code=pu.code, name=pu.name, kind=pu.kind
        )
        unit.name, unit.kind, unit.parent_code, unit.service = (
            pu.name,
            pu.kind,
            pu.parent,
            pu.service,
        )
        session.add(unit)

    members = {
        m.username: m for m in session.exec(select(Member).where(Member.organisation_id == org.id))
    }
    for pm in pack.members:
        member = members.get(pm.username) or Member(
            organisation_id=org.id, username=pm.username, name=pm.name
        )
        member.name, member.title, member.nip = pm.name, pm.title, pm.nip
        member.roles = list(pm.roles)
        session.add(member)

    p = pack.policy
    policy = session.exec(
        select(Policy).where(Policy.organisation_id == org.id, Policy.code == p.code)
    ).first() or Policy(
        organisation_id=org.id,
        code=p.code,
        title=p.title,
        legal_form=p.legal_form,
        signing_title=p.signing.title,
        signing_name=p.signing.name,
    )
    policy.title, policy.legal_form = p.title, p.legal_form
    policy.signing_title, policy.signing_name = p.signing.title, p.signing.name
    session.add(policy)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="pack.loaded",
        subject_type="organisation",
        subject_id=org.code,
        organisation_id=org.id,
        payload={"path": loaded.path.name, "sha256": loaded.sha256, "created": created},
    )
    session.commit()
    return PackLoadResult(o.code, created, True, len(pack.units), len(pack.members))
