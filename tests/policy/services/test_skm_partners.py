"""SKM responses name who collected them (`pelaksana`): a survey partner of the pack or the
region itself; the Laporan Evaluasi shows the responses and the IKM per partner."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.documents import render_poster
from policy.importerrors import ImportFileError
from policy.models import SkmResponse, Stage
from policy.services import evaluation, survey, survey_answers
from policy.services.common import ServiceError
from policy.services.stage_figures import stage_figures
from tests.factories import MINI_PACK, make_org, write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services.test_survey import DAY, answered

PARTNERS = ["Lembaga Pemantau Pelayanan Publik Sai Bumi", "Forum Peduli Pendidikan"]
HEAD = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;pelaksana"
# Sai Bumi: two PKM answers, NRR (4 + 3) / 2 = 3,5 on every element -> 87,50 (B), named in
# two letter cases; Forum Peduli: one DUKCAPIL answer of 2s -> 50,00 (D); the region's own:
# one answer of 4s -> 100,00 (A). Four respondents: 50,0 %, 25,0 %, 25,0 %.
SKM = "\n".join([
    HEAD,
    f"PKM;03/08/2026;{';'.join('4' * 9)};Lembaga Pemantau Pelayanan Publik Sai Bumi",
    f"PKM;03/08/2026;{';'.join('3' * 9)};lembaga pemantau pelayanan publik sai bumi",
    f"DUKCAPIL;04/08/2026;{';'.join('2' * 9)};Forum Peduli Pendidikan",
    f"PKM;05/08/2026;{';'.join('4' * 9)};",
]) + "\n"  # fmt: skip


def _run(session: Session, tmp_path: Path, skm: str) -> int:
    data = national.pack("1/9")
    data["evaluation"]["ikm"]["partners"] = PARTNERS
    run_id = national.start_run(session, tmp_path, data)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", skm),
    })  # fmt: skip
    return run_id


def test_the_laporan_shows_who_collected_the_responses(session: Session, tmp_path: Path) -> None:
    run_id = _run(session, tmp_path, SKM)
    stored = sorted(session.exec(select(SkmResponse.partner)).all())
    assert stored == ["", "Forum Peduli Pendidikan", *[PARTNERS[0]] * 2]  # the pack's spelling
    out = evaluation.produce(session=session, run_id=run_id, actor="rina",
                             as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    report = national.md_of(out, "laporan-evaluasi")
    section = report.split("### 3.4 Pelaksana Survei")[1].split("## 4.")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows == [
        "| Pelaksana | Unit layanan | Responden | Bagian | IKM | Mutu |",
        f"| {PARTNERS[0]} | Puskesmas Kota | 2 | 50,0% | 87,50 | B |",
        f"| {PARTNERS[1]} | Dinas Kependudukan dan Pencatatan Sipil | 1 | 25,0% | 50,00 | D |",
        "| Pemerintah daerah (tanpa mitra) | Puskesmas Kota | 1 | 25,0% | 100,00 | A |",
    ]
    # The leaders' key figures say it in a line.
    figures = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary)}
    assert figures["Pelaksana survei"] == (
        f"{PARTNERS[0]} 2 responden, IKM 87,50 B; {PARTNERS[1]} 1 responden, IKM 50,00 D; "
        "pemerintah daerah sendiri 1 responden, IKM 100,00 A"
    )
    english = {f.label: f.value for f in stage_figures(Stage.EVALUATION, out.summary, "en")}
    assert english["Who ran the survey"].endswith(
        "the regional government itself 1 respondent, IKM 100.00 A"
    )
    # Each unit's sheet says who surveyed its respondents.
    assert (
        f"Pelaksana survei: {PARTNERS[0]} 2 responden; pemerintah daerah sendiri 1 responden."
    ) in national.md_of(out, "lembar-unit-pkm")
    assert f"Pelaksana survei: {PARTNERS[1]} 1 responden." in national.md_of(
        out, "lembar-unit-dukcapil"
    )
    assert (
        f"Surveyed by: {PARTNERS[0]} 2 respondents; the regional government itself 1 respondent."
    ) in national.md_of(out, "lembar-unit-pkm", "en")
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert "### 3.4 Who Ran the Survey" in english
    assert "| The regional government (no partner) | Puskesmas Kota | 1 | 25.0% | 100.00 | A |" in (
        english
    )


def test_without_any_partner_named_there_is_no_such_section(
    session: Session, tmp_path: Path
) -> None:
    plain = SKM.replace(PARTNERS[0], "").replace(PARTNERS[0].lower(), "").replace(PARTNERS[1], "")
    run_id = _run(session, tmp_path, plain)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    assert "Pelaksana Survei" not in national.md_of(out, "laporan-evaluasi")
    assert "Pelaksana survei" not in national.md_of(out, "lembar-unit-pkm")


def test_a_partner_the_pack_does_not_list_is_refused_at_its_cell(
    session: Session, tmp_path: Path
) -> None:
    bad = SKM + f"PKM;06/08/2026;{';'.join('4' * 9)};LSM Lain\n"
    with pytest.raises(ImportFileError) as caught:
        _run(session, tmp_path, bad)
    text = str(caught.value)
    assert "baris 6, kolom 'pelaksana'" in text
    assert "pelaksana 'LSM Lain' bukan mitra survei di paket (evaluation.ikm.partners: " in text
    assert session.exec(select(SkmResponse)).all() == []  # nothing of the file is kept


# ------------------------------------------------------------------ the online survey


def _org_with_partners(session: Session, tmp_path: Path) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["evaluation"] = {**data.get("evaluation", {}), "ikm": {"partners": PARTNERS}}
    make_org(session, tmp_path, data)


def test_a_partner_runs_its_own_link_and_its_answers_name_it(
    session: Session, tmp_path: Path
) -> None:
    _org_with_partners(session, tmp_path)
    own = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    theirs = survey.open_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina",
        partner="  forum peduli   PENDIDIKAN ",
    )  # fmt: skip
    assert theirs.partner == PARTNERS[1] and own.partner == ""  # as the pack writes it
    assert theirs.path != own.path
    again = survey.open_survey(
        session=session, organisation="contoh", unit="PKM", actor="rina", partner=PARTNERS[1]
    )
    assert again.path == theirs.path and not again.made
    with pytest.raises(ServiceError, match="'LSM Lain' bukan mitra survei .*mitra survei: "):
        survey.open_survey(
            session=session, organisation="contoh", unit="PKM", actor="rina", partner="LSM Lain"
        )

    token = theirs.path.removeprefix("/s/")
    page = survey_answers.survey_page(session=session, token=token, today=DAY)
    assert page.partner == PARTNERS[1]
    survey_answers.submit_survey(session=session, token=token,
                                 form=answered("432143214", "n" * 22), today=DAY)  # fmt: skip
    survey_answers.submit_survey(session=session, token=own.path.removeprefix("/s/"),
                                 form=answered("444444444", "m" * 22), today=DAY)  # fmt: skip
    stored = sorted(session.exec(select(SkmResponse.partner, SkmResponse.u1)).all())
    assert stored == [("", 4), (PARTNERS[1], 4)]

    listed = survey.survey_links(session=session, organisation="contoh", actor="rina", today=DAY)
    assert [(r.partner, r.responses) for r in listed] == [("", 1), (PARTNERS[1], 1)]
    poster = survey.poster(session=session, organisation="contoh", unit="PKM", actor="rina",
                           base_url="https://skm.example", partner=PARTNERS[1])  # fmt: skip
    assert poster.url == f"https://skm.example{theirs.path}" and poster.partner == PARTNERS[1]
    assert f"Dilaksanakan bersama {PARTNERS[1]}" in render_poster(poster)

    closed = survey.close_survey(session=session, organisation="contoh", unit="PKM",
                                 actor="rina", reason="Kerja sama selesai.",
                                 partner=PARTNERS[1])  # fmt: skip
    assert closed.partner == PARTNERS[1] and not closed.open
    still = survey.survey_links(session=session, organisation="contoh", actor="rina", today=DAY)
    assert [(r.partner, r.open) for r in still] == [("", True), (PARTNERS[1], False)]
    with pytest.raises(ServiceError, match=f"bersama {PARTNERS[1]} tidak sedang dibuka"):
        survey.close_survey(session=session, organisation="contoh", unit="PKM", actor="rina",
                            reason="Lagi.", partner=PARTNERS[1])  # fmt: skip
