r"""Fenced divs: `::: ttd` … `:::` puts the blocks between in a `<div class="ttd">`.

Layer: domain presentation (installed by `policy.documents` on its one MarkdownIt).
Raw HTML stays off in Markdown, so a template cannot write a `<div>` itself; the
Perwali layout still needs a few blocks placed apart from the text (the signing
block at the right, the heading of a Lampiran at the top right), and the page shell
styles them by class. The fence is pandoc's and markdown-it-container's, and the
Markdown stays plain text to read:

```markdown
::: ttd
Ditetapkan di Sawahlunto\
pada tanggal 30 April 2026

WALI KOTA SAWAHLUNTO,
:::
```

Only the names in `CLASSES` open a div: any other `::: word` line stays text, and a
fence never carries attributes, so no input can add markup beyond these classes.
Untrusted text reaches templates escaped (`:` becomes `\:`), so it cannot open or
close a fence either. A fence without its closing line runs to the end of the
enclosing block.
"""

from __future__ import annotations

import re
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

#: The layout classes a fence may name (styled in `templates/html/page.html.j2`).
CLASSES: Final = frozenset({"ttd", "lampiran"})
_OPEN = re.compile(r"^(:{3,})[ \t]*([a-z][a-z0-9-]*)[ \t]*$")
_CLOSE = re.compile(r"^(:{3,})[ \t]*$")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Block rule: a `::: <class>` fence and the blocks up to its closing `:::`."""
    if state.is_code_block(start):
        return False
    opening = _OPEN.match(_line(state, start))
    if opening is None or opening.group(2) not in CLASSES:
        return False
    if silent:
        return True
    marker, name = opening.groups()
    line, closed = start + 1, False
    while line < end:
        text = _line(state, line)
        if text and state.sCount[line] < state.blkIndent:
            break  # the enclosing block (a list item, say) ends here
        closing = _CLOSE.match(text)
        if closing and not state.is_code_block(line) and len(closing.group(1)) >= len(marker):
            closed = True
            break
        line += 1
    old_max = state.lineMax
    state.lineMax = line
    token = state.push("siklus_div_open", "div", 1)
    token.attrSet("class", name)
    token.markup, token.info, token.block, token.map = marker, name, True, [start, line]
    state.md.block.tokenize(state, start + 1, line)
    token = state.push("siklus_div_close", "div", -1)
    token.markup, token.block = marker, True
    state.lineMax = old_max
    state.line = line + 1 if closed else line
    return True


def install(md: MarkdownIt) -> MarkdownIt:
    """Add the fenced-div rule; it may interrupt a paragraph, as a fenced code block does."""
    md.block.ruler.before(
        "fence",
        "siklus_div",
        fenced_div,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    return md
