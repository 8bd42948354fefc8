"""The scheduled periodic evaluation: the period just closed, for every ready organisation."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from flows.evaluation import ScheduledParams, plan_evaluations_task, scheduled_evaluation_flow
from policy.db import session_scope
from policy.models import Document, EvaluationScore, RunStatus, Stage, StageRun
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import imports
from policy.services.common import get_cycle, get_org
from policy.settings import Settings
from tests.factories import MINI_PACK, make_org, run_pack_cycle, write_file
from tests.policy.services.test_evaluation import B_DUK, EKINERJA, KADIS, SB_DUK
from tests.policy.services.test_schedule import FRAMEWORK_360, implementation_approved, org


def test_scheduled_evaluation_runs_ready_organisations_and_skips_the_rest(
    settings: Settings, tmp_path: Path
) -> None:
    loaded = load_pack(settings.packs_dir / "sorong.yaml")
    with session_scope() as s:
        run_pack_cycle(s, "sorong", until=Stage.IMPLEMENTATION)
        for kind, name in (("penilaian_360", "penilaian"), ("skm", "skm")):
            imports.import_file(
                session=s,
                organisation="sorong",
                kind=kind,
                actor="yuliana.kambu",
                path=loaded.demo_file("evaluation@2026-TW3", name),
            )
        other = copy.deepcopy(MINI_PACK)
        make_org(s, tmp_path, other)
    params = ScheduledParams(today=date(2026, 10, 5))
    # The plan as a task body, without the engine.
    plan = plan_evaluations_task.fn(params.today, [])
    assert [(p.organisation, p.period, p.action) for p in plan] == [
        ("contoh", "2026-TW3", "skip"),
        ("sorong", "2026-TW3", "run"),
    ]
    assert plan[0].reason == "tidak ada siklus kebijakan yang aktif"

    outcome = scheduled_evaluation_flow(params)
    assert [(r.organisation, r.period) for r in outcome.ran] == [("sorong", "2026-TW3")]
    assert [r.organisation for r in outcome.skipped] == ["contoh"] and outcome.failed == []
    with session_scope() as s:
        run = s.exec(select(StageRun).where(StageRun.period == "2026-TW3")).one()
        assert run.status == RunStatus.IN_REVIEW and run.started_by == "yuliana.kambu"
        assert run.flow_run_id
        keys = {d.key for d in s.exec(select(Document).where(Document.stage_run_id == run.id))}
    assert "laporan-evaluasi-2026-tw3" in keys and "lembar-unit-disdukcapil-2026-tw3" in keys
    # A second run the same day finds the period evaluated and skips it.
    again = scheduled_evaluation_flow(params)
    assert again.ran == [] and "sudah ada (status in_review)" in again.skipped[-1].reason


def test_schedule_evaluates_the_cycle_in_force_once_its_primary_data_arrived(
    settings: Settings, tmp_path: Path
) -> None:
    head = "periode;nip;sumber;penilai;aspek;nilai\n"
    aspects = ("disiplin", "kontribusi")
    with session_scope() as s:
        # 'lama': cycle 1 in force, a revision (cycle 2) opened before the period closed.
        lama = org(s, tmp_path / "lama", "lama")
        implementation_approved(s, lama)
        imports.import_file(session=s, organisation=lama, kind="ekinerja", actor="rina",
                            path=write_file(tmp_path, "ekinerja.csv", EKINERJA))  # fmt: skip
        cycle_service.open_cycle(session=s, organisation=lama, actor="rina")
        # 'nilai': weighted 360; only the self-assessments are in so far.
        nilai = org(s, tmp_path / "nilai", "nilai", framework="weighted_360",
                    weighted_360=FRAMEWORK_360)  # fmt: skip
        implementation_approved(s, nilai)
        own = "".join(f"2026-TW3;{n};diri;;{a};4\n" for n in (SB_DUK, B_DUK) for a in aspects)
        imports.import_file(session=s, organisation=nilai, kind="penilaian_360", actor="rina",
                            path=write_file(tmp_path, "diri.csv", head + own))  # fmt: skip
    params = ScheduledParams(today=date(2026, 10, 5))
    outcome = scheduled_evaluation_flow(params)
    assert [(r.organisation, r.cycle, r.period) for r in outcome.ran] == [("lama", 1, "2026-TW3")]
    (skipped,) = outcome.skipped
    assert skipped.organisation == "nilai" and "baru ada 4 penilaian diri" in skipped.reason
    with session_scope() as s:
        run = s.exec(select(StageRun).where(StageRun.period == "2026-TW3")).one()
        assert (run.cycle_id, run.status) == (cycle_of(s, "lama", 1), RunStatus.IN_REVIEW)
        # The supervisors' ratings arrive; the next day's schedule rates the employees.
        boss = "".join(f"2026-TW3;{n};atasan;{KADIS};{a};5\n" for n in (SB_DUK, B_DUK)
                       for a in aspects)  # fmt: skip
        imports.import_file(session=s, organisation="nilai", kind="penilaian_360", actor="rina",
                            path=write_file(tmp_path, "atasan.csv", head + boss))  # fmt: skip
    later = scheduled_evaluation_flow(ScheduledParams(today=date(2026, 10, 6)))
    assert [(r.organisation, r.cycle) for r in later.ran] == [("nilai", 1)]
    with session_scope() as s:
        scored = s.exec(select(EvaluationScore.nip)).all()
    assert sorted(scored) == sorted([SB_DUK, B_DUK])


def cycle_of(session: Session, code: str, number: int) -> int | None:
    return get_cycle(session, get_org(session, code), number).id
