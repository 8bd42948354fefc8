"""Leaders follow the evaluation's follow-up on the portal: totals, the lists, one action's
history; read only, and only for leaders."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from policy.models import FollowUpAction
from policy.services import actions, portal_access, portal_actions
from policy.services.common import get_org
from policy.settings import Settings
from tests.policy.services.test_evaluation import BP_DUK
from tests.policy.services.test_skm_publication import _evaluated
from tests.siklus.web.conftest import csrf, make_client


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _sign_in(client: TestClient, session: Session, who: str, where: str = "/pimpinan") -> None:
    issued = portal_access.issue_token(session=session, organisation="contoh", actor=who)
    form = csrf(client.get(f"{where}/masuk").text)
    answer = client.post(f"{where}/masuk", data={"token": issued.token, "csrf_token": form})
    assert answer.status_code == 303, answer.text


def _followed(session: Session, tmp_path: Path) -> tuple[int, int]:
    """The national TW III evaluation's 7 actions; one closed, one reported under way."""
    _evaluated(session, tmp_path)
    coaching = session.exec(select(FollowUpAction).where(FollowUpAction.subject == BP_DUK)).one()
    ikm = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "corrective_ikm")
    ).first()
    assert ikm is not None
    actions.record_progress(session=session, organisation=None, action_id=ikm.id or 0,
                            actor="rina", note="Loket kedua dibuka 3 November")  # fmt: skip
    actions.close_action(session=session, organisation=None, action_id=coaching.id or 0,
                         actor="kaban", note="Coaching dua sesi, SKP direvisi")  # fmt: skip
    return coaching.id or 0, ikm.id or 0


def test_the_totals_and_the_lists_as_of_a_day(session: Session, tmp_path: Path) -> None:
    coaching, ikm = _followed(session, tmp_path)
    access = portal_access.PortalAccess(
        organisation_id=get_org(session, "contoh").id or 0, username="sekda",
        name="Hendra Gunawan", expires_at=datetime(2026, 12, 1, tzinfo=UTC), roles=("leader",),
    )  # fmt: skip
    # Before the due date (12 November 2026): nothing past due.
    before = portal_actions.actions_page(session=session, access=access,
                                         today=date(2026, 11, 1))  # fmt: skip
    assert (before.open_count, before.overdue_count, before.under_way_count,
            before.done_count) == (6, 0, 1, 1)  # fmt: skip
    assert len(before.rows) == 6 and coaching not in [r.id for r in before.rows]
    after = portal_actions.actions_page(session=session, access=access, today=date(2026, 11, 13))
    assert (after.open_count, after.overdue_count) == (6, 6)
    assert all(r.overdue for r in after.rows)
    under_way = next(r for r in after.rows if r.id == ikm)
    assert under_way.progress == "Loket kedua dibuka 3 November"
    done = portal_actions.actions_page(session=session, access=access, status="done")
    assert [r.id for r in done.rows] == [coaching] and done.rows[0].closed_on is not None
    every = portal_actions.actions_page(session=session, access=access, status="all")
    assert len(every.rows) == 7 and every.rows[-1].id == coaching  # the done one last
    pkm = portal_actions.actions_page(session=session, access=access, unit="pkm")
    assert pkm.unit == "PKM" and pkm.rows and all("Puskesmas" in r.who for r in pkm.rows)
    tw3 = portal_actions.actions_page(session=session, access=access, period="2026-TW3")
    assert [(p.code, p.name) for p in tw3.periods] == [("2026-TW3", "Triwulan III 2026")]
    assert tw3.period == "2026-TW3" and len(tw3.rows) == 6
    none = portal_actions.actions_page(session=session, access=access, period="2026-TW2")
    assert none.period == "" and len(none.rows) == 6
    assert "Tidak ada tindak lanjut periode '2026-TW2'" in none.error
    wrong = portal_actions.actions_page(session=session, access=access, status="x", unit="ZZ")
    assert wrong.status == "open" and wrong.unit == "" and "Unit 'ZZ' tidak ada" in wrong.error


def test_a_leader_reads_the_actions_and_one_s_history(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    coaching, ikm = _followed(session, tmp_path)
    assert client.get("/pimpinan/tindak-lanjut").status_code == 303  # to the sign-in page
    _sign_in(client, session, "sekda")
    start = client.get("/pimpinan").text
    assert '<a href="/pimpinan/tindak-lanjut">Tindak lanjut</a>' in start
    page = html.unescape(client.get("/pimpinan/tindak-lanjut").text)
    assert "Tindak lanjut hasil evaluasi" in page and "6 belum selesai" in page
    assert "1 dilaporkan sedang berjalan; 1 selesai." in page
    listed = {int(n) for n in re.findall(r'<a href="/pimpinan/tindak-lanjut/(\d+)">\d+\. ', page)}
    assert len(listed) == 6 and coaching not in listed and ikm in listed
    assert "Loket kedua dibuka 3 November" in page
    chosen = client.get("/pimpinan/tindak-lanjut?period=2026-TW3&unit=PKM").text
    assert '<option value="2026-TW3" selected>Triwulan III 2026</option>' in chosen
    assert '<option value="PKM" selected>' in chosen and "Fajar Nugroho" not in chosen
    done = html.unescape(client.get("/pimpinan/tindak-lanjut?status=done").text)
    assert f'<a href="/pimpinan/tindak-lanjut/{coaching}">' in done and "Fajar Nugroho" in done
    one = html.unescape(client.get(f"/pimpinan/tindak-lanjut/{ikm}").text)
    assert f"Tindak lanjut nomor {ikm}" in one
    made = one.index("dibuat oleh evaluasi Triwulan III 2026")
    assert made < one.index("perkembangan dicatat") < one.index("Loket kedua dibuka")
    assert "Rina Marlina" in one
    assert one.count('<form method="post"') == 1  # read only: the sign-out form alone
    assert client.get("/pimpinan/tindak-lanjut/99999").status_code == 404


def test_a_long_list_comes_in_pages(
    client: TestClient, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _followed(session, tmp_path)
    monkeypatch.setattr(portal_actions, "PAGE_SIZE", 3)  # 7 actions: pages of 3, 3 and 1
    access = portal_access.PortalAccess(
        organisation_id=get_org(session, "contoh").id or 0, username="sekda",
        name="Hendra Gunawan", expires_at=datetime(2026, 12, 1, tzinfo=UTC), roles=("leader",),
    )  # fmt: skip
    every = [r.id for r in portal_actions.actions_page(
        session=session, access=access, status="all", page=1).rows]  # fmt: skip
    second = portal_actions.actions_page(session=session, access=access, status="all", page=2)
    assert (second.total, second.page, second.pages, second.first) == (7, 2, 3, 4)
    assert second.previous_link == "/pimpinan/tindak-lanjut?status=all&halaman=1"
    assert second.next_link == "/pimpinan/tindak-lanjut?status=all&halaman=3"
    last = portal_actions.actions_page(session=session, access=access, status="all", page=99)
    assert (last.page, last.next_link, len(last.rows)) == (3, "", 1)
    pkm = portal_actions.actions_page(session=session, access=access, unit="pkm", page=1)
    assert pkm.total > 0 and (pkm.next_link.endswith("unit=PKM&halaman=2") if pkm.pages > 1
                               else pkm.next_link == "")  # fmt: skip
    narrowed = portal_actions._page_link("open", "pkm", "2026-TW3", 2)
    assert narrowed == "/pimpinan/tindak-lanjut?status=open&unit=PKM&period=2026-TW3&halaman=2"
    shown = every + [r.id for r in second.rows] + [r.id for r in last.rows]
    assert len(set(shown)) == 7  # each action on one page
    _sign_in(client, session, "sekda")
    page = html.unescape(client.get("/pimpinan/tindak-lanjut?status=all&halaman=2").text)
    assert "Tindak lanjut 4–6 dari 7 (halaman 2 dari 3)." in page
    assert '<a href="/pimpinan/tindak-lanjut?status=all&halaman=1" rel="prev">' in page
    assert '<a href="/pimpinan/tindak-lanjut?status=all&halaman=3" rel="next">' in page
    assert client.get("/pimpinan/tindak-lanjut?halaman=x").status_code == 404  # not a number


def test_an_organiser_is_not_let_in(client: TestClient, session: Session, tmp_path: Path) -> None:
    _followed(session, tmp_path)
    _sign_in(client, session, "budi", "/penyelenggara")  # an organiser, no leader
    answer = client.get("/pimpinan/tindak-lanjut")
    assert answer.status_code in (303, 403)
    assert "Fajar Nugroho" not in answer.text
