"""The online SKM survey: links per service unit, answers stored as SKM responses of the day.

An answer given on the portal is an SKM response as an imported one is: the IKM counts it
(hand-computed below), a day's answers are one import that can be taken back, a later
export of them is refused as a repeat, and nothing of a locked period changes.
"""

from __future__ import annotations

import copy
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, col, func, select

from policy.db import ensure_schema, make_engine
from policy.evaluation.questionnaire import PERCEPTION, question_for, questionnaire
from policy.models import AuditEvent, ImportRecord, SkmResponse, SurveyLink
from policy.services import imports, skm, survey, survey_answers
from policy.services.common import NotFoundError, ServiceError, get_org
from policy.services.import_history import list_imports, undo_import
from policy.services.import_repeats import RepeatedImport
from policy.services.survey_answers import SurveyForm, SurveyRefused
from policy.settings import Settings
from tests.factories import MINI_PACK, make_org, write_file
from tests.policy.services import test_period_lock as locking

DAY = date(2026, 11, 24)


def answered(scores: str, nonce: str, **profile: str) -> SurveyForm:
    """A form with u1…u9 answered as the nine digits of `scores`."""
    return SurveyForm(
        nonce=nonce, answers={f"u{i}": s for i, s in enumerate(scores, start=1)}, **profile
    )


def opened(session: Session, tmp_path: Path, unit: str = "PKM") -> str:
    make_org(session, tmp_path)
    row = survey.open_survey(session=session, organisation="contoh", unit=unit, actor="rina")
    return row.path.removeprefix("/s/")


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(SkmResponse)).one()


# ------------------------------------------------------------------------- questions


def test_nine_questions_follow_the_element_names_not_their_codes() -> None:
    default = questionnaire()
    assert [q.code for q in default] == [f"u{i}" for i in range(1, 10)]
    assert default[0].options == ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert default[3].options[3] == "Gratis"  # Biaya/Tarif: the best answer is free
    assert "pengaduan" in default[7].text and "sarana" in default[8].text
    # A pack with the other order of u8/u9 (DOMAIN.md R2) is asked accordingly.
    swapped = questionnaire({"u8": "Sarana dan Prasarana", "u9": "Penanganan Pengaduan"})
    assert swapped[7].options == ("Buruk", "Cukup", "Baik", "Sangat baik")
    assert swapped[8].options[0] == "Tidak ada"
    assert swapped[7].element == "Sarana dan Prasarana"


def test_an_element_of_another_name_is_asked_by_its_name_on_the_perception_scale() -> None:
    q = question_for("u5", "Keterbukaan Informasi")
    assert q.text == (
        "Bagaimana penilaian Saudara tentang Keterbukaan Informasi di unit layanan ini?"
    )
    assert q.options == PERCEPTION == ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")


# ------------------------------------------------------------------------- links


def test_a_unit_gets_one_open_link_and_the_officer_may_close_it(
    session: Session, tmp_path: Path
) -> None:
    token = opened(session, tmp_path)
    again = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    assert again.path == f"/s/{token}" and not again.made and again.open
    closed = survey.close_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="  salah   cetak "
    )
    assert not closed.open and closed.close_reason == "salah cetak" and closed.closed_by == "rina"
    fresh = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    assert fresh.made and fresh.path != f"/s/{token}"
    rows = survey.survey_links(session=session, organisation="contoh", actor="rina")
    assert [(r.unit_code, r.open) for r in rows] == [("PKM", True), ("PKM", False)]
    actions = session.exec(
        select(AuditEvent.action)
        .where(col(AuditEvent.action).startswith("survey."))
        .order_by(AuditEvent.seq)
    ).all()
    assert actions == ["survey.opened", "survey.closed", "survey.opened"]


def test_only_service_units_and_officers_open_surveys(session: Session, tmp_path: Path) -> None:
    make_org(session, tmp_path)
    with pytest.raises(ServiceError, match="SETDA\\) bukan unit layanan publik"):
        survey.open_survey(session=session, organisation="contoh", unit="SETDA", actor="rina")
    with pytest.raises(NotFoundError, match="unit layanan yang terdaftar: DUKCAPIL, PKM"):
        survey.open_survey(session=session, organisation="contoh", unit="RSUD", actor="rina")
    with pytest.raises(ServiceError, match="budi tidak berwenang membuka survei"):
        survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="budi")
    with pytest.raises(ServiceError, match="tidak sedang dibuka"):
        survey.close_survey(
            session=session, organisation="contoh", unit="PKM", actor="rina", reason="x"
        )
    assert session.exec(select(func.count()).select_from(SurveyLink)).one() == 0


# ------------------------------------------------------------------------- answers


def test_answers_are_skm_responses_of_the_day_and_count_in_the_ikm(
    session: Session, tmp_path: Path
) -> None:
    token = opened(session, tmp_path)
    survey_answers.submit_survey(
        session=session,
        token=token,
        form=answered("444444444", "nonce-aaaaaaaaaaaaaaaa", gender="P", age="41",
                      education="S1", occupation="Wiraswasta", service_type=" Rawat   Jalan "),
        today=DAY,
    )  # fmt: skip
    second = answered("323232323", "nonce-bbbbbbbbbbbbbbbb")
    survey_answers.submit_survey(session=session, token=token, form=second, today=DAY)
    first = session.exec(select(SkmResponse).order_by(SkmResponse.id)).first()
    assert first is not None
    assert (first.unit_code, first.response_date, first.u1, first.u9) == ("PKM", DAY, 4, 4)
    assert (first.gender, first.age, first.education, first.occupation, first.service_type) == (
        "P", "41", "S1", "Wiraswasta", "Rawat Jalan"
    )  # fmt: skip
    # u1 (4 + 3) / 2 = 3,5; u2 (4 + 2) / 2 = 3 … mean NRR = (5 × 3,5 + 4 × 3) / 9 = 29,5 / 9;
    # IKM = 29,5 / 9 × 25 = 81,944… -> 81,94 (B).
    org = get_org(session, "contoh")
    (unit,) = skm.ikm_by_unit(session, org.id or 0, DAY, DAY, weight="1/9")
    assert unit.unit_code == "PKM" and unit.result.respondents == 2
    assert unit.result.ikm == Decimal("81.94") and unit.result.mutu.value == "B"
    # One import record for the link's day, in the imports list, with its rows.
    (record,) = session.exec(select(ImportRecord)).all()
    assert (record.kind, record.filename, record.rows, record.actor) == (
        "skm", "survei-daring-PKM-2026-11-24", 2, "portal"
    )  # fmt: skip
    (row,) = survey.survey_links(session=session, organisation="contoh", actor="rina")
    assert (row.responses, row.last_on) == (2, DAY)


def test_a_form_sent_twice_is_one_response(session: Session, tmp_path: Path) -> None:
    token = opened(session, tmp_path)
    form = answered("333333333", "nonce-cccccccccccccccc")
    first = survey_answers.submit_survey(session=session, token=token, form=form, today=DAY)
    again = survey_answers.submit_survey(session=session, token=token, form=form, today=DAY)
    assert not first.repeated and again.repeated
    assert count(session) == 1
    with pytest.raises(ServiceError, match="tidak berasal dari halaman survei"):
        survey_answers.submit_survey(
            session=session, token=token, form=answered("3" * 9, ""), today=DAY
        )


def test_a_form_with_gaps_or_unknown_values_is_refused_with_every_reason(
    session: Session, tmp_path: Path
) -> None:
    token = opened(session, tmp_path)
    form = SurveyForm(
        nonce="nonce-dddddddddddddddd",
        answers={"u1": "4", "u2": "5", "u4": "2", "u5": "1", "u6": "1", "u7": "1", "u8": "1",
                 "u9": "1"},
        gender="X", age="1985", education="SMA", occupation="Pegawai Swasta",
        service_type="a" * 121,
    )  # fmt: skip
    with pytest.raises(SurveyRefused) as caught:
        survey_answers.submit_survey(session=session, token=token, form=form, today=DAY)
    assert caught.value.problems == {
        "u2": "Jawaban pertanyaan 2 (Sistem, Mekanisme, dan Prosedur) tidak dikenal; pilih salah "
        "satu pilihannya",
        "u3": "Pertanyaan 3 (Waktu Penyelesaian) belum dijawab",
        "age": "Usia 1985 tampaknya tahun lahir; tulis usia Anda dalam tahun, mis. 41",
        "gender": "Jenis kelamin 'X' bukan salah satu pilihan",
        "education": "Pendidikan 'SMA' bukan salah satu pilihan",
        "service_type": "Jenis layanan terlalu panjang: 121 karakter, maksimal 120",
    }
    assert count(session) == 0
    assert session.exec(select(func.count()).select_from(ImportRecord)).one() == 0


def test_a_closed_survey_and_an_unknown_link_take_no_answer(
    session: Session, tmp_path: Path
) -> None:
    token = opened(session, tmp_path)
    survey.close_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="selesai"
    )
    page = survey_answers.survey_page(session=session, token=token)
    assert not page.accepting and "sudah ditutup" in page.refusal
    with pytest.raises(ServiceError, match="sudah ditutup"):
        survey_answers.submit_survey(
            session=session, token=token, form=answered("3" * 9, "nonce-eeeeeeeeeeeeeeee")
        )
    with pytest.raises(NotFoundError, match="Survei tidak ditemukan"):
        survey_answers.survey_page(session=session, token="x" * 22)
    assert count(session) == 0


def test_a_day_in_a_locked_period_takes_no_answer(session: Session, tmp_path: Path) -> None:
    locking.submitted(session, tmp_path)  # 2026-TW3 in review
    row = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    token = row.path.removeprefix("/s/")
    before = count(session)
    with pytest.raises(ServiceError, match="hasil periode 2026-TW3 sedang ditetapkan"):
        survey_answers.submit_survey(
            session=session, token=token, form=answered("4" * 9, "nonce-ffffffffffffffff"),
            today=date(2026, 9, 30),
        )  # fmt: skip
    survey_answers.submit_survey(
        session=session, token=token, form=answered("4" * 9, "nonce-gggggggggggggggg"),
        today=date(2026, 10, 1),
    )  # fmt: skip
    assert count(session) == before + 1


def test_a_days_answers_are_taken_back_whole_and_an_export_of_them_is_a_repeat(
    session: Session, tmp_path: Path
) -> None:
    token = opened(session, tmp_path)
    for i, scores in enumerate(("444444444", "333333333", "223344112")):
        survey_answers.submit_survey(
            session=session, token=token, form=answered(scores, f"nonce-{i:0>16}"), today=DAY
        )
    # The same three responses exported to a file and imported are refused as a repeat.
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"
    rows = [f"PKM;24/11/2026;{';'.join(s)}" for s in ("444444444", "333333333", "223344112")]
    path = write_file(tmp_path, "ekspor.csv", "\n".join([head, *rows]) + "\n")
    with pytest.raises(RepeatedImport, match="survei-daring-PKM-2026-11-24"):
        imports.import_file(
            session=session, organisation="contoh", kind="skm", path=path, actor="rina", today=DAY
        )
    (listed,) = list_imports(session=session, organisation="contoh", kind="skm", limit=10)
    assert listed.undoable and listed.rows == 3
    done = undo_import(
        session=session, organisation="contoh", import_id=listed.id, actor="rina",
        reason="jawaban uji coba petugas",
    )  # fmt: skip
    assert done.removed == 3 and count(session) == 0
    # The link still takes answers: the day's next one starts a new record.
    survey_answers.submit_survey(
        session=session, token=token, form=answered("4" * 9, "nonce-hhhhhhhhhhhhhhhh"), today=DAY
    )
    (record,) = session.exec(select(ImportRecord)).all()
    assert (record.rows, record.filename) == (1, "survei-daring-PKM-2026-11-24")


# ------------------------------------------------------------------------- poster


def test_the_poster_carries_the_full_link_as_text_and_as_a_qr_code(
    session: Session, tmp_path: Path
) -> None:
    from policy.documents import render_poster
    from policy.qr import qr_svg

    make_org(session, tmp_path)
    with pytest.raises(ServiceError, match="tidak sedang dibuka; buka dulu: siklus survey open"):
        survey.poster(session=session, organisation="contoh", unit="PKM", actor="rina",
                      base_url="https://skm.example.go.id")  # fmt: skip
    token = survey.open_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina"
    ).path.removeprefix("/s/")
    with pytest.raises(ServiceError, match="tidak dapat dipakai pada poster"):
        survey.poster(session=session, organisation="contoh", unit="PKM", actor="rina",
                      base_url="skm.example.go.id")  # fmt: skip
    view = survey.poster(session=session, organisation="contoh", unit="PKM", actor="rina",
                         base_url="https://skm.example.go.id/portal/")  # fmt: skip
    assert view.url == f"https://skm.example.go.id/portal/s/{token}"
    assert view.qr_svg == qr_svg(view.url) and view.qr_svg.startswith("<svg")
    assert view.questions == 9 and view.unit_name == "Puskesmas Kota"
    page = render_poster(view)
    assert view.qr_svg in page  # the code as SVG, not escaped text
    assert f'<p class="url">{view.url}</p>' in page
    assert "Pemerintah Kota Contoh" in page and "9 pertanyaan" in page
    # A different link is a different code.
    assert qr_svg(view.url + "x") != view.qr_svg


def test_the_list_counts_the_periods_responses_of_every_channel_against_the_sample(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    next(u for u in data["units"] if u["code"] == "PKM")["population"] = 100
    make_org(session, tmp_path, data)
    token = survey.open_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina"
    ).path.removeprefix("/s/")
    survey.open_survey(session=session, organisation="contoh", unit="DUKCAPIL", actor="rina")
    survey_answers.submit_survey(
        session=session, token=token, form=answered("4" * 9, "nonce-iiiiiiiiiiiiiiii"), today=DAY
    )
    # Two responses from a file in the same quarter (TW4), one in the quarter before.
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"
    rows = [f"PKM;{d}{';3' * 9}" for d in ("01/10/2026", "20/11/2026", "30/09/2026")]
    path = write_file(tmp_path, "skm.csv", "\n".join([head, *rows]) + "\n")
    imports.import_file(
        session=session, organisation="contoh", kind="skm", path=path, actor="rina", today=DAY
    )
    listed = survey.survey_links(session=session, organisation="contoh", actor="rina", today=DAY)
    by_unit = {r.unit_code: r for r in listed}
    pkm, dukcapil = by_unit["PKM"], by_unit["DUKCAPIL"]
    assert (pkm.period, pkm.period_responses, pkm.sample_needed) == ("2026-TW4", 3, 80)
    assert (pkm.responses, pkm.today) == (1, 1)  # through the link: the online one alone
    assert (dukcapil.period_responses, dukcapil.sample_needed) == (0, None)


def test_answers_sent_at_once_all_count_in_one_day_record(
    settings: Settings, tmp_path: Path
) -> None:
    """Eight respondents at the same moment on a file database: none lost, one record."""
    engine = make_engine(f"sqlite:///{settings.data_dir / 'serentak.db'}")
    ensure_schema(engine)
    with Session(engine, expire_on_commit=False) as s:
        token = opened(s, tmp_path)
    start = threading.Barrier(8)

    def answer(i: int) -> bool:
        with Session(engine, expire_on_commit=False) as s:
            start.wait()
            form = answered("34" * 4 + "3", f"nonce-serentak-{i:08d}")
            return not survey_answers.submit_survey(
                session=s, token=token, form=form, today=DAY
            ).repeated

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(answer, range(8)))
    with Session(engine) as s:
        assert count(s) == 8
        (record,) = s.exec(select(ImportRecord)).all()
        assert record.rows == 8
    engine.dispose()


def test_a_unit_the_pack_no_longer_serves_the_public_takes_no_answer(
    session: Session, tmp_path: Path
) -> None:
    from policy.packs import load_pack
    from policy.services import organisation

    token = opened(session, tmp_path)
    data = copy.deepcopy(MINI_PACK)
    next(u for u in data["units"] if u["code"] == "PKM")["service"] = False
    path = tmp_path / "ubah" / "contoh.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    organisation.load_pack(session=session, loaded=load_pack(path), actor="admin")
    session.commit()
    assert not survey_answers.survey_page(session=session, token=token).accepting
    with pytest.raises(ServiceError, match="sudah ditutup"):
        survey_answers.submit_survey(
            session=session, token=token, form=answered("3" * 9, "nonce-jjjjjjjjjjjjjjjj")
        )


def test_the_unit_sheet_says_how_many_respondents_answered_online(
    session: Session, tmp_path: Path
) -> None:
    from policy.services import evaluation
    from tests.policy.services import test_evaluation as national

    run_id = national.start_run(session, tmp_path, national.pack(), period="2026-TW4")
    row = survey.open_survey(session=session, organisation=None, unit="PKM", actor="rina")
    token = row.path.removeprefix("/s/")
    for nonce, scores in (("nonce-cccccccccccccccc", "444444444"),
                          ("nonce-dddddddddddddddd", "333333333")):  # fmt: skip
        survey_answers.submit_survey(
            session=session, token=token, form=answered(scores, nonce), today=DAY
        )
    paper = "\n".join(
        ["unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9"]
        + [f"PKM;02/11/2026;{';'.join('3' * 9)}"] * 3
        + [f"DUKCAPIL;03/11/2026;{';'.join('4' * 9)}"]
    )
    imports.ingest_file(session, get_org(session, None), "skm",
                        write_file(tmp_path, "skm-nov.csv", paper + "\n"), "rina")  # fmt: skip
    session.commit()
    org_id = get_org(session, None).id or 0
    tw4 = (date(2026, 10, 1), date(2026, 12, 31))
    assert skm.online_responses(session, org_id, *tw4) == {"PKM": 2}
    assert skm.online_responses(session, org_id, date(2026, 10, 1), date(2026, 11, 23)) == {}
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=DAY,
                             locales=("id", "en"))  # fmt: skip
    sheet = {d.locale: Path(d.md_path).read_text(encoding="utf-8") for d in out.documents
             if d.key == "lembar-unit-pkm-2026-tw4"}  # fmt: skip
    assert "dari 5 responden (2 di antaranya melalui survei daring)" in sheet["id"]
    assert "from 5 respondents (2 of them through the online survey)" in sheet["en"]
    other = next(Path(d.md_path).read_text(encoding="utf-8") for d in out.documents
                 if d.key == "lembar-unit-dukcapil-2026-tw4" and d.locale == "id")  # fmt: skip
    assert "dari 1 responden, dengan bobot" in other


def test_a_unit_whose_pack_lists_its_services_offers_them_as_choices(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    pkm = next(u for u in data["units"] if u["code"] == "PKM")
    pkm["services"] = ["Rawat Jalan", "Imunisasi", " Pemeriksaan Ibu Hamil "]
    make_org(session, tmp_path, data)
    row = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    token = row.path.removeprefix("/s/")
    # An earlier typed answer is no suggestion now: the pack's list is the choice, in its order.
    page = survey_answers.survey_page(session=session, token=token, today=DAY)
    assert page.services_fixed
    assert page.services == ["Rawat Jalan", "Imunisasi", "Pemeriksaan Ibu Hamil"]
    typed = answered("444444444", "nonce-eeeeeeeeeeeeeeee", service_type="rawat jalan gigi")
    with pytest.raises(SurveyRefused) as caught:
        survey_answers.submit_survey(session=session, token=token, form=typed, today=DAY)
    assert caught.value.problems == {
        "service_type": "Jenis layanan 'rawat jalan gigi' bukan salah satu pilihan"
    }
    chosen = answered("444444444", "nonce-ffffffffffffffff", service_type="Imunisasi")
    survey_answers.submit_survey(session=session, token=token, form=chosen, today=DAY)
    stored = session.exec(select(SkmResponse.service_type)).all()
    assert stored == ["Imunisasi"]
    # DUKCAPIL lists none: its field stays free text with suggestions.
    other = survey.open_survey(session=session, organisation="contoh", unit="DUKCAPIL",
                               actor="rina")  # fmt: skip
    free = survey_answers.survey_page(
        session=session, token=other.path.removeprefix("/s/"), today=DAY
    )
    assert not free.services_fixed and free.services == []


def test_a_pack_refuses_a_service_named_twice_or_on_a_unit_that_serves_no_one(
    tmp_path: Path,
) -> None:
    from policy.packs import PackError, load_pack
    from tests.factories import write_pack

    data = copy.deepcopy(MINI_PACK)
    pkm = next(u for u in data["units"] if u["code"] == "PKM")
    pkm["services"] = ["Rawat Jalan", "rawat jalan"]
    with pytest.raises(PackError, match="jenis layanan 'rawat jalan' disebut dua kali di unit PKM"):
        load_pack(write_pack(tmp_path, data))
    pkm["services"] = ["Rawat Jalan"]
    pkm["service"] = False
    with pytest.raises(PackError, match="unit PKM mencantumkan services tetapi bukan unit layanan"):
        load_pack(write_pack(tmp_path, data))


def test_an_skm_file_naming_a_service_the_pack_does_not_list_is_imported_with_a_warning(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    next(u for u in data["units"] if u["code"] == "PKM")["services"] = ["Rawat Jalan", "KIA"]
    make_org(session, tmp_path, data)
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_layanan"
    scores = ";".join("3" * 9)
    rows = [f"PKM;02/11/2026;{scores};Rawat Jalan", f"PKM;02/11/2026;{scores};Rawat Jalan Gigi",
            f"PKM;03/11/2026;{scores};", f"PKM;03/11/2026;{scores};Rawat Jalan Gigi",
            f"DUKCAPIL;03/11/2026;{scores};Apa Saja"]  # fmt: skip
    path = write_file(tmp_path, "skm-layanan.csv", "\n".join([head, *rows]) + "\n")
    result = imports.ingest_file(session, get_org(session, "contoh"), "skm", path, "rina")
    session.commit()
    assert result.written == 5 and count(session) == 5
    assert result.warnings == (
        "jenis_layanan di luar daftar layanan unitnya di paket (units[].services): 'Rawat Jalan "
        "Gigi' (PKM, 2 baris: 3, 5); baris itu tetap diimpor apa adanya",
    )


def test_the_ikm_of_each_kind_of_service_by_hand(session: Session, tmp_path: Path) -> None:
    from policy.services.evaluation_sheets import _service_rows

    data = copy.deepcopy(MINI_PACK)
    next(u for u in data["units"] if u["code"] == "PKM")["services"] = ["KIA", "Rawat Jalan"]
    make_org(session, tmp_path, data)
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_layanan"
    rows = [f"PKM;02/11/2026;{';'.join('4' * 9)};Rawat Jalan",
            f"PKM;02/11/2026;{';'.join('3' * 9)};Rawat Jalan",
            f"PKM;03/11/2026;{';'.join('2' * 9)};KIA",
            f"PKM;03/11/2026;{';'.join('4' * 9)};",
            f"PKM;04/11/2026;{';'.join('1' * 9)};Gigi",
            f"DUKCAPIL;03/11/2026;{';'.join('4' * 9)};KTP-el"]  # fmt: skip
    path = write_file(tmp_path, "skm-jenis.csv", "\n".join([head, *rows]) + "\n")
    imports.ingest_file(session, get_org(session, "contoh"), "skm", path, "rina")
    session.commit()
    org_id = get_org(session, "contoh").id or 0
    found = skm.ikm_by_service(session, org_id, date(2026, 11, 1), date(2026, 11, 30), {"PKM"},
                               weight="1/9")  # fmt: skip
    assert set(found) == {"PKM"}  # DUKCAPIL lists no services: not read
    got = {name: (r.respondents, r.ikm, r.mutu.value) for name, r in found["PKM"]}
    # Rawat Jalan: NRR (4 + 3) / 2 = 3,5 on every element -> 3,5 × 25 = 87,50 (B);
    # KIA: 2 × 25 = 50,00 (D); unnamed: 100,00 (A); Gigi: 25,00 (D).
    assert got == {
        "Rawat Jalan": (2, Decimal("87.50"), "B"), "KIA": (1, Decimal("50.00"), "D"),
        "": (1, Decimal("100.00"), "A"), "Gigi": (1, Decimal("25.00"), "D"),
    }  # fmt: skip
    ordered = _service_rows(found["PKM"], ["KIA", "Rawat Jalan"])
    assert [(x.service, x.listed) for x in ordered] == [
        ("KIA", True), ("Rawat Jalan", True), ("Gigi", False), ("", False)]  # fmt: skip
