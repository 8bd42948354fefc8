"""Pack schema of the organisation: its name and region, units, members and the policy it drafts.

Layer: domain configuration (part of the pack schema in `policy.packschema`, which holds
these under `organisation`, `units`, `members` and `policy`). Messages are in Bahasa
Indonesia, for the officer who edits the pack; `policy.packs` puts the file's line and
column before each. Checks across the blocks (a unit code once, a parent that exists, a
leader among the members) stay on `policy.packschema.Pack`.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from policy.emails import EMAIL_PATTERN, MAX_EMAIL
from policy.evalconfig import Code
from policy.signatory import name_problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Email = Annotated[str, Field(max_length=MAX_EMAIL, pattern=EMAIL_PATTERN)]
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


#: The head of a unit by its kind: (title, the word of the unit's name the title replaces).
_HEADS: dict[str, tuple[str, str]] = {
    "kelurahan": ("Lurah", "Kelurahan "),
    "kecamatan": ("Camat", "Kecamatan "),
    "sekretariat": ("Sekretaris", "Sekretariat "),
    "inspektorat": ("Inspektur", "Inspektorat "),
    "rumah sakit": ("Direktur", ""),
}


class PackOrganisation(_Strict):
    """The organisation the pack configures."""

    code: Code
    name: str = Field(description="Official name, e.g. 'Pemerintah Kota Sawahlunto'.")
    kind: Literal["kota", "kabupaten", "provinsi", "kecamatan"]
    region: str = Field(description="Place name used in titles, e.g. 'Sawahlunto'.")
    head_title: str = Field(description="Head of the region, e.g. 'Wali Kota'.")
    address: str = ""
    place: str = Field(default="", description="Place of signing; defaults to the region.")


#: A kind of service as a survey offers it (the survey's own limit for the typed one).
ServiceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class PackUnit(_Strict):
    """A unit kerja."""

    code: Code
    name: str
    kind: str
    parent: str | None = None
    service: bool = Field(default=False, description="Serves the public (SKM applies).")
    head_name: str = Field(default="", description="Head of the unit, for reminders.")
    head_title: str = Field(
        default="",
        description="E.g. 'Camat Talawi'; default by kind (Lurah, Camat, Sekretaris, Inspektur, "
        "Direktur + the unit's name), else 'Kepala <unit>'.",
    )
    head_email: Email | None = Field(default=None, description="Receives milestone reminders.")
    population: int | None = Field(
        default=None, ge=1, description="Service recipients per survey period (SKM sample check)."
    )
    services: list[ServiceName] = Field(
        default_factory=list,
        description="The kinds of service (jenis layanan) a service unit offers: the online "
        "survey offers them as fixed choices.",
    )  # fmt: skip
    service_days: dict[ServiceName, Annotated[int, Field(ge=0, le=365)]] = Field(
        default_factory=dict,
        description="The jangka waktu penyelesaian of each kind of service in working days, "
        "as the unit's Standar Pelayanan states it (0: the same day), e.g. {KTP-el: 1}: service "
        "requests are judged against it.",
    )  # fmt: skip

    @model_validator(mode="after")
    def _services_once(self) -> PackUnit:
        seen: set[str] = set()
        for name in self.services:
            if name.casefold() in seen:
                raise ValueError(f"jenis layanan '{name}' disebut dua kali di unit {self.code}")
            seen.add(name.casefold())
        for what, given in (("services", self.services), ("service_days", self.service_days)):
            if given and not self.service:
                raise ValueError(
                    f"unit {self.code} mencantumkan {what} tetapi bukan unit layanan "
                    "(service: true)"
                )
        outside = [
            name for name in self.service_days if self.services and name not in self.services
        ]
        if outside:
            raise ValueError(
                f"service_days unit {self.code} menyebut jenis layanan yang tidak ada di "
                f"services-nya: {', '.join(outside)} (ada: {', '.join(self.services)})"
            )
        return self

    def standard_days(self, service: str) -> int | None:
        """The kind's jangka waktu penyelesaian in working days (None: the pack gives none).

        The name is matched without regard to case, as a file may write it ("ktp-el").
        """
        wanted = service.casefold()
        return next((d for k, d in self.service_days.items() if k.casefold() == wanted), None)

    @property
    def head(self) -> str:
        """The head's title: `head_title`, else the title the unit's kind gives its head.

        A kelurahan is led by a Lurah, a kecamatan by a Camat, a sekretariat by a
        Sekretaris, an inspektorat by an Inspektur and a hospital by a Direktur:
        "Kelurahan Banjar Agung" -> "Lurah Banjar Agung". '' for the other kinds, whose
        documents write "Kepala <unit>" (or "Head of <unit>").
        """
        if self.head_title:
            return self.head_title
        title, prefix = _HEADS.get(self.kind, ("", ""))
        if not title:
            return ""
        named = self.name + " "
        rest = named[len(prefix) :] if prefix and named.startswith(prefix) else named
        return f"{title} {rest.strip()}".strip()

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
    email: Email | None = Field(default=None, description="Receives reminders for their role.")


class PackSigning(_Strict):
    """Who signs the regulation."""

    title: str = Field(description="E.g. 'WALI KOTA SAWAHLUNTO'.")
    name: str = Field(description="Name without gelar, pangkat or NIP.")

    @field_validator("name")
    @classmethod
    def _bare_name(cls, value: str) -> str:
        if (problem := name_problem(value)) is not None:
            raise ValueError(problem)
        return value


LegalForm = Literal["Perwali", "Perbup", "Pergub", "Keputusan"]
LEGAL_FORMS: tuple[str, ...] = get_args(LegalForm)
"""The legal forms a policy may take (`policy.legal_form`)."""


class PackPolicy(_Strict):
    """The policy the cycle drafts."""

    code: Code
    title: str = Field(description="Subject after 'tentang', e.g. 'Manajemen Kinerja ASN'.")
    legal_form: LegalForm
    signing: PackSigning
    secretary: PackSigning | None = None
    paper: Literal["A4", "F4"] = Field(
        default="A4",
        description="Paper the regulation (its Rancangan and the final Peraturan or Keputusan) "
        "is printed on: A4, or F4 (215 × 330 mm, on which many bagian hukum type produk "
        "hukum daerah). Reports and letters stay on A4.",
    )
