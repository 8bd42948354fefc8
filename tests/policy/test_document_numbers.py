"""Percentages and indicator names as the documents print them, in both locales.

The rules (`policy.locale`): the percent sign joins its number ("88,9%", DOMAIN.md §7); a
share of a count takes one decimal everywhere, the distribution-curve warnings included; a
value in an indicator's unit joins a "%" unit and puts a space before a word ("48,00 jam");
an indicator name inside a sentence keeps its acronyms and capitals.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session

from policy.documents import render_markdown
from policy.locale import Locale
from policy.packs import load_pack
from policy.settings import Settings
from policy.views.evaluation import FollowUpView
from policy.views.evaluation_rows import ActionGroup, ActionRow
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
     ("en", "| 62.20% | 80.00% |", "| 80.00 jam | 72.00 jam |")],
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
