"""`siklus forum approve-minutes` and `siklus review approve --as-of` (plain service calls)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from policy.models import MinutesApproval, Stage
from policy.packs import load_pack
from policy.settings import Settings
from tests.siklus.test_cli import run

OFFICER, ORGANISER, LEADER = "rahmi.oktavia", "fadhli.rahman", "syahrul.anwar"


@pytest.fixture
def closed(settings: Settings) -> Path:
    """The demo pack loaded, forums F1 and F2 closed with their minutes (forums running)."""
    from policy.db import session_scope
    from policy.services import cycle as cycle_service
    from policy.services import forums, imports

    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    loaded = load_pack(settings.packs_dir / "sawahlunto.yaml")
    with session_scope() as s:
        imports.import_file(
            session=s,
            organisation=None,
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=OFFICER,
        )
        cycle_service.open_cycle(session=s, organisation=None, actor=OFFICER)
        cycle_service.override_gate(
            session=s,
            organisation=None,
            cycle=None,
            stage=Stage.FORUMS,
            leader=LEADER,
            reason="Uji persetujuan notulen lewat CLI.",
        )
        ref = cycle_service.begin_stage(
            session=s, organisation=None, cycle=None, stage=Stage.FORUMS, actor=OFFICER
        )
        forums.ingest(
            session=s, run_id=ref.run_id, inputs=loaded.demo_files("forums"), actor=OFFICER
        )
    return settings.data_dir


def test_approve_minutes_by_organiser_then_leader(closed: Path) -> None:
    code, out = run("forum", "approve-minutes", "F1", "--as", ORGANISER, "--as-of", "2026-03-12")
    assert code == 0, out
    assert "Notulen forum F1 disetujui fadhli.rahman sebagai penyelenggara (12 Maret 2026)." in out
    assert "Masih menunggu persetujuan pimpinan." in out
    code, out = run("forum", "approve-minutes", "F1", "--as", ORGANISER)
    assert code == 0 and "tidak ada perubahan" in out
    code, out = run("forum", "approve-minutes", "F1", "--as", "yessi.ramadhani")
    assert code == 1 and "sudah disetujui sebagai penyelenggara oleh fadhli.rahman" in out
    code, out = run("forum", "approve-minutes", "F1", "--as", OFFICER)
    assert code == 1 and "tidak berwenang menyetujui notulen" in out
    code, out = run("forum", "approve-minutes", "F1", "--as", LEADER, "--role", "kepala")
    assert code == 1 and "--role harus organiser atau leader" in out
    code, out = run("forum", "approve-minutes", "F1", "--as", LEADER, "--as-of", "2026-03-13")
    assert code == 0, out
    assert "kini berlaku" in out
    assert "Diterbitkan versi baru" not in out  # the forums run has published nothing yet
    from policy.db import session_scope

    with session_scope() as s:
        rows = s.exec(select(MinutesApproval.role, MinutesApproval.username)).all()
    assert sorted(rows) == [("leader", LEADER), ("organiser", ORGANISER)]


def test_second_approval_lists_the_documents_it_republishes(closed: Path) -> None:
    from policy.db import session_scope
    from policy.models import Document, StageRun
    from policy.services import cycle as cycle_service
    from policy.services import forums

    with session_scope() as s:
        run_id = s.exec(select(StageRun.id).where(StageRun.stage == Stage.FORUMS)).one()
        made = forums.produce(
            session=s, run_id=run_id, actor=OFFICER, as_of=date(2026, 3, 24), locales=("id",)
        )
        cycle_service.submit_stage(session=s, run_id=run_id, actor=OFFICER, summary=made.summary)
    run("forum", "approve-minutes", "F1", "--as", ORGANISER, "--as-of", "2026-03-25")
    code, out = run("forum", "approve-minutes", "F1", "--as", LEADER, "--as-of", "2026-03-26")
    assert code == 0, out
    with session_scope() as s:
        new = s.exec(select(Document).where(Document.version == 2)).all()
        listed = {d.key: f"#{d.id} {d.title} ({d.locale})" for d in new}
    assert sorted(listed) == ["notulen-F1", "rekapitulasi-masukan"]
    text = " ".join(out.split())
    assert "Diterbitkan versi baru yang memuat persetujuannya: " in text
    assert listed["rekapitulasi-masukan"] in text and listed["notulen-F1"] in text


def test_approve_minutes_of_an_unknown_forum(closed: Path) -> None:
    code, out = run("forum", "approve-minutes", "F9", "--as", ORGANISER)
    assert code == 1 and "Forum 'F9' tidak ada" in out and "F1, F2" in out


def test_forum_plan_plans_the_rounds_forums_once(settings: Settings) -> None:
    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    code, out = run("forum", "plan", "--as", ORGANISER)
    assert code == 0, out
    assert "Forum F1 (putaran 1) direncanakan" in out and "Forum F2 (putaran 1)" in out
    assert "F3" not in out and "siklus portal links" in out
    code, out = run("forum", "plan", "--as", ORGANISER)
    assert code == 0 and "sudah direncanakan" in out
    code, out = run("forum", "plan", "--as", LEADER)
    assert code == 1 and "tidak berwenang" in out


def test_import_warns_of_a_pasal_the_draft_does_not_hold(closed: Path, tmp_path: Path) -> None:
    late = tmp_path / "masukan_susulan.csv"
    late.write_text(
        "forum;nama;instansi;kelompok;bagian;masukan\n"
        "F1;Andi;BKPSDM;asn;Pasal 5;Sudah tepat.\n"
        "F1;Budi;BKPSDM;asn;Pasal 99 [bold]baru[/bold];Tambahkan pasal.\n",
        encoding="utf-8",
    )
    code, out = run("import", "masukan", str(late), "--as", OFFICER)
    assert code == 0, out
    assert "2 baris diperiksa, 2 ditulis." in out
    # the label is printed as written, not read as console markup
    assert (
        "Peringatan: baris 3: bagian 'Pasal 99 [bold]baru[/bold]' tidak ada di rancangan versi 1 "
        "yang dikonsultasikan forum F1; masukan tetap dicatat sebagai masukan umum"
        in " ".join(out.split())
    )
