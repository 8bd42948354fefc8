"""`siklus draft check`: a draft read as the drafting stage reads it, nothing stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from policy.settings import Settings
from siklus.cli import app

PACKS = Path(__file__).resolve().parents[2] / "packs"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, result.output


def _rough_draft(tmp_path: Path) -> Path:
    """Sawahlunto's draft with its 'dan' taken from two lists and a penalty added."""
    text = (PACKS / "sawahlunto" / "rancangan_v3.md").read_text(encoding="utf-8")
    text = text.replace("c. memperkuat dialog kinerja antara pimpinan dan Pegawai; dan",
                        "c. memperkuat dialog kinerja antara pimpinan dan Pegawai;")  # fmt: skip
    text = text.replace("f. survei kepuasan masyarakat; dan", "f. survei kepuasan masyarakat;")
    text = text.replace(
        "Setiap Pegawai wajib menyusun SKP setiap tahun.",
        "Setiap Pegawai wajib menyusun SKP setiap tahun dan yang lalai dipidana denda.",
    )
    path = tmp_path / "rancangan.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_draft_is_checked_against_the_organisations_legal_form(
    settings: Settings, tmp_path: Path
) -> None:
    assert run("pack", "load", "sawahlunto", "--as", "admin")[0] == 0
    path = _rough_draft(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = {n: next(i for i, t in enumerate(lines, 1) if t.startswith(n)) for n in ("c. mem", "f. s")}
    penalty = next(i for i, t in enumerate(lines, 1) if "dipidana" in t)
    column = lines[penalty - 1].index("dipidana") + 1
    code, out = run("draft", "check", str(path))
    assert code == 1, out
    assert "rancangan.md (Perwali): " in out
    assert "; 1 kesalahan, 2 peringatan." in out
    assert (
        f"- rancangan.md baris {penalty} kolom {column}: 'dipidana' menetapkan sanksi pidana"
    ) in out
    for label, line in (("c.", at["c. mem"]), ("f.", at["f. s"])):
        assert f"- rancangan.md baris {line}: Pasal " in out
        assert f"sesudah rincian '{label}', sebelum rincian terakhir" in out
    assert out.count("UU 12/2011 Lampiran II: rincian diakhiri") == 1  # each hint once
    assert "UU 12/2011 Pasal 15 ayat (1)" in out
    with sqlite3.connect(settings.data_dir / "siklus.db") as conn:
        assert conn.execute("SELECT count(*) FROM draftversion").fetchone() == (0,)


def test_the_legal_form_given_needs_no_database(settings: Settings, tmp_path: Path) -> None:
    keputusan = PACKS / "cipocokjaya" / "rancangan_v2.md"
    code, out = run("draft", "check", str(keputusan), "--bentuk", "keputusan")
    assert (code, out.splitlines()[0]) == (
        0,
        "rancangan_v2.md (Keputusan): 8 diktum; 0 kesalahan, 0 peringatan.",
    )
    assert not (settings.data_dir / "siklus.db").exists()
    code, out = run("draft", "check", str(keputusan), "--bentuk", "Perwali")
    assert code == 1
    assert "diktum KESATU dalam Peraturan" in out


def test_an_unknown_legal_form_or_none_to_read(settings: Settings, tmp_path: Path) -> None:
    draft = PACKS / "sorong" / "rancangan_v1.md"
    code, out = run("draft", "check", str(draft), "--bentuk", "Perda")
    assert code == 1
    assert "bentuk hukum 'Perda' tidak dikenal; pilih Perwali, Perbup, Pergub, Keputusan" in out
    code, out = run("draft", "check", str(draft))
    assert code == 1
    assert "Bentuk hukum naskah tidak diketahui: tulis --legal-form Perwali, Perbup, Pergub" in out


def test_a_word_draft_is_checked_paragraph_by_paragraph(settings: Settings, tmp_path: Path) -> None:
    from tests.policy.test_docx_draft import BODY, docx

    path = docx(tmp_path / "rancangan.docx", BODY)
    read = tmp_path / "terbaca.md"
    code, out = run("draft", "check", str(path), "--legal-form", "Perwali",
                    "--save-markdown", str(read))  # fmt: skip
    assert code == 0, out
    assert out.splitlines()[0] == "rancangan.docx (Perwali): 2 Pasal; 0 kesalahan, 1 peringatan."
    assert "(Dokumen Word: baris N adalah paragraf ke-N, sel tabel dihitung urut.)" in out
    assert "Pasal 2: bilangan '14' ditulis dengan angka diikuti kata dalam kurung" in out
    assert f"Naskah sebagaimana dibaca: {read}" in " ".join(out.split())
    text = read.read_text(encoding="utf-8")
    assert "## Pasal 1\n(1) SKP disusun setiap tahun.\n(2) SKP memuat:\na. rencana" in text
