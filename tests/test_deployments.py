"""prefect.yaml: every deployment gets a typed form (its parameter schema) in the Prefect UI."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
SPEC = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
DEPLOYMENTS = {d["name"]: d for d in SPEC["deployments"]}


def _flow(entrypoint: str) -> Any:
    path, _, name = entrypoint.partition(":")
    return getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)


def test_the_deployments_the_scaled_out_set_needs_are_there() -> None:
    stages = {"needs-analysis", "forums", "drafting", "socialisation", "implementation"}
    assert stages | {"evaluation", "policy-cycle", "evaluate-all"} <= set(DEPLOYMENTS)
    assert all(d["work_pool"]["name"] == "siklus-pool" for d in DEPLOYMENTS.values())
    assert all(d.get("enforce_parameter_schema") for d in DEPLOYMENTS.values())
    assert DEPLOYMENTS["policy-cycle"]["parameters"] == {"approval": "suspend"}


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_parameter_schema_holds_the_pydantic_fields(name: str) -> None:
    from prefect.utilities.callables import parameter_schema

    flow = _flow(DEPLOYMENTS[name]["entrypoint"])
    schema = parameter_schema(flow).model_dump_for_openapi()
    assert schema["properties"], name
    checked = 0
    for parameter, annotation in flow.fn.__annotations__.items():
        if parameter == "return":
            continue
        model = getattr(
            importlib.import_module(flow.fn.__module__), str(annotation).split()[0], None
        )
        if isinstance(model, type) and issubclass(model, BaseModel):
            fields = schema["definitions"][model.__name__]["properties"]
            assert set(model.model_fields) == set(fields), (name, parameter)
            described = [f for f, info in model.model_fields.items() if info.description]
            assert all(fields[f].get("description") for f in described), (name, parameter)
            checked += 1
    assert checked, f"{name}: no pydantic parameter model"
    for key, value in DEPLOYMENTS[name].get("parameters", {}).items():
        assert key in schema["properties"], (name, key)
        enum = schema["properties"][key].get("enum")
        assert enum is None or value in enum, (name, key)
