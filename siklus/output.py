"""Rich rendering of boards, document lists and audit events for the terminal.

Layer: shell (presentation for the CLI).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from policy.enums import RunStatus
from policy.locale import format_date, format_datetime, format_number, number_runs
from policy.stages import DECISION_ID, closed_reason, cycle_status_word, stage_label

if TYPE_CHECKING:  # for annotations only: a command that prints no board loads no services
    from policy.services.cycle_board import CycleBoard
    from policy.services.records import DocumentRow

#: Files this large get a live row counter while `siklus import` reads them (on a terminal).
COUNTED_BYTES = 1 << 20

STATUS_ID = {
    None: "[dim]belum dimulai[/dim]",
    "running": "[cyan]berjalan[/cyan]",
    "in_review": "[yellow]menunggu keputusan[/yellow]",
    "approved": "[green]disetujui[/green]",
    "returned": "[magenta]dikembalikan[/magenta]",
    "rejected": "[red]ditolak[/red]",
    "failed": "[red]gagal[/red]",
}


def rel(path: str | Path) -> str:
    """A path relative to the working folder when it is inside it."""
    p = Path(path)
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def local_time(value: datetime) -> str:
    """A stored (UTC) timestamp as the CLI prints it: in SIKLUS_TIMEZONE, '14.30 WIB'."""
    from policy.settings import get_settings

    return format_datetime(value, "id", get_settings().timezone)


def safe_url(url: str) -> str:
    """A database URL without its password."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def print_board(console: Console, board: CycleBoard) -> None:
    """The status board of a cycle."""
    status = cycle_status_word(board.status)
    if board.superseded_by is not None:
        status += f" karena {closed_reason(board.superseded_by)}"
    console.print(
        f"[bold]{escape(board.organisation_name)}[/bold] — siklus ke-{board.cycle} ({status})\n"
        f"{escape(board.policy)}"
    )
    table = Table(show_lines=True, expand=False)
    for name in ("Tahap", "Status", "Dijalankan", "Keputusan", "Dokumen"):
        table.add_column(name, overflow="fold")
    cells: list[tuple[str, str, str, str, str]] = []
    for row in board.rows:
        title = escape(row.title + (f"\n{row.period}" if row.period else ""))
        status = STATUS_ID.get(row.status.value if row.status else None, str(row.status))
        if row.attempt > 1:
            status += f"\npercobaan ke-{row.attempt}"
        if row.blockers:
            status += "\n[red]gerbang tertutup:[/red] " + escape("; ".join(row.blockers))
        if row.due_on and row.status in (RunStatus.RUNNING, RunStatus.RETURNED, RunStatus.FAILED):
            late = " [red](terlambat)[/red]" if row.overdue else ""
            status += f"\ntenggat {format_date(row.due_on)}{late}"
        ran = f"{escape(row.started_by)}\n{local_time(row.started_at)}" if row.started_at else ""
        decided = ""
        if row.reviewer:
            decided = escape(f"{DECISION_ID.get(row.decision, row.decision)} oleh {row.reviewer}")
            if row.decided_at:
                decided += f"\n{local_time(row.decided_at)}"
            if row.reason:
                decided += escape(f"\n“{row.reason}”")
        cells.append((title, status, ran, decided, escape(document_lines(row.documents))))
    fit_columns(console, table, cells)
    for cell in cells:
        table.add_row(*cell)
    console.print(table)
    for stage, period, leader, reason in board.overrides:
        label = stage_label(stage, period)
        console.print(f"Gerbang tahap {label} dibuka oleh {leader}: “{reason}”", markup=False)
    for period, pending, awaiting in board.objections:
        parts = [f"{pending} sedang diperiksa"] if pending else []
        if awaiting:
            parts.append(f"{awaiting} predikat diubah belum dimuat dalam data")
        console.print(
            f"Keberatan atas hasil periode {period}: {', '.join(parts)} (siklus objection list).",
            markup=False,
        )


#: The board names this many runs of a title's numbers, then counts the rest.
SHOWN_RUNS = 5


def document_lines(documents: Sequence[tuple[int, str, str]]) -> str:
    """A stage's documents for the board: one line each, documents of one title on one line.

    A province's evaluation publishes a unit sheet for each of its hundreds of units, all
    titled alike; the board says "Lembar Hasil Evaluasi … (id): 396 dokumen, #3–#398" and
    `siklus docs list` names each (its title names the unit: 'Lembar Hasil … — Dinas
    Kesehatan', `policy.publishing.registry_title`). A range stands only for consecutive
    numbers ("#25–#27"); numbers apart are listed ("#25, #41"), the first runs of a long
    list, then a count.
    """
    from policy.models import SUBJECT_MARK

    numbers: dict[str, list[tuple[int, str]]] = {}
    for number, title, _path in documents:
        # 'Lembar Hasil … — Dinas Kesehatan (id)' shares its line with the other units' sheets.
        base, mark, rest = title.partition(SUBJECT_MARK)
        label = f"{base} {rest[rest.rfind('(') :]}" if mark and "(" in rest else title
        numbers.setdefault(label, []).append((number, title))
    lines = []
    for label, found in numbers.items():
        if len(found) == 1:
            lines.append(f"#{found[0][0]} {found[0][1]}")
        else:
            ids = [n for n, _title in found]
            runs = number_runs(ids, mark="#", shown=SHOWN_RUNS)  # "#3–#5, #9 dan 4 lainnya"
            lines.append(f"{label}: {len(found)} dokumen, {runs}")
    return "\n".join(lines)


def fit_columns(console: Console, table: Table, rows: Sequence[Sequence[str]]) -> None:
    """Set the columns' widths so that lines wrap between words, never inside one.

    Each column gets at least its longest word (rich would otherwise narrow the widest
    columns below it and cut "syahrul.anwar" in two); the width left is shared by how much
    more each column's longest line wants. On a terminal too narrow for every longest word,
    rich's own folding stays.
    """
    columns = table.columns
    least, most = column_wants([str(c.header) for c in columns], rows)
    room = console.width - table_width([0] * len(columns))
    if sum(least) > room:
        return
    widths = list(most)
    if sum(most) > room:
        widths = _shared(least, most, room)
    for column, width in zip(columns, widths, strict=True):
        column.width = width


def column_wants(
    headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> tuple[list[int], list[int]]:
    """Each column's longest word and longest line, in cells (markup read as its text)."""
    cells = [[Text.from_markup(h).plain] for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            cells[i].append(Text.from_markup(cell).plain)
    lines = [[line for cell in col for line in cell.splitlines()] for col in cells]
    least = [max((cell_len(w) for line in col for w in line.split()), default=1) for col in lines]
    most = [
        max(max((cell_len(line) for line in col), default=1), m)
        for col, m in zip(lines, least, strict=True)
    ]
    return least, most


def table_width(widths: Sequence[int]) -> int:
    """A table's width for these column widths (padding either side, borders around)."""
    return sum(widths) + 3 * len(widths) + 1


def _shared(least: list[int], most: list[int], room: int) -> list[int]:
    """Column widths from `least` up to `most` that fit in `room`.

    A column that wants no more than an equal share of the space left gets all it wants,
    smallest want first, so a short column (the stage's title) is never wrapped to give a
    long one (its documents) a little more; the rest is shared by how much more each wants.
    """
    widths = list(least)
    spare = room - sum(least)
    waiting = sorted(range(len(least)), key=lambda i: most[i] - least[i])
    while waiting:
        first = waiting[0]
        if most[first] - least[first] > spare // len(waiting):
            break
        widths[first] = most[first]
        spare -= most[first] - least[first]
        waiting.pop(0)
    total = sum(most[i] - least[i] for i in waiting)
    for i in waiting:
        widths[i] += spare * (most[i] - least[i]) // total
    return widths


def print_documents(console: Console, rows: Sequence[DocumentRow]) -> None:
    """A table of documents, each file's path whole on one line.

    The path is the table's last column when the table fits the terminal with every cell
    on one line; where it does not (80 columns), the table leaves it out, its columns wrap
    between words, and the paths follow it, one per line after the document's number, so
    that none is cut and each can be copied.
    """
    if not rows:
        console.print("Tidak ada dokumen yang cocok.")
        return
    cells = [
        [
            str(r.id),
            escape(stage_label(r.stage) + (f" {r.period}" if r.period else "")),
            escape(r.title),
            r.locale,
            str(r.version),
            r.sha256[:12],
        ]
        for r in rows
    ]
    paths = [rel(r.html_path) for r in rows]
    names = ["#", "Tahap", "Dokumen", "Bahasa", "Versi", "sha256"]
    whole = [[*row, escape(path)] for row, path in zip(cells, paths, strict=True)]
    if table_width(column_wants([*names, "Berkas"], whole)[1]) <= console.width:
        names, cells = [*names, "Berkas"], whole
        paths = []
    table = Table()
    for name in names:
        table.add_column(name, overflow="fold")
    fit_columns(console, table, cells)
    for row in cells:
        table.add_row(*row)
    console.print(table)
    if paths:
        console.print("Berkas:")
        for r, path in zip(rows, paths, strict=True):
            console.print(f"  #{r.id} {path}", soft_wrap=True, markup=False, highlight=False)


def print_events(console: Console, events: Sequence[dict[str, Any]]) -> None:
    """A table of audit events."""
    table = Table()
    for name in ("#", "Waktu", "Pelaku", "Tindakan", "Subjek", "Rincian"):
        table.add_column(name, overflow="fold")
    for e in events:
        detail = json.dumps(e["payload"], ensure_ascii=False)
        table.add_row(
            str(e["seq"]),
            local_time(e["at"]),
            escape(e["actor"]),
            escape(e["action"]),
            escape(e["subject"]),
            escape(detail[:160]),
        )
    console.print(table)


def print_cycle_outcome(console: Console, outcome: Any) -> None:
    """What a cycle run did and where it stopped."""
    for ran in outcome.ran:
        console.print(f"Tahap {stage_label(ran.stage)} diproses ({len(ran.documents)} dokumen).")
        print_warnings(console, ran.warnings)
    states = {
        "in_review": "menunggu keputusan pimpinan",
        "blocked": "gerbang tertutup",
        "running": "sedang berjalan di proses lain",
        "done": "semua tahap selesai",
    }
    where = f" di tahap {outcome.stopped_at.value}" if outcome.stopped_at else ""
    console.print(
        f"Siklus ke-{outcome.cycle}: {states.get(outcome.state, outcome.state)}{where}."
        + (
            f" {escape(outcome.message)}"
            if outcome.message and outcome.state != "in_review"
            else ""
        )
    )


def print_doc_paths(console: Console, docs: Sequence[Any], shown: int = 20) -> None:
    """The files of the documents a command published, the first `shown`, then a count."""
    for doc in docs[:shown]:
        console.print(f"  {rel(doc.html_path)}", markup=False, soft_wrap=True)
    if len(docs) > shown:
        console.print(f"  … dan {len(docs) - shown} lainnya (siklus docs list).")


def print_warnings(console: Console, warnings: Sequence[str]) -> None:
    """Import warnings of a stage run, one a line (their text is shown as text, not markup)."""
    for warning in warnings:
        console.print(f"[yellow]Peringatan:[/yellow] {escape(warning)}")


def print_import_messages(console: Console, result: Any) -> None:
    """An import's warnings (to check), then its notes (what it did besides writing rows).

    A dry run stored nothing, so its notes say what the import would do.
    """
    print_warnings(console, result.warnings)
    label = "Bila diimpor" if result.dry_run else "Catatan"
    for note in result.notes:
        console.print(f"{label}: {escape(note)}")


@contextmanager
def row_counter(
    console: Console, label: str, *, show: bool
) -> Iterator[Callable[[int], None] | None]:
    """A live line "<label>  N baris dibaca  0:00:04" while the block runs; gone after it.

    Yields the callback to give the count to (None when not `show`). The line is redrawn
    when the count changes, with no refresh thread of its own: a process with a second
    thread would not read a large import ahead (`policy.readahead.single_threaded`).
    """
    if not show:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"),
               TextColumn("{task.fields[rows]}"), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(label, total=None, rows="")

        def update(rows: int) -> None:
            bar.update(task, rows=f"{format_number(rows, 0)} baris dibaca", refresh=True)

        yield update


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a temporary file beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
