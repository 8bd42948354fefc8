"""Capaian kinerja organisasi per unit: its import, and the curve check that uses it.

National data (tests/policy/services/test_evaluation.py): DUKCAPIL has Sangat Baik 1,
Baik 3, Butuh Perbaikan 1 (5 rated); PKM has Sangat Baik 1, Kurang/Misconduct 1, Sangat
Kurang 1 (3 rated). Under Baik, DUKCAPIL breaks no rule and PKM one (Baik is not the
largest group). Under Kurang, DUKCAPIL breaks two: Kurang/Misconduct 0 % < 60 % and
Sangat Baik 20 % > 10 % (Butuh Perbaikan 20 % >= 10 % is met).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from policy.imports import ImportFileError
from policy.models import AuditEvent, ImportRecord, Stage, UnitCapaian
from policy.services import evaluation, imports
from policy.services.common import ServiceError, get_org
from policy.services.evaluation_figures import Results
from policy.services.stagework import load_context
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360

HEADER = "periode;unit_kerja;capaian;ditetapkan_oleh;catatan"
KURANG_DUK = f"""{HEADER}
TW III 2026;DUKCAPIL;kurang;Sekretaris Daerah;Rencana aksi <b>tertinggal</b>
"""


def write_bom(folder: Path, name: str, text: str) -> Path:
    """The shape Excel saves: UTF-8 with BOM, CRLF."""
    path = folder / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    return path


def results(session: Session, run_id: int) -> Results:
    return evaluation.compute(session, load_context(session, run_id, Stage.EVALUATION))


def codes(r: Results, unit: str) -> list[str]:
    return [w.code for w in next(u for u in r.units if u.unit_code == unit).warnings]


def national_run(session: Session, tmp_path: Path, capaian: str | None) -> int:
    run_id = national.start_run(session, tmp_path, national.pack())
    inputs = {"ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA)}
    if capaian is not None:
        inputs["capaian"] = write_bom(tmp_path, "capaian.csv", capaian)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs=inputs)
    return run_id


def test_unit_set_to_kurang_gets_kurang_rules_unset_unit_gets_baik(
    session: Session, tmp_path: Path
) -> None:
    run_id = national_run(session, tmp_path, KURANG_DUK)
    r = results(session, run_id)
    assert codes(r, "DUKCAPIL") == ["kurang.min_60", "kurang.sangat_baik_max_10"]
    assert codes(r, "PKM") == ["baik.baik_largest"]
    duk, pkm = (next(u for u in r.units if u.unit_code == c) for c in ("DUKCAPIL", "PKM"))
    assert (duk.capaian.value, duk.capaian.assumed, duk.capaian.set_by) == (
        "Kurang",
        False,
        "Sekretaris Daerah",
    )
    assert (pkm.capaian.value, pkm.capaian.assumed, pkm.capaian.set_by) == ("Baik", True, "")

    out = evaluation.produce(
        session=session, run_id=run_id, actor="rina", as_of=national.AS_OF, locales=("id", "en")
    )
    assert out.summary["capaian_set"] == {"Dinas Kependudukan dan Pencatatan Sipil": "Kurang"}
    assert out.summary["capaian_assumed_units"] == 1
    rows = {row["unit"]: row for row in out.tables["predikat_per_unit"]}
    assert rows["Puskesmas Kota"]["capaian"] == "Baik (dianggap)"
    assert rows["Dinas Kependudukan dan Pencatatan Sipil"]["peringatan_kurva"] == 2

    md = national.md_of(out, "laporan-evaluasi")
    duk_name = "Dinas Kependudukan dan Pencatatan Sipil"
    assert f"| {duk_name} | Kurang | Sekretaris Daerah | 2 |" in md
    assert "| Puskesmas Kota | dianggap Baik — belum ditetapkan | – | 1 |" in md
    assert "- capaian **Baik**: sebagian besar pegawai" in md
    assert "- capaian **Kurang**: paling sedikit 60% pegawai berpredikat Kurang/Misconduct" in md
    assert "predikat Kurang/Misconduct paling sedikit 60%, tetapi Kurang/Misconduct: 0 dari 5" in (
        md
    )
    assert "Capaian organisasi Baik: predikat Baik harus menjadi kelompok terbanyak" in md

    en = national.md_of(out, "laporan-evaluasi", "en")
    # Who set it is named in English when it is the region's secretary.
    assert f"| {duk_name} | Kurang | Regional Secretary | 2 |" in en
    assert "| Puskesmas Kota | assumed Baik — not yet set | – | 1 |" in en
    assert "Kurang/Misconduct should be at least 60%, but it is 0 of 5 employees (0.0%)." in en
    assert "Sangat Baik should be at most 10%, but it is 1 of 5 employees (20.0%)." in en
    assert "Baik should be the largest group, but Baik has 0 employees" in en
    assert "Capaian organisasi" not in en and "paling" not in en

    sheet = national.md_of(out, "lembar-unit-dukcapil")
    assert "Capaian kinerja organisasi: **Kurang**, ditetapkan oleh Sekretaris Daerah." in sheet
    # The note is imported text: escaped, never markup.
    assert "Catatan penetapan: Rencana aksi \\<b>tertinggal\\</b>" in sheet
    assert "Capaian kinerja organisasi: **dianggap Baik — belum ditetapkan**" in (
        national.md_of(out, "lembar-unit-pkm")
    )
    sheet_en = national.md_of(out, "lembar-unit-dukcapil", "en")
    assert (
        "Organisational performance (capaian kinerja organisasi): **Kurang**, set by Regional "
        "Secretary."
    ) in sheet_en
    assert "- Kurang/Misconduct should be at least 60%" in sheet_en
    assert "<b>" not in national.md_of(out, "lembar-unit-dukcapil", "id", "html")


def test_same_data_same_documents(session: Session, tmp_path: Path) -> None:
    # The per-unit capaian enters the views in a fixed order: producing again from the
    # same data finds every document unchanged (same data hash, no new version).
    run_id = national_run(session, tmp_path, KURANG_DUK)
    first = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    again = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    assert [(d.id, d.version) for d in again.documents] == [
        (d.id, d.version) for d in first.documents
    ]
    assert {d.version for d in again.documents} == {1}


def test_no_capaian_checks_every_unit_as_baik(session: Session, tmp_path: Path) -> None:
    r = results(session, national_run(session, tmp_path, None))
    assert all(u.capaian.assumed and u.capaian.value == "Baik" for u in r.units)
    assert codes(r, "DUKCAPIL") == [] and codes(r, "PKM") == ["baik.baik_largest"]


def test_later_import_replaces_earlier_value(session: Session, tmp_path: Path) -> None:
    national.start_run(session, tmp_path, national.pack())
    code = "contoh"
    first = write_bom(
        tmp_path,
        "a.csv",
        f"{HEADER}\n2026-TW3;DUKCAPIL;Kurang;Sekda;\n2026-TW3;PKM;Cukup;Kepala Dinas;\n",
    )
    second = write_bom(tmp_path, "b.csv", f"{HEADER}\nTW III 2026;DUKCAPIL;ISTIMEWA;Wali Kota;\n")
    a = imports.import_file(
        session=session, organisation=code, kind="capaian_organisasi", path=first, actor="rina"
    )
    b = imports.import_file(
        session=session, organisation=code, kind="capaian_organisasi", path=second, actor="rina"
    )
    assert (a.rows, a.written, b.rows, b.written) == (2, 2, 1, 1)
    stored = {
        c.unit_code: (c.capaian, c.set_by, c.import_id)
        for c in session.exec(select(UnitCapaian).where(UnitCapaian.period == "2026-TW3"))
    }
    assert stored == {
        "DUKCAPIL": ("Istimewa", "Wali Kota", b.import_id),
        "PKM": ("Butuh Perbaikan", "Kepala Dinas", a.import_id),
    }
    # The same bytes again change nothing (the import guarantee).
    again = imports.import_file(
        session=session, organisation=code, kind="capaian_organisasi", path=second, actor="rina"
    )
    assert again.skipped
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "data.imported").order_by(col(AuditEvent.seq))
    ).all()
    capaian_events = [e for e in events if e.payload["kind"] == "capaian_organisasi"]
    assert [e.payload["file"] for e in capaian_events] == ["a.csv", "b.csv"]
    kinds = session.exec(select(ImportRecord.kind).where(ImportRecord.kind == "capaian_organisasi"))
    assert len(kinds.all()) == 2


def test_unknown_unit_writes_nothing(session: Session, tmp_path: Path) -> None:
    national.start_run(session, tmp_path, national.pack())
    path = write_bom(
        tmp_path, "c.csv", f"{HEADER}\n2026-TW3;DUKCAPIL;Baik;;\n2026-TW3;DINSOS;Baik;;\n"
    )
    with pytest.raises(ImportFileError) as info:
        imports.import_file(
            session=session,
            organisation="contoh",
            kind="capaian_organisasi",
            path=path,
            actor="rina",
        )
    assert [str(e) for e in info.value.errors] == [
        "baris 3, kolom 'unit_kerja': unit kerja 'DINSOS' tidak ada di paket organisasi; "
        "kode unit yang terdaftar: BKPSDM, DUKCAPIL, PKM, SETDA"
    ]
    assert session.exec(select(func.count()).select_from(UnitCapaian)).one() == 0
    assert (
        session.exec(
            select(func.count())
            .select_from(ImportRecord)
            .where(ImportRecord.kind == "capaian_organisasi")
        ).one()
        == 0
    )


def test_stage_input_of_another_period_is_refused(session: Session, tmp_path: Path) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    path = write_bom(tmp_path, "tw2.csv", f"{HEADER}\nTW II 2026;DUKCAPIL;Baik;;\n")
    with pytest.raises(ServiceError, match="capaian kinerja organisasi 'tw2.csv' berisi data"):
        evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={"capaian": path})
    assert session.exec(select(func.count()).select_from(UnitCapaian)).one() == 0
    # Through `siklus import` any period may be set ahead.
    imports.import_file(
        session=session,
        organisation="contoh",
        kind="capaian_organisasi",
        path=path,
        actor="rina",
    )
    org = get_org(session, "contoh")
    assert session.exec(
        select(UnitCapaian.period).where(UnitCapaian.organisation_id == org.id)
    ).all() == ["2026-TW2"]


def test_weighted_360_uses_the_unit_capaian(session: Session, tmp_path: Path) -> None:
    # DUKCAPIL scored: Sangat Baik 1, Baik 2, Butuh Perbaikan 1: fits Baik; under Istimewa
    # Sangat Baik is not the largest group. SDN1 (Baik 1, Sangat Kurang 1) stays unset.
    run_id = w360.start_run(session, tmp_path, w360.pack())
    capaian = write_bom(tmp_path, "capaian.csv", f"{HEADER}\n2026-TW3;DUKCAPIL;Istimewa;;\n")
    evaluation.ingest(
        session=session,
        run_id=run_id,
        actor="rina",
        inputs={
            "penilaian": write_file(tmp_path, "penilaian.csv", w360.ratings_csv()),
            "capaian": capaian,
        },
    )
    r = results(session, run_id)
    assert codes(r, "DUKCAPIL") == ["istimewa.sangat_baik_largest"]
    assert codes(r, "SDN1") == ["baik.baik_largest", "baik.needs_butuh_perbaikan_or_kurang"]
    duk = next(u for u in r.units if u.unit_code == "DUKCAPIL")
    assert (duk.capaian.value, duk.capaian.assumed, duk.capaian.set_by) == ("Istimewa", False, "")
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF)
    md = w360.md_of(out, "laporan-evaluasi")
    assert "| Dinas Kependudukan dan Pencatatan Sipil | Istimewa | (tidak disebutkan) | 1 |" in md
    assert "| SD Negeri 1 Contoh | dianggap Baik — belum ditetapkan | – | 2 |" in md
