"""End to end: headless Chromium against a real `siklus serve` on a loopback port.

A person opens the forum link, gives input on a Pasal, sees the receipt; the organiser
signs in with a token and sees the input in the list; the forum is closed and the
regenerated Rekapitulasi Masukan, opened in the browser, holds the input as text.
Skipped when Chromium, chromedriver (Debian `chromium-driver`) or selenium is missing;
`.ci/run` installs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from policy.db import get_engine
from policy.models import DraftSection, ForumInput
from policy.services import portal_access
from policy.settings import Settings
from tests.siklus.web.conftest import Portal, open_forum

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
DRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_SELENIUM = False

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        DRIVER is None, reason="chromedriver is not installed (apt-get install chromium-driver)"
    ),
    pytest.mark.skipif(
        not HAVE_SELENIUM, reason="selenium is not installed (pip install -e .[test])"
    ),
]

HOSTILE = "Penilaian per semester. <script>alert(1)</script> [x](javascript:alert(1)) <b>tebal</b>"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(driver: Any) -> Any:
    """A 30 s wait that looks again while a page is being replaced (a redirect after a form).

    30 s: the first test failed once among other test processes on a busy machine.
    """
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(
        driver, 30, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    )


def _text(driver: Any, css: str = "body") -> str:
    """The text of the page's first element matching `css`, or "" while the page is being replaced.

    Chromium reports an element of a page it is replacing either as stale or, when the new
    document has already taken its place, as a node that "does not belong to the document":
    both mean "look again".
    """
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.common.by import By

    try:
        return str(driver.find_element(By.CSS_SELECTOR, css).text)
    except (NoSuchElementException, StaleElementReferenceException):
        return ""
    except WebDriverException as error:
        if "does not belong to the document" in str(error.msg):
            return ""
        raise


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[tuple[str, Portal]]:
    """`siklus serve` in its own process on the test's data folder, and the open forum."""
    engine = get_engine()
    with Session(engine, expire_on_commit=False) as session:
        portal = open_forum(session, tmp_path)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = (tmp_path / "serve.log").open("w")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from siklus.cli import app; app()",
                "serve",
                "--port",
                str(port),
            ],
            env={**os.environ, "SIKLUS_DATA_DIR": str(settings.data_dir)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "serve.log").read_text(encoding="utf-8"))
                time.sleep(0.2)
            yield base, portal
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    """Headless Chromium through chromedriver, with a fresh profile and a phone-sized window."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=412,915",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def test_input_on_a_pasal_reaches_the_organiser_and_the_recap(
    served: tuple[str, Portal], browser: object
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

    base, portal = served
    driver: WebDriver = browser  # type: ignore[assignment]
    wait = _wait(driver)
    sid = portal.session.exec(select(DraftSection.sid).where(DraftSection.label == "Pasal 5")).one()

    # A stakeholder opens the forum link and gives input on Pasal 5.
    driver.get(f"{base}/f/{portal.token}")
    assert "Konsultasi Publik Rancangan Perwali" in driver.title
    section = driver.find_element(By.ID, sid)
    section.find_element(By.TAG_NAME, "summary").click()
    form = section.find_element(By.TAG_NAME, "form")
    form.find_element(By.NAME, "name").send_keys("Dewi Sartika")
    form.find_element(By.NAME, "organisation").send_keys("Warga Kelurahan Aur")
    Select(form.find_element(By.NAME, "group")).select_by_visible_text("Masyarakat")
    form.find_element(By.NAME, "text").send_keys(HOSTILE)
    # An address the browser itself does not take as one: nothing is sent.
    email = form.find_element(By.NAME, "email")
    email.send_keys("dewi di warga")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert form.find_elements(By.CSS_SELECTOR, "input[name=email]:invalid")
    assert portal.session.exec(select(ForumInput)).all() == []
    email.clear()
    email.send_keys("dewi.sartika@warga.example")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    number = wait.until(lambda d: d.find_element(By.ID, "receipt-number"))
    assert number.text == "1"
    assert "/tanda-terima/1?kode=" in driver.current_url
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>alert(1)</script>" in body and "<b>tebal</b>" in body  # shown as text
    assert driver.find_elements(By.TAG_NAME, "b") == []
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - no script ran
    code = driver.find_element(By.ID, "receipt-code").text

    portal.session.expire_all()
    row = portal.session.exec(select(ForumInput)).one()
    assert (row.number, row.section_ref, row.section_sid, row.channel) == (
        1,
        "Pasal 5",
        sid,
        "portal",
    )
    assert row.text == HOSTILE and len(code) == 9
    assert row.notify_email == "dewi.sartika@warga.example"  # kept to tell her of the response
    assert "Kami akan mengabari Anda lewat surel" in driver.find_element(By.TAG_NAME, "body").text

    # The organiser signs in with a token and finds the input under Pasal 5.
    issued = portal_access.issue_token(
        session=portal.session, organisation=portal.org, actor="budi"
    )
    driver.get(f"{base}/penyelenggara/masuk")
    driver.find_element(By.NAME, "token").send_keys(issued.token)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: "Forum siklus ke-1" in _text(d))
    driver.find_element(By.LINK_TEXT, "Masukan").click()
    item = wait.until(lambda d: d.find_element(By.ID, "masukan-1"))
    wait.until(lambda d: "Pasal 5" in _text(d))
    assert HOSTILE in item.text and "Dewi Sartika" in item.text

    # The forum is closed with its minutes; the regenerated recap holds the input, as text.
    portal.close_forum()
    markdown, _html = portal.recap()
    assert "\\<script>alert(1)\\</script>" in markdown
    driver.get(f"{base}/f/{portal.token}/dokumen")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Rekapitulasi Masukan").click()
    wait.until(lambda d: "Pasal 5" in _text(d))
    recap = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>alert(1)</script>" in recap and "[x](javascript:alert(1))" in recap
    assert driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert driver.find_elements(By.TAG_NAME, "script") == []


def test_a_leader_reads_a_stage_and_returns_it_with_a_reason(
    served: tuple[str, Portal], browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    from policy.models import RunStatus, StageRun
    from policy.services import cycle as cycle_service
    from policy.services import forums

    base, portal = served
    driver: WebDriver = browser  # type: ignore[assignment]
    wait = _wait(driver)
    portal.close_forum()
    forums.produce(session=portal.session, run_id=portal.run_id, actor="budi")
    cycle_service.submit_stage(session=portal.session, run_id=portal.run_id, actor="budi",
                               summary={})  # fmt: skip
    issued = portal_access.issue_token(
        session=portal.session, organisation=portal.org, actor="sekda"
    )

    def body() -> str:
        return _text(driver)

    driver.get(f"{base}/pimpinan/masuk")
    driver.find_element(By.NAME, "token").send_keys(issued.token)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: "Tahap yang menunggu keputusan" in body())
    driver.find_element(By.LINK_TEXT, "Forum Pemangku Kepentingan").click()
    wait.until(lambda d: "Keputusan atas percobaan ke-1" in body())
    # The documents open as stored.
    driver.find_element(By.PARTIAL_LINK_TEXT, "Rekapitulasi Masukan").click()
    wait.until(lambda d: "REKAPITULASI MASUKAN" in body().upper())
    driver.back()
    wait.until(lambda d: "Keputusan atas percobaan ke-1" in body())
    # No choice: the browser itself asks for one; nothing is sent.
    driver.find_element(By.CSS_SELECTOR, "form.input button[type=submit]").click()
    assert driver.find_elements(By.CSS_SELECTOR, "input[name=choice]:invalid")
    # Return without a reason: the page says why and keeps the choice.
    driver.find_element(By.CSS_SELECTOR, "input[name=choice][value=return]").click()
    driver.find_element(By.CSS_SELECTOR, "form.input button[type=submit]").click()
    alert = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[role=alert]"))
    assert "Mengembalikan atau menolak tahap" in alert.text
    assert driver.find_element(By.CSS_SELECTOR, "input[value=return]").is_selected()
    driver.find_element(By.NAME, "reason").send_keys("Lengkapi daftar hadir F1.")
    driver.find_element(By.CSS_SELECTOR, "form.input button[type=submit]").click()
    done = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "[role=status]"))
    assert done.text == "Tahap Forum Pemangku Kepentingan dikembalikan oleh Hendra Gunawan."
    portal.session.expire_all()
    run = portal.session.get(StageRun, portal.run_id)
    assert run is not None and run.status == RunStatus.RETURNED


def _open_survey(served: tuple[str, Portal], browser: object) -> tuple[str, Portal, Any, Any]:
    """Open the Puskesmas' survey and its page: (base, portal, driver, a 30 s wait)."""
    from selenium.webdriver.remote.webdriver import WebDriver

    from policy.services import survey

    base, portal = served
    driver: WebDriver = browser  # type: ignore[assignment]
    wait = _wait(driver)
    link = survey.open_survey(
        session=portal.session, organisation=portal.org, unit="PKM", actor="rina"
    )
    driver.get(f"{base}{link.path}")
    return base, portal, driver, wait


def test_a_service_recipient_answers_the_survey_on_a_phone(
    served: tuple[str, Portal], browser: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from policy.models import SkmResponse

    base, portal, driver, wait = _open_survey(served, browser)
    assert "Puskesmas Kota" in driver.title
    # Nothing answered: the browser itself asks for the first question; nothing is sent.
    driver.find_element(By.CSS_SELECTOR, "form.survey button[type=submit]").click()
    assert driver.find_elements(By.CSS_SELECTOR, "input[name=u1]:invalid")
    # Every question answered by tapping its label, the profile partly filled.
    for code, answer in zip([f"u{i}" for i in range(1, 10)], "344334433", strict=True):
        option = driver.find_element(By.CSS_SELECTOR, f"input[name={code}][value='{answer}']")
        option.find_element(By.XPATH, "..").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=gender][value=P]").click()
    driver.find_element(By.NAME, "age").send_keys("29")
    Select(driver.find_element(By.NAME, "occupation")).select_by_visible_text("Buruh")
    driver.save_screenshot(str(tmp_path / "survei.png"))
    driver.find_element(By.CSS_SELECTOR, "form.survey button[type=submit]").click()
    wait.until(lambda d: "Terima kasih" in _text(d, "h1"))
    assert driver.current_url.endswith("/terima-kasih")
    # From the thanks page to the published results (none yet: no period approved).
    driver.find_element(By.PARTIAL_LINK_TEXT, "Lihat hasil survei").click()
    wait.until(lambda d: _text(d, "h1") == "Hasil Survei Kepuasan Masyarakat")
    assert "/ikm/" in driver.current_url and "Belum ada hasil survei" in driver.page_source

    portal.session.expire_all()
    stored = portal.session.exec(select(SkmResponse)).one()
    assert [getattr(stored, f"u{i}") for i in range(1, 10)] == [3, 4, 4, 3, 3, 4, 4, 3, 3]
    assert (stored.gender, stored.age, stored.occupation, stored.education) == (
        "P", "29", "Buruh", ""
    )  # fmt: skip


def test_a_visitor_switches_to_english_and_finds_a_receipt_again(
    served: tuple[str, Portal], browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from policy.models import SkmResponse

    base, portal, driver, wait = _open_survey(served, browser)
    driver.find_element(By.LINK_TEXT, "English").click()
    wait.until(lambda d: _text(d, "h1") == "Community Satisfaction Survey")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    for code in [f"u{i}" for i in range(1, 10)]:
        option = driver.find_element(By.CSS_SELECTOR, f"input[name={code}][value='4']")
        option.find_element(By.XPATH, "..").click()
    Select(driver.find_element(By.NAME, "occupation")).select_by_visible_text("Labourer")
    driver.find_element(By.CSS_SELECTOR, "form.survey button[type=submit]").click()
    wait.until(lambda d: _text(d, "h1") == "Thank you")
    portal.session.expire_all()
    stored = portal.session.exec(select(SkmResponse)).one()
    assert (stored.u1, stored.u9, stored.occupation) == (4, 4, "Buruh")

    # The choice holds on the forum page; an input there, then its receipt found again by the
    # number and the code typed into the forum page's lookup form.
    driver.get(f"{base}/f/{portal.token}")
    assert driver.find_element(By.TAG_NAME, "h2").text == "Agenda"
    form = driver.find_element(By.CSS_SELECTOR, "#umum ~ form")
    form.find_element(By.NAME, "name").send_keys("Jane Doe")
    Select(form.find_element(By.NAME, "group")).select_by_visible_text("Masyarakat")
    form.find_element(By.NAME, "text").send_keys("Please publish the scores per unit.")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    number = wait.until(lambda d: d.find_element(By.ID, "receipt-number")).text
    code = driver.find_element(By.ID, "receipt-code").text
    assert "Comment received" in driver.find_element(By.TAG_NAME, "h1").text
    driver.get(f"{base}/f/{portal.token}")
    lookup = driver.find_element(By.CSS_SELECTOR, "form.lookup")
    lookup.find_element(By.NAME, "nomor").send_keys(number)
    lookup.find_element(By.NAME, "kode").send_keys(code.lower())
    lookup.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: _text(d, "#receipt-number") == number)
    assert f"/tanda-terima/{number}?kode={code}" in driver.current_url
    assert (
        "once the leadership has approved the draft"
        in driver.find_element(By.TAG_NAME, "body").text
    )
