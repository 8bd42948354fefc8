"""The one document pipeline: view model -> Markdown (Jinja2) -> HTML (markdown-it-py) -> page.

Layer: domain presentation. Templates live in `templates/<locale>/<name>.md.j2` and
receive exactly one typed, frozen view model as `v` plus the `locale` (and `tz`, the
configured time zone, read once per render, which the date filters use); blocks that two
documents share are macros in `templates/<locale>/macros/`, imported `with context` and
hashed with the templates importing them; the page shell
`templates/html/page.html.j2` is autoescaped and receives the body as the one `Markup`
made in Siklus besides a survey poster's QR code. Raw HTML is off in Markdown, and
untrusted text goes through `md`/`md_quote`, so forum input can add no markup. Rendering
the same view again gives the same bytes; `view_hash` and `template_hash` name the data and
the templates a document is made from. Storing and registering documents is
`policy.publishing`. The filters the templates use, and the escaping helpers behind them,
are in `policy.document_filters`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    meta,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from policy import collector, markdown_divs, markdown_tables, portal_words
from policy.document_filters import FILTERS
from policy.locale import Locale
from policy.settings import get_settings

if TYPE_CHECKING:
    from policy.views.sheet_slips import SheetSlips
    from policy.views.survey import SurveyPoster


@lru_cache(maxsize=4)
def _environment(templates_dir: str, cache_folder: str | None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        bytecode_cache=_BytecodeCache(cache_folder) if cache_folder else None,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    # The portal's pages: `{{ _("…") }}` is the page's locale's text (`policy.portal_words`).
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_portal_gettext, _portal_ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


@pass_context
def _portal_gettext(ctx: Context, text: str) -> str:
    return portal_words.word(text, "en" if ctx.get("locale") == "en" else "id")


@pass_context
def _portal_ngettext(ctx: Context, singular: str, plural: str, count: int) -> str:
    return _portal_gettext(ctx, singular if count == 1 else plural)


def environment() -> Environment:
    """The Jinja environment for the configured templates folder.

    Compiled templates are kept in `<cache_dir>/jinja` (the user's cache folder, shared by
    every data folder, as Python keeps its bytecode), else in `<data_dir>/cache/jinja` where
    the cache folder cannot be made: compiling the templates a stage renders costs a new
    process about a fifth of a second (all of them: 0.8 s), loading them from there a few
    milliseconds. A template whose source changed is compiled again (the cache checks each
    template's checksum; its key names the template's file).
    """
    settings = get_settings()
    folder = _cache_folder(
        str(settings.cache_dir / "jinja"), str(settings.data_dir / "cache" / "jinja")
    )
    return _environment(str(settings.templates_dir), folder)


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, which a folder gone or full never stops from rendering."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # the folder was removed (a cleared cache) or the disk is full
            pass


@lru_cache(maxsize=16)
def _cache_folder(*folders: str) -> str | None:
    """The first of `folders` that can be made and written to, or None.

    A folder made here is the user's alone (0700): what it holds is loaded as code.
    """
    for folder in folders:
        try:
            Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


# Raw HTML off, linkify off, tables on; `::: ttd` fences give the Perwali layout its classes.
_MD = markdown_divs.install(markdown_tables.install(MarkdownIt("js-default")))

# The module, not the function of the same name that `markdown_it.rules_block` exports.
_TABLE_RULE: Any = importlib.import_module("markdown_it.rules_block.table")
MARKDOWN_IT_SPLIT = getattr(_TABLE_RULE, "_siklus_original", _TABLE_RULE.escapedSplit)
"""markdown-it's own splitter, kept for the test that holds ours equal to it."""
_TABLE_RULE._siklus_original = MARKDOWN_IT_SPLIT
_TABLE_RULE.escapedSplit = markdown_tables.split_table_row


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
    layout: str = Field(
        default="report",
        description="Page layout: 'report' (A4 portrait), 'landscape' (A4 landscape, for a "
        "document of wide tables), 'signing' (portrait, each section after the first on a new "
        "page: a sign-in list per session) or 'perwali'.",
    )
    paper: Literal["A4", "F4"] = Field(
        default="A4",
        description="Paper size: F4 (215 × 330 mm) where the pack sets it for "
        "the regulation (`policy.paper`).",
    )
    head_title: str = Field(
        default="", description="Title of the head who signs, e.g. 'Camat' (names a Keputusan)."
    )


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
    return str(template.render(v=view, locale=locale, tz=get_settings().timezone))


def markdown_to_html(markdown: str) -> str:
    """Markdown to an HTML fragment, with raw HTML off."""
    return str(_MD.render(markdown))


def render_page(view: View, body_html: str, locale: Locale, footer: str) -> str:
    """The print-ready HTML page around a rendered body."""
    shell = environment().get_template("html/page.html.j2")
    return shell.render(  # noqa: S704
        h=view.header,
        body=Markup(body_html),
        locale=locale,
        footer=footer,
        tz=get_settings().timezone,
    )


def render_portal(
    name: str,
    view: BaseModel,
    csrf: str = "",
    roles: tuple[str, ...] = (),
    locale: Locale = "id",
    switch: str = "",
) -> str:
    """A portal page (`templates/portal/<name>.html.j2`, autoescaped) from its view model.

    `csrf` is the form token of the request, put into every form of the page; `roles` are
    the signed-in member's roles (the menus link to the pages each role opens). A public
    page speaks `locale` (`policy.portal_words`); `switch` is the address of the same page
    in the other language ('' where there is none, e.g. a page answering a form).
    """
    template = environment().get_template(f"portal/{name}.html.j2")
    return str(
        template.render(
            v=view,
            csrf=csrf,
            roles=roles,
            locale=locale,
            switch=switch,
            tz=get_settings().timezone,
        )
    )


def render_poster(view: SurveyPoster, locale: Locale = "id") -> str:
    """The printable A4 poster of an online survey (`templates/html/survey_poster.html.j2`).

    The view's `qr_svg` is the survey link's QR code as `policy.qr` makes it from Siklus's
    own URL: the one other `Markup` made in Siklus; every text of the view is escaped. Its
    words are the portal's (`policy.portal_words`), in `locale`.
    """
    template = environment().get_template("html/survey_poster.html.j2")
    return str(template.render(v=view, qr=Markup(view.qr_svg), locale=locale))  # noqa: S704


def render_slips(view: SheetSlips) -> str:
    """The printable A4 slips of private sheet links (`templates/html/lembar_tautan.html.j2`).

    Each slip's `qr_svg` is its link's QR code as `policy.qr` makes it from Siklus's own URL;
    every text of the view is escaped.
    """
    template = environment().get_template("html/lembar_tautan.html.j2")
    codes = [Markup(s.qr_svg) for s in view.slips]  # noqa: S704
    return str(template.render(v=view, qr=codes, locale="id"))


def render_text(name: str, view: BaseModel, locale: Locale) -> str:
    """A plain-text message (`templates/<locale>/<name>.txt.j2`, e.g. an email) from its view.

    Not autoescaped (it is not HTML): untrusted text goes through the `teks` filter.
    """
    template = environment().get_template(f"{locale}/{name}.txt.j2")
    return str(template.render(v=view, locale=locale, tz=get_settings().timezone))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def view_hash(view: View) -> str:
    """sha256 of the view's canonical JSON: the hash of the data a document is made from."""
    data = json.dumps(view.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return _sha(data.encode("utf-8"))


def template_hash(name: str, locale: Locale) -> str:
    """sha256 over the Markdown template, those it imports and the page shell.

    Computed once per process for each version of the files: they are read and hashed
    again only when their size or modification time changes (an edited template). A
    template importing macros (`{% import %}`, `{% include %}`) is hashed with them, so
    that an edited macro gives a new version as an edited template does; one importing
    nothing is hashed as before there were imports.
    """
    root = Path(get_settings().templates_dir)
    main = template_path(name, locale)
    paths = (
        root / main,
        *(root / ref for ref in _imported(root, main)),
        root / "html" / "page.html.j2",
    )
    signature = tuple((str(p), *_signature(p)) for p in paths)
    return _template_sha(signature)


def _imported(root: Path, name: str) -> list[str]:
    """The templates `name` imports or includes, and theirs, in the order first named."""
    found: list[str] = []
    todo = [name]
    while todo:
        path = root / todo.pop(0)
        for ref in _references(str(path), *_signature(path)):
            if ref != name and ref not in found:
                found.append(ref)
                todo.append(ref)
    return found


@lru_cache(maxsize=512)
def _references(path: str, _mtime: int, _size: int) -> tuple[str, ...]:
    """The templates one template's source names by a constant (the file's signature keys it)."""
    tree = environment().parse(Path(path).read_text(encoding="utf-8"))
    return tuple(ref for ref in meta.find_referenced_templates(tree) if ref is not None)


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=512)
def _template_sha(signature: tuple[tuple[str, int, int], ...]) -> str:
    return _sha(b"\0".join(Path(p).read_bytes() for p, _mtime, _size in signature))


def clear_template_cache() -> None:
    """Forget the template hashes (a template edited within the file clock's resolution)."""
    _template_sha.cache_clear()
    _references.cache_clear()


class Rendered(BaseModel):
    """A rendered document before it is stored."""

    markdown: str
    html: str


@collector.paused()
def render_document(name: str, view: View, locale: Locale, footer: str) -> Rendered:
    """Run the whole pipeline for one document."""
    markdown = render_markdown(name, view, locale)
    return Rendered(
        markdown=markdown, html=render_page(view, markdown_to_html(markdown), locale, footer)
    )
