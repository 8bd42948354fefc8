"""The weighted 360 part of the benchmark: 1.5 M ratings, floor against Siklus.

Floor: the ``sqlite3`` shell imports ``penilaian_360.csv`` and the same SQL computes the mean
score per (employee, source, criterion) with its rater count and a source-weighted score
per employee. Siklus: ``import_file`` of the ratings (the employees are imported first, not
timed), then the evaluation's 360 scoring of the period (the aggregates in SQL, each
employee scored exactly) and the stored per-employee results, in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bench.generate import DataSet
from bench.generate360 import ORG_CODE_360, SOURCE_WEIGHTS
from bench.measure import Step, self_peak_mb, timed

_WEIGHTS = ", ".join(f"('{s}', {w})" for s, w in SOURCE_WEIGHTS.items())
FLOOR_SQL_360 = {
    "360 scores": f"""
CREATE TABLE floor_360 AS
WITH w(sumber, bobot) AS (VALUES {_WEIGHTS}),
cell AS (
  SELECT nip, sumber, aspek, avg(CAST(replace(nilai, ',', '.') AS REAL)) AS mean,
         count(*) AS n, count(DISTINCT penilai) AS raters
  FROM penilaian_360 GROUP BY nip, sumber, aspek
)
SELECT c.nip, sum(c.mean * w.bobot) / count(DISTINCT c.aspek) AS score, sum(c.n) AS ratings
FROM cell c JOIN w ON w.sumber = c.sumber
GROUP BY c.nip;
""",
}


def run_360(data: DataSet) -> dict[str, Any]:
    """Set up the 360 organisation (employees imported), then time the import and scoring."""
    from bench.work import import_one, setup_org
    from policy.db import session_scope
    from policy.models import Stage
    from policy.services import cycle as cycle_service
    from policy.services import ratings as ratings_service
    from policy.services.common import get_org, org_pack

    org = ORG_CODE_360
    setup_org(data, data.files["pack_360"], org)
    import_one(data, "pegawai", org)
    with session_scope() as s:
        ref = cycle_service.begin_stage(
            session=s,
            organisation=org,
            cycle=None,
            stage=Stage.EVALUATION,
            actor=data.officer,
            period=data.period,
        )
    baseline = self_peak_mb()
    steps: list[Step] = []
    with timed("import penilaian_360", steps) as detail:
        detail.update(import_one(data, "penilaian_360", org))
    with timed("360 scoring of the period, stored", steps) as detail, session_scope() as s:
        org_row = get_org(s, org)
        config = org_pack(org_row).evaluation.weighted_360
        assert config is not None
        scored = ratings_service.score_period(s, org_row.id or 0, data.period, config.framework())
        detail["rows"] = ratings_service.store_scores(s, ref.run_id, scored.scored)
        s.commit()
        detail["employees"] = scored.employees
    return {"steps": [asdict(x) for x in steps], "baseline_mb": baseline}
