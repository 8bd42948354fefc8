"""Leaders on the portal: the stages waiting for a decision, their documents, the decision.

Layer: domain services (counterparts: the review pages of `siklus.web.leader`, and
`siklus review` on the command line). A leader signs in with a token from `siklus portal
token` as the organisers do; every page checks the leader role again. A decision goes
through `policy.services.review.decide`, as the command line's and Prefect's do, with
`via="portal"` and the attempt the page showed, so a decision taken elsewhere first (or a
newer attempt) is refused, not overwritten; the four-eyes rule and the reason a return or
rejection needs are the service's own.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.models import (
    SUBJECT_MARK,
    Cycle,
    CycleStatus,
    Decision,
    Document,
    Member,
    Organisation,
    Review,
    Role,
    RunStatus,
    Stage,
    StageRun,
)
from policy.pdf import available as pdf_available
from policy.pdf import html_to_pdf, pdf_name
from policy.services import cycle as cycle_service
from policy.services import cycle_board, objection_register, review
from policy.services.common import (
    NotFoundError,
    ServiceError,
    get_policy,
    run_starters,
    starters_of,
)
from policy.services.portal_access import PortalAccess, access_org, org_cycles
from policy.services.portal_common import portal_header
from policy.services.portal_documents import portal_document, stored_html
from policy.services.portal_minutes import minutes_waiting
from policy.services.stage_figures import stage_figures
from policy.services.stagework import load_context
from policy.stages import DECISION_ID, stage_label
from policy.views.evaluation_sheets import RegisterEntry
from policy.views.portal import (
    DecidedRun,
    DocumentGroup,
    HeldGate,
    PortalDocument,
    PortalHeader,
    ReviewForm,
    ReviewItem,
    ReviewPage,
    ReviewQueue,
)

#: Kinds whose documents are listed one by one; a kind with more (the result sheets of a
#: province's units) is folded under its title with a count.
SHOWN_ONE_BY_ONE = 6
#: Decisions shown under the queue, newest first.
RECENT_DECISIONS = 10
#: What a leader may choose on the form, in its words.
CHOICES = {"approve": Decision.APPROVE, "return": Decision.RETURN, "reject": Decision.REJECT}


def leader_header(session: Session, org: Organisation) -> PortalHeader:
    """The leaders' pages speak of the policy, not of a draft under consultation."""
    return portal_header(org, get_policy(session, org)).model_copy(update={"draft": False})


def _names(session: Session, org: Organisation) -> dict[str, str]:
    """Members' names by username: pages name people, as the documents do."""
    rows = session.exec(
        select(Member.username, Member.name).where(Member.organisation_id == org.id)
    ).all()
    return {str(username): str(name) for username, name in rows}


def review_queue(
    *, session: Session, access: PortalAccess, notice: str = "", error: str = ""
) -> ReviewQueue:
    """A leader's start page: what waits for a decision, and the latest decisions.

    The stages of every cycle in review (oldest submission first), and the closed forums
    of the active cycles whose minutes wait for a leader's approval.
    """
    org = access_org(session, access)
    cycles, names = org_cycles(session, org), _names(session, org)
    runs = [run for run, _number in review.runs_in_review(session, org)]
    # Documents, not versions: a document published again counts once, as the page lists it.
    counted = session.exec(
        select(Document.stage_run_id, func.count(func.distinct(Document.key)))
        .where(col(Document.stage_run_id).in_([r.id for r in runs]), Document.locale == "id")
        .group_by(col(Document.stage_run_id))
    ).all()
    counts = {run_id or 0: int(n) for run_id, n in counted}
    starters = starters_of(session, runs)
    waiting = [
        ReviewItem(
            run_id=r.id or 0,
            cycle=cycles[r.cycle_id].number,
            label=stage_label(r.stage, r.period),
            attempt=r.attempt,
            started_by=names.get(r.started_by, r.started_by),
            submitted_at=r.submitted_at,
            own=access.username in starters[r.id or 0],
            documents=counts.get(r.id or 0, 0),
        )
        for r in runs
    ]
    decided = session.exec(
        select(Review, StageRun)
        .join(StageRun, col(StageRun.id) == col(Review.stage_run_id))
        .where(col(StageRun.cycle_id).in_(list(cycles)))
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .limit(RECENT_DECISIONS)
    ).all()
    recent = [_decided(d, r, cycles[r.cycle_id], names) for d, r in decided]
    return ReviewQueue(
        header=leader_header(session, org),
        member=access.name,
        expires_at=access.expires_at,
        waiting=waiting,
        recent=recent,
        minutes=minutes_waiting(session=session, access=access, role=Role.LEADER),
        gates=held_gates(session=session, access=access),
        notice=notice,
        error=error,
    )


def held_gates(*, session: Session, access: PortalAccess) -> list[HeldGate]:
    """The gates of the active cycles a leader may open (`cycle_board.held_gates`)."""
    gates: list[HeldGate] = []
    cycles = org_cycles(session, access_org(session, access), active=True)
    for cyc in sorted(cycles.values(), key=lambda c: c.number):
        for stage, blockers in cycle_board.held_gates(session, cyc):
            gates.append(HeldGate(cycle=cyc.number, stage=stage, label=stage_label(stage),
                                  blockers=list(blockers)))  # fmt: skip
    return gates


def open_gate(
    *, session: Session, access: PortalAccess, cycle: int, stage: str, reason: str
) -> str:
    """Open a held gate with the leader's written reason; what was done, in a sentence.

    Raises:
        ServiceError: what `override_gate` refuses (no reason, the gate already open, the
            cycle not active), or a stage that names none.
    """
    if stage not in set(Stage):
        raise ServiceError(f"Tahap '{stage}' tidak dikenal.")
    org = access_org(session, access)
    cycle_service.override_gate(
        session=session,
        organisation=org.code,
        cycle=cycle,
        stage=Stage(stage),
        leader=access.username,
        reason=reason,
    )
    return f"Gerbang tahap {stage_label(stage)} siklus ke-{cycle} dibuka oleh {access.name}."


def _decided(d: Review, run: StageRun, cyc: Cycle, names: dict[str, str]) -> DecidedRun:
    """A decision on a run, as the pages show it (the reviewer by name)."""
    return DecidedRun(
        run_id=run.id or 0,
        cycle=cyc.number,
        label=stage_label(run.stage, run.period),
        attempt=d.attempt,
        decision=DECISION_ID.get(d.decision, d.decision),
        reviewer=names.get(d.reviewer, d.reviewer),
        reason=d.reason,
        via=d.via,
        decided_at=d.created_at,
    )


def _run(session: Session, access: PortalAccess, run_id: int) -> tuple[StageRun, Cycle]:
    run = session.get(StageRun, run_id)
    if run is not None:
        cyc = session.get(Cycle, run.cycle_id)
        org = access_org(session, access)
        if cyc is not None and cyc.id in org_cycles(session, org):
            return run, cyc
    raise NotFoundError(f"Tahap nomor {run_id} tidak ditemukan di organisasi Anda.")


def _documents(session: Session, run: StageRun) -> list[DocumentGroup]:
    """The run's documents, the newest version of each, kind by kind, with their English.

    Each is listed in Bahasa Indonesia (in English when it was published in English only)
    with a link to its English version when there is one. A kind of many documents (the
    result sheet of every unit of a province) is folded under its title and count.
    """
    latest: dict[tuple[str, str], Document] = {}
    for doc in session.exec(
        select(Document).where(Document.stage_run_id == run.id).order_by(col(Document.id))
    ):
        latest[(doc.key, doc.locale)] = doc
    by_kind: dict[str, list[PortalDocument]] = defaultdict(list)
    titles: dict[str, str] = {}
    for (key, locale), doc in latest.items():
        english = latest.get((key, "en"))
        if locale == "id":
            shown = portal_document(doc)
            if english is not None:
                shown = shown.model_copy(update={"english": english.id})
        elif locale == "en" and (key, "id") not in latest:
            shown = portal_document(doc)
        else:
            continue
        by_kind[doc.kind].append(shown)
        titles.setdefault(doc.kind, doc.title.split(SUBJECT_MARK)[0])
    return [
        DocumentGroup(title=titles[kind], folded=len(docs) > SHOWN_ONE_BY_ONE, documents=docs)
        for kind, docs in by_kind.items()
    ]


def review_page(
    *, session: Session, access: PortalAccess, run_id: int, form: ReviewForm | None = None
) -> ReviewPage:
    """One stage run: its documents, the decisions on its earlier attempts, the form."""
    run, cyc = _run(session, access, run_id)
    org = access_org(session, access)
    names = _names(session, org)
    earlier = [
        _decided(d, run, cyc, names)
        for d in session.exec(
            select(Review).where(Review.stage_run_id == run.id).order_by(col(Review.id))
        )
    ]
    status = RunStatus(run.status)
    objected = _objections(session, run)
    awaiting = [e for e in objected if e.applied is False]
    can_reopen = (
        run.stage == Stage.EVALUATION
        and status == RunStatus.APPROVED
        and cyc.status == CycleStatus.ACTIVE
    )
    if form is None and can_reopen and awaiting:  # the reopen's reason, ready to be sent
        form = ReviewForm(attempt=run.attempt, reason=_correction_reason(awaiting))
    why_not = ""
    if status != RunStatus.IN_REVIEW:
        why_not = "Tahap ini tidak sedang menunggu keputusan."
    elif access.username in (starters := run_starters(session, run)):
        first = starters[access.username]
        when = f" (percobaan ke-{first})" if run.started_by != access.username else ""
        why_not = (
            f"Anda menjalankan tahap ini sendiri{when}; keputusannya harus oleh pimpinan lain "
            "(prinsip empat mata)."
        )
    return ReviewPage(
        header=leader_header(session, org),
        member=access.name,
        run_id=run.id or 0,
        cycle=cyc.number,
        cycle_active=cyc.status == CycleStatus.ACTIVE,
        label=stage_label(run.stage, run.period),
        stage=run.stage,
        attempt=run.attempt,
        status=status.value,
        started_by=names.get(run.started_by, run.started_by),
        started_at=run.started_at,
        submitted_at=run.submitted_at,
        groups=_documents(session, run),
        figures=stage_figures(Stage(run.stage), run.summary or {}),
        earlier=earlier,
        why_not=why_not,
        can_return_to_forums=run.stage == Stage.DRAFTING,
        can_reopen=can_reopen,
        objections=objected,
        awaiting=len(awaiting),
        pdf=pdf_available(),
        form=form or ReviewForm(attempt=run.attempt),
    )


def _objections(session: Session, run: StageRun) -> list[RegisterEntry]:
    """The objections to an evaluation run's results, with the data's present result."""
    if run.stage != Stage.EVALUATION:
        return []
    return objection_register.run_entries(
        session, load_context(session, run.id or 0, Stage.EVALUATION)
    )


def _correction_reason(awaiting: list[RegisterEntry]) -> str:
    """The reopen's reason for results changed on objection, one sentence each."""
    return " ".join(
        f"Keputusan atas keberatan nomor {e.number} ({e.name}): predikat diubah dari "
        f"{e.predikat_before} menjadi {e.predikat_after}."
        for e in awaiting
    )


def decide(
    *,
    session: Session,
    access: PortalAccess,
    run_id: int,
    attempt: int,
    choice: str,
    reason: str,
    back_to_forums: bool = False,
    stop_confirmed: bool = False,
) -> str:
    """Record the leader's decision on the run, as `siklus review` does; what was done.

    A rejection stops the whole cycle: on a page, one click away from an approval, it needs
    `stop_confirmed` (a box the leader ticks) as well.

    Raises:
        ServiceError: a choice the form does not offer, a rejection not confirmed, or what
            `review.decide` refuses (the stage no longer in review, a newer attempt, the
            leader ran it, no reason).
    """
    run, cyc = _run(session, access, run_id)
    decision = CHOICES.get(choice)
    if decision is None:
        raise ServiceError("Pilih keputusan: setujui, kembalikan atau tolak.")
    if decision == Decision.REJECT and not stop_confirmed:
        raise ServiceError(
            "Menolak tahap menghentikan seluruh siklus kebijakan ini. Centang 'saya memahami "
            "bahwa siklus berhenti' untuk menolak, atau pilih kembalikan agar tahap diperbaiki."
        )
    org = access_org(session, access)
    review.decide(
        session=session,
        organisation=org.code,
        cycle=cyc.number,
        stage=Stage(run.stage),
        reviewer=access.username,
        decision=decision,
        reason=reason,
        period=run.period,
        back_to=Stage.FORUMS if back_to_forums and decision == Decision.RETURN else None,
        via="portal",
        expected_attempt=attempt,
    )
    return f"Tahap {stage_label(run.stage, run.period)} {DECISION_ID[decision]} oleh {access.name}."


def reopen(*, session: Session, access: PortalAccess, run_id: int, reason: str) -> str:
    """Reopen an approved evaluation period for a correction, as `siklus review reopen` does.

    Raises:
        ServiceError: what `review.reopen_period` refuses (no reason, not an approved
            evaluation period of an active cycle).
    """
    run, cyc = _run(session, access, run_id)
    if run.stage != Stage.EVALUATION:
        raise ServiceError("Hanya periode evaluasi yang sudah disetujui yang dapat dibuka kembali.")
    done = review.reopen_period(
        session=session,
        organisation=access_org(session, access).code,
        cycle=cyc.number,
        period=run.period,
        leader=access.username,
        reason=reason,
    )
    return " ".join(done.words(access.name))


def gate_of(*, session: Session, access: PortalAccess, run_id: int) -> tuple[str, int, Stage, str]:
    """The gate a run stands at: organisation code, cycle number, stage, period."""
    run, cyc = _run(session, access, run_id)
    return access_org(session, access).code, cyc.number, Stage(run.stage), run.period


def _own_document(session: Session, access: PortalAccess, doc_id: int) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None or doc.cycle_id not in org_cycles(session, access_org(session, access)):
        raise NotFoundError(f"Dokumen nomor {doc_id} tidak ditemukan di organisasi Anda.")
    return doc


def document_html(*, session: Session, access: PortalAccess, doc_id: int) -> bytes:
    """The stored HTML of a document of the leader's organisation (any cycle, any kind).

    Raises:
        NotFoundError: no such document of the organisation.
        ServiceError: the file is missing or differs from what was registered.
    """
    return stored_html(_own_document(session, access, doc_id))


def document_pdf(*, session: Session, access: PortalAccess, doc_id: int) -> tuple[str, bytes]:
    """A document of the leader's organisation as PDF: (file name, bytes) (`policy.pdf`).

    Raises:
        NotFoundError: no such document of the organisation.
        ServiceError: the file is missing or changed, or Chromium is missing or fails.
    """
    doc = _own_document(session, access, doc_id)
    return pdf_name(doc.html_path), html_to_pdf(stored_html(doc))
