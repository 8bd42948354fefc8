"""Meta-tests: every import kind and every stage input is documented where officers look."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from policy.models import Stage
from policy.services.imports import KINDS
from policy.services.registry import stage_service
from siklus.table_import import import_

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_every_import_kind_is_in_the_readme_and_the_help(kind: str) -> None:
    assert f"| `{kind}` |" in README, f"README's import table lacks `{kind}`"
    help_text = inspect.getdoc(import_) or ""
    assert re.search(rf"\b{kind}\b", help_text), f"`siklus import --help` lacks {kind}"


@pytest.mark.parametrize("stage", list(Stage))
def test_every_stage_input_is_in_the_readme(stage: Stage) -> None:
    row = next(line for line in README.splitlines() if line.startswith(f"| `{stage.value}`"))
    missing = [name for name in stage_service(stage).INPUTS if f"`{name}`" not in row]
    assert missing == [], f"README's stage table lacks inputs of {stage.value}: {missing}"
