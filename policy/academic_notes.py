"""The officer's analysis notes split into the parts of the Naskah Akademik outline.

Layer: pure domain (used by `policy.services.needs_analysis` for the Kajian Akademik, the
needs analysis in the outline of UU 12/2011 Lampiran I). The notes (input `catatan`,
Markdown) are the officer's own text: a level-2 heading that names a part of the outline
sends its section there when it begins with the part's name (as whole words: "Dasar hukum
penyusunan" names BAB III), case and spacing aside, a trailing colon or a leading "A." or
"1." allowed:

- "Kajian Teoretis" (or "Kajian Teoritis"): BAB II A;
- "Praktik Empiris" or "Kajian terhadap Praktik Empiris": BAB II B, after the data;
- "Dasar Hukum", "Evaluasi Peraturan Perundang-undangan" or "Evaluasi dan Analisis
  Peraturan Perundang-undangan Terkait": BAB III, after the national regulations;
- "Landasan Filosofis", "Landasan Sosiologis", "Landasan Yuridis": BAB IV A, B, C;
- "Arah Pengaturan", "Ruang Lingkup" (so "Ruang Lingkup Materi Muatan"), "Usulan Ruang
  Lingkup" or "Jangkauan, Arah Pengaturan, dan Ruang Lingkup Materi Muatan": BAB V, after the
  proposal drawn from the data.

Everything else (the text before the first level-2 heading, and sections under other
headings) goes to BAB II A after the Kajian Teoretis: it is the officer's analysis. Two
sections naming the same part are kept in their order. Each part's headings are moved down
so that its highest is level 4, below the part's own `###` heading; a heading inside a
fenced code block is text, not a heading.
"""

from __future__ import annotations

import re

#: The parts notes can fill, and the level-2 headings (normalised) that name them.
PART_HEADINGS: dict[str, tuple[str, ...]] = {
    "teoretis": ("kajian teoretis", "kajian teoritis"),
    "empiris": ("praktik empiris", "kajian terhadap praktik empiris"),
    "peraturan": (
        "dasar hukum",
        "evaluasi peraturan perundang-undangan",
        "evaluasi dan analisis peraturan perundang-undangan terkait",
    ),
    "filosofis": ("landasan filosofis",),
    "sosiologis": ("landasan sosiologis",),
    "yuridis": ("landasan yuridis",),
    "materi": (
        "arah pengaturan",
        "ruang lingkup",
        "usulan ruang lingkup",
        "jangkauan, arah pengaturan, dan ruang lingkup materi muatan",
    ),
}
#: Where the sections no heading sends elsewhere go.
REST = "lainnya"

_BY_NAME = {name: part for part, names in PART_HEADINGS.items() for name in names}
_LONGEST_FIRST = sorted(_BY_NAME, key=len, reverse=True)
_HEADING = re.compile(r"^(#{1,6})(\s+|$)(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ENUMERATOR = re.compile(r"^(?:[a-z]|\d+|[ivx]+)[.)]\s+")


def _part_of(title: str) -> str | None:
    """The part a level-2 heading names, or None.

    A heading names a part when it begins with one of the part's names, as a whole word:
    "Dasar Hukum" and "Dasar hukum penyusunan", "Usulan ruang lingkup Peraturan Wali Kota".
    """
    name = _ENUMERATOR.sub("", " ".join(title.lower().split()).rstrip(":.").strip())
    for known in _LONGEST_FIRST:
        if name == known or name.startswith(known + " ") or name.startswith(known + ","):
            return _BY_NAME[known]
    return None


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each heading outside fenced code blocks."""
    found: list[tuple[int, int, str]] = []
    fence = ""
    for i, line in enumerate(lines):
        if m := _FENCE.match(line):
            mark = m.group(1)[0]
            fence = "" if fence == mark else (fence or mark)
            continue
        if not fence and (h := _HEADING.match(line)):
            found.append((i, len(h.group(1)), h.group(3)))
    return found


def shift_headings(markdown: str, top: int = 4) -> str:
    """`markdown` with its headings moved down so the highest is level `top` (at most 6)."""
    lines = markdown.split("\n")
    found = _headings(lines)
    if not found:
        return markdown
    shift = max(0, top - min(level for _, level, _ in found))
    for i, level, _ in found:
        lines[i] = "#" * min(6, level + shift) + lines[i][level:]
    return "\n".join(lines)


def split_notes(markdown: str) -> dict[str, str]:
    """The notes by part (`PART_HEADINGS`, or `REST`), headings shifted; empty parts left out."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    starts = {i: (level, title) for i, level, title in _headings(lines) if level <= 2}
    chunks: dict[str, list[str]] = {}
    part = REST
    current: list[str] = []
    for i, line in enumerate(lines):
        if i in starts:
            chunks.setdefault(part, []).append("\n".join(current))
            level, title = starts[i]
            named = _part_of(title) if level == 2 else None
            part, current = (named, []) if named else (REST, [line])
            continue
        current.append(line)
    chunks.setdefault(part, []).append("\n".join(current))
    out = {}
    for name, texts in chunks.items():
        text = "\n\n".join(t.strip("\n") for t in texts if t.strip())
        if text:
            out[name] = shift_headings(text)
    return out
