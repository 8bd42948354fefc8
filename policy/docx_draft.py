"""A draft regulation written in Word (.docx), read as the Markdown the draft reader takes.

Layer: pure domain (reads a file, no database). A Bagian Hukum writes the Rancangan in Word:
headings are paragraphs of their own ("BAB I", "Pasal 1", "Menimbang :"), lists are numbered
by Word itself (the label "a." is not in the text but in `word/numbering.xml`), and the
konsiderans often stands in a table (Menimbang | : | a. bahwa …). This module reads the body's
paragraphs in order, tables included, works out each numbered paragraph's label as Word
shows it, and writes one line per Word paragraph, so that "baris N" of the draft reader is
the document's N-th paragraph (a table cell's paragraphs counted in order): a heading gets
its `##`, a paragraph Siklus makes itself (the title's "DENGAN RAHMAT TUHAN YANG MAHA ESA",
the signing block, "Ditetapkan di …") and an empty one become blank lines; a label standing
alone in a cell of its own ("a." | "bahwa …") goes with the paragraph after it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from policy.perwali import diktum_number
from policy.perwali_reader import KEYWORD_INLINE

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Paragraphs that open a part of the draft, as a heading of the Markdown draft.
_HEADING = re.compile(
    r"^(?:BAB\s+[IVXLCDM\d]+\b.*|[Bb]agian\s+[Kk]e\w+.*|[Pp]aragraf\s+\d+.*|[Pp]asal\s+\d+\w*|"
    r"(?i:menimbang|mengingat|memperhatikan)|PENJELASAN|Penjelasan|LAMPIRAN(?:\s+[IVXLCDM]+)?)"
    r"\s*:?\s*$"
)
# A diktum, alone or with its text after the colon ('KESATU : Membentuk Tim …').
_DIKTUM = re.compile(r"^(KE[A-Z]+(?:\s+[A-Z]+){0,3})\s*(?::\s*(.*))?$")
# What Siklus writes itself: the opening phrase, MEMUTUSKAN and Menetapkan, the signing block.
_OWN = re.compile(
    r"^(?:dengan rahmat tuhan yang maha esa|ditetapkan di\b.*|diundangkan di\b.*|"
    r"pada tanggal\b.*|memutuskan\s*:?|menetapkan\s*:.*)$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?:rancangan|peraturan|keputusan)\b", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:[a-z]|\d{1,3})[.)]$|^\(\d{1,3}\)$")


class DocxError(ValueError):
    """A .docx file that cannot be read as a draft; the message says why, in Indonesian."""


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word's list definitions and the counters of the lists read so far.

    As in Word, a list's counters belong to its definition (the abstract numbering): two
    lists on one definition go on counting from each other, unless a list restarts a level
    (`startOverride`, what Word writes for "Restart at 1"), from its first paragraph on.
    """

    lists: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl
    restarts: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl
    begun: set[str] = field(default_factory=set)  # numIds whose first paragraph was read

    def label(self, num_id: str, level: int) -> str:
        """The label Word shows for the next paragraph of list `num_id` at `level`."""
        abstract = self.lists.get(num_id, "")
        levels = self.levels.get(abstract)
        if not levels or level not in levels:
            return ""
        counts = self.counters.setdefault(abstract, {})
        if num_id not in self.begun:
            self.begun.add(num_id)
            for restarted, start in self.restarts.get(num_id, {}).items():
                counts[restarted] = start - 1
                for deeper in [k for k in counts if k > restarted]:
                    del counts[deeper]
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]  # a new item restarts the lists under it
        text = levels[level].text
        for k in range(level + 1):
            if f"%{k + 1}" in text:
                lvl = levels.get(k)
                value = counts.get(k, lvl.start if lvl else 1)
                text = text.replace(f"%{k + 1}", _formatted(value, lvl.fmt if lvl else "decimal"))
        return "" if levels[level].fmt in ("bullet", "none") else text


def _formatted(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        from policy.perwali import to_roman

        roman = to_roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _letters(value: int) -> str:
    """1 a, 26 z, 27 aa (as Word counts letters past z)."""
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _numbering(archive: zipfile.ZipFile) -> _Numbering:
    if "word/numbering.xml" not in archive.namelist():
        return _Numbering()
    root = ElementTree.fromstring(archive.read("word/numbering.xml"))
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            text = lvl.find(f"{_W}lvlText")
            start = lvl.find(f"{_W}start")
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                text.get(f"{_W}val", "") if text is not None else "",
                int(start.get(f"{_W}val", "1")) if start is not None else 1,
            )
        abstract[node.get(f"{_W}abstractNumId", "")] = levels
    numbering = _Numbering(levels=abstract)
    for num in root.iter(f"{_W}num"):
        num_id = num.get(f"{_W}numId", "")
        ref = num.find(f"{_W}abstractNumId")
        numbering.lists[num_id] = ref.get(f"{_W}val", "") if ref is not None else ""
        for override in num.iter(f"{_W}lvlOverride"):
            start = override.find(f"{_W}startOverride")
            if start is not None:
                numbering.restarts.setdefault(num_id, {})[int(override.get(f"{_W}ilvl", "0"))] = (
                    int(start.get(f"{_W}val", "1"))
                )
    return numbering


def _paragraphs(body: ElementTree.Element) -> list[ElementTree.Element]:
    """The body's paragraphs in reading order, those of table cells included."""
    found: list[ElementTree.Element] = []
    for child in body:
        if child.tag == f"{_W}p":
            found.append(child)
        elif child.tag == f"{_W}tbl":
            found.extend(p for p in child.iter(f"{_W}p"))
    return found


def _text(paragraph: ElementTree.Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class _StyleList:
    num_id: str | None  # None: the style sets no list (its base may)
    level: int | None
    based_on: str | None


def _styles(archive: zipfile.ZipFile) -> dict[str, _StyleList]:
    """Paragraph styles with the list they number ('List Number', a drafting template's own)."""
    if "word/styles.xml" not in archive.namelist():
        return {}
    found: dict[str, _StyleList] = {}
    for style in ElementTree.fromstring(archive.read("word/styles.xml")).iter(f"{_W}style"):
        num = style.find(f"{_W}pPr/{_W}numPr")
        num_id = num.find(f"{_W}numId") if num is not None else None
        ilvl = num.find(f"{_W}ilvl") if num is not None else None
        base = style.find(f"{_W}basedOn")
        found[style.get(f"{_W}styleId", "")] = _StyleList(
            num_id.get(f"{_W}val") if num_id is not None else None,
            int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else None,
            base.get(f"{_W}val") if base is not None else None,
        )
    return found


def _style_list(styles: dict[str, _StyleList], name: str | None) -> tuple[str | None, int]:
    """The list a style (or the styles it is based on) numbers its paragraphs with."""
    for _ in range(10):  # a chain of bases, never a loop
        style = styles.get(name or "")
        if style is None:
            return None, 0
        if style.num_id is not None:
            return style.num_id, style.level or 0
        name = style.based_on
    return None, 0


def _list_of(
    paragraph: ElementTree.Element, styles: dict[str, _StyleList]
) -> tuple[str, int] | None:
    """(list, level) of a numbered paragraph: its own numbering, else its style's."""
    props = paragraph.find(f"{_W}pPr")
    num = props.find(f"{_W}numPr") if props is not None else None
    style = props.find(f"{_W}pStyle") if props is not None else None
    num_id, level = _style_list(styles, style.get(f"{_W}val") if style is not None else None)
    if num is not None:
        own_id = num.find(f"{_W}numId")
        own_level = num.find(f"{_W}ilvl")
        num_id = own_id.get(f"{_W}val") if own_id is not None else num_id
        level = int(own_level.get(f"{_W}val", "0")) if own_level is not None else level
    if num_id is None or num_id == "0":  # numId 0: numbering switched off for the paragraph
        return None
    return num_id, level


def docx_markdown(path: Path) -> str:
    """The draft in `path` (.docx) as the Markdown draft reader's text, a line per paragraph.

    Raises:
        DocxError: not a Word document (.docx), or one without a body.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{_W}body")
            numbering = _numbering(archive)
            styles = _styles(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise DocxError(
            f"{path.name} bukan dokumen Word (.docx) yang dapat dibaca; simpan ulang dari Word "
            "sebagai 'Word Document (*.docx)'"
        ) from exc
    if body is None:
        raise DocxError(f"{path.name}: dokumen Word ini tidak berisi teks")
    lines: list[str] = []
    pending = ""  # a label standing alone (a table column of its own), for the next paragraph
    started = False  # the first heading (the title, or Menimbang) has been read
    closing = False  # after 'Ditetapkan di': the signing block, until Penjelasan or Lampiran
    title: list[str] = []
    title_at: int | None = None
    for paragraph in _paragraphs(body):
        text = _text(paragraph)
        listed = _list_of(paragraph, styles)
        label = numbering.label(*listed) if listed else ""  # Word numbers empty ones too
        if label and _HEADING.match(f"{label} {text}".strip()):  # 'Pasal %1' numbered by Word
            text, label = f"{label} {text}".strip(), ""
        if text in (":", "") or _OWN.match(text):
            closing = closing or text.lower().startswith(("ditetapkan di", "diundangkan di"))
            lines.append("")
            continue
        if closing and not re.match(r"^(PENJELASAN|Penjelasan|LAMPIRAN)\b", text):
            lines.append("")
            continue
        if _LABEL_ONLY.match(text) and not label:
            pending = text
            lines.append("")
            continue
        if (m := KEYWORD_INLINE.match(text)) is not None:
            # 'Menimbang : a. bahwa …' in one paragraph: the reader takes it as it stands
            lines.append(f"{m.group(1).capitalize()} : {label} {m.group(2)}".replace("  ", " "))
            started = True
            continue
        diktum = _DIKTUM.match(text) if started and not label else None
        if diktum is not None and diktum_number(diktum.group(1)) is not None:
            rest = f": {diktum.group(2)}" if diktum.group(2) else ""
            lines.append(f"## {diktum.group(1)}{rest}")
            continue
        if _HEADING.match(text) and not label:
            closing = False
            started = True
            lines.append(f"## {text.rstrip(':').strip()}")
            continue
        if not started:
            # The title's paragraphs ('RANCANGAN', 'PERATURAN WALI KOTA …', 'TENTANG', …) as
            # one title on the first one's line; the enacting office ('WALI KOTA X,') is Siklus's.
            if title_at is None and _TITLE.match(text):
                title_at = len(lines)
            if title_at is not None and not text.endswith(","):
                title.append(text)
            lines.append("")
            if title_at is not None:
                lines[title_at] = f"# {' '.join(title)}"
            continue
        item = " ".join(x for x in (pending or label, text) if x)
        pending = ""
        lines.append(item)
    return "\n".join(lines) + "\n"
