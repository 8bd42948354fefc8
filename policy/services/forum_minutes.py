"""Forum minutes (notulen): reading the YAML file keyed by forum code, closing forums.

Layer: domain services (helper of `policy.services.forums`). The file reads::

    F1:
      pimpinan_rapat: "Nama Pimpinan Rapat"
      notulis: "Nama Notulis"
      ringkasan: "Ringkasan jalannya forum ..."
      keputusan: ["Keputusan 1", "Keputusan 2"]

Every problem is reported at once with its line, the forum code and the field.

Closed minutes count only once they are approved twice, by two different people: a
member with the organiser role and a member with the leader role (`approve_minutes`,
`siklus forum approve-minutes`); the second approval publishes new versions of the
forum's Notulen and of the Rekapitulasi Masukan that lists it, showing the approvals.
The forums stage goes to review once a forum of the current round is closed with minutes
(`submit_problems`); drafting starts only once such minutes are so approved
(`minutes_blockers`, the gate `siklus status` shows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

import yaml
from sqlmodel import Session, col, select

from policy import audit
from policy.locale import format_date
from policy.models import Cycle, CycleStatus, Forum, MinutesApproval, Role, utcnow
from policy.services.common import NotFoundError, ServiceError, get_cycle, get_member, get_org
from policy.services.forum_plan import current_round
from policy.services.stagework import document_date
from policy.stages import cycle_status_word

#: Status of a forum whose minutes are recorded.
CLOSED = "closed"

_FIELDS = ("pimpinan_rapat", "notulis", "ringkasan", "keputusan")


@dataclass(frozen=True)
class Minutes:
    """The minutes of one forum, as read from the notulen file."""

    chair: str
    secretary: str
    summary: str
    decisions: tuple[str, ...]


def _text(node: yaml.Node | None) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return ""
    return str(node.value).strip()


def read_minutes(text: str, filename: str, known: Collection[str]) -> dict[str, Minutes]:
    """Parse and check a notulen file; every problem is reported with its line.

    Raises:
        ServiceError: bad YAML (with line and column), an unknown forum code, a missing or
            empty field, or `keputusan` that is not a list.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"baris {mark.line + 1}, kolom {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if "'\\t'" in problem:
            problem += " (indentasi harus memakai spasi, bukan tab)"
        raise ServiceError(
            f"Berkas notulen '{filename}' bukan YAML yang sah: {where}{problem}."
        ) from exc
    finally:
        loader.dispose()
    if root is None:
        raise ServiceError(f"Berkas notulen '{filename}' kosong.")
    if not isinstance(root, yaml.MappingNode):
        raise ServiceError(
            f"Berkas notulen '{filename}' harus berisi notulen per kode forum, "
            "mis. 'F1:' diikuti pimpinan_rapat, notulis, ringkasan, keputusan."
        )
    errors: list[str] = []
    found: dict[str, Minutes] = {}
    seen: set[str] = set()
    for key, value in root.value:
        code = _text(key)
        where = f"baris {key.start_mark.line + 1}, forum {code}"
        if code in seen:
            errors.append(f"{where}: forum {code} tercantum dua kali")
            continue
        seen.add(code)
        if code not in known:
            have = ", ".join(sorted(known)) or "belum ada"
            errors.append(f"{where}: forum tidak dikenal di siklus ini (yang ada: {have})")
        if not isinstance(value, yaml.MappingNode):
            errors.append(f"{where}: isi notulen harus berupa isian {', '.join(_FIELDS)}")
            continue
        fields: dict[str, yaml.Node] = {}
        for fkey, fvalue in value.value:
            name = _text(fkey)
            if name not in _FIELDS:
                errors.append(
                    f"baris {fkey.start_mark.line + 1}, forum {code}: isian '{name}' "
                    f"tidak dikenal (yang dikenal: {', '.join(_FIELDS)})"
                )
            fields[name] = fvalue
        texts = {}
        for name in _FIELDS[:3]:
            node = fields.get(name)
            texts[name] = _text(node)
            if not texts[name]:
                at = f"baris {node.start_mark.line + 1}, forum {code}" if node else where
                kind = "harus berupa teks dan tidak boleh kosong" if node else "wajib diisi"
                errors.append(f"{at}: isian '{name}' {kind}")
        decisions: list[str] = []
        node = fields.get("keputusan")
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value, 1):
                if _text(item):
                    decisions.append(" ".join(_text(item).split()))
                else:
                    errors.append(
                        f"baris {item.start_mark.line + 1}, forum {code}: keputusan "
                        f"ke-{i} harus berupa teks dan tidak boleh kosong"
                    )
        elif node is not None and _text(node):
            errors.append(
                f"baris {node.start_mark.line + 1}, forum {code}: isian 'keputusan' harus "
                "berupa daftar (setiap keputusan pada baris sendiri diawali '- ')"
            )
        found[code] = Minutes(
            chair=" ".join(texts["pimpinan_rapat"].split()),
            secretary=" ".join(texts["notulis"].split()),
            summary=texts["ringkasan"],
            decisions=tuple(decisions),
        )
    if errors:
        raise ServiceError(
            f"Berkas notulen '{filename}' tidak dapat dipakai ({len(errors)} "
            "kesalahan; tidak ada data yang disimpan):\n" + "\n".join(f"- {e}" for e in errors)
        )
    return found


def same_minutes(forum: Forum, minutes: Minutes) -> bool:
    """Whether a forum holds exactly these minutes."""
    return (forum.chair, forum.secretary, forum.summary, list(forum.decisions)) == (
        minutes.chair,
        minutes.secretary,
        minutes.summary,
        list(minutes.decisions),
    )


def close_forum(
    session: Session, *, forum: Forum, minutes: Minutes, actor: str, organisation_id: int | None
) -> bool:
    """Record a forum's minutes and close it (flushes). False if it is closed with these minutes.

    Raises:
        ServiceError: the forum is already closed with different minutes.
    """
    if forum.status == CLOSED:
        if same_minutes(forum, minutes):
            return False
        raise ServiceError(
            f"Forum {forum.code} sudah ditutup dengan notulen yang berbeda; "
            "notulen yang sudah ditetapkan tidak dapat diubah."
        )
    forum.chair, forum.secretary = minutes.chair, minutes.secretary
    forum.summary, forum.decisions = minutes.summary, list(minutes.decisions)
    forum.status, forum.closed_by, forum.closed_at = CLOSED, actor, utcnow()
    session.add(forum)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="forum.closed",
        subject_type="forum",
        subject_id=forum.id or 0,
        organisation_id=organisation_id,
        payload={
            "cycle_id": forum.cycle_id,
            "code": forum.code,
            "round": forum.round,
            "chair": forum.chair,
            "secretary": forum.secretary,
            "decisions": len(forum.decisions),
            "summary_sha256": hashlib.sha256(forum.summary.encode()).hexdigest(),
        },
    )
    return True


# ------------------------------------------------------------------------ approvals

#: The two approvals minutes need, in the order the Notulen lists them.
APPROVER_ROLES = (Role.ORGANISER, Role.LEADER)
ROLE_WORDS = {Role.ORGANISER: "penyelenggara", Role.LEADER: "pimpinan"}


@dataclass(frozen=True)
class ApprovalOutcome:
    """What an approval did: the role it was given in, whether it was new, what is missing."""

    forum: str
    role: Role
    recorded: bool
    missing: tuple[Role, ...]
    republished: tuple[str, ...] = ()
    """The documents the approval published anew, e.g. '#47 Rekapitulasi Masukan (id)'."""

    @property
    def complete(self) -> bool:
        """Both approvals are recorded: the minutes count."""
        return not self.missing


def approvals_of(session: Session, forum_ids: Sequence[int]) -> dict[int, list[MinutesApproval]]:
    """Approvals by forum id, organiser first."""
    out: dict[int, list[MinutesApproval]] = {}
    rows = session.exec(
        select(MinutesApproval).where(col(MinutesApproval.forum_id).in_(list(forum_ids)))
    )
    for row in rows:
        out.setdefault(row.forum_id, []).append(row)
    order = [r.value for r in APPROVER_ROLES]
    for rows_of in out.values():
        rows_of.sort(key=lambda a: order.index(a.role) if a.role in order else len(order))
    return out


def _role_for(
    held: list[Role], role: Role | None, taken: dict[str, MinutesApproval], who: str
) -> Role:
    if role is not None:
        if role not in held:
            raise ServiceError(
                f"{who} tidak berperan {role.value} ({ROLE_WORDS[role]}) dan tidak dapat "
                f"menyetujui notulen sebagai {ROLE_WORDS[role]}."
            )
        return role
    if not held:
        raise ServiceError(
            f"{who} tidak berwenang menyetujui notulen (perlu peran: organiser atau leader)."
        )
    if len(held) == 1:
        return held[0]
    open_roles = [r for r in held if r.value not in taken]
    if len(open_roles) == 1:
        return open_roles[0]
    raise ServiceError(
        f"{who} berperan penyelenggara dan pimpinan sekaligus; sebutkan perannya dengan "
        "--role organiser atau --role leader."
    )


def approve_minutes(
    *,
    session: Session,
    organisation: str | None,
    cycle: int | None,
    code: str,
    actor: str,
    role: Role | None = None,
    on: date | None = None,
) -> ApprovalOutcome:
    """Record the organiser's or a leader's approval of a closed forum's minutes.

    The role is the actor's organiser or leader role (`role` chooses when they hold
    both); the two approvals must come from two different people. Approving again
    in the same role is a no-op. `on` is the date the approval speaks for (the Notulen
    prints it); default today in the organisation's time zone.

    Raises:
        ServiceError: the cycle is not active, the forum is unknown or not closed, the
            actor holds neither role, the role is already approved by someone else, the
            actor already approved in the other role, or `on` is before the forum.
    """
    org = get_org(session, organisation)
    cyc = get_cycle(session, org, cycle)
    if cyc.status != CycleStatus.ACTIVE:
        raise ServiceError(f"Siklus ke-{cyc.number} {cycle_status_word(cyc.status)}, tidak aktif.")
    forum = session.exec(select(Forum).where(Forum.cycle_id == cyc.id, Forum.code == code)).first()
    if forum is None:
        have = session.exec(select(Forum.code).where(Forum.cycle_id == cyc.id)).all()
        raise NotFoundError(
            f"Forum '{code}' tidak ada di siklus ke-{cyc.number} "
            f"(yang ada: {', '.join(sorted(have)) or 'belum ada'})."
        )
    if forum.status != CLOSED:
        raise ServiceError(
            f"Forum {code} belum ditutup dengan notulen; impor notulennya lewat tahap forum "
            "dulu, baru notulen dapat disetujui."
        )
    member = get_member(session, org, actor)
    held = [r for r in APPROVER_ROLES if r.value in member.roles]
    taken = {a.role: a for a in approvals_of(session, [forum.id or 0]).get(forum.id or 0, [])}
    chosen = _role_for(held, role, taken, actor)
    missing = tuple(r for r in APPROVER_ROLES if r.value not in taken and r != chosen)
    earlier = taken.get(chosen.value)
    if earlier is not None:
        if earlier.username == actor:
            return ApprovalOutcome(code, chosen, False, missing)
        raise ServiceError(
            f"Notulen forum {code} sudah disetujui sebagai {ROLE_WORDS[chosen]} oleh "
            f"{earlier.username} pada {format_date(earlier.approved_on, 'id')}."
        )
    if any(a.username == actor for a in taken.values()):
        raise ServiceError(
            f"{actor} sudah menyetujui notulen forum {code}; persetujuan penyelenggara dan "
            "pimpinan harus dari dua orang yang berbeda."
        )
    on = document_date(on)
    if on < forum.held_on:
        raise ServiceError(
            f"Tanggal persetujuan {format_date(on, 'id')} sebelum forum {code} dilaksanakan "
            f"({format_date(forum.held_on, 'id')})."
        )
    approval = MinutesApproval(
        forum_id=forum.id or 0,
        role=chosen.value,
        username=actor,
        name=member.name,
        title=member.title,
        approved_on=on,
    )
    session.add(approval)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="forum.minutes_approved",
        subject_type="forum",
        subject_id=forum.id or 0,
        organisation_id=org.id,
        payload={
            "cycle": cyc.number,
            "code": code,
            "round": forum.round,
            "role": chosen.value,
            "approved_on": on.isoformat(),
            "complete": not missing,
        },
    )
    republished: tuple[str, ...] = ()
    if not missing:
        # The approved Notulen is the one that counts: publish it with both approvals, and
        # the Rekapitulasi that lists the forum, so neither still says "awaiting approval".
        from policy.services.forum_recap import republish_recap
        from policy.services.forums import republish_minutes

        docs = republish_minutes(session, cyc, forum, actor)
        docs += republish_recap(session, cyc, actor, on)
        republished = tuple(f"#{d.id} {d.title} ({d.locale})" for d in docs)
    session.commit()
    return ApprovalOutcome(code, chosen, True, missing, republished)


# -------------------------------------------- the submit rule, the gate to drafting


def _closed_forums(session: Session, cycle: Cycle) -> tuple[dict[int | None, str], str]:
    rnd = current_round(session, cycle)
    query = select(Forum.id, Forum.code).where(
        Forum.cycle_id == cycle.id, Forum.round == rnd, Forum.status == CLOSED
    )
    closed: dict[int | None, str] = dict(session.exec(query.order_by(col(Forum.code))).all())
    return closed, "" if rnd == 1 else f" pada putaran konsultasi ke-{rnd}"


def submit_problems(session: Session, cycle: Cycle) -> list[str]:
    """Why the forums stage may not go to review yet: no forum of this round closed with minutes."""
    closed, which = _closed_forums(session, cycle)
    if not closed:
        return [
            f"belum ada forum{which} yang ditutup dengan notulen; impor berkas notulen (YAML) "
            "untuk forum yang sudah dilaksanakan"
        ]
    return []


def minutes_blockers(session: Session, cycle: Cycle) -> list[str]:
    """Why drafting may not start: no minutes of this round approved by organiser and leader.

    Minutes count only once the organiser and a leader (two different people) approved them.
    """
    closed, which = _closed_forums(session, cycle)
    if not closed:
        return []  # the forums stage itself is not approved yet; that blocker is generic
    approved = approvals_of(session, [fid for fid in closed if fid is not None])
    missing = []
    for fid, code in closed.items():
        roles = {a.role for a in approved.get(fid or 0, [])}
        lacking = [ROLE_WORDS[r] for r in APPROVER_ROLES if r.value not in roles]
        if not lacking:
            return []
        missing.append(f"{code} belum disetujui {' dan '.join(lacking)}")
    return [
        f"notulen forum{which} baru berlaku setelah disetujui penyelenggara dan pimpinan "
        f"(dua orang berbeda): {'; '.join(missing)}; setujui dengan: siklus forum "
        "approve-minutes KODE --as USERNAME"
    ]
