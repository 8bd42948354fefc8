"""The Laporan Evaluasi's summary for leadership: each line's figures are the sections' own,
checked here against the tables below it; names are listed five at most."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from policy.services import evaluation
from policy.services.evaluation_summary import few, percent
from tests.policy.services import test_evaluation as national


def test_few_names_and_percent() -> None:
    names = [f"Unit {n}" for n in range(1, 8)]
    shown = few(names)
    assert (shown.names, shown.more, shown.count) == (names[:5], 2, 7)
    assert few(names[:2]).more == 0 and few([]).count == 0
    assert percent(5, 8) == Decimal("62.5") and percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7") and percent(0, 0) is None


def _table_count(report: str, label: str) -> int:
    (row,) = [line for line in report.split("### 2.2")[0].splitlines()
              if line.startswith(f"| {label} |")]  # fmt: skip
    return int(row.split("|")[2])


def test_the_summary_repeats_the_sections_headline_figures(
    session: Session, tmp_path: Path
) -> None:
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina",
                             as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    report = national.md_of(out, "laporan-evaluasi")
    summary, body = report.split("## 1. Pendahuluan")
    lines = summary.split("## Ringkasan\n\n")[1].strip().splitlines()
    assert lines == [
        "- **Kinerja pegawai** (bagian 2): 8 dari 9 pegawai dinilai; 5 (62,5%) berpredikat "
        "Sangat Baik atau Baik, 3 (37,5%) Butuh Perbaikan, Kurang/Misconduct atau Sangat Kurang.",
        "- **Pola distribusi predikat** (SE MenPANRB Nomor 3 Tahun 2023): 1 dari 2 unit kerja "
        "menyimpang dari pola capaian organisasinya (Puskesmas Kota), dicatat sebagai peringatan.",
        "- **Indeks Kepuasan Masyarakat** (bagian 3): 2 unit layanan, 60 responden; terendah "
        "69,61 (mutu C) di Puskesmas Kota, tertinggi 87,62 (mutu B) di Dinas Kependudukan dan "
        "Pencatatan Sipil. Di bawah target 76,61: Puskesmas Kota. Mutu pelayanan C atau D: "
        "Puskesmas Kota.",
        "- **Indikator kebijakan** (bagian 5): 3 indikator; 1 tercapai, 0 sesuai jalur, "
        "1 tertinggal (ADUAN), 1 belum ada data.",
        "- **Tindak lanjut** (bagian 6): 7 tindak lanjut dengan batas waktu 12 November 2026.",
    ]
    # The same figures in the sections below.
    good = _table_count(body, "Sangat Baik") + _table_count(body, "Baik")
    weak = sum(_table_count(body, p) for p in ("Butuh Perbaikan", "Kurang/Misconduct",
                                               "Sangat Kurang"))  # fmt: skip
    assert (good, weak) == (5, 3)
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 50 | 87,62 | B | Baik |" in body
    assert "| Puskesmas Kota | 10 | **69,61** | C | Kurang baik |" in body
    indicators = body.split("## 5.")[1].split("## 6.")[0]
    statuses = [line.rsplit(" | ", 1)[1].rstrip(" |") for line in indicators.splitlines()
                if line.startswith(("| SKP", "| ADUAN", "| IKM"))]  # fmt: skip
    assert statuses == ["tercapai", "**belum tercapai, tertinggal**", "belum ada data"]
    actions = [int(line.rsplit("|", 2)[1]) for line in body.split("## 6.")[1].splitlines()
               if line.startswith("| ") and line.rsplit("|", 2)[1].strip().isdigit()]  # fmt: skip
    assert actions == [3, 2, 1, 1]
    english = national.md_of(out, "laporan-evaluasi", "en").split("## 1. Introduction")[0]
    assert (
        "- **Rating distribution** (SE MenPANRB No. 3/2023): 1 of 2 units departs from the "
        "pattern of its organisational performance (Puskesmas Kota), recorded as warnings."
    ) in english
    assert "- **Follow-up** (section 6): 7 actions due on 12 November 2026." in english
    assert out.documents[0].key == "laporan-evaluasi-2026-tw3"


def test_the_next_period_reports_how_the_earlier_follow_up_stands(
    session: Session, tmp_path: Path
) -> None:
    """TW III raises 7 actions due 12 November 2026. By the TW IV Laporan (15 January 2027)
    one coaching was closed; the other 6 are past due. TW IV's own actions are not counted
    as earlier ones."""
    from datetime import date

    from policy.enums import Stage
    from policy.models import FollowUpAction
    from policy.services import actions
    from policy.services import cycle as cycle_service
    from policy.services.stage_figures import stage_figures
    from tests.factories import write_file

    tw3 = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, tw3)
    out = evaluation.produce(session=session, run_id=tw3, actor="rina", as_of=national.AS_OF)
    assert "Tindak lanjut periode sebelumnya" not in national.md_of(out, "laporan-evaluasi")
    cycle_service.submit_stage(session=session, run_id=tw3, actor="rina", summary=out.summary)
    is_fajars = FollowUpAction.subject == national.BP_DUK
    coaching = session.exec(
        select(FollowUpAction).where(FollowUpAction.rule == "coaching", is_fajars)
    ).one()
    actions.close_action(session=session, organisation=None, action_id=coaching.id or 0,
                         actor="rina", note="Coaching dua sesi")  # fmt: skip
    # Puskesmas Kota reports one of its two coachings under way.
    under_way = session.exec(select(FollowUpAction).where(
        FollowUpAction.rule == "coaching", FollowUpAction.subject != national.BP_DUK
    ).order_by(FollowUpAction.id)).first()  # fmt: skip
    assert under_way is not None
    actions.record_progress(session=session, organisation=None, action_id=under_way.id or 0,
                            actor="rina", note="Sesi pertama selesai")  # fmt: skip
    cycle_service.override_gate(session=session, organisation="contoh", cycle=None,
                                stage=Stage.EVALUATION, leader="sekda",
                                reason="Uji periode berikutnya", period="2026-TW4")  # fmt: skip
    tw4 = cycle_service.begin_stage(session=session, organisation="contoh", cycle=None,
                                    stage=Stage.EVALUATION, actor="rina",
                                    period="2026-TW4").run_id  # fmt: skip
    evaluation.ingest(session=session, run_id=tw4, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "tw4.csv", national.EKINERJA.replace("2026-TW3",
                                                                                "2026-TW4")),
    })  # fmt: skip
    later = evaluation.produce(session=session, run_id=tw4, actor="rina",
                               as_of=date(2027, 1, 15), locales=("id", "en"))  # fmt: skip
    report = later.documents[0]
    assert report.key == "laporan-evaluasi-2026-tw4"
    text = Path(report.md_path).read_text(encoding="utf-8")
    assert (
        "**Tindak lanjut periode sebelumnya** (Triwulan III 2026), keadaannya pada tanggal "
        "laporan ini:\n\n| Jenis tindak lanjut | Jumlah | Selesai | Belum selesai | Dilaporkan "
        "berjalan | Lewat batas waktu |\n|---|---:|---:|---:|---:|---:|\n"
        "| Pembinaan kinerja dan pengembangan kompetensi | 3 | 1 | 2 | 1 | **2** |\n"
        "| Kelompok talenta (talent pool) dan pengembangan karier | 2 | 0 | 2 | 0 | **2** |\n"
        "| Tindakan korektif layanan (IKM) | 1 | 0 | 1 | 0 | **1** |\n"
        "| Telaah kebijakan atas indikator yang tertinggal dari jalurnya atau belum tercapai "
        "pada akhir tahun | 1 | 0 | 1 | 0 | **1** |\n"
    ) in text
    assert (
        "; dari 7 tindak lanjut periode sebelumnya, 1 selesai, 1 dilaporkan berjalan dan 6 lewat "
        "batas waktu." in (text.split("## 1.")[0])
    )
    # Each unit's sheet shows its own: Puskesmas Kota's two coachings, its talent pool
    # (Hadi) and its corrective action, none done.
    pkm = next(d for d in later.documents if d.key == "lembar-unit-pkm-2026-tw4"
               and d.locale == "id")  # fmt: skip
    assert (
        "| Jenis tindak lanjut | Jumlah | Selesai | Belum selesai | Dilaporkan berjalan | Lewat "
        "batas waktu |\n|---|---:|---:|---:|---:|---:|\n"
        "| Pembinaan kinerja dan pengembangan kompetensi | 2 | 0 | 2 | 1 | **2** |\n"
        "| Kelompok talenta dan pengembangan karier | 1 | 0 | 1 | 0 | **1** |\n"
        "| Tindakan korektif layanan (IKM) | 1 | 0 | 1 | 0 | **1** |\n"
    ) in Path(pkm.md_path).read_text(encoding="utf-8")
    dukcapil = next(d for d in later.documents if d.key == "lembar-unit-dukcapil-2026-tw4"
                    and d.locale == "en")  # fmt: skip
    assert "| Performance coaching and competence development | 1 | 1 | 0 | 0 | 0 |" in Path(
        dukcapil.md_path
    ).read_text(encoding="utf-8")
    figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, later.summary)}
    assert figures["Tindak lanjut periode sebelumnya"] == (
        "1 dari 7 selesai, 6 lewat batas waktu, 1 dilaporkan berjalan"
    )
    english_figures = stage_figures(Stage.EVALUATION, later.summary, "en")
    assert ("Follow-up of earlier periods", "1 of 7 done, 6 past due, 1 reported under way") in {
        (f.label, f.value) for f in english_figures
    }
    english = next(d for d in later.documents if d.key == report.key and d.locale == "en")
    assert (
        "of the earlier periods' 7 actions, 1 done, 1 reported under way and 6 past due."
        in Path(english.md_path).read_text(encoding="utf-8")
    )
