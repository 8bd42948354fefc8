"""Counts, percentages and indicator names as the documents print them, in both locales.

The rules (`policy.locale`): the percent sign joins its number ("88,9%", DOMAIN.md §7); a
share of a count takes one decimal everywhere, the distribution-curve warnings included; a
value in an indicator's unit joins a "%" unit and puts a space before a word ("48,00 jam");
an indicator name inside a sentence keeps its acronyms and capitals. A count (employees,
respondents, participants, inputs, rows, JP) is written with its thousands separator
("1.240" in Indonesian, "1,240" in English); a year, code, version, NIP or ordinal number
(Pasal 5, siklus ke-1, putaran 2, row numbers) is written without one.
"""

from __future__ import annotations

import re
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlmodel import Session

from policy import documents
from policy.documents import View, render_markdown, render_portal, render_text
from policy.locale import Locale
from policy.packs import load_pack
from policy.settings import Settings
from policy.views.actions import carried_text
from policy.views.evaluation import FollowUpView
from policy.views.evaluation_rows import ActionGroup, ActionRow
from policy.views.portal import PORTAL_VIEWS
from policy.views.reminders import ReminderEmailView
from tests.factories import run_pack_cycle
from tests.test_templates import minimal

PACKS = Path(__file__).resolve().parents[2] / "packs"
SPACED_PERCENT = re.compile(r"\d \\?%")
WARNING_SHARE = re.compile(r"(?:pegawai \\\(|employees \()(\d+[,.]\d+)\\?%")


def review(name: str, unit: str, realisation: str, target: str) -> ActionRow:
    """A policy-review action on an indicator that missed its target."""
    return ActionRow(
        rule="policy_review", subject=name.split()[0].upper(), title="Telaah kebijakan",
        name=name, owner="Rina Marlina", owner_kind="member", due_on=date(2026, 11, 12),
        status="open", realisation=Decimal(realisation), target=Decimal(target),
        direction="higher" if unit == "%" else "lower", measure=unit,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "percent", "hours"),
    [("id", "| 62,20% | 80,00% |", "| 80,00 jam | 72,00 jam |"),
     ("en", "| 62.20% | 80.00% |", "| 80.00 hours | 72.00 hours |")],
)  # fmt: skip
def test_policy_review_values_carry_their_unit(
    settings: Settings, locale: Locale, percent: str, hours: str
) -> None:
    actions = [
        review("Persentase pengaduan yang ditanggapi", "%", "62.2", "80"),
        review("Rata-rata waktu respons", "jam", "80", "72"),
        review("Jumlah inovasi", "", "3", "8"),
    ]
    view = minimal(FollowUpView).model_copy(
        update={"groups": [ActionGroup(rule="policy_review", actions=actions)], "total": 3}
    )
    md = render_markdown("rekomendasi_tindak_lanjut", view, locale)
    assert percent in md and hours in md
    assert "| 3,00 | 8,00 |" in md or "| 3.00 | 8.00 |" in md
    assert SPACED_PERCENT.search(md) is None


@pytest.mark.parametrize("name", ["cipocokjaya", "gajahmungkur", "sorong", "lampung"])
def test_regional_documents_write_percentages_and_names_one_way(
    session: Session, name: str
) -> None:
    outputs = run_pack_cycle(session, name, locales=("id", "en"))
    docs = {(d.key, d.locale): d for out in outputs for d in out.documents}
    shares = []
    for (key, locale), doc in docs.items():
        text = Path(doc.md_path).read_text(encoding="utf-8")
        assert SPACED_PERCENT.search(text) is None, f"{key}.{locale}: a space before %"
        shares += WARNING_SHARE.findall(text)
    # Curve-warning shares read as the predikat tables beside them: one decimal.
    assert all(re.fullmatch(r"\d+[,.]\d", s) for s in shares), shares
    # The objectives keep every acronym and inner capital of the pack's indicator names.
    report = docs[("laporan-analisis-kebutuhan", "id")]
    objectives = report_objectives(Path(report.md_path).read_text(encoding="utf-8"))
    indicators = load_pack(PACKS / f"{name}.yaml").pack.indicators
    assert len(objectives) == len(indicators)
    for line, indicator in zip(objectives, indicators, strict=True):
        capitals = [w for w in indicator.name.split()[1:] if any(c.isupper() for c in w)]
        for word in capitals:
            assert f" {word} " in f" {line} ", (word, line)
        if indicator.unit == "%":
            assert line.endswith(f"menjadi {indicator.target:.2f}%.".replace(".", ",", 1))


def report_objectives(markdown: str) -> list[str]:
    """The numbered objectives of a Laporan Analisis Kebutuhan, Markdown escapes removed."""
    block = markdown.split("Tujuan kebijakan:\n\n")[1].split("\n\n")[0]
    return [line.replace("\\", "") for line in block.splitlines()]


BIG = 12345
"""Every count of a view is set to this; printed bare, it is a count without its separator."""
SEPARATED = {"id": f"{BIG:,}".replace(",", "."), "en": f"{BIG:,}"}
ORDINALS = frozenset({
    "cycle", "round", "rounds", "version", "old_version", "new_version", "number", "numbers",
    "no", "rank", "year", "jp_year", "line", "level", "id", "duplicate_of", "near_duplicate_of",
    "old_number", "new_number", "similarity", "attempt", "blank_rows",
    "shown", "removed_in", "decimals", "run_id", "forum_id", "notulen_id",
})  # fmt: skip
"""View fields that hold a year, a version, an ordinal number or a record's number in a link
(printed without separator), or how to print another number (an indicator's `decimals`)."""
ELSEWHERE = frozenset(
    {"laporan_evaluasi", "lembar_hasil_unit", "rekomendasi_tindak_lanjut", "lembar_pegawai"}
)
"""The evaluation documents, whose counts are checked by their own tests."""


def inflate(value: Any) -> Any:
    """`value` with every count in it (not the ordinals) set to `BIG`."""
    if isinstance(value, BaseModel):
        update = {
            name: inflate(getattr(value, name))
            for name in type(value).model_fields
            if name not in ORDINALS
        }
        return value.model_copy(update=update)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return BIG
    if isinstance(value, list | tuple):
        return type(value)(inflate(v) for v in value)
    if isinstance(value, dict):
        return {k: inflate(v) for k, v in value.items()}
    return value


def test_every_count_a_document_prints_has_its_thousands_separator(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views of a whole cycle of a pack, their counts made large, rendered again."""
    views: dict[tuple[str, str], View] = {}
    render = documents.render_document

    def keep(name: str, view: View, locale: Locale, footer: str) -> documents.Rendered:
        views.setdefault((name, locale), view)
        return render(name, view, locale, footer)

    monkeypatch.setattr(documents, "render_document", keep)
    run_pack_cycle(session, "sawahlunto", locales=("id", "en"))
    names = {name for name, _ in views} - ELSEWHERE
    assert len(names) >= 10, sorted(names)
    counted = set()
    for (name, locale), view in sorted(views.items()):
        if name in ELSEWHERE:
            continue
        text = render_markdown(name, inflate(view), locale)  # type: ignore[arg-type]
        bare = [line for line in text.splitlines() if str(BIG) in line]
        assert not bare, f"{name}.{locale}: a count without its separator: {bare[:3]}"
        if SEPARATED[locale] in text:
            counted.add(name)
    # Every document of the cycle prints counts, but the Peraturan, its draft and the Undangan.
    assert names - counted == {"peraturan", "rancangan_peraturan", "undangan"}


def filled(model: type[BaseModel]) -> Any:
    """A view with one item in each list of views and every count set to `BIG`."""
    update: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        kind, args = typing.get_origin(field.annotation), typing.get_args(field.annotation)
        if kind is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            update[name] = [filled(args[0])]
        elif isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            update[name] = filled(field.annotation)
    return inflate(minimal(model).model_copy(update=update))


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize("name", ["email_pengingat", "email_eskalasi"])
def test_reminder_emails_write_counts_with_their_separator(
    settings: Settings, name: str, locale: Locale
) -> None:
    text = render_text(name, filled(ReminderEmailView), locale)
    assert str(BIG) not in text and SEPARATED[locale] in text


@pytest.mark.parametrize("name", sorted(PORTAL_VIEWS))
def test_portal_pages_write_counts_with_their_separator(settings: Settings, name: str) -> None:
    html = render_portal(name, filled(PORTAL_VIEWS[name]))
    # The longest text a form takes is an attribute for the browser, not a number to read.
    assert str(BIG) not in html.replace(f'maxlength="{BIG}"', "")


@pytest.mark.parametrize(
    ("locale", "text"), [("id", "belum selesai: 1.240 pegawai (#3, #4)"),
                         ("en", "not completed: 1,240 employees (#3, #4)")],
)  # fmt: skip
def test_a_carried_problem_counts_its_employees_with_the_separator(
    locale: Locale, text: str
) -> None:
    assert carried_text("coaching", (3, 4), locale, employees=1240).endswith(text)
