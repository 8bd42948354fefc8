"""Who may import what, and imports that would undo recorded work: refused before writing.

`ingest_file` is the one path every import takes (`siklus import`, a stage's inputs, the
rollout plan), so the member and role checks live there; responses are recorded only while
drafting runs, as `drafting.record_response` records them; an empty plan file does not wipe
the implementation plan.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.imports import ImportFileError
from policy.models import AuditEvent, Employee, ImportRecord, InputResponse, RolloutMilestone
from policy.services import cycle as cycle_service
from policy.services import drafting, rollout
from policy.services.common import NotFoundError, ServiceError
from policy.services.imports import IMPORTERS, KINDS, import_file
from tests.factories import make_org, write_file
from tests.policy.services.deadline_fixtures import implementation_running
from tests.policy.services.test_draft_versions_final import _approve, _submitted
from tests.policy.services.test_drafting import TANGGAPAN, _inputs, _running
from tests.policy.test_perwali import DRAFT

NIP = "196608011988031001"
PEGAWAI = f"nip;nama;jenis_asn;jabatan;unit_kerja\n{NIP};Ahmad;PNS;Analis;DUKCAPIL\n"


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_someone_not_a_member_imports_nothing(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path)
    path = write_file(tmp_path, "pegawai.csv", PEGAWAI)
    with pytest.raises(NotFoundError, match="'orang.luar' bukan anggota contoh"):
        import_file(session=session, organisation=org, kind="pegawai", path=path,
                    actor="orang.luar")  # fmt: skip
    assert count(session, Employee) == count(session, ImportRecord) == 0
    actions = session.exec(select(AuditEvent.action)).all()
    assert "data.imported" not in actions


def test_each_kind_is_imported_by_the_roles_that_run_its_stage(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path)
    path = write_file(tmp_path, "pegawai.csv", PEGAWAI)
    for who in ("sekda", "budi"):  # a leader, a forum organiser
        with pytest.raises(ServiceError, match=f"{who} tidak berwenang mengimpor data 'pegawai'"):
            import_file(session=session, organisation=org, kind="pegawai", path=path, actor=who)
    assert count(session, Employee) == 0
    result = import_file(session=session, organisation=org, kind="pegawai", path=path,
                         actor="kaban")  # fmt: skip  # a leader who is also an officer
    assert result.written == 1
    assert set(IMPORTERS) == set(KINDS)
    assert {k for k, roles in IMPORTERS.items() if "organiser" in roles} == {
        "kehadiran_forum",
        "masukan",
    }
    assert IMPORTERS["tanggapan"] == drafting.RESPONDERS


def test_responses_are_imported_only_by_responders_while_drafting_runs(
    session: Session, tmp_path: Path
) -> None:
    run_id, cyc = _running(session, tmp_path)
    _inputs(session, tmp_path, cyc)
    answers = write_file(tmp_path, "t.csv", TANGGAPAN)
    draft = write_file(tmp_path, "v1.md", DRAFT)
    drafting.ingest(session=session, run_id=run_id, inputs={"rancangan": draft}, actor="rina")

    def respond(actor: str) -> Any:
        return import_file(session=session, organisation="contoh", kind="tanggapan",
                           path=answers, actor=actor, cycle=cyc.number)  # fmt: skip

    with pytest.raises(ServiceError, match="budi tidak berwenang mengimpor data 'tanggapan'"):
        respond("budi")
    assert count(session, InputResponse) == 0
    assert respond("rina").written == 2


def test_responses_to_an_enacted_version_are_not_rewritten(
    session: Session, tmp_path: Path
) -> None:
    _submitted(session, tmp_path)
    _approve(session, as_of=date(2026, 4, 30), reason="Disetujui untuk ditetapkan.")
    before = [
        (r.input_id, r.version_id, r.disposition, r.response, r.responder)
        for r in session.exec(select(InputResponse).order_by(InputResponse.id))
    ]
    rewrite = write_file(tmp_path, "ulang.csv", "nomor;status;tanggapan\n1;ditolak;Ditolak.\n")
    with pytest.raises(ServiceError, match="Tahap penyusunan berstatus 'approved'"):
        import_file(session=session, organisation="contoh", kind="tanggapan", path=rewrite,
                    actor="rina")  # fmt: skip
    after = [
        (r.input_id, r.version_id, r.disposition, r.response, r.responder)
        for r in session.exec(select(InputResponse).order_by(InputResponse.id))
    ]
    assert after == before and before


def test_responses_before_drafting_began_are_refused(session: Session, tmp_path: Path) -> None:
    org = make_org(session, tmp_path)
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    answers = write_file(tmp_path, "t.csv", TANGGAPAN)
    with pytest.raises(NotFoundError, match="belum pernah dijalankan"):
        import_file(session=session, organisation=org, kind="tanggapan", path=answers,
                    actor="rina")  # fmt: skip
    assert count(session, InputResponse) == 0


def test_a_plan_file_with_no_milestone_leaves_the_plan_as_it_is(
    session: Session, tmp_path: Path
) -> None:
    implementation_running(session, tmp_path)
    path = tmp_path / "rencana.csv"
    path.write_text(
        "unit_kerja;tahap;target_tanggal\nPKM;SKP disusun;31/03/2026\nSETDA;Evaluasi;30/04/2026\n",
        encoding="utf-8",
    )
    rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                        actor="rina")  # fmt: skip
    assert count(session, RolloutMilestone) == 2
    path.write_text("unit_kerja;nama_unit;tahap;target_tanggal\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        rollout.import_plan(session=session, organisation="contoh", cycle=None, path=path,
                            actor="rina")  # fmt: skip
    assert "berkas rencana tidak berisi satu tahap pun; rencana implementasi tidak diubah" in str(
        err.value
    )
    assert count(session, RolloutMilestone) == 2
    with pytest.raises(ImportFileError):  # the same through `siklus import rencana`
        import_file(session=session, organisation="contoh", kind="rencana", path=path,
                    actor="rina", cycle=None)  # fmt: skip
    assert count(session, RolloutMilestone) == 2
