"""The complete list of an import's errors, written to a file for the officer to work through.

Layer: domain services (used by `policy.services.imports.ingest_file`). A refusal's
message lists the first `MAX_ERRORS` errors; a province's file can have tens of thousands
of bad rows (a staff list whose NIPs were cut by Excel, a survey export with a shifted
column), and DESIGN.md asks that an import report every one. `keeping` keeps every error
of one import in an `ErrorLog` in a temporary folder and, when the import is refused,
writes them all, by line, to the `ErrorList`'s file: a CSV that Excel opens, with the
line, the column as the file names it, and the reason. The refusal then says where the
list is. The temporary folder is removed either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from policy.importerrors import ERROR_COLUMNS, ErrorLog, ImportFileError
from policy.locale import format_number

__all__ = ["ErrorList", "beside", "keeping", "left_beside"]


@dataclass(frozen=True)
class ErrorList:
    """Where a refused import writes every error, and when.

    `always`: whenever the import is refused; otherwise only when the message cannot
    list every error (more than `MAX_ERRORS`).
    """

    path: Path
    always: bool = False


def beside(path: Path) -> Path:
    """The list's default place: beside the file, 'pegawai.csv' -> 'pegawai.kesalahan.csv'."""
    path = Path(path)
    return path.with_name(f"{path.stem or path.name}.kesalahan.csv")


def left_beside(path: Path) -> Path | None:
    """The list an earlier refusal wrote beside `path`, if it is still there; else None.

    Only a file Siklus wrote counts (it begins with the list's header): a file of the
    officer's own under that name is none of Siklus's business. It is not deleted: after a
    corrected file is taken, the officer is told it is stale.
    """
    target = beside(path)
    header = ("\ufeff" + ";".join(ERROR_COLUMNS)).encode("utf-8")
    try:
        with target.open("rb") as handle:
            return target if handle.read(len(header)) == header else None
    except OSError:
        return None


@contextmanager
def keeping(errors_to: ErrorList | None) -> Iterator[ErrorLog | None]:
    """An `ErrorLog` for one import; a refusal raised inside names its complete list.

    Yields None when no list is wanted (`errors_to` None): nothing is kept.
    """
    if errors_to is None:
        yield None
        return
    with TemporaryDirectory(prefix="siklus-kesalahan-") as folder:
        log = ErrorLog(Path(folder))
        try:
            yield log
        except ImportFileError as exc:
            raise _listed(exc, log, errors_to) from None


def _listed(exc: ImportFileError, log: ErrorLog, errors_to: ErrorList) -> ImportFileError:
    """`exc`, saying where its complete list was written (or why it could not be)."""
    if not errors_to.always and exc.total_errors <= len(exc.errors):
        return exc
    target = errors_to.path
    try:
        written = log.write_csv(target, fallback=exc.errors)
    except OSError as problem:
        why = problem.strerror or str(problem)
        said = f"Daftar lengkap kesalahan tidak dapat ditulis ke {target}: {why}."
    else:
        count = format_number(written, 0)
        said = f"Daftar lengkap {count} kesalahan (baris, kolom, kesalahan): {target}"
    return ImportFileError(exc.filename, exc.errors, exc.total_errors, exc.bad_rows, said)
