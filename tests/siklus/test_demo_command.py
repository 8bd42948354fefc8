"""`siklus demo --pack NAME`: which pack, in which steps, on which days (no Prefect here).

The demos themselves run through Prefect in tests/flows/test_demo_packs.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy.models import Stage
from policy.packs import load_pack
from policy.settings import Settings, get_settings
from siklus import demo, demo_timeline
from siklus.cli import app

cli = CliRunner()
PACKS = ["cipocokjaya", "gajahmungkur", "lampung", "sawahlunto", "sorong"]


def test_an_unknown_pack_is_refused_with_the_packs_there_are(
    settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "demo-baru"
    result = cli.invoke(
        app, ["demo", "--pack", "padang", "--data-dir", str(target)], env={"COLUMNS": "240"}
    )
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "Gagal: Paket 'padang' tidak ada di folder paket" in text, text
    assert f"Paket yang tersedia: {', '.join(PACKS)}." in text, text
    assert "Traceback" not in text
    assert not target.exists()
    assert not (settings.data_dir / "siklus.db").exists()


def test_the_packs_folder_holds_the_five_demos() -> None:
    assert demo.available_packs() == PACKS


@pytest.mark.parametrize("name", PACKS)
def test_each_pack_runs_its_rounds_then_one_evaluation_per_period_in_order(name: str) -> None:
    loaded = load_pack(get_settings().packs_dir / f"{name}.yaml")
    steps = demo.demo_steps(loaded)
    rounds = 2 if name == "sawahlunto" else 1
    assert steps[0] == (Stage.NEEDS_ANALYSIS, 1, "")
    consultation = [(s, r) for s, r, _p in steps if s in (Stage.FORUMS, Stage.DRAFTING)]
    assert consultation == [(s, r) for r in range(1, rounds + 1) for s in demo.ROUNDS]
    periods = [p for s, _r, p in steps if s == Stage.EVALUATION]
    expected = {
        "cipocokjaya": ["2026-TW3", "2026"],
        "gajahmungkur": ["2026"],
    }.get(name, ["2026-TW3"])
    assert periods == expected
    # every stage's day comes before the next one's
    days = [
        demo_timeline.evaluation_date(name, p) if s == Stage.EVALUATION
        else demo_timeline.stage_date(name, s, r)
        for s, r, p in steps
    ]  # fmt: skip
    assert days == sorted(days), days


def test_sawahlunto_keeps_its_timeline() -> None:
    on = demo_timeline.stage_date
    assert on("sawahlunto", Stage.FORUMS, 2) == date(2026, 4, 20)
    assert on("sawahlunto", Stage.DRAFTING, 2) == date(2026, 4, 27)
    assert demo_timeline.enactment_date("sawahlunto", 2) == date(2026, 4, 30)
    assert demo_timeline.evaluation_date("sawahlunto", "2026-TW3") == date(2026, 10, 15)
    # the regional packs: two weeks after the period
    assert demo_timeline.evaluation_date("lampung", "2026-TW3") == date(2026, 10, 14)
    assert demo_timeline.evaluation_date("cipocokjaya", "2026") == date(2027, 1, 14)


@pytest.mark.parametrize("name", PACKS)
def test_minutes_are_approved_after_the_recap_and_before_drafting(name: str) -> None:
    """The forums stage closes the minutes and writes the Rekapitulasi on its day, so the
    organiser and a leader approve them on the working days after it, before drafting."""
    from policy.workdays import WorkCalendar

    rounds = 2 if name == "sawahlunto" else 1
    for rnd in range(1, rounds + 1):
        organiser, leader = demo_timeline.minutes_approval_dates(name, rnd)
        recap = demo_timeline.stage_date(name, Stage.FORUMS, rnd)
        assert recap < organiser < leader < demo_timeline.stage_date(name, Stage.DRAFTING, rnd)
        assert WorkCalendar().is_working_day(organiser) and WorkCalendar().is_working_day(leader)


def test_sawahlunto_approves_its_minutes_after_each_recap() -> None:
    on = demo_timeline.minutes_approval_dates
    # 24 March 2026 (the Rekapitulasi) is followed by working days; 20 April is a Monday.
    assert on("sawahlunto", 1) == (date(2026, 3, 25), date(2026, 3, 26))
    assert on("sawahlunto", 2) == (date(2026, 4, 21), date(2026, 4, 22))
    # Cipocokjaya's forums day, 16 February, is followed by Tahun Baru Imlek.
    assert on("cipocokjaya", 1) == (date(2026, 2, 18), date(2026, 2, 19))


@pytest.mark.parametrize(
    ("name", "enacted_as", "title"),
    [
        ("sawahlunto", "Peraturan Wali Kota", "Peraturan"),
        ("sorong", "Peraturan Wali Kota", "Peraturan"),
        ("lampung", "Peraturan Gubernur", "Peraturan"),
        ("cipocokjaya", "Keputusan Camat", "Keputusan"),
        ("gajahmungkur", "Keputusan Camat", "Keputusan"),
    ],
)
def test_the_enacted_draft_is_named_by_the_packs_legal_form(
    name: str, enacted_as: str, title: str
) -> None:
    loaded = load_pack(get_settings().packs_dir / f"{name}.yaml")
    assert demo.instrument(loaded) == (enacted_as, title)


def test_approval_notes_name_the_version_and_the_period() -> None:
    assert demo.drafting_note(2).startswith("Rancangan versi 2 dan matriks tanggapan ")
    assert demo.evaluation_note("2026-TW3") == (
        "Hasil evaluasi triwulan III 2026 ditetapkan; tindak lanjut dilaksanakan."
    )
    assert demo.evaluation_note("2026").startswith("Hasil evaluasi tahun 2026 ditetapkan")
    assert demo.evaluation_note("2026-09").startswith("Hasil evaluasi September 2026 ")
