"""The plain-table rule renders exactly what markdown-it's own table rule renders."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from policy import documents, markdown_divs, markdown_tables

GOLDEN = Path(__file__).resolve().parent / "golden"
# markdown-it's own rules, with the fenced divs the documents use for their layout.
REFERENCE = markdown_divs.install(MarkdownIt("js-default"))


def _both(text: str) -> tuple[str, str]:
    return documents.markdown_to_html(text), REFERENCE.render(text)


def test_golden_documents_render_as_with_markdown_its_table_rule() -> None:
    files = sorted(GOLDEN.glob("*.md"))
    assert len(files) > 50
    taken = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        ours, theirs = _both(text)
        assert ours == theirs, path.name
        taken += ours.count("<table>")
    assert taken > 100  # the corpus really has tables


def test_plain_table_is_one_html_block_and_others_are_left_alone() -> None:
    md = markdown_tables.install(MarkdownIt("js-default"))
    plain = md.parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert [t.type for t in plain] == [markdown_tables.TOKEN]
    for text in (
        "| a | *b* |\n|---|---|\n| 1 | 2 |\n",  # emphasis in a cell
        "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",  # a row wider than the header
        "| a | b |\n|---|---|\n1 | 2\n",  # a row without its pipes
        "| a | &nbsp; |\n|---|---|\n",  # an entity
    ):
        assert md.parse(text)[0].type == "table_open", text


def test_escapable_characters_are_markdown_its_own() -> None:
    escape = importlib.import_module("markdown_it.rules_inline.escape")
    assert set(escape._ESCAPED) == markdown_tables.ESCAPABLE


def test_a_backslash_pair_stands_for_its_character_exactly_when_it_is_escapable() -> None:
    for code in range(32, 127):
        char = chr(code)
        expected = char if char in markdown_tables.ESCAPABLE else "\\" + char
        assert markdown_tables._UNESCAPE.sub(r"\1", "\\" + char) == expected, char


def test_escaped_names_take_the_plain_path() -> None:
    text = "| No | Nama |\n|---:|---|\n| 1 | Weni, S\\.E\\. \\| M\\-1 |\n"
    tokens = documents._MD.parse(text)
    assert [t.type for t in tokens] == [markdown_tables.TOKEN]
    assert "<td>Weni, S.E. | M-1</td>" in documents.markdown_to_html(text)
    assert _both(text)[0] == _both(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "> | a | b |\n> |---|---|\n> | 1 | 2 |\n",  # in a block quote
        "> | a | b |\n> |---|---|\n| 1 | 2 |\n",  # a lazy line after the quote
        "1. x\n\n   | a | b |\n   |---|---|\n   | 1 | 2 |\n",  # in a loose list item
        "- | a |\n  |---|\n  | 1 |\n- y\n",  # in a tight list item
        "| a |\n|---|\n| 1 |\n    | code |\n",  # an indented line after the table
        "| a |\n| --- |\n|  \\\\  |\n| x\\ |\n",  # escaped and trailing backslashes
    ],
)
def test_tables_in_other_blocks_render_as_with_markdown_its_table_rule(text: str) -> None:
    ours, theirs = _both(text)
    assert ours == theirs


@pytest.mark.parametrize("seed", range(4))
def test_generated_tables_render_as_with_markdown_its_table_rule(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ["a", "b", " ", "1", ",", "-", ":", '"', ">", "'", "\\.", "\\-", "\\a", "\\\\"]
    alphabet += ["<", "&", "*", "_", "\\", "`", "\\|", "\\*", "~", "[x]", "&amp;"]
    lines = ["Teks di atas.", "", "- butir", "> kutipan", "    kode", "## Judul", "x | y"]

    plain = alphabet[:14]
    choice = alphabet

    def cell() -> str:
        return "".join(rng.choice(choice) for _ in range(rng.randint(0, 6)))

    indent = ""

    def row(n: int) -> str:
        cells = [cell() for _ in range(n)]
        text = "|" + "|".join(cells) + "|"
        lead = rng.choice(["", " ", "  "]) if rng.random() < 0.1 else indent
        return lead + text + rng.choice(["", " "])

    fast = 0
    for _ in range(1500):
        choice = plain if rng.random() < 0.5 else plain * 8 + alphabet
        indent = rng.choice(["", "", " "])
        width = rng.randint(1, 4)
        delimiter = (
            "|"
            + "|".join(rng.choice(["---", ":--", "--:", ":-:", "-", " - "]) for _ in range(width))
            + "|"
        )
        body = [
            row(width if rng.random() < 0.9 else rng.randint(1, 5))
            for _ in range(rng.randint(0, 4))
        ]
        parts = [row(width), delimiter, *body]
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(lines))
        if rng.random() < 0.6:
            parts.extend([""] * rng.randint(0, 1) + [rng.choice(lines)])
        text = "\n".join(parts) + "\n"
        if rng.random() < 0.2:
            text = "- " + text.replace("\n", "\n  ")  # a table inside a list item
        ours, theirs = _both(text)
        assert ours == theirs, repr(text)
        fast += any(t.type == markdown_tables.TOKEN for t in documents._MD.parse(text))
    assert fast > 150  # both paths are exercised
