"""Pure evaluation maths: IKM, sample size, predikat, distribution curve, indicators.

Layer: domain, pure: no database, no IO, no Prefect. Callers aggregate data (usually in
SQL) and pass plain exact numbers; results keep raw `Fraction` values and round half-up
once, for display (`round_half_up`). The stage services in `policy.services` build on it.
"""

from policy.evaluation.complaints import ResponseStats, hours_from_db, response_stats
from policy.evaluation.curve import CapaianOrganisasi, CurveWarning, check_distribution
from policy.evaluation.ikm import (
    DEFAULT_ELEMENT_NAMES,
    DEFAULT_WEIGHT,
    ELEMENT_CODES,
    KINERJA_LABELS,
    MUTU_THRESHOLDS,
    ElementTotals,
    IkmElement,
    IkmResult,
    Mutu,
    NoAnswersError,
    classify_ikm,
    compute_ikm,
    element_names_with,
    parse_weight,
    tally_responses,
    weakest_elements,
)
from policy.evaluation.indicators import (
    ATTAINMENT_CAP,
    Direction,
    IndicatorResult,
    IndicatorStatus,
    TrackStatus,
    attainment,
    attainment_raw,
    evaluate_indicator,
    expected_value,
    indicator_status,
    progress,
    progress_raw,
    track_status,
)
from policy.evaluation.predikat import (
    ANGKA_KREDIT_PERCENT,
    PREDIKAT_MATRIX,
    angka_kredit,
    angka_kredit_raw,
    predikat_for,
)
from policy.evaluation.rounding import (
    Number,
    as_fraction,
    format_exact,
    format_number,
    format_percent,
    round_half_up,
)
from policy.evaluation.sample import krejcie_morgan_sample, sample_warning

__all__ = [
    "ANGKA_KREDIT_PERCENT",
    "ATTAINMENT_CAP",
    "DEFAULT_ELEMENT_NAMES",
    "DEFAULT_WEIGHT",
    "ELEMENT_CODES",
    "KINERJA_LABELS",
    "MUTU_THRESHOLDS",
    "PREDIKAT_MATRIX",
    "CapaianOrganisasi",
    "CurveWarning",
    "Direction",
    "ElementTotals",
    "IkmElement",
    "IkmResult",
    "IndicatorResult",
    "IndicatorStatus",
    "Mutu",
    "NoAnswersError",
    "Number",
    "ResponseStats",
    "TrackStatus",
    "angka_kredit",
    "angka_kredit_raw",
    "as_fraction",
    "attainment",
    "attainment_raw",
    "check_distribution",
    "classify_ikm",
    "compute_ikm",
    "element_names_with",
    "evaluate_indicator",
    "expected_value",
    "format_exact",
    "format_number",
    "format_percent",
    "hours_from_db",
    "indicator_status",
    "krejcie_morgan_sample",
    "parse_weight",
    "predikat_for",
    "progress",
    "progress_raw",
    "response_stats",
    "round_half_up",
    "sample_warning",
    "tally_responses",
    "track_status",
    "weakest_elements",
]
