"""Reading ahead in a helper process: a generator runs there while the caller uses its items.

Layer: domain (no session, no Prefect). An import reads and checks a file (the csv module,
every cell parsed and checked) and writes what it read to the database; the two take about
as long as each other on a large file, and one Python process does them one after the
other. `read_ahead` runs the reading in a child process made with `fork` (it starts in
milliseconds and inherits everything already set up: the file format, the open file's
path, the memos) and hands its items back through a pipe, so the reading of the next
chunks overlaps the writing of this one. On a machine with two cores a 1.5 M-line file
imports in about two thirds of the time.

The child never touches the caller's database connection: it only reads the file, pickles
each item and ends with `os._exit` (multiprocessing's fork start), so no connection or
transaction of the caller is closed, flushed or rolled back by it. Whatever the generator
raises is raised again here, after the child's final state has been handed to `restore`;
a child that dies without a word (killed, out of memory) is reported, and a caller that
stops early stops the child.

`available()` says whether this can run here: Linux (fork is the safe, fast start only
there), more than one core for this process, and `fork` among multiprocessing's start
methods; `single_threaded()` whether forking is safe beyond doubt (no other thread could
hold a lock the child needs). Elsewhere the caller reads in its own process, with the same
results.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, Final, Literal, TypeVar, get_args

T = TypeVar("T")
S = TypeVar("S")

#: Where a caller may have its work done: "auto" (a helper process where it pays and is safe),
#: "process" (a helper whenever one can run), "inline" (never a helper).
Reader = Literal["auto", "process", "inline"]
READERS: Final = get_args(Reader)

#: Bytes the child may run ahead of the caller: the pipe's capacity, raised from the
#: default 64 KiB (less than one chunk of rows) to Linux's default limit for it.
PIPE_BYTES: Final = 1 << 20
_ITEM, _END = 0, 1


class ReadAheadError(RuntimeError):
    """The helper stopped before finishing (killed, out of memory), or its outcome won't pickle."""


def available() -> bool:
    """Whether `read_ahead` runs here (Linux, `fork`, two or more cores for this process)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return len(os.sched_getaffinity(0)) > 1


def single_threaded() -> bool:
    """Whether this process runs one thread only: where forking is safe beyond doubt.

    A fork copies only the calling thread; a lock another thread held at that moment (a
    stream being written, a queue) stays held in the child forever. Inside a Prefect flow
    run, or under a web server, other threads are alive: "auto" callers read in their own
    process there, and only an explicit choice forks.
    """
    return threading.active_count() == 1


def read_ahead(
    items: Callable[[], Iterator[T]],
    state: Callable[[], S],
    restore: Callable[[S], None],
) -> Iterator[T]:
    """Yield what `items()` yields, computed in a forked child ahead of the consumer.

    `items` and `state` run in the child (on its copy of the caller's objects): when the
    generator ends, or raises, `state()` is sent back with the outcome and `restore` is
    called with it here before this generator ends or raises the same exception. Items and
    state must pickle. The child runs ahead by at most a pipe's capacity (`PIPE_BYTES`).
    When no child can be started (the system refuses the fork), `items()` runs here.

    Raises:
        Whatever `items()` raised in the child (its exception, pickled).
        ReadAheadError: the child ended without sending its outcome.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    with contextlib.suppress(OSError):  # a smaller pipe only means less running ahead
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    child = context.Process(
        target=_serve, args=(items, state, sender), name="siklus-read-ahead", daemon=True
    )
    try:
        child.start()
    except OSError:  # no process to spare (a limit on processes, no memory to fork)
        receiver.close()
        sender.close()
        yield from items()  # here, on the caller's own objects: nothing to restore
        return
    sender.close()  # the child holds the only writing end: its end is the pipe's end
    try:
        while True:
            try:
                message = receiver.recv_bytes()
            except (EOFError, OSError):
                child.join()
                raise ReadAheadError(
                    "proses pembantu pembaca berkas berhenti sebelum selesai "
                    f"(kode keluar {child.exitcode}); tidak ada yang ditulis. Coba lagi, atau "
                    "baca di proses ini saja dengan SIKLUS_IMPORT_READER=inline"
                ) from None
            kind, payload, error = pickle.loads(message)
            if kind == _ITEM:
                yield payload
                continue
            if payload is not None:
                restore(payload)
            if error is not None:
                raise error
            return
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()  # the caller stopped early or failed: the rest is not needed
        child.join()


def _serve(items: Callable[[], Iterator[Any]], state: Callable[[], Any], sender: Any) -> None:
    """The child: send every item, then the state and the outcome (None or the exception).

    What the child inherited is frozen out of the cyclic collector first: a collection
    would otherwise walk (and so copy, page by page) the whole of the caller's heap.
    """
    gc.freeze()
    error: BaseException | None = None
    try:
        for item in items():
            sender.send_bytes(pickle.dumps((_ITEM, item, None), pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # handed to the caller, who raises it
        error = exc
    try:
        message = pickle.dumps((_END, state(), error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # the exception or the state does not pickle: send its traceback
        described = "".join(traceback.format_exception(error)) if error else ""
        failure = ReadAheadError(f"pembaca berkas gagal:\n{described or traceback.format_exc()}")
        message = pickle.dumps((_END, None, failure), pickle.HIGHEST_PROTOCOL)
    sender.send_bytes(message)
    sender.close()
