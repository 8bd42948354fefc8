"""The ASN needs questionnaire online: links per unit and cycle, answers stored as sheets.

An answer given on the portal is an answer sheet as an imported one is: the needs analysis
counts it (the figures of `test_needs_survey` hold with part of the sheets given online), a
day's answers are one import that can be taken back, a unit's later file replaces only the
earlier files' sheets, and nothing reaches a cycle whose needs analysis is approved.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from policy.models import AuditEvent, ImportRecord, NeedsResponse, Stage, SurveyLink
from policy.services import cycle as cycle_service
from policy.services import imports, needs_analysis, survey, survey_answers
from policy.services import needs_answers as na
from policy.services import needs_questionnaire as nq
from policy.services.common import NotFoundError, ServiceError, get_cycle, get_org
from policy.services.import_history import list_imports, undo_import
from policy.services.needs_answers import NeedsForm, NeedsRefused
from tests.factories import MINI_PACK, approve_through, make_org, write_file
from tests.policy.services.test_needs_survey import HEAD, SHEETS, section, started

DAY = date(2026, 11, 24)


def answered(scores: str, nonce: str, development: str = "") -> NeedsForm:
    """A form with k1, k2, … answered as the digits of `scores` (a space: left empty)."""
    return NeedsForm(
        nonce=nonce,
        answers={f"k{i}": s for i, s in enumerate(scores, start=1) if s != " "},
        development=development,
    )


def opened(session: Session, unit: str = "PKM") -> str:
    row = nq.open_questionnaire(session=session, organisation="contoh", unit=unit, actor="rina")
    return row.path.removeprefix("/k/")


def open_cycle(session: Session) -> None:
    cycle_service.open_cycle(session=session, organisation="contoh", actor="rina")


def with_cycle(session: Session, tmp_path: Path) -> None:
    """The mini pack's organisation with its first cycle open."""
    make_org(session, tmp_path)
    open_cycle(session)


def sheets(session: Session) -> list[NeedsResponse]:
    session.expire_all()
    return list(session.exec(select(NeedsResponse).order_by(col(NeedsResponse.id))).all())


# ------------------------------------------------------------------------- links


def test_a_unit_gets_one_open_questionnaire_per_cycle_and_the_officer_closes_it(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    first = nq.open_questionnaire(
        session=session, organisation="contoh", unit="SETDA", actor="rina"
    )
    assert first.made and first.open and first.cycle == 1 and first.path.startswith("/k/")
    again = nq.open_questionnaire(
        session=session, organisation="contoh", unit="SETDA", actor="rina"
    )
    assert again.path == first.path and not again.made
    closed = nq.close_questionnaire(
        session=session, organisation="contoh", unit="SETDA", actor="rina", reason=" tersebar  "
    )
    assert not closed.open and closed.close_reason == "tersebar" and closed.closed_by == "rina"
    fresh = nq.open_questionnaire(
        session=session, organisation="contoh", unit="SETDA", actor="rina"
    )
    assert fresh.made and fresh.path != first.path
    rows = nq.questionnaire_links(session=session, organisation="contoh", actor="rina", cycle=1)
    assert [(r.unit_code, r.open) for r in rows] == [("SETDA", True), ("SETDA", False)]
    # The SKM survey's list and this one do not mix.
    assert survey.survey_links(session=session, organisation="contoh", actor="rina") == []
    actions = session.exec(
        select(AuditEvent.action)
        .where(col(AuditEvent.action).startswith("needs_survey."))
        .order_by(AuditEvent.seq)
    ).all()
    assert actions == ["needs_survey.opened", "needs_survey.closed", "needs_survey.opened"]


def test_only_officers_open_a_questionnaire_of_a_unit_the_pack_has(
    session: Session, tmp_path: Path
) -> None:
    make_org(session, tmp_path)
    with pytest.raises(NotFoundError, match="Siklus apa pun belum ada"):
        nq.open_questionnaire(session=session, organisation="contoh", unit="PKM", actor="rina")
    open_cycle(session)
    with pytest.raises(NotFoundError, match="unit kerja yang terdaftar: BKPSDM, DUKCAPIL, PKM"):
        nq.open_questionnaire(session=session, organisation="contoh", unit="RSUD", actor="rina")
    with pytest.raises(ServiceError, match="budi tidak berwenang membuka kuesioner"):
        nq.open_questionnaire(session=session, organisation="contoh", unit="PKM", actor="budi")
    with pytest.raises(ServiceError, match="tidak sedang dibuka"):
        nq.close_questionnaire(
            session=session, organisation="contoh", unit="PKM", actor="rina", reason="x"
        )
    assert session.exec(select(func.count()).select_from(SurveyLink)).one() == 0


# ------------------------------------------------------------------------- answers


def test_an_answer_is_a_sheet_of_the_unit_with_no_personal_data(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    thanks = na.submit_questionnaire(
        session=session,
        token=token,
        today=DAY,
        form=answered("4 21", "nonce-aaaaaaaaaaaaaaaa", "  Pelatihan\r\nSKP  "),
    )
    assert thanks.unit_name == "Puskesmas Kota" and not thanks.repeated
    (sheet,) = sheets(session)
    assert (sheet.unit_code, sheet.k1, sheet.k2, sheet.k3, sheet.k4, sheet.k5) == (
        "PKM",
        4,
        None,
        2,
        1,
        None,
    )
    assert sheet.development == "Pelatihan\nSKP"
    # What a sheet holds: its cycle, import, unit, answers and wish; nothing of the person.
    assert set(NeedsResponse.model_fields) == {
        "id",
        "cycle_id",
        "import_id",
        "unit_code",
        "development",
        *(f"k{i}" for i in range(1, 13)),
    }
    record = session.get(ImportRecord, sheet.import_id)
    assert record is not None
    assert (record.kind, record.filename, record.rows, record.actor) == (
        "kebutuhan_asn",
        "survei-daring-PKM-2026-11-24",
        1,
        "portal",
    )
    assert record.scope.startswith("survei-")
    event = session.exec(
        select(AuditEvent).where(AuditEvent.action == "needs_survey.answered")
    ).one()
    assert event.payload == {"unit": "PKM", "cycle": 1, "date": "2026-11-24", "import": record.id}


def test_a_form_sent_twice_is_one_sheet(session: Session, tmp_path: Path) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    form = answered("3333", "nonce-bbbbbbbbbbbbbbbb")
    na.submit_questionnaire(session=session, token=token, form=form, today=DAY)
    again = na.submit_questionnaire(session=session, token=token, form=form, today=DAY)
    assert again.repeated and len(sheets(session)) == 1
    # Another unit's questionnaire does not take this form's number.
    other = opened(session, "SETDA")
    with pytest.raises(ServiceError, match="milik survei lain"):
        na.submit_questionnaire(session=session, token=other, form=form, today=DAY)
    with pytest.raises(ServiceError, match="tidak berasal dari halaman survei"):
        na.submit_questionnaire(session=session, token=token, form=answered("3", "x"), today=DAY)


def test_a_form_with_nothing_answered_or_bad_values_is_refused_with_every_reason(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    with pytest.raises(NeedsRefused) as info:
        na.submit_questionnaire(
            session=session,
            token=token,
            today=DAY,
            form=answered("", "nonce-cccccccccccccccc", "Bimtek arsip"),
        )
    assert info.value.problems == {
        "pernyataan": "Belum ada pernyataan yang dijawab; jawab paling sedikit satu (pernyataan "
        "yang tidak ingin Anda jawab boleh dikosongkan)"
    }
    form = NeedsForm(
        nonce="nonce-dddddddddddddddd", answers={"k1": "5", "k2": "4"}, development="x" * 501
    )
    with pytest.raises(NeedsRefused) as info:
        na.submit_questionnaire(session=session, token=token, form=form, today=DAY, locale="en")
    assert info.value.problems == {
        "k1": "The answer to statement 1 is not one of the choices; choose one of them",
        "development": "Competence development you need is too long: 501 characters, at most 500",
    }
    assert sheets(session) == []
    assert session.exec(select(func.count()).select_from(ImportRecord)).one() == 0


def test_a_closed_questionnaire_and_an_approved_needs_analysis_take_no_answer(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    nq.close_questionnaire(
        session=session, organisation="contoh", unit="PKM", actor="rina", reason="selesai"
    )
    page = na.questionnaire_page(session=session, token=token)
    assert not page.accepting and "Kuesioner ini sudah ditutup" in page.refusal
    with pytest.raises(ServiceError, match="Kuesioner ini sudah ditutup"):
        na.submit_questionnaire(
            session=session, token=token, form=answered("4", "nonce-" + "e" * 16)
        )
    token = opened(session)
    page = na.questionnaire_page(session=session, token=token)
    approve_through(session, "contoh", Stage.NEEDS_ANALYSIS)
    with pytest.raises(ServiceError, match="sudah disetujui pimpinan, sehingga jawaban baru"):
        na.submit_questionnaire(session=session, token=token, form=answered("4", page.nonce))
    refused = na.questionnaire_page(session=session, token=token, locale="en")
    assert not refused.accepting and "approved by the leadership" in refused.refusal
    with pytest.raises(ServiceError, match="sudah disetujui pimpinan: jawaban kuesioner tidak"):
        nq.open_questionnaire(session=session, organisation="contoh", unit="SETDA", actor="rina")
    assert sheets(session) == []


def test_a_questionnaire_link_opens_no_skm_survey_and_the_other_way_round(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    needs = opened(session)
    skm = survey.open_survey(session=session, organisation="contoh", unit="PKM", actor="rina")
    with pytest.raises(NotFoundError, match="Survei tidak ditemukan"):
        survey_answers.survey_page(session=session, token=needs)
    with pytest.raises(NotFoundError, match="Survei tidak ditemukan"):
        na.questionnaire_page(session=session, token=skm.path.removeprefix("/s/"))


def test_the_page_asks_the_packs_statements_in_the_page_language(
    session: Session, tmp_path: Path
) -> None:
    data = copy.deepcopy(MINI_PACK)
    data["needs_survey"] = {
        "items": [
            {
                "code": "k2",
                "text": "Atasan saya memberi umpan balik",
                "text_en": "My boss gives feedback",
            },
            {"code": "k9", "text": "Ruang kerja nyaman"},
        ]
    }
    data["evaluation"] = {"min_group_size": 5}
    make_org(session, tmp_path, data)
    open_cycle(session)
    token = opened(session)
    page = na.questionnaire_page(session=session, token=token)
    assert [(s.code, s.text) for s in page.statements] == [
        ("k2", "Atasan saya memberi umpan balik"),
        ("k9", "Ruang kerja nyaman"),
    ]
    assert page.min_group == 5 and page.max_development == 500 and page.accepting
    assert page.policy_title == "Manajemen Kinerja Aparatur Sipil Negara"
    english = na.questionnaire_page(session=session, token=token, locale="en")
    assert [s.text for s in english.statements] == ["My boss gives feedback", "Ruang kerja nyaman"]
    # k1 is not asked by this pack: sent anyway, it is not stored.
    form = NeedsForm(nonce=page.nonce, answers={"k1": "4", "k9": "2"})
    na.submit_questionnaire(session=session, token=token, form=form, today=DAY)
    (sheet,) = sheets(session)
    assert (sheet.k1, sheet.k2, sheet.k9) == (None, None, 2)


# ------------------------------------------------------------------ in the needs analysis


def test_the_needs_analysis_counts_the_online_answers_as_sheets(
    session: Session, tmp_path: Path
) -> None:
    """`test_needs_survey`'s sheets, DUKCAPIL's given online: the same figures."""
    run_id = started(session, tmp_path)
    online = [s for s in SHEETS if s.startswith("DUKCAPIL")]
    token = opened(session, "DUKCAPIL")
    for i, sheet in enumerate(online):
        _unit, *cells, wish = sheet.split(";")
        form = NeedsForm(
            nonce=f"nonce-{i:0>16}",
            development=wish,
            answers={f"k{n}": c for n, c in enumerate(cells, start=1)},
        )
        na.submit_questionnaire(session=session, token=token, form=form, today=DAY)
    rest = [s for s in SHEETS if s not in online]
    path = write_file(tmp_path, "kuesioner.csv", "\n".join([HEAD, *rest]) + "\n")
    done = needs_analysis.ingest(
        session=session, run_id=run_id, inputs={"kebutuhan_asn": path}, actor="rina"
    )
    assert done["kebutuhan_asn"]["written"] == 6
    out = needs_analysis.produce(
        session=session, run_id=run_id, actor="rina", as_of=date(2026, 1, 20), locales=("id",)
    )
    text = Path(out.documents[0].md_path).read_text(encoding="utf-8")
    assert "10 lembar jawaban kuesioner kebutuhan ASN dari 4 unit kerja" in text
    part = section(text, "### 2.3 Kuesioner Kebutuhan ASN")
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 4 | 85,48 |" in part
    assert "- Pelatihan SKP: 3 lembar" in part  # as typed online, in two spellings
    # The link was still open when the report was made: the report says its data stop there.
    assert (
        "Kuesioner daring masih terbuka di 1 unit (Dinas Kependudukan dan Pencatatan Sipil) "
        "ketika laporan ini disusun; jawaban yang masuk sesudahnya tidak terhitung di sini."
    ) in part


# ------------------------------------------------------------------ files beside answers


def test_a_units_file_replaces_its_earlier_files_sheets_never_its_online_answers(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    for i in range(2):
        na.submit_questionnaire(
            session=session, token=token, today=DAY, form=answered("44", f"nonce-{i:0>16}")
        )
    first = write_file(tmp_path, "a.csv", f"{HEAD}\nPKM;1;1;1;1;1;1;1;1;\nSETDA;2;2;;;;;;;\n")
    done = imports.import_file(
        session=session, organisation="contoh", kind="kebutuhan_asn", path=first, actor="rina"
    )
    assert done.notes == (
        "2 jawaban kuesioner daring unit PKM, SETDA tetap dihitung di samping berkas ini "
        "(berkas hanya menggantikan lembar jawaban berkas sebelumnya)",
    )
    fixed = write_file(tmp_path, "b.csv", f"{HEAD}\nPKM;3;3;3;3;3;3;3;3;\n")
    done = imports.import_file(
        session=session, organisation="contoh", kind="kebutuhan_asn", path=fixed, actor="rina"
    )
    assert done.notes == (
        "1 lembar jawaban impor sebelumnya dari unit PKM diganti oleh berkas ini",
        "2 jawaban kuesioner daring unit PKM tetap dihitung di samping berkas ini (berkas "
        "hanya menggantikan lembar jawaban berkas sebelumnya)",
    )
    assert sorted((s.unit_code, s.k1) for s in sheets(session)) == [
        ("PKM", 3),
        ("PKM", 4),
        ("PKM", 4),
        ("SETDA", 2),
    ]
    # Answers given after the file are counted beside it, and a file after them keeps them.
    na.submit_questionnaire(
        session=session, token=token, today=DAY, form=answered("2", "nonce-" + "f" * 16)
    )
    again = write_file(tmp_path, "c.csv", f"{HEAD}\nPKM;4;4;4;4;4;4;4;4;\n")
    imports.import_file(
        session=session, organisation="contoh", kind="kebutuhan_asn", path=again, actor="rina"
    )
    assert sorted(s.k1 or 0 for s in sheets(session) if s.unit_code == "PKM") == [2, 4, 4, 4]


def test_a_days_answers_are_taken_back_whole_until_the_needs_analysis_is_approved(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    for i in range(3):
        na.submit_questionnaire(
            session=session, token=token, today=DAY, form=answered("44", f"nonce-{i:0>16}")
        )
    path = write_file(tmp_path, "a.csv", f"{HEAD}\nSETDA;1;1;1;1;1;1;1;1;\n")
    imports.import_file(
        session=session, organisation="contoh", kind="kebutuhan_asn", path=path, actor="rina"
    )
    file, day = list_imports(session=session, organisation="contoh", kind="kebutuhan_asn")
    assert (day.filename, day.rows, day.undoable) == ("survei-daring-PKM-2026-11-24", 3, True)
    assert (file.filename, file.undoable) == ("a.csv", False)  # a file is corrected, not undone
    with pytest.raises(ServiceError, match="tidak dapat dibatalkan begitu saja"):
        undo_import(
            session=session, organisation="contoh", import_id=file.id, actor="rina", reason="salah"
        )
    done = undo_import(
        session=session,
        organisation="contoh",
        import_id=day.id,
        actor="rina",
        reason="jawaban uji coba petugas",
    )
    assert done.removed == 3
    assert [s.unit_code for s in sheets(session)] == ["SETDA"]

    na.submit_questionnaire(
        session=session, token=token, today=DAY, form=answered("4", "nonce-" + "g" * 16)
    )
    approve_through(session, "contoh", Stage.NEEDS_ANALYSIS)
    (day,) = [r for r in list_imports(session=session, organisation="contoh") if r.undoable]
    with pytest.raises(ServiceError, match="analisis kebutuhan siklusnya sudah disetujui"):
        undo_import(
            session=session,
            organisation="contoh",
            import_id=day.id,
            actor="rina",
            reason="terlambat",
        )
    assert len(sheets(session)) == 2


def test_the_list_counts_a_links_answers_and_the_units_sheets_of_every_channel(
    session: Session, tmp_path: Path
) -> None:
    with_cycle(session, tmp_path)
    token = opened(session)
    for i, day in enumerate((date(2026, 11, 23), DAY, DAY)):
        na.submit_questionnaire(
            session=session, token=token, today=day, form=answered("3", f"nonce-{i:0>16}")
        )
    path = write_file(tmp_path, "a.csv", f"{HEAD}\nPKM;1;1;1;1;1;1;1;1;\nSETDA;2;;;;;;;;\n")
    imports.import_file(
        session=session, organisation="contoh", kind="kebutuhan_asn", path=path, actor="rina"
    )
    (row,) = nq.questionnaire_links(session=session, organisation="contoh", actor="rina", today=DAY)
    assert (row.unit_name, row.responses, row.today, row.unit_sheets, row.min_group) == (
        "Puskesmas Kota",
        3,
        2,
        4,
        3,
    )
    org = get_org(session, "contoh")
    assert row.cycle == get_cycle(session, org).number == 1


def test_the_poster_carries_the_link_and_says_how_answers_are_shown(
    session: Session, tmp_path: Path
) -> None:
    from policy.documents import render_poster

    with_cycle(session, tmp_path)
    with pytest.raises(ServiceError, match="buka dulu: siklus needs-survey open PKM"):
        nq.poster(
            session=session,
            organisation="contoh",
            unit="PKM",
            actor="rina",
            base_url="https://portal.example",
        )
    token = opened(session)
    view = nq.poster(
        session=session,
        organisation="contoh",
        unit="PKM",
        actor="rina",
        base_url="https://portal.example/",
        locale="en",
    )
    assert view.url == f"https://portal.example/k/{token}?lang=en" and view.questions == 8
    page = render_poster(view, "en")
    assert "<h1>ASN Needs Questionnaire</h1>" in page and "<svg" in page
    assert "8 statements, about 3 minutes" in page
    assert "shown only for groups of at least 3 people" in page
    indonesian = render_poster(view.model_copy(update={"url": "https://x/k/t"}), "id")
    assert "<h1>Kuesioner Kebutuhan ASN</h1>" in indonesian and "NIP tidak ditanyakan" in indonesian
