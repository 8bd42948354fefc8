"""Each employee opens their own private result sheet with a link made for them: the list
of links, the sheet served as stored, the first opening recorded, replaced and expired links
refused, and only the officers may make them."""

from __future__ import annotations

import csv
import hashlib
import html
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from policy.models import AuditEvent, SheetLink, utcnow
from policy.services import cycle as cycle_service
from policy.services import employee_sheets, evaluation, privacy, sheet_links
from policy.services.common import ServiceError
from policy.settings import Settings
from tests.policy.services import test_evaluation as national
from tests.siklus.web.conftest import make_client

BASE = "https://kinerja.contoh.example"


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _sheets(session: Session, tmp_path: Path, *nips: str) -> None:
    """TW III evaluated; the private sheets of `nips` issued, in Indonesian and English."""
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    employee_sheets.publish_employee_sheets(session=session, organisation=None, cycle=None,
                                            period=national.PERIOD, actor="rina", nips=nips,
                                            locales=("id", "en"))  # fmt: skip


def _issue(session: Session, actor: str = "rina", **kw: object) -> list[dict[str, str]]:
    made = sheet_links.issue_links(session=session, organisation=None, cycle=None,
                                   period=national.PERIOD, actor=actor, base_url=BASE,
                                   fmt="rfc4180", filename="tautan.csv", **kw)  # type: ignore[arg-type]  # fmt: skip
    return list(csv.DictReader(io.StringIO(made.content.decode("utf-8"))))


def test_each_employee_opens_their_own_sheet_once_recorded(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    _sheets(session, tmp_path, national.SB_DUK, national.BP_DUK)
    rows = _issue(session)
    assert [r["nip"] for r in rows] == sorted([national.SB_DUK, national.BP_DUK])
    assert all(r["tautan"].startswith(f"{BASE}/lembar/") for r in rows)
    assert rows[0]["nama"] and rows[0]["unit_kerja"] == "Dinas Kependudukan dan Pencatatan Sipil"
    mine = next(r for r in rows if r["nip"] == national.BP_DUK)
    path = mine["tautan"].removeprefix(BASE)
    # Only the token's sha256 is kept.
    token = path.rsplit("/", 1)[1]
    stored = session.exec(select(SheetLink).where(SheetLink.nip == national.BP_DUK)).one()
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(stored.model_dump())

    home = client.get(path)  # the employee's page: the link to the sheet, no opening yet
    assert home.status_code == 200 and f'href="{path}/hasil"' in home.text
    session.expire_all()
    assert session.exec(select(SheetLink).where(SheetLink.nip == national.BP_DUK)).one(
    ).opened_at is None  # fmt: skip
    page = client.get(path + "/hasil")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    text = html.unescape(page.text)
    assert "Fajar Nugroho" in text and "LEMBAR HASIL" in text.upper()
    english = client.get(path + "/hasil?lang=en").text
    assert "Performance" in html.unescape(english)  # its English one
    session.expire_all()
    opened = session.exec(select(SheetLink).where(SheetLink.nip == national.BP_DUK)).one()
    assert opened.opened_at is not None
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "evaluation.sheet_opened")
    ).all()
    assert len(events) == 1 and events[0].payload["nip"] == national.BP_DUK  # the first only
    # The employee's data lookup (UU 27/2022) names the link.
    found = privacy.subject_data(session=session, organisation=None, nip=national.BP_DUK,
                                 actor="rina")  # fmt: skip
    assert ("Tautan lembar hasil pribadinya (dibuat, dibuka)", 1, "periode 2026-TW3") in [
        (r.what, r.count, r.detail) for r in found.records
    ]
    made = session.exec(
        select(AuditEvent).where(AuditEvent.action == "evaluation.sheet_links")
    ).one()
    assert (made.payload["rows"], made.payload["period"]) == (2, national.PERIOD)


def test_a_new_link_replaces_the_old_and_an_expired_one_opens_nothing(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    _sheets(session, tmp_path, national.BP_DUK)
    (first,) = _issue(session)
    (second,) = _issue(session, nips=[national.BP_DUK], days=7)
    assert client.get(first["tautan"].removeprefix(BASE)).status_code == 404
    assert "Mintalah tautan baru" in html.unescape(
        client.get(first["tautan"].removeprefix(BASE)).text
    )
    assert client.get(second["tautan"].removeprefix(BASE)).status_code == 200
    link = session.exec(
        select(SheetLink).where(SheetLink.nip == national.BP_DUK, SheetLink.revoked_at == None)  # noqa: E711
    ).one()
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.add(link)
    session.commit()
    assert client.get(second["tautan"].removeprefix(BASE)).status_code == 404
    assert client.get("/lembar/" + "x" * 32).status_code == 404


def test_links_need_an_officer_an_address_and_issued_sheets(
    session: Session, tmp_path: Path
) -> None:
    _sheets(session, tmp_path, national.BP_DUK)
    with pytest.raises(ServiceError, match="membagikan lembar hasil"):
        _issue(session, actor="budi")  # a forum organiser
    with pytest.raises(ServiceError, match="belum diterbitkan untuk NIP"):
        _issue(session, nips=[national.SB_DUK])
    with pytest.raises(ServiceError, match="Alamat portal belum diketahui"):
        sheet_links.issue_links(session=session, organisation=None, cycle=None,
                                period=national.PERIOD, actor="rina", base_url="",
                                fmt="rfc4180", filename="t.csv")  # fmt: skip
    with pytest.raises(ServiceError, match="pilih 1 sampai 365 hari"):
        _issue(session, days=0)
    assert session.exec(select(SheetLink)).all() == []


def test_the_officer_sees_who_has_not_opened_their_sheet(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from policy.services import sheet_reach

    _sheets(session, tmp_path, national.SB_DUK, national.BP_DUK)

    def reach(**kw: object) -> list[sheet_reach.UnitReach]:
        return sheet_reach.sheet_reach(session=session, organisation=None, cycle=None,
                                       period=national.PERIOD, actor="rina", **kw)  # type: ignore[arg-type]  # fmt: skip

    (before,) = reach()
    assert (before.unit_code, before.issued, before.linked, before.opened) == ("DUKCAPIL", 2, 0, 0)
    rows = _issue(session)
    fajar = next(r for r in rows if r["nip"] == national.BP_DUK)
    client.get(fajar["tautan"].removeprefix(BASE) + "/hasil")
    (after,) = reach(names=True)
    assert (after.issued, after.linked, after.opened, after.not_opened, after.lapsed) == (
        2,
        2,
        1,
        1,
        0,
    )
    assert [nip for nip, _ in after.waiting] == [national.SB_DUK]
    # The unopened link expires: counted apart; the opened one stays opened.
    for link in session.exec(select(SheetLink)).all():
        link.expires_at = utcnow() - timedelta(minutes=1)
        session.add(link)
    session.commit()
    (lapsed,) = reach()
    assert (lapsed.linked, lapsed.opened, lapsed.not_opened, lapsed.lapsed) == (1, 1, 0, 1)
    assert reach(unit="pkm") == []
    with pytest.raises(ServiceError, match="melihat sebaran lembar"):
        sheet_reach.sheet_reach(session=session, organisation=None, cycle=None,
                                period=national.PERIOD, actor="budi")  # fmt: skip
