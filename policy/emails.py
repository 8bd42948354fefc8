"""What Siklus takes for an email address (packs, the portal's form, the `masukan` import).

Layer: pure (no I/O).
"""

from __future__ import annotations

import re

EMAIL_PATTERN = r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$"
"""name@domain.tld: no spaces, angle brackets or separators, one @, a dot after it."""

MAX_EMAIL = 254
"""The longest address (RFC 5321's path limit)."""


def is_email(text: str) -> bool:
    """Whether `text` is an address as Siklus takes one."""
    return len(text) <= MAX_EMAIL and re.fullmatch(EMAIL_PATTERN, text) is not None
