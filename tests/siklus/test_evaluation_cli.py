"""`siklus action list|close|export` and `siklus evaluation sheets` (plain service calls)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy.db import session_scope
from policy.models import AuditEvent, FollowUpAction, Stage
from policy.services import cycle as cycle_service
from policy.services import evaluation, needs_analysis
from policy.settings import Settings
from siklus.cli import app
from tests.policy.services.test_evaluation import AS_OF, BP_DUK, ingest_all, pack, start_run
from tests.policy.services.test_schedule import implementation_approved

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def _evaluated(s: Session, folder: Path) -> None:
    """The national TW III evaluation of 'contoh', produced (7 actions)."""
    run_id = start_run(s, folder, pack())
    ingest_all(s, folder, run_id)
    evaluation.produce(session=s, run_id=run_id, actor="rina", as_of=AS_OF)


def test_action_list_close_and_sheets(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
        action_id = s.exec(select(FollowUpAction.id).where(FollowUpAction.subject == BP_DUK)).one()
    code, out = run("action", "list", "--status", "open")
    assert code == 0, out
    assert "7 tindak lanjut, 0 selesai." in out and "Fajar Nugroho" in out
    code, out = run("action", "close", str(action_id), "--as", "rina")
    assert code != 0 and "--note" in out
    code, out = run("action", "close", str(action_id), "--as", "budi", "--note", "x")
    assert code == 1 and "tidak berwenang" in out
    code, out = run(
        "action",
        "close",
        str(action_id),
        "--as",
        "rina",
        "--note",
        "Coaching 3 sesi, SKP direvisi 12/11/2026",
    )
    assert code == 0, out
    assert f"Tindak lanjut #{action_id}" in out and "ditutup oleh rina" in out
    code, out = run("action", "list", "--status", "done")
    assert code == 0 and "selesai (rina)" in out and "1 tindak lanjut, 1 selesai." in out
    with session_scope() as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "followup.closed")).one()
    code, out = run(
        "evaluation",
        "sheets",
        "--period",
        "2026-TW3",
        "--nip",
        BP_DUK,
        "--as",
        "rina",
        "--as-of",
        "2026-10-20",
        "--locale",
        "id",
        "--locale",
        "en",
    )
    assert code == 0, out
    assert "2 lembar hasil pribadi diterbitkan." in out
    code, out = run("evaluation", "sheets", "--period", "2026-TW2", "--as", "rina")
    assert code == 1 and "belum pernah dijalankan" in out
    # A NIP in its display form is read; one that is no NIP is refused for what it lacks.
    shown = f"{BP_DUK[:8]} {BP_DUK[8:14]} {BP_DUK[14]} {BP_DUK[15:]}"
    code, out = run("evaluation", "sheets", "--period", "2026-TW3", "--nip", shown, "--as", "rina")
    # The same figures, by default dated as the Laporan: the sheet issued stands.
    assert code == 0 and (
        "0 lembar hasil pribadi diterbitkan. 1 lembar tidak berubah sejak terbit: versinya "
        "tetap berlaku." in " ".join(out.split())
    ), out
    assert f"lembar-pegawai-{BP_DUK}-2026-tw3-v1.id.html" in out  # one line, whole
    # Another date asked for: a new version.
    code, out = run("evaluation", "sheets", "--period", "2026-TW3", "--nip", shown, "--as", "rina",
                    "--as-of", "2026-10-27")  # fmt: skip
    assert code == 0 and "1 lembar hasil pribadi diterbitkan." in out, out
    assert f"lembar-pegawai-{BP_DUK}-2026-tw3-v2.id.html" in out
    code, out = run(
        "evaluation", "sheets", "--period", "2026-TW3", "--nip", "12345", "--as", "rina"
    )
    assert code == 1 and "Bukan NIP yang sah — '12345': NIP harus 18 digit angka" in out, out


def test_an_action_of_cycle_1_is_listed_and_closed_in_cycle_3(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
        action_id = s.exec(select(FollowUpAction.id).where(FollowUpAction.subject == BP_DUK)).one()
        for year in (2027, 2028):  # two revision cycles, each with its needs analysis
            implementation_approved(s, "contoh")
            cyc = cycle_service.open_cycle(session=s, organisation="contoh", actor="rina")
            ref = cycle_service.begin_stage(session=s, organisation="contoh", cycle=cyc.number,
                                            stage=Stage.NEEDS_ANALYSIS, actor="rina")  # fmt: skip
            needs_analysis.produce(session=s, run_id=ref.run_id, actor="rina",
                                   as_of=date(year, 1, 20))  # fmt: skip
    code, out = run("action", "list", "--cycle", "3", "--status", "open")
    assert code == 0, out
    assert "7 tindak lanjut, 0 selesai." in out and "dibawa ke siklus 3" in out
    assert "Fajar Nugroho" in out
    code, out = run("action", "close", str(action_id), "--as", "rina", "--note", "Coaching selesai")
    assert code == 0 and f"Tindak lanjut #{action_id}" in out, out
    code, out = run("action", "list", "--status", "open")
    assert code == 0 and "6 tindak lanjut, 0 selesai." in out
    # Its history: made in cycle 1, carried into cycle 2, then 3, closed there.
    code, out = run("action", "show", str(action_id))
    assert code == 0, out
    text = " ".join(out.split())
    assert f"Tindak lanjut #{action_id}" in text and "Untuk: Fajar Nugroho" in text
    assert "Status: selesai" in text and "Siklus, periode: 1, 2026-TW3" in text
    made = text.index("dibuat oleh evaluasi Triwulan III 2026")
    carried = [i for i in range(len(text)) if text.startswith("dibawa ke siklus kebijakan", i)]
    closed = text.index("ditutup")
    assert len(carried) == 2 and made < carried[0] < carried[1] < closed, out
    assert "Coaching selesai" in text and "Rina Marlina (rina)" in text
    code, out = run("action", "show", "9999")
    assert code == 1 and "Tindak lanjut #9999 tidak ditemukan di contoh" in out


def test_action_export_writes_an_excel_csv_that_imports_back(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
    target = tmp_path / "dukcapil.csv"
    code, out = run("action", "export", str(target), "--status", "open", "--unit", "DUKCAPIL",
                    "--as", "rina")  # fmt: skip
    assert code == 0, out
    assert f"{target}: 2 tindak lanjut. Ekspor ini dicatat di jejak audit." in " ".join(out.split())
    assert "siklus import tindak_lanjut" in out
    raw = target.read_bytes()
    with session_scope() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "action.exported")).one()
    assert (event.payload["format"], event.payload["rows"]) == ("excel", 2)
    assert event.payload["sha256"] == hashlib.sha256(raw).hexdigest()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with its byte-order mark
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "no;siklus;periode;jenis;tindak_lanjut;untuk;unit_kerja;penanggung_jawab;batas_waktu;"
        "status;perkembangan;catatan_penyelesaian"
    )
    fajar = next(line for line in lines if ";Fajar Nugroho;" in line)
    assert fajar.endswith(";terbuka;;")  # no progress yet; the note is the last cell, empty
    other = next(line for line in lines[1:] if line != fajar)
    under_way = other[: -len(";")] + "Sesi 1 dari 2;"  # progress only: stays open
    filled = f"{lines[0]}\n{fajar}Coaching dua sesi, 5/11/2026\n{under_way}\n"
    target.write_text(filled, encoding="utf-8-sig")
    # What the import does besides closing is a note, not a warning; a dry run says "would".
    code, out = run("import", "tindak_lanjut", str(target), "--as", "rina", "--dry-run")
    assert code == 0 and "Peringatan" not in out, out
    assert "Bila diimpor: 1 tindak lanjut dicatat perkembangannya (belum selesai)" in out
    code, out = run("import", "tindak_lanjut", str(target), "--as", "rina")
    assert code == 0 and "Peringatan" not in out, out
    assert "Catatan: 1 tindak lanjut dicatat perkembangannya (belum selesai)" in out
    with session_scope() as s:
        note = s.exec(select(FollowUpAction.closing_note).where(
            FollowUpAction.subject == BP_DUK)).one()  # fmt: skip
    assert note == "Coaching dua sesi, 5/11/2026"
    # The filled file is not written over unasked: the units' notes would be lost.
    code, out = run("action", "export", str(target), "--as", "rina")
    assert code == 1 and "sudah ada dan mungkin sudah diisi unit" in " ".join(out.split())
    assert target.read_text(encoding="utf-8-sig") == filled
    code, out = run("action", "export", str(target), "--unit", "X", "--as", "rina", "--overwrite")
    assert code == 1 and "Unit 'X' tidak ada" in out
    book = tmp_path / "dukcapil.xlsx"
    code, out = run("action", "export", str(book), "--unit", "DUKCAPIL", "--as", "rina")
    assert code == 0 and book.read_bytes().startswith(b"PK"), out  # a workbook (zip)
    code, out = run("action", "list", "--unit", "dukcapil")
    assert "2 tindak lanjut, 1 selesai, 1 dilaporkan sedang berjalan." in out, out
    assert code == 0 and "Puskesmas" not in out


def test_action_export_is_audited_and_refused_to_a_forum_organiser(
    settings: Settings, tmp_path: Path
) -> None:
    """The file names employees: only officers, leaders and admins write it, each time audited."""
    with session_scope() as s:
        _evaluated(s, tmp_path)
    target = tmp_path / "pkm.xlsx"
    chosen = ("--status", "open", "--period", "2026-TW3", "--unit", "pkm")
    code, out = run("action", "export", str(target), *chosen, "--as", "budi")  # an organiser
    assert code == 1, out
    assert (
        "budi tidak berwenang mengekspor tindak lanjut (perlu peran: admin, leader, officer)"
        in " ".join(out.split())
    )
    assert not target.exists()
    with session_scope() as s:
        assert not s.exec(select(AuditEvent).where(AuditEvent.action == "action.exported")).all()
    code, out = run("action", "export", str(target), *chosen, "--as", "sekda")  # a leader
    assert code == 0, out
    with session_scope() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "action.exported")).one()
    assert (event.actor, event.subject_type) == ("sekda", "organisation")
    assert event.payload == {
        "filters": {"cycle": None, "status": "open", "period": "2026-TW3", "unit": "PKM"},
        "rows": 4,
        "format": "xlsx",
        "file": "pkm.xlsx",
        "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
    }


def test_an_export_that_cannot_be_written_is_not_recorded(
    settings: Settings, tmp_path: Path
) -> None:
    """The file is written before the export is audited: a folder not there leaves no event."""
    with session_scope() as s:
        _evaluated(s, tmp_path)
    target = tmp_path / "tidak-ada" / "pkm.csv"
    code, out = run("action", "export", str(target), "--as", "rina")
    assert code == 1
    assert "tidak-ada" in out and "Gagal:" in out
    assert not target.parent.exists()
    with session_scope() as s:
        assert not s.exec(select(AuditEvent).where(AuditEvent.action == "action.exported")).all()
    # The same with the folder there: written, then recorded, with no file left half-named.
    target.parent.mkdir()
    code, out = run("action", "export", str(target), "--as", "rina")
    assert code == 0, out
    assert [p.name for p in target.parent.iterdir()] == ["pkm.csv"]
    with session_scope() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "action.exported")).one()
    assert event.payload["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_action_progress_is_recorded_and_listed(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
        action_id = s.exec(select(FollowUpAction.id).where(FollowUpAction.subject == BP_DUK)).one()
    code, out = run("action", "progress", str(action_id), "--as", "rina",
                    "--note", "Coaching sesi 1 dari 3")  # fmt: skip
    assert code == 0, out
    assert f"Perkembangan tindak lanjut #{action_id} (" in out and "masih terbuka" in out
    code, out = run("action", "list", "--status", "open")
    assert code == 0, out
    cells = [c.strip() for line in out.splitlines() for c in line.split("│")]
    assert "Perkembang" in out and any(c.endswith(": Coaching sesi 1") for c in cells), out
    assert "7 tindak lanjut, 0 selesai, 1 dilaporkan sedang berjalan." in out
    code, out = run("action", "progress", str(action_id), "--as", "rina", "--note", "")
    assert code == 1 and "Catatan perkembangan wajib diisi" in out


def test_action_public_writes_and_clears_the_note_for_the_results_page(
    settings: Settings, tmp_path: Path
) -> None:
    with session_scope() as s:
        _evaluated(s, tmp_path)
        ikm = s.exec(
            select(FollowUpAction.id).where(FollowUpAction.rule == "corrective_ikm")
        ).first()
        coaching = s.exec(select(FollowUpAction.id).where(FollowUpAction.subject == BP_DUK)).one()
    assert ikm is not None
    code, out = run("action", "public", str(ikm), "--as", "rina", "--note", "Loket tambahan")
    assert code == 0, out
    assert f"Catatan publik tindak lanjut #{ikm}" in out and "disimpan" in out
    with session_scope() as s:
        assert s.get(FollowUpAction, ikm).public_note == "Loket tambahan"  # type: ignore[union-attr]
    code, out = run("action", "public", str(coaching), "--as", "rina", "--note", "x")
    assert code == 1 and "bukan tindakan korektif IKM" in " ".join(out.split())
    code, out = run("action", "public", str(ikm), "--as", "rina", "--clear")
    assert code == 0 and "dihapus" in out
    with session_scope() as s:
        assert s.get(FollowUpAction, ikm).public_note == ""  # type: ignore[union-attr]


def test_evaluation_links_writes_the_list_of_private_links(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.settings import get_settings

    with session_scope() as s:
        _evaluated(s, tmp_path)
    code, out = run("evaluation", "sheets", "--period", "2026-TW3", "--nip", BP_DUK, "--as", "rina")
    assert code == 0, out
    target = tmp_path / "tautan.csv"
    code, out = run("evaluation", "links", str(target), "--period", "2026-TW3", "--as", "rina")
    assert code == 1 and "Alamat portal belum diketahui" in " ".join(out.split())
    assert not target.exists()
    monkeypatch.setenv("SIKLUS_PORTAL_URL", "https://kinerja.contoh.example/")
    get_settings.cache_clear()
    code, out = run("evaluation", "links", str(target), "--period", "2026-TW3", "--as", "rina")
    assert code == 0, out
    assert "1 tautan lembar hasil pribadi periode 2026-TW3, berlaku sampai" in " ".join(out.split())
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "nip;nama;unit_kerja;tautan;berlaku_sampai"
    assert lines[1].startswith(f'"=""{BP_DUK}""";Fajar Nugroho;')  # Excel keeps the 18 digits
    assert ";https://kinerja.contoh.example/lembar/" in lines[1]
    code, out = run("evaluation", "links", str(target), "--period", "2026-TW3", "--as", "rina")
    assert code == 1 and "sudah ada" in out  # not written over unasked
    # Printable slips beside the list: a QR code per employee, the same link.
    slips = tmp_path / "potongan.html"
    code, out = run("evaluation", "links", str(target), "--period", "2026-TW3", "--slips",
                    str(slips), "--overwrite", "--as", "rina")  # fmt: skip
    assert code == 0 and "potongan siap cetak" in out, out
    page = slips.read_text(encoding="utf-8")
    link = target.read_text(encoding="utf-8-sig").splitlines()[1].split(";")[3]
    assert page.count('class="slip"') == 1 and link in page and "<svg" in page
    assert "Fajar Nugroho" in page and "NIP 19851220 201001 1 004" in page
    assert "Lembar Hasil Penilaian Kinerja Triwulan III 2026" in page
    with session_scope() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "evaluation.sheet_links")
                       .order_by(AuditEvent.seq.desc())).first()  # type: ignore[attr-defined]  # fmt: skip
    assert event is not None
    assert event.payload["slips_sha256"] == hashlib.sha256(slips.read_bytes()).hexdigest()
    code, out = run("evaluation", "links", str(target), "--period", "2026-TW3", "--slips",
                    str(tmp_path / "x.pdf"), "--overwrite", "--as", "rina")  # fmt: skip
    assert code == 1 and "akhiri nama berkas potongan dengan .html" in out
    # How far the sheets reached: one issued, linked, not opened yet.
    code, out = run("evaluation", "opened", "--period", "2026-TW3", "--names", "--as", "rina")
    assert code == 0, out
    row = next(line for line in out.splitlines() if "Kependudukan" in line)
    assert [c.strip() for c in row.strip("│ ").split("│")][1:] == ["1", "1", "0", "1", "0"]
    assert f"Belum dibuka: Fajar Nugroho ({BP_DUK}), Dinas Kependudukan" in " ".join(out.split())
    code, out = run("evaluation", "opened", "--period", "2026-TW3", "--unit", "PKM", "--as",
                    "rina")  # fmt: skip
    assert code == 0 and "Belum ada lembar hasil pribadi periode 2026-TW3" in out, out
