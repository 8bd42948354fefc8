"""Meta-tests of the templates: both locales, StrictUndefined from a minimal view, safe shell."""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from policy.documents import DocHeader, View, render_document
from policy.settings import Settings
from policy.views import TEMPLATE_VIEWS

ROOT = Path(__file__).resolve().parent.parent / "templates"


def minimal(model: type[BaseModel]) -> Any:
    """The smallest valid instance: required fields get empty or zero values."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if not field.is_required():
            continue
        values[name] = _value(field.annotation)
    return model.model_validate(values)


def _value(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return None if len(args) < len(typing.get_args(annotation)) else _value(args[0])
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if origin in (list, tuple, set, frozenset):
        return []
    if origin is dict:
        return {}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return minimal(annotation)
        if issubclass(annotation, bool):
            return False
        if issubclass(annotation, int):
            return 0
        if issubclass(annotation, Decimal | float):
            return Decimal(0)
        if issubclass(annotation, dt.datetime):
            return dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
        if issubclass(annotation, dt.date):
            return dt.date(2026, 11, 22)
        if issubclass(annotation, str):
            return ""
    raise TypeError(f"no minimal value for {annotation!r}")


def test_both_locales_hold_the_same_templates() -> None:
    names = {p.name for p in (ROOT / "id").glob("*.md.j2")}
    assert names == {p.name for p in (ROOT / "en").glob("*.md.j2")}
    assert names == {f"{name}.md.j2" for name in TEMPLATE_VIEWS}


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize("name", sorted(TEMPLATE_VIEWS))
def test_template_renders_from_a_minimal_view(settings: Settings, name: str, locale: str) -> None:
    view = minimal(TEMPLATE_VIEWS[name])
    rendered = render_document(name, view, locale, footer="x")  # type: ignore[arg-type]
    assert rendered.markdown.startswith("# ")
    assert "<main>" in rendered.html


def test_shell_escapes_untrusted_title(settings: Settings) -> None:
    header = DocHeader(
        organisation="<script>alert(1)</script>",
        region="R",
        title="<b>T</b>",
        cycle=1,
        date=dt.date(2026, 11, 22),
    )
    view = minimal(TEMPLATE_VIEWS["laporan_analisis_kebutuhan"]).model_copy(
        update={"header": header}
    )
    html = render_document("laporan_analisis_kebutuhan", view, "id", footer="<i>f</i>").html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>T</b>" not in html and "<i>f</i>" not in html


def test_view_base_is_frozen() -> None:
    view = minimal(TEMPLATE_VIEWS["notulen"])
    assert isinstance(view, View)
    with pytest.raises(Exception):  # noqa: B017
        view.header = view.header  # type: ignore[misc]


@pytest.mark.parametrize(
    ("legal_form", "locale", "wording"),
    [
        ("Perwali", "id", "bagian rancangan (pasal dan ayat)"),
        ("Keputusan", "id", "bagian rancangan (diktum)"),
        ("Perwali", "en", "part of the draft (article and paragraph)"),
        ("Keputusan", "en", "part of the draft (dictum)"),
    ],
)
def test_invitation_names_the_parts_of_its_legal_form(
    settings: Settings, legal_form: str, locale: str, wording: str
) -> None:
    """A Keputusan has diktum, not Pasal: the invitation asks for input by diktum."""
    view = minimal(TEMPLATE_VIEWS["undangan"]).model_copy(update={"legal_form": legal_form})
    markdown = render_document("undangan", view, locale, footer="x").markdown  # type: ignore[arg-type]
    assert wording in markdown
    if legal_form == "Keputusan":
        assert "pasal" not in markdown.lower() and "article" not in markdown.lower()
