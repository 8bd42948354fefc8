"""Where the draft section an input names is: the label as written and its place now.

Layer: domain presentation (built by `policy.services.section_refs`; used by the
forum, drafting and comparison views and the organiser pages). An input names a
section the way its author wrote it ("Pasal 5 ayat (2)"; for a Keputusan "Diktum
KEDUA", "diktum kedua angka 1" or just "KEDUA"), in the draft version its
forum consulted on. Sections are tracked by stable id at BAB and Pasal level, so a
document showing a later version can say where that Pasal is now, or that it was
removed. The `bagian` template filter words a `SectionPlace` in each locale.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policy.perwali import diktum_number, diktum_word

#: Section key of inputs that name no section of the draft.
GENERAL = "Umum"
#: `DraftSection.kind` of the numbered units of a draft: Pasal, or diktum of a Keputusan.
ARTICLE_KINDS = ("pasal", "diktum")
_PASAL = re.compile(r"\bpasal\s*(\d+)([a-z](?![a-z]))?", re.IGNORECASE)
_BAB = re.compile(r"\bbab\s+([ivxlcdm]+)\b", re.IGNORECASE)
_DIKTUM = re.compile(r"\bdiktum\s+(.+)$", re.IGNORECASE)
_BARE_DIKTUM = re.compile(r"^(ke[a-z]+\b.*)$", re.IGNORECASE)
_PASAL_KEY = re.compile(r"Pasal (\d+)([A-Z]?)")
_DIKTUM_KEY = re.compile(r"Diktum ([A-Z]+(?: [A-Z]+){0,3})")
_SECTION_KEY = re.compile(r"Pasal \d+[A-Z]?|BAB [IVXLCDM]+|Diktum [A-Z]+(?: [A-Z]+){0,3}")

PlaceStatus = Literal["general", "same", "moved", "removed", "unknown", "unmatched"]


class SectionPlace(BaseModel):
    """A section as an input names it, and where it is in the version a document shows.

    status: 'general' (no section named); 'same' (the section has the same label in the
    shown version); 'moved' (it has another number there: `kind`, `number`, `shown`);
    'removed' (a version up to the shown one dropped it: `removed_in`); 'unknown' (a
    BAB or Pasal the consulted version does not hold; grouped as general); 'unmatched'
    (no draft version to read it against, or a part that is not a BAB or Pasal, such as
    'Menimbang huruf b'; grouped by the label as written).
    """

    model_config = ConfigDict(frozen=True)

    given: str = Field(description="The section as written, e.g. 'Pasal 5 ayat (2)' (untrusted).")
    status: PlaceStatus
    sid: str = Field(default="", description="Stable id of the BAB or Pasal named, or ''.")
    version: int | None = Field(
        default=None, description="Draft version the label refers to (the one consulted on)."
    )
    kind: Literal["pasal", "diktum", "bab", ""] = Field(default="", description="Kind, when moved.")
    number: str = Field(
        default="",
        description="Number in the shown version when moved: '6', 'IV' for a BAB, '3' for "
        "the diktum KETIGA.",
    )
    shown: int | None = Field(default=None, description="The version the document shows.")
    removed_in: int | None = Field(
        default=None, description="First version without the section, when removed."
    )
    heading: bool = Field(
        default=False,
        description="`given` is a group heading's label (the draft's own, such as 'Pasal 11', "
        "or the key of a label no draft holds), not an input's label as its author wrote it: "
        "an English document names it in English ('Article 11').",
    )

    @property
    def key(self) -> str:
        """What inputs under this place, taken as a group heading, are grouped by."""
        if self.status in ("general", "unknown"):
            return GENERAL.casefold()
        return self.sid or "~" + self.given.casefold()


GENERAL_PLACE = SectionPlace(given="", status="general")


def section_key(ref: str) -> str:
    """The grouping key of a section label: 'pasal 5 ayat (2)' -> 'Pasal 5'; '' -> 'Umum'."""
    text = " ".join(ref.split())
    if not text:
        return GENERAL
    if m := _PASAL.search(text):
        return f"Pasal {int(m.group(1))}{(m.group(2) or '').upper()}"
    if m := _BAB.search(text):
        return f"BAB {m.group(1).upper()}"
    if (m := _DIKTUM.search(text) or _BARE_DIKTUM.match(text)) and (n := _diktum_of(m.group(1))):
        return f"Diktum {diktum_word(n)}"
    return text[0].upper() + text[1:]


def _diktum_of(text: str) -> int | None:
    """The diktum number an ordinal at the start of `text` names ('kedua angka 1' -> 2)."""
    words = text.replace(":", " ").split()
    for size in (4, 3, 2, 1):
        if len(words) >= size and (n := diktum_number(" ".join(words[:size]))) is not None:
            return n
    return None


def names_section(key: str) -> bool:
    """Whether a section key names a BAB or a Pasal (the parts a draft tracks by id)."""
    return _SECTION_KEY.fullmatch(key) is not None


def section_order(key: str) -> tuple[int, int, str]:
    """Pasal (or diktum) by number first, then other labels alphabetically, 'Umum' last."""
    if key == GENERAL:
        return (3, 0, "")
    if m := _PASAL_KEY.fullmatch(key):
        return (0, int(m.group(1)), m.group(2))
    if (m := _DIKTUM_KEY.fullmatch(key)) and (n := diktum_number(m.group(1))) is not None:
        return (0, n, "")
    return (1, 0, key.casefold())


def head_order(head: SectionPlace) -> tuple[int, int, str]:
    """Group headings in the draft's order, then removed sections, then 'Umum'."""
    if head.key == GENERAL.casefold():
        return section_order(GENERAL)
    order = section_order(head.given)
    return (2, order[1], order[2]) if head.status == "removed" else order


def plain_head(head: SectionPlace) -> str:
    """A group heading as plain Indonesian text, for stage summaries and tables."""
    if head.key == GENERAL.casefold():
        return GENERAL
    if head.status == "removed":
        return f"{head.given} (versi {head.version}; dihapus pada versi {head.removed_in})"
    return head.given


def shows_ref(place: SectionPlace, head: SectionPlace) -> bool:
    """Whether an input's label as written says more than the heading it is grouped under."""
    if place.status == "general":
        return False
    if place.status in ("moved", "unknown"):
        return True
    if place.status == "removed" and place.version != head.version:
        return True
    return place.given != head.given
