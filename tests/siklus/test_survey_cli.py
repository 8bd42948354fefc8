"""`siklus survey open|list|close` on the Sawahlunto pack, with an answer given between."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session

from policy.db import get_engine
from policy.services import survey_answers
from policy.settings import Settings
from tests.siklus.test_cli import OFFICER, loaded, run

__all__ = ["loaded"]  # the fixture


def test_open_list_and_close_a_units_survey(loaded: Settings) -> None:
    code, out = run("survey", "list", "--as", OFFICER)
    assert code == 0 and "Belum ada survei daring" in out
    code, out = run("survey", "open", "RSUD", "--as", OFFICER, "--base-url", "https://skm.example/")
    assert code == 0, out
    assert "Survei daring Rumah Sakit Umum Daerah Sawahlunto (RSUD) dibuka:" in out
    (token,) = re.findall(r"https://skm\.example/s/([A-Za-z0-9_-]{22})\n", out)
    code, out = run("survey", "open", "RSUD", "--as", OFFICER)
    assert code == 0 and "sudah terbuka sejak sebelumnya" in out and f"/s/{token}" in out

    with Session(get_engine()) as s:
        form = survey_answers.SurveyForm(
            nonce="n" * 22, answers={f"u{i}": "3" for i in range(1, 10)}
        )
        survey_answers.submit_survey(session=s, token=token, form=form)
    code, out = run("survey", "list", "--as", OFFICER)
    assert code == 0, out
    (row,) = [line for line in out.splitlines() if "(RSUD)" in line]
    assert "terbuka sejak" in row
    assert f"RSUD: http://127.0.0.1:8000/s/{token}\n" in out  # the link whole, to copy
    assert "Hasil SKM yang diumumkan" in out and "http://127.0.0.1:8000/ikm/sawahlunto\n" in out
    assert re.search(r"│\s+1 │\s+1 │", row), row  # one answer in all, one of them today
    # The running quarter's responses of the unit (Sawahlunto sets no population: no sample).
    assert re.search(r"Kolom 20\d\d-TW[1-4] \(Triwulan [IV]+ 20\d\d\): semua jawaban SKM", out)

    code, out = run("survey", "close", "RSUD", "--reason", "tautan tersebar", "--as", OFFICER)
    assert code == 0, out
    assert "ditutup; 1 jawaban tetap tersimpan" in out
    code, out = run("imports", "list", "--kind", "skm")
    assert "skm (survei daring)" in out and "survei-daring-RSUD-" in out

    code, out = run("survey", "open", "SETDA", "--as", OFFICER)
    assert code == 1 and "bukan unit layanan publik" in " ".join(out.split())


def test_the_poster_is_written_for_an_open_survey(loaded: Settings, tmp_path: Path) -> None:
    code, out = run(
        "survey", "poster", "RSUD", "--base-url", "https://skm.example", "--as", OFFICER
    )
    assert code == 1 and "survey open RSUD" in out
    code, out = run("survey", "open", "RSUD", "--pelaksana", "LSM Contoh", "--as", OFFICER)
    assert code == 1 and "'LSM Contoh' bukan mitra survei" in " ".join(out.split())
    assert "belum ada (evaluation.ikm.partners di paket)" in " ".join(out.split())
    code, out = run("survey", "open", "RSUD", "--as", OFFICER)
    (token,) = re.findall(r"/s/([A-Za-z0-9_-]{22})", out)
    target = tmp_path / "poster.html"
    code, out = run(
        "survey", "poster", "RSUD", "--base-url", "https://skm.example", "--out", str(target),
        "--as", OFFICER,
    )  # fmt: skip
    assert code == 0, out
    assert f"https://skm.example/s/{token}" in out
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and f"https://skm.example/s/{token}" in page
    assert "Rumah Sakit Umum Daerah Sawahlunto" in page
    assert '<html lang="id">' in page and "Pindai kode ini dengan kamera ponsel Anda" in page
    assert "Hasil dan tindak lanjutnya diumumkan di https://skm.example/ikm/sawahlunto<" in page

    # For a counter that serves foreigners: the poster in English opens the English survey.
    english = tmp_path / "en.html"
    code, out = run(
        "survey", "poster", "RSUD", "--base-url", "https://skm.example", "--out", str(english),
        "--locale", "en", "--as", OFFICER,
    )  # fmt: skip
    assert code == 0, out
    page = english.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>Community Satisfaction Survey</h1>" in page
    assert "Scan this code with your phone's camera" in page.replace("&#39;", "'")
    assert "9 questions, about 3 minutes" in page and "Pindai" not in page
    assert f"https://skm.example/s/{token}?lang=en" in page
    assert "published at https://skm.example/ikm/sawahlunto?lang=en<" in page
    code, out = run(
        "survey", "poster", "RSUD", "--base-url", "https://skm.example", "--locale", "fr",
        "--as", OFFICER,
    )  # fmt: skip
    assert code == 1 and "--locale harus id atau en, ditemukan 'fr'" in out
