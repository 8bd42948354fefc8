"""What the portal's services share: a forum by its token, the page header, form fields.

Layer: domain services (counterparts: the portal's services, `consultation`,
`input_receipts`, `portal_access`, `portal_review`, `portal_deadlines`, `skm_publication`,
`survey_answers` and `needs_answers`, and `siklus.web`); no web framework here. Each forum
gets an unguessable public token on first use, and whoever has it opens the forum's pages.
A one-line field or a text is stored as typed (plain text, never HTML), control characters
dropped, and escaped wherever it is shown. Only private persons (the community groups) may
give input anonymously; such an input is stored with the author 'Anonim'. The
organisation's pack is parsed once per pack version, as portal pages are frequent.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from policy.locale import Locale
from policy.models import Cycle, Forum, Organisation, Policy
from policy.packschema import Pack
from policy.portal_words import say, shown
from policy.services.common import LINK_TOKEN, NotFoundError, new_link_token, org_pack
from policy.views.portal import PortalGroup, PortalHeader

#: Longest name or organisation.
MAX_FIELD = 200
#: Author stored for an anonymous input (the name is not kept).
ANONYMOUS = "Anonim"
#: Stakeholder group codes whose members may give input anonymously (private persons).
COMMUNITY_GROUPS = frozenset({"masyarakat"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_line(value: str) -> str:
    """A one-line field as stored: control characters dropped, spaces collapsed."""
    return " ".join(_CONTROL.sub("", value).split())


def clean_text(value: str) -> str:
    """A multi-line text as stored: LF line ends, control characters dropped, trimmed."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def too_long(locale: Locale = "id", **fields: tuple[str, str]) -> dict[str, str]:
    """The one-line fields (field=(label, value)) longer than `MAX_FIELD`, with the reason."""
    return {
        field: say(
            "%(label)s terlalu panjang: %(size)s karakter, maksimal %(most)s",
            locale,
            label=label,
            size=len(value),
            most=MAX_FIELD,
        )
        for field, (label, value) in fields.items()
        if len(value) > MAX_FIELD
    }


def ensure_token(session: Session, forum: Forum) -> str:
    """The forum's public token, made on first use (flushes)."""
    if not forum.public_token:
        forum.public_token = new_link_token()
        session.add(forum)
        session.flush()
    return forum.public_token


def forum_by_token(session: Session, token: str) -> Forum:
    """The forum a public token opens.

    Raises:
        NotFoundError: no forum has this token.
    """
    forum = None
    if LINK_TOKEN.fullmatch(token):
        forum = session.exec(select(Forum).where(Forum.public_token == token)).first()
    if forum is None:
        raise NotFoundError(
            shown("Tautan forum tidak dikenal. Periksa kembali tautan dari undangan atau panitia.")
        )
    return forum


def forum_owner(session: Session, forum: Forum) -> tuple[Cycle, Policy, Organisation]:
    """The cycle, policy and organisation a forum belongs to (one query)."""
    row = session.exec(
        select(Cycle, Policy, Organisation)
        .join(Policy, col(Policy.id) == Cycle.policy_id)
        .join(Organisation, col(Organisation.id) == Policy.organisation_id)
        .where(Cycle.id == forum.cycle_id)
    ).one()
    return row[0], row[1], row[2]


def portal_header(org: Organisation, policy: Policy | None = None) -> PortalHeader:
    """The header of a portal page."""
    if policy is None:
        return PortalHeader(organisation=org.name)
    return PortalHeader(
        organisation=org.name, policy_title=policy.title, legal_form=policy.legal_form
    )


def portal_groups(pack: Pack) -> list[PortalGroup]:
    """The pack's stakeholder groups as the forms offer them."""
    return [
        PortalGroup(code=g.code, name=g.name, anonymous=g.code in COMMUNITY_GROUPS)
        for g in pack.stakeholder_groups
    ]


_PACKS: dict[tuple[int, str], Pack] = {}


def pack_of(org: Organisation) -> Pack:
    """The organisation's validated pack, parsed once per pack version (pages are frequent)."""
    key = (org.id or 0, org.pack_sha256)
    pack = _PACKS.get(key)
    if pack is None:
        if len(_PACKS) > 32:
            _PACKS.clear()
        pack = _PACKS[key] = org_pack(org)
    return pack
