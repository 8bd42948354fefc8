"""Indicators that Siklus measures itself from a period's data, instead of an imported value.

Layer: domain, pure. A pack indicator may name a measure (`measure: ikm:PATEN`); the
evaluation then takes its realisation from the same figures its report shows (the IKM
of section 3, the complaint times of section 4, the bonus points of the scores), so the
two can never disagree and no one types in what the data already says. The forms:

- `ikm:UNIT` — the IKM of a service unit, as rounded in the report (2 decimals);
- `pengaduan_tepat_waktu` or `pengaduan_tepat_waktu:UNIT` — the percentage of complaints
  answered within the pack's response limit, of the organisation or of one unit
  (unanswered complaints count as late, as in the report);
- `pengaduan_median` or `pengaduan_median:UNIT` — the median response time in hours of
  the answered complaints;
- `bonus:CODE` — the number of employees with points of that bonus in the period;
- `predikat_baik` — the percentage of the rated employees whose predikat is Baik or
  Sangat Baik (the organisation's counts of section 2);
- `layanan_hari[:UNIT[/JENIS]]` — the mean working days to finish a service request, of
  the organisation, a unit or one kind of service of a unit
  (`policy.evaluation.processing`);
- `layanan_sehari[:UNIT[/JENIS]]` — the percentage of requests finished the day they
  came in;
- `layanan_tepat_waktu[:UNIT[/JENIS]]` — the percentage of requests finished within the
  jangka waktu penyelesaian of the unit's Standar Pelayanan (`service_days` in the pack);
- `lkh_lengkap[:UNIT]` — the percentage of the employees on the staff list who filled in
  their e-Kinerja activity reports every month of the period (`policy.evaluation.activity`);
- `penilaian_diri[:UNIT]` — the percentage of the employees on the staff list with a
  self-assessment (360 source `diri`) in the period (weighted 360 frameworks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from policy.enums import Predikat
from policy.evaluation.complaints import ResponseStats
from policy.evaluation.processing import ProcessingStats, mean_days, percent
from policy.evaluation.rounding import round_half_up

#: Measure kind -> whether it names a unit or code: "unit", "unit?" (optional), "bonus".
KINDS: dict[str, str] = {
    "ikm": "unit",
    "pengaduan_tepat_waktu": "unit?",
    "pengaduan_median": "unit?",
    "bonus": "bonus",
    "predikat_baik": "",
    "layanan_hari": "unit/service?",
    "layanan_sehari": "unit/service?",
    "layanan_tepat_waktu": "unit/service?",
    "lkh_lengkap": "unit?",
    "penilaian_diri": "unit?",
}
#: The kinds measured from service requests.
PROCESSING = frozenset(k for k, need in KINDS.items() if need == "unit/service?")

FORMS = (
    "ikm:UNIT, pengaduan_tepat_waktu[:UNIT], pengaduan_median[:UNIT], bonus:KODE, predikat_baik, "
    "layanan_hari[:UNIT[/JENIS]], layanan_sehari[:UNIT[/JENIS]], "
    "layanan_tepat_waktu[:UNIT[/JENIS]], lkh_lengkap[:UNIT], penilaian_diri[:UNIT]"
)


@dataclass(frozen=True, slots=True)
class Measure:
    """A parsed measure: its kind and the unit or bonus code it names (None: organisation)."""

    kind: str
    subject: str | None

    def __str__(self) -> str:
        return self.kind if self.subject is None else f"{self.kind}:{self.subject}"

    @property
    def unit(self) -> str | None:
        """The unit the subject names (a processing measure's subject is UNIT or UNIT/JENIS)."""
        if self.subject is None:
            return None
        return self.subject.partition("/")[0].strip() if self.kind in PROCESSING else self.subject

    @property
    def service(self) -> str | None:
        """The kind of service a processing measure names after its unit (None: all kinds)."""
        if self.subject is None or self.kind not in PROCESSING:
            return None
        return self.subject.partition("/")[2].strip() or None


def parse_measure(text: str) -> Measure:
    """`ikm:PATEN` as a Measure.

    Raises:
        ValueError: an unknown kind, or a subject missing or not allowed; the message names
            the forms there are.
    """
    kind, sep, subject = text.strip().partition(":")
    kind, subject = kind.strip(), subject.strip()
    need = KINDS.get(kind)
    if need is None:
        raise ValueError(f"ukuran '{text}' tidak dikenal; bentuk yang ada: {FORMS}")
    if sep and not need:
        raise ValueError(f"ukuran '{text}': '{kind}' berlaku untuk seluruh organisasi, tanpa kode")
    if need != "unit/service?" and "/" in subject:
        raise ValueError(f"ukuran '{text}': jenis layanan (/JENIS) hanya untuk ukuran layanan_*")
    if (
        need == "unit/service?"
        and subject.partition("/")[1]
        and not all(part.strip() for part in subject.partition("/")[::2])
    ):
        raise ValueError(f"ukuran '{text}': tulis 'UNIT/JENIS', mis. '{kind}:DISDUKCAPIL/KTP-el'")
    if sep and not subject or not sep and need in ("unit", "bonus"):
        what = "kode unit" if need.startswith("unit") else "kode bonus"
        raise ValueError(f"ukuran '{text}': sebutkan {what} sesudah titik dua, mis. '{kind}:KODE'")
    return Measure(kind, subject or None)


def complaints_total(stats: list[ResponseStats]) -> tuple[int, int]:
    """(complaints, answered within the limit) over several units' statistics."""
    return sum(s.count for s in stats), sum(s.within for s in stats)


def share_on_time(count: int, within: int, places: int) -> Decimal | None:
    """Percentage answered within the limit, rounded half-up (None: no complaint)."""
    if count == 0:
        return None
    return round_half_up(Fraction(100 * within, count), places)


def share_at_least_baik(counts: Mapping[Predikat, int], places: int) -> Decimal | None:
    """Percentage of the rated with predikat Baik or Sangat Baik (None: no one rated)."""
    rated = sum(counts.values())
    if rated == 0:
        return None
    good = counts.get(Predikat.SANGAT_BAIK, 0) + counts.get(Predikat.BAIK, 0)
    return round_half_up(Fraction(100 * good, rated), places)


def processing_value(kind: str, stats: ProcessingStats | None, places: int) -> Decimal | None:
    """A processing measure's value from the counts it covers (None: no data)."""
    if stats is None:
        return None
    if kind == "layanan_hari":
        return mean_days(stats, places)
    share = stats.share_same_day if kind == "layanan_sehari" else stats.share_within
    return percent(share, places)


def hours(value: Fraction | None, places: int) -> Decimal | None:
    """A response time in hours, rounded half-up (None: nothing answered)."""
    return None if value is None else round_half_up(value, places)
