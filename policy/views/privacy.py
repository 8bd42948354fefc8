"""View models of the notices of a failure of personal-data protection (UU 27/2022 Pasal 46).

Layer: domain presentation (built by `policy.services.privacy_breaches`, and the record of a
destruction by `policy.services.retention`). The officer's texts (what happened, the data,
the handling) are untrusted and go through the `md` filter.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from policy.documents import View


class OfficerContact(BaseModel):
    """The data-protection officer (PPDP) as a notice names them."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str = ""
    email: str
    phone: str = ""


class _Notice(View):
    number: int = Field(description="The failure's register number in the organisation.")
    known_at: datetime = Field(description="When the organisation came to know of it.")
    due_at: datetime = Field(description="3 × 24 hours after `known_at` (Pasal 46 ayat (1)).")
    occurred: str = Field(description="When and how it happened (untrusted text).")
    data: str = Field(description="The personal data exposed (untrusted text).")
    handling: str = Field(description="The handling and recovery (untrusted text).")
    officer: OfficerContact | None = None
    signer_name: str
    signer_title: str
    on_behalf_of: str = Field(default="", description="'WALI KOTA …' when signed a.n. the head.")


class AuthorityNoticeView(_Notice):
    """The notice to the authority (lembaga): one per failure."""

    authority: str
    subjects: int = Field(description="Employees touched, each given a notice of their own.")


class SubjectNoticeView(_Notice):
    """The notice to one employee whose personal data the failure touched."""

    name: str
    nip: str


class DestroyedRow(BaseModel):
    """One kind of personal data destroyed."""

    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="What it is, worded for the locale.")
    years: int = Field(description="Years kept after the end of the period it is about.")
    cutoff: date = Field(description="Periods that ended before this day were destroyed.")
    periods: list[str]
    rows: int


class DestructionView(View):
    """The Berita Acara Pemusnahan Data Pribadi: what was destroyed, on what basis, by whom."""

    number: int
    reason: str = Field(description="The basis the leader gave (untrusted text).")
    by_name: str
    by_title: str = ""
    officer: OfficerContact | None = None
    rows: list[DestroyedRow]
    total: int
