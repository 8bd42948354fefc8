"""Running stage and cycle flows from the CLI on the configured Prefect API.

Layer: shell over `flows`. With no `PREFECT_API_URL`, Prefect starts its temporary
local API once per process; nothing here imports Prefect until a flow must run.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from policy.db import session_scope
from policy.models import Stage
from policy.services.common import get_org
from policy.services.registry import check_stage_inputs
from siklus.prefect_env import configure_prefect

if TYPE_CHECKING:
    from flows.common import StageOutcome
    from flows.cycle import CycleOutcome


def _org_code(organisation: str | None) -> str:
    with session_scope() as session:
        return get_org(session, organisation).code


def run_stage(
    *,
    stage: Stage,
    organisation: str | None,
    cycle: int | None,
    actor: str,
    period: str = "",
    inputs: dict[str, str] | None = None,
    as_of: date | None = None,
    locales: list[str] | None = None,
    takeover: bool = False,
) -> StageOutcome:
    """Run one stage flow and return its outcome (raises what the stage raised).

    The input names and files are checked before anything is recorded or Prefect starts.
    """
    check_stage_inputs(stage, inputs or {})
    code = _org_code(organisation)
    configure_prefect()
    from flows.common import StageParams
    from flows.cycle import STAGE_FLOWS
    from siklus.prefect_env import flow_settings

    params = StageParams.model_validate(
        {
            "organisation": code,
            "cycle": cycle,
            "actor": actor,
            "period": period,
            "inputs": inputs or {},
            "as_of": as_of,
            "locales": locales or ["id"],
            "takeover": takeover,
        }
    )
    with flow_settings():
        return STAGE_FLOWS[stage](params)


def run_cycle(
    *,
    organisation: str | None,
    cycle: int | None,
    actor: str,
    inputs: dict[Stage, dict[str, str]] | None = None,
    as_of: dict[Stage, date] | None = None,
    period: str = "",
    locales: list[str] | None = None,
    max_stages: int = 6,
) -> CycleOutcome:
    """Run the cycle flow until the next gate (input names and files checked first)."""
    for stage, files in (inputs or {}).items():
        check_stage_inputs(stage, files, require=False)
    code = _org_code(organisation)
    configure_prefect()
    from flows.cycle import CycleParams, cycle_flow
    from siklus.prefect_env import flow_settings

    params = CycleParams.model_validate(
        {
            "organisation": code,
            "cycle": cycle,
            "actor": actor,
            "inputs": inputs or {},
            "as_of": as_of or {},
            "period": period,
            "locales": locales or ["id"],
            "max_stages": max_stages,
        }
    )
    with flow_settings():
        return cycle_flow(params)
