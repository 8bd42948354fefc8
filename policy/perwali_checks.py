"""The wording checks the Perwali reader makes as it goes, and where it puts each issue.

Layer: pure domain (no database, no IO), used by `policy.perwali_reader` only. The reader
builds on `DraftChecks`, which keeps the structure issues found and the line being read, so
that each issue lands at its line (and its column, where a label or a word is meant). The
checks warn on BAB and Bagian titles, rincian order and punctuation, numbers written without
their words, the konsiderans' 'bahwa' and ';', and refuse a criminal provision, which only an
Undang-Undang or a Peraturan Daerah may hold; the drafting-style rules themselves live in
`policy.perwali_style`.
"""

from __future__ import annotations

import re

from policy.perwali import Severity, StructureIssue
from policy.perwali_style import (
    all_capitals_fix,
    bare_numbers,
    rincian_order_problem,
    rincian_punctuation,
    title_case_fix,
)
from policy.perwali_tree import Node, PasalNode, TextBlock

_WORD = re.compile(r"\S+")
# A criminal provision: a heading "Ketentuan Pidana", or a sentence that sets a penalty
# ("dipidana dengan pidana kurungan", "diancam pidana denda"); "tindak pidana" names a crime
# and "sanksi administratif" is not criminal, so neither is caught.
_PIDANA_TITLE = re.compile(r"\bketentuan\s+pidana\b", re.IGNORECASE)
_PIDANA_TEXT = re.compile(
    r"\b(?:dipidana|diancam\s+(?:dengan\s+)?pidana|pidana\s+(?:penjara|kurungan|denda))\b",
    re.IGNORECASE,
)


class DraftChecks:
    """The issues found so far, the line being read, and the checks that add to them."""

    def __init__(self) -> None:
        self.issues: list[StructureIssue] = []
        self.source = ""  # the line being read, without its trailing spaces
        self.content_end = 0  # where its text ends (before a heading's closing #s)

    def issue(
        self, line: int, message: str, code: str, warning: bool = False, column: int = 0
    ) -> None:
        """Record an issue at `line` (and `column`, from 1, where one is meant)."""
        severity = Severity.WARNING if warning else Severity.ERROR
        self.issues.append(StructureIssue(line, message, severity, code, column))

    def word_column(self, count: int, index: int) -> int:
        """Column (from 1) of word `index` of the last `count` words of the current line."""
        starts = [m.start() for m in _WORD.finditer(self.source, 0, self.content_end)]
        return starts[len(starts) - count + index] + 1 if 0 <= index < count <= len(starts) else 0

    def text_column(self, text: str, index: int) -> int:
        """Column (from 1) of `text[index]` in the current line; 0 where `text` is not in it."""
        offset = self.source.find(text)
        return offset + index + 1 if offset >= 0 else 0

    def check_bab_title(self, node: Node) -> None:
        """A BAB title is written in capitals."""
        if node.title != node.title.upper():
            self.issue(
                node.line,
                f"judul BAB {node.label} sebaiknya ditulis dengan huruf kapital: "
                f"'{node.title.upper()}'",
                "",
                warning=True,
            )

    def check_bagian_title(self, node: Node, line: int) -> None:
        """A Bagian title is in title case, and not all in capitals as a BAB title is."""
        if (capitals := all_capitals_fix(node.title)) is not None:
            self.issue(
                line,
                f"judul Bagian {node.label} ditulis dengan huruf kapital semua, seperti judul BAB; "
                f"judul Bagian ditulis dengan huruf awal kapital pada setiap kata (kecuali kata "
                f"tugas seperti 'dan', 'di', 'untuk'): '{capitals}'",
                "bagian-title",
                warning=True,
                column=self.word_column(len(node.title.split()), 0),
            )
            return
        if (found := title_case_fix(node.title)) is None:
            return
        fixed, first = found
        self.issue(
            line,
            f"judul Bagian {node.label} sebaiknya ditulis dengan huruf awal kapital pada setiap "
            f"kata (kecuali kata tugas seperti 'dan', 'di', 'untuk'): '{fixed}'",
            "bagian-title",
            warning=True,
            column=self.word_column(len(node.title.split()), first),
        )

    def check_konsiderans(self, items: list[TextBlock]) -> None:
        """Each Menimbang item opens with 'bahwa'; of several, the last concludes them."""
        for item in items:
            if not item.text.casefold().startswith("bahwa"):
                label = f" {item.label}" if item.label else ""
                self.issue(item.line, f"butir Menimbang{label} diawali kata 'bahwa'",
                           "konsiderans", warning=True)  # fmt: skip
        if len(items) > 1 and "perlu menetapkan" not in items[-1].text.casefold():
            named = [f"huruf {i.label.rstrip('.')}" for i in items[:-1] if i.label]
            refers = " dan ".join(named)
            if len(named) > 2:  # 'huruf a, huruf b, dan huruf c'
                refers = f"{', '.join(named[:-1])}, dan {named[-1]}"
            self.issue(
                items[-1].line,
                f"butir Menimbang terakhir {items[-1].label} menyimpulkan butir di atasnya: "
                f"'bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam {refers}, perlu "
                "menetapkan …;'",
                "konsiderans",
                warning=True,
            )

    def check_item_endings(self, word: str, items: list[TextBlock]) -> None:
        """Each Menimbang, Mengingat or Memperhatikan item ends with ';'."""
        for item in items:
            if not item.text.rstrip().endswith(";"):
                label = f" {item.label}" if item.label else ""
                self.issue(
                    item.line,
                    f"butir {word.capitalize()}{label} tidak diakhiri tanda ';'",
                    "",
                    warning=True,
                )

    def check_punctuation(self, pasal: PasalNode) -> None:
        """Each run of rincian under one sentence, checked as one list."""
        runs: list[tuple[TextBlock | None, list[TextBlock]]] = []
        for block in pasal.blocks:
            if block.level == 0:
                runs.append((block, []))
            elif runs:
                runs[-1][1].append(block)
            else:
                runs.append((None, [block]))
        for lead, run in runs:
            items = [(b.label, b.text, b.level) for b in run]
            for index, problem in rincian_punctuation(lead.text if lead else None, items):
                at = run[index] if index >= 0 else lead
                self.issue(
                    at.line if at else pasal.line, f"{pasal.label}: {problem}",
                    "rincian-punctuation", warning=True,
                )  # fmt: skip

    def check_rincian_order(self, pasal: PasalNode, label: str, line: int) -> None:
        """A new rincian style nests in Lampiran II's order, a. → 1. → a) → 1)."""
        if (problem := rincian_order_problem(pasal.styles, label)) is not None:
            self.issue(
                line,
                f"{pasal.label}: {problem}",
                "rincian-order",
                warning=True,
                column=len(self.source) - len(self.source.lstrip()) + 1,
            )

    def check_numbers(self, pasal: PasalNode, text: str, line: int) -> None:
        """A number is written in digits followed by the same number in words, in brackets."""
        for index, number, wanted, written in bare_numbers(text):
            if written:
                problem = f"'{number} ({written})': kata dalam kurung tidak sesuai angkanya"
            else:
                problem = f"bilangan '{number}' ditulis dengan angka diikuti kata dalam kurung"
            self.issue(
                line,
                f"{pasal.label}: {problem}: '{wanted}'",
                "bilangan",
                warning=True,
                column=self.text_column(text, index),
            )

    def check_pidana_text(self, text: str, line: int) -> None:
        """A sentence that sets a criminal penalty is refused."""
        if (m := _PIDANA_TEXT.search(text)) is None:
            return
        self.issue(
            line,
            f"'{m.group(0)}' menetapkan sanksi pidana, yang hanya boleh dimuat dalam "
            "Undang-Undang atau Peraturan Daerah",
            "pidana",
            column=self.text_column(text, m.start()),
        )

    def check_pidana_titles(self, nodes: list[Node]) -> None:
        """A BAB, Bagian or Paragraf titled 'Ketentuan Pidana' is refused, at any depth."""
        for node in nodes:
            if _PIDANA_TITLE.search(node.title):
                name = {"chapter": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}[node.kind]
                self.issue(
                    node.line,
                    f"{name} {node.label} '{node.title}': ketentuan pidana hanya boleh dimuat "
                    "dalam Undang-Undang atau Peraturan Daerah",
                    "pidana",
                )
            self.check_pidana_titles([c for c in node.children if isinstance(c, Node)])
