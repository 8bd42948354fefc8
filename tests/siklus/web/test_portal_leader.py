"""Leaders on the portal: the stages waiting for a decision, their documents, the decision.

The decision goes through the same service as `siklus review`: the four-eyes rule, the
reason a return needs and a decision taken elsewhere first hold here as there.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Document, Review, RunStatus, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import forum_minutes, forums, portal_access
from tests.siklus.web.conftest import Portal, csrf

HOSTILE = "<script>alert(1)</script> perbaiki notulen"


def _in_review(portal: Portal) -> int:
    """The forums stage of the portal's cycle: F1 closed, its minutes approved by the
    organiser and a leader, the documents made, submitted for review."""
    portal.close_forum()
    for who in ("budi", "kaban"):
        forum_minutes.approve_minutes(session=portal.session, organisation=portal.org,
                                      cycle=None, code="F1", actor=who)  # fmt: skip
    forums.produce(session=portal.session, run_id=portal.run_id, actor="budi")
    cycle_service.submit_stage(session=portal.session, run_id=portal.run_id, actor="budi",
                               summary={})  # fmt: skip
    return portal.run_id


def _sign_in(client: TestClient, portal: Portal, who: str, where: str = "/pimpinan") -> None:
    issued = portal_access.issue_token(session=portal.session, organisation=portal.org, actor=who)
    form = csrf(client.get(f"{where}/masuk").text)
    answer = client.post(f"{where}/masuk", data={"token": issued.token, "csrf_token": form})
    assert answer.status_code == 303, answer.text


def _decide(client: TestClient, run_id: int, **fields: str) -> tuple[int, str]:
    page = client.get(f"/pimpinan/tahap/{run_id}")
    attempt = re.search(r'name="attempt" value="(\d+)"', page.text)
    assert attempt, page.text
    data = {"csrf_token": csrf(page.text), "attempt": attempt[1], **fields}
    answer = client.post(f"/pimpinan/tahap/{run_id}", data=data)
    return answer.status_code, answer.text


def test_a_leader_reads_the_stage_and_its_documents_and_approves_it(
    portal: Portal, client: TestClient
) -> None:
    run_id = _in_review(portal)
    assert client.get("/pimpinan").status_code == 303  # to the sign-in page
    _sign_in(client, portal, "sekda")
    queue = client.get("/pimpinan").text
    assert "Masuk sebagai Hendra Gunawan" in queue
    assert "Halaman panitia" not in queue  # a leader only
    assert '<div class="policy">Peraturan Wali Kota tentang ' in queue  # the policy, no draft
    assert f'<a href="/pimpinan/tahap/{run_id}">Forum Pemangku Kepentingan</a>' in queue
    assert "<td>Budi Santoso</td>" in queue  # people by name, as in the documents
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    links = re.findall(r'<a href="/pimpinan/dokumen/(\d+)">([^<]+)</a>', page)
    # A document published again (a new version) is one document, in the list and the count.
    first = portal.session.get(Document, int(links[0][0]))
    assert first is not None
    again = first.model_copy(update={"id": None, "version": first.version + 1})
    portal.session.add(Document.model_validate(again.model_dump()))
    portal.session.commit()
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    links = re.findall(r'<a href="/pimpinan/dokumen/(\d+)">([^<]+)</a>', page)
    queue = client.get("/pimpinan").text
    assert f"<td>{len(links)}</td>\n</tr>" in queue
    titles = {title for _, title in links}
    assert {"Rekapitulasi Masukan", "Undangan: Konsultasi Publik Rancangan Perwali"} <= titles
    doc_id = int(links[0][0])
    shown = client.get(f"/pimpinan/dokumen/{doc_id}")
    stored = portal.session.get(Document, doc_id)
    assert stored is not None and shown.content == stored.html_file.read_bytes()
    assert "script-src" not in shown.headers["content-security-policy"]

    status, text = _decide(client, run_id, choice="approve", reason="Sesuai")
    assert status == 200
    assert "Tahap Forum Pemangku Kepentingan disetujui oleh Hendra Gunawan." in text
    assert "Tahap ini tidak sedang menunggu keputusan." in text  # no second form
    assert "Buka kembali" not in text  # only an evaluation period reopens
    run = portal.session.get(StageRun, run_id)
    assert run is not None
    portal.session.refresh(run)
    assert run.status == RunStatus.APPROVED
    (decision,) = portal.session.exec(select(Review).where(Review.stage_run_id == run_id)).all()
    assert (decision.reviewer, decision.decision, decision.via) == ("sekda", "approve", "portal")
    event = portal.session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "stage.approved", AuditEvent.subject_id == run_id
        )
    ).one()
    assert event.payload["via"] == "portal" and event.actor == "sekda"
    queue = client.get("/pimpinan").text
    assert "Tidak ada tahap yang menunggu keputusan." in queue
    assert 'Hendra Gunawan<br><span class="muted">melalui portal' in queue


def test_a_return_needs_a_reason_and_the_form_keeps_what_was_typed(
    portal: Portal, client: TestClient
) -> None:
    run_id = _in_review(portal)
    _sign_in(client, portal, "sekda")
    status, text = _decide(client, run_id, choice="return", reason="  ")
    assert status == 400
    assert 'class="errors" role="alert">Mengembalikan atau menolak tahap' in text
    assert 'value="return" checked' in text
    status, text = _decide(client, run_id, choice="return", reason=HOSTILE)
    assert status == 200 and "dikembalikan oleh Hendra Gunawan" in text
    # What a leader wrote is shown as text, never run.
    queue = client.get("/pimpinan").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; perbaiki notulen" in queue
    assert "<script>" not in queue
    portal.session.expire_all()
    run = portal.session.get(StageRun, run_id)
    assert run is not None and run.status == RunStatus.RETURNED


def test_the_leader_who_ran_the_stage_cannot_decide_it(portal: Portal, client: TestClient) -> None:
    # kaban is a leader and an officer: he runs the drafting stage himself.
    forums_done = _in_review(portal)
    _sign_in(client, portal, "sekda")
    assert _decide(client, forums_done, choice="approve")[0] == 200
    ref = cycle_service.begin_stage(session=portal.session, organisation=portal.org, cycle=None,
                                    stage=Stage.DRAFTING, actor="kaban")  # fmt: skip
    cycle_service.submit_stage(session=portal.session, run_id=ref.run_id, actor="kaban",
                               summary={})  # fmt: skip
    client.cookies.clear()
    _sign_in(client, portal, "kaban")
    assert "dijalankan sendiri: diputuskan pimpinan lain" in client.get("/pimpinan").text
    page = client.get(f"/pimpinan/tahap/{ref.run_id}").text
    assert "Anda menjalankan tahap ini sendiri" in page and 'name="choice"' not in page
    # A form sent anyway is refused by the service's own rule.
    data = {"csrf_token": csrf(page), "attempt": "1", "choice": "approve"}
    answer = client.post(f"/pimpinan/tahap/{ref.run_id}", data=data)
    assert answer.status_code == 400 and "prinsip empat mata" in answer.text
    # Drafting offers the return to the forums.
    client.cookies.clear()
    _sign_in(client, portal, "sekda")
    assert 'name="back_to_forums"' in client.get(f"/pimpinan/tahap/{ref.run_id}").text
    # Returned, then run again by another officer: kaban ran attempt 1 and still may not decide.
    code, _ = _decide(client, ref.run_id, choice="return", reason="Pasal 5 belum jelas")
    assert code in (200, 303)
    again = cycle_service.begin_stage(session=portal.session, organisation=portal.org,
                                      cycle=None, stage=Stage.DRAFTING, actor="rina")  # fmt: skip
    cycle_service.submit_stage(session=portal.session, run_id=again.run_id, actor="rina",
                               summary={})  # fmt: skip
    client.cookies.clear()
    _sign_in(client, portal, "kaban")
    assert "dijalankan sendiri: diputuskan pimpinan lain" in client.get("/pimpinan").text
    page = client.get(f"/pimpinan/tahap/{again.run_id}").text
    assert "Anda menjalankan tahap ini sendiri (percobaan ke-1)" in page
    assert 'name="choice"' not in page


def test_a_decision_taken_elsewhere_first_is_not_overwritten(
    portal: Portal, client: TestClient
) -> None:
    from policy.models import Decision
    from policy.services import review

    run_id = _in_review(portal)
    _sign_in(client, portal, "sekda")
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    # kaban returns it on the command line while the page is open.
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.FORUMS, reviewer="kaban", decision=Decision.RETURN,
                  reason="Notulen F1 belum lengkap")  # fmt: skip
    data = {"csrf_token": csrf(page), "attempt": "1", "choice": "approve"}
    answer = client.post(f"/pimpinan/tahap/{run_id}", data=data)
    assert answer.status_code == 400
    assert "sudah diputuskan 'dikembalikan' oleh kaban melalui cli" in html.unescape(answer.text)
    decisions = portal.session.exec(select(Review).where(Review.stage_run_id == run_id)).all()
    assert [(d.reviewer, d.decision) for d in decisions] == [("kaban", "return")]


def test_each_page_is_for_its_role_and_a_form_needs_its_token(
    portal: Portal, client: TestClient
) -> None:
    run_id = _in_review(portal)
    # An organiser's token does not open the leaders' pages, and stays good for his own.
    refused = client.post(
        "/pimpinan/masuk",
        data={
            "token": portal_access.issue_token(
                session=portal.session, organisation=portal.org, actor="budi"
            ).token,
            "csrf_token": csrf(client.get("/pimpinan/masuk").text),
        },
    )
    assert refused.status_code == 401 and "budi tidak berperan pimpinan" in refused.text
    _sign_in(client, portal, "budi", "/penyelenggara")
    page = client.get(f"/pimpinan/tahap/{run_id}")
    assert page.status_code == 403 and "Halaman ini untuk pimpinan" in page.text
    home = client.get("/penyelenggara")
    assert home.status_code == 200 and "Keputusan pimpinan" not in home.text  # an organiser only
    # A leader's token does not open the organisers' pages.
    client.cookies.clear()
    _sign_in(client, portal, "sekda")
    assert client.get("/penyelenggara").status_code == 403
    # A decision without the form's token is refused and nothing is recorded.
    answer = client.post(f"/pimpinan/tahap/{run_id}", data={"attempt": "1", "choice": "approve"})
    assert answer.status_code == 403
    assert portal.session.exec(select(Review).where(Review.stage_run_id == run_id)).all() == []
    # A document of no stage of this organisation is not found.
    assert client.get("/pimpinan/dokumen/999999").status_code == 404


def test_minutes_are_approved_on_the_portal_by_an_organiser_then_a_leader(
    portal: Portal, client: TestClient
) -> None:
    from policy.models import Member, MinutesApproval

    portal.close_forum()
    forums.produce(session=portal.session, run_id=portal.run_id, actor="budi")  # its Notulen
    forum_id = portal.forum().id
    # Budi holds the leader role too: he gives one of the two approvals, not both.
    budi = portal.session.exec(select(Member).where(Member.username == "budi")).one()
    budi.roles = ["organiser", "leader"]
    portal.session.add(budi)
    portal.session.commit()

    _sign_in(client, portal, "budi", "/penyelenggara")
    home = client.get("/penyelenggara").text
    assert "Notulen menunggu persetujuan penyelenggara (1)" in home
    notulen = re.search(r'<a href="(/f/[^"]+/dokumen/\d+)">Notulen</a>', home)
    assert notulen and client.get(notulen[1]).status_code == 200
    answer = client.post(f"/penyelenggara/notulen/{forum_id}", data={"csrf_token": csrf(home)})
    assert answer.status_code == 200
    assert (
        "Notulen forum F1 disetujui sebagai penyelenggara; menunggu persetujuan pimpinan."
        in answer.text
    )
    assert "Tidak ada notulen yang menunggu persetujuan penyelenggara." in answer.text

    # One sign-in for both roles: each menu links to the other pages.
    assert '<a href="/pimpinan">Keputusan pimpinan</a>' in answer.text
    queue = client.get("/pimpinan").text  # the same token opens budi's leader pages
    assert '<a href="/penyelenggara">Halaman panitia</a>' in queue
    assert "Sudah disetujui: penyelenggara: Budi Santoso" in queue
    assert "Anda sudah menyetujuinya dalam peran lain" in queue
    assert f'action="/pimpinan/notulen/{forum_id}"' not in queue
    refused = client.post(f"/pimpinan/notulen/{forum_id}", data={"csrf_token": csrf(queue)})
    assert refused.status_code == 400
    assert "penyelenggara dan pimpinan harus dari dua orang yang berbeda" in refused.text

    client.cookies.clear()
    _sign_in(client, portal, "sekda")
    queue = client.get("/pimpinan").text
    assert "Notulen menunggu persetujuan pimpinan (1)" in queue
    assert re.search(r'<a href="/pimpinan/dokumen/\d+">Notulen</a>', queue)
    answer = client.post(f"/pimpinan/notulen/{forum_id}", data={"csrf_token": csrf(queue)})
    assert answer.status_code == 200
    assert "persetujuannya lengkap, Notulen dan Rekapitulasi Masukan diterbitkan ulang" in (
        answer.text
    )
    assert "Tidak ada notulen yang menunggu persetujuan pimpinan." in answer.text
    given = portal.session.exec(select(MinutesApproval).order_by(MinutesApproval.id)).all()
    assert [(a.role, a.username) for a in given] == [("organiser", "budi"), ("leader", "sekda")]


def test_a_leader_opens_a_held_gate_with_a_reason(portal: Portal, client: TestClient) -> None:
    from policy.models import Decision, GateOverride
    from policy.services import review

    portal.close_forum()  # minutes recorded, not approved
    forums.produce(session=portal.session, run_id=portal.run_id, actor="budi")
    cycle_service.submit_stage(session=portal.session, run_id=portal.run_id, actor="budi",
                               summary={})  # fmt: skip
    review.decide(session=portal.session, organisation=portal.org, cycle=None,
                  stage=Stage.FORUMS, reviewer="sekda", decision=Decision.APPROVE)  # fmt: skip
    _sign_in(client, portal, "sekda")
    queue = client.get("/pimpinan").text
    # Drafting waits for the minutes' approvals; the stages after it only for drafting.
    assert "Gerbang tertahan (1)" in queue
    assert "<strong>Penyusunan Rancangan</strong>" in queue
    assert "Buka gerbang Sosialisasi" not in queue
    blockers = re.findall(r"<li>([^<]*notulen[^<]*)</li>", queue)
    assert blockers, queue
    answer = client.post(
        "/pimpinan/gerbang",
        data={"csrf_token": csrf(queue), "cycle": "1", "stage": "drafting", "reason": " "},
    )
    assert answer.status_code == 400 and "alasan" in answer.text.lower()
    assert portal.session.exec(select(GateOverride)).all() == []
    reason = "Notulen F1 ditandatangani manual; penyusunan rancangan dimulai."
    answer = client.post(
        "/pimpinan/gerbang",
        data={"csrf_token": csrf(queue), "cycle": "1", "stage": "drafting", "reason": reason},
    )
    assert answer.status_code == 200
    assert "Gerbang tahap Penyusunan Rancangan siklus ke-1 dibuka oleh Hendra Gunawan." in (
        answer.text
    )
    assert "Gerbang tertahan" not in answer.text
    (opened,) = portal.session.exec(select(GateOverride)).all()
    assert (opened.stage, opened.leader, opened.reason) == ("drafting", "sekda", reason)


def test_a_leader_reopens_an_approved_evaluation_period_for_a_correction(
    session: Session, tmp_path: Path, client: TestClient
) -> None:
    from policy.models import Decision
    from policy.services import review
    from tests.policy.services import test_reopen as reopen

    run_id = reopen.national.start_run(session, tmp_path, reopen.national.pack())
    reopen._evaluate(session, tmp_path, run_id, reopen.national.EKINERJA, "ekinerja.csv")
    review.decide(session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
                  reviewer="sekda", decision=Decision.APPROVE, period=reopen.PERIOD)  # fmt: skip
    issued = portal_access.issue_token(session=session, organisation="contoh", actor="kaban")
    form = csrf(client.get("/pimpinan/masuk").text)
    client.post("/pimpinan/masuk", data={"token": issued.token, "csrf_token": form})
    # The latest decisions lead to the period's page, which offers the reopening.
    queue = client.get("/pimpinan").text
    assert f'<a href="/pimpinan/tahap/{run_id}">Evaluasi Berkala periode 2026-TW3</a>' in queue
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    assert "Buka kembali untuk koreksi" in page
    action = f"/pimpinan/tahap/{run_id}/buka-kembali"
    refused = client.post(action, data={"csrf_token": csrf(page), "reason": " "})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    answer = client.post(action, data={"csrf_token": csrf(page), "reason": reopen.REASON})
    assert answer.status_code == 200
    assert (
        "Periode 2026-TW3 (Triwulan III 2026) siklus ke-1 dibuka kembali oleh Sri Wahyuni; data "
        "periode itu tidak lagi terkunci." in answer.text
    )
    assert "Buka kembali untuk koreksi" not in answer.text  # returned now: nothing to reopen
    session.expire_all()
    run = session.get(StageRun, run_id)
    assert run is not None and run.status == RunStatus.RETURNED
    last = session.exec(
        select(Review).where(Review.stage_run_id == run_id).order_by(col(Review.id).desc())
    ).first()
    assert last is not None and (last.reviewer, last.via) == ("kaban", "reopen")


def test_a_rejection_stops_the_cycle_only_once_the_leader_confirms_it(
    portal: Portal, client: TestClient
) -> None:
    from policy.models import Cycle, CycleStatus

    run_id = _in_review(portal)
    _sign_in(client, portal, "sekda")
    reason = "Kebijakan ditunda sampai APBD Perubahan"
    status, text = _decide(client, run_id, choice="reject", reason=reason)
    assert status == 400
    assert "Menolak tahap menghentikan seluruh siklus kebijakan ini." in html.unescape(text)
    assert 'value="reject" checked' in text and reason in text
    assert portal.session.exec(select(Review).where(Review.stage_run_id == run_id)).all() == []
    status, text = _decide(client, run_id, choice="reject", reason=reason, stop_confirmed="ya")
    assert status == 200 and "ditolak oleh Hendra Gunawan" in text
    portal.session.expire_all()
    (cycle,) = portal.session.exec(select(Cycle)).all()
    assert cycle.status == CycleStatus.STOPPED


def test_a_result_changed_on_objection_is_shown_with_the_reopen_reason_ready(
    session: Session, tmp_path: Path, client: TestClient
) -> None:
    from datetime import date

    from policy.models import Decision
    from policy.services import objection_register, objections, review
    from tests.policy.services import test_objections as objected
    from tests.policy.services import test_reopen as reopen

    objected._evaluated(session, tmp_path)
    review.decide(session=session, organisation="contoh", cycle=None, stage=Stage.EVALUATION,
                  reviewer="sekda", decision=Decision.APPROVE, period=reopen.PERIOD)  # fmt: skip
    run_id = session.exec(select(StageRun.id).where(StageRun.stage == Stage.EVALUATION)).one()
    objected._file(session)
    objections.decide_objection(
        session=session, organisation=None, number=1, outcome="diubah", predikat="Baik",
        consideration=objected.GROUNDS, actor="rina", decided_on=date(2026, 10, 27),
    )  # fmt: skip
    registers = objection_register.publish_register(
        session=session, organisation=None, cycle=None, period=reopen.PERIOD, actor="rina",
        locales=("id", "en"),
    )  # fmt: skip
    issued = portal_access.issue_token(session=session, organisation="contoh", actor="kaban")
    form = csrf(client.get("/pimpinan/masuk").text)
    client.post("/pimpinan/masuk", data={"token": issued.token, "csrf_token": form})
    page = html.unescape(client.get(f"/pimpinan/tahap/{run_id}").text)
    assert "<h2>Keberatan atas hasil periode ini</h2>" in page
    # A document published in both languages is listed once, with its English beside it.
    register_id, english_id = (d.id for d in registers)
    # (With Chromium on the machine, its PDF link stands between.)
    page = page.replace(
        f' · <a href="/pimpinan/dokumen/{register_id}/pdf" type="application/pdf">PDF</a>', ""
    )
    assert (
        f'<a href="/pimpinan/dokumen/{register_id}">Daftar Keberatan atas Hasil Penilaian Kinerja '
        f'Triwulan III 2026</a> <span class="muted">versi 1</span> · '
        f'<a href="/pimpinan/dokumen/{english_id}" lang="en">English</a>'
    ) in page
    assert page.count('lang="en">English</a>') == 1  # the Laporan was made in Indonesian only
    english = client.get(f"/pimpinan/dokumen/{english_id}")
    assert english.status_code == 200 and "Register of Objections" in english.text
    # The period's key figures stand above its documents.
    assert "<dt>Pegawai dinilai</dt><dd>8</dd>" in page
    assert (
        "<dt>Predikat</dt><dd>Sangat Baik 2, Baik 3, Butuh Perbaikan 1, Kurang/Misconduct 1, "
        "Sangat Kurang 1</dd>"
    ) in page
    assert "<td>Fajar Nugroho<br>" in page
    assert "diajukan 20 Oktober 2026 kepada Andi Saputra" in page
    assert "<td>diubah menjadi Baik (27 Oktober 2026)</td>" in page
    assert "<td>Butuh Perbaikan <strong>(belum sesuai keputusan)</strong></td>" in page
    assert "1 predikat yang diubah atas keberatan belum dimuat dalam data periode ini" in page
    reason = (
        "Keputusan atas keberatan nomor 1 (Fajar Nugroho): predikat diubah dari Butuh Perbaikan "
        "menjadi Baik."
    )
    assert f"required>{reason}</textarea>" in page
    answer = client.post(f"/pimpinan/tahap/{run_id}/buka-kembali",
                         data={"csrf_token": csrf(page), "reason": reason})  # fmt: skip
    assert answer.status_code == 200 and "dibuka kembali oleh Sri Wahyuni" in answer.text
    session.expire_all()
    last = session.exec(select(Review).order_by(col(Review.id).desc())).first()
    assert last is not None and (last.via, last.reason) == ("reopen", reason)


def test_a_leader_takes_a_document_as_pdf(
    portal: Portal, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the server has Chromium each document has a PDF link; without, none is offered."""
    import shutil

    from policy.settings import get_settings

    run_id = _in_review(portal)
    _sign_in(client, portal, "sekda")
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    doc_id = int(re.findall(r'<a href="/pimpinan/dokumen/(\d+)">', page)[0])
    if shutil.which("chromium") or shutil.which("google-chrome"):
        assert f'<a href="/pimpinan/dokumen/{doc_id}/pdf" type="application/pdf">PDF</a>' in page
        answer = client.get(f"/pimpinan/dokumen/{doc_id}/pdf")
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF-")
        stored = portal.session.get(Document, doc_id)
        assert stored is not None
        name = Path(stored.html_path).with_suffix(".pdf").name
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
        assert answer.headers["content-type"] == "application/pdf"
    assert client.get("/pimpinan/dokumen/99999/pdf").status_code == 404

    monkeypatch.setenv("PATH", str(tmp_path))  # a server without Chromium
    get_settings.cache_clear()
    page = client.get(f"/pimpinan/tahap/{run_id}").text
    assert "/pdf" not in page
    refused = client.get(f"/pimpinan/dokumen/{doc_id}/pdf")
    assert refused.status_code == 409 and "Pasang Chromium" in html.unescape(refused.text)
