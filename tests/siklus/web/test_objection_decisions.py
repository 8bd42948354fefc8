"""Who decides an objection records the decision on the portal, on a private link the officer
made for them: the objection and its reasons, a decision that is final and recorded as the
officer's would be, then shown to the officers and the employee."""

from __future__ import annotations

import html
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
from policy.documents import render_text
from policy.locale import format_date
from policy.models import AuditEvent, Objection, Organisation, utcnow
from policy.nip import format_nip
from policy.services import objection_decisions, objection_notices, objections
from policy.services.common import NotFoundError, ServiceError
from policy.services.deadlines import local_date
from policy.settings import Settings
from siklus.cli import app
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_objections as register
from tests.siklus.web.conftest import csrf, make_client

BASE = "https://kinerja.contoh.example"


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with make_client(engine, settings) as c:
        yield c


def _link(session: Session, tmp_path: Path) -> str:
    """Fajar's objection registered by the officer, and the link for who decides: its path."""
    register._evaluated(session, tmp_path)
    register._file(session, today=None, filed_on=None, received_on=local_date())
    made = objection_decisions.make_decision_link(session=session, organisation=None, number=1,
                                                  actor="rina", base_url=BASE + "/")  # fmt: skip
    assert made.url.startswith(f"{BASE}/keputusan/") and made.addressee == (
        "Andi Saputra, Kepala Dinas"
    )
    assert made.expires_on == local_date() + timedelta(days=14)
    return made.url.removeprefix(BASE)


def _text(response: object) -> str:
    words = re.sub(r"<[^>]+>", " ", response.text)  # type: ignore[attr-defined]
    return " ".join(html.unescape(words).split())


def _decide(client: TestClient, path: str, **fields: str) -> object:
    page = client.get(path).text
    data = {"csrf_token": csrf(page), "outcome": "", "predikat": "", "consideration": "",
            "decided_by": "Andi Saputra, Kepala Dinas", **fields}  # fmt: skip
    return client.post(path, data=data, follow_redirects=False)


def test_who_decides_records_a_final_decision_on_their_link(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    shown = client.get(path)
    text = _text(shown)
    assert "Keputusan atas keberatan nomor 1" in text
    assert f"Pegawai Fajar Nugroho NIP {format_nip(register.FAJAR)}" in text
    assert "Predikat semula Butuh Perbaikan" in text and register.REASON in text
    assert "Halaman ini untuk Andi Saputra, Kepala Dinas" in text
    # The result objected to is not offered as a new one.
    assert '<option value="Butuh Perbaikan"' not in shown.text
    assert '<option value="Baik">' in shown.text

    empty = _decide(client, path)
    assert empty.status_code == 400  # type: ignore[attr-defined]
    assert "Pilih keputusannya: predikat tetap, atau diubah." in _text(empty)
    assert "Tuliskan pertimbangan keputusan." in _text(empty)
    no_new = _decide(client, path, outcome="diubah", consideration=register.GROUNDS)
    assert "Pilih predikat yang ditetapkan untuk keputusan 'diubah'." in _text(no_new)
    same = _decide(client, path, outcome="diubah", predikat="Butuh Perbaikan",
                   consideration=register.GROUNDS)  # fmt: skip
    assert "sama dengan predikat semula (Butuh Perbaikan)" in _text(same)
    assert session.exec(select(Objection)).one().outcome == "diajukan"

    form_token = csrf(client.get(path).text)
    sent = _decide(client, path, outcome="diubah", predikat="Baik",
                   consideration=register.GROUNDS, decided_by="Andi Saputra")  # fmt: skip
    assert sent.status_code == 303  # type: ignore[attr-defined]
    assert sent.headers["location"] == f"{path}?tercatat=1"  # type: ignore[attr-defined]
    done = _text(client.get(f"{path}?tercatat=1"))
    today = local_date()
    assert "Keputusan Anda sudah tercatat." in done
    assert (
        f"Diputuskan {format_date(today)} oleh Andi Saputra: predikat diubah menjadi Baik" in done
    )
    assert "siklus review" in done  # what is still to be done for a changed result
    assert "Catat keputusan" not in done
    session.expire_all()
    row = session.exec(select(Objection)).one()
    assert (row.outcome, row.predikat_after, row.decided_on, row.decided_by) == (
        "diubah",
        "Baik",
        today,
        "Andi Saputra",
    )
    assert row.decision_recorded_by == f"atasan:{national.KADIS}"
    assert row.consideration == register.GROUNDS
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "objection.decided")).one()
    assert (event.actor, event.payload["channel"]) == (f"atasan:{national.KADIS}", "portal")
    # Final: sent again, nothing changes.
    again = client.post(path, data={"csrf_token": form_token, "outcome": "tetap",
                                    "consideration": "x", "decided_by": "y"})  # fmt: skip
    assert again.status_code == 409 and "bersifat final" in _text(again)
    assert session.exec(select(Objection)).one().predikat_after == "Baik"
    # The officers are told of it, with what is still to be done.
    org = session.exec(select(Organisation)).one()
    (told,) = objection_notices.objection_notices(session, org)
    assert (told.state, told.outcome, told.key) == ("diputuskan", "diubah",
                                                   f"objection:{row.id}:diputuskan")  # fmt: skip
    assert told.next_steps and "siklus review" in told.next_steps[0]
    view = objection_notices.objection_view(session, org, "Rina", [told], today)
    email = " ".join(render_text("email_keberatan", view, "id").split())
    assert (
        f"Diputuskan di portal oleh Andi Saputra pada {format_date(today)}: predikat diubah "
        f"menjadi Baik. Pertimbangan: {register.GROUNDS} - "
    ) in email
    assert objection_notices.objection_subject([told]) == (
        "[Siklus] Keberatan nomor 1 diputuskan di portal"
    )
    english = " ".join(render_text("email_keberatan", view, "en").split())
    assert "Decided on the portal by Andi Saputra" in english and "changed to Baik" in english
    # The register says so.
    assert "Andi Saputra" in register._register(session)


def test_a_decision_post_is_checked_even_without_the_page(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    path = _link(session, tmp_path)
    page = client.get(path).text
    refused = client.post(path, data={"csrf_token": csrf(page), "outcome": "dikabulkan",
                                      "consideration": "x", "decided_by": "y"})  # fmt: skip
    assert refused.status_code == 400
    assert "Pilih keputusannya" in _text(refused)
    objections.withdraw_objection(session=session, organisation=None, number=1, actor="rina",
                                  statement="Pegawai menerima penjelasan")  # fmt: skip
    withdrawn = _text(client.get(path))
    assert "Keberatan ini dicabut pegawai pada" in withdrawn and "Catat keputusan" not in withdrawn
    late = client.post(path, data={"csrf_token": csrf(page), "outcome": "tetap",
                                   "consideration": "x", "decided_by": "y"})  # fmt: skip
    assert late.status_code == 409 and "sudah dicabut" in _text(late)


def test_only_an_officer_makes_a_link_a_new_one_replaces_it_and_it_expires(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    first = _link(session, tmp_path)

    def make(**kw: object) -> objection_decisions.DecisionLink:
        args: dict[str, object] = {"session": session, "organisation": None, "number": 1,
                                   "actor": "rina", "base_url": BASE, **kw}  # fmt: skip
        return objection_decisions.make_decision_link(**args)  # type: ignore[arg-type]

    with pytest.raises(ServiceError, match="budi tidak berwenang"):
        make(actor="budi")
    with pytest.raises(ServiceError, match="Alamat portal belum diketahui"):
        make(base_url="")
    with pytest.raises(ServiceError, match="pilih 1 sampai 60 hari"):
        make(days=61)
    with pytest.raises(NotFoundError):
        make(number=9)
    second = make(days=3).url.removeprefix(BASE)
    assert client.get(first).status_code == 404
    assert "Mintalah tautan baru kepada pengelola kepegawaian" in _text(client.get(first))
    assert client.get(second).status_code == 200
    row = session.exec(select(Objection)).one()
    assert row.decision_token_sha256 and second.rsplit("/", 1)[1] not in str(row.model_dump())
    row.decision_link_expires_at = utcnow() - timedelta(minutes=1)
    session.add(row)
    session.commit()
    assert client.get(second).status_code == 404
    objections.decide_objection(session=session, organisation=None, number=1, outcome="tetap",
                                consideration=register.GROUNDS, actor="rina")  # fmt: skip
    with pytest.raises(ServiceError, match="sudah tetap; tidak ada lagi yang diputuskan"):
        make()
    made = session.exec(
        select(AuditEvent).where(AuditEvent.action == "objection.decision_link")
    ).all()
    tokens = {first.rsplit("/", 1)[1], second.rsplit("/", 1)[1]}
    assert len(made) == 2 and not any(t in str(e.payload) for e in made for t in tokens)


def test_the_officer_makes_the_link_from_the_command_line(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        register._evaluated(s, tmp_path)
        register._file(s, today=None, filed_on=None, received_on=local_date())
    result = CliRunner().invoke(app, ["objection", "link", "1", "--as", "rina", "--base-url",
                                      BASE], env={"COLUMNS": "200"})  # fmt: skip
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Tautan keputusan atas keberatan nomor 1, untuk Andi Saputra, Kepala Dinas" in flat
    assert f"{BASE}/keputusan/" in flat and "hanya kepada yang memutuskan" in flat
    listed = CliRunner().invoke(app, ["objection", "list", "--as", "rina"],
                                env={"COLUMNS": "240"})  # fmt: skip
    until = (local_date() + timedelta(days=14)).strftime("%d-%m-%Y")
    assert f"sedang diperiksa; tautan keputusan s.d. {until}" in " ".join(listed.output.split())
