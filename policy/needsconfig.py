"""Pack schema of the ASN needs questionnaire: its statements and the index a unit must reach.

Layer: domain configuration (part of the pack schema in `policy.packschema`, which holds
this under `needs_survey`). A pack without statements of its own asks
`DEFAULT_SURVEY_ITEMS`. `policy.services.needs_survey` scores the answers;
`policy.services.needs_answers` takes them on the portal.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackSurveyItem(_Strict):
    """A statement of the ASN needs questionnaire, answered 1 (tidak setuju) … 4 (sangat setuju)."""

    code: str = Field(pattern=r"^k([1-9]|1[0-2])$", description="Its column: k1 … k12.")
    text: str = Field(min_length=1, description="The statement as the questionnaire asks it.")
    text_en: str = Field(default="", description="The statement in English documents.")


#: The questionnaire a pack without its own asks: what PermenPANRB 6/2022's performance
#: management leans on (agreed expectations, dialogue, fair appraisal, development) and what
#: most often keeps an ASN from performing (workload, facilities, recognition, procedures).
DEFAULT_SURVEY_ITEMS: tuple[PackSurveyItem, ...] = (
    PackSurveyItem(
        code="k1",
        text="Ekspektasi kinerja dan sasaran SKP saya jelas dan disepakati bersama atasan",
        text_en="My performance expectations and SKP targets are clear and agreed with my "
        "supervisor",
    ),
    PackSurveyItem(
        code="k2",
        text="Atasan memberikan umpan balik kinerja secara berkala",
        text_en="My supervisor gives me performance feedback regularly",
    ),
    PackSurveyItem(
        code="k3",
        text="Penilaian kinerja di unit saya objektif dan berdasarkan bukti dukung",
        text_en="Performance appraisal in my unit is objective and based on evidence",
    ),
    PackSurveyItem(
        code="k4",
        text="Saya mendapat kesempatan pengembangan kompetensi yang cukup (paling sedikit 20 JP "
        "setahun)",
        text_en="I get enough competence development (at least 20 learning hours a year)",
    ),
    PackSurveyItem(
        code="k5",
        text="Beban kerja saya sesuai dengan jabatan dan jam kerja",
        text_en="My workload fits my position and working hours",
    ),
    PackSurveyItem(
        code="k6",
        text="Sarana dan prasarana kerja mendukung pelaksanaan tugas saya",
        text_en="Work facilities and equipment support my duties",
    ),
    PackSurveyItem(
        code="k7",
        text="Prestasi kerja mendapat penghargaan atau pengakuan yang layak",
        text_en="Good performance receives fair reward or recognition",
    ),
    PackSurveyItem(
        code="k8",
        text="Prosedur kerja (SOP) dan pembagian tugas di unit saya jelas",
        text_en="Work procedures (SOP) and the division of tasks in my unit are clear",
    ),
)


class PackNeedsSurvey(_Strict):
    """The ASN needs questionnaire of the needs analysis (import kind `kebutuhan_asn`)."""

    items: tuple[PackSurveyItem, ...] = Field(
        default=DEFAULT_SURVEY_ITEMS, min_length=1, description="The statements, k1 … k12."
    )
    target: Decimal = Field(
        default=Decimal("62.5"),
        ge=25,
        le=100,
        description="Index (mean answer × 25, 25–100) a statement must reach in a unit; "
        "below it the unit has a problem. Default 62,50: a mean answer under 2,5, where the "
        "unit's employees lean to disagree.",
    )

    @field_validator("items")
    @classmethod
    def _unique(cls, value: tuple[PackSurveyItem, ...]) -> tuple[PackSurveyItem, ...]:
        codes = [item.code for item in value]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"kode pertanyaan ganda: {', '.join(repeated)}")
        return value
