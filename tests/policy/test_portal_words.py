"""The portal's English catalogue: every text the public pages say has its English, and
every entry is still said somewhere (`policy.portal_words`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policy.documents import environment, render_portal
from policy.portal_words import english, say, word
from policy.settings import get_settings
from policy.views.portal import MessagePage, PortalHeader

ROOT = Path(__file__).resolve().parents[2]
POSTER = "html/survey_poster.html.j2"
#: Calls whose arguments at these places are catalogue keys (literal strings).
_CALLS = {
    "say": slice(0, 1),
    "word": slice(0, 1),
    "shown": slice(0, 1),
    "message_response": slice(1, 3),  # (request, title, message, …)
}


def template_texts() -> set[str]:
    """The texts of `_()` and `{% trans %}` in the portal's templates and the survey poster."""
    env = environment()
    texts: set[str] = set()
    folder = get_settings().templates_dir
    for path in [*sorted((folder / "portal").glob("*.html.j2")), folder / POSTER]:
        for _line, _func, message in env.extract_translations(path.read_text(encoding="utf-8")):
            texts.update([message] if isinstance(message, str) else [m for m in message if m])
    return texts


def code_texts() -> set[str]:
    """The literal texts given to `say`, `word`, `shown` and `message_response` in the code."""
    texts: set[str] = set()
    for folder in ("policy", "siklus"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name not in _CALLS:
                    continue
                for arg in node.args[_CALLS[name]]:
                    texts.update(_literals(arg))
    return texts


def _literals(node: ast.expr) -> set[str]:
    """The literal strings an argument can be (a conditional gives both of its texts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _literals(node.body) | _literals(node.orelse)
    return set()


def test_every_text_of_the_public_pages_has_its_english() -> None:
    said = template_texts() | code_texts()
    missing = sorted(said - set(english()))
    assert not missing, "not in templates/portal/en.yml:\n" + "\n".join(missing)


def test_every_entry_of_the_catalogue_is_still_said() -> None:
    said = template_texts() | code_texts()
    stale = sorted(set(english()) - said)
    assert not stale, "templates/portal/en.yml entries no page says:\n" + "\n".join(stale)


def test_an_entry_keeps_its_places() -> None:
    """An English text names the same `%(…)s` places as its Indonesian (or formatting fails)."""
    import re

    place = re.compile(r"%\((\w+)\)s")
    wrong = {k: v for k, v in english().items() if set(place.findall(k)) != set(place.findall(v))}
    assert not wrong


def test_say_fills_the_places_in_either_language() -> None:
    text = "Pertanyaan %(number)s (%(element)s) belum dijawab"
    assert say(text, "id", number=3, element="Waktu") == "Pertanyaan 3 (Waktu) belum dijawab"
    assert say(text, "en", number=3, element="Service time") == (
        "Question 3 (Service time) has not been answered"
    )
    assert word("Tidak ada teks seperti ini", "en") == "Tidak ada teks seperti ini"


def test_a_page_escapes_what_it_puts_into_an_english_text() -> None:
    header = PortalHeader(
        organisation="Kota <b>", policy_title="<script>x</script>", legal_form="Perwali"
    )
    view = MessagePage(header=header, title="t", message="m")
    html = render_portal("message", view, locale="en", switch="/?lang=id")
    assert '<div class="policy">Draft Mayor Regulation on &lt;script&gt;x&lt;/script&gt;' in html
    assert '<div class="org">Kota &lt;b&gt;</div>' in html and "<script>" not in html
    assert '<html lang="en">' in html and 'href="/?lang=id" hreflang="id"' in html
    indonesian = render_portal("message", view, locale="id")
    assert "Rancangan Peraturan Wali Kota tentang &lt;script&gt;" in indonesian
    assert 'hreflang="' not in indonesian  # no address given: no other-language link


@pytest.mark.parametrize("locale", ["id", "en"])
def test_the_footer_speaks_the_page_language(locale: str) -> None:
    view = MessagePage(header=PortalHeader(organisation="Kota"), title="t", message="m")
    html = render_portal("message", view, locale=locale)  # type: ignore[arg-type]
    footer = "Public consultation portal" if locale == "en" else "Portal konsultasi publik"
    assert footer in html
