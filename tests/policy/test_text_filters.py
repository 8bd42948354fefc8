"""Untrusted text in plain-text emails: `teks` keeps one line, `teks_blok` keeps the lines."""

from __future__ import annotations

from policy.document_filters import TEXT_LIMIT, text_block, text_escape


def test_a_line_is_one_line_without_control_characters_and_capped() -> None:
    assert text_escape("Dewi\r\nSubject: palsu\x07  ") == "Dewi Subject: palsu"
    long = text_escape("x" * (TEXT_LIMIT + 5))
    assert len(long) == TEXT_LIMIT and long.endswith("…")


def test_a_block_keeps_its_lines_and_paragraphs_whole() -> None:
    text = "Penilaian tetap per triwulan;\r\n\r\n\r\n  publikasi\tdi Pasal 5.\x1b[31m\n\n"
    assert text_block(text) == "Penilaian tetap per triwulan;\n\npublikasi di Pasal 5. [31m"
    assert text_block("\n\nsatu\u2028dua\n") == "satu dua"
    assert len(text_block("y" * (TEXT_LIMIT * 3))) == TEXT_LIMIT * 3  # not capped
