"""Pack schema of the evaluation frameworks: weighted 360, complaints, self-assessment.

Layer: domain configuration (part of the pack schema in `policy.packschema`, which embeds
these models in `PackEvaluation`). Validation errors name the place in the pack file
(`evaluation.weighted_360.criteria[1].weight: ...`) through `policy.packs.load_pack`.

Decisions where the regulations are silent (also in the README):

- Weights are exact numbers written as text or numbers ("0.3", "1/3", 0.25). Criterion
  weights of a set, and the source weights above zero, must add up to exactly 1, unless
  the pack sets `normalise_weights: true`; then each weight is divided by their sum and
  every report says the weights were normalised.
- A source with weight 0 (typically `diri`) is shown, never scored: self-assessment is
  set beside the supervisor's score with the gap.
- Predikat thresholds apply to the final 0–100 score rounded half-up to 2 decimals; the
  list runs from the best predikat down and ends at 0, so no score falls in a gap.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from policy.evaluation.framework import Framework

SOURCES = ("diri", "atasan", "rekan", "bawahan", "masyarakat")
"""Rater sources of a weighted 360 evaluation."""

Source = Literal["diri", "atasan", "rekan", "bawahan", "masyarakat"]
PredikatName = Literal[
    "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"
]
PREDIKAT_ORDER: tuple[str, ...] = (
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang/Misconduct",
    "Sangat Kurang",
)
PeriodKind = Literal["monthly", "quarterly", "semester", "annual"]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]


def _weight_text(value: Any) -> Any:
    """Weights as exact text: a YAML float 0.3 becomes '0.3' (its shortest spelling)."""
    if isinstance(value, bool):
        raise ValueError("bobot harus angka, bukan ya/tidak")
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, int | Decimal):
        value = str(value)
    if isinstance(value, str):
        weight_value(value)
    return value


def weight_value(text: str) -> Fraction:
    """The exact value of a weight text ('0,3', '0.3', '1/3').

    Raises:
        ValueError: not a number or a fraction, or negative.
    """
    try:
        value = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"bobot '{text}' bukan angka atau pecahan (mis. 0.3 atau 1/3)") from exc
    if value < 0:
        raise ValueError(f"bobot '{text}' tidak boleh negatif")
    return value


WeightText = Annotated[str, BeforeValidator(_weight_text)]


def _total(weights: list[Fraction]) -> Fraction:
    return sum(weights, Fraction(0))


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackCriterion(_Strict):
    """A criterion (aspek) of a weighted 360 framework."""

    code: Code = Field(description="Code used in the ratings file, e.g. 'disiplin'.")
    name: str = Field(min_length=1, description="Display name, e.g. 'Disiplin'.")
    weight: WeightText = Field(description="Weight within its set, e.g. '0.3' or '1/3'.")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: str) -> str:
        if weight_value(value) == 0:
            raise ValueError("bobot aspek harus lebih dari 0")
        return value


def _check_criteria(criteria: list[PackCriterion], normalise: bool, where: str) -> None:
    codes = [c.code for c in criteria]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise ValueError(f"{where}: kode aspek ganda: {', '.join(dupes)}")
    total = _total([weight_value(c.weight) for c in criteria])
    if not normalise and total != 1:
        raise ValueError(
            f"{where}: jumlah bobot aspek {_show(total)}, harus tepat 1 "
            "(atau atur normalise_weights: true agar bobot dinormalisasi)"
        )


def _check_sources(sources: dict[str, str], normalise: bool, where: str) -> None:
    weights = {s: weight_value(w) for s, w in sources.items()}
    total = _total([w for w in weights.values() if w > 0])
    if total == 0:
        raise ValueError(f"{where}: minimal satu sumber penilai harus berbobot lebih dari 0")
    if not normalise and total != 1:
        raise ValueError(
            f"{where}: jumlah bobot sumber penilai {_show(total)}, harus tepat 1 "
            "(atau atur normalise_weights: true agar bobot dinormalisasi)"
        )


class PackCriteriaSet(_Strict):
    """Criteria for a role, e.g. teachers, chosen by jabatan pattern and/or unit kind."""

    code: Code = Field(description="Set code, e.g. 'guru'.")
    name: str = Field(min_length=1, description="E.g. 'Guru'.")
    position_pattern: str | None = Field(
        default=None,
        description="Regular expression searched in the jabatan, any case, e.g. '^guru\\b'.",
    )
    unit_kinds: list[str] = Field(
        default_factory=list, description="Unit kinds whose employees it covers, e.g. [sekolah]."
    )
    criteria: list[PackCriterion] = Field(min_length=1)
    sources: dict[Source, WeightText] | None = Field(
        default=None, description="Source weights for this role; default: the framework's."
    )

    @field_validator("position_pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(
                    f"pola jabatan '{value}' bukan ekspresi reguler yang sah: {exc}"
                ) from exc
        return value

    @model_validator(mode="after")
    def _has_condition(self) -> PackCriteriaSet:
        if self.position_pattern is None and not self.unit_kinds:
            raise ValueError(
                f"kelompok aspek {self.code}: isi position_pattern (pola jabatan) dan/atau "
                "unit_kinds (jenis unit) agar jelas pegawai mana yang dinilai dengan aspek ini"
            )
        return self


class PackBonus(_Strict):
    """A bonus criterion: points added to the final score (e.g. innovation programmes)."""

    code: Code
    name: str = Field(min_length=1)
    max_points: Decimal = Field(gt=0, le=100, description="Most points this bonus can add.")


class PackThreshold(_Strict):
    """Lowest final score (0–100, rounded) of a predikat."""

    min: Decimal = Field(ge=0, le=100)
    predikat: PredikatName


def _default_thresholds() -> list[PackThreshold]:
    # The five bands of the former PP 46/2011 (91/76/61/51), closed at 2 decimals.
    bands = (("91", "Sangat Baik"), ("76", "Baik"), ("61", "Butuh Perbaikan"),
             ("51", "Kurang/Misconduct"), ("0", "Sangat Kurang"))  # fmt: skip
    return [PackThreshold.model_validate({"min": m, "predikat": p}) for m, p in bands]


class Pack360(_Strict):
    """A weighted 360 framework: criteria, rater sources, scale, thresholds, anonymity."""

    scale_min: int = Field(default=1, ge=0, description="Lowest score of the rating scale.")
    scale_max: int = Field(default=5, ge=1, le=100, description="Highest score of the scale.")
    anonymity_threshold: int = Field(
        default=3,
        ge=2,
        description="Fewest raters for a rekan, bawahan or masyarakat figure to be shown.",
    )
    normalise_weights: bool = Field(
        default=False, description="Divide weights by their sum instead of requiring a sum of 1."
    )
    sources: dict[Source, WeightText] = Field(
        description="Weight per rater source; 0 shows a source without scoring it (diri)."
    )
    criteria: list[PackCriterion] = Field(min_length=1, description="The default criteria.")
    role_criteria: list[PackCriteriaSet] = Field(
        default_factory=list, description="Criteria for roles; the first set that matches wins."
    )
    bonus: list[PackBonus] = Field(default_factory=list)
    thresholds: list[PackThreshold] = Field(default_factory=_default_thresholds)

    @model_validator(mode="after")
    def _consistent(self) -> Pack360:
        if self.scale_max <= self.scale_min:
            raise ValueError(
                f"skala {self.scale_min}–{self.scale_max}: nilai tertinggi harus lebih besar "
                "dari nilai terendah"
            )
        normalise = self.normalise_weights
        _check_sources({str(k): v for k, v in self.sources.items()}, normalise, "sumber penilai")
        _check_criteria(self.criteria, normalise, "aspek umum")
        codes = [s.code for s in self.role_criteria]
        dupes = sorted({c for c in codes if codes.count(c) > 1} | ({"umum"} & set(codes)))
        if dupes:
            raise ValueError(f"kode kelompok aspek ganda atau terpakai: {', '.join(dupes)}")
        for rc in self.role_criteria:
            _check_criteria(rc.criteria, normalise, f"aspek kelompok {rc.code}")
            if rc.sources is not None:
                _check_sources(
                    {str(k): v for k, v in rc.sources.items()},
                    normalise,
                    f"sumber penilai kelompok {rc.code}",
                )
        criteria = {c.code for c in self.criteria} | {
            c.code for rc in self.role_criteria for c in rc.criteria
        }
        bonus = [b.code for b in self.bonus]
        clash = sorted(set(bonus) & criteria | {b for b in bonus if bonus.count(b) > 1})
        if clash:
            raise ValueError(f"kode bonus ganda atau sama dengan kode aspek: {', '.join(clash)}")
        self._check_thresholds()
        return self

    def _check_thresholds(self) -> None:
        mins = [t.min for t in self.thresholds]
        if not mins or mins[-1] != 0:
            raise ValueError("ambang predikat harus diakhiri min: 0 agar setiap nilai berpredikat")
        if any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
            raise ValueError("ambang predikat harus urut dari nilai tertinggi ke terendah")
        ranks = [PREDIKAT_ORDER.index(t.predikat) for t in self.thresholds]
        if any(a >= b for a, b in zip(ranks, ranks[1:], strict=False)):
            raise ValueError(
                "predikat pada ambang harus berurutan dari terbaik (Sangat Baik) ke terburuk "
                "(Sangat Kurang), masing-masing sekali"
            )
        for t in self.thresholds:
            if t.min.as_tuple().exponent < -2:  # type: ignore[operator]
                raise ValueError(f"ambang {t.min}: paling banyak 2 desimal")

    def framework(self) -> Framework:
        """The pure framework (`policy.evaluation.framework`) this configuration describes."""
        from policy.evaluation.framework_config import framework_from_config

        return framework_from_config(self)


class PackActivityReports(_Strict):
    """How e-Kinerja activity reports (laporan kegiatan harian) are judged."""

    min_share: Decimal | None = Field(
        default=None,
        gt=0,
        le=1,
        description="Share of a month's working days outside the employee's leave (the "
        "recap's hari_cuti) an employee must have reported on for the month to count as "
        "filled in, e.g. 0.8. Empty: one day with a report is enough. A month wholly on leave "
        "needs none.",
    )


class PackProcessing(_Strict):
    """How service processing times (waktu penyelesaian layanan) are judged."""

    target_share: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Share of requests finished within the Standar Pelayanan's time a service "
        "unit must reach; below it a corrective action is proposed. Empty: no such action.",
    )


class PackComplaints(_Strict):
    """How complaints (pengaduan) are judged as an evaluation input."""

    response_limit_hours: int = Field(
        default=72, ge=1, description="A complaint answered within this many hours is on time."
    )
    target_share: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Share answered on time a unit must reach; below it a corrective action "
        "is proposed. Empty: no such action.",
    )


JenjangName = Literal[
    "Pemula", "Terampil", "Mahir", "Penyelia", "Ahli Pertama", "Ahli Muda", "Ahli Madya",
    "Ahli Utama",
]  # fmt: skip


class PackAngkaKredit(_Strict):
    """The angka kredit of functional officials (`policy.evaluation.credits`).

    Under the national framework only: angka kredit follows the SKP's predikat of
    PermenPANRB 6/2022 (e-Kinerja), not a regional 360 score.
    """

    enabled: bool = Field(
        default=True,
        description="Show each functional official's angka kredit for the period on their "
        "private sheet and in the results export (national framework).",
    )
    coefficients: dict[JenjangName, Decimal] = Field(
        default_factory=dict,
        description="Annual coefficients per jenjang where the pack's differ from the "
        "published ones (Ahli Pertama 12.5, Ahli Muda 25, …), e.g. {'Ahli Muda': 25}.",
    )

    @field_validator("coefficients")
    @classmethod
    def _non_negative(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for jenjang, coefficient in value.items():
            if not coefficient.is_finite() or coefficient < 0 or coefficient > 1000:
                raise ValueError(
                    f"koefisien angka kredit {jenjang} harus angka 0 sampai 1000, "
                    f"ditemukan {coefficient}"
                )
        return value

    def table(self) -> dict[str, Decimal]:
        """The coefficient of every jenjang: the published ones with the pack's over them."""
        from policy.evaluation.credits import DEFAULT_COEFFICIENTS

        table = dict(DEFAULT_COEFFICIENTS)
        table.update({str(jenjang): value for jenjang, value in self.coefficients.items()})
        return table
