"""The one document pipeline: view model -> Markdown (Jinja2) -> HTML (markdown-it-py) -> page.

Layer: domain presentation. Templates live in `templates/<locale>/<name>.md.j2`
and receive exactly one typed, frozen view model as `v` plus the `locale`; the
page shell `templates/html/page.html.j2` is autoescaped and receives the body as
the only `Markup` made in Siklus. Raw HTML is off in Markdown, and untrusted
text goes through `md`/`md_quote`, so forum input can add no markup. Documents
are stored in the data folder and registered with their hashes; rendering the
same data again gives the same bytes and the same registry row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from policy import audit
from policy.config import get_settings
from policy.locale import (
    Locale,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_ratio,
)
from policy.models import Document

_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&\"'=:^$%@])")
_SPACE = re.compile(r"\s+")


def md_escape(text: object) -> str:
    """Untrusted text as inline Markdown: every punctuation mark escaped, one line."""
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())


def md_quote(text: object) -> str:
    """Untrusted multi-line text as an escaped Markdown block quote."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(
        "> " + _PUNCT.sub(r"\\\1", line.strip()) if line.strip() else ">" for line in lines
    )


def _loc(ctx: Context) -> Locale:
    value = ctx.get("locale", "id")
    return "en" if value == "en" else "id"


@pass_context
def _f_tanggal(ctx: Context, value: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    if value is None:
        return "–"
    return format_date(value, _loc(ctx), weekday=weekday)


@pass_context
def _f_waktu(ctx: Context, value: dt.datetime | None) -> str:
    return "–" if value is None else format_datetime(value, _loc(ctx))


@pass_context
def _f_angka(ctx: Context, value: Any, places: int = 2) -> str:
    return format_number(value, places, _loc(ctx))


@pass_context
def _f_persen(ctx: Context, value: Any, places: int = 1) -> str:
    return format_percent(value, places, _loc(ctx))


@pass_context
def _f_rasio(ctx: Context, part: int, whole: int, places: int = 1) -> str:
    return format_ratio(part, whole, places, _loc(ctx))


LEGAL_FORMS = {
    "id": {"Perwali": "Peraturan Wali Kota", "Perbup": "Peraturan Bupati",
           "Pergub": "Peraturan Gubernur", "Keputusan": "Keputusan"},
    "en": {"Perwali": "Mayor Regulation", "Perbup": "Regent Regulation",
           "Pergub": "Governor Regulation", "Keputusan": "Decree"},
}  # fmt: skip


@pass_context
def _f_bentuk(ctx: Context, legal_form: str) -> str:
    """The full name of a legal form: 'Perwali' -> 'Peraturan Wali Kota'."""
    return md_escape(LEGAL_FORMS[_loc(ctx)].get(legal_form, legal_form))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
TEXT_LIMIT = 300


def text_escape(text: object) -> str:
    """Untrusted text for a plain-text message: one line, no control characters, capped."""
    line = _SPACE.sub(" ", _CONTROL.sub(" ", str(text))).strip()
    return line if len(line) <= TEXT_LIMIT else line[: TEXT_LIMIT - 1] + "…"


def _f_nip(value: str | None) -> str:
    if not value:
        return "–"
    if len(value) == 18 and value.isdigit():
        return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
    return value


@lru_cache(maxsize=4)
def _environment(templates_dir: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md_escape,
        md_quote=md_quote,
        tanggal=_f_tanggal,
        waktu=_f_waktu,
        angka=_f_angka,
        persen=_f_persen,
        rasio=_f_rasio,
        nip=_f_nip,
        bentuk=_f_bentuk,
        teks=text_escape,
    )
    return env


def environment() -> Environment:
    """The Jinja environment for the configured templates folder."""
    return _environment(str(get_settings().templates_dir))


_MD = MarkdownIt("js-default")  # raw HTML off, linkify off, tables on


class DocHeader(BaseModel):
    """What every document shows at its top and in its page title."""

    model_config = ConfigDict(frozen=True)

    organisation: str = Field(description="Official organisation name.")
    region: str = Field(description="Region name, e.g. 'Sawahlunto'.")
    title: str = Field(description="Document title.")
    subtitle: str = Field(default="", description="Policy or forum the document is about.")
    cycle: int = Field(description="Cycle number.")
    date: dt.date = Field(description="Date the document speaks for (never the clock).")
    place: str = Field(default="", description="Place of issue.")
    layout: str = Field(default="report", description="Page layout: 'report' or 'perwali'.")


class View(BaseModel):
    """Base of every document view model."""

    model_config = ConfigDict(frozen=True)

    header: DocHeader


def template_path(name: str, locale: Locale) -> str:
    """Loader path of a Markdown template."""
    return f"{locale}/{name}.md.j2"


def render_markdown(name: str, view: View, locale: Locale) -> str:
    """Render a Markdown template from its view model."""
    template = environment().get_template(template_path(name, locale))
    return str(template.render(v=view, locale=locale))


def markdown_to_html(markdown: str) -> str:
    """Markdown to an HTML fragment, with raw HTML off."""
    return str(_MD.render(markdown))


def render_page(view: View, body_html: str, locale: Locale, footer: str) -> str:
    """The print-ready HTML page around a rendered body."""
    shell = environment().get_template("html/page.html.j2")
    return shell.render(h=view.header, body=Markup(body_html), locale=locale, footer=footer)  # noqa: S704


def render_portal(name: str, view: BaseModel, csrf: str = "") -> str:
    """A portal page (`templates/portal/<name>.html.j2`, autoescaped) from its view model.

    `csrf` is the form token of the request, put into every form of the page.
    """
    template = environment().get_template(f"portal/{name}.html.j2")
    return str(template.render(v=view, csrf=csrf, locale="id"))


def render_text(name: str, view: BaseModel, locale: Locale) -> str:
    """A plain-text message (`templates/<locale>/<name>.txt.j2`, e.g. an email) from its view.

    Not autoescaped (it is not HTML): untrusted text goes through the `teks` filter.
    """
    template = environment().get_template(f"{locale}/{name}.txt.j2")
    return str(template.render(v=view, locale=locale))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def view_hash(view: View) -> str:
    """sha256 of the view's canonical JSON: the hash of the data a document is made from."""
    data = json.dumps(view.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return _sha(data.encode("utf-8"))


def template_hash(name: str, locale: Locale) -> str:
    """sha256 over the Markdown template and the page shell that shape the bytes."""
    root = Path(get_settings().templates_dir)
    parts = [root / template_path(name, locale), root / "html" / "page.html.j2"]
    return _sha(b"\0".join(p.read_bytes() for p in parts))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class Rendered(BaseModel):
    """A rendered document before it is stored."""

    markdown: str
    html: str


def render_document(name: str, view: View, locale: Locale, footer: str) -> Rendered:
    """Run the whole pipeline for one document."""
    markdown = render_markdown(name, view, locale)
    return Rendered(
        markdown=markdown, html=render_page(view, markdown_to_html(markdown), locale, footer)
    )


def publish(
    session: Session,
    *,
    cycle_id: int,
    stage_run_id: int | None,
    folder: str,
    key: str,
    template: str,
    view: View,
    locale: Locale,
    actor: str,
    flow_run_id: str | None = None,
    organisation_id: int | None = None,
) -> Document:
    """Render, store and register a document (flushes; the caller commits).

    The same view, template and locale give back the registered document unchanged;
    otherwise a new version is written next to the old ones.
    """
    data_sha = view_hash(view)
    tmpl_sha = template_hash(template, locale)
    latest = session.exec(
        select(Document)
        .where(Document.cycle_id == cycle_id, Document.key == key, Document.locale == locale)
        .order_by(col(Document.version).desc())
    ).first()
    if (
        latest is not None
        and latest.data_sha256 == data_sha
        and latest.template_sha256 == tmpl_sha
        and Path(latest.html_path).is_file()
    ):
        return latest
    version = latest.version + 1 if latest else 1
    footer = (
        f"{key} · versi {version} · data {data_sha[:12]}"
        if locale == "id"
        else (f"{key} · version {version} · data {data_sha[:12]}")
    )
    rendered = render_document(template, view, locale, footer)
    base = get_settings().documents_dir / folder / f"{key}-v{version}.{locale}"
    md_bytes, html_bytes = rendered.markdown.encode("utf-8"), rendered.html.encode("utf-8")
    _write_atomic(base.with_suffix(base.suffix + ".md"), md_bytes)
    _write_atomic(base.with_suffix(base.suffix + ".html"), html_bytes)
    doc = Document(
        cycle_id=cycle_id,
        stage_run_id=stage_run_id,
        key=key,
        kind=template,
        locale=locale,
        version=version,
        title=view.header.title,
        md_path=str(base.with_suffix(base.suffix + ".md").resolve()),
        html_path=str(base.with_suffix(base.suffix + ".html").resolve()),
        sha256=_sha(html_bytes),
        md_sha256=_sha(md_bytes),
        template=template_path(template, locale),
        template_sha256=tmpl_sha,
        data_sha256=data_sha,
        flow_run_id=flow_run_id,
        created_by=actor,
    )
    session.add(doc)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="document.published",
        subject_type="document",
        subject_id=doc.id or 0,
        organisation_id=organisation_id,
        payload={
            "key": key,
            "locale": locale,
            "version": version,
            "sha256": doc.sha256,
            "data_sha256": data_sha,
            "template": doc.template,
            "flow_run_id": flow_run_id,
        },
    )
    return doc
