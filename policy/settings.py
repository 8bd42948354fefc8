"""Runtime settings: the only reader of the environment (`SIKLUS_` prefix).

Layer: domain configuration. Organisation packs are in `policy.packschema` (the schema)
and `policy.packs` (reading a pack file).
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from policy.locale import DEFAULT_TZ
from policy.readahead import Reader

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _user_cache() -> Path:
    """The user's cache folder for Siklus (XDG): $XDG_CACHE_HOME/siklus, else ~/.cache/siklus."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "siklus"
    try:
        return Path.home() / ".cache" / "siklus"
    except (RuntimeError, KeyError):  # a service account without a home folder
        return Path("siklus-data") / "cache"


class Settings(BaseSettings):
    """Runtime settings, read from `SIKLUS_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SIKLUS_", extra="ignore")

    data_dir: Path = Field(
        default=Path("siklus-data"), description="Folder for the SQLite file and documents."
    )
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means a SQLite file in data_dir."
    )
    locale: Literal["id", "en"] = Field(default="id", description="Default document locale.")
    user: str = Field(default="", description="Default acting member for CLI commands.")
    timezone: str = Field(
        default=DEFAULT_TZ,
        description="Time zone of the dates and times in documents, the portal and the CLI "
        "(an IANA name: 'Asia/Jakarta' WIB, 'Asia/Makassar' WITA, 'Asia/Jayapura' WIT).",
    )
    templates_dir: Path = Field(default=PROJECT_ROOT / "templates")
    cache_dir: Path = Field(
        default_factory=_user_cache,
        description="Folder for compiled templates, shared by every data folder of the "
        "machine's user (as Python keeps its bytecode): $XDG_CACHE_HOME/siklus, else "
        "~/.cache/siklus.",
    )
    packs_dir: Path = Field(default=PROJECT_ROOT / "packs")
    smtp_host: str = Field(default="", description="SMTP server for reminders; empty: no email.")
    smtp_port: int = Field(default=25, description="SMTP port (587 with STARTTLS, 465 with SSL).")
    smtp_starttls: bool = Field(default=False, description="Upgrade the connection (STARTTLS).")
    smtp_ssl: bool = Field(default=False, description="Connect with TLS from the start (465).")
    smtp_user: str = Field(default="", description="SMTP login; empty: no login.")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP password.")
    smtp_from: str = Field(default="", description="Sender address unless the pack sets one.")
    smtp_timeout: float = Field(default=30.0, description="Seconds before an SMTP call fails.")
    secret_key: str = Field(
        default="",
        description="Key signing the portal's form tokens and receipts; empty means a random "
        "key kept in <data_dir>/secret.key.",
    )
    import_reader: Reader = Field(
        default="auto",
        description="Where imported files are read: 'auto' reads a file of 2 MB or more in a "
        "helper process (Linux, two or more cores, an importing process with no other thread) "
        "while the rows already read are written; 'process' always does (threads or not); "
        "'inline' reads in the importing process only.",
    )
    portal_rate_limit: int = Field(
        default=10, ge=1, description="Form submissions (POST) per minute per client address."
    )
    portal_max_body: int = Field(
        default=64 * 1024, ge=1024, description="Largest request body the portal reads (bytes)."
    )
    chromium: str = Field(
        default="",
        description="The Chromium program that prints documents to PDF (`siklus docs pdf`); "
        "empty: chromium, chromium-browser, google-chrome on the PATH.",
    )
    portal_url: str = Field(
        default="",
        description="The portal's address as its users open it (e.g. "
        "https://konsultasi.example.go.id), for the links in emails; empty: no links.",
    )

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        """A signing key short enough to guess is refused."""
        if value and len(value) < 32:
            raise ValueError(
                "SIKLUS_SECRET_KEY harus minimal 32 karakter (mis. hasil `openssl rand -hex 32`)"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An unknown zone is refused when the settings are read, not in the middle of a render."""
        name = value.strip()
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            hint = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
            suggestion = hint.get(name.upper())
            also = f"; untuk {name.upper()} tulis '{suggestion}'" if suggestion else ""
            raise ValueError(
                f"SIKLUS_TIMEZONE '{value}' bukan nama zona waktu yang dikenal{also} (nama IANA: "
                "'Asia/Jakarta' untuk WIB, 'Asia/Makassar' untuk WITA, 'Asia/Jayapura' untuk WIT)"
            ) from None
        return name

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        """Accept the `postgres://` spelling many hosts hand out."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to `<data_dir>/siklus.db`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'siklus.db').resolve()}"

    @property
    def documents_dir(self) -> Path:
        """Where rendered documents are stored; the registry's paths are relative to it."""
        return self.data_dir / "documents"

    def document_file(self, stored: str) -> Path:
        """The file a path of the document registry names, as a full path.

        The registry keeps paths relative to `documents_dir`, with `/`
        ('sawahlunto/siklus-1/evaluation-2026-TW3/laporan-evaluasi-2026-tw3-v1.id.html'),
        so a data folder moved or restored elsewhere keeps its documents. An absolute path
        (registered before 0017 outside the documents folder, which the migration leaves as
        it was) is taken as it is.
        """
        return Path(os.path.abspath(self.documents_dir / stored))

    def signing_key(self) -> bytes:
        """The portal's signing key: `secret_key`, else a random key kept in the data folder."""
        if self.secret_key:
            return self.secret_key.encode("utf-8")
        path = self.data_dir / "secret.key"
        if not path.is_file():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"secret.key.{os.getpid()}.{secrets.token_hex(4)}")
            tmp.write_text(secrets.token_hex(32), encoding="ascii")
            tmp.chmod(0o600)
            try:
                os.link(tmp, path)  # atomic: whoever links first wins, the others read theirs
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        return path.read_text(encoding="ascii").strip().encode("ascii")


class SettingsError(ValueError):
    """A `SIKLUS_*` variable with a value Siklus cannot use, with the reasons in Indonesian."""


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()`).

    Raises:
        SettingsError: a variable is invalid; the message names each one and why.
    """
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(settings_problems(exc)) from None


def settings_problems(exc: ValidationError) -> str:
    """The problems of a `Settings` validation as one Indonesian message, one per line."""
    lines = []
    for problem in exc.errors(include_url=False):
        field = ".".join(str(part) for part in problem["loc"])
        message = _in_words(problem) or str(problem["msg"]).removeprefix("Value error, ")
        name = f"SIKLUS_{field.upper()}"
        lines.append(message if message.startswith(name) else f"{name}: {message}")
    return "Pengaturan tidak valid:\n" + "\n".join(f"- {line}" for line in lines)


def _in_words(problem: Any) -> str:
    """Pydantic's usual complaints about a variable, in Indonesian ('' for the others)."""
    given, ctx = problem.get("input"), problem.get("ctx") or {}
    kind = problem["type"]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"nilai '{given}' tidak dikenal; pilih salah satu: {expected}"
    if kind in ("int_parsing", "int_from_float"):
        return f"harus bilangan bulat, bukan '{given}'"
    if kind in ("float_parsing", "decimal_parsing"):
        return f"harus angka, bukan '{given}'"
    if kind == "bool_parsing":
        return f"harus true atau false, bukan '{given}'"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {
            "greater_than_equal": ("paling kecil", "ge"),
            "greater_than": ("lebih dari", "gt"),
            "less_than_equal": ("paling besar", "le"),
            "less_than": ("kurang dari", "lt"),
        }
        words, key = bound[kind]
        return f"harus {words} {ctx.get(key)}, bukan '{given}'"
    return ""
