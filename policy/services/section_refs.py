"""Section references of forum inputs, read across draft versions and consultation rounds.

Layer: domain services (reads only; used by `imports`, `consultation`, the forum and
drafting documents and the organiser pages). An input names a section as its author
wrote it ("Pasal 5 ayat (2)"). That label means the section of the draft version the
input's forum consulted on, which is not always the latest:

- A forum of consultation round r consulted on the newest version put to a round up
  to r (`DraftVersion.for_round`): the draft imported with the forums stage of round r,
  else the one drafting wrote in the round before, else an earlier one. A version
  drafting writes in round r answers that round; it is consulted on only in round r+1.
  So a round-1 input imported late, after drafting wrote version 2, still reads
  "Pasal 5" in version 1, and the portal page of a round-1 forum shows version 1.
  Rounds, not dates, tie a forum to a version: a forum's date is when it was held, a
  version's time is when it was imported, and input on paper is often typed in after
  the next draft exists.
- With no such version (no draft recorded for the round yet) a label is kept as written
  and matched with no section ('unmatched').
- A label is read at BAB and Pasal level: "Pasal 5 ayat (2)" names Pasal 5 (ayat and
  huruf have no ids), and the label itself is kept whole. In a Keputusan the level is
  the diktum: "Diktum KEDUA", "diktum kedua angka 1" and "KEDUA" name the diktum KEDUA.
- A BAB or Pasal the consulted version does not hold ("Pasal 99") names no section: the
  input is kept and counted as general ('unknown'); the importer warns.

The id found when an input is recorded is stored in `ForumInput.section_sid`; an input
recorded with none (before any draft) is read again the same way when it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from policy.models import DraftSection, DraftVersion, Forum
from policy.perwali import diktum_number
from policy.views.sections import (
    GENERAL,
    GENERAL_PLACE,
    SectionPlace,
    names_section,
    section_key,
)


@dataclass(frozen=True)
class DraftIndex:
    """Every draft version of a cycle with its BAB and Pasal, by label and by stable id."""

    rounds: dict[int, int] = field(default_factory=dict)
    """Version number -> the consultation round it is put to."""
    sections: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)
    """Version number -> sid -> (kind, label)."""
    labels: dict[int, dict[str, str]] = field(default_factory=dict)
    """Version number -> label -> sid."""

    @property
    def latest(self) -> int | None:
        """The newest version number, or None before the first draft."""
        return max(self.rounds, default=None)

    def upto(self, version: int | None) -> DraftIndex:
        """This index without the versions after `version` (without any for None)."""
        keep = [n for n in self.rounds if version is not None and n <= version]
        return DraftIndex(
            rounds={n: self.rounds[n] for n in keep},
            sections={n: self.sections[n] for n in keep if n in self.sections},
            labels={n: self.labels[n] for n in keep if n in self.labels},
        )

    def consulted(self, rnd: int) -> int | None:
        """The version a forum of round `rnd` consulted on (see the module docstring)."""
        return max((n for n, r in self.rounds.items() if r <= rnd), default=None)

    def resolve(self, ref: str, version: int | None) -> str | None:
        """The sid `ref` names in `version`: '' if it names no BAB or Pasal, None if unknown.

        'Unknown' is a BAB or Pasal label that `version` does not hold; a label that is not
        one ('Menimbang huruf b'), an empty one, or one with no version to read it against
        names no section.
        """
        key = section_key(ref)
        if version is None or key == GENERAL or not names_section(key):
            return ""
        return self.labels.get(version, {}).get(key)

    def place(self, ref: str, sid: str, rnd: int, shown: int | None) -> SectionPlace:
        """Where the section an input of round `rnd` names (`ref`, stored `sid`) is in `shown`."""
        given = " ".join(ref.split())
        if not given:
            return GENERAL_PLACE
        version = self.consulted(rnd)
        if not sid:
            found = self.resolve(given, version)
            if found is None:
                return SectionPlace(given=given, status="unknown", version=version)
            if not found:
                return SectionPlace(given=given, status="unmatched", version=version)
            sid = found
        version = self._holding(sid, section_key(given), version)
        if version is None:
            return SectionPlace(given=given, status="unmatched", sid=sid)
        if shown is None or shown <= version:
            return SectionPlace(given=given, status="same", sid=sid, version=version)
        now = self.sections.get(shown, {}).get(sid)
        if now is None:
            gone = min(
                (n for n in self.rounds if version < n <= shown and sid not in self.sections[n]),
                default=shown,
            )
            return SectionPlace(
                given=given, status="removed", sid=sid, version=version, removed_in=gone
            )
        if now[1] == self.sections[version][sid][1]:
            return SectionPlace(given=given, status="same", sid=sid, version=version, shown=shown)
        number = now[1].partition(" ")[2]
        if now[0] == "diktum":
            number = str(diktum_number(number) or number)
        return SectionPlace(
            given=given,
            status="moved",
            sid=sid,
            version=version,
            kind="bab" if now[0] == "bab" else "diktum" if now[0] == "diktum" else "pasal",
            number=number,
            shown=shown,
        )

    def head(self, place: SectionPlace) -> SectionPlace:
        """The heading an input with `place` is grouped under in the document's version."""
        if place.status in ("general", "unknown"):
            return GENERAL_PLACE
        if place.status == "unmatched" or place.version is None:
            return SectionPlace(given=section_key(place.given), status="unmatched", heading=True)
        if place.status == "removed":
            gone = place.removed_in or 0
            last = max(n for n, held in self.sections.items() if place.sid in held and n < gone)
            return place.model_copy(
                update={
                    "given": self.sections[last][place.sid][1],
                    "version": last,
                    "heading": True,
                }
            )
        shown = place.shown or place.version
        label = self.sections[shown][place.sid][1]
        return SectionPlace(given=label, status="same", sid=place.sid, version=shown, heading=True)

    def _holding(self, sid: str, key: str, version: int | None) -> int | None:
        """`version` if it holds `sid`; else the newest version where `sid` had label `key`.

        A stored id read in another version than the one now consulted (a draft imported
        for the round after the input was given) keeps the label's own version.
        """
        if version is not None and sid in self.sections.get(version, {}):
            return version
        held = [n for n, s in self.sections.items() if sid in s]
        same = [n for n in held if self.sections[n][sid][1] == key]
        return max(same or held, default=None)


def draft_index(session: Session, cycle_id: int) -> DraftIndex:
    """The cycle's versions and their BAB and Pasal (two queries)."""
    index = DraftIndex()
    numbers: dict[int, int] = {}
    for vid, number, rnd in session.exec(
        select(DraftVersion.id, DraftVersion.number, DraftVersion.for_round).where(
            DraftVersion.cycle_id == cycle_id
        )
    ):
        numbers[vid or 0] = number
        index.rounds[number] = rnd
        index.sections[number] = {}
        index.labels[number] = {}
    if not numbers:
        return index
    for vid, sid, kind, label in session.exec(
        select(
            DraftSection.version_id, DraftSection.sid, DraftSection.kind, DraftSection.label
        ).where(col(DraftSection.version_id).in_(list(numbers)))
    ):
        number = numbers[vid]
        index.sections[number][sid] = (kind, label)
        index.labels[number][label] = sid
    return index


def consulted_version(session: Session, forum: Forum) -> DraftVersion | None:
    """The draft version a forum consulted on (the rule is in the module docstring)."""
    return session.exec(
        select(DraftVersion)
        .where(DraftVersion.cycle_id == forum.cycle_id, DraftVersion.for_round <= forum.round)
        .order_by(col(DraftVersion.number).desc())
    ).first()


def section_sid_for(
    session: Session, forum: Forum, ref: str, index: DraftIndex | None = None
) -> str:
    """The stable id of the BAB or Pasal a label names in the version `forum` consulted on.

    'Pasal 9 ayat (4)' names Pasal 9. '' for a general input, a part that is not a BAB
    or Pasal, a label that version does not hold, or a forum with no draft yet. Pass the
    cycle's `index` (`draft_index`) when resolving many labels, so it is read once.
    """
    index = index or draft_index(session, forum.cycle_id)
    return index.resolve(ref, index.consulted(forum.round)) or ""
