"""Fixtures of the domain library's tests."""

from __future__ import annotations

import pytest

from policy import readahead
from policy.settings import get_settings


@pytest.fixture(params=["inline", "process"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A test asking for it reads in this process, and again in a read-ahead helper process.

    A module whose every test should, says `pytestmark = pytest.mark.usefixtures("reader")`.
    """
    if request.param == "process" and not readahead.available():
        pytest.skip("reading ahead needs Linux, fork and two cores")
    monkeypatch.setenv("SIKLUS_IMPORT_READER", request.param)
    get_settings.cache_clear()
    return str(request.param)
