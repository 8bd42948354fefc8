"""The Jinja filters of the document environment, and the escaping helpers behind them.

Layer: domain presentation (used by `policy.documents`, which builds the one Jinja
environment and installs `FILTERS` in it). Numbers, percentages, quantities and dates are
written in the render's locale and time zone (`policy.locale`); legal forms, diktum
ordinals, section places, criteria-set names and an SKM respondent's profile answers are
named in words, officials' titles in the document's language (`jabatan`, `kepala`); untrusted text
is escaped for Markdown (`md`, `md_quote`) or for a plain-text message (`teks`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

from jinja2 import pass_context
from jinja2.runtime import Context

from policy.clock import format_hours
from policy.evaluation.framework import DEFAULT_SET
from policy.evaluation.questionnaire import EDUCATION_EN, GENDERS, GENDERS_EN, OCCUPATIONS_EN
from policy.evaluation.rounding import SHARE_PLACES
from policy.locale import (
    JOINED_UNITS,
    Locale,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_quantity,
    format_ratio,
    in_sentence,
    plural,
    plural_word,
    unit_word,
)
from policy.perwali import diktum_number, diktum_word, english_diktum_word, is_keputusan
from policy.settings import get_settings
from policy.signatory import office_en, official_en
from policy.views.sections import names_section, section_key

# The marks that start inline syntax wherever they stand (escape, code, emphasis,
# strikethrough, links and images, autolinks and HTML, entities, table cells, headings'
# closing sequence): always put behind a backslash.
_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]<#|~&!"})
# The marks that start a block only at the beginning of a line (a list item "- " "+ " "1. "
# "1) ", a block quote, a setext underline or thematic break, a fenced div): escaped there.
_LEADING = re.compile(r"(?P<number>\d{1,9})(?P<mark>[.)])|(?P<block>[-+=>:])")
_SPACE = re.compile(r"\s+")


def _escape_line(line: str) -> str:
    """One line of untrusted text that Markdown reads as nothing but its characters.

    The text can stand anywhere (a paragraph, a list item, a heading, a table cell, the
    start of a line): the marks that begin inline syntax are escaped everywhere, and the
    ones that begin a block only where the text begins. Other punctuation stays as written,
    so names and references read as typed ("S.Pd.", "Undang-Undang (Lembaran Negara …)").
    """
    line = line.translate(_ESCAPED)
    found = _LEADING.match(line)
    if found is None:
        return line
    if found.group("number") is not None:
        return f"{found.group('number')}\\{found.group('mark')}{line[found.end() :]}"
    return "\\" + line


def md_escape(text: object) -> str:
    """Untrusted text as inline Markdown, on one line: no markup of its own can apply."""
    return _escape_line(_SPACE.sub(" ", str(text)).strip())


def md_quote(text: object) -> str:
    """Untrusted multi-line text as an escaped Markdown block quote."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("> " + _escape_line(line.strip()) if line.strip() else ">" for line in lines)


def _loc(ctx: Context) -> Locale:
    value = ctx.get("locale", "id")
    return "en" if value == "en" else "id"


def _tz(ctx: Context) -> str:
    """The time zone of this render (`SIKLUS_TIMEZONE`, read once by the render call)."""
    value = ctx.get("tz")
    return value if isinstance(value, str) else get_settings().timezone


@pass_context
def _f_tanggal(ctx: Context, value: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    """A date as written ('22 November 2026'); a timestamp is dated in the configured zone."""
    if value is None:
        return "–"
    return format_date(value, _loc(ctx), weekday=weekday, tz=_tz(ctx))


@pass_context
def _f_waktu(ctx: Context, value: dt.datetime | None) -> str:
    """A timestamp in the configured zone: '23 November 2026 01.00 WIT'."""
    return "–" if value is None else format_datetime(value, _loc(ctx), _tz(ctx))


@pass_context
def _f_jam(ctx: Context, start: dt.time | None, end: dt.time | None = None) -> str:
    """An event's hours in the configured zone's name: '09.00–12.00 WIB' ('–' if unknown)."""
    return "–" if start is None else format_hours(start, end, _loc(ctx), _tz(ctx))


@pass_context
def _f_angka(ctx: Context, value: Any, places: int = 2) -> str:
    return format_number(value, places, _loc(ctx))


@pass_context
def _f_persen(ctx: Context, value: Any, places: int = SHARE_PLACES) -> str:
    return format_percent(value, places, _loc(ctx))


@pass_context
def _f_rasio(ctx: Context, part: int, whole: int, places: int = SHARE_PLACES) -> str:
    return format_ratio(part, whole, places, _loc(ctx))


@pass_context
def _f_besaran(ctx: Context, value: Any, unit: str, places: int = 2) -> str:
    """A value in its unit, Markdown-safe: '95,00%', '48,00 jam' (the pack's unit escaped)."""
    unit = unit.strip()
    return format_quantity(
        value, unit if unit in JOINED_UNITS else md_escape(unit), places, _loc(ctx)
    )


@pass_context
def _f_satuan(ctx: Context, unit: str) -> str:
    """An indicator's unit word on its own, as plain text (escape it after): 'hours' in English."""
    return unit_word(unit, _loc(ctx))


LEGAL_FORMS = {
    "id": {"Perwali": "Peraturan Wali Kota", "Perbup": "Peraturan Bupati",
           "Pergub": "Peraturan Gubernur", "Keputusan": "Keputusan"},
    "en": {"Perwali": "Mayor Regulation", "Perbup": "Regent Regulation",
           "Pergub": "Governor Regulation", "Keputusan": "Decree"},
}  # fmt: skip


@pass_context
def _f_bentuk(ctx: Context, legal_form: str) -> str:
    """The full name of a legal form: 'Perwali' -> 'Peraturan Wali Kota'.

    A Keputusan is named by who decides it, from the document's header: 'Keputusan Camat'
    ('Camat Decree' in English).
    """
    locale = _loc(ctx)
    name = LEGAL_FORMS[locale].get(legal_form, legal_form)
    view = ctx.get("v")
    head = getattr(getattr(view, "header", None), "head_title", "")
    if is_keputusan(legal_form) and head:
        name = f"{name} {head}" if locale == "id" else f"{head} {name}"
    return md_escape(name)


@pass_context
def _f_jabatan(ctx: Context, title: str) -> str:
    """An official's title as the locale writes it: the region's head and secretary in English.

    'GUBERNUR LAMPUNG' -> 'GOVERNOR OF LAMPUNG', 'Sekretaris Daerah' -> 'Regional
    Secretary' in English, also after a name ('Drs. Syahrul Anwar, M.Si., Sekretaris
    Daerah'; `policy.signatory.official_en`); other posts, and every title in Indonesian,
    as written. Not escaped: chain `md`.
    """
    return official_en(title) if _loc(ctx) == "en" else title


@pass_context
def _f_kepala(ctx: Context, head: str, legal_form: str = "") -> str:
    """The region head's office: 'Wali Kota' -> 'Mayor' in English; as written in Indonesian."""
    return office_en(head, legal_form) if _loc(ctx) == "en" else head


class _Place(Protocol):
    """What the `bagian` filter reads: `policy.views.sections.SectionPlace`."""

    given: str
    status: str
    version: int | None
    kind: str
    number: str
    shown: int | None
    removed_in: int | None
    heading: bool


@pass_context
def _f_diktum(ctx: Context, number: int) -> str:
    """A diktum's ordinal word: 2 -> 'KEDUA' ('SECOND' in English documents)."""
    return english_diktum_word(number) if _loc(ctx) == "en" else diktum_word(number)


_PLACE_WORDS = {
    "id": {"general": "Umum", "pasal": "Pasal", "bab": "BAB", "diktum": "Diktum",
           "moved": "{given} (versi {version}; kini {kind} {number} pada versi {shown})",
           "removed": "{given} (versi {version}; dihapus pada versi {removed_in})",
           "unknown": "{given} (tidak ada pada rancangan versi {version})"},
    "en": {"general": "General", "pasal": "Article", "bab": "Chapter", "diktum": "Dictum",
           "moved": "{given} (version {version}; now {kind} {number} in version {shown})",
           "removed": "{given} (version {version}; removed in version {removed_in})",
           "unknown": "{given} (not in draft version {version})"},
}  # fmt: skip


def _section_label(ctx: Context, label: str) -> str:
    """A section's own label in the document's language: 'Pasal 11' -> 'Article 11'.

    Only a whole section's label is translated ('Pasal 5A', 'BAB IV', 'Diktum KEDUA' ->
    'Dictum SECOND'), in any case and spacing ('pasal 9' -> 'Article 9'); anything else
    ('Menimbang huruf b', 'Pasal 5 ayat (2)') and every label in Indonesian stay as written.
    """
    if _loc(ctx) == "id":
        return label
    text = " ".join(label.split())
    key = section_key(text)
    if not names_section(key) or key.casefold() != text.casefold():
        return label
    kind, _, number = key.partition(" ")
    if kind == "Diktum":
        found = diktum_number(number)
        if found is None:
            return label
        number = english_diktum_word(found)
    return f"{_PLACE_WORDS['en'][kind.lower()]} {number}"


@pass_context
def _f_bagian(ctx: Context, place: _Place | str) -> str:
    """A section as an input named it, with where it is now: plain text (escape it after).

    'Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2)', '… (versi 1; dihapus pada
    versi 2)', 'Umum' for a general input; a label that did not move is as written. A
    group heading's label (`heading`), or a section's label given as text (the sections a
    response names as changed), is a whole section's own label: an English document
    names it in English ('Pasal 11' -> 'Article 11', 'Diktum KEDUA' -> 'Dictum SECOND');
    an input's label stays as its author wrote it.
    """
    if isinstance(place, str):
        return _section_label(ctx, place)
    words = _PLACE_WORDS[_loc(ctx)]
    if place.status == "general":
        return words["general"]
    given = _section_label(ctx, place.given) if place.heading else place.given
    pattern = words.get(place.status)
    if pattern is None or place.version is None:
        return given
    number = place.number
    if place.kind == "diktum" and number.isdigit():
        number = _f_diktum(ctx, int(number))
    return pattern.format(
        given=given,
        version=place.version,
        kind=words.get(place.kind, place.kind),
        number=number,
        shown=place.shown,
        removed_in=place.removed_in,
    )


_DEFAULT_SET_NAMES = {"id": "Umum", "en": "General"}


@pass_context
def _f_aspek(ctx: Context, name: str, code: str) -> str:
    """A criteria set's name as plain text (escape it after).

    The default set ('Umum') is named in the document's locale ('General' in English); a
    set the pack names keeps the pack's name.
    """
    return _DEFAULT_SET_NAMES[_loc(ctx)] if code == DEFAULT_SET else name


_GENDERS = {"id": GENDERS, "en": GENDERS_EN}
_PROFILE_EN = {"education": EDUCATION_EN, "occupation": OCCUPATIONS_EN}


@pass_context
def _f_profil(ctx: Context, answer: str, field: str) -> str:
    """An SKM respondent-profile answer in words, as plain text (escape it after).

    The gender code the SKM import stores is named: 'L' -> 'Laki-laki' ('Male' in
    English), 'P' -> 'Perempuan' ('Female'). In English, the questionnaire's education
    levels and occupations are named as the English survey names them ('Wiraswasta' ->
    'Self-employed'); any other answer is as written.
    """
    if field == "gender":
        return _GENDERS[_loc(ctx)].get(answer, answer)
    if _loc(ctx) == "en":
        return _PROFILE_EN.get(field, {}).get(answer, answer)
    return answer


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
TEXT_LIMIT = 300


def text_escape(text: object) -> str:
    """Untrusted text for a plain-text message: one line, no control characters, capped."""
    line = _SPACE.sub(" ", _CONTROL.sub(" ", str(text))).strip()
    return line if len(line) <= TEXT_LIMIT else line[: TEXT_LIMIT - 1] + "…"


def text_block(text: object) -> str:
    """Untrusted text of several lines for a plain-text message (a response to an input).

    Each line as `text_escape` leaves a line, but whole; empty lines between paragraphs are
    kept (at most one in a row).
    """
    lines = [
        _SPACE.sub(" ", _CONTROL.sub(" ", line)).strip()
        for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def _f_nip(value: str | None) -> str:
    if not value:
        return "–"
    if len(value) == 18 and value.isdigit():
        return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
    return value


FILTERS: dict[str, Callable[..., Any]] = {
    "md": md_escape,
    "md_quote": md_quote,
    "tanggal": _f_tanggal,
    "waktu": _f_waktu,
    "jam": _f_jam,
    "angka": _f_angka,
    "persen": _f_persen,
    "rasio": _f_rasio,
    "besaran": _f_besaran,
    "satuan": _f_satuan,
    "dalam_kalimat": in_sentence,
    "nip": _f_nip,
    "bentuk": _f_bentuk,
    "jabatan": _f_jabatan,
    "kepala": _f_kepala,
    "bagian": _f_bagian,
    "diktum": _f_diktum,
    "aspek": _f_aspek,
    "profil": _f_profil,
    "plural": plural,
    "plural_word": plural_word,
    "teks": text_escape,
    "teks_blok": text_block,
}
"""Every filter of the document environment, by the name templates use."""
