"""Socialisation: coverage, gate messages, comprehension, JP, the report and the KAK."""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from policy.imports import ImportFileError
from policy.models import Stage, Workshop, WorkshopAttendance
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, socialisation
from policy.services.common import ServiceError, get_cycle, get_org
from tests.factories import MINI_PACK, make_org

A, B, C = "198609262015051001", "199001152016032002", "198703022014021003"  # DUKCAPIL
D = "199205102019031004"  # PKM
E, F = "198512122010011005", "199107072018022006"  # SETDA
UNSAFE = "<script>alert(1)</script>"
LINK = "[x](javascript:alert(1))"

EMPLOYEES = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{A};Andi Pratama;PNS;Kepala Seksi;DUKCAPIL;;
{B};Beti Lestari;PNS;Analis;DUKCAPIL;{A};
{C};Candra Wijaya;PNS;Pengadministrasi;DUKCAPIL;{A};
{D};Dewi Anggraini;PNS;Perawat;PKM;;
{E};Eko Saputra;PNS;Kepala Bagian;SETDA;;
{F};Fajar {UNSAFE};PNS;{LINK};SETDA;{E};
"""

# Decimal commas as Excel writes them in an Indonesian locale.
ATTENDANCE = f"""kegiatan;nip;hadir;pre_test;post_test
W1;{A};ya;60,5;80,25
W1;{B};ya;70;85,5
W1;{D};ya;55,5;
W1;{C};tidak;;
W2;{A};ya;50;75
"""

DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


def _pack(target: str = "0.80") -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    data["stages"] = {"socialisation_coverage_target": target}
    data["workshops"].append(
        {
            "code": "W2",
            "topic": "Penyusunan SKP",
            "date": "2026-05-20",
            "trainer": "BKN Regional",
            "venue": "Ruang Rapat",
            "units": ["DUKCAPIL"],
            "jp": 16,
        }
    )
    return data


def _running(session: Session, tmp_path: Path, target: str = "0.80") -> int:
    """An organisation with employees and a running socialisation run; returns the run id."""
    org = make_org(session, tmp_path, _pack(target))
    staff = tmp_path / "pegawai.csv"
    staff.write_text(EMPLOYEES, encoding="utf-8")
    imports.import_file(session=session, organisation=org, kind="pegawai", path=staff, actor="rina")
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.SOCIALISATION,
        leader="sekda",
        reason="Uji sosialisasi",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.SOCIALISATION, actor="rina"
    )
    return ref.run_id


def _ingest(session: Session, tmp_path: Path, run_id: int, text: str = ATTENDANCE) -> None:
    path = tmp_path / "kehadiran.csv"
    path.write_text(text, encoding="utf-8")
    socialisation.ingest(session=session, run_id=run_id, inputs={"kehadiran": path}, actor="rina")


def _cycle_ids(session: Session) -> tuple[int, int]:
    org = get_org(session, "contoh")
    return org.id or 0, get_cycle(session, org).id or 0


def test_coverage_blockers_and_messages(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    cyc = get_cycle(session, get_org(session, "contoh"))
    assert socialisation.coverage_blockers(session, cyc) == [socialisation.NO_ATTENDANCE]

    _ingest(session, tmp_path, run_id)
    assert session.exec(select(func.count()).select_from(Workshop)).one() == 2
    org_id, cycle_id = _cycle_ids(session)
    coverage = {
        u.code: (u.reached, u.employees)
        for u in socialisation.coverage_by_unit(session, org_id, cycle_id)
    }
    # BKPSDM has no employees, so it has no coverage row.
    assert coverage == {"DUKCAPIL": (2, 3), "PKM": (1, 1), "SETDA": (0, 2)}
    assert socialisation.coverage_blockers(session, cyc) == [
        "cakupan sosialisasi Sekretariat Daerah 0,0% di bawah target 80,0%",
        f"cakupan sosialisasi {DUKCAPIL} 66,7% di bawah target 80,0%",
    ]
    # The cycle service uses them as the gate to implementation.
    with pytest.raises(ServiceError, match="Sekretariat Daerah 0,0% di bawah target 80,0%"):
        cycle_service.begin_stage(
            session=session,
            organisation="contoh",
            cycle=None,
            stage=Stage.IMPLEMENTATION,
            actor="rina",
        )


def test_lower_target_leaves_only_the_untouched_unit(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path, target="0.60")
    _ingest(session, tmp_path, run_id)
    cyc = get_cycle(session, get_org(session, "contoh"))
    assert socialisation.coverage_blockers(session, cyc) == [
        "cakupan sosialisasi Sekretariat Daerah 0,0% di bawah target 60,0%"
    ]


def test_comprehension_and_jp(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id)
    org_id, cycle_id = _cycle_ids(session)
    stats = socialisation.workshop_stats(session, cycle_id)
    present, absent, w1 = stats["W1"]
    assert (present, absent, w1.tested) == (3, 1, 2)  # D has no post-test, C was absent
    # (60,5 + 70) / 2 and (80,25 + 85,5) / 2
    assert (w1.pre, w1.post, w1.gain) == (Fraction("65.25"), Fraction("82.875"), Fraction("17.625"))
    by_unit = {c.code: c for c in socialisation.comprehension_by_unit(session, org_id, cycle_id)}
    dukcapil = by_unit["DUKCAPIL"]
    # A and B at W1, A at W2: two people, each counted once; the means are over their
    # three pairs of scores: pre (60,5 + 70 + 50) / 3, post (80,25 + 85,5 + 75) / 3
    assert dukcapil.tested == 2
    assert dukcapil.pre == Fraction(361, 6) and dukcapil.post == Fraction("80.25")
    assert dukcapil.gain == Fraction("80.25") - Fraction(361, 6)
    assert by_unit["PKM"].tested == 0 and by_unit["PKM"].gain is None

    assert socialisation.jp_by_employee(session, org_id, 2026) == {A: 20, B: 4, D: 4}
    assert socialisation.jp_by_unit(session, org_id, 2026) == [
        ("DUKCAPIL", 2, 24, 1),
        ("PKM", 1, 4, 0),
    ]
    assert socialisation.jp_by_employee(session, org_id, 2025) == {}


def test_produce_report_and_kak(session: Session, tmp_path: Path) -> None:
    from datetime import date

    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id)
    out = socialisation.produce(
        session=session, run_id=run_id, actor="rina", locales=("id", "en"), as_of=date(2026, 6, 15)
    )
    assert out.summary == {
        "as_of": "2026-06-15",
        "workshops": 2,
        "attendees": 3,
        "coverage_overall": "50.0",
        "units_below_target": ["Sekretariat Daerah", DUKCAPIL],
        "gate_open": False,
    }
    assert [r["kode"] for r in out.tables["cakupan"]] == ["SETDA", "DUKCAPIL", "PKM"]
    keys = [(d.key, d.locale) for d in out.documents]
    assert keys[:2] == [("laporan-sosialisasi", "id"), ("laporan-sosialisasi", "en")]
    per_workshop = {f"{k}-{w}" for k in ("kak", "daftar-hadir-kegiatan") for w in ("W1", "W2")}
    per_unit = {"belum-terjangkau-SETDA", "belum-terjangkau-DUKCAPIL"}  # PKM is fully reached
    assert set(keys[2:]) == {(k, loc) for k in per_workshop | per_unit for loc in ("id", "en")}

    md = out.report_markdown
    assert md == Path(out.documents[0].md_path).read_text(encoding="utf-8")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "target |" in line]
    assert rows == [
        "| Sekretariat Daerah | 2 | 0 | **0,0%** | di bawah target |",
        f"| {DUKCAPIL} | 3 | 2 | **66,7%** | di bawah target |",
        "| Puskesmas Kota | 1 | 1 | 100,0% | memenuhi target |",
    ]
    assert "3 dari 6 pegawai (**50,0%**)" in md
    assert "| Sosialisasi Perwali | 2 | 65,25 | 82,88 | 17,63 |" in md
    # A (at W1 and W2) and B: two people with both scores, their three pairs in the means
    assert f"| {DUKCAPIL} | 2 | 60,17 | 80,25 | 20,08 |" in md
    assert "masing-masing dihitung satu kali" in md
    assert f"| {DUKCAPIL} | 2 | 24 | 12,0 | 1 |" in md
    assert "**1** pegawai telah memperoleh sekurang-kurangnya 20 JP" in md
    assert "seluruh kegiatan Pemerintah Kota Contoh pada tahun 2026" in md
    assert "**Gerbang ke tahap implementasi belum terbuka.**" in md
    assert "| W1 | Sosialisasi Perwali | 12 Mei 2026 | Tim BKPSDM | 4 |" in md
    # Target (the KAK's participants), present, absent, and the target not recorded yet:
    # W1 is for DUKCAPIL and PKM (A, B, C, D, all recorded); W2 for DUKCAPIL (B, C unrecorded).
    assert f"| {DUKCAPIL}; Puskesmas Kota | 4 | 3 | 1 | 0 |" in md
    assert (
        f"| Penyusunan SKP | 20 Mei 2026 | BKN Regional | 16 | {DUKCAPIL} | 3 | 1 | 0 | 2 |" in md
    )
    assert "| Peserta sasaran | Hadir | Tidak hadir | Belum tercatat |" in md
    assert "berjumlah sama dengan peserta sasaran." in md
    # Appendix: not reached, NIP formatted, untrusted names escaped.
    appendix = md.split("## Lampiran")[1]
    assert "| 1 | Candra Wijaya | 19870302 201402 1 003 | Pengadministrasi |" in appendix
    assert "Andi Pratama" not in appendix
    assert appendix.index("Sekretariat Daerah") < appendix.index(DUKCAPIL)
    html = Path(out.documents[0].html_path).read_text(encoding="utf-8")
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    en = Path(out.documents[1].md_path).read_text(encoding="utf-8")
    assert en.startswith("# Socialisation Report")
    assert "**The gate to implementation is closed.**" in en
    assert "| Sekretariat Daerah | 2 | 0 | **0.0%** | below target |" in en
    assert "| Target participants | Present | Absent | Not recorded |" in en
    assert f"| 16 | {DUKCAPIL} | 3 | 1 | 0 | 2 |" in en
    assert f"| {DUKCAPIL} | 2 | 60.17 | 80.25 | 20.08 |" in en
    assert "each counted once" in en
    unreached = next(
        d for d in out.documents if d.key == "belum-terjangkau-SETDA" and d.locale == "en"
    )
    assert "The JP column shows the learning hours (JP) of competence development credited in " in (
        Path(unreached.md_path).read_text(encoding="utf-8")
    )

    kak = Path(next(d.md_path for d in out.documents if d.key == "kak-W1" and d.locale == "id"))
    text = kak.read_text(encoding="utf-8")
    assert text.startswith("# Kerangka Acuan Kegiatan")
    assert f"| 1 | {DUKCAPIL} | 3 |" in text and "| 2 | Puskesmas Kota | 1 |" in text
    assert "(4 pegawai)" in text
    assert "Hari/tanggal: Selasa, 12 Mei 2026" in text
    assert "4 JP (1 JP = 45 menit)" in text
    assert "sesuai DPA" in text

    again = socialisation.produce(
        session=session, run_id=run_id, actor="rina", locales=("id", "en"), as_of=date(2026, 6, 15)
    )
    assert [d.version for d in again.documents] == [1] * len(again.documents)


def test_attendees_outside_a_workshops_target_are_named_beside_the_counts(
    session: Session, tmp_path: Path
) -> None:
    from datetime import date

    run_id = _running(session, tmp_path)
    # E and F (SETDA) are not in W2's target (DUKCAPIL): recorded, but not of the target.
    _ingest(session, tmp_path, run_id, ATTENDANCE + f"W2;{E};ya;40;60\nW2;{F};tidak;;\n")
    out = socialisation.produce(
        session=session, run_id=run_id, actor="rina", locales=("id", "en"), as_of=date(2026, 6, 15)
    )
    md, en = (Path(d.md_path).read_text(encoding="utf-8") for d in out.documents[:2])
    assert f"| 16 | {DUKCAPIL} | 3 | 2 | 1 | 2 |" in md
    assert (
        "berjumlah sama dengan peserta sasaran, ditambah pegawai di luar peserta sasaran yang "
        "tercatat hadir atau tidak hadir (W2: 2 pegawai)." in md
    )
    assert "plus the employees outside the target recorded as present or absent (W2: 2 " in en
    # E is one person with both scores in SETDA; A is still one person in DUKCAPIL.
    assert "| Sekretariat Daerah | 1 | 40,00 | 60,00 | 20,00 |" in md
    assert f"| {DUKCAPIL} | 2 | 60,17 | 80,25 | 20,08 |" in md


def test_unknown_nip_refuses_the_whole_file(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    stranger = "199912312020121001"
    bad = ATTENDANCE.replace(f"W1;{B};ya;70;85,5", f"W1;{stranger};ya;70;85,5")
    with pytest.raises(ImportFileError) as err:
        _ingest(session, tmp_path, run_id, bad)
    message = str(err.value)
    assert "baris 3" in message and stranger in message and "tidak terdaftar" in message
    assert session.exec(select(func.count()).select_from(WorkshopAttendance)).one() == 0


def test_ingest_needs_the_attendance_file(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    with pytest.raises(ServiceError, match="kehadiran"):
        socialisation.ingest(session=session, run_id=run_id, inputs={}, actor="rina")


SAWAHLUNTO = Path(__file__).resolve().parents[3] / "packs" / "sawahlunto.yaml"


@pytest.mark.skipif(not SAWAHLUNTO.is_file(), reason="demo pack not present")
def test_demo_pack_has_exactly_one_unit_holding_the_gate(session: Session) -> None:
    from datetime import date

    loaded = load_pack(SAWAHLUNTO)
    org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer = next(m.username for m in loaded.pack.members if "officer" in m.roles)
    leader = next(m.username for m in loaded.pack.members if "leader" in m.roles)
    imports.import_file(
        session=session,
        organisation=org,
        kind="pegawai",
        path=loaded.demo_file("setup", "pegawai"),
        actor=officer,
    )
    cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.SOCIALISATION,
        leader=leader,
        reason="Pengujian tahap dengan data demo",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.SOCIALISATION, actor=officer
    )
    socialisation.ingest(
        session=session,
        run_id=ref.run_id,
        actor=officer,
        inputs={"kehadiran": loaded.demo_file("socialisation", "kehadiran")},
    )
    out = socialisation.produce(
        session=session, run_id=ref.run_id, actor=officer, as_of=date(2026, 6, 30)
    )
    assert len(out.summary["units_below_target"]) == 1
    assert out.summary["gate_open"] is False
    blockers = socialisation.coverage_blockers(session, get_cycle(session, get_org(session, org)))
    assert len(blockers) == 1 and out.summary["units_below_target"][0] in blockers[0]


def test_the_report_made_again_a_week_later_keeps_its_version(
    session: Session, tmp_path: Path
) -> None:
    from datetime import date

    run_id = _running(session, tmp_path)
    _ingest(session, tmp_path, run_id)

    def report(day: date) -> Any:
        out = socialisation.produce(session=session, run_id=run_id, actor="rina", as_of=day)
        return next(d for d in out.documents if d.key == "laporan-sosialisasi")

    first = report(date(2026, 6, 15))
    again = report(date(2026, 6, 22))
    assert (again.id, again.version) == (first.id, 1)
    assert "15 Juni 2026" in Path(again.md_path).read_text(encoding="utf-8")
