"""The organisation pack's schema: what `packs/<name>.yaml` may say, validated by pydantic.

Layer: domain configuration. Messages are in Bahasa Indonesia, for the officer who edits
the pack; `policy.packs` reads the file and puts the file's line and column before each.
The weighted 360 and complaints blocks are in `policy.evalconfig`; the organisation, its
units, members and policy in `policy.orgconfig`; the ASN needs questionnaire in
`policy.needsconfig`; forums, workshops, milestones and the calendar in `policy.packplans`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from policy.evalconfig import (
    Code,
    Pack360,
    PackActivityReports,
    PackAngkaKredit,
    PackComplaints,
    PackProcessing,
    PeriodKind,
)
from policy.evaluation.measures import Measure, parse_measure
from policy.input_analysis import DEFAULT_THEMES, normalise
from policy.needsconfig import PackNeedsSurvey
from policy.orgconfig import UNIT_KINDS, Email, PackMember, PackOrganisation, PackPolicy, PackUnit
from policy.packplans import (
    PackCalendar,
    PackForum,
    PackGroup,
    PackMilestone,
    PackWorkshop,
)
from policy.periods import PERIOD_KINDS, period_kind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_DEMO_KEY = re.compile(
    r"setup|needs_analysis|socialisation|implementation|evaluation|(forums|drafting|portal)"
    r"(?:_round([2-9]|[1-9][0-9]))?"
    r"|evaluation@\d{4}(?:-(?:TW[1-4]|S[12]|0[1-9]|1[0-2]))?"  # one evaluation period
)
STAGE_NAMES = (
    "needs_analysis",
    "forums",
    "drafting",
    "socialisation",
    "implementation",
    "evaluation",
)


NeedsAnalysisOutline = Literal["laporan", "naskah_akademik"]
"""The outlines of the needs analysis's document (`stages.needs_analysis_outline`)."""


class PackStages(_Strict):
    """Stage settings."""

    socialisation_coverage_target: Decimal = Field(default=Decimal("0.80"), ge=0, le=1)
    needs_analysis_outline: NeedsAnalysisOutline = Field(
        default="laporan",
        description="How the needs analysis is published: 'laporan' (the Laporan Analisis "
        "Kebutuhan, seven sections) or 'naskah_akademik' (the Kajian Akademik, in the Naskah "
        "Akademik outline of UU 12/2011 Lampiran I: BAB I-VI and a Daftar Pustaka). The same "
        "analysis either way. UU 12/2011 requires a Naskah Akademik only for a Raperda; every "
        "legal form a pack may choose is a Perkada or a Keputusan, so the default stays "
        "'laporan' whatever the form.",
    )
    deadlines_working_days: dict[str, int] = Field(
        default_factory=dict,
        description="Working days from a stage run's start to its deadline, per stage name.",
    )

    @field_validator("deadlines_working_days")
    @classmethod
    def _known_stages(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(STAGE_NAMES))
        if unknown:
            raise ValueError(
                f"tahap tidak dikenal: {', '.join(unknown)} (pilih: {', '.join(STAGE_NAMES)})"
            )
        negative = sorted(k for k, v in value.items() if v < 0)
        if negative:
            raise ValueError(f"jumlah hari kerja tidak boleh negatif: {', '.join(negative)}")
        return value


class PackIkm(_Strict):
    """SKM/IKM settings (DOMAIN.md R1, R2)."""

    weight: str = Field(default="1/9", description="Weight per element: '1/9', '0.111' or '0.11'.")
    target: Decimal = Field(default=Decimal("76.61"))
    elements: dict[str, str] = Field(default_factory=dict)
    partners: list[str] = Field(
        default_factory=list, description="Organisations that run the survey with the units."
    )

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: str) -> str:
        # R1 allows these three weights only: any other (e.g. 0.5) puts the IKM off its
        # 25-100 scale and its mutu off the regulation's intervals.
        if "".join(value.split()).replace(",", ".") not in {"1/9", "0.111", "0.11"}:
            raise ValueError(
                f"bobot '{value}' tidak diizinkan; isi 1/9 (bawaan: tepat 1/9), 0.111 atau "
                "0.11 (boleh dengan koma desimal: 0,111 atau 0,11)"
            )
        return value

    @field_validator("elements")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if k not in {f"u{i}" for i in range(1, 10)}]
        if bad:
            raise ValueError(f"kode unsur tidak dikenal: {', '.join(bad)} (gunakan u1…u9)")
        return value


class PackEvaluation(_Strict):
    """The evaluation framework (national e-Kinerja or weighted 360; `policy.evalconfig`)."""

    framework: Literal["national", "weighted_360"] = "national"
    periods: PeriodKind = "quarterly"
    self_assessment_periods: PeriodKind | None = Field(
        default=None, description="Periods of self-assessment rounds besides `periods`."
    )
    ikm: PackIkm = Field(default_factory=PackIkm)
    weighted_360: Pack360 | None = None
    complaints: PackComplaints = Field(default_factory=PackComplaints)
    activity_reports: PackActivityReports = Field(default_factory=PackActivityReports)
    processing: PackProcessing = Field(default_factory=PackProcessing)
    angka_kredit: PackAngkaKredit = Field(default_factory=PackAngkaKredit)
    min_group_size: int = Field(
        default=3,
        ge=2,
        le=20,
        description="Smallest number of rated employees whose figures (a team's or a unit's "
        "mean, predikat counts, criteria means, self-assessment gap) a report shows; smaller "
        "groups, and as many others as keep them from being worked out from the totals, are "
        "shown as withheld.",
    )
    followup_working_days: int = Field(
        default=20,
        ge=1,
        le=250,
        description="A follow-up action is due this many working days after the evaluation "
        "report's date (national holidays, cuti bersama and the pack's own days not counted).",
    )

    @model_validator(mode="after")
    def _framework_block(self) -> PackEvaluation:
        if self.framework == "weighted_360" and self.weighted_360 is None:
            raise ValueError("framework weighted_360 memerlukan blok weighted_360")
        if self.framework == "national" and self.weighted_360 is not None:
            raise ValueError("blok weighted_360 hanya berlaku bila framework: weighted_360")
        if self.framework != "national" and self.angka_kredit != PackAngkaKredit():
            raise ValueError(
                "blok angka_kredit hanya berlaku bila framework: national (angka kredit "
                "mengikuti predikat SKP e-Kinerja, bukan nilai 360)"
            )
        return self

    def self_round(self, period: str) -> bool:
        """Whether `period` is a self-assessment round, not an evaluation period.

        That is a period of `self_assessment_periods`' kind and not of `periods`' (a quarter
        when evaluation is annual and self-assessment quarterly). Such a round compares
        self-assessments with the supervisors'; its scores are provisional and call for no
        coaching or talent-pool action.
        """
        extra = self.self_assessment_periods
        if extra is None or PERIOD_KINDS[extra] == PERIOD_KINDS[self.periods]:
            return False
        return period_kind(period) == PERIOD_KINDS[extra]


class PackIndicator(_Strict):
    """A policy indicator with baseline, target and direction."""

    code: Code
    name: str
    unit: str = ""
    baseline: Decimal
    target: Decimal
    direction: Literal["higher", "lower"] = "higher"
    decimals: int = Field(
        default=2,
        ge=0,
        le=4,
        description="Decimal places of its values in documents: 0 for counts (orang, dokumen), "
        "2 for indices and percentages.",
    )
    measure: str | None = Field(
        default=None,
        description="Measured by Siklus from the period's data, not imported: 'ikm:UNIT', "
        "'pengaduan_tepat_waktu[:UNIT]', 'pengaduan_median[:UNIT]', 'bonus:CODE' or "
        "'predikat_baik'.",
    )

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str | None) -> str | None:
        return None if value is None else str(parse_measure(value))

    def measured(self) -> Measure | None:
        """The parsed measure, or None when the realisation is imported."""
        return None if self.measure is None else parse_measure(self.measure)


class PackReminders(_Strict):
    """Reminders before a deadline and escalation after it."""

    enabled: bool = True
    lead_working_days: int = Field(default=3, ge=0, le=60)
    sender: Email | None = Field(
        default=None, description="From address of the emails; default SIKLUS_SMTP_FROM."
    )


class PackOfficer(_Strict):
    """The data-protection officer (PPDP, UU 27/2022 Pasal 53): whom data subjects contact."""

    name: str = Field(min_length=1, description="Name with gelar, as letters print it.")
    title: str = Field(default="", description="Post, e.g. 'Kepala Bidang Persandian'.")
    email: Email
    phone: str = ""


#: Kinds of personal data a pack may set a retention period for (`data_protection.retention`).
RetainedKind = Literal["penilaian_360", "bonus", "ekinerja", "laporan_kegiatan"]


class PackDataProtection(_Strict):
    """Personal-data protection (UU 27/2022): who answers for it and whom failures go to."""

    officer: PackOfficer | None = Field(
        default=None,
        description="The PPDP the pemda appointed; named on the notices of a failure.",
    )
    authority: str = Field(
        default="Lembaga Penyelenggara Pelindungan Data Pribadi",
        min_length=1,
        description="The authority a failure of protection is notified to (Pasal 46).",
    )
    retention: dict[RetainedKind, Annotated[int, Field(ge=1, le=100)]] = Field(
        default_factory=dict,
        description="Years each kind is kept after the end of the period it is about (the "
        "region's jadwal retensi arsip); a kind not named is kept. `siklus pdp retention` "
        "lists, and on a leader's order destroys, what is past it.",
    )


class Pack(_Strict):
    """An organisation pack (`packs/<name>.yaml`)."""

    organisation: PackOrganisation
    units: list[PackUnit] = Field(min_length=1)
    members: list[PackMember] = Field(min_length=1)
    policy: PackPolicy
    stakeholder_groups: list[PackGroup] = Field(default_factory=list)
    stages: PackStages = Field(default_factory=PackStages)
    evaluation: PackEvaluation = Field(default_factory=PackEvaluation)
    indicators: list[PackIndicator] = Field(default_factory=list)
    needs_survey: PackNeedsSurvey = Field(default_factory=PackNeedsSurvey)
    indicators_file: str | None = Field(
        default=None,
        description="A CSV or XLSX file beside the pack holding its indicators, one per row "
        "(kode; nama; satuan; baseline; target; arah; desimal; diukur_dari), in place of "
        "`indicators`; read when the pack is loaded.",
    )
    forums: list[PackForum] = Field(default_factory=list)
    workshops: list[PackWorkshop] = Field(default_factory=list)
    milestones: list[PackMilestone] = Field(default_factory=list)
    calendar: PackCalendar = Field(default_factory=PackCalendar)
    reminders: PackReminders = Field(default_factory=PackReminders)
    data_protection: PackDataProtection = Field(default_factory=PackDataProtection)
    themes: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_THEMES.items()},
        description="Themes of forum inputs with their keywords; a theme without keywords "
        "takes what no keyword matches (`policy.input_analysis`).",
    )
    demo: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Sample input files per stage (paths relative to the pack file); a later "
        "consultation round's forums and drafting as 'forums_round2', 'drafting_round2', ….",
    )

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        problems = [f"nama tema kosong: {name!r}" for name in value if not name.strip()]
        problems += [
            f"tema {name}: kata kunci {word!r} tidak berisi huruf atau angka"
            for name, words in value.items()
            for word in words
            if not normalise(word)
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("demo")
    @classmethod
    def _demo_keys(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        bad = sorted(k for k in value if not _DEMO_KEY.fullmatch(k))
        if bad:
            raise ValueError(
                f"kunci demo tidak dikenal: {', '.join(bad)} (yang dikenal: setup, nama tahap, "
                "forums_round2/drafting_round2 … untuk putaran konsultasi berikutnya, "
                "portal/portal_round2 untuk masukan yang dikirim lewat portal, atau "
                "evaluation@2026-TW3 untuk evaluasi satu periode)"
            )
        return value

    @property
    def demo_rounds(self) -> int:
        """How many consultation rounds the demo data holds (1 + the later rounds)."""
        keys = (_DEMO_KEY.fullmatch(k) for k in self.demo)
        return max((int(m.group(2)) for m in keys if m and m.group(2)), default=1)

    def _demo_round_problems(self) -> list[str]:
        problems = []
        for n in range(2, self.demo_rounds + 1):
            for stage in ("forums", "drafting"):
                if f"{stage}_round{n}" not in self.demo:
                    problems.append(f"demo: putaran {n} memerlukan '{stage}_round{n}'")
                earlier = stage if n == 2 else f"{stage}_round{n - 1}"
                if earlier not in self.demo:
                    problems.append(f"demo: '{stage}_round{n}' memerlukan '{earlier}' lebih dulu")
            if not any(f.round == n for f in self.forums):
                problems.append(
                    f"demo: putaran {n} memerlukan forum dengan 'round: {n}' di daftar forums"
                )
        return problems

    def _measure_problems(self) -> list[str]:
        """Measured indicators that name no unit, no service unit or no bonus of the pack."""
        units = {u.code: u for u in self.units}
        f360 = self.evaluation.weighted_360
        bonus = [b.code for b in f360.bonus] if f360 is not None else []
        problems = []
        for i in self.indicators:
            measure = i.measured()
            if measure is None or measure.subject is None:
                continue
            where = f"indikator {i.code}: ukuran '{measure}'"
            if measure.kind == "bonus":
                if measure.subject not in bonus:
                    known = (
                        ", ".join(bonus)
                        or "paket ini tidak punya bonus (evaluation.weighted_360.bonus)"
                    )
                    problems.append(f"{where}: bonus '{measure.subject}' tidak ada ({known})")
            elif measure.unit not in units:
                problems.append(f"{where}: unit '{measure.unit}' tidak ada di daftar unit")
            elif (
                measure.kind != "bonus"
                and measure.kind.startswith(("ikm", "layanan"))
                and (not units[measure.unit].service)
            ):
                problems.append(f"{where}: {measure.unit} bukan unit layanan (service: true)")
            elif measure.service is not None:
                unit = units[measure.unit]
                if unit.services and measure.service.casefold() not in {
                    s.casefold() for s in unit.services
                }:
                    problems.append(
                        f"{where}: jenis layanan '{measure.service}' tidak ada di services unit "
                        f"{unit.code} ({', '.join(unit.services)})"
                    )
        problems += self._standard_problems()
        return problems

    def _standard_problems(self) -> list[str]:
        """`layanan_tepat_waktu` measures with no Standar Pelayanan to judge against."""
        problems = []
        units = {u.code: u for u in self.units}
        for i in self.indicators:
            measure = i.measured()
            if measure is None or measure.kind != "layanan_tepat_waktu":
                continue
            unit = units.get(measure.unit or "")
            if measure.unit is not None and unit is None:
                continue  # reported above
            if measure.service is not None and unit is not None:
                missing = unit.standard_days(measure.service) is None
                lacks = f"jangka waktu '{measure.service}' di service_days unit {unit.code}"
            elif unit is not None:
                missing, lacks = not unit.service_days, f"service_days unit {unit.code}"
            else:
                missing = not any(u.service_days for u in self.units)
                lacks = "service_days pada unit layanan mana pun"
            if missing:
                problems.append(
                    f"indikator {i.code}: ukuran '{measure}' memerlukan standar waktu "
                    f"penyelesaian, tetapi paket tidak memuat {lacks} (mis. service_days: "
                    "{KTP-el: 1})"
                )
        return problems

    @model_validator(mode="after")
    def _cross_refs(self) -> Pack:
        codes = [u.code for u in self.units]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"kode unit ganda: {', '.join(dupes)}")
        for unit in self.units:
            if unit.parent is not None and unit.parent not in codes:
                raise ValueError(
                    f"unit {unit.code}: induk '{unit.parent}' tidak ada di daftar unit"
                )
        for unit in self.units:
            if unit.population is not None and not unit.service:
                raise ValueError(
                    f"unit {unit.code}: population hanya untuk unit layanan (service: true)"
                )
        f360 = self.evaluation.weighted_360
        for rc in f360.role_criteria if f360 else []:
            unknown = [k for k in rc.unit_kinds if k not in UNIT_KINDS]
            if unknown:
                raise ValueError(f"kelompok aspek {rc.code}: jenis unit tidak dikenal {unknown}")
        names = [m.username for m in self.members]
        if len(set(names)) != len(names):
            raise ValueError("username anggota ganda")
        if not any("leader" in m.roles for m in self.members):
            raise ValueError("paket harus punya minimal satu anggota berperan 'leader'")
        groups = {g.code for g in self.stakeholder_groups}
        for forum in self.forums:
            unknown = [g for g in forum.groups if g not in groups]
            if unknown:
                raise ValueError(f"forum {forum.code}: kelompok tidak dikenal {unknown}")
        if problems := self._measure_problems():
            raise ValueError("; ".join(problems))
        if problems := self._demo_round_problems():
            raise ValueError("; ".join(problems))
        for ws in self.workshops:
            unknown = [u for u in ws.units if u not in codes]
            if unknown:
                raise ValueError(f"kegiatan {ws.code}: unit tidak dikenal {unknown}")
        for ms in self.milestones:
            unknown = [u for u in ms.units if u not in codes]
            if unknown:
                raise ValueError(f"tahap implementasi '{ms.name}': unit tidak dikenal {unknown}")
        planned: set[tuple[str, str]] = set()
        for ms in self.milestones:
            for unit_code in ms.units or codes:
                if (unit_code, ms.name) in planned:
                    raise ValueError(f"tahap implementasi '{ms.name}' ganda untuk unit {unit_code}")
                planned.add((unit_code, ms.name))
        return self
