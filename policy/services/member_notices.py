"""Notices the reminder sweep sends to the pack's members of a role, one email per member.

Layer: domain services (helper of `policy.services.reminders`). The review notices (to
leaders), the objection notices and the progress notices (to officers) differ only in what
they list and how their email reads; each is a `MemberNotices`, and the sweep plans, writes
and records them all the same way (`plan_members`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from policy.orgconfig import PackMember
from policy.packschema import Pack


class Keyed(Protocol):
    """A notice the send log records under its key, with its day."""

    @property
    def key(self) -> str:
        """The send log's key."""
        ...


N = TypeVar("N", bound=Keyed)


def _nobody(_member: PackMember, _notice: Any) -> bool:
    return False


@dataclass(frozen=True)
class MemberNotices(Generic[N]):
    """Notices of one kind for the members with `role`, and how their email is made.

    `what` words a notice for the list of members without an address; `view` makes the
    email's view for a recipient's name and their notices; `subject` its subject; `skip`
    names a member who is not told a notice (four eyes: the leader who ran a stage).
    """

    kind: str
    template: str
    role: str
    notices: Sequence[N]
    what: Callable[[N], str]
    view: Callable[[str, Sequence[N]], BaseModel]
    subject: Callable[[Sequence[N]], str]
    skip: Callable[[PackMember, N], bool] = _nobody


def plan_members(
    pack: Pack, source: MemberNotices[N], done: set[tuple[str, str, str]]
) -> tuple[dict[str, list[N]], dict[str, str], list[str]]:
    """New notices per address of the source's members; names per address; the rest.

    The rest: the members without an address, as "name: `what`(notice)". A member `skip`
    names is not told; one already sent a notice of this kind (in `done`) is not again.
    """
    groups: dict[str, list[N]] = {}
    names: dict[str, str] = {}
    missing: list[str] = []
    members = [m for m in pack.members if source.role in m.roles]
    for notice in source.notices:
        for m in members:
            if source.skip(m, notice):
                continue
            if not m.email:
                missing.append(f"{m.name}: {source.what(notice)}")
                continue
            address = m.email.lower()
            if (notice.key, source.kind, address) in done:
                continue
            names.setdefault(address, m.name)
            groups.setdefault(address, []).append(notice)
    return groups, names, missing
