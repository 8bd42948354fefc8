"""View model of the Perbandingan Versi (comparison of two draft versions, per Pasal).

Layer: domain presentation (built by `policy.services.draft_compare`). Pasal are
matched by stable section id, so a renumbered Pasal is not a changed one. The
redline is data (segments that are the same, deleted or inserted); the template
words it as Markdown: `~~deleted~~` and `**inserted**`, every word through `md`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View
from policy.views.sections import SectionPlace


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class SegmentRow(_Row):
    """A run of words: unchanged, deleted or inserted (draft text, untrusted)."""

    op: Literal["same", "del", "ins"]
    text: str


class RedlineRow(_Row):
    """One line of a Pasal's redline."""

    segments: list[SegmentRow]


class InputLink(_Row):
    """An input whose response names the Pasal as changed in the new version."""

    number: int = Field(description="Receipt number.")
    disposition: str = Field(description="diterima, diterima sebagian, …")
    round: int = Field(description="Consultation round of the input's forum.")
    forum_code: str
    section_ref: str = Field(description="The section the input named, as written.")
    place: SectionPlace = Field(description="That section, and where it is in the new version.")


class PasalChangeRow(_Row):
    """One Pasal in the comparison."""

    sid: str = Field(description="Stable section id.")
    status: Literal["added", "removed", "changed", "unchanged"]
    old_number: int | None = Field(description="Pasal number in the old version (None: added).")
    new_number: int | None = Field(description="Pasal number in the new version (None: removed).")
    heading: str = Field(description="BAB › Bagian path in the new version (old, if removed).")
    old_heading: str | None = Field(description="The old path when the Pasal moved; else None.")
    renumbered: bool
    lines: list[RedlineRow] = Field(description="Redline; empty for an unchanged Pasal.")
    inputs: list[InputLink]


class ComparisonView(View):
    """Everything the Perbandingan Versi shows."""

    legal_form: str
    instrument: Literal["peraturan", "keputusan"] = Field(
        default="peraturan", description="A Keputusan compares diktum, not Pasal."
    )
    policy_title: str
    old_version: int
    new_version: int
    pasal_old: int = Field(description="Number of Pasal in the old version.")
    pasal_new: int = Field(description="Number of Pasal in the new version.")
    added: int
    removed: int
    changed: int
    renumbered: int = Field(description="Pasal whose number changed (text changed or not).")
    unchanged: int
    changes: list[PasalChangeRow]
    inputs_linked: int = Field(description="Inputs linked to at least one changed Pasal.")
