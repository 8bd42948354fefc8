"""The line-by-line reader behind `policy.perwali.parse_draft`.

Layer: pure domain (no database, no IO). It walks the Markdown once, keeping the
open BAB, Bagian, Paragraf and Pasal (or diktum, for a Keputusan), and records every
structure issue with its line (and its column, where a label or a word is meant); the
wording checks it makes as it goes (titles, rincian, numbers, pidana, konsiderans) live in
`policy.perwali_checks`, the frozen draft types and the numbering helpers in
`policy.perwali`, the mutable nodes it fills and their freezing in `policy.perwali_tree`.
"""

from __future__ import annotations

import re

from policy.perwali import (
    MAX_LEVELS,
    BlockKind,
    Draft,
    ParseResult,
    RawLine,
    RawSection,
    Severity,
    diktum_number,
    diktum_word,
    ordinal_prefix,
    ordinal_word,
    roman_value,
    to_roman,
)
from policy.perwali_checks import DraftChecks
from policy.perwali_tree import Node, PasalNode, TextBlock, freeze_chapter, freeze_items, trim

# ------------------------------------------------------------------------- patterns

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BAB = re.compile(r"^bab\s+([A-Za-z0-9]+)\b[\s.:\-–—]*(.*)$", re.IGNORECASE)
_BAGIAN = re.compile(r"^bagian\s+(.+)$", re.IGNORECASE)
_PARAGRAF = re.compile(r"^paragraf\s+(\S+)[\s.:\-–—]*(.*)$", re.IGNORECASE)
_PASAL = re.compile(r"^pasal\s+(\S+)\s*$", re.IGNORECASE)
_KEYWORD = re.compile(
    r"^(menimbang|mengingat|memperhatikan|memutuskan|menetapkan)\b\s*:?\s*$", re.IGNORECASE
)
# 'Menimbang : a. bahwa …' on one line, as a Word draft lays the konsiderans out (read here,
# and by `policy.docx_draft`, which puts Word's label between the keyword and the item).
KEYWORD_INLINE = re.compile(r"^(menimbang|mengingat|memperhatikan)\s*:\s*(\S.*)$", re.I)
_DIKTUM = re.compile(r"^(?:diktum\s+)?([A-Za-z]+(?:\s+[A-Za-z]+){0,3})\s*(?::\s*(.*))?$", re.I)
_TRAILING = re.compile(r"^(penjelasan|lampiran)\b", re.IGNORECASE)
_TITLE = re.compile(r"^(rancangan|peraturan|keputusan)\b", re.IGNORECASE)
_AYAT = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
_ITEM = re.compile(r"^([a-z]|\d{1,3})\.\s+(.*)$")
_RINCIAN: tuple[tuple[re.Pattern[str], str, BlockKind], ...] = (
    (re.compile(r"^([a-z])\.\s+(.*)$"), "a.", "huruf"),
    (re.compile(r"^(\d{1,3})\.\s+(.*)$"), "1.", "angka"),
    (re.compile(r"^([a-z])\)\s+(.*)$"), "a)", "huruf"),
    (re.compile(r"^(\d{1,3})\)\s+(.*)$"), "1)", "angka"),
)


# ---------------------------------------------------------------------- the reader


class _Parser(DraftChecks):
    def __init__(self, keputusan: bool = False) -> None:
        super().__init__()
        self.keputusan = keputusan
        self.menimbang: list[TextBlock] = []
        self.mengingat: list[TextBlock] = []
        self.memperhatikan: list[TextBlock] = []
        self.chapters: list[Node] = []
        self.trailing: list[tuple[str, int, list[RawLine]]] = []
        self.title = ""
        self.mode = "start"  # start, menimbang, mengingat, body, skip, trailing
        self.seen: dict[str, int] = {}
        self.bagian: Node | None = None
        self.paragraf: Node | None = None
        self.pasal: PasalNode | None = None
        self.expected_bab = 1
        self.expected_pasal = 1
        self.blank = True
        self.reported_preamble = False

    # -- headings

    def heading(self, text: str, line: int) -> None:
        if self.mode == "trailing" and not _TRAILING.match(text):
            self.trailing[-1][2].append(RawLine(text, True, line))
            return
        if (m := _KEYWORD.match(text)) is not None:
            self.keyword(m.group(1).lower(), line)
        elif (m := _TRAILING.match(text)) is not None:
            self.close_pasal()
            self.mode = "trailing"
            self.trailing.append((text, line, []))
        elif self.keputusan and (_BAB.match(text) or _BAGIAN.match(text) or _PARAGRAF.match(text)):
            self.close_pasal()
            self.mode = "body"
            self.issue(
                line, f"'{text}' tidak dipakai dalam Keputusan, yang tidak memakai BAB atau "
                "Bagian", "pasal-in-keputusan"
            )  # fmt: skip
        elif (m := _BAB.match(text)) is not None:
            self.chapter(m.group(1), m.group(2).strip(), line)
        elif (m := _BAGIAN.match(text)) is not None:
            self.part("bagian", m.group(1).strip(), line)
        elif (m := _PARAGRAF.match(text)) is not None:
            self.part("paragraf", f"{m.group(1)} {m.group(2)}".strip(), line)
        elif (m := _PASAL.match(text)) is not None:
            if self.keputusan:
                self.issue(
                    line, f"Pasal {m.group(1)} dalam Keputusan; batang tubuh Keputusan ditulis "
                    "sebagai diktum", "pasal-in-keputusan"
                )  # fmt: skip
            self.start_pasal(m.group(1), line)
        elif (m := _DIKTUM.match(text)) is not None and (
            number := diktum_number(m.group(1))
        ) is not None:
            self.start_diktum(number, m.group(1), (m.group(2) or "").strip(), line)
        elif _TITLE.match(text) and not self.chapters and self.mode == "start":
            self.title = text
        else:
            self.issue(line, f"judul '{text}' tidak dikenal", "heading")

    def keyword(self, word: str, line: int) -> None:
        self.close_pasal()
        if word == "memperhatikan" and not self.keputusan:
            self.mode = "skip"
            self.issue(line, "Memperhatikan hanya dipakai dalam Keputusan", "heading")
            return
        if word in ("memutuskan", "menetapkan"):
            self.mode = "skip"
            self.issue(
                line,
                f"bagian '{word.upper()}' disusun otomatis; isinya diabaikan",
                "",
                warning=True,
            )
            return
        if word in self.seen:
            self.issue(
                line,
                f"{word.capitalize()} ditulis lebih dari sekali (pertama di baris "
                f"{self.seen[word]})",
                word,
                warning=True,
            )
        else:
            self.seen[word] = line
        if self.chapters:
            where = "diktum" if self.keputusan else "BAB dan Pasal"
            self.issue(
                line,
                f"{word.capitalize()} ditulis sesudah batang tubuh; letakkan sebelum {where}",
                word,
                warning=True,
            )
        self.mode = word

    def chapter(self, numeral: str, title: str, line: int) -> None:
        self.close_pasal()
        self.mode = "body"
        value = roman_value(numeral)
        if value is None:
            self.issue(
                line, f"BAB {numeral}: '{numeral}' bukan angka Romawi yang sah", "bab-numeral"
            )
            value = self.expected_bab
        elif value != self.expected_bab:
            self.issue(
                line,
                f"BAB {to_roman(self.expected_bab)} diharapkan, ditemukan BAB {numeral}",
                "bab-sequence",
            )
        self.expected_bab = value + 1
        node = Node("chapter", value, numeral, title, line, wants_title=not title)
        if title:
            self.check_bab_title(node)
        self.chapters.append(node)
        self.bagian = self.paragraf = None

    def current_chapter(self, line: int) -> Node:
        if not self.chapters:
            self.chapters.append(Node("chapter", 0, "", "", line))
        return self.chapters[-1]

    def part(self, kind: str, rest: str, line: int) -> None:
        self.close_pasal()
        self.mode = "body"
        chapter = self.current_chapter(line)
        if kind == "bagian":
            found = ordinal_prefix(rest)
            parent: Node = chapter
        else:
            digits, _, title = rest.partition(" ")
            found = (int(digits), title.strip()) if digits.isdigit() else None
            if self.bagian is None:
                self.issue(line, f"Paragraf {rest} berada di luar Bagian", "", warning=True)
            parent = self.bagian or chapter
        if found is None:
            word = "Bagian" if kind == "bagian" else "Paragraf"
            self.issue(line, f"{word} {rest}: nomor urut tidak dikenali", f"{kind}-number")
            number, title = parent.expected_sub, rest
        else:
            number, title = found
            if number != parent.expected_sub:
                want = (
                    f"Bagian {ordinal_word(parent.expected_sub)}"
                    if kind == "bagian"
                    else f"Paragraf {parent.expected_sub}"
                )
                got = f"Bagian {ordinal_word(number)}" if kind == "bagian" else f"Paragraf {number}"
                self.issue(
                    line, f"{want} diharapkan, ditemukan {got}", f"{kind}-number", warning=True
                )
        parent.expected_sub = number + 1
        label = ordinal_word(number) if kind == "bagian" and found else str(number)
        node = Node(kind, number, label, title, line, wants_title=not title)
        if kind == "bagian" and found and title:
            self.check_bagian_title(node, line)
        parent.children.append(node)
        if kind == "bagian":
            self.bagian, self.paragraf = node, None
        else:
            self.paragraf = node

    def start_pasal(self, raw: str, line: int) -> None:
        self.close_pasal()
        self.mode = "body"
        if not raw.isdigit():
            self.issue(line, f"Pasal {raw}: nomor Pasal harus angka", "pasal-number")
            number = self.expected_pasal
        else:
            number = int(raw)
            if number != self.expected_pasal:
                self.issue(
                    line,
                    f"Pasal {self.expected_pasal} diharapkan, ditemukan Pasal {number}",
                    "pasal-sequence",
                )
        self.expected_pasal = number + 1
        chapter = self.current_chapter(line)
        parent = self.paragraf or self.bagian or chapter
        self.pasal = PasalNode(number, line)
        parent.children.append(self.pasal)
        for node in (chapter, self.bagian, self.paragraf):
            if node is not None:
                node.wants_title = False

    def start_diktum(self, number: int, raw: str, rest: str, line: int) -> None:
        self.close_pasal()
        self.mode = "body"
        word = diktum_word(number)
        if not self.keputusan:
            self.issue(
                line,
                f"diktum {word} dalam Peraturan; batang tubuh Peraturan ditulis sebagai Pasal",
                "diktum-in-peraturan",
            )
        elif number != self.expected_pasal:
            self.issue(
                line,
                f"diktum {diktum_word(self.expected_pasal)} diharapkan, ditemukan diktum {word}",
                "diktum-sequence",
            )
        if raw != raw.upper():
            self.issue(
                line, f"diktum ditulis dengan huruf kapital: '{word}'", "", warning=True
            )  # fmt: skip
        self.expected_pasal = number + 1
        self.pasal = PasalNode(number, line, diktum=True)
        self.current_chapter(line).children.append(self.pasal)
        if rest:
            self.pasal_line(self.pasal, rest, line)

    def close_pasal(self) -> None:
        if self.pasal is not None and not self.pasal.blocks:
            code = "diktum-empty" if self.pasal.diktum else "pasal-empty"
            self.issue(self.pasal.line, f"{self.pasal.label} tidak berisi teks", code)
        if self.pasal is not None and not self.keputusan:  # a Keputusan's points are sentences
            self.check_punctuation(self.pasal)
        self.pasal = None

    # -- text lines

    def text(self, text: str, line: int) -> None:
        if self.mode == "trailing":
            self.trailing[-1][2].append(RawLine(text, False, line))
        elif self.mode == "skip":
            return
        elif self.mode == "start":
            if not self.reported_preamble:
                self.issue(line, "teks sebelum judul pertama", "before-heading")
                self.reported_preamble = True
        elif self.mode in ("menimbang", "mengingat", "memperhatikan"):
            items = {
                "menimbang": self.menimbang,
                "mengingat": self.mengingat,
                "memperhatikan": self.memperhatikan,
            }[self.mode]
            self.item(items, text, line)
        elif self.pasal is not None:
            self.pasal_line(self.pasal, text, line)
        else:
            self.outside(text, line)

    def item(self, items: list[TextBlock], text: str, line: int) -> None:
        m = _ITEM.match(text)
        if m is not None:
            items.append(TextBlock("paragraf", m.group(1) + ".", m.group(2), 0, line))
        elif items:
            items[-1].text = f"{items[-1].text} {text}"
        else:
            items.append(TextBlock("paragraf", "", text, 0, line))

    def outside(self, text: str, line: int) -> None:
        if self.keputusan:
            self.issue(line, "teks berada di luar diktum", "outside-diktum")
            return
        nodes = [n for n in (self.paragraf, self.bagian) if n is not None]
        if self.chapters:
            nodes.append(self.chapters[-1])
        for node in nodes:
            if node.wants_title:
                node.title, node.wants_title = text, False
                if node.kind == "chapter":
                    self.check_bab_title(node)
                elif node.kind == "bagian":
                    self.check_bagian_title(node, line)
                return
        if (m := _AYAT.match(text)) is not None:
            self.issue(line, f"ayat ({m.group(1)}) berada di luar Pasal", "outside-pasal")
        elif any(p.match(text) for p, _, _ in _RINCIAN):
            self.issue(line, f"rincian '{text.split()[0]}' berada di luar Pasal", "outside-pasal")
        else:
            self.issue(line, "teks berada di luar Pasal", "outside-pasal")

    def pasal_line(self, pasal: PasalNode, text: str, line: int) -> None:
        self.check_pidana_text(text, line)
        self.check_numbers(pasal, text, line)
        if (m := _AYAT.match(text)) is not None:
            number = int(m.group(1))
            if number != pasal.expected_ayat:
                self.issue(
                    line,
                    f"{pasal.label}: ayat ({pasal.expected_ayat}) diharapkan, "
                    f"ditemukan ayat ({number})",
                    "ayat-sequence",
                )
            pasal.expected_ayat = number + 1
            pasal.styles = []
            pasal.blocks.append(TextBlock("ayat", f"({number})", m.group(2), 0, line))
            return
        for pattern, style, rincian in _RINCIAN:
            m = pattern.match(text)
            if m is None:
                continue
            if style in pasal.styles:
                del pasal.styles[pasal.styles.index(style) + 1 :]
            else:
                pasal.styles.append(style)
                if not self.keputusan:  # Lampiran II's order is a Peraturan's
                    self.check_rincian_order(pasal, m.group(1) + style[-1], line)
            level = len(pasal.styles)
            if level > MAX_LEVELS:  # pragma: no cover - four styles give four levels at most
                self.issue(line, "rincian lebih dari 4 tingkat", "", warning=True)
            label = m.group(1) + style[-1]
            pasal.blocks.append(TextBlock(rincian, label, m.group(2), level, line))
            return
        if pasal.blocks and not self.blank:
            pasal.blocks[-1].text = f"{pasal.blocks[-1].text} {text}"
        else:
            pasal.styles = []
            pasal.blocks.append(TextBlock("paragraf", "", text, 0, line))

    # -- finishing

    def finish(self, last_line: int) -> ParseResult:
        self.close_pasal()
        first_body = self.chapters[0].line if self.chapters else 1
        for word, items in (
            ("menimbang", self.menimbang),
            ("mengingat", self.mengingat),
            ("memperhatikan", self.memperhatikan),
        ):
            if not items and word != "memperhatikan":
                self.issue(self.seen.get(word, first_body), f"{word.capitalize()} tidak ada", word)
            self.check_item_endings(word, items)
        self.check_konsiderans(self.menimbang)
        for node in self.chapters:
            if node.label and not node.title:
                self.issue(node.line, f"BAB {node.label} tidak berjudul", "", warning=True)
        self.check_pidana_titles(self.chapters)
        chapters = tuple(freeze_chapter(c) for c in self.chapters)
        if not any(True for c in chapters for _ in c.pasal()):
            if self.keputusan:
                self.issue(last_line, "naskah Keputusan tidak berisi diktum", "no-diktum")
            else:
                self.issue(last_line, "naskah tidak berisi Pasal", "no-pasal")
        implicit = chapters[0] if chapters and not chapters[0].numeral else None
        if implicit is not None and len(chapters) > 1:
            first = next(implicit.pasal(), None)
            if first is not None:
                self.issue(first.line, f"Pasal {first.number} berada di luar BAB", "", warning=True)
        draft = Draft(
            menimbang=freeze_items(self.menimbang),
            mengingat=freeze_items(self.mengingat),
            chapters=chapters,
            trailing=tuple(RawSection(t, ln, trim(lines)) for t, ln, lines in self.trailing),
            title=self.title,
            memperhatikan=freeze_items(self.memperhatikan),
            keputusan=self.keputusan,
        )
        issues = sorted(self.issues, key=lambda i: (i.line, i.severity != Severity.ERROR))
        return ParseResult(draft, tuple(issues))


def read(text: str, keputusan: bool = False) -> ParseResult:
    """Read a Markdown draft (a Keputusan's, with diktum) and list every structure issue."""
    parser = _Parser(keputusan)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    last = 1
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip().rstrip("\\").rstrip()
        stripped = line.strip()
        if not stripped:
            if parser.mode == "trailing" and parser.trailing[-1][2]:
                parser.trailing[-1][2].append(RawLine("", False, number))
            parser.blank = True
            continue
        last = number
        heading = _HEADING.match(line)
        parser.source = line
        parser.content_end = heading.end(1) if heading is not None else len(line)
        if heading is not None:
            parser.heading(heading.group(1), number)
        elif (inline := KEYWORD_INLINE.match(stripped)) is not None:
            parser.keyword(inline.group(1).lower(), number)
            parser.text(inline.group(2), number)
        else:
            parser.text(stripped, number)
        parser.blank = heading is not None
    return parser.finish(last)
