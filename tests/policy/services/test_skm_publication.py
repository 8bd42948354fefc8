"""The public SKM results page: approved periods only, the evaluation's figures, its actions."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from policy.models import AuditEvent, Decision, FollowUpAction, Stage
from policy.periods import period_range
from policy.services import actions, evaluation, review, skm_publication
from policy.services import cycle as cycle_service
from policy.services.common import NotFoundError, ServiceError, get_org
from policy.services.skm import ikm_by_unit
from tests.factories import make_org, write_file
from tests.policy.services import test_evaluation as national


def _page(session: Session, locale: str = "id", today: date = date(2026, 10, 20)):  # type: ignore[no-untyped-def]
    code = get_org(session, None).code
    return skm_publication.public_results(session=session, organisation=code,
                                          locale=locale, today=today)  # type: ignore[arg-type]  # fmt: skip


def _evaluated(session: Session, tmp_path: Path, populations: dict[str, int] | None = None) -> int:
    """TW III evaluated and submitted; `populations` gives units their service recipients."""
    data = national.pack()
    for unit in data["units"]:
        if unit["code"] in (populations or {}):
            unit["population"] = (populations or {})[unit["code"]]
    run_id = national.start_run(session, tmp_path, data)
    national.ingest_all(session, tmp_path, run_id)
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    return run_id


def _approve(session: Session, period: str = national.PERIOD) -> None:
    review.decide(session=session, organisation=None, cycle=None, stage=Stage.EVALUATION,
                  reviewer="sekda", decision=Decision.APPROVE, period=period)  # fmt: skip


EARLIER = "2026-TW2"


def _two_weights(session: Session, tmp_path: Path) -> evaluation.StageOutput:
    """TW II approved with the pack's weight 0,11; the pack then set to 1/9; TW III approved.

    The sample's answers are of August and September, one of 30 June (all 1); TW II has the
    same answers dated three months earlier (the June form moved to March, out of both), and
    TW III's import leaves the June form out (TW II is locked once approved).
    """
    run_id = national.start_run(session, tmp_path, national.pack("0.11"), period=EARLIER)
    earlier = national.skm_csv().replace("/08/2026", "/05/2026").replace("/09/2026", "/06/2026")
    earlier = earlier.replace("30/06/2026", "30/03/2026")
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja-tw2.csv",
                               national.EKINERJA.replace(national.PERIOD, EARLIER)),
        "skm": write_file(tmp_path, "skm-tw2.csv", earlier),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina", as_of=national.AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary=out.summary)
    _approve(session, EARLIER)
    (tmp_path / "since").mkdir()
    code = make_org(session, tmp_path / "since", national.pack("1/9"))
    cycle_service.override_gate(session=session, organisation=code, cycle=None,
                                stage=Stage.EVALUATION, leader="sekda",
                                reason="Uji evaluasi berkala periode ini",
                                period=national.PERIOD)  # fmt: skip
    ref = cycle_service.begin_stage(session=session, organisation=code, cycle=None,
                                    stage=Stage.EVALUATION, actor="rina",
                                    period=national.PERIOD)  # fmt: skip
    later = "".join(x for x in national.skm_csv().splitlines(True) if "30/06/2026" not in x)
    evaluation.ingest(session=session, run_id=ref.run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", later),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=ref.run_id, actor="rina",
                             as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=ref.run_id, actor="rina",
                               summary=out.summary)  # fmt: skip
    _approve(session)
    return out


def _corrective(session: Session, run_id: int) -> list[FollowUpAction]:
    query = select(FollowUpAction).where(
        FollowUpAction.stage_run_id == run_id, FollowUpAction.rule == "corrective_ikm"
    )
    return list(session.exec(query))


def test_a_period_is_public_only_once_leadership_approves_it(
    session: Session, tmp_path: Path
) -> None:
    run_id = _evaluated(session, tmp_path)
    assert _page(session).latest is None  # in review: not public yet
    _approve(session)
    page = _page(session)
    assert page.latest is not None and page.latest.code == national.PERIOD
    assert page.latest.label == "Triwulan III 2026"
    # The evaluation's own figures: R1 per service unit over the period's answers.
    start, end = period_range(national.PERIOD)
    org = get_org(session, None)
    weight = national.pack()["evaluation"]["ikm"]["weight"]
    expected = ikm_by_unit(session, org.id or 0, start, end, weight=weight)
    assert [(u.unit_code, u.ikm, u.mutu, u.respondents) for u in page.units] == [
        (e.unit_code, e.result.ikm, e.result.mutu.value, e.result.respondents) for e in expected
    ]
    assert page.respondents == sum(e.result.respondents for e in expected) > 0
    # Each unit below target has the corrective action its IKM raised, and nothing else.
    raised = _corrective(session, run_id)
    assert raised, "the sample's IKM should raise at least one corrective action"
    for unit in page.units:
        mine = [a for a in raised if a.subject == unit.unit_code]
        assert len(unit.actions) == len(mine)
        assert unit.below_target == bool(mine)
        assert all(a.status == "open" and not a.overdue for a in unit.actions)
        assert len(unit.weakest) == 2 and unit.weakest[0].startswith("U")


def test_an_action_shows_how_far_it_has_come(session: Session, tmp_path: Path) -> None:
    run_id = _evaluated(session, tmp_path)
    _approve(session)
    first, *_others = _corrective(session, run_id)
    actions.close_action(session=session, organisation=None, action_id=first.id or 0,
                         actor="rina", note="Loket tambahan dibuka; antrean daring")  # fmt: skip
    late = _page(session, today=date(2027, 1, 4))
    shown = {a.title: a for u in late.units for a in u.actions}
    done = next(a for a in shown.values() if a.status == "done")
    assert done.closed_on is not None and not done.overdue
    assert all(a.overdue for a in shown.values() if a.status == "open")
    # The officer's note is for the organisation, not the public page.
    assert "Loket tambahan" not in late.model_dump_json()


def test_english_and_an_unknown_organisation(session: Session, tmp_path: Path) -> None:
    _evaluated(session, tmp_path)
    _approve(session)
    page = _page(session, "en")
    assert page.latest is not None and page.latest.label == "Quarter 3 2026"
    titles = [a.title for u in page.units for a in u.actions]
    assert titles and all(t.startswith("Corrective action on services") for t in titles)
    with pytest.raises(NotFoundError):
        skm_publication.public_results(session=session, organisation="tidak-ada")


def test_a_period_reopened_for_a_correction_leaves_the_page(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    _approve(session)
    assert _page(session).latest is not None  # read (and kept) while approved
    review.reopen_period(session=session, organisation=None, cycle=None, period=national.PERIOD,
                         leader="sekda", reason="Koreksi data SKM Puskesmas (surat 800/1/2026)",
                         today=date(2026, 10, 20))  # fmt: skip
    assert _page(session).latest is None


def test_a_pack_that_changed_its_periods_still_shows_what_was_approved(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    _approve(session)
    annual = national.pack()
    annual["evaluation"]["periods"] = "annual"
    (tmp_path / "since").mkdir()
    make_org(session, tmp_path / "since", annual)  # the pack loaded again, evaluating yearly
    page = _page(session)
    assert page.latest is not None and page.latest.code == national.PERIOD


def test_the_published_results_as_open_data(session: Session, tmp_path: Path) -> None:
    _evaluated(session, tmp_path)
    code = get_org(session, None).code
    empty = skm_publication.public_csv(session=session, organisation=code)
    assert empty == ",".join(skm_publication.CSV_COLUMNS) + "\r\n"  # in review: not yet
    _approve(session)
    text = skm_publication.public_csv(session=session, organisation=code)
    assert not text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    page = _page(session)
    assert [(r["kode_unit"], r["ikm"], r["mutu"], int(r["responden"])) for r in rows] == [
        (u.unit_code, str(u.ikm), u.mutu, u.respondents) for u in page.units
    ]
    assert {r["periode"] for r in rows} == {national.PERIOD}
    assert rows[0]["nama_periode"] == "Triwulan III 2026"
    # Each element's NRR to four places, with a decimal point; 1–4.
    nrr = [Decimal(rows[0][f"nrr_u{i}"]) for i in range(1, 10) if rows[0][f"nrr_u{i}"]]
    assert nrr and all(Decimal(1) <= n <= Decimal(4) and -n.as_tuple().exponent == 4 for n in nrr)
    with pytest.raises(NotFoundError):
        skm_publication.public_csv(session=session, organisation="tidak-ada")


def test_a_note_written_for_the_public_is_on_the_page(session: Session, tmp_path: Path) -> None:
    run_id = _evaluated(session, tmp_path)
    _approve(session)
    first = _corrective(session, run_id)[0]
    aid = first.id or 0
    typed = "  Loket tambahan   dibuka setiap Senin "
    info = actions.set_public_note(session=session, organisation=None, action_id=aid,
                                   actor="rina", note=typed)  # fmt: skip
    assert info.id == aid
    shown = [a for u in _page(session).units for a in u.actions if a.note]
    assert [a.note for a in shown] == ["Loket tambahan dibuka setiap Senin"]
    # Written again: replaced; the trail keeps both.
    actions.set_public_note(session=session, organisation=None, action_id=aid, actor="rina",
                            note="Loket tambahan dibuka setiap Senin dan Kamis")  # fmt: skip
    notes = [e.payload["note"] for e in session.exec(
        select(AuditEvent).where(AuditEvent.action == "followup.public_note")
        .order_by(col(AuditEvent.seq)))]  # fmt: skip
    assert notes == ["Loket tambahan dibuka setiap Senin",
                     "Loket tambahan dibuka setiap Senin dan Kamis"]  # fmt: skip
    actions.set_public_note(session=session, organisation=None, action_id=aid, actor="rina",
                            note="", clear=True)  # fmt: skip
    assert not any(a.note for u in _page(session).units for a in u.actions)


def test_only_a_corrective_ikm_action_takes_a_public_note(session: Session, tmp_path: Path) -> None:
    run_id = _evaluated(session, tmp_path)
    query = select(FollowUpAction).where(
        FollowUpAction.stage_run_id == run_id, FollowUpAction.rule == "coaching"
    )
    coaching = session.exec(query).first()
    assert coaching is not None
    with pytest.raises(ServiceError, match="bukan tindakan korektif IKM"):
        actions.set_public_note(session=session, organisation=None,
                                action_id=coaching.id or 0, actor="rina", note="x")  # fmt: skip
    ikm = _corrective(session, run_id)[0]
    with pytest.raises(ServiceError, match="Catatan publik wajib diisi"):
        actions.set_public_note(session=session, organisation=None, action_id=ikm.id or 0,
                                actor="rina", note="   ")  # fmt: skip
    with pytest.raises(ServiceError, match="terlalu panjang"):
        actions.set_public_note(session=session, organisation=None, action_id=ikm.id or 0,
                                actor="rina", note="x" * 601)  # fmt: skip
    with pytest.raises(ServiceError):
        actions.set_public_note(session=session, organisation=None, action_id=ikm.id or 0,
                                actor="budi", note="Loket tambahan")  # an organiser  # fmt: skip


def test_a_period_is_shown_with_the_weight_it_was_approved_with(
    session: Session, tmp_path: Path
) -> None:
    out = _two_weights(session, tmp_path)
    assert out.summary["ikm_weight"] == "1/9"
    org = get_org(session, None)
    # The same answers in both quarters: DUKCAPIL's NRR 3,54 everywhere gives 87,62 (B) with
    # 0,11 (TW II, as approved) and 88,50 (A) with 1/9 (TW III, the pack's weight now).
    page = _page(session)
    assert page.weight == "1/9"
    assert [(p.code, p.weight) for p in page.periods] == [(EARLIER, "0,11"), (national.PERIOD, "")]
    duk = next(row for row in page.trend if row.unit == "Dinas Kependudukan dan Pencatatan Sipil")
    assert [(c.ikm, c.mutu) for c in duk.cells] == [
        (Decimal("87.62"), "B"),
        (Decimal("88.50"), "A"),
    ]
    assert _page(session, "en").periods[0].weight == "0.11"
    # The open data says which weight each row was computed with.
    text = skm_publication.public_csv(session=session, organisation=org.code)
    rows = [(r["periode"], r["kode_unit"], r["ikm"], r["bobot"])
            for r in csv.DictReader(io.StringIO(text))]  # fmt: skip
    assert (EARLIER, "DUKCAPIL", "87.62", "0.11") in rows
    assert (national.PERIOD, "DUKCAPIL", "88.50", "1/9") in rows
    # The TW III Laporan and unit sheet read TW II as it was approved, and say so.
    laporan = national.md_of(out, "laporan-evaluasi")
    assert "| 87,62 (B) | 88,50 (A) |" in laporan
    assert "IKM Triwulan II 2026 dihitung dengan bobot 0,11 per unsur" in laporan
    assert "computed with a weight of 0.11 per element" in national.md_of(
        out, "laporan-evaluasi", "en"
    )
    sheet = national.md_of(out, "lembar-unit-dukcapil")
    assert "Triwulan II 2026 87,62 (B); Triwulan III 2026 88,50 (A)." in sheet
    assert "IKM Triwulan II 2026 dihitung dengan bobot 0,11" in sheet


def test_a_period_approved_before_runs_kept_their_weight_takes_the_pack_s(
    session: Session, tmp_path: Path
) -> None:
    from policy.models import StageRun

    _two_weights(session, tmp_path)
    old = session.exec(select(StageRun).where(StageRun.period == EARLIER)).one()
    old.summary = {k: v for k, v in old.summary.items() if k != "ikm_weight"}
    session.add(old)
    session.commit()
    page = _page(session)
    assert [(p.code, p.weight) for p in page.periods] == [(EARLIER, ""), (national.PERIOD, "")]
    duk = next(row for row in page.trend if row.unit == "Dinas Kependudukan dan Pencatatan Sipil")
    assert [c.ikm for c in duk.cells] == [Decimal("88.50"), Decimal("88.50")]


def test_a_unit_short_of_its_sample_says_so(session: Session, tmp_path: Path) -> None:
    # Krejcie & Morgan: 80 of a population of 100, 44 of 50. PKM has 10 respondents,
    # DUKCAPIL 50.
    _evaluated(session, tmp_path, populations={"PKM": 100, "DUKCAPIL": 50})
    _approve(session)
    units = {u.unit_code: u for u in _page(session).units}
    assert (units["PKM"].respondents, units["PKM"].sample_min) == (10, 80)
    assert (units["DUKCAPIL"].respondents, units["DUKCAPIL"].sample_min) == (50, None)


def test_the_units_are_judged_against_the_target_they_were_approved_with(
    session: Session, tmp_path: Path
) -> None:
    _evaluated(session, tmp_path)
    _approve(session)
    before = _page(session)
    assert before.target == Decimal("76.61") and any(u.below_target for u in before.units)
    lowered = national.pack()
    lowered["evaluation"]["ikm"]["target"] = 50
    (tmp_path / "since").mkdir()
    make_org(session, tmp_path / "since", lowered)  # the pack's target lowered since
    after = _page(session)
    assert after.target == Decimal("76.61")  # as approved, not 50
    assert [(u.unit_code, u.below_target) for u in after.units] == [
        (u.unit_code, u.below_target) for u in before.units
    ]
