"""The registry's titles tell a stage's documents of one kind apart, in both locales."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, col, select

from policy.models import Employee
from policy.services.employee_sheets import publish_employee_sheets
from policy.services.records import list_documents
from tests.factories import run_demo_cycle


def test_docs_list_names_each_document_s_unit_employee_or_topic(session: Session) -> None:
    run_demo_cycle(session, locales=("id", "en"))
    nips = session.exec(select(Employee.nip).order_by(Employee.nip).limit(2)).all()
    names = session.exec(select(Employee.name).where(col(Employee.nip).in_(nips))).all()
    publish_employee_sheets(session=session, organisation=None, cycle=None, period="2026-TW3",
                            actor="rahmi.oktavia", nips=nips, locales=("id", "en"))  # fmt: skip
    rows = list_documents(session=session, organisation=None, cycle=None)
    titles = Counter((r.stage, r.period, r.locale, r.title) for r in rows)
    assert [t for t, n in titles.items() if n > 1] == []
    listed = {r.title for r in rows}
    assert "Lembar Hasil Evaluasi Triwulan III 2026 — Dinas Kesehatan" in listed
    assert "Evaluation Result Sheet Quarter 3 2026 — Dinas Kesehatan" in listed
    assert "Daftar Pegawai Belum Terjangkau Sosialisasi — Rumah Sakit Umum Daerah Sawahlunto" in (
        listed
    )
    assert "Kerangka Acuan Kegiatan — Penggunaan e-Kinerja BKN" in listed
    assert {"Perbandingan Versi 1 dan 2", "Version Comparison 2 and 3"} <= listed
    for name in names:
        assert f"Lembar Hasil Penilaian Pribadi Triwulan III 2026 — {name}" in listed
        assert f"Personal Assessment Sheet Quarter 3 2026 — {name}" in listed
    # Documents that stand alone keep their plain title.
    assert {"Laporan Evaluasi Triwulan III 2026", "Rekapitulasi Masukan"} <= listed
