"""Needs analysis: complaints, SKM and carried findings ranked into problems per unit.

Layer: domain services (counterpart: `flows.needs_analysis`). The analysis window is
the calendar year before the analysis date. Problems are scored so the ranking can
be explained in the report:
- complaints: 50 × (unit's complaints / most complaints of any unit)
  + 50 × (share answered after the response limit or not at all);
- SKM: units under the IKM target score 40 + 4 × (target − IKM), plus 20 for mutu C/D,
  at most 100;
- service processing times, when the pack sets `evaluation.processing.target_share`:
  units finishing fewer requests within their Standar Pelayanan's time than the target
  score 40 + 2 × (target − share), both in percent as the report shows them, at most 100;
- the ASN needs questionnaire (`policy.services.needs_survey`): units whose employees
  rate a statement below the pack's `needs_survey.target` score 40 + 2 × (target − the
  lowest statement's index), at most 100, as processing times do;
- open follow-up actions of the previous cycle score 70 each.

The pack's `stages.needs_analysis_outline` chooses how the analysis is published: the
Laporan Analisis Kebutuhan (the default) or the Kajian Akademik, the same view set out in
the Naskah Akademik outline of UU 12/2011 Lampiran I, with the national regulations of
`policy.legal_bases` and the officer's notes split by part (`policy.academic_notes`).
Either is the stage's one report, registered under one key, so the approval, the portal and
a pack that changes its outline between runs (a new version) see one document.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, func
from sqlmodel import Session, col, select

from policy.academic_notes import split_notes
from policy.evaluation import format_exact, parse_weight, round_half_up
from policy.legal_bases import NATIONAL_BASES
from policy.locale import Locale, format_number
from policy.models import (
    Complaint,
    Cycle,
    Employee,
    Finding,
    Member,
    Note,
    Predikat,
    RunStatus,
    Stage,
    StageRun,
    Unit,
)
from policy.periods import period_label, period_range
from policy.services import actions
from policy.services.common import unit_names
from policy.services.evaluation_skm import processing_units, slow_kinds
from policy.services.imports import ingest_inputs
from policy.services.needs_survey import in_language, needs_survey
from policy.services.processing_stats import processing_by_unit
from policy.services.skm import ikm_by_service, ikm_by_unit
from policy.services.stagework import (
    InputSpec,
    RunContext,
    StageOutput,
    check_inputs,
    document_date,
    load_context,
    main_markdown,
    publish_all,
    require_running,
)
from policy.views.evaluation_rows import ProcessingUnit
from policy.views.needs_analysis import (
    ComplaintUnit,
    EarlierEvaluation,
    Group,
    Indicator,
    NeedsAnalysisView,
    NeedsSurvey,
    NotesParts,
    Problem,
    Regulation,
    SkmUnit,
    Stakeholder,
    WeakElement,
    WeakKind,
)

STAGE = Stage.NEEDS_ANALYSIS
TITLES = {"id": "Laporan Analisis Kebutuhan", "en": "Needs Analysis Report"}
#: The template and title of each outline a pack may choose (`stages.needs_analysis_outline`).
OUTLINES: dict[str, tuple[str, dict[str, str]]] = {
    "laporan": ("laporan_analisis_kebutuhan", TITLES),
    "naskah_akademik": ("kajian_akademik", {"id": "Kajian Akademik", "en": "Academic Study"}),
}
#: The registry key of the stage's report, whichever its outline.
KEY = "laporan-analisis-kebutuhan"

INPUTS: dict[str, InputSpec] = {
    "pengaduan": InputSpec("pengaduan", False, "data pengaduan masyarakat (CSV/XLSX)"),
    "skm": InputSpec("skm", False, "respons Survei Kepuasan Masyarakat (CSV/XLSX)"),
    "layanan": InputSpec(
        "layanan", False, "permohonan layanan dengan tanggal masuk dan selesai (CSV/XLSX)"
    ),
    "kebutuhan_asn": InputSpec(
        "kebutuhan_asn", False, "lembar jawaban kuesioner kebutuhan ASN (CSV/XLSX)"
    ),
    "catatan": InputSpec("catatan", False, "catatan analisis petugas (Markdown)"),
}


def store_note(session: Session, ctx: RunContext, name: str, path: Path, actor: str) -> Note:
    """Keep a text input whole in the database (replacing an earlier one of the same name)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    note = session.exec(
        select(Note).where(
            Note.cycle_id == ctx.cycle.id, Note.stage == ctx.run.stage, Note.name == name
        )
    ).first() or Note(
        cycle_id=ctx.cycle.id or 0,
        stage=ctx.run.stage,
        name=name,
        filename="",
        text="",
        sha256="",
        author=actor,
    )
    note.filename, note.text, note.sha256, note.author = Path(path).name, text, sha, actor
    session.add(note)
    session.flush()
    return note


def ingest(
    *,
    session: Session,
    run_id: int,
    inputs: Mapping[str, Path],
    actor: str,
    as_of: date | None = None,
) -> dict[str, Any]:
    """Import the stage's input files in one transaction."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    check_inputs(INPUTS, inputs, STAGE)
    done: dict[str, Any] = {}
    kinds = ("pengaduan", "skm", "layanan", "kebutuhan_asn")
    done.update(ingest_inputs(session, ctx, INPUTS, inputs, kinds, actor, as_of))
    if "catatan" in inputs:
        done["catatan"] = store_note(session, ctx, "catatan", inputs["catatan"], actor).filename
    session.commit()
    return done


def _complaints(
    session: Session,
    org_id: int,
    window_dates: tuple[date, date],
    names: dict[str, str],
    limit_hours: int,
) -> list[ComplaintUnit]:
    """Complaints per unit in the window; late = unanswered or answered after `limit_hours`."""
    start, end = window_dates
    late = case(
        (col(Complaint.response_hours).is_(None), 1),
        (col(Complaint.response_hours) > limit_hours, 1),
        else_=0,
    )
    window = (
        Complaint.organisation_id == org_id,
        Complaint.received_on >= start,
        Complaint.received_on <= end,
    )
    rows = session.exec(
        select(
            Complaint.unit_code, func.count(), func.avg(Complaint.response_hours), func.sum(late)
        )
        .where(*window)
        .group_by(Complaint.unit_code)
    ).all()
    cats = session.exec(
        select(Complaint.unit_code, Complaint.category, func.count())
        .where(*window)
        .group_by(Complaint.unit_code, Complaint.category)
    ).all()
    top: dict[str, str] = {}
    for unit, cat, _n in sorted(cats, key=lambda r: (r[0], -r[2], r[1])):
        top.setdefault(unit, cat)
    total = sum(r[1] for r in rows) or 1
    out = [
        ComplaintUnit(
            unit=names.get(unit, unit),
            unit_code=unit,
            count=n,
            share=round_half_up(Fraction(n * 100, total), 2),
            avg_hours=round_half_up(Decimal(repr(avg)), 1) if avg is not None else None,
            late=int(n_late or 0),
            top_category=top.get(unit, ""),
        )
        for unit, n, avg, n_late in rows
    ]
    return sorted(out, key=lambda c: (-c.count, c.unit))


def _stakeholders(session: Session, ctx: RunContext) -> list[Stakeholder]:
    counts: dict[str, dict[str, int]] = {}
    for unit_code, asn, n in session.exec(
        select(Employee.unit_code, Employee.asn_type, func.count())
        .where(Employee.organisation_id == ctx.org_id)
        .group_by(Employee.unit_code, Employee.asn_type)
    ):
        counts.setdefault(unit_code, {})[asn] = n
    rows = []
    in_pack = ctx.unit_order
    for unit in sorted(
        session.exec(select(Unit).where(Unit.organisation_id == ctx.org_id)),
        key=lambda u: in_pack(u.code),
    ):
        c = counts.get(unit.code, {})
        pns = c.get("PNS", 0)
        total = sum(c.values())
        rows.append(
            Stakeholder(
                unit=unit.name,
                kind=unit.kind,
                employees=total,
                pns=pns,
                pppk=total - pns,
                service=unit.service,
            )
        )
    return rows


def _demote(markdown: str) -> str:
    """Officer notes sit under a section of the report: push their headings down two levels."""
    return re.sub(r"^(#{1,4})(\s)", r"\1##\2", markdown, flags=re.MULTILINE)


def _slow_units(units: list[ProcessingUnit], target: Decimal | None) -> list[Problem]:
    """Units finishing too few requests within standard, as problems (none without a target).

    Judged as the evaluation's corrective action is (`slow_kinds`); scored on the
    percentages the report shows.
    """
    if target is None:
        return []
    goal = round_half_up(Fraction(target) * 100, 1)
    found = []
    for u in units:
        if (slow := slow_kinds(u, target)) is None:
            continue
        within = u.total.share_within or Decimal(0)
        found.append(Problem(
            rank=0, unit=u.unit, unit_code=u.unit_code, source="processing",
            score=round_half_up(min(Decimal(100), 40 + 2 * (goal - within)), 1),
            count=u.total.judged, within=within, target=goal, slow=[k.service for k in slow],
        ))  # fmt: skip
    return found


def _survey_problems(survey: NeedsSurvey | None) -> list[Problem]:
    """Units whose employees rate a statement of the ASN questionnaire below its target."""
    if survey is None:
        return []
    return [
        Problem(
            rank=0,
            unit=u.unit,
            unit_code=u.unit_code,
            source="asn_needs",
            score=round_half_up(
                min(Decimal(100), 40 + 2 * (survey.target - u.weakest[0].index)), 1
            ),
            count=u.sheets,
            target=survey.target,
            statements=u.weakest,
        )  # fmt: skip
        for u in survey.units
        if u.weakest
    ]


#: Kinds of service a unit's SKM problem names at most.
WEAK_KINDS = 3


def _with_weak_kinds(
    session: Session, ctx: RunContext, units: list[SkmUnit], span: tuple[date, date]
) -> list[SkmUnit]:
    """`units` with the listed kinds of service below the IKM target of those below it.

    One grouped query (`ikm_by_service`) for the units below target whose pack lists their
    kinds; answers that name no kind, or a kind the pack does not list, are not named.
    """
    cfg = ctx.pack.evaluation.ikm
    listed = {u.code: set(u.services) for u in ctx.pack.units if u.services}
    wanted = {u.unit_code for u in units if u.below_target and u.unit_code in listed}
    found = ikm_by_service(session, ctx.org_id, *span, wanted, weight=cfg.weight,
                           element_names=cfg.elements)  # fmt: skip
    out = []
    for u in units:
        kinds = sorted(
            (WeakKind(service=service, ikm=r.ikm, mutu=r.mutu.value, respondents=r.respondents)
             for service, r in found.get(u.unit_code, [])
             if service in listed.get(u.unit_code, ()) and r.ikm < cfg.target),
            key=lambda k: (k.ikm, k.service),
        )  # fmt: skip
        out.append(u.model_copy(update={"weak_kinds": kinds[:WEAK_KINDS]}) if kinds else u)
    return out


def _problems(
    complaints: list[ComplaintUnit],
    skm: list[SkmUnit],
    target: Decimal,
    carried: list[tuple[str, str]],
    codes: Mapping[str, str],
    slow: Sequence[Problem] = (),
    asked: Sequence[Problem] = (),
) -> list[Problem]:
    """The problems ranked by score; `codes` gives a carried problem's unit code by its name."""
    scored: list[Problem] = []
    most = max((c.count for c in complaints), default=0)
    for c in complaints:
        score = Fraction(50 * c.count, most) + Fraction(50 * c.late, c.count)
        scored.append(
            Problem(
                rank=0,
                unit=c.unit,
                unit_code=c.unit_code,
                source="complaints",
                score=round_half_up(score, 1),
                count=c.count,
                share=c.share,
                late=c.late,
                top_category=c.top_category,
            )
        )
    for s in skm:
        if not s.below_target:
            continue
        gap_score = 40 + 4 * (target - s.ikm) + (20 if s.mutu in ("C", "D") else 0)
        ikm_score = min(Decimal(100), gap_score)
        scored.append(
            Problem(
                rank=0,
                unit=s.unit,
                unit_code=s.unit_code,
                source="skm",
                score=round_half_up(ikm_score, 1),
                ikm=s.ikm,
                mutu=s.mutu,
                target=target,
                weakest=s.weakest,
                weak_kinds=s.weak_kinds,
            )
        )
    scored.extend(slow)
    scored.extend(asked)
    for unit, title in carried:
        scored.append(
            Problem(
                rank=0,
                unit=unit,
                unit_code=codes.get(unit, ""),
                source="followup",
                score=Decimal("70.0"),
                followup=title,
            )
        )
    scored.sort(key=lambda p: (-p.score, p.unit, p.source))
    return [p.model_copy(update={"rank": i}) for i, p in enumerate(scored, 1)]


def produce(
    *,
    session: Session,
    run_id: int,
    actor: str,
    flow_run_id: str | None = None,
    locales: tuple[Locale, ...] = ("id",),
    as_of: date | None = None,
) -> StageOutput:
    """Analyse, record the ranked findings and publish the report in the pack's outline."""
    ctx = load_context(session, run_id, STAGE)
    require_running(ctx)
    template, titles = OUTLINES[ctx.pack.stages.needs_analysis_outline]
    on = document_date(as_of)
    start, end = date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    names = unit_names(session, ctx.org_id)
    ikm_cfg = ctx.pack.evaluation.ikm
    limit_hours = ctx.pack.evaluation.complaints.response_limit_hours
    complaints = _complaints(session, ctx.org_id, (start, end), names, limit_hours)
    skm_units = []
    skm_respondents = 0
    for u in ikm_by_unit(
        session, ctx.org_id, start, end, weight=ikm_cfg.weight, element_names=ikm_cfg.elements
    ):
        skm_respondents += u.result.respondents
        weakest = [
            WeakElement(code=e.code.upper(), name=e.name, nrr=round_half_up(e.nrr or 0, 2))
            for e in sorted(
                (e for e in u.result.elements if e.nrr is not None), key=lambda e: (e.nrr, e.code)
            )[:2]
        ]
        skm_units.append(
            SkmUnit(
                unit=u.unit_name,
                unit_code=u.unit_code,
                respondents=u.result.respondents,
                ikm=u.result.ikm,
                mutu=u.result.mutu.value,
                kinerja=u.result.kinerja,
                below_target=u.result.ikm < ikm_cfg.target,
                weakest=weakest,
                warning=u.result.warning,
            )
        )
    skm_units = _with_weak_kinds(session, ctx, skm_units, (start, end))
    processing = processing_units(
        processing_by_unit(session, ctx.org_id, ctx.pack, start, end), names
    )
    processing_target = ctx.pack.evaluation.processing.target_share
    slow = _slow_units(processing, processing_target)
    min_group = ctx.pack.evaluation.min_group_size
    # Counted once (in SQL), then given each language's statements.
    counted = needs_survey(session, ctx.cycle.id or 0, ctx.pack.needs_survey, names, min_group)
    surveys = {
        loc: in_language(counted, ctx.pack.needs_survey, loc) if counted is not None else None
        for loc in ("id", *locales)
    }
    # Open actions of the previous cycle become `carried`, linked to this cycle.
    carried = actions.carry_into(session, ctx, actor)

    # A carried action names its unit (or the organisation); a name two units share names
    # no one unit, so its problem gets no code.
    uses = Counter(names.values())
    codes = {name: code for code, name in names.items() if uses[name] == 1}

    def ranked(locale: Locale) -> list[Problem]:
        # The same ranking in every locale; only a carried action's wording differs.
        texts = [(c.unit, c.text(locale)) for c in carried]
        asked = _survey_problems(surveys[locale])
        return _problems(complaints, skm_units, ikm_cfg.target, texts, codes, slow, asked)

    problems = ranked("id")

    session.execute(delete(Finding).where(col(Finding.cycle_id) == ctx.cycle.id))
    for p in problems:
        session.add(
            Finding(
                cycle_id=ctx.cycle.id or 0,
                rank=p.rank,
                unit_code=p.unit_code or None,
                source=p.source,
                # Findings are worded in Indonesian, as the Laporan is: "IKM 75,38 (C)".
                title=_finding_title(p),
                detail=_finding_detail(p),
                score=float(p.score),
            )
        )
    earlier = earlier_evaluations(session, ctx.cycle)
    note = session.exec(
        select(Note).where(
            Note.cycle_id == ctx.cycle.id, Note.stage == STAGE, Note.name == "catatan"
        )
    ).first()
    member = session.exec(
        select(Member).where(Member.organisation_id == ctx.org_id, Member.username == actor)
    ).first()
    stake = _stakeholders(session, ctx)
    employees_total = sum(s.employees for s in stake)
    parts = NotesParts(**split_notes(note.text)) if note else NotesParts()

    def view(locale: Locale) -> NeedsAnalysisView:
        return NeedsAnalysisView(
            header=ctx.header(titles[locale], on),
            legal_form=ctx.policy.legal_form,
            policy_title=ctx.policy.title,
            window_start=start,
            window_end=end,
            response_limit_hours=limit_hours,
            complaints_total=sum(c.count for c in complaints),
            complaint_units=complaints,
            skm_respondents=skm_respondents,
            skm_units=skm_units,
            ikm_weight=skm_weight_text(ikm_cfg.weight),
            ikm_target=ikm_cfg.target,
            problems=problems if locale == "id" else ranked(locale),
            stakeholders=stake,
            groups=[
                Group(name=g.name, involvement=g.involvement) for g in ctx.pack.stakeholder_groups
            ],
            employees_total=employees_total,
            processing=processing,
            processing_target=None
            if processing_target is None
            else round_half_up(Fraction(processing_target) * 100, 1),
            indicators=[
                Indicator(
                    code=i.code,
                    name=i.name,
                    unit=i.unit,
                    baseline=i.baseline,
                    target=i.target,
                    direction=i.direction,
                    decimals=i.decimals,
                )
                for i in ctx.pack.indicators
            ],
            earlier=[
                e.model_copy(update={"period_label": period_label(e.period, locale)})
                for e in earlier
            ],
            survey=surveys[locale],
            notes_markdown=_demote(note.text) if note else "",
            notes_parts=parts,
            regulations=[
                Regulation(citation=b.citation(), short=b.short, governs=b.governs(locale))
                for b in NATIONAL_BASES
            ],
            prepared_by=member.name if member else actor,
            prepared_by_title=member.title if member else "",
        )

    # Run again on a later day of the same year with the same data (a returned run), the
    # report keeps its version and date (`Publication.keep_dated`).
    docs = publish_all(
        session,
        ctx,
        key=KEY,
        template=template,
        views={loc: view(loc) for loc in locales},
        actor=actor,
        flow_run_id=flow_run_id,
        keep_dated=True,
    )
    session.commit()
    top = problems[0] if problems else None
    return StageOutput(
        summary={
            "as_of": on.isoformat(),
            "problems": len(problems),
            "top_problem": f"{top.unit}: {top.source}" if top else None,
            "complaints": sum(c.count for c in complaints),
            "skm_units_below_target": [s.unit for s in skm_units if s.below_target],
            **({"processing_units_below_target": [p.unit for p in slow]} if slow else {}),
            **({"asn_needs_sheets": survey.sheets} if (survey := surveys["id"]) else {}),
        },
        documents=docs,
        report_title=titles[locales[0]],
        report_markdown=main_markdown(docs),
        tables={
            "masalah": [
                {"peringkat": p.rank, "unit": p.unit, "sumber": p.source, "skor": str(p.score)}
                for p in problems
            ]
        },
    )


def _finding_title(p: Problem) -> str:
    """A finding's title, in Indonesian as the Laporan is: "IKM 75,38 (C)"."""
    if p.source == "asn_needs":
        w = p.statements[0]
        return f"Kuesioner kebutuhan ASN: {w.code} indeks {format_number(w.index)}"
    if p.source == "processing":
        return (
            f"Waktu penyelesaian: {format_number(p.within, 1)}% permohonan sesuai standar, "
            f"target {format_number(p.target, 1)}%"
        )
    return p.top_category or p.followup or f"IKM {format_number(p.ikm)} ({p.mutu})"


def _finding_detail(p: Problem) -> str:
    """What a finding names: the kinds of service, statements or SKM elements behind it."""
    if p.source == "processing":
        return ", ".join(p.slow)
    if p.source == "asn_needs":
        return "; ".join(f"{w.code} {w.text} ({format_number(w.index)})" for w in p.statements)
    return ", ".join(f"{w.code} {w.name} ({format_number(w.nrr)})" for w in p.weakest)


def skm_weight_text(weight: str) -> str:
    """The configured IKM weight as written in reports ('1/9', '0,111')."""
    return format_exact(parse_weight(weight))


_GOOD = (Predikat.SANGAT_BAIK.value, Predikat.BAIK.value)


def earlier_evaluations(session: Session, cycle: Cycle) -> list[EarlierEvaluation]:
    """The previous cycle's approved evaluation periods, from the summaries their runs kept.

    A revision cycle starts from what the last one found: each approved period's predikat
    split, the units off their distribution pattern, the lowest IKM, the indicators met and
    the follow-up raised. Empty for a first cycle.
    """
    if cycle.previous_cycle_id is None:
        return []
    before = session.get(Cycle, cycle.previous_cycle_id)
    runs = session.exec(
        select(StageRun).where(
            StageRun.cycle_id == cycle.previous_cycle_id,
            StageRun.stage == Stage.EVALUATION,
            StageRun.status == RunStatus.APPROVED,
        )
    ).all()
    out = []
    for run in sorted(runs, key=lambda r: period_range(r.period)):
        s = run.summary or {}
        counts = {str(k): int(v) for k, v in (s.get("predikat_counts") or {}).items()}
        lowest = _lowest_ikm(s.get("ikm") or {})
        actions = s.get("actions") or {}
        out.append(EarlierEvaluation(
            cycle=before.number if before else 0, period=run.period,
            period_label=period_label(run.period), rated=int(s.get("rated", 0)),
            good=sum(n for p, n in counts.items() if p in _GOOD),
            weak=sum(n for p, n in counts.items() if p not in _GOOD),
            curve_units=len(s.get("units_with_curve_warnings") or []),
            lowest_unit=lowest[0], lowest_ikm=lowest[1], lowest_mutu=lowest[2],
            indicators_met=int(s.get("indicators_met", 0)),
            indicators_behind=int(s.get("indicators_behind", 0)),
            indicators_total=int(s.get("indicators_total", 0)),
            actions=sum(int(n) for n in actions.values()) if isinstance(actions, dict) else 0,
        ))  # fmt: skip
    return out


def _lowest_ikm(ikm: dict[str, str]) -> tuple[str, Decimal | None, str]:
    """The unit with the lowest IKM of a summary's {unit: '76,19 C'}."""
    found: list[tuple[Decimal, str, str]] = []
    for unit, text in ikm.items():
        number, _, mutu = str(text).partition(" ")
        try:
            found.append((Decimal(number.replace(".", "").replace(",", ".")), unit, mutu))
        except ArithmeticError:
            continue
    if not found:
        return "", None, ""
    lowest, unit, grade = min(found)
    return unit, lowest, grade
