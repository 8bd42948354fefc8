"""Compiled templates are kept in the user's cache folder: a new process loads, not compiles,
them, whatever its data folder."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from policy import documents
from policy.settings import Settings, get_settings


@pytest.fixture
def templates(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    folder = tmp_path / "templates"
    (folder / "id").mkdir(parents=True)
    monkeypatch.setenv("SIKLUS_TEMPLATES_DIR", str(folder))
    monkeypatch.setenv("SIKLUS_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    documents._environment.cache_clear()
    yield folder
    documents._environment.cache_clear()


def render(value: int) -> str:
    return documents.environment().get_template("id/surat.md.j2").render(nomor=value)


def new_process() -> None:
    """What a new process starts from: no settings read, no environment made."""
    get_settings.cache_clear()
    documents._environment.cache_clear()


def test_a_compiled_template_is_loaded_by_the_next_process_of_another_data_folder(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    cache = tmp_path / "cache" / "jinja"
    assert len(list(cache.iterdir())) == 1
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0  # the user's alone
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(tmp_path / "other-data"))
    new_process()

    def no_compiling(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled again")

    with monkeypatch.context() as patch:
        patch.setattr(Environment, "compile", no_compiling)
        assert render(2) == "Nomor 2\n"
    assert not (tmp_path / "other-data" / "cache").exists()


def test_a_changed_template_is_compiled_again(templates: Path) -> None:
    source = templates / "id" / "surat.md.j2"
    source.write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    new_process()
    source.write_text("No. {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "No. 1\n"


def test_a_template_of_another_folder_with_the_same_name_is_its_own(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    other = tmp_path / "other-templates"
    (other / "id").mkdir(parents=True)
    (other / "id" / "surat.md.j2").write_text("Surat {{ nomor }}\n", encoding="utf-8")
    monkeypatch.setenv("SIKLUS_TEMPLATES_DIR", str(other))
    new_process()
    assert render(1) == "Surat 1\n"
    assert len(list((tmp_path / "cache" / "jinja").iterdir())) == 2


def test_without_a_cache_folder_the_data_folder_keeps_them(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "berkas"
    blocked.write_text("", encoding="utf-8")  # a file where the cache folder would be
    monkeypatch.setenv("SIKLUS_CACHE_DIR", str(blocked))
    new_process()
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(3) == "Nomor 3\n"
    assert len(list((get_settings().data_dir / "cache" / "jinja").iterdir())) == 1


def test_without_any_folder_for_the_cache_templates_are_compiled(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "berkas"
    blocked.write_text("", encoding="utf-8")  # a file where both folders would be
    monkeypatch.setenv("SIKLUS_CACHE_DIR", str(blocked))
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(blocked))
    new_process()
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(3) == "Nomor 3\n"


def test_the_cache_folder_defaults_to_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIKLUS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    assert Settings().cache_dir == Path("/srv/cache/siklus")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert Settings().cache_dir == Path.home() / ".cache" / "siklus"


def test_a_cache_folder_removed_while_running_does_not_stop_rendering(
    templates: Path, tmp_path: Path
) -> None:
    (templates / "id" / "surat.md.j2").write_text("Nomor {{ nomor }}\n", encoding="utf-8")
    assert render(1) == "Nomor 1\n"
    shutil.rmtree(tmp_path / "cache")  # someone clears the user's cache
    (templates / "id" / "nota.md.j2").write_text("Nota {{ nomor }}\n", encoding="utf-8")
    assert documents.environment().get_template("id/nota.md.j2").render(nomor=4) == "Nota 4\n"
