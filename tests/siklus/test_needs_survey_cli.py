"""`siklus needs-survey open|list|poster|close` on the Sawahlunto pack, with answers between."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session

from policy.db import get_engine
from policy.services import needs_answers as na
from policy.settings import Settings
from tests.siklus.test_cli import OFFICER, loaded, run

__all__ = ["loaded"]  # the fixture


def test_open_list_poster_and_close_a_units_questionnaire(loaded: Settings, tmp_path: Path) -> None:
    code, out = run("needs-survey", "open", "DISDUKCAPIL", "--as", OFFICER)
    assert code == 1 and "Siklus apa pun belum ada" in out
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    code, out = run("needs-survey", "list", "--as", OFFICER)
    assert code == 0 and "Belum ada kuesioner kebutuhan ASN daring" in out

    code, out = run(
        "needs-survey", "open", "DISDUKCAPIL", "--as", OFFICER, "--base-url", "https://k.example/"
    )
    assert code == 0, out
    assert "Dinas Kependudukan dan Pencatatan Sipil (DISDUKCAPIL), siklus ke-1, dibuka:" in out
    (token,) = re.findall(r"https://k\.example/k/([A-Za-z0-9_-]{22})\n", out)
    assert "siklus needs-survey poster DISDUKCAPIL --base-url https://k.example" in out
    code, out = run("needs-survey", "open", "DISDUKCAPIL", "--cycle", "1", "--as", OFFICER)
    assert code == 0 and "sudah terbuka sejak sebelumnya" in out and f"/k/{token}" in out

    with Session(get_engine()) as s:
        for i in range(2):
            form = na.NeedsForm(nonce=f"nonce-{i:0>16}", answers={"k1": "3", "k2": "2"})
            na.submit_questionnaire(session=s, token=token, form=form)
    code, out = run("needs-survey", "list", "--as", OFFICER)
    assert code == 0, out
    (row,) = [line for line in out.splitlines() if "(DISDUKCAPIL)" in line]
    assert "terbuka sejak" in row
    # Two answers in all, both today; the unit's 2 sheets are fewer than the group size.
    assert re.search(r"│\s+2 │\s+2 │ 2 \(< 3, digabung\) │", row), row
    assert f"DISDUKCAPIL: http://127.0.0.1:8000/k/{token}\n" in out  # the link whole, to copy

    target = tmp_path / "poster.html"
    code, out = run(
        "needs-survey", "poster", "DISDUKCAPIL", "--base-url", "https://k.example",
        "--out", str(target), "--as", OFFICER,
    )  # fmt: skip
    assert code == 0, out
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and f"https://k.example/k/{token}" in page
    assert "<h1>Kuesioner Kebutuhan ASN</h1>" in page and "NIP tidak ditanyakan" in page

    code, out = run("needs-survey", "close", "DISDUKCAPIL", "--as", OFFICER)
    assert code != 0 and "--reason" in out
    code, out = run(
        "needs-survey", "close", "DISDUKCAPIL", "--reason", "pengisian selesai", "--as", OFFICER
    )
    assert code == 0, out
    assert "ditutup; 2 jawaban tetap tersimpan" in out
    code, out = run("needs-survey", "list", "--as", OFFICER)
    assert "ditutup" in out and "pengisian selesai" in out and f"/k/{token}" not in out
    code, out = run("imports", "list", "--kind", "kebutuhan_asn")
    assert "kebutuhan_asn (survei daring)" in out and "survei-daring-DISDUKCAPIL-" in out
    assert "Dapat dibatalkan (siklus imports undo" in out


def test_only_officers_open_it_and_for_a_unit_the_pack_has(loaded: Settings) -> None:
    assert run("cycle", "start", "--as", OFFICER)[0] == 0
    code, out = run("needs-survey", "open", "RSUD", "--as", "desmawati.yusuf")
    assert code == 1 and "tidak berwenang membuka kuesioner kebutuhan ASN" in " ".join(out.split())
    code, out = run("needs-survey", "open", "NOPE", "--as", OFFICER)
    assert code == 1 and "unit kerja yang terdaftar: BKPSDM, DINKES" in " ".join(out.split())
    code, out = run("needs-survey", "poster", "RSUD", "--base-url", "https://k.example",
                    "--as", OFFICER)  # fmt: skip
    assert code == 1 and "buka dulu: siklus needs-survey open RSUD" in " ".join(out.split())
