"""`siklus demo --pack NAME` runs a regional pack's whole cycle through the cycle flow.

The command runs as typed, on this session's Prefect test harness. One pack runs in
every test run (gajahmungkur: a Keputusan Camat, a held gate, an annual evaluation); the
other three take about 20 s each and run where the stack tests run (SIKLUS_STACK_TESTS=1,
which .ci/run sets), marked `slow`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import RunStatus, Stage
from policy.packs import load_pack
from policy.services import skm_publication
from policy.services.cycle_board import cycle_board
from policy.settings import Settings
from policy.stages import STAGE_TITLES_ID
from siklus import demo
from siklus.cli import app
from siklus.demo_timeline import evaluation_keys, minutes_approval_dates, stage_date

cli = CliRunner()
SLOW = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SIKLUS_STACK_TESTS") != "1",
        reason="another pack's whole demo (~20 s): runs with SIKLUS_STACK_TESTS=1 (.ci/run)",
    ),
]


def _board(output: str) -> list[tuple[str, str]]:
    """(stage title, status) of each row of the printed status board."""
    titles = set(STAGE_TITLES_ID.values())
    rows = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if line.startswith("│") and len(cells) > 3 and cells[1] in titles:
            rows.append((cells[1], cells[2]))
    return rows


@pytest.mark.parametrize(
    "name",
    [
        "gajahmungkur",
        pytest.param("cipocokjaya", marks=SLOW),
        pytest.param("sorong", marks=SLOW),
        pytest.param("lampung", marks=SLOW),
    ],
)
def test_demo_of_a_regional_pack(
    name: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo points this process at its own folder; these put the test's back after.
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("SIKLUS_DATABASE_URL", "")
    loaded = load_pack(settings.packs_dir / f"{name}.yaml")
    org = loaded.pack.organisation
    periods = [period for _key, period in evaluation_keys(loaded.pack.demo)]
    target = tmp_path / f"demo-{name}"

    result = cli.invoke(
        app,
        ["demo", "--pack", name, "--no-email", "--data-dir", str(target)],
        env={"COLUMNS": "240"},
    )

    out = result.output
    assert result.exit_code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(f"{org.name}: paket dimuat,"), lines[0]
    assert f"{org.name} — siklus ke-1" in out
    # every stage approved on the printed board, one evaluation row per demo period
    board = _board(out)
    titles = [title for title, _status in board]
    assert titles == [STAGE_TITLES_ID[s] for s in Stage if s != Stage.EVALUATION] + [
        STAGE_TITLES_ID[Stage.EVALUATION]
    ] * len(periods), board
    assert {status for _title, status in board} == {"disetujui"}, board
    for period in periods:
        assert f"✓ Evaluasi Berkala {period}: " in out
        folder = target / "documents" / org.code / "siklus-1" / f"evaluation-{period}"
        assert list(folder.glob("laporan-evaluasi-*.id.html")), f"no Laporan Evaluasi {period}"
    # the enacted draft by the pack's legal form; nothing of Sawahlunto's demo
    enacted_as, _title = demo.instrument(loaded)
    assert f"ditetapkan sebagai {enacted_as} (" in out
    assert "Sawahlunto" not in out and "Pengingat tenggat" not in out
    if enacted_as != "Peraturan Wali Kota":
        assert "Wali Kota" not in out
    # the leader's notes name the version enacted and each period in words
    with session_scope() as s:
        rows = cycle_board(session=s, organisation=org.code, cycle=1).rows
    notes = {(row.stage, row.period): row.reason for row in rows}
    assert all(row.status == RunStatus.APPROVED for row in rows)
    assert notes[(Stage.DRAFTING, "")].startswith("Rancangan versi 2 dan matriks tanggapan")
    for period in periods:
        assert notes[(Stage.EVALUATION, period)] == demo.evaluation_note(period)
    assert "dokumen (Notulen dan Rekapitulasi Masukan) diterbitkan ulang dengan" in out
    # every period approved: the latest is the public SKM results page's
    assert f"/ikm/{org.code} (hasil SKM yang diumumkan)" in out
    with session_scope() as s:
        public = skm_publication.public_results(session=s, organisation=org.code)
    assert public.latest is not None and public.latest.code in periods
    assert public.units and public.respondents > 0
    # a held gate is opened by the leader on the portal's leaders' page, over HTTP
    held = out.count(" tertahan: ")
    assert out.count("membuka gerbang di halaman pimpinan portal (http://127.0.0.1:") == held
    with session_scope() as s:
        from sqlmodel import select

        from policy.models import GateOverride, PortalToken

        assert len(s.exec(select(GateOverride)).all()) == held
        assert s.exec(select(PortalToken)).all() == []  # the demo's token is withdrawn
    if name == "gajahmungkur":
        assert held == 1
    _recap_states_the_approvals_of_its_day(name, target)
    _plan_lies_within_the_implementation(out)


def _plan_lies_within_the_implementation(out: str) -> None:
    """The demo records when implementation began on its timeline (the stage itself runs
    today): every milestone's target lies between that day and the progress report."""
    from sqlmodel import col, select

    from policy.locale import format_date
    from policy.models import Document, RolloutMilestone
    from policy.services import rollout
    from policy.services.common import get_cycle, get_org

    with session_scope() as s:
        start = rollout.implementation_start(s, get_cycle(s, get_org(s, None)))
        dues = s.exec(select(RolloutMilestone.due_on)).all()
        reported = s.exec(select(Document.dated).where(
            col(Document.key) == "laporan-kemajuan")).first()  # fmt: skip
    assert start is not None and reported is not None and dues
    assert start <= min(dues) and max(dues) <= reported, (start, min(dues), max(dues))
    assert f"Implementasi dimulai {format_date(start)} (dicatat " in out
    assert "sebelum implementasi dimulai" not in out  # no import warned of an early target


def _recap_states_the_approvals_of_its_day(name: str, target: Path) -> None:
    """The run's Rekapitulasi states each forum's minutes as of its day; each forum's second
    approval then publishes it again, dated that approval's day, showing both approvals."""
    from sqlmodel import col, select

    from policy.locale import format_date
    from policy.models import Document, Forum, MinutesApproval

    with session_scope() as s:
        recaps = s.exec(
            select(Document)
            .where(Document.key == "rekapitulasi-masukan", Document.locale == "id")
            .order_by(col(Document.version))
        ).all()
        approvals = s.exec(
            select(Forum.code, MinutesApproval.approved_on).join(
                MinutesApproval, col(MinutesApproval.forum_id) == col(Forum.id)
            )
        ).all()
    assert all(r.md_file.is_relative_to(target) for r in recaps)
    text = recaps[0].md_file.read_text(encoding="utf-8")
    day = stage_date(name, Stage.FORUMS)
    assert f", {format_date(day)}\n" in text
    codes = sorted({code for code, _on in approvals})
    assert codes, "the demo approves the minutes of its closed forums"
    organiser_day, leader_day = minutes_approval_dates(name)
    assert sorted(on for _code, on in approvals) == sorted([organiser_day, leader_day] * len(codes))
    for code in codes:
        row = next(line for line in text.splitlines() if line.startswith(f"| {code} |"))
        by_then = sum(1 for c, on in approvals if c == code and on <= day)
        status = "ditutup, notulen disetujui" if by_then == 2 else "notulen menunggu persetujuan"
        assert status in row, (day, approvals, row)
    # One new version for each forum whose minutes became valid after the run.
    assert [r.version for r in recaps] == list(range(1, len(codes) + 2))
    latest = recaps[-1].md_file.read_text(encoding="utf-8")
    assert f", {format_date(max(day, leader_day))}\n" in latest
    assert "menunggu persetujuan" not in latest
    for code in codes:
        rows = [line for line in latest.splitlines() if line.startswith(f"| {code} |")]
        assert "ditutup, notulen disetujui" in rows[0], rows
        assert f"({format_date(organiser_day)}) |" in rows[1], rows
        assert f"({format_date(leader_day)}) |" in rows[1], rows
