"""Bahasa Indonesia for the command line's own words: usage errors and help boilerplate.

Layer: shell, under `siklus.cli` (and every module that makes a Typer app).

Why a shim and not a gettext catalog: typer 0.29 vendors click as `typer._click`, and
its messages ("Missing option", "No such option", "Got unexpected extra argument(s)",
"Show this message and exit.", the "Usage: " prefix) are plain f-strings, not gettext
calls; a type typer cannot convert fails with pydantic's English text. Only typer's rich
panel titles and markers go through gettext, and only once, when `typer.rich_utils` is
first imported, against the process-wide text domain and $LANGUAGE (LANG=C would bring
English back). So the words are set here, through the hooks typer offers:

- `SiklusTyper` is a `typer.Typer` whose groups and commands are `SiklusGroup` and
  `SiklusCommand` (typer's `cls=`): "Penggunaan:" and "[OPSI]" in the usage line, the help
  option's text, `-h` beside `--help` (`context_settings`).
- `rich_words` sets typer's public module-level settings in `typer.rich_utils` (panel
  titles, `[wajib]`, `[bawaan: …]`, "Coba …", "Dibatalkan.") before typer prints help
  (`format_help`) or an error (what `SiklusGroup.invoke` lets through); a command that
  prints neither does not import `typer.rich_utils` (rich's Markdown and tracebacks).
  `format_help` also joins each docstring paragraph into one line (`reflowed`), so that
  the terminal, not the source's line length, decides where the help text breaks, and
  names value types as TEKS, ANGKA, BERKAS instead of typer's `<str>`, `<int>`, `<path>`
  (a flag such as --help shows none).
- `SiklusGroup` turns every usage error raised while parsing or running into one
  Indonesian message (`indonesian`), read from the exception's type and attributes (the
  option, the parameter, the value pydantic refused) and, where click keeps nothing but
  English text (extra arguments, an option missing its value), from that text. Exit code
  2 stays, as does click's layout (usage line, hint, error panel).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from difflib import get_close_matches
from typing import Any, NoReturn

import typer
from typer import _click
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

HELP_OPTION_NAMES = ["--help", "-h"]
HELP_TEXT = "Tampilkan bantuan ini lalu keluar."
USAGE_PREFIX = "Penggunaan: "
OPTIONS_METAVAR = "[OPSI]"
SUBCOMMAND_METAVAR = "PERINTAH [ARGUMEN]..."
COMPLETION_HELP = {
    "install_completion": "Pasang pelengkapan otomatis (tombol Tab) untuk shell ini.",
    "show_completion": "Tampilkan skrip pelengkapan otomatis untuk shell ini, untuk disalin.",
}
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Kesalahan",
    "REQUIRED_LONG_STRING": "[wajib]",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "DEPRECATED_STRING": "(usang) ",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
}
PATH_WORDS = {"File": "Berkas", "Directory": "Folder", "Path": "Jalur"}
PATH_PROBLEMS = {
    "does not exist": "tidak ada",
    "is a file": "adalah berkas, bukan folder",
    "is a directory": "adalah folder, bukan berkas",
    "is not readable": "tidak dapat dibaca",
    "is not writable": "tidak dapat ditulis",
}


def rich_words() -> None:
    """Put the Indonesian words into typer's rich help and error output (see the top)."""
    from typer import rich_utils

    for name, words in RICH_WORDS.items():
        setattr(rich_utils, name, words)


class IndonesianUsageError(UsageError):
    """A usage error whose message is already Indonesian (exit code 2)."""


def _hint(error: BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else error.param_hint
        return " / ".join(hints)
    return error.param.get_error_hint() if error.param is not None else ""


def _choices(error: BadParameter) -> str:
    descriptor = getattr(error.param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice or not descriptor.choices:
        return ""
    return " Pilih salah satu: " + ", ".join(str(c) for c in descriptor.choices) + "."


def _refused_value(error: BadParameter) -> str:
    """Why a value was refused: pydantic's error (its type and input), else click's text."""
    cause = error.__cause__
    if cause is not None and hasattr(cause, "errors"):
        found = cause.errors()
        if found:
            first = found[0]
            given = first.get("input")
            kind = str(first.get("type", ""))
            ctx = first.get("ctx") or {}
            expected = str(ctx.get("expected", "")).replace(" or ", " atau ")
            reasons = {
                "int_parsing": f"'{given}' bukan bilangan bulat.",
                "int_from_float": f"'{given}' bukan bilangan bulat.",
                "float_parsing": f"'{given}' bukan bilangan.",
                "bool_parsing": f"'{given}' bukan ya/tidak (true/false, yes/no, 1/0).",
                "enum": f"'{given}' tidak dikenal; pilih: {expected}.",
                "literal_error": f"'{given}' tidak dikenal; pilih: {expected}.",
                "date_from_datetime_parsing": f"'{given}' bukan tanggal YYYY-MM-DD.",
                "date_parsing": f"'{given}' bukan tanggal YYYY-MM-DD.",
                "datetime_parsing": f"'{given}' bukan tanggal dan waktu.",
                "uuid_parsing": f"'{given}' bukan UUID.",
                "greater_than_equal": f"{given} terlalu kecil; paling sedikit {ctx.get('ge')}.",
                "greater_than": f"{given} terlalu kecil; harus lebih dari {ctx.get('gt')}.",
                "less_than_equal": f"{given} terlalu besar; paling banyak {ctx.get('le')}.",
                "less_than": f"{given} terlalu besar; harus kurang dari {ctx.get('lt')}.",
            }
            return reasons.get(kind, f"'{given}' tidak dapat dibaca.")
    text = error.message
    path = re.fullmatch(r"(File|Directory|Path) (.+) (" + "|".join(PATH_PROBLEMS) + r")\.", text)
    if path:
        return f"{PATH_WORDS[path[1]]} {path[2]} {PATH_PROBLEMS[path[3]]}."
    value = re.fullmatch(r"Value (.+) is not a valid (.+)\.", text)
    if value:
        return f"{value[1]} bukan {value[2]} yang sah."
    if text == "Value must be an iterable.":
        return "nilai harus berupa daftar."
    return text


def _option_message(error: BadOptionUsage) -> str:
    needs = re.fullmatch(r"Option (.+) requires (?:an argument|(\d+) arguments)\.", error.message)
    if needs:
        count = f"{needs[2]} nilai" if needs[2] else "sebuah nilai"
        return f"Opsi {needs[1]} memerlukan {count}."
    if re.fullmatch(r"Option .+ does not take a value\.", error.message):
        return f"Opsi '{error.option_name}' tidak menerima nilai."
    return error.message


PLAIN_MESSAGES: dict[str, Callable[[re.Match[str]], str]] = {
    r"Got unexpected extra argument\(s\) \((.*)\)": lambda m: f"Argumen berlebih: {m[1]}.",
    r"Missing command\.": lambda m: "Perintah belum disebut.",
    r"No such command (.+?)\.(?: Did you mean (.+)\?)?": lambda m: (
        f"Perintah {m[1]} tidak dikenal." + (f" Mungkin maksud Anda {m[2]}?" if m[2] else "")
    ),
    r"Argument (.+) takes (\d+) values\.": lambda m: f"Argumen {m[1]} memerlukan {m[2]} nilai.",
}


def indonesian(error: UsageError) -> str:
    """The message of a click usage error in Indonesian (the text itself when not known)."""
    if isinstance(error, MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        word = {"option": "Opsi", "argument": "Argumen"}.get(kind, "Parameter")
        hint = _hint(error)
        return f"{word} {hint} wajib diisi.".replace("  ", " ") + _choices(error)
    if isinstance(error, BadParameter):
        hint = _hint(error)
        where = f" untuk {hint}" if hint else ""
        return f"Nilai{where} tidak sah: {_refused_value(error)}{_choices(error)}"
    if isinstance(error, NoSuchOption):
        message = f"Opsi tidak dikenal: {error.option_name}."
        if error.possibilities:
            message += f" Mungkin maksud Anda {' atau '.join(sorted(error.possibilities))}?"
        return message
    if isinstance(error, BadOptionUsage):
        return _option_message(error)
    for pattern, say in PLAIN_MESSAGES.items():
        found = re.fullmatch(pattern, error.message)
        if found:
            return say(found)
    return error.message


def _translated(error: UsageError) -> NoReturn:
    rich_words()  # typer prints the error next
    if isinstance(error, IndonesianUsageError) or type(error).__name__ == "NoArgsIsHelpError":
        raise error
    raise IndonesianUsageError(indonesian(error), error.ctx) from None


#: Typer's type labels in the help panels, as a policy officer reads them.
TYPE_WORDS = {
    "<str>": "TEKS",
    "<list[str]>": "TEKS",
    "<int>": "ANGKA",
    "<list[int]>": "ANGKA",
    "<float>": "ANGKA",
    "<path>": "BERKAS",
}


def _type_words(param: Any) -> Callable[[_click.Context], str | None]:
    """`param.display_type_rich` with its label in Indonesian ("TEKS" for "<str>").

    A flag (an option without a value, such as --help) shows none.
    """
    shown = type(param).display_type_rich

    def display_type_rich(ctx: _click.Context) -> str | None:
        label: str | None = shown(param, ctx)
        if getattr(param, "is_flag", False):
            return None
        return TYPE_WORDS.get(label or "", label)

    return display_type_rich


# A line that starts an entry of its own ("Capaian: …", "- …") is not joined to the one above.
_OWN_LINE = re.compile(r"^(?:[-*•] |\w[\w ]{0,30}: )")


def reflowed(text: str | None) -> str | None:
    """A docstring's paragraphs as one line each, so that the help wraps them evenly.

    The source wraps its lines near 90 columns; typer keeps those breaks, and a terminal of
    80 columns then broke each long line again ("… yang sudah / dibaca / ditulis …").
    A line that starts an entry of its own ("Capaian: …", "- …") keeps its break.
    """
    if not text:
        return text
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines = paragraph.split("\n")
        joined = [lines[0]]
        for line in lines[1:]:
            if _OWN_LINE.match(line) or line.startswith(" "):
                joined.append(line)
            else:
                joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)


def _with_help_text(option: Any) -> Any:
    if option is not None:
        option.help = HELP_TEXT
    return option


def _write_usage(command: _click.Command, ctx: _click.Context, out: Any) -> None:
    out.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), USAGE_PREFIX)


class _Indonesian(_click.Command):
    """What commands and groups share: the help option, the usage line, usage errors."""

    def get_help_option(self, ctx: _click.Context) -> Any:
        """The help option (`-h`, `--help`) with Indonesian help text."""
        return _with_help_text(super().get_help_option(ctx))

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The help, with typer's rich panel titles and markers in Indonesian.

        The docstring's paragraphs are reflowed to the terminal's width (`reflowed`).
        """
        rich_words()
        written = self.help
        self.help = reflowed(written)
        params = [p for p in self.get_params(ctx) if hasattr(p, "display_type_rich")]
        for param in params:  # for this help only: the instance's own, over the class's
            param.display_type_rich = _type_words(param)
        try:
            super().format_help(ctx, formatter)
        finally:
            self.help = written
            for param in params:
                vars(param).pop("display_type_rich", None)

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The usage line, "Penggunaan: …"."""
        _write_usage(self, ctx, formatter)

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        """Parse the arguments; a usage error is said in Indonesian, with this usage line."""
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            if error.ctx is None:
                error.ctx = ctx
            _translated(error)


_GIVEN = "siklus.given_args"


def asks_for_help(ctx: _click.Context) -> bool:
    """Whether the command line asks for a command's help (`--help` or `-h`)."""
    return any(arg in HELP_OPTION_NAMES for arg in ctx.meta.get(_GIVEN, ()))


class SiklusCommand(_Indonesian, TyperCommand):
    """A command whose usage line, help option and usage errors speak Indonesian."""


class SiklusGroup(_Indonesian, TyperGroup):
    """A command group that speaks Indonesian, usage errors included."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line (typer's completion options with Indonesian help)."""
        for param in self.params:  # typer adds its completion options after __init__
            if param.name in COMPLETION_HELP and isinstance(param, TyperOption):
                param.help = COMPLETION_HELP[param.name]
        return super().main(*args, **kwargs)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: _click.Context | None = None,
        **extra: Any,
    ) -> _click.Context:
        """Parse the group's own options; a usage error is said in Indonesian."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as error:
            _translated(error)

    def invoke(self, ctx: _click.Context) -> Any:
        """Run the subcommand; a usage error raised below is said in Indonesian.

        The command line after the outermost group is kept for its callback (`asks_for_help`):
        click hands the group's callback no arguments.
        """
        given = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        ctx.meta.setdefault(_GIVEN, given)
        try:
            return super().invoke(ctx)
        except UsageError as error:
            _translated(error)
        except (ClickException, typer.Abort, EOFError):
            rich_words()  # typer prints an error panel, or "Dibatalkan."
            raise

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, _click.Command | None, list[str]]:
        """Find the subcommand; an unknown one is named with the closest commands."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            if type(error) is not UsageError or not args:
                raise
            close = get_close_matches(args[0], list(self.commands))
            guess = " atau ".join(f"'{name}'" for name in close)
            message = f"Perintah '{args[0]}' tidak dikenal."
            raise IndonesianUsageError(
                message + (f" Mungkin maksud Anda {guess}?" if guess else ""), ctx
            ) from None


class SiklusTyper(typer.Typer):
    """A `typer.Typer` whose groups and commands speak Indonesian (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        """Like `typer.Typer`, with `SiklusGroup`, Indonesian metavars and `-h`."""
        kwargs.setdefault("cls", SiklusGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        kwargs.setdefault("context_settings", {"help_option_names": HELP_OPTION_NAMES})
        super().__init__(**kwargs)

    def command(
        self, name: str | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        """Like `typer.Typer.command`, with `SiklusCommand`."""
        kwargs.setdefault("cls", SiklusCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(name, **kwargs)
