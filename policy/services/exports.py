"""Files of personal data leaving Siklus: each export recorded in the audit trail.

Layer: domain services (helper of `policy.services.evaluation_export` and
`policy.services.action_export`; it flushes, never commits). A file that names employees
(their results, the follow-up about them) is personal data leaving the system (UU
27/2022): the pemda must be able to say which file left, when, by whose hand and what it
held. Each export is therefore one audit event naming the file, its format, its row count
and the sha256 of its bytes, so that a copy found later can be matched to the export that
wrote it. Who may export is each caller's rule (`require_role` before anything is read).
The file is written (`deliver`) before the event is recorded and committed: a file that
cannot be written (no room, no right to the folder) leaves no event of an export that did
not happen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from policy import audit
from policy.models import AuditEvent


def record_export(
    session: Session,
    *,
    action: str,
    actor: str,
    subject_type: str,
    subject_id: int,
    organisation_id: int | None,
    filename: str,
    fmt: str,
    content: bytes,
    rows: int,
    details: dict[str, Any],
    deliver: Callable[[bytes], None] | None = None,
) -> AuditEvent:
    """Record that `actor` exported `content` as `filename` (flushes; the caller commits).

    The payload holds `details` (what the caller chose: period, filters) and the file's
    name, format, row count and sha256. `deliver`, given, writes `content` first; what it
    raises (an OSError) leaves nothing recorded.
    """
    if deliver is not None:
        deliver(content)
    return audit.record(
        session, actor=actor, action=action, subject_type=subject_type, subject_id=subject_id,
        organisation_id=organisation_id,
        payload={**details, "rows": rows, "format": fmt, "file": filename,
                 "sha256": hashlib.sha256(content).hexdigest()},
    )  # fmt: skip
