"""An evaluated period's data is locked while leadership reviews it and once approved.

The national data of `test_evaluation` is evaluated for 2026-TW3 and handed to leadership;
then files that touch TW3 are imported. What repeats the stored data passes, what would
change it is refused at its line and column with nothing written, complaints are taken
with a warning, and a returned run unlocks the period.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from policy.imports import ImportFileError
from policy.models import (
    BonusPoint,
    Complaint,
    Decision,
    EkinerjaRating,
    IndicatorRealisation,
    Rating360,
    RunStatus,
    ServiceRequest,
    SkmResponse,
    Stage,
    StageRun,
    UnitCapaian,
)
from policy.services import cycle as cycle_service
from policy.services import evaluation, review
from policy.services.common import get_org
from policy.services.imports import ImportResult, ingest_file
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360

PERIOD = national.PERIOD
HEAD = "periode;nip;rating_hasil_kerja;rating_perilaku"


def submitted(session: Session, tmp_path: Path) -> int:
    """The national TW3 evaluation, produced and in review."""
    run_id = national.start_run(session, tmp_path, national.pack())
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    return run_id


def decide(session: Session, decision: Decision) -> None:
    review.decide(
        session=session,
        organisation="contoh",
        cycle=None,
        stage=Stage.EVALUATION,
        reviewer="sekda",
        decision=decision,
        reason="Data e-Kinerja Puskesmas perlu dikoreksi" if decision != Decision.APPROVE else "",
        period=PERIOD,
    )


def load(session: Session, folder: Path, kind: str, name: str, text: str) -> ImportResult:
    org = get_org(session, "contoh")
    try:
        result = ingest_file(session, org, kind, write_file(folder, name, text), "rina")
    except BaseException:
        session.rollback()
        raise
    session.commit()
    return result


def stored_rating(session: Session, nip: str, period: str = PERIOD) -> tuple[str, str] | None:
    row = session.exec(
        select(EkinerjaRating.hasil_kerja, EkinerjaRating.perilaku).where(
            EkinerjaRating.nip == nip, EkinerjaRating.period == period
        )
    ).first()
    return None if row is None else (row[0], row[1])


def test_a_years_export_that_repeats_the_evaluated_quarter_is_taken(
    session: Session, tmp_path: Path
) -> None:
    submitted(session, tmp_path)
    tw4 = f"2026-TW4;{national.KADIS};di atas ekspektasi;sesuai ekspektasi\n"
    result = load(session, tmp_path, "ekinerja", "setahun.csv", national.EKINERJA + tw4)
    assert (result.rows, result.written) == (9, 9)
    assert stored_rating(session, national.KADIS, "2026-TW4") == (
        "di atas ekspektasi",
        "sesuai ekspektasi",
    )


def test_a_changed_or_added_rating_in_review_is_refused_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    submitted(session, tmp_path)
    text = national.EKINERJA.replace(
        f"{PERIOD};{national.K_PKM};sesuai ekspektasi;di bawah ekspektasi",
        f"{PERIOD};{national.K_PKM};sesuai ekspektasi;sesuai ekspektasi",
    )
    text += f"{PERIOD};{national.UNRATED_PKM};sesuai ekspektasi;sesuai ekspektasi\n"
    text += f"2026-TW4;{national.KADIS};di atas ekspektasi;sesuai ekspektasi\n"
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "ekinerja", "koreksi.csv", text)
    err = caught.value
    assert [(e.line, e.column) for e in err.errors] == [(9, "periode"), (10, "periode")]
    assert (err.total_errors, err.bad_rows) == (2, 2)
    assert "(2 baris bermasalah, 2 kesalahan)" in str(err)
    locked = (
        "evaluasi periode 2026-TW3 (Triwulan III 2026) siklus ke-1 sedang ditinjau pimpinan; "
        "data periode itu terkunci sampai pimpinan mengembalikan tahap itu (siklus review return)"
    )
    assert err.errors[0].message == (
        f"{locked}; penilaian NIP {national.K_PKM} dalam berkas berbeda dari yang tersimpan"
    )
    assert err.errors[1].message == (
        f"{locked}; penilaian NIP {national.UNRATED_PKM} dalam berkas belum ada di data periode itu"
    )
    assert "baris 9, kolom 'periode': evaluasi periode 2026-TW3" in str(err)
    # Nothing of the file was written, not even its TW4 row.
    assert stored_rating(session, national.K_PKM) == ("sesuai ekspektasi", "di bawah ekspektasi")
    assert stored_rating(session, national.UNRATED_PKM) is None
    assert stored_rating(session, national.KADIS, "2026-TW4") is None


def test_returning_the_run_unlocks_the_period(session: Session, tmp_path: Path) -> None:
    run_id = submitted(session, tmp_path)
    text = f"{HEAD}\n{PERIOD};{national.K_PKM};sesuai ekspektasi;sesuai ekspektasi\n"
    with pytest.raises(ImportFileError):
        load(session, tmp_path, "ekinerja", "koreksi.csv", text)
    decide(session, Decision.RETURN)
    assert session.get(StageRun, run_id).status == RunStatus.RETURNED  # type: ignore[union-attr]
    load(session, tmp_path, "ekinerja", "koreksi.csv", text)
    assert stored_rating(session, national.K_PKM) == ("sesuai ekspektasi", "sesuai ekspektasi")


def test_an_approved_period_says_so(session: Session, tmp_path: Path) -> None:
    submitted(session, tmp_path)
    decide(session, Decision.APPROVE)
    text = f"{HEAD}\n{PERIOD};{national.K_PKM};sesuai ekspektasi;sesuai ekspektasi\n"
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "ekinerja", "koreksi.csv", text)
    (error,) = caught.value.errors
    assert error.line == 2
    assert error.message.startswith(
        "evaluasi periode 2026-TW3 (Triwulan III 2026) siklus ke-1 sudah disetujui pimpinan; "
        "data periode itu terkunci sampai pimpinan membukanya kembali untuk koreksi (siklus "
        "review reopen); penilaian NIP"
    )


def test_skm_responses_dated_in_the_period_are_refused(session: Session, tmp_path: Path) -> None:
    submitted(session, tmp_path)
    before = session.exec(select(func.count()).select_from(SkmResponse)).one()
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"
    late = f"{head}\nPKM;01/10/2026{';4' * 9}\nPKM;30/09/2026{';1' * 9}\nPKM;02/10/2026{';4' * 9}\n"
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "skm", "skm-susulan.csv", late)
    (error,) = caught.value.errors
    assert (error.line, error.column) == (3, "tanggal")
    assert error.message.endswith("data periode itu terkunci sampai pimpinan mengembalikan "
                                  "tahap itu (siklus review return); tanggal 30/09/2026 termasuk "
                                  "periode itu")  # fmt: skip
    assert session.exec(select(func.count()).select_from(SkmResponse)).one() == before
    # Without the TW3 row the file is taken: October is not locked.
    load(
        session, tmp_path, "skm", "skm-oktober.csv", late.replace(f"PKM;30/09/2026{';1' * 9}\n", "")
    )
    assert session.exec(select(func.count()).select_from(SkmResponse)).one() == before + 2


def test_service_requests_received_in_the_period_are_refused(
    session: Session, tmp_path: Path
) -> None:
    submitted(session, tmp_path)
    late = (
        "unit_layanan;jenis_layanan;tanggal_permohonan;tanggal_selesai\n"
        "DUKCAPIL;KTP-el;01/10/2026;01/10/2026\n"
        "DUKCAPIL;KTP-el;29/09/2026;01/10/2026\n"
    )
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "layanan", "layanan-susulan.csv", late)
    (error,) = caught.value.errors
    # Named as the file names the column (an alias of tanggal_masuk).
    assert (error.line, error.column) == (3, "tanggal_permohonan")
    assert error.message.endswith("tanggal 29/09/2026 termasuk periode itu")
    assert session.exec(select(func.count()).select_from(ServiceRequest)).one() == 0
    load(session, tmp_path, "layanan", "layanan-oktober.csv", late.rsplit("DUKCAPIL", 1)[0])
    assert session.exec(select(func.count()).select_from(ServiceRequest)).one() == 1


def test_skm_column_is_named_as_the_file_names_it(session: Session, tmp_path: Path) -> None:
    submitted(session, tmp_path)
    late = f"unit_layanan;tanggal_survei;u1;u2;u3;u4;u5;u6;u7;u8;u9\nPKM;15/08/2026{';3' * 9}\n"
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "skm", "skm.csv", late)
    assert "baris 2, kolom 'tanggal_survei': evaluasi periode 2026-TW3" in str(caught.value)


def test_realisation_repeated_in_another_notation_passes_a_change_does_not(
    session: Session, tmp_path: Path
) -> None:
    submitted(session, tmp_path)
    load(session, tmp_path, "realisasi", "realisasi-ulang.csv",
         "periode;kode;nilai\nTW III 2026;SKP;92,50\n2026-TW4;SKP;95\n")  # fmt: skip
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "realisasi", "realisasi-koreksi.csv",
             "periode;kode;nilai\n2026-TW3;ADUAN;70\n2026-TW4;ADUAN;60\n")  # fmt: skip
    (error,) = caught.value.errors
    assert (error.line, error.column) == (2, "nilai")
    assert error.message.endswith(
        "; realisasi indikator ADUAN dalam berkas berbeda dari yang tersimpan"
    )
    values = dict(
        session.exec(
            select(IndicatorRealisation.period, IndicatorRealisation.value).where(
                IndicatorRealisation.code == "ADUAN"
            )
        ).all()
    )
    assert values == {"2026-TW3": "80"}


def test_complaints_in_the_period_are_taken_with_a_warning(
    session: Session, tmp_path: Path
) -> None:
    submitted(session, tmp_path)
    text = (
        "tanggal;unit_kerja;kategori;waktu_respons_jam;status\n"
        "15/09/2026;PKM;Antrean;12;selesai\n"
        "01/10/2026;PKM;Antrean;30;selesai\n"
        "16/09/2026;DUKCAPIL;Antrean;;proses\n"
    )
    result = load(session, tmp_path, "pengaduan", "pengaduan.csv", text)
    assert result.written == 3
    assert session.exec(select(func.count()).select_from(Complaint)).one() == 3
    assert result.warnings == (
        "2 baris (2, 4) dalam periode 2026-TW3 (sedang ditinjau): dokumen evaluasi periode itu "
        "dibuat sebelum impor ini dan tidak memuat baris tersebut; baris itu tetap diimpor "
        "(dibaca analisis kebutuhan)",
    )


def test_capaian_and_a_failed_run(session: Session, tmp_path: Path) -> None:
    run_id = submitted(session, tmp_path)
    text = "periode;unit_kerja;capaian;ditetapkan_oleh;catatan\n2026-TW3;PKM;kurang;Sekda;\n"
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "capaian_organisasi", "capaian.csv", text)
    assert caught.value.errors[0].message.endswith("; capaian unit PKM dalam berkas belum ada "
                                                   "di data periode itu")  # fmt: skip
    assert "(1 baris bermasalah, 1 kesalahan)" in str(caught.value)
    assert session.exec(select(func.count()).select_from(UnitCapaian)).one() == 0
    # A failed run locks nothing.
    run = session.get(StageRun, run_id)
    assert run is not None
    run.status = RunStatus.FAILED
    session.add(run)
    session.commit()
    load(session, tmp_path, "capaian_organisasi", "capaian.csv", text)
    assert session.exec(select(func.count()).select_from(UnitCapaian)).one() == 1


def test_360_ratings_and_bonus_of_a_reviewed_period(session: Session, tmp_path: Path) -> None:
    run_id, out = w360.produce(session, tmp_path, w360.pack())
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    before = session.exec(select(func.count()).select_from(Rating360)).one()
    changed = w360.ratings_csv().replace(
        f"{PERIOD};{w360.FAJAR};atasan;{w360.KADIS};disiplin;3",
        f"{PERIOD};{w360.FAJAR};atasan;{w360.KADIS};disiplin;5",
    )
    with pytest.raises(ImportFileError) as caught:
        load(session, tmp_path, "penilaian_360", "koreksi.csv", changed)
    err = caught.value
    assert err.total_errors == len(changed.splitlines()) - 1  # every row: the locked period
    assert err.errors[0].message.endswith("; nilai 360 tidak dapat diganti")
    assert err.errors[0].column == "periode"
    assert session.exec(select(func.count()).select_from(Rating360)).one() == before
    # A bonus file that repeats the stored bonus passes; another one does not.
    load(session, tmp_path, "bonus", "bonus-ulang.csv", w360.BONUS + "\n")
    more = f"periode;nip;kode;poin;keterangan\n{PERIOD};{w360.DEWI};inovasi;1;Tim inovasi\n"
    with pytest.raises(ImportFileError, match="bonus inovasi NIP .* belum ada di data periode"):
        load(session, tmp_path, "bonus", "bonus-baru.csv", more)
    nips = session.exec(select(col(BonusPoint.nip))).all()
    assert nips == [w360.EKO]
