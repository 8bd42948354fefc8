"""CLI: `status --overdue`, `reminders sweep|log`, `rollout plan …`, the demo's emails."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import Stage
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import implementation, imports, organisation
from policy.settings import Settings, get_settings
from siklus.cli import app
from siklus.mailbox import LoopbackMailbox
from tests.factories import make_org
from tests.policy.services.deadline_fixtures import (
    implementation_running,
    ingest_progress,
    pack,
)

pytest.importorskip("aiosmtpd", reason="aiosmtpd (a dependency) is needed for the SMTP tests")
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture
def org(settings: Settings, tmp_path: Path) -> str:
    with session_scope() as s:
        run_id = implementation_running(s, tmp_path)
        ingest_progress(s, tmp_path, run_id)
    return "contoh"


def test_status_overdue(org: str) -> None:
    code, out = run("status", "--overdue", "--today", "2026-03-25")
    assert code == 0, out
    assert "Tenggat terlewati — Pemerintah Kota Contoh, per 25 Maret 2026 (1;" in out
    assert "SKP disusun" in out and "3 hari kerja" in out and "proses" in out
    code, out = run("status", "--overdue", "--today", "2026-03-13")
    assert "Tidak ada tenggat yang terlewati" in out
    code, out = run("status", "--overdue", "--today", "13-03-2026")
    assert code == 1 and "YYYY-MM-DD" in out


def test_reminders_sweep_dry_run_then_smtp(org: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("reminders", "sweep", "--dry-run", "--today", "2026-03-25", "--show")
    assert code == 0, out
    assert "reminder → dr. Putri Amelia <kepala.pkm@contoh.example>" in out
    assert "Yth. Hendra Gunawan," in out
    assert "3 surel akan dikirim" in out
    code, out = run("reminders", "sweep", "--today", "2026-03-25")
    assert code == 1 and "SIKLUS_SMTP_HOST" in out
    with LoopbackMailbox() as box:
        monkeypatch.setenv("SIKLUS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SIKLUS_SMTP_PORT", str(box.port))
        get_settings.cache_clear()
        code, out = run("reminders", "sweep", "--today", "2026-03-25")
        assert code == 0, out
        assert "3 surel terkirim" in out and len(box.messages) == 3
        code, out = run("reminders", "sweep", "--today", "2026-03-25")
        assert "0 surel terkirim" in out and len(box.messages) == 3
    code, out = run("reminders", "log")
    assert code == 0 and out.count("milestone:") == 3 and "kepala.pkm@contoh.example" in out


def test_rollout_plan_export_and_import(org: str, tmp_path: Path) -> None:
    path = tmp_path / "rencana.csv"
    code, out = run("rollout", "plan", "export", str(path))
    assert code == 0, out
    assert "6 tahap (tersimpan" in out
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfunit_kerja;nama_unit;tahap;target_tanggal\r\n")
    text = raw.decode("utf-8-sig").replace("PKM;Puskesmas Kota;SKP disusun;25/03/2026",
                                           "PKM;Puskesmas Kota;SKP disusun;27/03/2026")  # fmt: skip
    path.write_text(text, encoding="utf-8-sig")
    code, out = run("rollout", "plan", "import", str(path), "--as", "rina")
    assert code == 0, out
    assert "6 tahap disimpan sebagai rencana" in out
    code, out = run("status", "--overdue", "--today", "2026-03-26")
    assert "Puskesmas Kota" not in out  # due on the 27th now
    code, out = run("rollout", "plan", "import", str(path))
    assert code == 1 and "--as" in out


def test_rollout_plan_create_records_when_implementation_began(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        org = make_org(s, tmp_path, pack())
        cycle_service.open_cycle(session=s, organisation=org, actor="rina")
    create = ("rollout", "plan", "create", "--start", "2026-03-16")
    code, out = run(*create, "--as", "budi")
    assert code == 1 and "budi tidak berwenang mengubah rencana" in out, out
    code, out = run(*create, "--as", "rina")
    assert code == 0, out
    assert (
        "Implementasi dimulai 16 Maret 2026: 6 tahap dari paket untuk 4 unit kerja disimpan "
        "sebagai rencana." in " ".join(out.split())
    )
    code, out = run("rollout", "plan", "export", str(tmp_path / "rencana.csv"))
    assert code == 0 and "6 tahap (tersimpan, mulai implementasi 16 Maret 2026)" in out, out
    code, out = run("rollout", "plan", "create", "--start", "2026-03-02", "--as", "rina")
    assert code == 1 and "sudah memiliki rencana implementasi (6 tahap, sejak 16 Maret" in out


def test_rollout_plan_create_without_milestone_templates(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        org = make_org(s, tmp_path)  # a pack without `milestones:`
        cycle_service.open_cycle(session=s, organisation=org, actor="rina")
    code, out = run("rollout", "plan", "create", "--start", "2026-07-01", "--as", "rina")
    assert code == 0, out
    assert "Implementasi dimulai 1 Juli 2026 dicatat. Paket tidak memuat tahap implementasi" in (
        " ".join(out.split())
    )
    code, out = run("rollout", "plan", "export", str(tmp_path / "rencana.csv"))
    assert code == 0 and "0 tahap (dari paket, belum disimpan, mulai implementasi 1 Juli 2026)" in (
        out
    ), out


def test_demo_sends_reminders_to_the_loopback_server(settings: Settings) -> None:
    from siklus.demo import REMINDER_DAY, show_reminders

    loaded = load_pack(settings.packs_dir / "sawahlunto.yaml")
    officer, leader = "rahmi.oktavia", "syahrul.anwar"
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor="admin")
        imports.import_file(session=s, organisation="sawahlunto", kind="pegawai",
                            path=loaded.demo_file("setup", "pegawai"), actor=officer)  # fmt: skip
        cycle_service.open_cycle(session=s, organisation="sawahlunto", actor=officer)
        cycle_service.override_gate(session=s, organisation="sawahlunto", cycle=None,
                                    stage=Stage.IMPLEMENTATION, leader=leader,
                                    reason="Sosialisasi susulan dijadwalkan.")  # fmt: skip
        ref = cycle_service.begin_stage(session=s, organisation="sawahlunto", cycle=None,
                                        stage=Stage.IMPLEMENTATION, actor=officer)  # fmt: skip
        progres = loaded.demo_file("implementation", "progres")
        implementation.ingest(session=s, run_id=ref.run_id, actor=officer,
                              inputs={"progres": progres})  # fmt: skip
    buffer = io.StringIO()
    received = show_reminders(Console(file=buffer, width=200), REMINDER_DAY)
    out = buffer.getvalue()
    to = sorted(str(m["To"]) for m in received)
    assert to == [
        '"Desmawati Yusuf, S.E., M.M." <desmawati.yusuf@sawahlunto.example>',
        '"Drs. Syahrul Anwar, M.Si." <syahrul.anwar@sawahlunto.example>',
        '"Ikhsan, S.H., M.H." <camat.talawi@sawahlunto.example>',
        '"dr. Rizki Gusman, M.A.R.S." <direktur.rsud@sawahlunto.example>',
    ]
    subjects = {str(m["To"].addresses[0].addr_spec): str(m["Subject"]) for m in received}
    assert subjects["direktur.rsud@sawahlunto.example"] == (
        "[Siklus] Pengingat: Rumah Sakit Umum Daerah Sawahlunto: Penilaian periodik TW II "
        "dilaksanakan jatuh tempo 15 September 2026"
    )
    assert subjects["syahrul.anwar@sawahlunto.example"] == "[Siklus] Eskalasi: 3 tenggat terlewati"
    assert "4 surel diterima server SMTP uji di 127.0.0.1:" in out
    assert "Tenggat terlewati — Pemerintah Kota Sawahlunto, per 10 September 2026 (3;" in out
    assert "Perihal: [Siklus] Eskalasi: 3 tenggat terlewati" in out


def test_the_overdue_board_names_follow_up_actions_per_unit() -> None:
    from datetime import date

    from policy.services.deadlines import ACTION, OVERDUE, DeadlineItem
    from siklus.reminders import print_overdue

    item = DeadlineItem(
        key="action:7:coaching:unit:PKM:2026-11-12", kind=ACTION, state=OVERDUE,
        organisation="contoh", cycle=1, due_on=date(2026, 11, 12), working_days=1,
        title="Pembinaan kinerja dan pengembangan kompetensi", period="2026-TW3",
        rule="coaching", unit_code="PKM", unit="Puskesmas Kota", count=2,
        names=("Joko Susilo", "Sari Dewi"),
    )  # fmt: skip
    buffer = io.StringIO()
    print_overdue(Console(file=buffer, width=200), "Pemerintah Kota Contoh",
                  date(2026, 11, 13), [item])  # fmt: skip
    out = buffer.getvalue()
    assert "tindak lanjut" in out and "2 terbuka" in out and "1 hari kerja" in out
    assert (
        "Puskesmas Kota — Pembinaan kinerja dan pengembangan kompetensi 2026-TW3: 2 tindak "
        "lanjut terbuka" in out
    )
