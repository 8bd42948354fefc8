"""The Perwali reader's working tree, and its freezing into the draft types.

Layer: pure domain (no database, no IO), used by `policy.perwali_reader` and its checks
(`policy.perwali_checks`) only. While the reader walks the Markdown it keeps the open BAB,
Bagian, Paragraf and Pasal (or diktum) as the mutable nodes below, filling in titles and
text as lines arrive; when the draft ends they are frozen into `policy.perwali`'s
`Chapter`, `Part`, `Pasal`, `Block` and `Item`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policy.perwali import (
    Block,
    BlockKind,
    Chapter,
    Item,
    Part,
    PartKind,
    Pasal,
    RawLine,
    diktum_word,
)


@dataclass
class Node:
    """An open BAB, Bagian or Paragraf."""

    kind: str  # "chapter", "bagian", "paragraf"
    number: int
    label: str
    title: str
    line: int
    children: list[Node | PasalNode] = field(default_factory=list)
    wants_title: bool = False
    expected_sub: int = 1


@dataclass
class TextBlock:
    """A paragraph, ayat or rincian (or a Menimbang/Mengingat item) as read so far."""

    kind: BlockKind
    label: str
    text: str
    level: int
    line: int


@dataclass
class PasalNode:
    """An open Pasal (or diktum, for a Keputusan) and the rincian styles open in it."""

    number: int
    line: int
    diktum: bool = False
    blocks: list[TextBlock] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    expected_ayat: int = 1

    @property
    def label(self) -> str:
        """How messages name it: 'Pasal 3', 'diktum KEDUA'."""
        return f"diktum {diktum_word(self.number)}" if self.diktum else f"Pasal {self.number}"


def freeze_chapter(node: Node) -> Chapter:
    """A finished BAB (with everything under it) as a frozen `Chapter`."""
    return Chapter(
        node.label,
        node.number,
        node.title,
        node.line,
        tuple(_freeze(c) for c in node.children),
    )


def _freeze(node: Node | PasalNode) -> Part | Pasal:
    if isinstance(node, PasalNode):
        blocks = tuple(Block(b.kind, b.label, b.text.strip(), b.level, b.line) for b in node.blocks)
        return Pasal(node.number, blocks, node.line, diktum=node.diktum)
    kind: PartKind = "bagian" if node.kind == "bagian" else "paragraf"
    return Part(
        kind,
        node.number,
        node.label,
        node.title,
        node.line,
        tuple(_freeze(c) for c in node.children),
    )


def freeze_items(items: list[TextBlock]) -> tuple[Item, ...]:
    """Menimbang, Mengingat or Memperhatikan items as frozen `Item`s."""
    return tuple(Item(i.label, i.text.strip(), i.line) for i in items)


def trim(lines: list[RawLine]) -> tuple[RawLine, ...]:
    """A trailing section's lines without the blank lines at its end."""
    while lines and not lines[-1].text:
        lines.pop()
    return tuple(lines)
