"""Meta-tests: import direction, one rendering pipeline, deployments that load."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "policy": {"prefect", "flows", "siklus", "typer", "fastapi", "uvicorn", "rich"},
    "flows": {"siklus", "sqlmodel", "sqlalchemy", "jinja2", "markdown_it", "typer", "fastapi"},
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in _modules(package)
        if _imports(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_only_documents_builds_environment_and_markdown() -> None:
    offenders = []
    for package in ("policy", "flows", "siklus"):
        for path in _modules(package):
            text = path.read_text(encoding="utf-8")
            if path.name != "documents.py" and ("Environment(" in text or "MarkdownIt(" in text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_prefect_yaml_entrypoints_are_flows() -> None:
    from prefect import Flow

    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert config["deployments"], "prefect.yaml lists no deployments"
    for deployment in config["deployments"]:
        path, _, name = deployment["entrypoint"].partition(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert isinstance(getattr(module, name), Flow), deployment["entrypoint"]
        assert deployment.get("enforce_parameter_schema") is True


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for package in ("policy", "flows", "siklus")
        for path in _modules(package)
        if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []
