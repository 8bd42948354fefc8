"""The scheduled periodic evaluation: the period just closed, for every ready organisation."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from sqlmodel import select

from flows.evaluation import ScheduledParams, plan_evaluations_task, scheduled_evaluation_flow
from policy.db import session_scope
from policy.models import Document, RunStatus, Stage, StageRun
from policy.packs import load_pack
from policy.services import imports
from policy.settings import Settings
from tests.factories import MINI_PACK, make_org, run_pack_cycle


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
