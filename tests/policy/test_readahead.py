"""Reading ahead in a helper process: same items, same state, same errors, no stray child."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policy import readahead
from policy.imports import ImportFileError, RowStream, parse_file, stream_file
from policy.readahead import ReadAheadError, read_ahead
from tests.factories import write_file

pytestmark = pytest.mark.skipif(
    not readahead.available(), reason="reading ahead needs Linux, fork and two cores"
)

HEADER = "nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim"
NIPS = [f"19{70 + i % 30:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(1, 400)]


class Counter:
    """What the child works on: its copy of this object, sent back as its state."""

    def __init__(self) -> None:
        self.seen: list[int] = []
        self.pid = 0

    def items(self, n: int, fail_at: int | None = None) -> Iterator[tuple[int, int]]:
        self.pid = os.getpid()
        for i in range(n):
            if i == fail_at:
                raise ValueError(f"bad item {i}")
            self.seen.append(i)
            yield (i, os.getpid())

    def state(self) -> tuple[list[int], int]:
        return self.seen, self.pid

    def restore(self, state: tuple[list[int], int]) -> None:
        self.seen, self.pid = state


def test_items_come_in_order_from_another_process_and_the_state_comes_back() -> None:
    counter = Counter()
    got = list(read_ahead(lambda: counter.items(50), counter.state, counter.restore))
    assert [i for i, _ in got] == list(range(50))
    assert {pid for _, pid in got} == {counter.pid}
    assert counter.pid != os.getpid()
    assert counter.seen == list(range(50))  # set in the child, restored here


def test_the_childs_exception_is_raised_here_after_its_state_is_restored() -> None:
    counter = Counter()
    got = []
    with pytest.raises(ValueError, match="bad item 7"):
        for item in read_ahead(lambda: counter.items(20, fail_at=7), counter.state,
                               counter.restore):  # fmt: skip
            got.append(item[0])
    assert got == list(range(7))
    assert counter.seen == list(range(7))


def test_a_child_killed_midway_is_reported_not_waited_for() -> None:
    def items() -> Iterator[int]:
        yield 1
        os.kill(os.getpid(), signal.SIGKILL)
        yield 2  # pragma: no cover - never reached

    with pytest.raises(ReadAheadError, match=r"berhenti sebelum selesai \(kode keluar -9\)"):
        list(read_ahead(items, lambda: None, lambda _state: None))


def test_an_item_that_does_not_pickle_is_an_error_here_not_a_silent_stop() -> None:
    def items() -> Iterator[Any]:
        yield 1
        yield threading.Lock()  # locks do not pickle

    got = []
    with pytest.raises(TypeError, match="cannot pickle '_thread.lock' object"):
        for item in read_ahead(items, lambda: None, lambda _state: None):
            got.append(item)
    assert got == [1]


def test_an_outcome_that_does_not_pickle_is_reported_with_its_traceback() -> None:
    class Unpicklable(Exception):
        def __reduce__(self) -> Any:
            raise TypeError("no pickling")

    def items() -> Iterator[int]:
        yield 1
        raise Unpicklable("the reason")

    with pytest.raises(ReadAheadError, match="pembaca berkas gagal") as info:
        list(read_ahead(items, lambda: None, lambda _state: None))
    assert "Unpicklable: the reason" in str(info.value)


def test_without_a_process_to_spare_the_items_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing.context

    def refuse(self: Any) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # fork's EAGAIN

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refuse)
    counter = Counter()
    got = list(read_ahead(lambda: counter.items(5), counter.state, counter.restore))
    assert got == [(i, os.getpid()) for i in range(5)]
    assert counter.seen == list(range(5)) and counter.pid == os.getpid()
    path = write_file(tmp_path, "p.csv", "\n".join([HEADER, *staff(5)]) + "\n")
    rows, stream = read(path, "process")  # asked for, refused: read here all the same
    assert [r.nip for r in rows] == NIPS[:5] and stream.rows == 5


def test_stopping_early_stops_the_child() -> None:
    def endless() -> Iterator[int]:
        while True:  # blocks once the pipe is full: only the kill ends it
            yield os.getpid()

    ahead = read_ahead(endless, lambda: None, lambda _state: None)
    pid = next(ahead)
    assert pid != os.getpid()
    ahead.close()  # the consumer stops: the child is killed and reaped
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# ----------------------------------------------------------------- import streams


def staff(n: int) -> list[str]:
    return [f"{NIPS[i]};Pegawai {i};PNS;Analis;DUKCAPIL;;" for i in range(n)]


def read(path: Path, reader: Any) -> tuple[list[Any], RowStream]:
    stream = stream_file("pegawai", path, reader=reader)
    return list(stream), stream


def test_a_file_read_ahead_gives_the_rows_warnings_and_headers_of_one_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy import importrows

    monkeypatch.setattr(importrows, "CHUNK", 16)  # many chunks through the queue
    header = HEADER.replace("unit_kerja", "Kode Unit") + ";catatan"
    lines = [header, *(f"{line};x" for line in staff(300))]
    path = write_file(tmp_path, "p.csv", "\n".join(lines) + "\n")
    where = tmp_path / "pid"
    original = RowStream._read_plain

    def noting_pid(self: RowStream) -> Any:
        where.write_text(str(os.getpid()))
        return original(self)

    monkeypatch.setattr(RowStream, "_read_plain", noting_pid)
    here, inline = read(path, "inline")
    assert not where.exists()
    ahead, child = read(path, "process")
    assert int(where.read_text()) != os.getpid()  # read in another process
    assert ahead == here
    assert type(ahead[0]) is type(here[0])  # named tuples again, not plain ones
    assert ahead[0].nip == NIPS[0]
    assert (child.rows, child.warnings, child.headers) == (
        inline.rows, inline.warnings, inline.headers,
    )  # fmt: skip
    assert child.rows == 300
    assert child.warnings == ["kolom tidak dikenal diabaikan: catatan"]
    assert child.headers["unit_kerja"] == "Kode Unit"


def test_a_bad_file_read_ahead_gives_the_same_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy import importrows

    monkeypatch.setattr(importrows, "CHUNK", 8)
    lines = staff(60)
    lines[20] = lines[3]  # a repeated NIP across chunks
    lines[41] = "123;Salah;PNS;Analis;DUKCAPIL;;"
    path = write_file(tmp_path, "p.csv", "\n".join([HEADER, *lines]) + "\n")
    errors = {}
    for reader in ("inline", "process"):
        with pytest.raises(ImportFileError) as info:
            read(path, reader)
        errors[reader] = (info.value.errors, info.value.total_errors, info.value.bad_rows)
    assert errors["process"] == errors["inline"]
    assert [(e.line, e.column) for e in errors["process"][0]] == [(22, "nip"), (43, "nip")]


def test_auto_reads_ahead_only_large_files_and_a_bad_choice_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.imports import READ_AHEAD_BYTES

    small = write_file(tmp_path, "p.csv", "\n".join([HEADER, *staff(3)]) + "\n")
    assert stream_file("pegawai", small)._ahead is False
    assert stream_file("pegawai", small, reader="process")._ahead is True
    big = tmp_path / "big.csv"
    with big.open("w") as handle:
        handle.write(HEADER + "\n")
        while handle.tell() < READ_AHEAD_BYTES:
            handle.write("\n".join(staff(399)) + "\n")
    with monkeypatch.context() as alone:  # whatever threads the rest of the suite left
        alone.setattr(readahead, "single_threaded", lambda: True)
        assert stream_file("pegawai", big)._ahead is True
    assert stream_file("pegawai", big, reader="inline")._ahead is False
    # Another thread alive (a flow run, a web server): "auto" does not fork, "process" does.
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert readahead.single_threaded() is False
        assert stream_file("pegawai", big)._ahead is False
        assert stream_file("pegawai", big, reader="process")._ahead is True
    finally:
        release.set()
        other.join()
    assert parse_file("pegawai", small).rows[0].nip == NIPS[0]  # dataclass rows: read here
    with pytest.raises(ValueError, match="unknown reader 'thread'"):
        stream_file("pegawai", small, reader="thread")  # type: ignore[arg-type]


def test_a_workbook_read_ahead_gives_the_same_rows_and_errors(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    for line in staff(40):
        sheet.append(line.split(";"))
    good = tmp_path / "p.xlsx"
    book.save(good)
    here, _ = read(good, "inline")
    ahead, child = read(good, "process")
    assert ahead == here and len(ahead) == 40 and child.rows == 40
    sheet.append([int(NIPS[41]), "Angka", "PNS", "Analis", "DUKCAPIL", "", ""])  # a number cell
    bad = tmp_path / "q.xlsx"
    book.save(bad)
    errors = []
    for reader in ("inline", "process"):
        with pytest.raises(ImportFileError) as info:
            read(bad, reader)
        errors.append(info.value.errors)
    assert errors[0] == errors[1]
    assert [(e.line, e.column) for e in errors[1]] == [(42, "nip")]
    assert "tersimpan sebagai angka" in errors[1][0].message
