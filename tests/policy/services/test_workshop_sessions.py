"""A workshop held in several sessions (angkatan): each its own date, and its share of people.

The Sawahlunto pack's W4 (a computer lab of 30 seats, 100 participants) is held in four
sessions; its KAK schedules them and its Daftar Hadir seats each unit in one of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import Document
from policy.packs import PackError, load_pack
from policy.services.socialisation_docs import seated
from tests.factories import MINI_PACK, run_demo_cycle, write_pack


def test_sessions_fill_in_turn_keeping_each_unit_together() -> None:
    units = ["A"] * 9 + ["B"] * 9 + ["C"] * 5 + ["D"] * 7 + ["E"] * 6
    # 30 seats: A, B, C and D fill the first (30); E would not fit there, so it opens the next.
    assert seated(units, 2, 30) == [1] * 30 + [2] * 6
    # A unit larger than a session is split; B then starts where A left room.
    assert seated(["A"] * 7 + ["B"] * 2, 3, 4) == [1, 1, 1, 1, 2, 2, 2, 3, 3]
    # No capacity: equal shares (ceil(36 / 2) = 18), units kept together.
    assert seated(units, 2, None) == [1] * 18 + [2] * 18
    # More people than the sessions seat: the rest stay in the last one.
    assert seated(["A"] * 5, 2, 2) == [1, 1, 2, 2, 2]
    assert seated(["A"] * 3, 1, 2) == [1, 1, 1]


def test_two_sessions_at_one_date_and_hour_are_refused(tmp_path: Path) -> None:
    again = {"date": "2026-05-12", "time": "08.00–12.00"}
    workshop = {"code": "W1", "topic": "Sosialisasi", "date": "2026-05-12",
                "time": "08.00–12.00", "trainer": "BKPSDM",
                "sessions": [{"date": "2026-05-13"}, again]}  # fmt: skip
    path = write_pack(tmp_path, {**MINI_PACK, "workshops": [workshop]})
    with pytest.raises(PackError, match="angkatan ke-3 .* sama tanggal dan jamnya dengan "
                                        "angkatan ke-1"):  # fmt: skip
        load_pack(path)
    workshop["sessions"] = [{"date": "2026-05-11"}]
    with pytest.raises(PackError, match=r"angkatan ke-2 \(11/05/2026\) sebelum angkatan ke-1"):
        load_pack(write_pack(tmp_path, {**MINI_PACK, "workshops": [workshop]}))
    workshop["sessions"] = [{"date": "2026-05-12", "time": "13.00–16.00"}]  # afternoon: apart
    assert load_pack(write_pack(tmp_path, {**MINI_PACK, "workshops": [workshop]}))


def _md(session: Session, key: str, locale: str = "id") -> str:
    doc = session.exec(select(Document).where(Document.key == key, Document.locale == locale)).one()
    return doc.md_file.read_text(encoding="utf-8")


def test_the_kak_schedules_the_sessions_and_the_sheet_seats_everyone_once(
    session: Session,
) -> None:
    run_demo_cycle(session, locales=("id", "en"))
    kak = _md(session, "kak-W4")
    assert "seluruh peserta sasaran memerlukan 4 angkatan, yang jadwalnya tercantum pada " in kak
    rows = re.findall(r"^\| (\d) \| (\w+), ([^|]+) \| ([^|]+) \| [^|]+ \| (\d+) \|$", kak, re.M)
    assert [(n, day, on, hours) for n, day, on, hours, _ in rows] == [
        ("1", "Rabu", "10 Juni 2026", "13.00–16.30 WIB"),
        ("2", "Kamis", "11 Juni 2026", "13.00–16.30 WIB"),  # the workshop's own hours
        ("3", "Jumat", "12 Juni 2026", "08.30–12.00 WIB"),  # its own
        ("4", "Senin", "15 Juni 2026", "13.00–16.30 WIB"),
    ]
    seats = [int(r[4]) for r in rows]
    assert seats == [30, 26, 25, 19] and sum(seats) == 100
    sheet = _md(session, "daftar-hadir-kegiatan-W4")
    parts = re.split(r"^### ", sheet, flags=re.M)[1:]
    assert [p.split(":")[0].split("\n")[0] for p in parts] == [
        "Angkatan 1", "Angkatan 2", "Angkatan 3", "Angkatan 4", "Hadir di luar peserta sasaran"
    ]  # fmt: skip
    people = [re.findall(r"^\| \d+ \| [^|]+ \| (\d{8} \d{6} \d \d{3}) \|", p, re.M) for p in parts]
    assert [len(p) for p in people[:4]] == seats
    everyone = [nip for p in people for nip in p]
    assert len(everyone) == len(set(everyone)) == 100
    # A unit sits in one session: Sekretariat Daerah's nine all in the fourth.
    assert parts[3].count("| Sekretariat Daerah |") == 9
    en = _md(session, "kak-W4", "en")
    assert "seating every target participant takes 4 sessions, scheduled in section D" in en
    assert "| 3 | Friday, 12 June 2026 | 08:30–12:00 WIB |" in en


def test_too_few_sessions_are_said_to_need_more(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from policy.settings import get_settings

    # The demo pack with W4's second session only, in a packs folder of this test's own.
    packs = tmp_path / "packs"
    shutil.copytree(get_settings().packs_dir / "sawahlunto", packs / "sawahlunto")
    pack = (get_settings().packs_dir / "sawahlunto.yaml").read_text(encoding="utf-8")
    cut = re.sub(r"    sessions:\n(      .*\n)+", "    sessions:\n      - date: 2026-06-11\n", pack)
    assert cut != pack
    (packs / "sawahlunto.yaml").write_text(cut, encoding="utf-8")
    monkeypatch.setenv("SIKLUS_PACKS_DIR", str(packs))
    get_settings.cache_clear()
    run_demo_cycle(session)
    kak = _md(session, "kak-W4")
    assert ("memerlukan 4 angkatan, tetapi baru 2 angkatan yang dijadwalkan: **jadwal 2 angkatan "
            "lagi perlu ditetapkan**") in kak  # fmt: skip
    sheet = _md(session, "daftar-hadir-kegiatan-W4")
    assert ("melebihi kapasitas 30 peserta untuk setiap 2 angkatan yang dijadwalkan; jadwal "
            "angkatan berikutnya perlu ditetapkan") in sheet  # fmt: skip


def test_the_session_attended_lists_a_participant_there(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from policy.importerrors import ImportFileError
    from policy.services import socialisation
    from tests.policy.services import test_socialisation_targets as targets

    pack = targets._pack()
    pack["workshops"][0]["sessions"] = [{"date": "2026-05-13"}, {"date": "2026-05-14"}]
    monkeypatch.setattr(targets, "_pack", lambda: pack)
    run_id = targets._running(session, tmp_path)
    head = "kegiatan;nip;hadir;angkatan\n"
    # Session 4 does not exist: refused at its cell, nothing written.
    with pytest.raises(ImportFileError, match="kegiatan W1 dijadwalkan dalam 3 angkatan; "
                                              "angkatan 4 tidak ada"):  # fmt: skip
        targets._ingest(session, tmp_path, run_id, f"{head}W1;{targets.A};ya;4\n")
    session.rollback()
    # Andi, planned in the first session, came to the third; Beti's session is not said.
    targets._ingest(session, tmp_path, run_id,
                    f"{head}W1;{targets.A};ya;3\nW1;{targets.B};ya;\n")  # fmt: skip
    out = socialisation.produce(session=session, run_id=run_id, actor="rina",
                                locales=("id", "en"), as_of=date(2026, 6, 1))  # fmt: skip
    md = {(d.key, d.locale): Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}
    sheet = md[("daftar-hadir-kegiatan-W1", "id")]
    parts = re.split(r"^### ", sheet, flags=re.M)[1:]
    first, third = parts[0], parts[2]
    assert "Andi Pratama" not in first and "Beti Lestari | " in first
    assert "| Andi Pratama (dijadwalkan angkatan 1) | 19860926 201505 1 001 |" in third
    assert "Andi Pratama (scheduled for session 1)" in md[("daftar-hadir-kegiatan-W1", "en")]
    # Rows are numbered in the order printed, session by session.
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \| \w", sheet, re.M)]
    assert numbers == sorted(numbers) and numbers[0] == 1


def test_the_laporan_counts_each_session_where_it_was_attended(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from policy.services import socialisation
    from tests.policy.services import test_socialisation_targets as targets

    pack = targets._pack()
    pack["workshops"][0]["sessions"] = [{"date": "2026-05-13"}, {"date": "2026-05-14"}]
    pack["workshops"][1]["sessions"] = [{"date": "2026-05-21"}]
    monkeypatch.setattr(targets, "_pack", lambda: pack)
    run_id = targets._running(session, tmp_path)
    # W1 (everyone, 2 seats a session): Andi and Beti planned in the first, Candra and Dewi
    # in the second, Eko and Fajar in the third. Andi came to the third; Beti's is not said.
    # W2 (heads and analysts of two units, no capacity): Andi and Beti in the first, Eko in
    # the second. Andi was absent; Candra (no target) came to the second; Dewi (no target)
    # came, her session not said.
    rows = (
        f"W1;{targets.A};ya;3\nW1;{targets.B};ya;\n"
        f"W2;{targets.A};tidak;\nW2;{targets.C};ya;2\nW2;{targets.D};ya;\n"
    )
    targets._ingest(session, tmp_path, run_id, "kegiatan;nip;hadir;angkatan\n" + rows)
    out = socialisation.produce(session=session, run_id=run_id, actor="rina",
                                locales=("id", "en"), as_of=date(2026, 6, 1))  # fmt: skip
    md = {(d.key, d.locale): Path(d.md_path).read_text(encoding="utf-8") for d in out.documents}
    report = md[("laporan-sosialisasi", "id")]

    def table(code: str, text: str) -> list[str]:
        part = text.split(f"**{code} ")[1].split("\n\n")[1]
        return part.splitlines()[2:]

    assert table("W1", report) == [
        "| 1 | 12 Mei 2026 | 2 | 1 | 0 | 0 |",
        "| 2 | 13 Mei 2026 | 2 | 0 | 0 | 2 |",
        "| 3 | 14 Mei 2026 | 2 | 1 | 0 | 2 |",
    ]
    assert table("W2", report) == [
        "| 1 | 20 Mei 2026 | 2 | 0 | 1 | 1 |",
        "| 2 | 21 Mei 2026 | 1 | 1 | 0 | 1 |",
    ]
    assert ("Pegawai di luar peserta sasaran tanpa angkatan tercatat tidak masuk angkatan mana "
            "pun (W2: 1 pegawai).") in report  # fmt: skip
    english = md[("laporan-sosialisasi", "en")]
    assert "**W2 by session**" in english
    assert table("W2", english)[1] == "| 2 | 21 May 2026 | 1 | 1 | 0 | 1 |"
    assert (
        "Employees outside the target with no session recorded are in no session (W2: 1 " in english
    )
