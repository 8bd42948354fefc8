"""Dates and times in documents, the portal and the CLI follow `SIKLUS_TIMEZONE`.

A timestamp is stored in UTC and printed in the configured zone (Sorong is WIT,
Asia/Jayapura); a date (a document's date, a deadline) is printed as it is, never
shifted. An unknown zone is refused when the settings are read, in Indonesian.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from policy.documents import DocHeader, environment, render_markdown, render_portal
from policy.locale import format_date, format_datetime
from policy.settings import Settings, SettingsError, get_settings
from policy.views.portal import ReceiptPage
from siklus.cli import app
from siklus.output import local_time
from tests.test_templates import minimal

NIGHT = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # 23.00 WIB, 01.00 WIT the next day


def use_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    """Configure `zone` the way a deployment does: the variable, then fresh settings."""
    monkeypatch.setenv("SIKLUS_TIMEZONE", zone)
    get_settings.cache_clear()


def filters(locale: str = "id") -> str:
    """`{{ t | waktu }} / {{ t | tanggal }}` through the document environment's filters."""
    template = environment().from_string("{{ t | waktu }} / {{ t | tanggal }}")
    return template.render(t=NIGHT, locale=locale, tz=get_settings().timezone)


def test_default_zone_is_wib(settings: Settings) -> None:
    assert filters() == "22 November 2026 23.00 WIB / 22 November 2026"


def test_filters_use_the_configured_zone(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters()  # the environment is built (and cached) before the setting changes
    use_zone(monkeypatch, "Asia/Jayapura")
    assert filters() == "23 November 2026 01.00 WIT / 23 November 2026"
    assert filters("en") == "23 November 2026 01:00 WIT / 23 November 2026"
    use_zone(monkeypatch, "Asia/Makassar")
    assert filters() == "23 November 2026 00.00 WITA / 23 November 2026"


def test_portal_receipt_prints_the_local_time(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = minimal(ReceiptPage).model_copy(update={"received_at": NIGHT})
    assert "<dd>22 November 2026 23.00 WIB</dd>" in render_portal("receipt", page)
    use_zone(monkeypatch, "Asia/Jayapura")
    assert "<dd>23 November 2026 01.00 WIT</dd>" in render_portal("receipt", page)


def test_a_document_date_is_never_shifted(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.views.needs_analysis import NeedsAnalysisView

    use_zone(monkeypatch, "Asia/Jayapura")
    view = minimal(NeedsAnalysisView)
    header = DocHeader.model_validate({**view.header.model_dump(), "date": date(2026, 11, 22)})
    md = render_markdown(
        "laporan_analisis_kebutuhan", view.model_copy(update={"header": header}), "id"
    )
    assert "22 November 2026" in md and "23 November 2026" not in md
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC−11
        assert format_date(date(2026, 11, 22), tz=zone) == "22 November 2026"


def test_document_date_is_today_in_the_configured_zone(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.services.stagework import document_date

    assert document_date(None, NIGHT) == date(2026, 11, 22)
    use_zone(monkeypatch, "Asia/Jayapura")
    assert document_date(None, NIGHT) == date(2026, 11, 23)
    assert document_date(date(2026, 11, 22), NIGHT) == date(2026, 11, 22)


def test_cli_times_use_the_configured_zone(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_zone(monkeypatch, "Asia/Jayapura")
    assert local_time(NIGHT) == "23 November 2026 01.00 WIT"
    assert format_datetime(NIGHT.replace(tzinfo=None), tz="Asia/Jayapura") == local_time(NIGHT)


@pytest.mark.parametrize(
    ("zone", "hint"),
    [("Asia/Sorong", "'Asia/Jayapura' untuk WIT"), ("WIT", "untuk WIT tulis 'Asia/Jayapura'"),
     ("", "bukan nama zona waktu"), ("../etc/passwd", "bukan nama zona waktu")],
)  # fmt: skip
def test_an_unknown_zone_is_refused_in_indonesian(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, zone: str, hint: str
) -> None:
    use_zone(monkeypatch, zone)
    with pytest.raises(SettingsError) as err:
        get_settings()
    assert "SIKLUS_TIMEZONE" in str(err.value) and hint in str(err.value)


def test_the_cli_stops_at_start_on_an_unknown_zone(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_zone(monkeypatch, "Asia/Sorong")
    result = CliRunner().invoke(app, ["pack", "list"], env={"COLUMNS": "240"})
    assert result.exit_code == 1
    assert "SIKLUS_TIMEZONE 'Asia/Sorong' bukan nama zona waktu yang dikenal" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    # A command's help needs no settings: it is shown, so that the user can read it.
    for args in (["import", "--help"], ["review", "reopen", "-h"]):
        result = CliRunner().invoke(app, args, env={"COLUMNS": "240"})
        assert result.exit_code == 0, result.output
        assert "Penggunaan: siklus" in result.output and "SIKLUS_TIMEZONE" not in result.output


def test_other_bad_settings_are_said_in_indonesian(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIKLUS_IMPORT_READER", "thread")
    monkeypatch.setenv("SIKLUS_PORTAL_RATE_LIMIT", "0")
    get_settings.cache_clear()
    with pytest.raises(SettingsError) as err:
        get_settings()
    assert str(err.value) == (
        "Pengaturan tidak valid:\n"
        "- SIKLUS_IMPORT_READER: nilai 'thread' tidak dikenal; pilih salah satu: 'auto', "
        "'process', 'inline'\n"
        "- SIKLUS_PORTAL_RATE_LIMIT: harus paling kecil 1, bukan '0'"
    )
