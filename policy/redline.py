"""Comparing two versions of a draft: Pasal matched by stable id, word-level redline.

Layer: pure domain (no database, no IO); used by `policy.services.draft_compare`.
A Pasal keeps its section id across versions (`policy.perwali.assign_ids`), so a
Pasal inserted before others makes the later ones *renumbered*, not changed: the
comparison goes by id, and only the text under the heading is compared. The
redline is a list of lines (following the new text's lines), each a list of
segments that are the same, deleted or inserted words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["same", "del", "ins"]
Status = Literal["added", "removed", "changed", "unchanged"]

_BREAK = "\n"


@dataclass(frozen=True)
class Segment:
    """A run of words that are the same in both versions, deleted, or inserted."""

    op: Op
    text: str


@dataclass(frozen=True)
class SectionText:
    """A Pasal of one version: stable id, number, label, heading path and text."""

    sid: str
    number: int
    label: str
    heading: str
    text: str


@dataclass(frozen=True)
class PasalDiff:
    """What happened to one Pasal between two versions."""

    sid: str
    status: Status
    old: SectionText | None
    new: SectionText | None
    lines: tuple[tuple[Segment, ...], ...]

    @property
    def renumbered(self) -> bool:
        """The Pasal is in both versions under different numbers."""
        return self.old is not None and self.new is not None and self.old.label != self.new.label

    @property
    def moved(self) -> bool:
        """The Pasal is in both versions under a different BAB/Bagian."""
        return (
            self.old is not None and self.new is not None and self.old.heading != self.new.heading
        )


def _tokens(text: str) -> list[str]:
    """Words, with a line-break token between lines."""
    out: list[str] = []
    for line in text.split("\n"):
        words = line.split()
        if not words:
            continue
        if out:
            out.append(_BREAK)
        out.extend(words)
    return out


def _push(lines: list[list[Segment]], op: Op, word: str) -> None:
    line = lines[-1]
    if line and line[-1].op == op:
        line[-1] = Segment(op, f"{line[-1].text} {word}")
    else:
        line.append(Segment(op, word))


def redline(old: str, new: str) -> tuple[tuple[Segment, ...], ...]:
    """Word-level differences from `old` to `new`, as lines of segments.

    Lines follow the new text (a deleted line break joins the deleted words to the
    line they were on); when `new` is empty they follow the old text. Whitespace
    alone never makes a difference.
    """
    a, b = _tokens(old), _tokens(new)
    follow_old = not b
    lines: list[list[Segment]] = [[]]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            for word in a[i1:i2]:
                if word == _BREAK:
                    if follow_old:
                        lines.append([])
                    continue
                _push(lines, "del", word)
        if tag in ("replace", "insert"):
            for word in b[j1:j2]:
                if word == _BREAK:
                    lines.append([])
                    continue
                _push(lines, "ins", word)
        if tag == "equal":
            for word in b[j1:j2]:
                if word == _BREAK:
                    lines.append([])
                    continue
                _push(lines, "same", word)
    return tuple(tuple(line) for line in lines if line)


def same_text(old: str, new: str) -> bool:
    """Whether two Pasal texts are the same word for word (whitespace ignored)."""
    return _tokens(old) == _tokens(new)


def compare_versions(old: Sequence[SectionText], new: Sequence[SectionText]) -> list[PasalDiff]:
    """Every Pasal of either version, matched by stable id, in reading order.

    Pasal of the new version come in their order; a removed Pasal comes right after
    the Pasal that preceded it in the old version (or first, if none did).
    """
    old_by_sid = {s.sid: s for s in old}
    new_sids = {s.sid for s in new}
    removed_after: dict[str | None, list[SectionText]] = {}
    previous: str | None = None
    for section in old:
        if section.sid not in new_sids:
            removed_after.setdefault(previous, []).append(section)
        else:
            previous = section.sid
    out: list[PasalDiff] = [_removed(s) for s in removed_after.get(None, [])]
    for section in new:
        before = old_by_sid.get(section.sid)
        if before is None:
            out.append(PasalDiff(section.sid, "added", None, section, redline("", section.text)))
        elif same_text(before.text, section.text):
            out.append(PasalDiff(section.sid, "unchanged", before, section, ()))
        else:
            lines = redline(before.text, section.text)
            out.append(PasalDiff(section.sid, "changed", before, section, lines))
        out.extend(_removed(s) for s in removed_after.get(section.sid, []))
    return out


def _removed(section: SectionText) -> PasalDiff:
    return PasalDiff(section.sid, "removed", section, None, redline(section.text, ""))
