"""The portal's overdue board: what `siklus status --overdue` shows, for organisers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session

from policy.services import portal_access, portal_deadlines
from policy.services.common import get_org
from tests.policy.services.deadline_fixtures import (
    PROGRESS,
    implementation_running,
    ingest_progress,
)
from tests.siklus.web.conftest import csrf

HOSTILE_NOTE = "<script>alert(1)</script> menunggu"


def overdue_org(session: Session, folder: Path) -> str:
    """Cycle 1 of 'contoh' with the implementation running and March 2026 milestones late."""
    run_id = implementation_running(session, folder)
    text = PROGRESS.replace("Menunggu e-Kinerja", HOSTILE_NOTE)
    ingest_progress(session, folder, run_id, text)
    return "contoh"


def access_for(session: Session, org: str) -> portal_access.PortalAccess:
    issued = portal_access.issue_token(session=session, organisation=org, actor="budi")
    return portal_access.check_token(session, issued.token)


def test_board_lists_overdue_then_due_soon_with_who_is_responsible(
    session: Session, tmp_path: Path
) -> None:
    org = overdue_org(session, tmp_path)
    board = portal_deadlines.deadline_board(
        session=session, access=access_for(session, org), today=date(2026, 3, 24)
    )
    # 24 March 2026: DUKCAPIL's SKP was due 13 March, and only 16 and 17 March were working
    # days since (Nyepi 18-19, cuti bersama 20, 23, 24 March); PKM's is due 25 March, the
    # next working day.
    assert [(r.subject, r.working_days, r.status) for r in board.overdue][0] == (
        "Dinas Kependudukan dan Pencatatan Sipil — SKP disusun",
        2,
        "proses",
    )
    assert board.overdue[0].responsible == ["Dedi Kurnia"]
    assert board.overdue[0].note == HOSTILE_NOTE
    assert ("Puskesmas Kota — SKP disusun", 1) in [
        (r.subject, r.working_days) for r in board.due_soon
    ]
    assert board.lead_working_days == 3 and board.member == "Budi Santoso"
    assert get_org(session, org).name == board.header.organisation


def test_organiser_page_shows_the_board_escaped_and_needs_a_sign_in(
    session: Session, tmp_path: Path, client: TestClient
) -> None:
    org = overdue_org(session, tmp_path)
    assert client.get("/penyelenggara/tenggat").status_code == 303  # to the sign-in page
    issued = portal_access.issue_token(session=session, organisation=org, actor="budi")
    token = csrf(client.get("/penyelenggara/masuk").text)
    client.post("/penyelenggara/masuk", data={"token": issued.token, "csrf_token": token})
    page = client.get("/penyelenggara/tenggat")
    assert page.status_code == 200
    text = page.text
    # The March 2026 milestones are long overdue on any later day the test runs.
    assert "Dinas Kependudukan dan Pencatatan Sipil — SKP disusun" in text
    assert "Puskesmas Kota — SKP disusun" in text and "Dedi Kurnia" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; menunggu" in text
    assert "<script>alert(1)</script>" not in text
    assert 'href="/penyelenggara/tenggat"' in client.get("/penyelenggara").text


def test_follow_up_actions_stand_on_the_board_as_one_line_per_unit(
    session: Session, tmp_path: Path
) -> None:
    from policy.documents import render_portal
    from policy.services import evaluation
    from tests.policy.services import test_evaluation as national

    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    session.commit()
    board = portal_deadlines.deadline_board(
        session=session, access=access_for(session, "contoh"), today=date(2026, 11, 13)
    )
    rows = {r.subject: (r.kind, r.status, r.working_days) for r in board.overdue}
    assert rows[
        "Puskesmas Kota — Pembinaan kinerja dan pengembangan kompetensi 2026-TW3: 2 tindak "
        "lanjut terbuka"
    ] == ("action", "2 terbuka", 1)
    assert len(rows) == 5  # coaching x 2 units, talent pool, corrective IKM, policy review
    html = render_portal("organiser_deadlines", board)
    assert "<td>tindak lanjut</td>" in html and "2 terbuka" in html
