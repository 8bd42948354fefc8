"""The officer's notes split by part of the Naskah Akademik outline (pure)."""

from __future__ import annotations

from policy.academic_notes import REST, shift_headings, split_notes


def test_sections_go_to_the_parts_their_headings_name_and_the_rest_stays_together() -> None:
    notes = (
        "Pengantar.\n\n"
        "## A. Landasan Sosiologis\n\nWarga mengeluhkan antrean.\n\n"
        "## Temuan lain\n\nSKP terlambat.\n\n"
        "## LANDASAN  sosiologis:\n\nGuru bekerja dalam sif.\n\n"
        "# Lampiran\n\n## Dasar Hukum\n\n- UU 20/2023\n"
    )
    assert split_notes(notes) == {
        # The highest heading of the rest (the level-1 "Lampiran") moves to level 4.
        REST: "Pengantar.\n\n##### Temuan lain\n\nSKP terlambat.\n\n#### Lampiran",
        "sosiologis": "Warga mengeluhkan antrean.\n\nGuru bekerja dalam sif.",
        "peraturan": "- UU 20/2023",
    }


def test_a_heading_in_a_code_block_or_below_level_two_names_no_part() -> None:
    notes = (
        "## Kajian Teoretis\n\nTeori.\n\n```\n## Landasan Yuridis\n```\n\n"
        "### Landasan Filosofis\n\nBagian dari kajian.\n"
    )
    assert split_notes(notes) == {
        "teoretis": "Teori.\n\n```\n## Landasan Yuridis\n```\n\n#### Landasan Filosofis\n\n"
        "Bagian dari kajian."
    }


def test_headings_move_down_to_level_four_and_stop_at_six() -> None:
    assert shift_headings("# A\n\n## B\n\n##### C\n") == "#### A\n\n##### B\n\n###### C\n"
    assert shift_headings("#### Sudah\n\ntext") == "#### Sudah\n\ntext"
    assert shift_headings("Tanpa judul #1") == "Tanpa judul #1"


def test_a_heading_that_begins_with_a_parts_name_names_it() -> None:
    """Sawahlunto's notes head their sections in their own words."""
    parts = split_notes(
        "## Dasar hukum\n\nUU 20/2023.\n\n## Usulan ruang lingkup Peraturan Wali Kota\n\n"
        "Seluruh ASN.\n\n## Dasar-dasar lain\n\nTeks.\n\n## Ruang lingkupnya\n\nTeks lain.\n"
    )
    assert parts["peraturan"].strip() == "UU 20/2023."
    assert parts["materi"].strip() == "Seluruh ASN."
    # Only whole words: "Dasar-dasar lain" and "Ruang lingkupnya" name no part.
    assert "## Dasar-dasar lain" in parts[REST] and "## Ruang lingkupnya" in parts[REST]
