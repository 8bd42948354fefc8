"""The evaluation run's period and the period checks of its input files.

Layer: domain services (counterpart: `policy.services.evaluation`, whose `ingest` and
`compute` read the run's period here). One run per period; the run's period code
("2026-TW3") fixes the ratings, the SKM responses and complaints (by date) and the
indicator realisations that are evaluated. A ratings, bonus or capaian file holding rows
of another period is refused before anything is imported.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from pathlib import Path

from policy.imports import ImportFileError, stream_file
from policy.periods import period_label, period_range
from policy.services.common import ServiceError
from policy.services.stagework import RunContext


def run_period(ctx: RunContext) -> tuple[str, date, date]:
    """The run's period code and its first and last day.

    Raises:
        ServiceError: the run carries no valid period code.
    """
    code = ctx.run.period
    try:
        start, end = period_range(code)
    except ValueError as exc:
        raise ServiceError(f"Tahap evaluasi #{ctx.run_id}: {exc}.") from exc
    return code, start, end


def check_file_period(path: Path, period: str, kind: str = "ekinerja") -> None:
    """Refuse a ratings file holding rows of another period (nothing is written).

    The file is read (pure, no database, streamed) before anything is imported, so a
    refused file leaves no trace, and a file whose bytes were already imported for
    another period's run is refused too rather than skipped as a no-op. A file with bad
    rows is left to the import, which refuses it with every error, its own and the
    database's, and their complete list.

    Raises:
        ServiceError: a row names another period.
    """
    periods: set[str] = set()
    try:
        for rows in stream_file(kind, path, reader="inline").chunks():
            periods.update(map(attrgetter("period"), rows))
    except ImportFileError:
        return
    found = sorted(periods)
    other = [p for p in found if p != period]
    if other:
        what = {
            "ekinerja": "e-Kinerja",
            "penilaian_360": "penilaian 360",
            "bonus": "bonus",
            "capaian_organisasi": "capaian kinerja organisasi",
        }
        listed = ", ".join(f"{p} ({period_label(p)})" for p in other)
        raise ServiceError(
            f"Berkas {what.get(kind, kind)} '{Path(path).name}' berisi data periode {listed}, "
            f"sedangkan tahap evaluasi ini untuk periode {period} ({period_label(period)}). "
            "Tidak ada data yang disimpan; impor berkas itu pada tahap evaluasi periodenya atau "
            f"pilih berkas periode {period}."
        )


def check_ekinerja_period(path: Path, period: str) -> None:
    """`check_file_period` for an e-Kinerja file (kept for callers of the earlier name)."""
    check_file_period(path, period, "ekinerja")
