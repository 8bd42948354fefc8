"""`siklus docs list`: each file's path whole on one line, titles wrapped between words."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from policy.services.records import DocumentRow
from siklus.output import print_documents

FOLDER = "/srv/siklus/documents/sawahlunto/siklus-1"


def _row(n: int, stage: str, title: str, path: str, period: str = "") -> DocumentRow:
    return DocumentRow(
        id=n,
        stage=stage,
        period=period,
        key=f"doc-{n}",
        title=title,
        locale="id",
        version=n,
        sha256=f"{n:064x}",
        html_path=f"{FOLDER}/{path}",
        md_path=f"{FOLDER}/{path}".replace(".html", ".md"),
        flow_run_id=None,
        created_at=datetime(2026, 10, 15, tzinfo=UTC),
    )


ROWS = [
    _row(1, "needs_analysis", "Laporan Analisis Kebutuhan",
         "needs_analysis/laporan-analisis-kebutuhan-v1.id.html"),
    _row(21, "forums", "Rekapitulasi Masukan [catatan panitia]",
         "forums/rekapitulasi-masukan-v5.id.html"),
    _row(55, "evaluation",
         "Lembar Hasil Evaluasi Triwulan III 2026 — Rumah Sakit Umum Daerah Sawahlunto",
         "evaluation-2026-TW3/lembar-unit-rsud-2026-tw3-v1.id.html", period="2026-TW3"),
]  # fmt: skip


def _printed(width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    print_documents(console, ROWS)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def test_on_80_columns_the_paths_follow_the_table_whole() -> None:
    lines = _printed(80)
    table = lines[: lines.index("Berkas:")]
    assert max(len(line) for line in table) <= 80
    assert not any(FOLDER[:12] in line for line in table), "the table leaves the paths out"
    for row in ROWS:
        assert f"  #{row.id} {row.html_path}" in lines  # one line each, uncut
    words = " ".join(line.replace("│", " ") for line in table).split()
    for word in "Rekapitulasi Masukan [catatan panitia] Sawahlunto 2026-TW3".split():
        assert word in words, word  # wrapped between words, the brackets printed as written


def test_a_wide_terminal_keeps_each_path_in_its_row() -> None:
    lines = _printed(260)
    assert "Berkas:" not in lines
    assert max(len(line) for line in lines) <= 260
    for row in ROWS:
        (line,) = [line for line in lines if f" {row.id} " in line[:6]]
        assert row.html_path in line and row.title in line


def test_nothing_to_list_is_said_in_words() -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    print_documents(console, [])
    assert console.file.getvalue() == "Tidak ada dokumen yang cocok.\n"  # type: ignore[attr-defined]
