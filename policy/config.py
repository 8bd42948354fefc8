"""Settings and organisation packs.

Layer: domain configuration. `Settings` is the only reader of the environment
(`SIKLUS_` prefix); packs are YAML files validated into `Pack` with errors that
name the file and the place inside it.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from policy.evaluation.ikm import parse_weight

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    timezone: str = Field(default="Asia/Jakarta", description="Timezone for dates in documents.")
    templates_dir: Path = Field(default=PROJECT_ROOT / "templates")
    packs_dir: Path = Field(default=PROJECT_ROOT / "packs")

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
        """Where rendered documents are stored."""
        return self.data_dir / "documents"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests call `get_settings.cache_clear()`)."""
    return Settings()


# --------------------------------------------------------------------------- packs


class PackError(ValueError):
    """A pack file that cannot be used; the message names the file and the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
UNIT_KINDS = (
    "sekretariat",
    "dinas",
    "badan",
    "kecamatan",
    "kelurahan",
    "sekolah",
    "puskesmas",
    "rumah sakit",
    "unit layanan",
    "bagian",
    "inspektorat",
)


class PackOrganisation(_Strict):
    """The organisation the pack configures."""

    code: Code
    name: str = Field(description="Official name, e.g. 'Pemerintah Kota Sawahlunto'.")
    kind: Literal["kota", "kabupaten", "provinsi", "kecamatan"]
    region: str = Field(description="Place name used in titles, e.g. 'Sawahlunto'.")
    head_title: str = Field(description="Head of the region, e.g. 'Wali Kota'.")
    address: str = ""
    place: str = Field(default="", description="Place of signing; defaults to the region.")


class PackUnit(_Strict):
    """A unit kerja."""

    code: Code
    name: str
    kind: str
    parent: str | None = None
    service: bool = Field(default=False, description="Serves the public (SKM applies).")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value.lower() not in UNIT_KINDS:
            raise ValueError(f"jenis unit '{value}' tidak dikenal; pilih: {', '.join(UNIT_KINDS)}")
        return value.lower()


class PackMember(_Strict):
    """A person with a role in the organisation."""

    username: Code
    name: str
    roles: list[Literal["officer", "organiser", "leader", "admin"]] = Field(min_length=1)
    title: str = ""
    nip: str | None = None


class PackSigning(_Strict):
    """Who signs the regulation."""

    title: str = Field(description="E.g. 'WALI KOTA SAWAHLUNTO'.")
    name: str = Field(description="Name without gelar, pangkat or NIP.")


class PackPolicy(_Strict):
    """The policy the cycle drafts."""

    code: Code
    title: str = Field(description="Subject after 'tentang', e.g. 'Manajemen Kinerja ASN'.")
    legal_form: Literal["Perwali", "Perbup", "Pergub", "Keputusan"]
    signing: PackSigning
    secretary: PackSigning | None = None


class PackStages(_Strict):
    """Stage settings."""

    socialisation_coverage_target: Decimal = Field(default=Decimal("0.80"), ge=0, le=1)
    deadlines_working_days: dict[str, int] = Field(default_factory=dict)


class PackIkm(_Strict):
    """SKM/IKM settings (DOMAIN.md R1, R2)."""

    weight: str = Field(default="1/9", description="Weight per element: '1/9', '0.111' or '0.11'.")
    target: Decimal = Field(default=Decimal("76.61"))
    elements: dict[str, str] = Field(default_factory=dict)

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: str) -> str:
        try:
            weight = parse_weight(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"bobot '{value}' bukan angka atau pecahan") from exc
        if weight > 1:
            raise ValueError(f"bobot '{value}' harus di antara 0 dan 1")
        return value

    @field_validator("elements")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if k not in {f"u{i}" for i in range(1, 10)}]
        if bad:
            raise ValueError(f"kode unsur tidak dikenal: {', '.join(bad)} (gunakan u1…u9)")
        return value


class PackEvaluation(_Strict):
    """The evaluation framework."""

    framework: Literal["national"] = "national"
    periods: Literal["monthly", "quarterly", "semester", "annual"] = "quarterly"
    ikm: PackIkm = Field(default_factory=PackIkm)


class PackIndicator(_Strict):
    """A policy indicator with baseline, target and direction."""

    code: Code
    name: str
    unit: str = ""
    baseline: Decimal
    target: Decimal
    direction: Literal["higher", "lower"] = "higher"


class PackGroup(_Strict):
    """A stakeholder group invited to forums."""

    code: Code
    name: str
    involvement: str = Field(
        default="Dikonsultasikan", description="How the group takes part, for the stakeholder map."
    )


class PackForum(_Strict):
    """A planned forum (demo data and plans)."""

    code: Code
    title: str
    date: date
    venue: str
    groups: list[str] = Field(default_factory=list)
    agenda: list[str] = Field(default_factory=list)


class PackWorkshop(_Strict):
    """A planned socialisation workshop or training."""

    code: Code
    topic: str
    date: date
    trainer: str
    venue: str = ""
    units: list[str] = Field(default_factory=list)
    jp: int = Field(default=0, ge=0)


class Pack(_Strict):
    """An organisation pack (`packs/<name>.yaml`)."""

    organisation: PackOrganisation
    units: list[PackUnit] = Field(min_length=1)
    members: list[PackMember] = Field(min_length=1)
    policy: PackPolicy
    stakeholder_groups: list[PackGroup] = Field(default_factory=list)
    stages: PackStages = Field(default_factory=PackStages)
    evaluation: PackEvaluation = Field(default_factory=PackEvaluation)
    indicators: list[PackIndicator] = Field(default_factory=list)
    forums: list[PackForum] = Field(default_factory=list)
    workshops: list[PackWorkshop] = Field(default_factory=list)
    demo: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Sample input files per stage (paths relative to the pack file).",
    )

    @model_validator(mode="after")
    def _cross_refs(self) -> Pack:
        codes = [u.code for u in self.units]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"kode unit ganda: {', '.join(dupes)}")
        for unit in self.units:
            if unit.parent is not None and unit.parent not in codes:
                raise ValueError(
                    f"unit {unit.code}: induk '{unit.parent}' tidak ada di daftar unit"
                )
        names = [m.username for m in self.members]
        if len(set(names)) != len(names):
            raise ValueError("username anggota ganda")
        if not any("leader" in m.roles for m in self.members):
            raise ValueError("paket harus punya minimal satu anggota berperan 'leader'")
        groups = {g.code for g in self.stakeholder_groups}
        for forum in self.forums:
            unknown = [g for g in forum.groups if g not in groups]
            if unknown:
                raise ValueError(f"forum {forum.code}: kelompok tidak dikenal {unknown}")
        for ws in self.workshops:
            unknown = [u for u in ws.units if u not in codes]
            if unknown:
                raise ValueError(f"kegiatan {ws.code}: unit tidak dikenal {unknown}")
        return self


class LoadedPack(BaseModel):
    """A validated pack with where it came from."""

    model_config = ConfigDict(frozen=True)

    pack: Pack
    path: Path
    sha256: str

    def demo_file(self, stage: str, name: str) -> Path:
        """Absolute path of a demo input file named in the pack."""
        return (self.path.parent / self.pack.demo[stage][name]).resolve()


def _location(doc: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'units[2].kind' style text."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(akar)"


def load_pack(path: Path | str) -> LoadedPack:
    """Read and validate a pack file.

    Raises:
        PackError: the file is missing, is not YAML, or does not validate; the message
            lists every problem with its place in the file.
    """
    file = Path(path)
    if not file.is_file():
        raise PackError(f"{file}: berkas paket tidak ditemukan")
    raw_bytes = file.read_bytes()
    try:
        data = yaml.safe_load(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackError(f"{file}: bukan teks UTF-8 ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise PackError(f"{file}{where}: YAML tidak valid: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{file}: isi paket harus berupa pemetaan (key: value)")
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{file}: {_location(data, tuple(err['loc']))}: {err['msg']}" for err in exc.errors()
        ]
        raise PackError("\n".join(lines)) from exc
    for stage, files in pack.demo.items():
        for name, rel in files.items():
            if not (file.parent / rel).is_file():
                raise PackError(f"{file}: demo.{stage}.{name}: berkas '{rel}' tidak ditemukan")
    return LoadedPack(pack=pack, path=file.resolve(), sha256=hashlib.sha256(raw_bytes).hexdigest())


def find_pack(name_or_path: str, settings: Settings | None = None) -> Path:
    """Resolve a pack given as a path or as a name under the packs folder."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    settings = settings or get_settings()
    return settings.packs_dir / f"{name_or_path}.yaml"
