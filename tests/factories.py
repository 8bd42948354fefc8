"""Test data made through the services, never raw SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from policy.models import Cycle, Decision, Stage
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import organisation, review
from siklus import demo_timeline
from siklus.demo_objection import demo_objection

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


def write_file(folder: Path, name: str, text: str) -> Path:
    """Write `text` as a UTF-8 file `name` in `folder` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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
        approve_run(session, org, stage, ref.run_id, "rina", summary)


def approve_run(
    session: Session,
    org: str,
    stage: Stage,
    run_id: int,
    actor: str,
    summary: dict[str, Any] | None = None,
) -> None:
    """Submit a running stage run for review and have the leader (sekda) approve it."""
    cycle_service.submit_stage(session=session, run_id=run_id, actor=actor, summary=summary or {})
    review.decide(
        session=session,
        organisation=org,
        cycle=None,
        stage=stage,
        reviewer="sekda",
        decision=Decision.APPROVE,
    )


DEMO_RETURN_REASON = (
    "Rancangan versi 2 berubah cukup banyak (Pasal baru tentang SKP guru, publikasi hasil SKM, "
    "kanal pengaduan); konsultasikan lagi kepada pemangku kepentingan sebelum ditetapkan."
)


def submit_portal_inputs(
    session: Session, loaded: Any, org: str, actor: str, round_: int
) -> list[int]:
    """Plan the round's forums and give the pack's portal inputs through the portal service.

    The demo (`siklus demo`) sends the same rows over HTTP; this is the same service call.
    """
    from sqlmodel import select

    from policy.imports import parse_file
    from policy.models import Forum
    from policy.services import consultation, forum_plan
    from policy.services.common import get_cycle, get_org
    from policy.services.section_refs import draft_index, section_sid_for

    key = "portal" if round_ == 1 else f"portal_round{round_}"
    if key not in loaded.pack.demo:
        return []
    forum_plan.plan_cycle_forums(session=session, organisation=org, cycle=None, actor=actor)
    cycle = get_cycle(session, get_org(session, org))
    forums = {f.code: f for f in session.exec(select(Forum).where(Forum.cycle_id == cycle.id))}
    links = consultation.forum_links(session=session, organisation=org, cycle=None, actor=actor)
    tokens = {link.code: link.path.rsplit("/", 1)[-1] for link in links}
    index = draft_index(session, cycle.id or 0)
    numbers = []
    for row in parse_file("masukan", loaded.demo_file(key, "masukan")).rows:
        receipt = consultation.submit_input(
            session=session,
            token=tokens[row.forum],
            name=row.author,
            organisation=row.institution,
            group=row.group,
            section_sid=section_sid_for(session, forums[row.forum], row.section_ref, index),
            text=row.text,
        )
        numbers.append(receipt.number)
    return numbers


def start_implementation(session: Session, org: str, pack: str, officer: str) -> None:
    """Record the day `pack`'s implementation began on the demo's timeline, as the demo does.

    The stage run starts today; the timeline's milestones count from that day
    (`siklus.demo_timeline.implementation_start`).
    """
    from policy.services import rollout

    rollout.create_plan(session=session, organisation=org, cycle=None,
                        start=demo_timeline.implementation_start(pack), actor=officer)  # fmt: skip


def run_demo_cycle(session: Session, locales: tuple[str, ...] = ("id",)) -> list[Any]:
    """The Sawahlunto demo cycle through the services (no Prefect); returns every StageOutput.

    Two consultation rounds: forums (F1, F2) on version 1 and drafting of version 2,
    which leadership returns to the forums; forum F3 on version 2 and drafting of
    version 3, which leadership approves (the final Peraturan). Forum minutes are
    approved by an organiser and a leader before the forums stage is submitted.
    """
    from datetime import date, timedelta

    from sqlmodel import select

    from policy.models import Forum
    from policy.services import forum_minutes, imports
    from policy.services.registry import stage_service
    from policy.settings import get_settings

    loaded = load_pack(get_settings().packs_dir / "sawahlunto.yaml")
    org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer, organiser, leader = "rahmi.oktavia", "fadhli.rahman", "syahrul.anwar"
    imports.import_file(
        session=session,
        organisation=org,
        kind="pegawai",
        path=loaded.demo_file("setup", "pegawai"),
        actor=officer,
    )
    cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    outputs = []

    def run(stage: Stage, on: date, round_: int = 1, period: str = "") -> None:
        ref = cycle_service.begin_stage(
            session=session, organisation=org, cycle=None, stage=stage, actor=officer, period=period
        )
        service = stage_service(stage)
        files = loaded.demo_files(stage.value, round_)
        service.ingest(session=session, run_id=ref.run_id, inputs=files, actor=officer)
        if stage == Stage.FORUMS:
            closed = session.exec(
                select(Forum).where(Forum.status == "closed", Forum.round == round_)
            ).all()
            for forum in closed:
                for who, days in ((organiser, 2), (leader, 3)):
                    forum_minutes.approve_minutes(
                        session=session,
                        organisation=org,
                        cycle=None,
                        code=forum.code,
                        actor=who,
                        on=forum.held_on + timedelta(days=days),
                    )
        out = service.produce(
            session=session,
            run_id=ref.run_id,
            actor=officer,
            locales=locales,  # type: ignore[arg-type]
            as_of=on,
        )
        outputs.append(out)
        cycle_service.submit_stage(
            session=session, run_id=ref.run_id, actor=officer, summary=out.summary
        )

    def decide(stage: Stage, on: date | None = None, period: str = "", **kw: Any) -> None:
        review.decide(
            session=session,
            organisation=org,
            cycle=None,
            stage=stage,
            reviewer=leader,
            decision=kw.pop("decision", Decision.APPROVE),
            period=period,
            as_of=on,
            **kw,
        )

    name = "sawahlunto"
    for stage in (Stage.NEEDS_ANALYSIS, Stage.FORUMS):
        run(stage, demo_timeline.stage_date(name, stage))
        decide(stage)
    run(Stage.DRAFTING, demo_timeline.stage_date(name, Stage.DRAFTING))
    decide(
        Stage.DRAFTING,
        decision=Decision.RETURN,
        back_to=Stage.FORUMS,
        reason=DEMO_RETURN_REASON,
    )
    submit_portal_inputs(session, loaded, org, officer, round_=2)
    run(Stage.FORUMS, demo_timeline.stage_date(name, Stage.FORUMS, 2), round_=2)
    decide(Stage.FORUMS)
    run(Stage.DRAFTING, demo_timeline.stage_date(name, Stage.DRAFTING, 2), round_=2)
    decide(Stage.DRAFTING, demo_timeline.enactment_date(name, 2))
    for stage in (Stage.SOCIALISATION, Stage.IMPLEMENTATION, Stage.EVALUATION):
        period = demo_timeline.DEMO_PERIOD if stage == Stage.EVALUATION else ""
        if stage == Stage.IMPLEMENTATION:
            cycle_service.override_gate(
                session=session,
                organisation=org,
                cycle=None,
                stage=stage,
                leader=leader,
                reason="Sosialisasi susulan dijadwalkan.",
            )
            start_implementation(session, org, name, officer)
        on = (
            demo_timeline.evaluation_date(name, period)
            if period
            else demo_timeline.stage_date(name, stage)
        )
        run(stage, on, period=period)
        decide(stage, period=period)
    demo_objection(session, name, org, officer, locales)  # type: ignore[arg-type]
    return outputs


def run_pack_cycle(
    session: Session, name: str, locales: tuple[str, ...] = ("id",), until: Stage | None = None
) -> list[Any]:
    """A full cycle of pack `name` through the services (one consultation round).

    Needs analysis, forums (minutes approved by an organiser and a leader), drafting,
    socialisation, implementation (a leader opens the gate if coverage holds it), then
    one evaluation per demo key `evaluation@PERIOD` (or `evaluation` for 2026-TW3), each
    approved by a leader. The documents are dated by the demo's timeline
    (`siklus.demo_timeline`, as `siklus demo --pack NAME` dates them). `until` stops after
    that stage. Returns every StageOutput.
    """
    from datetime import date, timedelta

    from sqlmodel import select

    from policy.models import Forum
    from policy.services import forum_minutes, gates, imports
    from policy.services.common import get_cycle, get_org
    from policy.services.registry import stage_service
    from policy.settings import get_settings

    loaded = load_pack(get_settings().packs_dir / f"{name}.yaml")
    pack = loaded.pack
    org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer = next(m.username for m in pack.members if "officer" in m.roles)
    organiser = next(m.username for m in pack.members if "organiser" in m.roles)
    leader = next(m.username for m in pack.members if "leader" in m.roles)
    imports.import_file(session=session, organisation=org, kind="pegawai",
                        path=loaded.demo_file("setup", "pegawai"), actor=officer)  # fmt: skip
    cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    outputs = []

    def run(stage: Stage, key: str, on: date, period: str = "") -> None:
        ref = cycle_service.begin_stage(session=session, organisation=org, cycle=None,
                                        stage=stage, actor=officer, period=period)  # fmt: skip
        service = stage_service(stage)
        files = {k: loaded.demo_file(key, k) for k in pack.demo.get(key, {})}
        service.ingest(session=session, run_id=ref.run_id, inputs=files, actor=officer)
        if stage == Stage.FORUMS:
            for forum in session.exec(select(Forum).where(Forum.status == "closed")).all():
                for who, days in ((organiser, 1), (leader, 2)):
                    forum_minutes.approve_minutes(
                        session=session, organisation=org, cycle=None, code=forum.code,
                        actor=who, on=forum.held_on + timedelta(days=days))  # fmt: skip
        out = service.produce(
            session=session, run_id=ref.run_id, actor=officer, locales=locales, as_of=on
        )  # type: ignore[arg-type]
        outputs.append(out)
        cycle_service.submit_stage(session=session, run_id=ref.run_id, actor=officer,
                                   summary=out.summary)  # fmt: skip
        review.decide(session=session, organisation=org, cycle=None, stage=stage,
                      reviewer=leader, decision=Decision.APPROVE, period=period)  # fmt: skip

    for stage in (Stage.NEEDS_ANALYSIS, Stage.FORUMS, Stage.DRAFTING, Stage.SOCIALISATION,
                  Stage.IMPLEMENTATION):  # fmt: skip
        if stage == Stage.IMPLEMENTATION:
            cyc = get_cycle(session, get_org(session, org))
            if gates.blockers_for(session, cyc, stage):
                cycle_service.override_gate(
                    session=session, organisation=org, cycle=None, stage=stage, leader=leader,
                    reason="Sosialisasi susulan bagi unit yang belum mencapai target dijadwalkan.",
                )  # fmt: skip
            start_implementation(session, org, name, officer)
        run(stage, stage.value, demo_timeline.stage_date(name, stage))
        if stage == until:
            return outputs
    for key, period in demo_timeline.evaluation_keys(pack.demo):
        run(Stage.EVALUATION, key, demo_timeline.evaluation_date(name, period), period)
    return outputs
