"""Needs analysis: complaints, SKM and carried findings ranked into problems per unit.

Layer: domain services (counterpart: `flows.needs_analysis`). The analysis window is
the calendar year before the analysis date. The problems are ranked, scored and recorded as
findings in `policy.services.needs_problems`, where their scores are set out; this module
takes the inputs, gathers the report's other parts and publishes it.

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
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from policy.academic_notes import split_notes
from policy.evaluation import format_exact, parse_weight, round_half_up
from policy.legal_bases import NATIONAL_BASES
from policy.locale import Locale
from policy.models import (
    Cycle,
    Employee,
    Member,
    Note,
    Predikat,
    RunStatus,
    Stage,
    StageRun,
    Unit,
)
from policy.periods import period_label, period_range
from policy.services import action_carry
from policy.services.common import unit_names
from policy.services.evaluation_skm import processing_units
from policy.services.imports import ingest_inputs
from policy.services.needs_problems import (
    complaint_units,
    rank_problems,
    record_findings,
    skm_unit_rows,
    slow_units,
    survey_problems,
)
from policy.services.needs_survey import in_language, needs_survey
from policy.services.processing_stats import processing_by_unit
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
from policy.views.needs_analysis import (
    EarlierEvaluation,
    Group,
    Indicator,
    NeedsAnalysisView,
    NotesParts,
    Problem,
    Regulation,
    Stakeholder,
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
    complaints = complaint_units(session, ctx.org_id, (start, end), names, limit_hours)
    skm_units, skm_respondents = skm_unit_rows(session, ctx, (start, end))
    processing = processing_units(
        processing_by_unit(session, ctx.org_id, ctx.pack, start, end), names
    )
    processing_target = ctx.pack.evaluation.processing.target_share
    slow = slow_units(processing, processing_target)
    min_group = ctx.pack.evaluation.min_group_size
    # Counted once (in SQL), then given each language's statements.
    counted = needs_survey(session, ctx.cycle.id or 0, ctx.pack.needs_survey, names, min_group)
    surveys = {
        loc: in_language(counted, ctx.pack.needs_survey, loc) if counted is not None else None
        for loc in ("id", *locales)
    }
    # Open actions of the previous cycle become `carried`, linked to this cycle.
    carried = action_carry.carry_into(session, ctx, actor)

    # A carried action names its unit (or the organisation); a name two units share names
    # no one unit, so its problem gets no code.
    uses = Counter(names.values())
    codes = {name: code for code, name in names.items() if uses[name] == 1}

    def ranked(locale: Locale) -> list[Problem]:
        # The same ranking in every locale; only a carried action's wording differs.
        texts = [(c.unit, c.text(locale)) for c in carried]
        asked = survey_problems(surveys[locale])
        return rank_problems(complaints, skm_units, ikm_cfg.target, texts, codes, slow, asked)

    problems = ranked("id")

    record_findings(session, ctx.cycle, problems)
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
