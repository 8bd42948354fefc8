"""View models of the Rancangan Peraturan and the Matriks Masukan dan Tanggapan.

Layer: domain presentation (built by `policy.services.drafting`). The views carry
the draft's structure and the responses as data; the templates word them, so the
English documents frame the (Indonesian) draft text in English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View
from policy.perwali import Draft, Part, Pasal, roman_value, to_roman
from policy.views.sections import SectionPlace

# 'Lampiran', 'LAMPIRAN II', 'Lampiran III: Format SKP', 'Lampiran 2 - Format SKP'.
_LAMPIRAN = re.compile(
    r"^(?i:lampiran)\b[\s.:\-–—]*(?:([IVXLCDM]+|\d{1,2})(?!\w)[\s.:\-–—]*)?(.*)$"
)
_HEADS = {"Perwali": "Wali Kota", "Perbup": "Bupati", "Pergub": "Gubernur"}

#: Response statuses in display order; "belum" = no response for the latest version.
STATUSES = ("diterima", "diterima sebagian", "tidak diterima", "di luar lingkup", "belum")


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class ItemRow(_Row):
    """A Menimbang or Mengingat item."""

    label: str = Field(description="'a.', '1.' or empty for a single item.")
    text: str = Field(description="Item text from the draft file (untrusted).")


class BodyLine(_Row):
    """One element of the batang tubuh, in reading order."""

    kind: Literal["bab", "bagian", "paragraf", "pasal", "diktum", "ayat", "huruf", "angka", "teks"]
    number: int = Field(default=0, description="BAB/Bagian/Paragraf/Pasal/diktum number.")
    label: str = Field(
        default="",
        description="As written: BAB numeral, Bagian ordinal word, ayat '(1)', rincian 'a.'.",
    )
    title: str = Field(default="", description="BAB, Bagian or Paragraf title (untrusted).")
    text: str = Field(
        default="",
        description="Ayat, rincian or paragraph text; a diktum's first paragraph (untrusted).",
    )
    level: int = Field(default=0, description="Rincian level 1–4; 0 otherwise.")


class RawLineRow(_Row):
    """A line of the Penjelasan or a Lampiran."""

    text: str
    heading: bool


class RawSectionRow(_Row):
    """Penjelasan or Lampiran, kept as written."""

    title: str = Field(description="The heading as written, e.g. 'Lampiran II Format SKP'.")
    lines: list[RawLineRow]
    kind: Literal["penjelasan", "lampiran"] = "penjelasan"
    numeral: str = Field(
        default="", description="A Lampiran's Roman numeral ('II'); empty for a single one."
    )
    name: str = Field(
        default="", description="A Lampiran's own title after its numeral (untrusted)."
    )


class RancanganView(View):
    """Everything the Rancangan Peraturan shows (official layout, UU 12/2011 Lampiran II)."""

    version: int = Field(description="Draft version number.")
    legal_form: str = Field(description="'Perwali', 'Perbup', 'Pergub' or 'Keputusan'.")
    instrument: Literal["peraturan", "keputusan"]
    head: str = Field(description="Head of the region as in the title, e.g. 'Wali Kota'.")
    region: str = Field(description="Region name, e.g. 'Sawahlunto'.")
    region_kind: str = Field(description="'Kota', 'Kabupaten', 'Provinsi' or 'Kecamatan'.")
    policy_title: str
    menimbang: list[ItemRow]
    mengingat: list[ItemRow]
    memperhatikan: list[ItemRow] = Field(
        default_factory=list, description="A Keputusan's 'Memperhatikan' items (may be empty)."
    )
    body: list[BodyLine]
    trailing: list[RawSectionRow]
    signing_title: str = Field(description="E.g. 'WALI KOTA SAWAHLUNTO' (no comma).")
    signing_name: str = Field(description="Name without gelar, pangkat or NIP.")
    secretary_title: str = Field(description="E.g. 'SEKRETARIS DAERAH KOTA SAWAHLUNTO'.")
    secretary_name: str | None = Field(description="None leaves a line to fill in.")
    promulgated: bool = Field(description="Placed in the Berita Daerah (not for a Keputusan).")


class PeraturanView(RancanganView):
    """The final Peraturan: the approved version in the official layout, no 'RANCANGAN'."""

    enacted_on: date = Field(
        description="Date of enactment (Ditetapkan … pada tanggal): the approval date."
    )


class SectionChange(_Row):
    """A section a response names as changed, with the version in which it changed."""

    label: str = Field(description="As the response names it, e.g. 'Pasal 9' (untrusted).")
    version: int = Field(description="First version whose response names this Pasal.")


class MatrixRow(_Row):
    """One input with the drafting team's response for the latest version."""

    number: int
    section_ref: str = Field(description="Pasal/ayat the input refers to, as submitted.")
    place: SectionPlace = Field(description="That section, and where it is in this version.")
    text: str = Field(description="The input, verbatim (untrusted).")
    author: str
    institution: str
    group: str = Field(description="Stakeholder group name.")
    forum: str
    forum_code: str
    forum_date: date
    round: int = Field(description="Consultation round of the input's forum.")
    channel: str
    status: str = Field(description="One of STATUSES.")
    response: str = ""
    changes: list[SectionChange] = Field(default_factory=list)


class RoundCount(_Row):
    """Inputs of one consultation round, and how many have a response for this version."""

    round: int
    total: int
    answered: int


class StatusCount(_Row):
    """How many inputs have a status."""

    status: str
    count: int


class GroupCount(_Row):
    """Inputs of one stakeholder group by status."""

    group: str
    total: int
    accepted: int
    partly: int
    rejected: int
    out_of_scope: int
    pending: int


class SaidDid(_Row):
    """One 'you said, we did' entry; no names of private individuals."""

    group: str
    institution: str = Field(description="Empty for private individuals.")
    section_ref: str
    place: SectionPlace = Field(description="The section named, and where it is in this version.")
    said: str
    did: str
    status: str
    changed_sections: list[str]


class StructureNote(_Row):
    """A structure warning of the latest version."""

    line: int
    message: str


class MatriksView(View):
    """Everything the Matriks Masukan dan Tanggapan shows."""

    legal_form: str
    policy_title: str
    version: int
    pasal_count: int
    chapter_count: int
    rows: list[MatrixRow]
    status_counts: list[StatusCount]
    group_counts: list[GroupCount]
    round_counts: list[RoundCount] = Field(description="One per consultation round, in order.")
    moved_refs: int = Field(description="Inputs whose Pasal has another number now, or is gone.")
    said_did: list[SaidDid]
    structure_notes: list[StructureNote]


# ------------------------------------------------------------- from the parsed draft


def regulation_head(legal_form: str, head_title: str) -> str:
    """The office in the regulation's title: 'Wali Kota' for a Perwali, 'Bupati' for a Perbup.

    The organisation's own spelling wins when it names the same office ('Walikota').
    """
    default = _HEADS.get(legal_form)
    if default is None:
        return head_title
    squash = "".join(head_title.lower().split())
    return head_title if squash == "".join(default.lower().split()) else default


def body_lines(draft: Draft) -> list[BodyLine]:
    """The batang tubuh in reading order.

    A diktum's line carries its first paragraph, which follows the diktum word and its
    colon on the same line ('KESATU : …'); numbered points and later paragraphs follow.
    """
    out: list[BodyLine] = []

    def walk(nodes: Sequence[Part | Pasal]) -> None:
        for node in nodes:
            if isinstance(node, Pasal):
                blocks = list(node.blocks)
                if node.diktum:
                    first = blocks.pop(0).text if blocks and blocks[0].kind == "paragraf" else ""
                    out.append(BodyLine(kind="diktum", number=node.number, text=first))
                else:
                    out.append(BodyLine(kind="pasal", number=node.number))
                for b in blocks:
                    kind = "teks" if b.kind == "paragraf" else b.kind
                    out.append(BodyLine(kind=kind, label=b.label, text=b.text, level=b.level))
            else:
                out.append(
                    BodyLine(kind=node.kind, number=node.number, label=node.label, title=node.title)
                )
                walk(node.children)

    for chapter in draft.chapters:
        if chapter.numeral:
            out.append(
                BodyLine(
                    kind="bab", number=chapter.number, label=chapter.numeral, title=chapter.title
                )
            )
        walk(chapter.parts)
    return out


def trailing_sections(draft: Draft) -> list[RawSectionRow]:
    """The Penjelasan and Lampiran as written; a Lampiran's numeral and name split off."""
    rows = []
    for s in draft.trailing:
        lines = [RawLineRow(text=ln.text, heading=ln.heading) for ln in s.lines]
        lampiran = _LAMPIRAN.match(s.title)
        if lampiran is None:
            rows.append(RawSectionRow(title=s.title, lines=lines))
            continue
        numeral, name = lampiran.group(1) or "", lampiran.group(2).strip()
        if numeral.isdigit():  # 'Lampiran 2': Lampiran are numbered in Roman numerals
            numeral = to_roman(int(numeral))
        elif numeral and roman_value(numeral) is None:
            numeral, name = "", f"{numeral} {name}".strip()
        rows.append(
            RawSectionRow(title=s.title, lines=lines, kind="lampiran", numeral=numeral, name=name)
        )
    return rows
