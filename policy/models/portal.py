"""Tables of the consultation portal: organiser access tokens.

Layer: domain models (counterpart: `policy.services.consultation`).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from policy.models.base import ts_field


class PortalToken(SQLModel, table=True):
    """An organiser's access token to the portal; only its sha256 is kept."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    username: str = Field(max_length=64, description="The member the token was issued to.")
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = ts_field()
    expires_at: datetime = ts_field()
