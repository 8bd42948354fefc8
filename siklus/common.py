"""What every `siklus` command module shares: the common options, output, error handling.

Layer: shell. `friendly` turns the errors an officer can fix (a rejected file, a refused
action, a bad pack) into a message and exit code 1; `session` and `actor` give a command
its database session and its acting member. Every command module imports this one, so it
loads neither the settings, the database library nor a service until a command runs:
`siklus --help` stays quick.
"""

from __future__ import annotations

import errno
import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from policy.enums import Stage
from policy.errors import PackError, ServiceError
from policy.importerrors import ImportFileError

if TYPE_CHECKING:
    from sqlmodel import Session

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

OrgOpt = Annotated[
    str | None, typer.Option("--org", help="Kode organisasi (bawaan: satu-satunya).")
]
CycleOpt = Annotated[int | None, typer.Option("--cycle", help="Nomor siklus (bawaan: terbaru).")]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Username pelaku (bawaan: $SIKLUS_USER).", show_default=False),
]
PERIOD_HELP = (
    "Periode evaluasi: 2026-TW3 atau Triwulan III 2026, 2026-S1 atau Semester I 2026, 2026 "
    "(tahunan), 2026-03 atau Maret 2026, atau rentang seperti Juli s.d. September 2026."
)
PeriodOpt = Annotated[str, typer.Option("--period", help=PERIOD_HELP)]
LOCALES = ("id", "en")
LocaleOpt = Annotated[
    list[str] | None,
    typer.Option("--locale", help="Bahasa dokumen: id atau en (berulang; bawaan: id)."),
]


def date_option(help_text: str) -> Any:
    """A `--as-of YYYY-MM-DD` option; read it with `parse_date`."""
    return typer.Option("--as-of", help=help_text, metavar="YYYY-MM-DD")


def friendly(func: F) -> F:
    """Turn expected errors into a clear message and exit code 1 (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ImportFileError as exc:
            err.print(f"[red]Impor ditolak.[/red] {escape(str(exc))}", markup=True, soft_wrap=True)
        except (ServiceError, PackError) as exc:
            err.print(f"[red]Gagal:[/red] {escape(str(exc))}", markup=True, soft_wrap=True)
        except OSError as exc:
            text = escape(os_error_text(exc))
            err.print(f"[red]Gagal:[/red] {text}", markup=True, soft_wrap=True)
        raise typer.Exit(1)

    return wrapper  # type: ignore[return-value]


def os_error_text(exc: OSError) -> str:
    """An OSError (missing file, not a folder, no permission) in words, naming the path."""
    path = exc.filename if exc.filename is not None else ""
    why = {
        errno.ENOENT: "berkas atau folder tidak ditemukan",
        errno.ENOTDIR: "bagian dari jalurnya bukan folder",
        errno.EISDIR: "ini folder, bukan berkas",
        errno.EACCES: "tidak ada izin untuk membuka atau menulisnya",
        errno.EPERM: "tidak ada izin untuk membuka atau menulisnya",
        errno.ENOSPC: "ruang disk penuh",
        errno.EROFS: "folder ini hanya dapat dibaca",
    }.get(exc.errno or 0, f"tidak dapat dibuka atau ditulis ({exc.strerror or exc})")
    return f"{path}: {why}." if path else f"{why[0].upper()}{why[1:]}."


@contextmanager
def session() -> Iterator[Session]:
    """A session for one command."""
    from policy.db import session_scope

    with session_scope() as s:
        yield s


def actor(value: str | None) -> str:
    """The acting member: --as, else $SIKLUS_USER."""
    from policy.settings import get_settings

    who = value or get_settings().user
    if not who:
        raise ServiceError("Sebutkan siapa yang bertindak: --as USERNAME (atau atur SIKLUS_USER).")
    return who


def parse_inputs(values: list[str]) -> dict[str, str]:
    """Parse repeated `--input name=path` options."""
    inputs: dict[str, str] = {}
    for item in values:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ServiceError(f"--input harus berbentuk nama=berkas, ditemukan '{item}'.")
        inputs[name.strip()] = str(Path(path.strip()).resolve())
    return inputs


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD option value as a date (None when not given)."""
    if not value:
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # the form is right, the day is not
            raise ServiceError(
                f"{option} '{value}' bukan tanggal yang ada di kalender (periksa bulan dan "
                "tanggalnya)."
            ) from None
        raise ServiceError(f"{option} harus berbentuk YYYY-MM-DD, ditemukan '{value}'.") from None


def parse_moment(value: str, option: str) -> datetime:
    """'YYYY-MM-DD HH:MM' (or HH.MM) in the configured time zone, as an aware datetime."""
    from zoneinfo import ZoneInfo

    from policy.settings import get_settings

    found = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2})[:.](\d{2})\s*", value)
    if found is None:
        raise ServiceError(
            f"{option} harus berbentuk YYYY-MM-DD JJ:MM (mis. 2026-11-20 14:30), ditemukan "
            f"'{value}'."
        )
    day = parse_date(found[1], option)
    hour, minute = int(found[2]), int(found[3])
    if day is None or hour > 23 or minute > 59:
        raise ServiceError(f"{option} '{value}' bukan jam yang ada (00:00 sampai 23:59).")
    zone = ZoneInfo(get_settings().timezone)
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def parse_locales(values: list[str] | None) -> list[str]:
    """The --locale values (id, en), else the configured locale."""
    if not values:
        from policy.settings import get_settings

        return [get_settings().locale]
    chosen = [v.strip().lower() for v in values]
    for given, value in zip(values, chosen, strict=True):
        if value not in LOCALES:
            raise ServiceError(f"--locale harus id atau en, ditemukan '{given}'.")
    return list(dict.fromkeys(chosen))


def period_code(value: str, stage: Stage = Stage.EVALUATION) -> str:
    """A --period as the stage's canonical period: "Triwulan III 2026" -> "2026-TW3".

    Checked before anything is created or any flow starts; a period that names none is
    refused with the forms that are accepted.
    """
    from policy.services.common import run_period

    return run_period(stage, value)


def parse_stage(value: str) -> Stage:
    """A stage name, accepting '-' for '_' and the Indonesian short names."""
    aliases = {
        "analisis": Stage.NEEDS_ANALYSIS,
        "analisis-kebutuhan": Stage.NEEDS_ANALYSIS,
        "forum": Stage.FORUMS,
        "penyusunan": Stage.DRAFTING,
        "rancangan": Stage.DRAFTING,
        "sosialisasi": Stage.SOCIALISATION,
        "implementasi": Stage.IMPLEMENTATION,
        "evaluasi": Stage.EVALUATION,
    }
    key = value.strip().lower()
    if key in aliases:
        return aliases[key]
    try:
        return Stage(key.replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise ServiceError(f"Tahap '{value}' tidak dikenal; pilih: {names}.") from None


def export_format(file: Path, fmt: str | None, overwrite: bool) -> str:
    """The format an export's file name and --format ask for; refused before any work."""
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        if fmt not in (None, "xlsx"):
            raise ServiceError(f"Berkas .xlsx selalu buku kerja; --format {fmt} untuk .csv.")
        chosen = "xlsx"
    elif suffix == ".csv":
        chosen = fmt or "excel"
        if chosen not in ("excel", "rfc4180"):
            raise ServiceError(
                f"Format '{chosen}' tidak dikenal untuk .csv; pilih excel atau rfc4180."
            )
    else:
        raise ServiceError(f"{file.name}: akhiri nama berkas dengan .xlsx atau .csv.")
    if file.exists() and not overwrite:
        raise ServiceError(f"{file} sudah ada; pakai --overwrite untuk menimpanya.")
    return chosen


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="Untuk berkas .csv: excel (bawaan; pemisah ;, koma desimal, untuk dibuka di "
        "Excel) atau rfc4180 (pemisah koma, titik desimal, untuk program lain).",
    ),
]
OverwriteOpt = Annotated[bool, typer.Option("--overwrite", help="Timpa berkas yang sudah ada.")]
