"""Every table of the demo's documents fits the printed A4 page, in both locales.

Chromium lays each document out as it prints it (print media, the page's own margins:
A4 less 2.5 cm left and 2 cm right) and no table may be wider than that. A wider table
is cut at the right edge in print, or makes Chromium shrink the whole document. Where a
table grows with the organisation (the NRR per element of every service unit) the units
are its rows, never its columns; the Rekomendasi Tindak Lanjut and the Daftar Keberatan,
documents of wide tables, print in landscape. Skipped without Chromium, chromedriver or
selenium, as the other browser tests are.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import Document
from tests.factories import run_demo_cycle
from tests.siklus.web.test_browser import CHROMIUM, DRIVER
from tests.siklus.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks

CM = 96 / 2.54  # CSS pixels per centimetre
#: The printable width of A4 with the page's margins, portrait and landscape.
PRINTABLE = {False: (21.0 - 4.5) * CM, True: (29.7 - 4.5) * CM}

MEASURE = """
const width = document.body.clientWidth;
const wide = [];
document.querySelectorAll('table').forEach((t) => {
  if (t.scrollWidth > width + 0.5) wide.push([t.querySelector('th').innerText, t.scrollWidth]);
});
return [width, wide];
"""


@pytest.fixture
def printer(tmp_path: Path) -> Iterator[object]:
    """Headless Chromium with a desktop window, laying pages out for print."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                 "--window-size=1280,1000"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_every_table_fits_the_printed_page(session: Session, printer: object) -> None:
    from selenium.webdriver.remote.webdriver import WebDriver

    driver: WebDriver = printer  # type: ignore[assignment]
    run_demo_cycle(session, locales=("id", "en"))
    documents = session.exec(select(Document)).all()
    assert len(documents) > 100
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    wide: dict[str, list[object]] = {}
    landscape = set()
    for doc in documents:
        driver.get(doc.html_file.as_uri())
        turned = bool(
            driver.execute_script("return document.body.classList.contains('layout-landscape')")
        )
        if turned:
            landscape.add(doc.kind)
        driver.execute_script(f"document.body.style.width = '{PRINTABLE[turned]:.1f}px'")
        width, tables = driver.execute_script(MEASURE)
        assert abs(width - PRINTABLE[turned]) < 1, (doc.key, width)
        if tables:
            wide[f"{doc.key} ({doc.locale})"] = tables
    assert wide == {}, "tables wider than the printed page"
    assert landscape == {"rekomendasi_tindak_lanjut", "daftar_keberatan"}
    # A workshop held in sessions: each session's sign-in list starts a page, the first after
    # the heading block.
    (sheet,) = [d for d in documents if d.key == "daftar-hadir-kegiatan-W4" and d.locale == "id"]
    driver.get(sheet.html_file.as_uri())
    breaks = driver.execute_script(
        "return [...document.querySelectorAll('main h3')]"
        ".map((h) => getComputedStyle(h).breakBefore);"
    )
    assert breaks == ["auto", "page", "page", "page", "page"], breaks
