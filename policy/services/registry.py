"""The stage services by stage, each exposing `INPUTS`, `ingest` and `produce`.

Layer: domain services.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, cast

from sqlmodel import Session

from policy.locale import Locale
from policy.models import Stage
from policy.services.stagework import InputSpec, StageOutput, check_inputs


class StageService(Protocol):
    """What a stage service module provides."""

    INPUTS: dict[str, InputSpec]

    def ingest(
        self,
        *,
        session: Session,
        run_id: int,
        inputs: Mapping[str, Path],
        actor: str,
        as_of: date | None = None,
    ) -> dict[str, Any]:
        """Import the stage's input files (one transaction).

        Records may be dated up to today, or up to `as_of` when the run speaks for a
        later day (`policy.services.import_target.import_day`).
        """

    def produce(
        self,
        *,
        session: Session,
        run_id: int,
        actor: str,
        flow_run_id: str | None = None,
        locales: tuple[Locale, ...] = ("id",),
        as_of: date | None = None,
    ) -> StageOutput:
        """Compute the stage's results and publish its documents (one transaction)."""


def check_stage_inputs(
    stage: Stage, inputs: Mapping[str, str | Path], *, require: bool = True
) -> None:
    """Refuse unknown input names, missing files (and, if `require`, missing inputs) up front.

    The stage's `ingest` checks the same inside its flow; checking before the flow starts
    means a typo or a missing file leaves no failed run and no audit events behind.
    """
    check_inputs(
        stage_service(stage).INPUTS,
        {name: Path(path) for name, path in inputs.items()},
        stage,
        require=require,
    )


def stage_service(stage: Stage) -> StageService:
    """The service module of `stage`."""
    from policy.services import (
        drafting,
        evaluation,
        forums,
        implementation,
        needs_analysis,
        socialisation,
    )

    modules: dict[Stage, ModuleType] = {
        Stage.NEEDS_ANALYSIS: needs_analysis,
        Stage.FORUMS: forums,
        Stage.DRAFTING: drafting,
        Stage.SOCIALISATION: socialisation,
        Stage.IMPLEMENTATION: implementation,
        Stage.EVALUATION: evaluation,
    }
    return cast(StageService, modules[stage])
