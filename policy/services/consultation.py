"""Public consultation through the portal: forum links, the draft by section, input.

Layer: domain services (counterparts: `siklus.web` and `siklus portal`); no web framework
here. Whoever has a forum's link sees the forum and, by section (stable `DraftSection.sid`),
the draft version that forum consults on (`policy.services.section_refs.consulted_version`:
the latest one for a forum of the current round) and may give input on it until the forum
is closed. Input goes through the importer's `add_input` (channel "portal"), so numbering
and duplicate rules are those of imported input. Text is stored as typed (plain text, never
HTML) and escaped wherever it is shown. Each input gets a receipt,
`policy.services.input_receipts`; the forum's token, the page header and the form fields
the portal's services share are in `policy.services.portal_common`. Organisers are in
`policy.services.portal_access`, documents in `portal_documents`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy import audit
from policy.emails import is_email
from policy.locale import Locale, format_number
from policy.models import (
    Cycle,
    CycleStatus,
    Disposition,
    DraftSection,
    Forum,
    ForumInput,
    InputResponse,
    Role,
)
from policy.packschema import Pack
from policy.portal_words import say, word
from policy.services.common import (
    ServiceError,
    get_cycle,
    get_member,
    get_org,
    require_role,
)
from policy.services.cycle_imports import add_input
from policy.services.draft_versions import final_version
from policy.services.forum_minutes import CLOSED
from policy.services.input_receipts import receipt_page
from policy.services.portal_common import (
    ANONYMOUS,
    COMMUNITY_GROUPS,
    clean_line,
    clean_text,
    ensure_token,
    forum_by_token,
    forum_owner,
    pack_of,
    portal_groups,
    portal_header,
    too_long,
)
from policy.services.section_refs import consulted_version
from policy.views.portal import (
    ForumPage,
    OutcomeCount,
    PortalSection,
    ReceiptPage,
)
from policy.views.sections import ARTICLE_KINDS

#: Longest input text, the same as the `masukan` import column.
MAX_TEXT = 5000
CHANNEL = "portal"


class InputRefused(ServiceError):
    """An input that cannot be accepted; `problems` maps each form field to what is wrong."""

    def __init__(self, problems: dict[str, str], locale: Locale = "id") -> None:
        listed = "; ".join(problems.values())
        super().__init__(
            say("Masukan belum dapat diterima: %(problems)s.", locale, problems=listed)
        )
        self.problems = problems


@dataclass(frozen=True)
class ForumLink:
    """A forum and its public link path."""

    code: str
    title: str
    status: str
    round: int
    path: str


# -------------------------------------------------------------------- helpers


def refusal(forum: Forum, cycle: Cycle, locale: Locale = "id") -> str:
    """Why a forum takes no input, or '' when it does."""
    if forum.status == CLOSED:
        return say(
            "Forum '%(title)s' sudah ditutup dengan notulen; masukan tidak dapat "
            "diterima lagi melalui forum ini.",
            locale,
            title=forum.title,
        )
    if cycle.status != CycleStatus.ACTIVE:
        return say(
            "Siklus kebijakan ke-%(number)s dihentikan; masukan tidak dapat diterima lagi."
            if cycle.status == CycleStatus.STOPPED
            else "Siklus kebijakan ke-%(number)s ditutup; masukan tidak dapat diterima lagi.",
            locale,
            number=cycle.number,
        )
    return ""


def _sections(session: Session, version_id: int | None) -> list[DraftSection]:
    if version_id is None:
        return []
    return list(
        session.exec(
            select(DraftSection)
            .where(DraftSection.version_id == version_id)
            .order_by(col(DraftSection.position))
        )
    )


# ---------------------------------------------------------------------- links


def forum_links(
    *, session: Session, organisation: str | None, cycle: int | None, actor: str
) -> list[ForumLink]:
    """The public link path of every forum of a cycle, making missing tokens (commits).

    Raises:
        ServiceError: the actor may not organise forums, or the cycle has no forum yet.
    """
    org = get_org(session, organisation)
    require_role(
        get_member(session, org, actor),
        (Role.ORGANISER, Role.OFFICER, Role.ADMIN),
        "membagikan tautan forum",
    )
    cyc = get_cycle(session, org, cycle)
    forums = list(
        session.exec(
            select(Forum)
            .where(Forum.cycle_id == cyc.id)
            .order_by(col(Forum.held_on), col(Forum.code))
        )
    )
    if not forums:
        raise ServiceError(
            f"Siklus ke-{cyc.number} belum punya forum. Rencanakan dulu: siklus forum plan "
            "--as USERNAME (atau jalankan tahap forum)."
        )
    links = []
    for forum in forums:
        made = not forum.public_token
        token = ensure_token(session, forum)
        if made:
            audit.record(
                session,
                actor=actor,
                action="forum.link_created",
                subject_type="forum",
                subject_id=forum.id or 0,
                organisation_id=org.id,
                payload={"cycle": cyc.number, "code": forum.code},
            )
        links.append(ForumLink(forum.code, forum.title, forum.status, forum.round, f"/f/{token}"))
    session.commit()
    return links


# ---------------------------------------------------------------- forum page


def forum_page(*, session: Session, token: str, locale: Locale = "id") -> ForumPage:
    """The public page of a forum: details, the draft it consults on by section, the groups.

    `locale` is the page's language (the reason it takes no input); the draft stays as
    written.
    """
    forum = forum_by_token(session, token)
    cycle, policy, org = forum_owner(session, forum)
    version = consulted_version(session, forum)
    why = refusal(forum, cycle, locale)
    officer = pack_of(org).data_protection.officer
    return ForumPage(
        header=portal_header(org, policy),
        token=token,
        code=forum.code,
        title=forum.title,
        held_on=forum.held_on,
        starts_at=forum.starts_at,
        ends_at=forum.ends_at,
        venue=forum.venue,
        agenda=list(forum.agenda),
        round=forum.round,
        accepting=not why,
        refusal=why,
        version=version.number if version else None,
        sections=[
            PortalSection(
                sid=s.sid,
                kind=s.kind,
                label=s.label,
                heading=s.heading,
                lines=[line for line in s.text.split("\n") if line.strip()]
                if s.kind in ARTICLE_KINDS
                else [],
            )
            for s in _sections(session, version.id if version else None)
        ],
        groups=portal_groups(pack_of(org)),
        max_text=MAX_TEXT,
        officer_name=officer.name if officer else "",
        officer_email=officer.email if officer else "",
        **_forum_outcomes(session, forum, cycle),
    )


def _forum_outcomes(session: Session, forum: Forum, cycle: Cycle) -> dict[str, Any]:
    """What became of a forum's inputs once a draft is approved: counts by disposition.

    Counted in SQL over the approved version's responses; no input is named.
    """
    final = final_version(session, cycle.id or 0)
    if final is None:
        return {}
    inputs = session.exec(
        select(func.count()).select_from(ForumInput).where(ForumInput.forum_id == forum.id)
    ).one()
    rows = session.exec(
        select(InputResponse.disposition, func.count())
        .join(ForumInput, col(ForumInput.id) == InputResponse.input_id)
        .where(ForumInput.forum_id == forum.id, InputResponse.version_id == final.id)
        .group_by(InputResponse.disposition)
    ).all()
    order = {d.value: i for i, d in enumerate(Disposition)}
    return {
        "inputs": inputs,
        "outcomes": [
            OutcomeCount(disposition=d, count=n)
            for d, n in sorted(rows, key=lambda r: order.get(r[0], len(order)))
        ],
        "approved_version": final.number,
        "approved_on": final.final_on,
    }


# ------------------------------------------------------------------- submit


def _check(
    pack: Pack,
    section: DraftSection | None,
    *,
    name: str,
    organisation: str,
    group: str,
    section_sid: str,
    text: str,
    anonymous: bool,
    email: str,
    locale: Locale,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    groups = {g.code: g.name for g in pack.stakeholder_groups}
    if group not in groups:
        problems["group"] = say("pilih kelompok pemangku kepentingan dari daftar", locale)
    elif anonymous and group not in COMMUNITY_GROUPS:
        allowed = ", ".join(groups[g] for g in sorted(COMMUNITY_GROUPS) if g in groups)
        problems["anonymous"] = say(
            "masukan tanpa nama hanya untuk kelompok %(groups)s; "
            "isi nama Anda atau pilih kelompok itu",
            locale,
            groups=allowed or "masyarakat",
        )
    if not anonymous and not name:
        problems["name"] = say(
            "nama wajib diisi (atau pilih tanpa nama bila Anda warga masyarakat)", locale
        )
    problems.update(
        too_long(
            locale,
            name=(word("nama", locale), name),
            organisation=(word("instansi", locale), organisation),
        )
    )
    if email and anonymous:
        problems["email"] = say(
            "masukan tanpa nama tidak menyimpan alamat surel; kosongkan surel (tanggapan dapat "
            "dilihat dengan nomor dan kode tanda terima) atau kirim dengan nama",
            locale,
        )
    elif email and not is_email(email):
        problems["email"] = say(
            "alamat surel tidak dikenali (contoh: nama@contoh.go.id); periksa atau kosongkan",
            locale,
        )
    if not text:
        problems["text"] = say("isi masukan masih kosong", locale)
    elif len(text) > MAX_TEXT:
        problems["text"] = say(
            "isi masukan terlalu panjang: %(size)s karakter, maksimal %(most)s",
            locale,
            size=format_number(len(text), 0, locale),
            most=format_number(MAX_TEXT, 0, locale),
        )
    if section_sid and section is None:
        problems["section_sid"] = say(
            "bagian rancangan yang dipilih tidak ada pada versi rancangan yang "
            "dikonsultasikan forum ini; muat ulang halaman forum",
            locale,
        )
    return problems


def submit_input(
    *,
    session: Session,
    token: str,
    name: str,
    organisation: str,
    group: str,
    section_sid: str,
    text: str,
    anonymous: bool = False,
    email: str = "",
    locale: Locale = "id",
) -> ReceiptPage:
    """Take a stakeholder's input on a section (or in general) and give a receipt (commits).

    An anonymous input (community group only) is stored with the author 'Anonim' and
    without name or organisation. The same text from the same author to the same forum is
    not stored twice: the receipt of the first one is given again. Refusals speak `locale`.

    `email`, given (not with an anonymous input), is where the author is told, in `locale`,
    once the response to the input appears with the approved draft
    (`policy.services.response_notices`); it is kept only until then.

    Raises:
        NotFoundError: the token opens no forum.
        ServiceError: the forum is closed or the cycle is not active.
        InputRefused: a field is missing, too long or not one of the choices.
    """
    forum = forum_by_token(session, token)
    cycle, policy, org = forum_owner(session, forum)
    why = refusal(forum, cycle, locale)
    if why:
        raise ServiceError(why)
    pack = pack_of(org)
    version = consulted_version(session, forum)
    name, organisation = clean_line(name), clean_line(organisation)
    text, group, section_sid = clean_text(text), group.strip(), section_sid.strip()
    email = clean_line(email)
    section = None
    if section_sid and version is not None:
        section = session.exec(
            select(DraftSection).where(
                DraftSection.version_id == version.id, DraftSection.sid == section_sid
            )
        ).first()
    problems = _check(
        pack,
        section,
        name=name,
        organisation=organisation,
        group=group,
        section_sid=section_sid,
        text=text,
        anonymous=anonymous,
        email=email,
        locale=locale,
    )
    if problems:
        raise InputRefused(problems, locale)
    author = ANONYMOUS if anonymous else name
    institution = "" if anonymous else organisation
    item = add_input(
        session,
        cycle,
        forum.id or 0,
        author=author,
        institution=institution,
        group=group,
        section_ref=section.label if section else "",
        text=text,
        channel=CHANNEL,
        section_sid=section.sid if section else "",
    )
    repeated = item is None
    if item is None:
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        item = session.exec(
            select(ForumInput).where(
                ForumInput.forum_id == forum.id,
                ForumInput.author == author,
                ForumInput.text_sha256 == sha,
            )
        ).one()
    if email and item.notify_email is None and item.notified_at is None:
        item.notify_email, item.notify_locale = email, locale
        session.add(item)
    if not repeated:
        audit.record(
            session,
            actor=f"{CHANNEL}:{author}",
            action="input.submitted",
            subject_type="forum_input",
            subject_id=item.id or 0,
            organisation_id=org.id,
            payload={
                "cycle": cycle.number,
                "forum": forum.code,
                "number": item.number,
                "channel": CHANNEL,
                "group": group,
                "section": item.section_ref,
                "section_sid": item.section_sid,
                "anonymous": anonymous,
                "text_sha256": item.text_sha256,
                "version": version.number if version else None,
                "notify": bool(email),
            },
        )
    session.commit()
    return receipt_page(session, forum, token, item, cycle, org, policy, repeated)
