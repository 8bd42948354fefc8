"""Socialisation: workshops for units and positions, capacity, Daftar Hadir, lists per unit, JP."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from policy.models import Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import imports, review, socialisation
from policy.services.common import get_org
from policy.services.workshop_targets import like_pattern, target_counts, target_people
from tests.factories import MINI_PACK, make_org

A, B, C = "198609262015051001", "199001152016032002", "198703022014021003"  # DUKCAPIL
D = "199205102019031004"  # PKM
E, F = "198512122010011005", "199107072018022006"  # SETDA
UNSAFE = "<script>alert(1)</script>"
LINK = "[x](javascript:alert(1))"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"

EMPLOYEES = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{A};Andi Pratama;PNS;Kepala Seksi Pelayanan;DUKCAPIL;;
{B};Beti Lestari;PNS;Analis Kependudukan;DUKCAPIL;{A};
{C};Candra Wijaya;PNS;Pengadministrasi;DUKCAPIL;{A};
{D};Dewi Anggraini;PNS;Perawat Ahli Pertama;PKM;;
{E};Eko Saputra;PNS;Kepala Bagian Organisasi;SETDA;;
{F};Fajar {UNSAFE};PNS;{LINK};SETDA;{E};
"""


def _pack() -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    data["units"][2]["head_name"] = "Dedi Kurnia"
    data["workshops"] = [
        {"code": "W1", "topic": "Sosialisasi Perwali", "date": "2026-05-12",
         "trainer": "Tim BKPSDM", "jp": 4, "capacity": 2},
        {"code": "W2", "topic": "Kepemimpinan Kinerja", "date": "2026-05-20",
         "trainer": "BKN Regional", "units": ["DUKCAPIL", "SETDA"],
         "positions": ["Kepala *", "analis*"], "jp": 16},
    ]  # fmt: skip
    return data


def _running(session: Session, tmp_path: Path) -> int:
    org = make_org(session, tmp_path, _pack())
    staff = tmp_path / "pegawai.csv"
    staff.write_text(EMPLOYEES, encoding="utf-8")
    imports.import_file(session=session, organisation=org, kind="pegawai", path=staff, actor="rina")
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    return _socialisation(session, org)


def _socialisation(session: Session, org: str) -> int:
    cycle_service.override_gate(session=session, organisation=org, cycle=None,
                                stage=Stage.SOCIALISATION, leader="sekda",
                                reason="Uji sosialisasi")  # fmt: skip
    ref = cycle_service.begin_stage(session=session, organisation=org, cycle=None,
                                    stage=Stage.SOCIALISATION, actor="rina")  # fmt: skip
    return ref.run_id


def _ingest(session: Session, tmp_path: Path, run_id: int, text: str) -> None:
    path = tmp_path / "kehadiran.csv"
    path.write_text(text, encoding="utf-8")
    socialisation.ingest(session=session, run_id=run_id, inputs={"kehadiran": path}, actor="rina")


@pytest.mark.parametrize(
    ("pattern", "like"),
    [
        ("Kepala *", "kepala %"),
        ("*Guru?", "%guru_"),
        ("50%_x\\", "50\\%\\_x\\\\"),
        ("Camat", "camat"),
    ],
)
def test_like_pattern(pattern: str, like: str) -> None:
    assert like_pattern(pattern) == like


def test_targets_by_unit_and_position(session: Session, tmp_path: Path) -> None:
    _running(session, tmp_path)
    org_id = get_org(session, "contoh").id or 0
    assert target_counts(session, org_id, [], []) == {"DUKCAPIL": 3, "PKM": 1, "SETDA": 2}
    units, positions = ["DUKCAPIL", "SETDA"], ["Kepala *", "analis*"]
    assert target_counts(session, org_id, units, positions) == {"DUKCAPIL": 2, "SETDA": 1}
    assert [p[1] for p in target_people(session, org_id, units, positions)] == [
        "Andi Pratama", "Beti Lestari", "Eko Saputra",
    ]  # fmt: skip
    # A pattern matches the whole jabatan: "Kepala" alone matches no "Kepala Seksi ...".
    assert target_counts(session, org_id, [], ["Kepala"]) == {}


def test_kak_and_daftar_hadir_per_session(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id, f"kegiatan;nip;hadir;pre_test;post_test\n"
            f"W2;{A};ya;60,5;80\nW2;{C};ya;;\nW2;{B};tidak;;\n")  # fmt: skip
    out = socialisation.produce(session=session, run_id=run_id, actor="rina",
                                locales=("id", "en"), as_of=date(2026, 6, 1))  # fmt: skip
    md = {(d.key, d.locale): Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}

    kak1 = md[("kak-W1", "id")]
    assert "seluruh unit kerja (6 pegawai)" in kak1
    assert (
        "Kapasitas ruangan 2 peserta per sesi; seluruh peserta sasaran memerlukan 3 angkatan, "
        "tetapi baru 1 angkatan yang dijadwalkan: **jadwal 2 angkatan lagi perlu ditetapkan**"
    ) in kak1
    kak2 = md[("kak-W2", "id")]
    assert r"dengan jabatan Kepala \*; analis\* (3 pegawai)" in kak2
    assert f"| 1 | {DUKCAPIL} | 2 |" in kak2 and "| 2 | Sekretariat Daerah | 1 |" in kak2
    assert "holding the positions" in md[("kak-W2", "en")]

    sheet = md[("daftar-hadir-kegiatan-W2", "id")]
    assert sheet.startswith("# Daftar Hadir Kegiatan")
    rows = [line for line in sheet.splitlines() if line.startswith("| ") and "|---" not in line]
    assert rows[1:] == [
        f"| 1 | Andi Pratama | 19860926 201505 1 001 | Kepala Seksi Pelayanan | {DUKCAPIL} "
        "| Ya | 60,50 | 80,00 | |",
        f"| 2 | Beti Lestari | 19900115 201603 2 002 | Analis Kependudukan | {DUKCAPIL} "
        "| Tidak |  |  | |",
        "| 3 | Eko Saputra | 19851212 201001 1 005 | Kepala Bagian Organisasi | "
        "Sekretariat Daerah |  |  |  | |",
        f"| 4 | Candra Wijaya (bukan peserta sasaran) | 19870302 201402 1 003 | Pengadministrasi "
        f"| {DUKCAPIL} | Ya |  |  | |",
    ]
    assert "Peserta sasaran: 3 pegawai." in sheet
    assert "Kehadiran tercatat: 3 orang; hadir 2 orang, tidak hadir 1 orang." in sheet
    blank = md[("daftar-hadir-kegiatan-W1", "id")]
    assert "| 7 | | | | | | | | |" in blank and "| 11 | | | | | | | | |" in blank
    assert "**Jumlah peserta sasaran melebihi kapasitas 2 peserta" in blank
    assert md[("daftar-hadir-kegiatan-W1", "en")].startswith("# Attendance List")


def test_lists_for_heads_of_unit(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id, f"kegiatan;nip;hadir\nW1;{A};ya\nW1;{D};ya\n")
    out = socialisation.produce(session=session, run_id=run_id, actor="rina",
                                locales=("id", "en"), as_of=date(2026, 6, 1))  # fmt: skip
    keys = {d.key for d in out.documents}
    assert {"belum-terjangkau-DUKCAPIL", "belum-terjangkau-SETDA"} <= keys
    assert "belum-terjangkau-PKM" not in keys  # everyone in PKM was reached
    doc = next(d for d in out.documents
               if d.key == "belum-terjangkau-DUKCAPIL" and d.locale == "id")  # fmt: skip
    text = Path(doc.md_path).read_text(encoding="utf-8")
    assert "Dedi Kurnia\\\nKepala Dinas Kependudukan" in text
    assert "1 dari 3 pegawai Dinas Kependudukan dan Pencatatan Sipil (33,3%)" in text
    assert "**cakupan unit kerja ini masih di bawah target**" in text
    assert "| 1 | Beti Lestari | 19900115 201603 2 002 | Analis Kependudukan | 0 |" in text
    assert "Andi Pratama" not in text
    assert "| W1 | Sosialisasi Perwali | 12 Mei 2026 | 4 |" in text
    assert "| W2 | Kepemimpinan Kinerja | 20 Mei 2026 | 16 |" in text
    setda = next(d for d in out.documents
                 if d.key == "belum-terjangkau-SETDA" and d.locale == "id")  # fmt: skip
    html = Path(setda.html_path).read_text(encoding="utf-8")
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_jp_counts_every_cycle_of_the_year(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id, f"kegiatan;nip;hadir\nW1;{A};ya\nW2;{A};ya\nW1;{B};ya\n")
    org_id = get_org(session, "contoh").id or 0
    assert socialisation.jp_by_employee(session, org_id, 2026) == {A: 20, B: 4}
    # Close cycle 1 (implementation approved) and run the workshops again in cycle 2.
    cycle_service.override_gate(session=session, organisation="contoh", cycle=None,
                                stage=Stage.IMPLEMENTATION, leader="sekda",
                                reason="Uji siklus kedua")  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    ref = cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                                    stage=Stage.IMPLEMENTATION, actor="rina")  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina", summary={})
    review.decide(session=session, organisation="contoh", cycle=None, reviewer="sekda",
                  stage=Stage.IMPLEMENTATION, decision=Decision.APPROVE)  # fmt: skip
    cycle_service.open_cycle(session=session, organisation="contoh", actor="rina")
    run2 = _socialisation(session, "contoh")
    _ingest(session, tmp_path, run2, f"kegiatan;nip;hadir\nW1;{B};ya\nW1;{D};ya\n")
    # B: 4 JP in each cycle; A keeps the 20 JP of cycle 1; the year counts both cycles.
    assert socialisation.jp_by_employee(session, org_id, 2026) == {A: 20, B: 8, D: 4}
    out = socialisation.produce(session=session, run_id=run2, actor="rina",
                                as_of=date(2026, 6, 1))  # fmt: skip
    md = out.report_markdown
    assert f"| {DUKCAPIL} | 2 | 28 | 14,0 | 1 |" in md
    assert "Seluruhnya 32 JP telah diakui pada tahun 2026; **1** pegawai" in md
    # Coverage is per cycle: in cycle 2 only B and D attended.
    assert out.summary["attendees"] == 2
