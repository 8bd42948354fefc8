"""Test data made through the services, never raw SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from policy.config import load_pack
from policy.models import Cycle, Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import organisation, review

MINI_PACK: dict[str, Any] = {
    "organisation": {
        "code": "contoh",
        "name": "Pemerintah Kota Contoh",
        "kind": "kota",
        "region": "Contoh",
        "head_title": "Wali Kota",
    },
    "units": [
        {"code": "SETDA", "name": "Sekretariat Daerah", "kind": "sekretariat"},
        {"code": "BKPSDM", "name": "Badan Kepegawaian dan Pengembangan SDM", "kind": "badan"},
        {
            "code": "DUKCAPIL",
            "name": "Dinas Kependudukan dan Pencatatan Sipil",
            "kind": "dinas",
            "service": True,
        },
        {
            "code": "PKM",
            "name": "Puskesmas Kota",
            "kind": "puskesmas",
            "parent": "DUKCAPIL",
            "service": True,
        },
    ],
    "members": [
        {"username": "rina", "name": "Rina Marlina", "roles": ["officer"]},
        {"username": "budi", "name": "Budi Santoso", "roles": ["organiser"]},
        {"username": "sekda", "name": "Hendra Gunawan", "roles": ["leader"]},
        {"username": "kaban", "name": "Sri Wahyuni", "roles": ["leader", "officer"]},
    ],
    "policy": {
        "code": "perwali-kinerja",
        "title": "Manajemen Kinerja Aparatur Sipil Negara",
        "legal_form": "Perwali",
        "signing": {"title": "WALI KOTA CONTOH", "name": "AHMAD FAUZI"},
    },
    "stakeholder_groups": [
        {"code": "asn", "name": "ASN Perangkat Daerah"},
        {"code": "masyarakat", "name": "Masyarakat"},
    ],
    "forums": [
        {
            "code": "F1",
            "title": "Forum ASN",
            "date": "2026-03-10",
            "venue": "Aula",
            "groups": ["asn"],
        },
    ],
    "workshops": [
        {
            "code": "W1",
            "topic": "Sosialisasi Perwali",
            "date": "2026-05-12",
            "trainer": "Tim BKPSDM",
            "units": ["DUKCAPIL", "PKM"],
            "jp": 4,
        },
    ],
    "indicators": [
        {
            "code": "IKM",
            "name": "Indeks Kepuasan Masyarakat",
            "unit": "indeks",
            "baseline": "78.5",
            "target": "82",
            "direction": "higher",
        },
    ],
}


def write_pack(folder: Path, data: dict[str, Any] | None = None, name: str = "contoh") -> Path:
    """Write a pack YAML file and return its path."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data or MINI_PACK, allow_unicode=True), encoding="utf-8")
    return path


def make_org(session: Session, folder: Path, data: dict[str, Any] | None = None) -> str:
    """Load a pack through the service; returns the organisation code."""
    loaded = load_pack(write_pack(folder, data))
    return organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation


def make_cycle(session: Session, folder: Path) -> Cycle:
    """An organisation with an open cycle."""
    org = make_org(session, folder)
    return cycle_service.open_cycle(session=session, organisation=org, actor="rina")


def approve_through(
    session: Session, org: str, last: Stage, summary: dict[str, Any] | None = None
) -> None:
    """Run and approve every stage up to and including `last` (no stage work)."""
    from policy.stages import STAGE_ORDER

    for stage in STAGE_ORDER[: STAGE_ORDER.index(last) + 1]:
        ref = cycle_service.begin_stage(
            session=session, organisation=org, cycle=None, stage=stage, actor="rina"
        )
        cycle_service.submit_stage(
            session=session, run_id=ref.run_id, actor="rina", summary=summary or {}
        )
        review.decide(
            session=session,
            organisation=org,
            cycle=None,
            stage=stage,
            reviewer="sekda",
            decision=Decision.APPROVE,
        )


DEMO_DATES = {
    Stage.NEEDS_ANALYSIS: "2026-02-16",
    Stage.FORUMS: "2026-03-24",
    Stage.DRAFTING: "2026-04-20",
    Stage.SOCIALISATION: "2026-06-30",
    Stage.IMPLEMENTATION: "2026-09-30",
    Stage.EVALUATION: "2026-10-15",
}
DEMO_PERIOD = "2026-TW3"


def run_demo_cycle(session: Session, locales: tuple[str, ...] = ("id",)) -> list[Any]:
    """The Sawahlunto demo cycle through the services (no Prefect); returns every StageOutput."""
    from datetime import date

    from policy.config import get_settings
    from policy.services.registry import stage_service
    from policy.stages import STAGE_ORDER

    loaded = load_pack(get_settings().packs_dir / "sawahlunto.yaml")
    org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer, leader = "rahmi.oktavia", "syahrul.anwar"
    from policy.services import imports

    imports.import_file(
        session=session,
        organisation=org,
        kind="pegawai",
        path=loaded.demo_file("setup", "pegawai"),
        actor=officer,
    )
    cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    outputs = []
    for stage in STAGE_ORDER:
        period = DEMO_PERIOD if stage == Stage.EVALUATION else ""
        if stage == Stage.IMPLEMENTATION:
            cycle_service.override_gate(
                session=session,
                organisation=org,
                cycle=None,
                stage=stage,
                leader=leader,
                reason="Sosialisasi susulan dijadwalkan.",
            )
        ref = cycle_service.begin_stage(
            session=session, organisation=org, cycle=None, stage=stage, actor=officer, period=period
        )
        service = stage_service(stage)
        files = {k: loaded.demo_file(stage.value, k) for k in loaded.pack.demo.get(stage.value, {})}
        service.ingest(session=session, run_id=ref.run_id, inputs=files, actor=officer)
        out = service.produce(
            session=session,
            run_id=ref.run_id,
            actor=officer,
            locales=locales,
            as_of=date.fromisoformat(DEMO_DATES[stage]),
        )  # type: ignore[arg-type]
        outputs.append(out)
        cycle_service.submit_stage(
            session=session, run_id=ref.run_id, actor=officer, summary=out.summary
        )
        review.decide(
            session=session,
            organisation=org,
            cycle=None,
            stage=stage,
            reviewer=leader,
            decision=Decision.APPROVE,
            period=period,
        )
    return outputs
