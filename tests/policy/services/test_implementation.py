"""Implementation: milestone states as of a date, unit statuses, the two documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import RolloutMilestone, Stage
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import implementation, imports, organisation
from policy.services.common import get_cycle, get_org
from tests.factories import make_org

UNSAFE = "<script>alert(1)</script> [x](javascript:alert(1))"
AS_OF = date(2026, 9, 30)
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"

PROGRESS = f"""unit_kerja;tahap;target_tanggal;status;tanggal_selesai;catatan
DUKCAPIL;Pelatihan penilai;31/07/2026;selesai;15/08/2026;Narasumber berhalangan
DUKCAPIL;Penyusunan SKP unit;30/06/2026;selesai;25/06/2026;
DUKCAPIL;Penilaian triwulan III;15/10/2026;proses;;Jadwal disepakati
PKM;Penyusunan SKP unit;31/08/2026;proses;;{UNSAFE}
PKM;Pelatihan penilai;30/11/2026;belum;;
SETDA;Penyusunan SKP unit;30/06/2026;selesai;30/06/2026;Tepat waktu
"""


def _running(session: Session, tmp_path: Path) -> int:
    """An organisation with a running implementation run (gate opened by a leader)."""
    org = make_org(session, tmp_path)
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.IMPLEMENTATION,
        leader="sekda",
        reason="Uji implementasi tanpa sosialisasi",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION, actor="rina"
    )
    path = tmp_path / "progres.csv"
    path.write_text(PROGRESS, encoding="utf-8")
    implementation.ingest(
        session=session, run_id=ref.run_id, inputs={"progres": path}, actor="rina"
    )
    return ref.run_id


@pytest.mark.parametrize(
    ("status", "due", "done", "expected"),
    [
        ("selesai", date(2026, 6, 30), date(2026, 6, 25), "done"),
        ("selesai", date(2026, 6, 30), date(2026, 6, 30), "done"),
        ("selesai", date(2026, 7, 31), date(2026, 8, 15), "done_late"),
        ("proses", date(2026, 8, 31), None, "late"),
        ("belum", date(2026, 9, 29), None, "late"),
        ("belum", date(2026, 9, 30), None, "on_track"),
        ("proses", date(2026, 10, 15), None, "on_track"),
        # Reported done on a date after the report date: not done yet as of that date.
        ("selesai", date(2026, 9, 1), date(2026, 10, 2), "late"),
    ],
)
def test_milestone_state(status: str, due: date, done: date | None, expected: str) -> None:
    assert implementation.milestone_state(status, due, done, AS_OF) == expected


def test_unit_counts_as_of_a_date(session: Session, tmp_path: Path) -> None:
    _running(session, tmp_path)
    cycle_id = get_cycle(session, get_org(session, "contoh")).id or 0
    assert len(session.exec(select(RolloutMilestone)).all()) == 6
    counts = {c.code: c for c in implementation.unit_counts(session, cycle_id, AS_OF)}
    dukcapil, pkm, setda = counts["DUKCAPIL"], counts["PKM"], counts["SETDA"]
    assert (dukcapil.total, dukcapil.done, dukcapil.done_late, dukcapil.late) == (3, 2, 1, 0)
    assert (dukcapil.on_track, dukcapil.status) == (1, "sesuai jadwal")
    assert (pkm.total, pkm.done, pkm.late, pkm.on_track, pkm.status) == (2, 0, 1, 1, "terlambat")
    assert (setda.total, setda.done, setda.status) == (1, 1, "selesai")
    assert "BKPSDM" not in counts
    # On 1 August the training due 31 July was not yet done (it was done on 15 August).
    early = {c.code: c for c in implementation.unit_counts(session, cycle_id, date(2026, 8, 1))}
    assert (early["DUKCAPIL"].done, early["DUKCAPIL"].late) == (1, 1)
    assert early["DUKCAPIL"].status == "terlambat"
    assert early["PKM"].status == "sesuai jadwal"


def test_produce_reports(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    out = implementation.produce(
        session=session, run_id=run_id, actor="rina", locales=("id", "en"), as_of=AS_OF
    )
    assert out.summary == {
        "as_of": "2026-09-30",
        "units": 3,
        "milestones": 6,
        "done": 3,
        "late_units": ["Puskesmas Kota"],
        "progress_percent": "50.0",
    }
    assert [r["kode"] for r in out.tables["kemajuan"]] == ["PKM", "DUKCAPIL", "SETDA"]
    assert [(d.key, d.locale) for d in out.documents] == [
        ("laporan-kemajuan", "id"),
        ("laporan-kemajuan", "en"),
        ("rencana-implementasi", "id"),
        ("rencana-implementasi", "en"),
    ]

    md = out.report_markdown
    assert "Keadaan per 30 September 2026" in md
    assert "**3 tahap selesai (50,0%)**, 1 di antaranya selesai melewati target" in md
    # Late units first, with the late milestone and its days late; then on track; then done.
    late_at = md.index("### Puskesmas Kota")
    on_track_at = md.index("## 3. Unit Kerja Sesuai Jadwal")
    done_at = md.index("## 4. Unit Kerja Selesai")
    assert late_at < on_track_at < md.index(f"| {DUKCAPIL} | 2 dari 3 | 66,7% |") < done_at
    assert md.index("| Sekretariat Daerah | 1 | 0 |") > done_at
    assert "| Penyusunan SKP unit | 31 Agustus 2026 | dalam proses | 30 hari |" in md
    assert "| Penilaian triwulan III | 15 Oktober 2026 | Jadwal disepakati |" in md
    assert (
        f"| {DUKCAPIL} | Pelatihan penilai | 31 Juli 2026 | 15 Agustus 2026 | 15 hari | "
        "Narasumber berhalangan |"
    ) in md
    assert r"\<script>alert(1)\</script>" in md
    html = Path(out.documents[0].html_path).read_text(encoding="utf-8")
    assert "<script" not in html and 'href="javascript' not in html

    en = Path(out.documents[1].md_path).read_text(encoding="utf-8")
    assert en.startswith("# Implementation Progress Report")
    assert "| Penyusunan SKP unit | 31 August 2026 | in progress | 30 days |" in en

    plan = Path(out.documents[2].md_path).read_text(encoding="utf-8")
    assert plan.startswith("# Rencana Implementasi")
    units = [  # in the pack's order, as every document lists units
        plan.index(f"### {name}") for name in ("Sekretariat Daerah", DUKCAPIL, "Puskesmas Kota")
    ]
    assert units == sorted(units)
    dukcapil = plan[units[1] : units[2]]
    assert (
        dukcapil.index("Penyusunan SKP unit")
        < dukcapil.index("Pelatihan penilai")
        < dukcapil.index("Penilaian triwulan III")
    )
    assert "| 1 | Penyusunan SKP unit | 30 Juni 2026 |" in dukcapil
    assert "Unit kerja yang belum memiliki tahapan implementasi: Badan Kepegawaian" in plan
    assert "target paling awal 30 Juni 2026 dan paling akhir 30 November 2026" in plan


def test_reimport_updates_milestones(session: Session, tmp_path: Path) -> None:
    run_id = _running(session, tmp_path)
    update = tmp_path / "progres2.csv"
    update.write_text(
        "unit_kerja;tahap;target_tanggal;status;tanggal_selesai;catatan\n"
        "PKM;Penyusunan SKP unit;31/08/2026;selesai;20/09/2026;Selesai setelah pendampingan\n",
        encoding="utf-8",
    )
    implementation.ingest(session=session, run_id=run_id, inputs={"progres": update}, actor="rina")
    out = implementation.produce(session=session, run_id=run_id, actor="rina", as_of=AS_OF)
    assert out.summary["late_units"] == []
    assert out.summary["done"] == 4
    assert len(session.exec(select(RolloutMilestone)).all()) == 6


SAWAHLUNTO = Path(__file__).resolve().parents[3] / "packs" / "sawahlunto.yaml"


@pytest.mark.skipif(not SAWAHLUNTO.is_file(), reason="demo pack not present")
def test_demo_pack_has_a_late_unit(session: Session) -> None:
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
        stage=Stage.IMPLEMENTATION,
        leader=leader,
        reason="Pengujian tahap dengan data demo",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.IMPLEMENTATION, actor=officer
    )
    implementation.ingest(
        session=session,
        run_id=ref.run_id,
        actor=officer,
        inputs={"progres": loaded.demo_file("implementation", "progres")},
    )
    out = implementation.produce(session=session, run_id=ref.run_id, actor=officer, as_of=AS_OF)
    assert out.summary["late_units"]
    assert out.documents[0].key == "laporan-kemajuan"
    md = out.report_markdown
    assert md.index(f"### {out.summary['late_units'][0]}") < md.index("## 3. Unit Kerja Sesuai")
