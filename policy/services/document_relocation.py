"""Registered documents pointed at the current documents folder after their folder moved.

Layer: domain services (counterpart: `siklus docs relocate`). The registry keeps its paths
relative to the documents folder (migration 0017), so a data folder moved as a whole keeps
its documents. Paths registered before that and left absolute by the migration still name
the folder they were published in: a database upgraded only after its data folder was
moved or restored elsewhere, or documents published while `SIKLUS_DATA_DIR` named another
folder. `siklus docs verify` reads those as missing. `relocate` finds the organisation's
paths under the old folder and, on an admin's order, makes them relative, so that they are
read in the current folder. A document is re-pointed only when both its files are there;
the others keep their path and are named. Re-pointing changes no file and no hash:
`siklus docs verify` afterwards checks the files against the audit trail as always.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, or_, update
from sqlmodel import Session, col, select

from policy import audit
from policy.models import Cycle, Document, Policy, Role
from policy.services.common import get_member, get_org, require_role
from policy.settings import get_settings

__all__ = ["RELOCATORS", "Relocation", "relocate"]

#: Who may re-point the registry: the administrators (it is what auditors read files by).
RELOCATORS = (Role.ADMIN,)
#: Documents a result names among those whose files are not in the current folder.
NAMED = 20


@dataclass(frozen=True)
class Relocation:
    """What re-pointing the registry at the current documents folder finds, or did."""

    old: str  # the old folder, as the paths begin with it ('/srv/lama/documents/')
    folder: str  # the current documents folder
    found: int  # documents with a path under the old folder
    movable: int  # of those, the ones with both files in the current folder
    left: int  # the others: a file not in the current folder
    missing: tuple[str, ...]  # the first `NAMED` of them, with the file not found
    applied: bool


def relocate(
    *, session: Session, organisation: str | None, old: Path, actor: str, apply: bool = False
) -> Relocation:
    """The organisation's documents registered under `old`; `apply` re-points them (commits).

    Raises:
        ServiceError: with `apply`, `actor` is no admin of the organisation.
    """
    org = get_org(session, organisation)
    if apply:
        require_role(get_member(session, org, actor), RELOCATORS, "memindahkan daftar dokumen")
    root = os.path.abspath(old).rstrip("/") + "/"
    settings = get_settings()
    cycles = (
        select(Cycle.id)
        .join(Policy, col(Cycle.policy_id) == col(Policy.id))
        .where(Policy.organisation_id == org.id)
    )
    rows = session.exec(
        select(Document.id, Document.md_path, Document.html_path)
        .where(
            col(Document.cycle_id).in_(cycles),
            or_(
                col(Document.md_path).startswith(root, autoescape=True),
                col(Document.html_path).startswith(root, autoescape=True),
            ),
        )
        .order_by(col(Document.id))
    ).all()
    moves: list[dict[str, object]] = []
    missing: list[str] = []
    for doc_id, md, html in rows:
        new_md, new_html = (p.removeprefix(root) for p in (md, html))
        gone = [p for p in (new_html, new_md) if not settings.document_file(p).is_file()]
        if gone:
            missing.append(f"#{doc_id} {gone[0]}")
        else:
            moves.append({"doc_id": doc_id, "md": new_md, "html": new_html})
    folder = str(settings.documents_dir.resolve())
    if apply and moves:
        table = Document.__table__  # type: ignore[attr-defined]
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("doc_id"))
            .values(md_path=bindparam("md"), html_path=bindparam("html")),
            moves,
        )
        audit.record(
            session, actor=actor, action="documents.relocated", subject_type="organisation",
            subject_id=org.id or 0, organisation_id=org.id,
            payload={"from": root, "to": folder, "documents": len(moves),
                     "left": len(missing)},
        )  # fmt: skip
        session.commit()
    return Relocation(
        old=root, folder=folder, found=len(rows), movable=len(moves), left=len(missing),
        missing=tuple(missing[:NAMED]), applied=apply and bool(moves),
    )  # fmt: skip
