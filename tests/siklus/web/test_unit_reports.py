"""A unit head reports the progress of the unit's follow-up actions on a private link the
officer made: the unit's open actions only, past due first; each report recorded as the
officer's would be, under the unit; closing stays with the officers."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import AuditEvent, FollowUpAction, UnitLink, utcnow
from policy.services import action_history, actions, unit_reports
from policy.services.common import ServiceError, get_org, unit_names
from policy.settings import Settings
from siklus.cli import app
from tests.policy.services.test_skm_publication import _evaluated
from tests.siklus.web.conftest import csrf, make_client

BASE = "https://kinerja.contoh.example"


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _links(session: Session, **kw: object) -> dict[str, dict[str, str]]:
    args: dict[str, object] = {
        "session": session,
        "organisation": None,
        "actor": "rina",
        "base_url": BASE,
        "fmt": "rfc4180",
        "filename": "unit.csv",
        **kw,
    }
    made = unit_reports.issue_unit_links(**args)  # type: ignore[arg-type]
    rows = csv.DictReader(io.StringIO(made.content.decode("utf-8")))
    return {r["unit_kerja"]: r for r in rows}


def _text(response: object) -> str:
    words = re.sub(r"<[^>]+>", " ", response.text)  # type: ignore[attr-defined]
    return " ".join(html.unescape(words).split())


def test_a_unit_head_reports_progress_on_the_unit_s_own_actions(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    every = actions.list_actions(session=session, organisation=None, status="open")
    links = _links(session)
    names = unit_names(session, get_org(session, None).id or 0)
    code_of = {name: code for code, name in names.items()}
    pkm_open = [a for a in every if a.keeping_unit(code_of) == "PKM"]
    assert pkm_open and links["PKM"]["terbuka"] == str(len(pkm_open))
    assert links["PKM"]["nama_unit"] == "Puskesmas Kota"
    # Each unit that sees to an open action, and only those (the officers' own have none).
    assert set(links) == {a.keeping_unit(code_of) for a in every} - {""}
    path = links["PKM"]["tautan"].removeprefix(BASE)
    page = client.get(path)
    text = _text(page)
    assert "Tindak lanjut hasil evaluasi Puskesmas Kota" in text
    shown = {int(n) for n in re.findall(r'action="/unit/[^/"]+/(\d+)"', page.text)}
    assert shown == {a.id for a in pkm_open}  # this unit's, and only its open ones
    first = min(shown)

    empty = client.post(f"{path}/{first}", data={"csrf_token": csrf(page.text), "note": "  "})
    assert empty.status_code == 400
    assert "Laporan belum tercatat: Tuliskan perkembangannya" in _text(empty)
    note = "Loket kedua dibuka 3 November 2026; antrean rata-rata 18 menit."
    sent = client.post(f"{path}/{first}", data={"csrf_token": csrf(page.text), "note": note},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    after = _text(client.get(sent.headers["location"]))
    assert f"Laporan perkembangan tindak lanjut nomor {first} sudah tercatat." in after
    assert note in after
    action = session.get(FollowUpAction, first)
    session.refresh(action)
    assert (action.progress_note, action.progress_by, action.status) == (note, "unit:PKM", "open")
    history = action_history.action_history(session=session, organisation=None, action_id=first)
    assert [e.actor_name for e in history.entries if e.note == note] == [
        "Kepala Puskesmas Kota (portal)"
    ]
    # Another unit's action, or one closed meanwhile, is not reported on from this page.
    other = next(a.id for a in every if a.keeping_unit(code_of) != "PKM")
    stray = client.post(f"{path}/{other}", data={"csrf_token": csrf(page.text), "note": "x"})
    assert stray.status_code == 404
    actions.close_action(session=session, organisation=None, action_id=first, actor="rina",
                         note="Diperiksa: loket kedua berjalan")  # fmt: skip
    closed = client.post(f"{path}/{first}", data={"csrf_token": csrf(page.text), "note": "y"})
    assert closed.status_code == 404 and "baru saja ditutup" in _text(closed)
    assert str(first) not in re.findall(r'action="/unit/[^/"]+/(\d+)"', client.get(path).text)


def test_links_are_the_officers_replaced_and_expire(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    with pytest.raises(ServiceError, match="budi tidak berwenang"):
        _links(session, actor="budi")
    with pytest.raises(ServiceError, match="Alamat portal belum diketahui"):
        _links(session, base_url="")
    with pytest.raises(ServiceError, match="Unit ZZ tidak ada"):
        _links(session, units=["ZZ"])
    first = _links(session, units=["pkm"])["PKM"]["tautan"].removeprefix(BASE)
    second = _links(session, units=["PKM"], days=7)["PKM"]["tautan"].removeprefix(BASE)
    assert client.get(first).status_code == 404
    assert "Mintalah tautan baru" in _text(client.get(first))
    assert client.get(second).status_code == 200
    link = session.exec(select(UnitLink).where(UnitLink.revoked_at == None)).one()  # noqa: E711
    assert second.rsplit("/", 1)[1] not in str(link.model_dump())
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.add(link)
    session.commit()
    assert client.get(second).status_code == 404
    made = session.exec(select(AuditEvent).where(AuditEvent.action == "followup.unit_links"))
    assert [e.payload["rows"] for e in made] == [1, 1]


def test_the_officer_writes_the_list_from_the_command_line(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
    target = tmp_path / "tautan-unit.csv"
    result = CliRunner().invoke(app, ["action", "links", str(target), "--as", "rina",
                                      "--base-url", BASE, "--unit", "PKM"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 tautan tindak lanjut unit" in " ".join(result.output.split())
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("unit_kerja;nama_unit;kepala;surel_kepala;terbuka;tautan;")
    assert f"{BASE}/unit/" in text
    again = CliRunner().invoke(app, ["action", "links", str(target), "--as", "rina",
                                     "--base-url", BASE])  # fmt: skip
    assert again.exit_code == 1 and "sudah ada; pakai --overwrite" in again.output


def test_the_unit_head_reads_the_unit_s_result_sheets_of_approved_periods(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    from policy.models import Document
    from tests.policy.services.test_skm_publication import _approve

    _evaluated(session, tmp_path)
    path = _links(session, units=["PKM"])["PKM"]["tautan"].removeprefix(BASE)
    assert "Lembar hasil evaluasi unit" not in client.get(path).text  # in review: not yet
    _approve(session)
    page = client.get(path).text
    assert "Lembar hasil evaluasi unit" in page
    (doc_id,) = {int(n) for n in re.findall(rf'href="{re.escape(path)}/lembar/(\d+)"', page)}
    doc = session.get(Document, doc_id)
    assert doc is not None and doc.key == "lembar-unit-pkm-2026-tw3" and doc.locale == "id"
    assert ">Triwulan III 2026</a>" in page
    sheet = client.get(f"{path}/lembar/{doc_id}")
    assert sheet.status_code == 200 and "default-src 'none'" in sheet.headers[
        "content-security-policy"]  # fmt: skip
    assert "Puskesmas Kota" in html.unescape(sheet.text)
    other = session.exec(
        select(Document).where(Document.key == "lembar-unit-dukcapil-2026-tw3")
    ).first()
    assert other is not None
    assert client.get(f"{path}/lembar/{other.id}").status_code == 404  # another unit's


def test_the_officers_are_told_of_each_report_a_unit_sends(
    client: TestClient, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for SMTP tests")
    from datetime import date

    from policy.documents import render_text
    from policy.locale import format_date
    from policy.models import Organisation
    from policy.services import progress_notices, reminders
    from policy.services.deadlines import local_date
    from policy.settings import get_settings
    from siklus.mailbox import LoopbackMailbox
    from tests.policy.services import test_evaluation as national

    monkeypatch.setenv("SIKLUS_SMTP_FROM", "siklus@contoh.example")
    get_settings.cache_clear()
    data = national.pack()
    for member in data["members"]:
        if member["username"] == "rina":
            member["email"] = "rina@bkpsdm.contoh.example"
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    from policy.services import evaluation

    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    session.commit()
    path = _links(session, units=["PKM"])["PKM"]["tautan"].removeprefix(BASE)
    page = client.get(path).text
    first, second = sorted(int(n) for n in re.findall(r'action="/unit/[^/"]+/(\d+)"', page))[:2]

    def report(action_id: int, note: str) -> None:
        sent = client.post(f"{path}/{action_id}", data={"csrf_token": csrf(page), "note": note},
                           follow_redirects=False)  # fmt: skip
        assert sent.status_code == 303

    def sweep(box: LoopbackMailbox) -> list[reminders.SweepMessage]:
        done = reminders.sweep_reminders(session=session, mailer=box.mailer(), organisation=None,
                                         today=date(2026, 11, 25))  # fmt: skip
        return [m for m in done.messages if m.kind == "progress"]

    report(first, "Sesi pertama selesai 20/11/2026.")
    # One the officer records is not told: the officer knows it.
    actions.record_progress(session=session, organisation=None, action_id=second, actor="rina",
                            note="Dijadwalkan ulang")  # fmt: skip
    with LoopbackMailbox() as box:
        (told,) = sweep(box)
        assert told.recipient == "rina@bkpsdm.contoh.example" and told.sent
        assert told.subject == f"[Siklus] Laporan perkembangan tindak lanjut #{first} dari unit"
        body = " ".join(told.body.split())
        assert f"1. Tindak lanjut nomor {first}:" in body
        day = format_date(local_date())  # the day the report was sent
        assert f"Dilaporkan Puskesmas Kota pada {day}: Sesi pertama selesai 20/11/2026." in body
        assert "siklus action close NOMOR" in body and f"nomor {second}:" not in body
        assert sweep(box) == []  # told once
        report(first, "Sesi kedua selesai; SKP direvisi.")  # a new report: told again
        (again,) = sweep(box)
        assert "Sesi kedua selesai; SKP direvisi." in again.body
    org = session.exec(select(Organisation)).one()
    (pending,) = progress_notices.progress_notices(session, org)
    english = render_text(
        "email_perkembangan", progress_notices.progress_view(org, "Rina", [pending],
                                                             date(2026, 11, 25)), "en")  # fmt: skip
    assert f"Follow-up action no. {first}:" in english and "Reported by Puskesmas Kota" in english
    actions.close_action(session=session, organisation=None, action_id=first, actor="rina",
                         note="Diperiksa")  # fmt: skip
    assert progress_notices.progress_notices(session, org) == []  # closed: nothing to tell
