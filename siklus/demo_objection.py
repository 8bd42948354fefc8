"""The demo's objection: an employee objects to the TW III predikat and the superior decides.

Layer: shell (demo data) over `policy.services.objections` and
`policy.services.objection_register`. In Sawahlunto's demo, Indra Marzuki (Butuh Perbaikan
in TW III 2026) receives his private sheet on the day of the Laporan Evaluasi, objects a
week later to the Sekretaris Daerah (the superior of his Kepala Dinas), who upholds the
result after another week; his sheet is issued again with the decision, and the Daftar
Keberatan of the period is published. `siklus demo` and the tests' demo cycle run the same
step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from policy.locale import Locale
from policy.services import employee_sheets, objection_register, objections
from policy.services.stagework import DocRef
from siklus import demo_timeline

#: The employee who objects in a pack's demo (packs without one have no objection).
OBJECTORS = {"sawahlunto": "197909092008041001"}
REASON = (
    "Target SKP triwulan III disusun sebelum penambahan layanan perizinan daring, sehingga "
    "beban kerja bidang tidak tercermin dalam penilaian hasil kerja."
)
GROUNDS = (
    "Penambahan layanan daring telah diperhitungkan dalam perubahan SKP Agustus 2026; target "
    "yang disepakati tidak tercapai tanpa keadaan di luar kendali pegawai. Predikat tetap."
)
FILED_AFTER, DECIDED_AFTER = timedelta(days=7), timedelta(days=14)


@dataclass(frozen=True)
class DemoObjection:
    """What the demo's objection did, for the demo's output."""

    number: int
    name: str
    predikat: str
    addressee: str
    outcome: str
    documents: int


def demo_objection(
    session: Session, pack: str, org: str, officer: str, locales: tuple[Locale, ...]
) -> DemoObjection | None:
    """File and decide the demo objection of `pack` in its `DEMO_PERIOD` (None: it has none)."""
    nip = OBJECTORS.get(pack)
    if nip is None:
        return None
    period = demo_timeline.DEMO_PERIOD
    received = demo_timeline.evaluation_date(pack, period)

    def sheet() -> list[DocRef]:
        return employee_sheets.publish_employee_sheets(
            session=session, organisation=org, cycle=None, period=period, actor=officer,
            nips=[nip], locales=locales,
        )  # fmt: skip

    docs = sheet()
    filed = objections.file_objection(
        session=session, organisation=org, cycle=None, period=period, nip=nip, reason=REASON,
        actor=officer, received_on=received, filed_on=received + FILED_AFTER,
    )  # fmt: skip
    decided = objections.decide_objection(
        session=session, organisation=org, number=filed.number, outcome="tetap",
        consideration=GROUNDS, actor=officer, decided_on=received + DECIDED_AFTER,
    )  # fmt: skip
    docs += sheet()
    docs += objection_register.publish_register(
        session=session, organisation=org, cycle=None, period=period, actor=officer,
        locales=locales, as_of=received + DECIDED_AFTER,
    )  # fmt: skip
    return DemoObjection(filed.number, filed.name, filed.predikat, filed.addressee,
                         decided.outcome.value, len(docs))  # fmt: skip
