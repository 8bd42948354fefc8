r"""Plain tables straight to HTML: the same output as markdown-it's table rule, made faster.

A province's documents are mostly tables (the lembar hasil per unit lists every employee,
the Rekomendasi every action): in markdown-it every cell is an inline token parsed and
rendered one by one in Python, and that was two thirds of the evaluation's document time.
Most cells are plain words and numbers, in which no inline rule can fire. This block rule
runs before markdown-it's own table rule and takes a table only when it can say for certain
what markdown-it would make of it:

- every line of the table (header, delimiter row, body rows up to a blank line or the end)
  starts and ends with ``|``, sits at the block's own indentation, and has the header's
  number of cells;
- no cell holds a character that starts inline syntax (`` ` ~ * _ [ ] ! < &``) other than
  in a backslash escape (``S\.Pd\.``, as the ``teks`` filter writes names), so each cell is
  one text run, escaped exactly as markdown-it's text renderer escapes it.

Any other table is left to markdown-it's rule, untouched. The table becomes one
token of its own holding the HTML markdown-it would have rendered, written out as it is by
its render rule (raw HTML from authors stays off).
A test holds the two paths byte-for-byte equal on every table of the demo's documents and
on generated tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, mdTrim
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# A character with which an inline rule of the js-default preset can begin, other than the
# backslash (newline, backticks, strikethrough, emphasis, link, image, autolink, entity).
_INLINE_SYNTAX = re.compile(r"[`~*_\[\]!<&]")
# A backslash escape: the escaped character stands for itself (ASCII punctuation), or the
# pair stays as written; either way it is text, and it hides the character from other rules.
_ESCAPE = re.compile(r"\\(.)")
ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# The escapes that stand for their character; any other backslash pair stays as written.
_UNESCAPE = re.compile("\\\\([" + re.escape("".join(sorted(ESCAPABLE))) + "])")
# A backslash that is not simply the escape of the punctuation mark after it.
_OTHER_BACKSLASH = re.compile("\\\\(?![" + re.escape("".join(sorted(ESCAPABLE - {"\\"}))) + "])")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
TOKEN = "siklus_plain_table"


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _text(cell: str) -> str | None:
    """A cell's text as markdown-it reads it, or None when inline syntax could apply."""
    cell = mdTrim(cell)
    if "\\" not in cell:
        return None if _INLINE_SYNTAX.search(cell) else cell
    if _INLINE_SYNTAX.search(_ESCAPE.sub("", cell)):
        return None
    if _OTHER_BACKSLASH.search(cell) is None:  # the common case (names as `teks` writes them)
        return cell.replace("\\", "")
    return _UNESCAPE.sub(r"\1", cell)


def split_table_row(text: str) -> list[str]:
    r"""A table row split at its unescaped pipes, `\|` kept as `|` in the cell.

    The same cells as markdown-it's own splitter, which walks the row one character at a
    time in Python: `policy.documents` puts this one in its place for the tables this rule
    leaves to markdown-it. A test holds the two equal.
    """
    if "\\" not in text:
        return text.split("|")
    return [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(text)]


def _cells(text: str) -> list[str] | None:
    """The cells of a ``| a | b |`` line, or None when the line is not of that plain form."""
    text = mdTrim(text)
    if len(text) < 2 or text[0] != "|" or text[-1] != "|":
        return None
    if text[-2] == "\\":  # the closing pipe is escaped: not a closing pipe
        return None
    cells = [_text(cell) for cell in split_table_row(text[1:-1])]
    return None if None in cells else cells  # type: ignore[return-value]


def _aligns(text: str) -> list[str] | None:
    text = mdTrim(text)
    if len(text) < 2 or text[0] != "|" or text[-1] != "|":
        return None
    aligns: list[str] = []
    for raw in text[1:-1].split("|"):
        cell = mdTrim(raw)
        if not _DELIMITER_CELL.match(cell):
            return None
        if cell.endswith(":"):
            aligns.append("center" if cell.startswith(":") else "right")
        else:
            aligns.append("left" if cell.startswith(":") else "")
    return aligns


def _row(cells: list[str], tags: list[str], close: str) -> str:
    return (
        "<tr>\n"
        + "".join(f"{tag}{escapeHtml(cell)}{close}" for tag, cell in zip(tags, cells, strict=True))
        + "</tr>\n"
    )


def plain_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a plain table as one token of its own, or False to leave it alone."""
    if start + 2 > end or silent:
        return False
    indent = state.blkIndent
    if state.sCount[start] != indent or state.sCount[start + 1] != indent:
        return False
    header = _cells(_line(state, start))
    aligns = _aligns(_line(state, start + 1))
    if header is None or aligns is None or len(header) != len(aligns):
        return False
    rows: list[list[str]] = []
    line = start + 2
    while line < end:
        text = _line(state, line)
        if not mdTrim(text):
            break
        if state.sCount[line] != indent:
            return False
        cells = _cells(text)
        if cells is None or len(cells) != len(header):
            return False
        rows.append(cells)
        line += 1
    styles = [f' style="text-align:{a}"' if a else "" for a in aligns]
    th = [f"<th{s}>" for s in styles]
    td = [f"<td{s}>" for s in styles]
    parts = ["<table>\n<thead>\n", _row(header, th, "</th>\n"), "</thead>\n"]
    if rows:
        parts.append("<tbody>\n")
        parts.extend(_row(cells, td, "</td>\n") for cells in rows)
        parts.append("</tbody>\n")
    parts.append("</table>\n")
    token = state.push(TOKEN, "table", 0)
    token.block = True
    token.map = [start, line]
    token.content = "".join(parts)
    state.line = line
    return True


def render_plain_table(
    renderer: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """The table's HTML; after a paragraph hidden in a tight list, on a line of its own."""
    return ("\n" if idx and tokens[idx - 1].hidden else "") + tokens[idx].content


def install(md: MarkdownIt) -> MarkdownIt:
    """Put the plain-table rule before markdown-it's table rule."""
    md.block.ruler.before("table", "siklus_plain_table", plain_table)
    md.add_render_rule(TOKEN, render_plain_table)
    return md
