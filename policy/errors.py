"""The errors a person can fix: a refused request, a missing record, an unusable pack.

Layer: domain, with no dependencies. The services raise `ServiceError` (re-exported by
`policy.services.common`) and `policy.packs` raises `PackError`; the shells catch them and
print the message, and can do so without loading the database library or the pack schema.
The import errors are in `policy.importerrors`.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be done; the message is for the person who asked."""


class NotFoundError(ServiceError):
    """Something named in the request does not exist."""


class PackError(ValueError):
    """A pack file that cannot be used; the message names the file and the place."""
