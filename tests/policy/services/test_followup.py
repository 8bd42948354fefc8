"""Follow-up actions in the documents: who owns them, and their titles in each locale.

The actions come from the evaluation fixtures of `test_evaluation` (national framework) and
`test_evaluation_360` (weighted 360); every assertion reads the rendered Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import FollowUpAction
from policy.services import employee_sheets, evaluation
from policy.views.actions import action_title
from tests.factories import write_file
from tests.policy.services import test_evaluation as national
from tests.policy.services import test_evaluation_360 as w360

PKM_HEAD = "Kepala UPT Puskesmas Kota"
#: A count of one before a plural noun: what English documents must never print.
ONE_PLURAL = re.compile(
    r"\b1 (employees|people|complaints|inputs|respondents|raters|hours|working days|days|"
    r"milestones|units|teams|scores|participants|sessions|seats)\b"
)


def _national(session: Session, tmp_path: Path, heads: bool = True) -> tuple[int, object]:
    data = national.pack("0.11")
    if heads:
        pkm = next(u for u in data["units"] if u["code"] == "PKM")
        pkm["head_title"] = PKM_HEAD
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    return run_id, out


def _md(out: object, key: str, locale: str) -> str:
    assert isinstance(out, evaluation.StageOutput)
    return national.md_of(out, key, locale)


def test_a_unit_owner_is_named_by_its_heads_title_from_the_pack(
    session: Session, tmp_path: Path
) -> None:
    run_id, out = _national(session, tmp_path)
    rec = _md(out, "rekomendasi-tindak-lanjut", "id")
    # Puskesmas Kota's head is titled in the pack; BKPSDM's is not: "Kepala <unit>".
    assert (
        "| Perbaikan pada unsur U3 Waktu Penyelesaian (NRR 2,00) dan U9 Sarana dan Prasarana "
        f"(NRR 2,50) | {PKM_HEAD} | 12 November 2026 | terbuka |"
    ) in rec
    assert "Kepala Puskesmas Kota" not in rec
    assert "| Kepala Badan Kepegawaian dan Pengembangan SDM | 12 November 2026 |" in rec
    en = _md(out, "rekomendasi-tindak-lanjut", "en")
    assert f"(NRR 2.50) | {PKM_HEAD} | 12 November 2026 | open |" in en
    assert "Head of Puskesmas Kota" not in en
    assert "| Head of Badan Kepegawaian dan Pengembangan SDM | 12 November 2026 |" in en
    # An action stored before its owner's unit code was kept is matched by the unit's name.
    action = session.exec(
        select(FollowUpAction).where(
            FollowUpAction.stage_run_id == run_id, FollowUpAction.rule == "corrective_ikm"
        )
    ).one()
    assert action.data["owner_unit"] == "PKM"
    action.data = {k: v for k, v in action.data.items() if k != "owner_unit"}
    action.status = "done"  # kept as it is when the period is produced again
    session.add(action)
    session.commit()
    again = evaluation.produce(session=session, run_id=run_id, actor="rina",
                               as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    rec = _md(again, "rekomendasi-tindak-lanjut", "id")
    assert f"| {PKM_HEAD} | 12 November 2026 | selesai |" in rec


def test_without_a_head_title_the_unit_head_is_kepala_unit(
    session: Session, tmp_path: Path
) -> None:
    _, out = _national(session, tmp_path, heads=False)
    assert "(NRR 2,50) | Kepala Puskesmas Kota | 12 November 2026 |" in _md(
        out, "rekomendasi-tindak-lanjut", "id"
    )
    assert "(NRR 2.50) | Head of Puskesmas Kota | 12 November 2026 |" in _md(
        out, "rekomendasi-tindak-lanjut", "en"
    )


def test_private_sheets_word_action_titles_in_their_locale(
    session: Session, tmp_path: Path
) -> None:
    _national(session, tmp_path)
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=national.PERIOD,
        actor="rina", nips=[national.BP_DUK, national.SB_DUK], locales=("id", "en"),
        as_of=national.AS_OF,
    )  # fmt: skip
    md = {(d.key.split("-")[2], d.locale): Path(d.md_path).read_text("utf-8") for d in docs}
    coaching = md[(national.BP_DUK, "id")]
    assert "- **Pembinaan kinerja dan pengembangan kompetensi (min. 20 JP/tahun)**. " in (coaching)
    coaching_en = md[(national.BP_DUK, "en")]
    assert (
        "- **Performance coaching and competence development (at least 20 JP a year)**. "
        "Owner: your direct supervisor;"
    ) in coaching_en
    talent = md[(national.SB_DUK, "id")]
    assert "- **Masuk kelompok talenta (talent pool) untuk pengembangan karier**. " in talent
    talent_en = md[(national.SB_DUK, "en")]
    assert "- **Join the talent pool for career development**. Owner: the personnel unit" in (
        talent_en
    )
    for en in (coaching_en, talent_en):
        assert "Pembinaan" not in en and "kelompok talenta" not in en


@pytest.fixture
def produced_360(session: Session, tmp_path: Path) -> tuple[int, evaluation.StageOutput]:
    """The weighted 360 organisation of `test_evaluation_360`, evaluated in both locales."""
    run_id = w360.start_run(session, tmp_path, w360.pack())
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "penilaian": write_file(tmp_path, "penilaian.csv", w360.ratings_csv()),
        "bonus": write_file(tmp_path, "bonus.csv", w360.BONUS),
        "ekinerja": write_file(tmp_path, "ekinerja.csv", w360.EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", national.skm_csv()),
        "pengaduan": write_file(tmp_path, "pengaduan.csv", w360.COMPLAINTS),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=w360.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    return run_id, out


def test_stored_titles_are_the_indonesian_wording_of_every_rule(
    session: Session, tmp_path: Path, produced_360: tuple[int, evaluation.StageOutput]
) -> None:
    run_id, _ = produced_360
    actions = list(session.exec(select(FollowUpAction)))
    assert {a.rule for a in actions} == {
        "coaching", "talent_pool", "corrective_ikm", "corrective_complaints"
    }  # fmt: skip
    for a in actions:
        assert action_title(a.rule, a.subject, a.data, "id") == a.title
    english = {a.rule: action_title(a.rule, a.subject, a.data, "en") for a in actions}
    assert english == {
        "coaching": "Performance coaching and competence development (at least 20 JP a year)",
        "talent_pool": "Join the talent pool for career development",
        "corrective_ikm": "Corrective action on services in the elements "
        "U3 Waktu Penyelesaian and U9 Sarana dan Prasarana",
        "corrective_complaints": "Faster complaint handling (responses within 72 hours)",
    }
    review = {"name": "Pegawai dengan SKP tepat waktu", "owner_kind": "member"}
    assert action_title("policy_review", "SKP", review, "id") == (
        "Telaah kebijakan: indikator SKP Pegawai dengan SKP tepat waktu belum mencapai target"
    )
    assert action_title("policy_review", "SKP", review, "en") == (
        "Policy review: indicator SKP Pegawai dengan SKP tepat waktu missed its target"
    )
    assert action_title("corrective_complaints", "X", {"limit_hours": 1}, "en") == (
        "Faster complaint handling (responses within 1 hour)"
    )
    assert action_title("unknown", "X", {}, "en") is None


def test_the_default_criteria_set_is_named_in_the_documents_locale(
    session: Session, produced_360: tuple[int, evaluation.StageOutput]
) -> None:
    _, out = produced_360
    en = w360.md_of(out, "laporan-evaluasi", "en")
    assert "**Criteria: General** (all other employees):" in en
    assert "**Criteria: Guru** (" in en  # a set the pack names keeps its name
    assert "\nGeneral criteria (scale 1–5):\n" in en
    assert "\nGuru criteria (scale 1–5):\n" in en
    assert "Criteria General" not in en
    assert "Umum" not in en
    sheet = w360.md_of(out, "lembar-unit-dukcapil", "en")
    assert "General criteria (4 employees, scale up to 5):" in sheet
    assert "Aspek Umum (skala 1–5):" in w360.md_of(out, "laporan-evaluasi", "id")
    docs = employee_sheets.publish_employee_sheets(
        session=session, organisation="contoh", cycle=None, period=w360.PERIOD, actor="rina",
        nips=[w360.FAJAR, w360.GURU2], locales=("id", "en"), as_of=w360.AS_OF,
    )  # fmt: skip
    md = {(d.key.split("-")[2], d.locale): Path(d.md_path).read_text("utf-8") for d in docs}
    assert "Weighted 360 assessment, General criteria, scale 1–5." in md[(w360.FAJAR, "en")]
    assert "Penilaian 360 berbobot, aspek Umum, skala 1–5." in md[(w360.FAJAR, "id")]
    assert "Weighted 360 assessment, Guru criteria, scale 1–5." in md[(w360.GURU2, "en")]


def test_english_counts_of_one_take_the_singular(
    session: Session, tmp_path: Path, produced_360: tuple[int, evaluation.StageOutput]
) -> None:
    _, out = produced_360
    docs = {d.key: Path(d.md_path).read_text("utf-8") for d in out.documents if d.locale == "en"}
    for key, md in docs.items():
        assert ONE_PLURAL.search(md) is None, (key, ONE_PLURAL.search(md))
    sheet = docs["lembar-unit-pkm-2026-tw3"]
    assert "1 complaint received; 0 not answered yet." in sheet
    assert "Answered within 72 hours: 1 complaint (100.0%)" in sheet
    assert "Answered within 72 hours: 1 complaint (25.0%)" in docs["lembar-unit-dukcapil-2026-tw3"]


def test_english_counts_in_the_national_reports(session: Session, tmp_path: Path) -> None:
    data = national.pack("0.11")
    data["evaluation"]["followup_working_days"] = 1
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF,
                             locales=("id", "en"))  # fmt: skip
    report = national.md_of(out, "laporan-evaluasi", "en")
    assert "1 of 9 employees has no e-Kinerja rating for Quarter 3 2026:" in report
    assert "Actions are due 1 working day after the date of this report" in report
    rec = national.md_of(out, "rekomendasi-tindak-lanjut", "en")
    assert "Actions are due 1 working day after the date of these recommendations" in rec
    assert "1 dari 9 pegawai" in national.md_of(out, "laporan-evaluasi", "id")
    for d in out.documents:
        if d.locale == "en":
            md = Path(d.md_path).read_text("utf-8")
            assert ONE_PLURAL.search(md) is None, (d.key, ONE_PLURAL.search(md))
