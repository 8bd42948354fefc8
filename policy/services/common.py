"""Lookups and errors shared by the services.

Layer: domain services (helpers: they flush, never commit).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

# The services' errors, defined with no dependencies (the shells catch them without the
# database library) and imported by the services from here.
from policy.errors import NotFoundError as NotFoundError
from policy.errors import ServiceError as ServiceError
from policy.models import (
    AuditEvent,
    Cycle,
    CycleStatus,
    GateOverride,
    Member,
    Organisation,
    Policy,
    Role,
    RunStatus,
    Stage,
    StageRun,
    Unit,
)
from policy.nip import NipError, validate_nip
from policy.packschema import Pack
from policy.stages import CycleSnapshot, RunSnapshot, StageRuleError, stage_label, stage_period


def get_org(session: Session, code: str | None) -> Organisation:
    """The organisation with `code`, or the only one when `code` is None."""
    if code is None:
        orgs = session.exec(select(Organisation).limit(2)).all()
        if len(orgs) == 1:
            return orgs[0]
        if not orgs:
            raise NotFoundError(
                "Belum ada organisasi. Muat paket dulu: siklus pack load packs/sawahlunto.yaml"
            )
        raise ServiceError("Ada lebih dari satu organisasi; sebutkan dengan --org KODE.")
    org = session.exec(select(Organisation).where(Organisation.code == code)).first()
    if org is None:
        raise NotFoundError(f"Organisasi '{code}' tidak ditemukan.")
    return org


def org_pack(org: Organisation) -> Pack:
    """The validated pack stored with the organisation."""
    return Pack.model_validate(org.pack)


def unit_names(session: Session, organisation_id: int | None) -> dict[str, str]:
    """Unit code -> unit name for an organisation."""
    query = select(Unit.code, Unit.name).where(Unit.organisation_id == organisation_id)
    return dict(session.exec(query).all())


def get_policy(session: Session, org: Organisation, code: str | None = None) -> Policy:
    """The organisation's policy (the pack's policy when `code` is None)."""
    code = code or org_pack(org).policy.code
    policy = session.exec(
        select(Policy).where(Policy.organisation_id == org.id, Policy.code == code)
    ).first()
    if policy is None:
        raise NotFoundError(f"Kebijakan '{code}' tidak ditemukan di {org.code}.")
    return policy


def get_cycle(session: Session, org: Organisation, number: int | None = None) -> Cycle:
    """Cycle `number` of the organisation's policy, or the newest one."""
    policy = get_policy(session, org)
    query = select(Cycle).where(Cycle.policy_id == policy.id)
    if number is None:
        cycle = session.exec(query.order_by(col(Cycle.number).desc())).first()
    else:
        cycle = session.exec(query.where(Cycle.number == number)).first()
    if cycle is None:
        which = f"ke-{number}" if number is not None else "apa pun"
        raise NotFoundError(
            f"Siklus {which} belum ada untuk {org.code}. Mulai dengan: siklus cycle start"
        )
    return cycle


def get_member(session: Session, org: Organisation, username: str) -> Member:
    """The member `username` of the organisation."""
    member = session.exec(
        select(Member).where(Member.organisation_id == org.id, Member.username == username)
    ).first()
    if member is None:
        raise NotFoundError(
            f"'{username}' bukan anggota {org.code}. Gunakan --as dengan username dari paket."
        )
    return member


LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
"""What an unguessable token in a public link looks like (a forum's, a survey's): checked
before any query, so that a mistyped link costs no lookup."""


def new_link_token() -> str:
    """A new unguessable token for a public link (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(16)


REASON_MAX = 500
"""Longest written reason (a withdrawal, a closed survey), in characters."""


def written_text(text: str, what: str, option: str, limit: int, why: str = "") -> str:
    """A text someone wrote, as recorded: spaces collapsed, not empty, at most `limit` long.

    `what` names it ('alasan pembatalan'), `option` where it is given ('--reason'), `why`
    what the empty-text message adds ('alasan dicatat di jejak audit').

    Raises:
        ServiceError: the text is empty or longer than `limit`.
    """
    written = " ".join(text.split())
    if not written:
        raise ServiceError(f"Sebutkan {what} ({option}){'; ' + why if why else ''}.")
    if len(written) > limit:
        raise ServiceError(
            f"{what[0].upper()}{what[1:]} terlalu panjang ({len(written)} huruf; paling banyak "
            f"{limit})."
        )
    return written


def written_reason(reason: str, what: str) -> str:
    """A written reason as recorded (`written_text`); `what` names the act ('pembatalan')."""
    return written_text(reason, f"alasan {what}", "--reason", REASON_MAX,
                        "alasan dicatat di jejak audit")  # fmt: skip


#: Who may read and issue employees' private results (sheets, objections).
PRIVATE_RESULT_ROLES = (Role.OFFICER, Role.ADMIN, Role.LEADER)


def require_role(member: Member, roles: Iterable[Role], what: str) -> None:
    """Refuse unless the member holds one of `roles`."""
    allowed = {r.value for r in roles}
    if not allowed.intersection(member.roles):
        names = ", ".join(sorted(allowed))
        raise ServiceError(f"{member.username} tidak berwenang {what} (perlu peran: {names}).")


def run_period(stage: Stage, period: str) -> str:
    """The canonical period of a run of `stage` ("Triwulan I 2026" -> "2026-TW1").

    Services call it before they look up or create anything, so a period typed in any
    accepted form finds its run, and a period that names none is refused at once.

    Raises:
        ServiceError: evaluation without a period, a period outside evaluation, or one
            that names no period (the message lists the accepted forms).
    """
    try:
        return stage_period(stage, period)
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc


def get_run(session: Session, cycle: Cycle, stage: Stage, period: str = "") -> StageRun:
    """The run of `stage` in `cycle`."""
    run = session.exec(
        select(StageRun).where(
            StageRun.cycle_id == cycle.id, StageRun.stage == stage, StageRun.period == period
        )
    ).first()
    if run is None:
        raise NotFoundError(
            f"Tahap {stage_label(stage, period)} belum pernah dijalankan di siklus "
            f"ke-{cycle.number}."
        )
    return run


def run_starters(session: Session, run: StageRun) -> dict[str, int]:
    """Everyone who started or took over an attempt of `run`, with the first they ran.

    The run keeps only its latest starter; the audit trail has them all. None of them
    decides the run (four-eyes rule), whichever attempt is in review.
    """
    return starters_of(session, [run])[run.id or 0]


def starters_of(session: Session, runs: Sequence[StageRun]) -> dict[int, dict[str, int]]:
    """`run_starters` of several runs by run id, read in one query."""
    first: dict[int, dict[str, int]] = {r.id or 0: {r.started_by: r.attempt} for r in runs}
    rows = session.exec(
        select(AuditEvent.subject_id, AuditEvent.actor, AuditEvent.payload).where(
            AuditEvent.subject_type == "stage_run",
            col(AuditEvent.subject_id).in_([str(r.id) for r in runs]),
            col(AuditEvent.action).in_(("stage.started", "stage.taken_over")),
        )
    ).all()
    for subject, actor, payload in rows:
        mine = first[int(subject)]
        attempt = int(payload.get("attempt") or 1)
        mine[actor] = min(mine.get(actor, attempt), attempt)
    return first


def snapshot(session: Session, cycle: Cycle) -> CycleSnapshot:
    """The cycle as the pure stage rules see it."""
    runs = session.exec(select(StageRun).where(StageRun.cycle_id == cycle.id)).all()
    overrides = session.exec(select(GateOverride).where(GateOverride.cycle_id == cycle.id)).all()
    return CycleSnapshot(
        status=CycleStatus(cycle.status),
        runs=tuple(
            RunSnapshot(
                stage=Stage(r.stage),
                status=RunStatus(r.status),
                started_by=r.started_by,
                period=r.period,
                attempt=r.attempt,
            )
            for r in runs
        ),
        overrides=frozenset((Stage(o.stage), o.period) for o in overrides),
        number=cycle.number,
        superseded_by=superseded_by(session, cycle),
    )


def superseded_by(session: Session, cycle: Cycle) -> int | None:
    """For a closed cycle, the revision cycle whose approved implementation closed it.

    Approving a cycle's implementation closes every older active cycle of the policy
    (`policy.services.cycle.close_superseded`), so the cycle that closed `cycle` is the
    first later one with its implementation approved. None for a cycle not closed.
    """
    if cycle.status != CycleStatus.CLOSED:
        return None
    return session.exec(
        select(Cycle.number)
        .join(StageRun, col(StageRun.cycle_id) == col(Cycle.id))
        .where(
            Cycle.policy_id == cycle.policy_id,
            Cycle.number > cycle.number,
            StageRun.stage == Stage.IMPLEMENTATION,
            StageRun.status == RunStatus.APPROVED,
        )
        .order_by(col(Cycle.number))
    ).first()


def parse_nips(given: Sequence[str]) -> list[str]:
    """The NIPs asked for, as stored (the display form's spaces and dots removed).

    Raises:
        ServiceError: one of them is no NIP (the first reason given for each).
    """
    found, bad = [], []
    for text in given:
        try:
            found.append(validate_nip(text, None))
        except NipError as exc:
            bad.append(f"'{text}': {exc}")
    if bad:
        raise ServiceError("Bukan NIP yang sah — " + "; ".join(bad) + ".")
    return found
