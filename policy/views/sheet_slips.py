"""View model of the printable slips of private sheet links (`siklus evaluation links --slips`).

Layer: views (typed data the template renders; no logic).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class SheetSlip(BaseModel):
    """One employee's slip: who it is for, the link and its QR code."""

    model_config = ConfigDict(frozen=True)

    name: str
    nip: str
    unit: str
    url: str
    qr_svg: str = Field(description="The link's QR code as `policy.qr` makes it (Siklus's own).")


class SheetSlips(BaseModel):
    """A page of slips to cut and hand to each employee."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    period_label: str = Field(description="'Triwulan III 2026'.")
    expires_on: date
    slips: list[SheetSlip]
