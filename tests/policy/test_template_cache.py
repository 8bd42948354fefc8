"""Compiled templates are kept in the data folder: a new process loads, not compiles, them."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from policy import documents
from policy.settings import Settings, get_settings


@pytest.fixture
def templates(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "templates"
    (folder / "id").mkdir(parents=True)
    monkeypatch.setenv("SIKLUS_TEMPLATES_DIR", str(folder))
    get_settings.cache_clear()
    documents._environment.cache_clear()
    yield folder
    documents._environment.cache_clear()


def render(value: int) -> str:
    return documents.environment().get_template("id/surat.md.j2").render(nomor=value)


def test_a_compiled_template_is_loaded_by_the_next_process(
    templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    cache = get_settings().data_dir / "cache" / "jinja"
    assert len(list(cache.iterdir())) == 1
    documents._environment.cache_clear()  # as a new process starts

    def no_compiling(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled again")

    with monkeypatch.context() as patch:
        patch.setattr(Environment, "compile", no_compiling)
        assert render(2) == "Nomor 2\n"


def test_a_changed_template_is_compiled_again(templates: Path) -> None:
    source = templates / "id" / "surat.md.j2"
    source.write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    documents._environment.cache_clear()
    source.write_text("No. {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "No. 1\n"


def test_without_a_folder_for_the_cache_templates_are_compiled(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "berkas"
    blocked.write_text("", encoding="utf-8")  # a file where the data folder would be
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(blocked))
    get_settings.cache_clear()
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(3) == "Nomor 3\n"
