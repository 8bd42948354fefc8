"""Fenced divs: `::: ttd` and `::: lampiran` give the Perwali layout its classes, nothing more."""

from __future__ import annotations

from policy.document_filters import md_escape
from policy.documents import markdown_to_html


def test_a_known_fence_wraps_its_blocks_in_a_div_of_that_class() -> None:
    html = markdown_to_html(
        "Teks.\n::: ttd\nDitetapkan di Kota\\\npada tanggal …\n\nNAMA\n:::\n\nSesudah.\n"
    )
    assert html == (
        "<p>Teks.</p>\n"
        '<div class="ttd">\n<p>Ditetapkan di Kota<br>\npada tanggal …</p>\n<p>NAMA</p>\n</div>\n'
        "<p>Sesudah.</p>\n"
    )
    assert markdown_to_html("::: lampiran\nLAMPIRAN I\n:::\n").startswith('<div class="lampiran">')


def test_other_names_and_attributes_stay_text() -> None:
    for fence in ("::: script", "::: ttd onclick", "::: {.ttd}", '::: ttd class="x"'):
        html = markdown_to_html(f"{fence}\nisi\n:::\n")
        assert "<div" not in html, fence


def test_escaped_text_cannot_open_or_close_a_fence() -> None:
    inside = md_escape("::: ttd") + "\n\n" + md_escape(":::")
    html = markdown_to_html(f"::: ttd\n{inside}\n\nNAMA\n:::\n")
    assert html.count("<div") == 1 and html.count("</div>") == 1
    assert "<p>::: ttd</p>\n<p>:::</p>\n<p>NAMA</p>\n</div>" in html


def test_an_unclosed_fence_runs_to_the_end_and_code_is_left_alone() -> None:
    assert markdown_to_html("::: ttd\nNAMA\n") == '<div class="ttd">\n<p>NAMA</p>\n</div>\n'
    assert "<div" not in markdown_to_html("    ::: ttd\n    NAMA\n")  # an indented code block
    assert "<div" not in markdown_to_html("```\n::: ttd\n```\n")
