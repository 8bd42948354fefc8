"""Drafting: the Perbandingan Versi per Pasal by stable id, and the final Peraturan on approval."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Decision, Document, DraftVersion, RunStatus, Stage, StageRun
from policy.services import cycle as cycle_service
from policy.services import drafting, review
from policy.services.common import ServiceError
from policy.services.cycle_board import cycle_board
from tests.factories import write_file
from tests.policy.services.test_drafting import _doc, _inputs, _produce, _running
from tests.policy.test_perwali import DRAFT
from tests.policy.test_redline import _renumbered_v2

SCRIPT = "<script>alert(1)</script> [x](javascript:alert(1))"
# v2: a Pasal inserted as Pasal 2 (the others move up one), old Pasal 3 (now 4) changed,
# old Pasal 6 (now 7) changed; the new Pasal holds untrusted text.
V2 = (
    _renumbered_v2()
    .replace("berlaku bagi seluruh Pegawai.", f"berlaku bagi seluruh Pegawai. {SCRIPT}")
    .replace("c. target.", "c. target waktu layanan.")
)
TANGGAPAN_V2 = """\
nomor;status;tanggapan;bagian_berubah
1;diterima;Diterima. Target waktu layanan ditambahkan.;Pasal 4 ayat (2)
2;tidak diterima;Tidak diterima; data pribadi.;
3;diterima;Diterima. Ruang lingkup ditegaskan dalam Pasal baru.;Pasal 2
"""
# v3: Pasal 4 changed again, for input 2; input 1's answer is carried over unchanged.
V3 = V2.replace(
    "(1) SKP disusun paling lambat 31 Januari.", "(1) SKP disusun paling lambat 15 Januari."
)
TANGGAPAN_V3 = """\
nomor;status;tanggapan;bagian_berubah
1;diterima;Diterima. Target waktu layanan ditambahkan.;Pasal 4 ayat (2)
2;diterima sebagian;Diterima sebagian: batas waktu SKP dimajukan.;Pasal 5
3;diterima;Diterima. Ruang lingkup ditegaskan dalam Pasal baru.;Pasal 2
"""


def _two_versions(session: Session, tmp_path: Path) -> tuple[int, Any]:
    run_id, cyc = _running(session, tmp_path)
    _inputs(session, tmp_path, cyc)
    drafting.ingest(
        session=session,
        run_id=run_id,
        inputs={"rancangan": write_file(tmp_path, "v1.md", DRAFT)},
        actor="rina",
    )
    drafting.ingest(
        session=session,
        run_id=run_id,
        inputs={
            "rancangan": write_file(tmp_path, "v2.md", V2),
            "tanggapan": write_file(tmp_path, "t2.csv", TANGGAPAN_V2),
        },
        actor="rina",
    )
    return run_id, cyc


def test_renumbered_pasal_are_not_changed_and_inputs_are_linked(
    session: Session, tmp_path: Path
) -> None:
    run_id, _cyc = _two_versions(session, tmp_path)
    out = _produce(session, run_id, ("id", "en"))
    # v1 Pasal 1–6; v2 Pasal 1–7: Pasal 2 new, old 2–6 now 3–7; old 3 and old 6 changed.
    assert out.summary["comparison"] == {
        "versions": [1, 2],
        "added": 1,
        "removed": 0,
        "changed": 2,
        "renumbered": 5,
        "unchanged": 4,
    }
    keys = [d.key for d in out.documents]
    assert keys.count("perbandingan-versi-v1-v2") == 2
    md, html = _doc(out, "perbandingan-versi-v1-v2")
    for row in (
        "| Pasal 1 | Pasal 1 | tidak berubah | – |",
        "| – | Pasal 2 | ditambahkan | no. 3 |",
        "| Pasal 2 | Pasal 3 | tidak berubah, nomor bergeser | – |",
        "| Pasal 3 | Pasal 4 | diubah, nomor bergeser | no. 1 |",
        "| Pasal 4 | Pasal 5 | tidak berubah, nomor bergeser | – |",
        "| Pasal 5 | Pasal 6 | tidak berubah, nomor bergeser | – |",
        "| Pasal 6 | Pasal 7 | diubah, nomor bergeser | – |",
    ):
        assert row in md, row
    assert "### Pasal 4 (semula Pasal 3)" in md and "### Pasal 2 (Pasal baru)" in md
    assert "### Pasal 5" not in md  # unchanged Pasal are listed, not shown
    assert "&emsp;" not in md
    assert "c. ~~target.~~ **target waktu layanan.**" in md
    assert "- No. 1 (diterima; forum F1, putaran 1; bagian yang dituju: Pasal 3 ayat (2))" in md
    assert "Tidak ada masukan yang tercatat sebagai dasar perubahan Pasal ini." in md
    assert "<s>target.</s> <strong>target waktu layanan.</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    en, _ = _doc(out, "perbandingan-versi-v1-v2", "en")
    assert "### Article 4 (formerly Article 3)" in en
    assert "| Article 3 | Article 4 | changed, renumbered | no. 1 |" in en
    assert "- No. 1 (accepted; forum F1, round 1; part addressed: Pasal 3 ayat (2))" in en


def test_first_version_has_no_comparison(session: Session, tmp_path: Path) -> None:
    run_id, _cyc = _running(session, tmp_path)
    drafting.ingest(
        session=session,
        run_id=run_id,
        inputs={"rancangan": write_file(tmp_path, "v1.md", DRAFT)},
        actor="rina",
    )
    out = _produce(session, run_id)
    assert "comparison" not in out.summary
    assert not any(d.key.startswith("perbandingan") for d in out.documents)


def test_an_answer_carried_into_a_later_version_claims_no_new_change(
    session: Session, tmp_path: Path
) -> None:
    run_id, _cyc = _two_versions(session, tmp_path)
    drafting.ingest(
        session=session,
        run_id=run_id,
        inputs={
            "rancangan": write_file(tmp_path, "v3.md", V3),
            "tanggapan": write_file(tmp_path, "t3.csv", TANGGAPAN_V3),
        },
        actor="rina",
    )
    out = _produce(session, run_id)
    assert out.summary["comparison"]["versions"] == [2, 3]
    assert out.summary["comparison"]["changed"] == 1
    md, _ = _doc(out, "perbandingan-versi-v2-v3")
    # Pasal 5 changed for input 2; input 1 named Pasal 4 for v2 already: not listed again.
    assert "| Pasal 5 | Pasal 5 | diubah | no. 2 |" in md
    assert "| Pasal 4 | Pasal 4 | tidak berubah | – |" in md
    matrix, _ = _doc(out, "matriks-tanggapan")
    assert "| Pasal 4 ayat (2) (versi 2) |" in matrix
    assert "| Pasal 5 (versi 3) |" in matrix
    assert "| Pasal 2 (versi 2) |" in matrix


# ----------------------------------------------------------------- the final Peraturan


def _submitted(session: Session, tmp_path: Path, locales: tuple[str, ...] = ("id", "en")) -> Any:
    run_id, cyc = _two_versions(session, tmp_path)
    out = _produce(session, run_id, locales)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    return run_id, cyc


def _approve(session: Session, **kw: Any) -> None:
    review.decide(
        session=session,
        organisation="contoh",
        cycle=None,
        stage=Stage.DRAFTING,
        reviewer="sekda",
        decision=kw.pop("decision", Decision.APPROVE),
        **kw,
    )


def test_approval_makes_the_latest_version_final_and_publishes_the_peraturan(
    session: Session, tmp_path: Path
) -> None:
    run_id, cyc = _submitted(session, tmp_path)
    _approve(session, as_of=date(2026, 4, 30), reason="Disetujui untuk ditetapkan.")
    v1, v2 = session.exec(select(DraftVersion).order_by(col(DraftVersion.number))).all()
    assert (v1.final_on, v1.final_by) == (None, None)
    assert (v2.final_on, v2.final_by) == (date(2026, 4, 30), "sekda")
    docs = session.exec(select(Document).where(Document.key == "peraturan")).all()
    assert sorted(d.locale for d in docs) == ["en", "id"]
    assert all(d.stage_run_id == run_id and d.created_by == "sekda" for d in docs)
    md = next(d for d in docs if d.locale == "id").md_file.read_text(encoding="utf-8")
    assert md.startswith("# PERATURAN WALI KOTA CONTOH\n\n# NOMOR … TAHUN 2026\n")
    assert "RANCANGAN" not in md and "NIP" not in md
    assert "## BAB II\n\n## PERENCANAAN KINERJA\n" in md
    assert "#### Pasal 7\n" in md and "target waktu layanan" in md
    assert "Ditetapkan di Contoh\\\npada tanggal 30 April 2026" in md
    assert "WALI KOTA CONTOH,\n\n&nbsp;\n\nAHMAD FAUZI\n" in md
    assert "Diundangkan di Contoh\\\npada tanggal …" in md
    assert "BERITA DAERAH KOTA CONTOH TAHUN … NOMOR …" in md
    en = next(d for d in docs if d.locale == "en").md_file.read_text(encoding="utf-8")
    assert en.startswith("# REGULATION OF THE MAYOR OF CONTOH\n\n# NUMBER … OF 2026\n")
    assert "Enacted in Contoh\\\non 30 April 2026" in en
    assert "on 30 April 2026\n\nMAYOR OF CONTOH,\n\n&nbsp;\n\nAHMAD FAUZI\n" in en
    assert "Promulgated in Contoh\\\non …\n\nREGIONAL SECRETARY OF THE CITY OF CONTOH,\n" in en
    assert "WALI KOTA CONTOH" not in en and "SEKRETARIS DAERAH" not in en
    final = session.exec(select(AuditEvent).where(AuditEvent.action == "draft.version_final")).one()
    assert final.actor == "sekda" and final.payload["version"] == 2
    assert final.payload["enacted_on"] == "2026-04-30"
    approved = session.exec(select(AuditEvent).where(AuditEvent.action == "stage.approved")).all()
    assert approved[-1].payload["effects"]["final_version"] == 2
    board = cycle_board(session=session, organisation="contoh", cycle=None)
    row = next(r for r in board.rows if r.stage == Stage.DRAFTING)
    assert any(title.startswith("Peraturan") for _id, title, _p in row.documents)
    assert cyc.id is not None


def test_lowercase_bab_titles_are_capitalised_in_the_peraturan(
    session: Session, tmp_path: Path
) -> None:
    run_id, _cyc = _running(session, tmp_path)
    warned = DRAFT.replace("## BAB III KETENTUAN PENUTUP", "## BAB III Ketentuan Penutup")
    drafting.ingest(
        session=session,
        run_id=run_id,
        inputs={"rancangan": write_file(tmp_path, "v1.md", warned)},
        actor="rina",
    )
    out = _produce(session, run_id)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    _approve(session, as_of=date(2026, 5, 4))
    doc = session.exec(select(Document).where(Document.key == "peraturan")).one()
    md = doc.md_file.read_text(encoding="utf-8")
    assert "## KETENTUAN PENUTUP" in md and doc.locale == "id"
    assert "pada tanggal 4 Mei 2026" in md


def test_returning_the_draft_makes_nothing_final(session: Session, tmp_path: Path) -> None:
    _submitted(session, tmp_path)
    _approve(session, decision=Decision.RETURN, reason="Perlu dibahas lagi dengan tim penyusun.")
    assert session.exec(select(Document).where(Document.key == "peraturan")).all() == []
    assert all(v.final_on is None for v in session.exec(select(DraftVersion)))


def test_approval_of_a_version_that_is_not_the_latest_is_refused_whole(
    session: Session, tmp_path: Path
) -> None:
    run_id, _cyc = _two_versions(session, tmp_path)
    _produce(session, run_id)
    # Submitted with the summary of version 1, while version 2 is the latest.
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={"version": 1})
    with pytest.raises(
        ServiceError, match="diajukan dengan rancangan versi 1, tetapi versi terbaru"
    ):
        _approve(session)
    run = session.exec(select(StageRun).where(StageRun.stage == Stage.DRAFTING)).one()
    session.refresh(run)
    assert run.status == RunStatus.IN_REVIEW
    assert all(v.final_on is None for v in session.exec(select(DraftVersion)))
    assert session.exec(select(Document).where(Document.key == "peraturan")).all() == []
    actions = session.exec(select(AuditEvent.action)).all()
    assert "stage.approved" not in actions and "draft.version_final" not in actions
