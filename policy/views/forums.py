"""View models of the forum documents: Undangan, Daftar Hadir, Notulen, Rekapitulasi Masukan.

Layer: domain presentation (built by `policy.services.forums`). Names, institutions,
group labels written in files, section labels and input texts are untrusted: the
templates pass every one of them through `md` or `md_quote`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View
from policy.models import Forum, MinutesApproval
from policy.packplans import PackGroup
from policy.views.sections import GENERAL, SectionPlace, head_order, plain_head


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class ForumInfo(_Row):
    """A forum as the documents name it."""

    code: str
    title: str
    held_on: date
    starts_at: time | None = Field(default=None, description="Local start; None: not given.")
    ends_at: time | None = Field(default=None, description="Local end; None: until finished.")
    venue: str
    round: int = Field(description="Consultation round (1, or more after drafting sent it back).")
    groups: list[str] = Field(description="Names of the invited stakeholder groups.")
    agenda: list[str]
    closed: bool


class GroupCount(_Row):
    """Attendance of one stakeholder group at a forum."""

    group: str = Field(description="Pack group name, or the label as written in the file.")
    invited: bool = Field(description="The group is among the forum's invited groups.")
    registered: bool = Field(description="The label matches a group of the organisation pack.")
    present: int
    absent: int


class UnitCount(_Row):
    """ASN attendance of one unit kerja (attendees whose NIP matches an employee)."""

    unit: str
    present: int
    absent: int


class Attendee(_Row):
    """A line of the Daftar Hadir."""

    no: int
    name: str
    nip: str | None = Field(description="18-digit NIP, or None for non-ASN attendees.")
    institution: str
    group: str
    present: bool


class GroupTally(_Row):
    """A number of inputs from one stakeholder group."""

    group: str
    count: int


class InputItem(_Row):
    """One input (masukan), as received."""

    number: int = Field(description="Receipt number, unique within the cycle.")
    forum_code: str
    section_ref: str = Field(description="The section as the author wrote it (may be empty).")
    place: SectionPlace = Field(description="That section, and where it is in the shown version.")
    head: SectionPlace = Field(description="The heading the input is grouped under.")
    show_ref: bool = Field(description="The label as written says more than the heading does.")
    group: str
    author: str
    institution: str
    text: str
    duplicate_of: int | None = Field(
        default=None, description="Receipt number of an earlier input with the same text."
    )
    near_duplicate_of: int | None = Field(
        default=None, description="Receipt number of an earlier input with nearly the same text."
    )
    similarity: int | None = Field(
        default=None, description="Word-level similarity to `near_duplicate_of`, in percent."
    )
    theme: str = Field(default="", description="Theme from the pack's keyword lexicon.")
    theme_other: bool = Field(default=False, description="The theme is the fallback theme.")


class ThemeInputs(_Row):
    """Inputs on one theme, across the sections they name."""

    theme: str
    other: bool = Field(description="The fallback theme (no keyword matched).")
    count: int
    sections: list[SectionPlace] = Field(description="Headings of the sections named, in order.")
    general: bool = Field(description="Some of the inputs name no section ('Umum').")
    numbers: list[int] = Field(description="Receipt numbers of the inputs.")


class ApprovalRow(_Row):
    """One approval of the minutes (or its empty place)."""

    role: Literal["organiser", "leader"]
    name: str = Field(default="", description="Empty while the approval is missing.")
    title: str = ""
    approved_on: date | None = None


class SectionInputs(_Row):
    """Inputs on one section of the draft."""

    section: str = Field(
        description="The heading as plain text for summaries: 'Pasal 6', 'Umum', or "
        "'Pasal 17 (versi 1; dihapus pada versi 2)' for a section since removed."
    )
    head: SectionPlace = Field(description="The section as headed in the shown version.")
    general: bool = Field(description="True for inputs that name no section ('Umum').")
    count: int
    by_group: list[GroupTally]
    items: list[InputItem]


class InvitationView(View):
    """The invitation letter (Undangan) of one forum."""

    forum: ForumInfo
    legal_form: str = Field(description="'Perwali', 'Perbup', 'Pergub' or 'Keputusan'.")
    policy_title: str
    head_title: str = Field(description="Head of the region, e.g. 'Wali Kota'.")
    region: str
    signer_name: str
    signer_title: str
    on_behalf_of: str = Field(description="'WALI KOTA CONTOH' when signed a.n. the head; else ''.")


class AttendanceListView(View):
    """The sign-in list (Daftar Hadir) of one forum; blank lines when nobody is recorded yet."""

    forum: ForumInfo
    attendees: list[Attendee]
    present: int
    absent: int
    blank_rows: int = Field(description="Empty numbered lines to print for signing by hand.")


class MinutesView(View):
    """The minutes (Notulen / Berita Acara) of a closed forum."""

    forum: ForumInfo
    chair: str
    secretary: str
    summary: list[str] = Field(description="Paragraphs of the summary (untrusted text).")
    decisions: list[str]
    groups: list[GroupCount]
    units: list[UnitCount]
    present: int
    absent: int
    inputs: int
    sections: list[SectionInputs]
    approvals: list[ApprovalRow] = Field(description="Organiser's, then leader's approval.")


class ForumRecap(_Row):
    """One forum's line in the Rekapitulasi."""

    code: str
    title: str
    held_on: date
    venue: str
    round: int
    closed: bool
    approved: bool = Field(description="Minutes approved by the organiser and a leader.")
    approvals: list[ApprovalRow] = Field(
        default_factory=list,
        description="The organiser's and the leader's approval of a closed forum's minutes.",
    )
    present: int
    inputs: int


class GroupSummary(_Row):
    """One stakeholder group across the closed forums."""

    group: str
    registered: bool
    forums_invited: int
    present: int
    inputs: int


class SectionRow(_Row):
    """A line of the per-section count table: counts in `RecapView.group_names` order."""

    section: str
    head: SectionPlace
    general: bool
    count: int
    counts: list[int]


class RecapView(View):
    """The cycle-wide Rekapitulasi Masukan over all closed forums."""

    legal_form: str
    policy_title: str
    round: int
    version: int | None = Field(description="Draft version whose Pasal the inputs are grouped by.")
    moved_refs: int = Field(description="Inputs whose Pasal has another number now, or is gone.")
    forums: list[ForumRecap]
    groups: list[GroupSummary]
    group_names: list[str] = Field(description="Column order of the per-section group counts.")
    section_rows: list[SectionRow]
    sections: list[SectionInputs]
    themes: list[ThemeInputs]
    total_inputs: int
    duplicates: int
    near_duplicates: int
    pending_inputs: int = Field(description="Inputs of forums not closed yet (not included).")
    prepared_by: str
    prepared_by_title: str


# ------------------------------------------------------------ grouping helpers


class GroupNames:
    """Stakeholder group labels as written in files, mapped to the pack's group names."""

    def __init__(self, groups: Iterable[PackGroup]) -> None:
        groups = list(groups)
        self.order = [g.name for g in groups]
        self.by_code = {g.code: g.name for g in groups}
        self._lookup = {k.casefold(): g.name for g in groups for k in (g.code, g.name)}

    def name(self, label: str) -> str:
        """The pack name of a code or name (any case); unknown labels as written."""
        text = " ".join(label.split())
        return self._lookup.get(text.casefold(), text)

    def registered(self, name: str) -> bool:
        """Whether `name` is a group of the pack."""
        return name in self.by_code.values()

    def sort_key(self, name: str) -> tuple[int, str]:
        """Pack order first, then unknown labels alphabetically."""
        if name in self.order:
            return (self.order.index(name), "")
        return (len(self.order), name.casefold())


def build_sections(items: Iterable[InputItem], groups: GroupNames) -> list[SectionInputs]:
    """Inputs grouped by their heading (a section's stable id, else its label), in draft order.

    Inputs on the same Pasal group together whatever number their round's version gave
    it, under the label of the shown version; the heading is that of the first input.
    """
    by_key: dict[str, list[InputItem]] = {}
    for item in items:
        by_key.setdefault(item.head.key, []).append(item)
    out = []
    for members in by_key.values():
        tally: dict[str, int] = {}
        for item in members:
            tally[item.group] = tally.get(item.group, 0) + 1
        ordered = sorted(tally.items(), key=lambda t: groups.sort_key(t[0]))
        head = members[0].head
        out.append(
            SectionInputs(
                section=plain_head(head),
                head=head,
                general=head.key == GENERAL.casefold(),
                count=len(members),
                by_group=[GroupTally(group=g, count=n) for g, n in ordered],
                items=members,
            )
        )
    return sorted(out, key=lambda s: head_order(s.head))


def build_themes(items: Iterable[InputItem], themes: list[str], fallback: str) -> list[ThemeInputs]:
    """Inputs per theme in the lexicon's order (themes with inputs only)."""
    by_theme: dict[str, list[InputItem]] = {}
    for item in items:
        by_theme.setdefault(item.theme or fallback, []).append(item)
    order = [*themes, *sorted(t for t in by_theme if t not in themes)]
    general = GENERAL.casefold()
    return [
        ThemeInputs(
            theme=theme,
            other=theme == fallback,
            count=len(by_theme[theme]),
            sections=sorted(
                {i.head.key: i.head for i in by_theme[theme] if i.head.key != general}.values(),
                key=head_order,
            ),
            general=any(i.head.key == general for i in by_theme[theme]),
            numbers=sorted(i.number for i in by_theme[theme]),
        )
        for theme in order
        if theme in by_theme
    ]


def forum_info(forum: Forum, names: GroupNames) -> ForumInfo:
    """A forum row as the documents name it."""
    return ForumInfo(
        code=forum.code,
        title=forum.title,
        held_on=forum.held_on,
        starts_at=forum.starts_at,
        ends_at=forum.ends_at,
        venue=forum.venue,
        round=forum.round,
        groups=[names.by_code.get(g, g) for g in forum.groups],
        agenda=list(forum.agenda),
        closed=forum.status == "closed",
    )


def group_counts(forum: Forum, counts: dict[str, list[int]], names: GroupNames) -> list[GroupCount]:
    """Invited groups (even when nobody came) and every group that signed in.

    `counts` maps a group name to [present, absent] for this forum.
    """
    invited = [names.by_code.get(g, g) for g in forum.groups]
    seen = {g: [0, 0] for g in invited} | counts
    return [
        GroupCount(
            group=g, invited=g in invited, registered=names.registered(g), present=p, absent=a
        )
        for g, (p, a) in sorted(seen.items(), key=lambda t: names.sort_key(t[0]))
    ]


def group_summary(
    closed: Iterable[Forum],
    counts: dict[int, dict[str, list[int]]],
    items: Iterable[InputItem],
    names: GroupNames,
) -> list[GroupSummary]:
    """Every pack group, then labels found only in files: invitations, presence, inputs.

    `counts` maps a forum id to {group name: [present, absent]}.
    """
    rows: dict[str, list[int]] = {g: [0, 0, 0] for g in names.order}
    for f in closed:
        for g in f.groups:
            rows.setdefault(names.by_code.get(g, g), [0, 0, 0])[0] += 1
        for g, (p, _a) in counts.get(f.id or 0, {}).items():
            rows.setdefault(g, [0, 0, 0])[1] += p
    for item in items:
        rows.setdefault(item.group, [0, 0, 0])[2] += 1
    return [
        GroupSummary(
            group=g, registered=names.registered(g), forums_invited=v[0], present=v[1], inputs=v[2]
        )
        for g, v in sorted(rows.items(), key=lambda t: names.sort_key(t[0]))
    ]


def section_rows(sections: Iterable[SectionInputs], group_names: list[str]) -> list[SectionRow]:
    """The per-section count table, one count per name of `group_names`."""
    return [
        SectionRow(
            section=s.section,
            head=s.head,
            general=s.general,
            count=s.count,
            counts=[next((t.count for t in s.by_group if t.group == g), 0) for g in group_names],
        )
        for s in sections
    ]


def approval_rows(approvals: Iterable[MinutesApproval]) -> list[ApprovalRow]:
    """The organiser's and the leader's approval, each empty while missing."""
    given = {a.role: a for a in approvals}
    rows = []
    for role in ("organiser", "leader"):
        a = given.get(role)
        rows.append(
            ApprovalRow(role=role)
            if a is None
            else ApprovalRow(role=role, name=a.name, title=a.title, approved_on=a.approved_on)
        )
    return rows


def paragraphs(text: str) -> list[str]:
    """Text split at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
