"""Flows: stage runs are linked to Prefect runs, publish artifacts, stop at gates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from flows.common import StageParams
from flows.cycle import CycleParams, cycle_flow
from flows.needs_analysis import needs_analysis_flow
from policy.db import session_scope
from policy.models import Decision, Document, DraftVersion, ForumInput, RunStatus, Stage, StageRun
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, review
from policy.settings import Settings
from policy.stages import STAGE_ORDER
from tests.factories import submit_portal_inputs

OFFICER, LEADER = "rahmi.oktavia", "syahrul.anwar"
PERIOD = "2026-TW3"
AS_OF = {
    Stage.NEEDS_ANALYSIS: date(2026, 2, 16),
    Stage.FORUMS: date(2026, 3, 24),
    Stage.DRAFTING: date(2026, 4, 20),
    Stage.SOCIALISATION: date(2026, 6, 30),
    Stage.IMPLEMENTATION: date(2026, 9, 30),
    Stage.EVALUATION: date(2026, 10, 15),
}


@pytest.fixture
def demo_org(settings: Settings) -> Path:
    loaded = load_pack(settings.packs_dir / "sawahlunto.yaml")
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor="admin")
        imports.import_file(
            session=s,
            organisation="sawahlunto",
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=OFFICER,
        )
        cycle_service.open_cycle(session=s, organisation="sawahlunto", actor=OFFICER)
    return loaded.path.parent


def _inputs(stage: Stage) -> dict[str, str]:
    loaded = load_pack(Path(__file__).resolve().parents[2] / "packs" / "sawahlunto.yaml")
    return {k: str(loaded.demo_file(stage.value, k)) for k in loaded.pack.demo.get(stage.value, {})}


def test_stage_flow_links_run_documents_and_artifact(demo_org: Path) -> None:
    from prefect.artifacts import Artifact

    outcome = needs_analysis_flow(
        StageParams(
            organisation="sawahlunto",
            actor=OFFICER,
            inputs=_inputs(Stage.NEEDS_ANALYSIS),
            as_of=AS_OF[Stage.NEEDS_ANALYSIS],
        )
    )
    assert outcome.status == "in_review" and outcome.documents
    with session_scope() as s:
        run = s.exec(select(StageRun)).one()
        docs = s.exec(select(Document).where(Document.stage_run_id == run.id)).all()
    assert run.status == RunStatus.IN_REVIEW and run.flow_run_id
    assert docs and all(d.flow_run_id == run.flow_run_id for d in docs)
    assert docs[0].html_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    artifact = Artifact.get("sawahlunto-c1-needs-analysis")
    assert artifact is not None and "Laporan Analisis Kebutuhan" in str(artifact.data)


def test_failed_stage_is_marked_failed_and_can_rerun(demo_org: Path, tmp_path: Path) -> None:
    bad = tmp_path / "pengaduan.csv"
    bad.write_text(
        "tanggal;unit_kerja;kategori;waktu_respons_jam;status\n31/02/2025;RSUD;x;1;selesai\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="baris 2"):
        needs_analysis_flow(
            StageParams(organisation="sawahlunto", actor=OFFICER, inputs={"pengaduan": str(bad)})
        )
    with session_scope() as s:
        run = s.exec(select(StageRun)).one()
    assert run.status == RunStatus.FAILED and "baris 2" in (run.error or "")
    outcome = needs_analysis_flow(
        StageParams(organisation="sawahlunto", actor=OFFICER, inputs=_inputs(Stage.NEEDS_ANALYSIS))
    )
    assert outcome.attempt == 2 and outcome.status == "in_review"


def test_stage_outcome_carries_the_import_warnings(demo_org: Path, tmp_path: Path) -> None:
    from flows.forums import forums_flow

    with session_scope() as s:
        cycle_service.override_gate(session=s, organisation="sawahlunto", cycle=None,
                                    stage=Stage.FORUMS, leader=LEADER,
                                    reason="Uji peringatan impor masukan.")  # fmt: skip
    masukan = tmp_path / "masukan.csv"
    masukan.write_text(
        "forum;nama;instansi;kelompok;bagian;masukan\nF1;Andi;BKPSDM;asn;Pasal 99;Tambah pasal.\n",
        encoding="utf-8",
    )
    inputs = {**_inputs(Stage.FORUMS), "masukan": str(masukan)}
    outcome = forums_flow(
        StageParams(organisation="sawahlunto", actor=OFFICER, inputs=inputs,
                    as_of=AS_OF[Stage.FORUMS])
    )  # fmt: skip
    assert outcome.status == "in_review"
    assert outcome.warnings == [
        "masukan (masukan.csv): baris 2: bagian 'Pasal 99' tidak ada di rancangan versi 1 yang "
        "dikonsultasikan forum F1; masukan tetap dicatat sebagai masukan umum"
    ]
    with session_scope() as s:
        item = s.exec(select(ForumInput)).one()
    assert (item.section_ref, item.section_sid) == ("Pasal 99", "")


def _approve_minutes(round_: int) -> None:
    """The organiser's and a leader's approval of the closed forums of a round."""
    from policy.models import Forum
    from policy.services import forum_minutes

    with session_scope() as s:
        forums = s.exec(select(Forum).where(Forum.round == round_, Forum.status == "closed")).all()
        for forum in forums:
            for who in ("fadhli.rahman", LEADER):
                forum_minutes.approve_minutes(
                    session=s, organisation=None, cycle=None, code=forum.code, actor=who
                )


def test_whole_cycle_runs_to_each_gate_and_through(demo_org: Path) -> None:
    """Two consultation rounds: drafting v2 is returned to the forums, v3 is approved."""
    loaded = load_pack(demo_org / "sawahlunto.yaml")

    def go(stage_inputs: dict[Stage, dict[str, str]] | None = None) -> str:
        out = cycle_flow(
            CycleParams(
                organisation="sawahlunto",
                actor=OFFICER,
                period=PERIOD,
                as_of=AS_OF,
                max_stages=1,
                inputs=stage_inputs or {s: _inputs(s) for s in STAGE_ORDER},
            )
        )
        return out.state

    def decide(stage: Stage, decision: Decision = Decision.APPROVE, **kw: object) -> None:
        with session_scope() as s:
            review.decide(
                session=s,
                organisation=None,
                cycle=None,
                stage=stage,
                reviewer=LEADER,
                decision=decision,
                period=PERIOD if stage == Stage.EVALUATION else "",
                **kw,  # type: ignore[arg-type]
            )

    round2 = {
        stage: {k: str(v) for k, v in loaded.demo_files(stage.value, 2).items()}
        for stage in (Stage.FORUMS, Stage.DRAFTING)
    }
    for stage in STAGE_ORDER:
        if stage == Stage.DRAFTING:
            # Minutes count only once the organiser and a leader approved them: until then
            # they hold the gate to drafting.
            assert go() == "blocked"
            _approve_minutes(1)
            assert go() == "in_review"
            decide(
                stage,
                Decision.RETURN,
                back_to=Stage.FORUMS,
                reason="Rancangan versi 2 perlu konsultasi putaran kedua.",
            )
            with session_scope() as s:  # part of round 2's input comes through the portal
                assert submit_portal_inputs(s, loaded, "sawahlunto", OFFICER, 2) == [25, 26, 27]
            assert go(round2) == "in_review"  # the forums of round 2
            decide(Stage.FORUMS)
            assert go(round2) == "blocked"
            _approve_minutes(2)
        state = go(round2 if stage == Stage.DRAFTING else None)
        if state == "blocked":
            assert stage == Stage.IMPLEMENTATION  # the demo's coverage gap holds this gate
            with session_scope() as s:
                cycle_service.override_gate(
                    session=s,
                    organisation=None,
                    cycle=None,
                    stage=stage,
                    leader=LEADER,
                    reason="Sosialisasi susulan dijadwalkan bersamaan.",
                )
            state = go()
        assert state == "in_review", stage
        decide(stage, as_of=date(2026, 4, 30) if stage == Stage.DRAFTING else None)
    with session_scope() as s:
        runs = s.exec(select(StageRun)).all()
        docs = s.exec(select(Document)).all()
        versions = s.exec(select(DraftVersion).order_by(DraftVersion.number)).all()
        inputs = s.exec(select(ForumInput)).all()
    assert sorted(r.stage for r in runs) == sorted(s.value for s in STAGE_ORDER)
    assert all(r.status == RunStatus.APPROVED and r.flow_run_id for r in runs)
    assert {d.stage_run_id for d in docs} == {r.id for r in runs}
    assert [(v.number, v.final_on) for v in versions] == [
        (1, None),
        (2, None),
        (3, date(2026, 4, 30)),
    ]
    keys = {d.key for d in docs}
    assert {"peraturan", "perbandingan-versi-v1-v2", "perbandingan-versi-v2-v3"} <= keys
    assert len(inputs) == 33
    matrix = max((d for d in docs if d.key == "matriks-tanggapan"), key=lambda d: d.version)
    text = matrix.md_file.read_text(encoding="utf-8")
    assert "Tercatat 33 masukan dari 2 putaran konsultasi; 33 di antaranya telah ditanggapi" in text
    assert go() == "done"


def test_evaluation_flow_reads_its_inputs_ahead_in_a_helper_process(
    demo_org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a flow run (Prefect's threads alive) a forked reader gives rows and errors."""
    import os

    from flows.evaluation import evaluation_flow
    from policy import readahead
    from policy.imports import RowStream
    from policy.models import EkinerjaRating, SkmResponse
    from policy.settings import get_settings

    if not readahead.available():
        pytest.skip("reading ahead needs Linux, fork and two cores")
    monkeypatch.setenv("SIKLUS_IMPORT_READER", "process")
    get_settings.cache_clear()
    readers = tmp_path / "readers"
    original = RowStream._read_plain

    def noting_pid(self: RowStream) -> object:
        with readers.open("a") as handle:
            handle.write(f"{self.kind} {os.getpid()}\n")
        return original(self)

    monkeypatch.setattr(RowStream, "_read_plain", noting_pid)
    with session_scope() as s:
        cycle_service.override_gate(session=s, organisation="sawahlunto", cycle=None,
                                    stage=Stage.EVALUATION, leader=LEADER, period=PERIOD,
                                    reason="Uji pembaca berkas di proses pembantu.")  # fmt: skip
    inputs = _inputs(Stage.EVALUATION)
    skm = Path(inputs["skm"]).read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "skm.csv"
    cells = skm[-1].split(";")
    cells[2] = "9"  # u1 on a scale of 1 to 4
    bad.write_text("\n".join([*skm, ";".join(cells)]) + "\n", encoding="utf-8")
    params = StageParams(
        organisation="sawahlunto",
        actor=OFFICER,
        period=PERIOD,
        as_of=AS_OF[Stage.EVALUATION],
        inputs={**inputs, "skm": str(bad)},
    )
    with pytest.raises(Exception, match=f"baris {len(skm) + 1}, kolom 'u1'"):
        evaluation_flow(params)
    with session_scope() as s:
        assert s.exec(select(SkmResponse)).first() is None  # nothing of the bad file kept
    outcome = evaluation_flow(params.model_copy(update={"inputs": inputs}))
    assert outcome.status == "in_review"
    with session_scope() as s:
        rated = len(s.exec(select(EkinerjaRating)).all())
        responses = len(s.exec(select(SkmResponse)).all())
    assert (rated, responses) == (
        len(Path(inputs["ekinerja"]).read_text(encoding="utf-8").splitlines()) - 1,
        len(skm) - 1,
    )
    kinds = [line.split() for line in readers.read_text().splitlines()]
    assert {kind for kind, _ in kinds} >= {"ekinerja", "skm"}
    assert all(int(pid) != os.getpid() for _, pid in kinds)
