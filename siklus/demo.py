"""`siklus demo`: a whole cycle of the Sawahlunto pack with its sample data.

Layer: shell over `policy.services` and `siklus.runner`. The demo plays the
policy officer (who runs each stage) and leadership (who decides), with the
dates of a realistic 2026 timeline so the documents read as they would.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

from rich.console import Console

from policy.config import LoadedPack, get_settings, load_pack
from policy.db import reset_engines, session_scope
from policy.models import Decision, Stage
from policy.services import cycle as cycle_service
from policy.services import imports, organisation, records, review
from policy.services.common import ServiceError
from policy.stages import STAGE_ORDER, STAGE_TITLES_ID
from siklus import output
from siklus.runner import run_cycle

PACK = "sawahlunto"
PERIOD = "2026-TW3"
TIMELINE = {
    Stage.NEEDS_ANALYSIS: date(2026, 2, 16),
    Stage.FORUMS: date(2026, 3, 24),
    Stage.DRAFTING: date(2026, 4, 20),
    Stage.SOCIALISATION: date(2026, 6, 30),
    Stage.IMPLEMENTATION: date(2026, 9, 30),
    Stage.EVALUATION: date(2026, 10, 15),
}
APPROVAL_NOTES = {
    Stage.NEEDS_ANALYSIS: "Permasalahan prioritas diterima; lanjut ke forum pemangku kepentingan.",
    Stage.FORUMS: "Notulen forum lengkap; masukan menjadi bahan penyusunan rancangan.",
    Stage.DRAFTING: "Rancangan dan matriks tanggapan disetujui untuk sosialisasi.",
    Stage.SOCIALISATION: "Laporan sosialisasi diterima; unit yang tertinggal dipantau.",
    Stage.IMPLEMENTATION: "Kemajuan implementasi diterima; unit terlambat diberi pendampingan.",
    Stage.EVALUATION: "Hasil evaluasi triwulan III ditetapkan; tindak lanjut dilaksanakan.",
}
OVERRIDE_REASON = (
    "Sosialisasi susulan untuk unit yang belum mencapai target dijadwalkan bersamaan dengan "
    "tahap implementasi; implementasi tidak ditunda."
)


def _prepare(data_dir: Path) -> None:
    if data_dir.exists() and any(data_dir.iterdir()):
        if not (data_dir / "siklus.db").exists():
            raise ServiceError(
                f"Folder {data_dir} berisi berkas lain dan bukan folder demo Siklus; "
                "pilih --data-dir lain."
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # The demo always runs on its own SQLite file in its own folder.
    os.environ["SIKLUS_DATA_DIR"] = str(data_dir.resolve())
    os.environ["SIKLUS_DATABASE_URL"] = ""
    get_settings.cache_clear()
    reset_engines()


def _people(loaded: LoadedPack) -> tuple[str, str, str]:
    members = loaded.pack.members
    officer = next(m.username for m in members if "officer" in m.roles)
    leader = next(m.username for m in members if "leader" in m.roles and m.username != officer)
    admin = next((m.username for m in members if "admin" in m.roles), officer)
    return officer, leader, admin


def run_demo(console: Console, data_dir: Path, locales: list[str]) -> None:
    """Run the demo cycle and print where its documents are."""
    started = time.perf_counter()
    _prepare(data_dir)
    pack_path = get_settings().packs_dir / f"{PACK}.yaml"
    loaded = load_pack(pack_path)
    officer, leader, admin = _people(loaded)
    demo = loaded.pack.demo
    with session_scope() as s:
        organisation.load_pack(session=s, loaded=loaded, actor=admin)
        result = imports.import_file(
            session=s,
            organisation=PACK,
            kind="pegawai",
            path=loaded.demo_file("setup", "pegawai"),
            actor=officer,
        )
        cyc = cycle_service.open_cycle(session=s, organisation=PACK, actor=officer)
    console.print(
        f"[bold]{loaded.pack.organisation.name}[/bold]: paket dimuat, "
        f"{result.rows} pegawai diimpor, siklus ke-{cyc.number} dibuka oleh {officer}."
    )
    console.print("Menjalankan tahap-tahap sebagai flow Prefect (API lokal sementara)…")
    for stage in STAGE_ORDER:
        inputs = {
            stage: {k: str(loaded.demo_file(stage.value, k)) for k in demo.get(stage.value, {})}
        }
        outcome = run_cycle(
            organisation=PACK,
            cycle=cyc.number,
            actor=officer,
            inputs=inputs,
            as_of={stage: TIMELINE[stage]},
            period=PERIOD,
            locales=locales,
            max_stages=1,
        )
        if outcome.state == "blocked":
            console.print(
                f"  [yellow]Gerbang {STAGE_TITLES_ID[stage]} tertahan:[/yellow] {outcome.message}"
            )
            with session_scope() as s:
                cycle_service.override_gate(
                    session=s,
                    organisation=PACK,
                    cycle=cyc.number,
                    stage=stage,
                    leader=leader,
                    reason=OVERRIDE_REASON,
                )
            console.print(f"  {leader} membuka gerbang dengan alasan tertulis: “{OVERRIDE_REASON}”")
            outcome = run_cycle(
                organisation=PACK,
                cycle=cyc.number,
                actor=officer,
                inputs=inputs,
                as_of={stage: TIMELINE[stage]},
                period=PERIOD,
                locales=locales,
                max_stages=1,
            )
        if outcome.state != "in_review":
            raise ServiceError(
                f"Demo berhenti di tahap {stage.value}: {outcome.state} {outcome.message}"
            )
        period = PERIOD if stage == Stage.EVALUATION else ""
        with session_scope() as s:
            review.decide(
                session=s,
                organisation=PACK,
                cycle=cyc.number,
                stage=stage,
                reviewer=leader,
                decision=Decision.APPROVE,
                reason=APPROVAL_NOTES[stage],
                period=period,
            )
        docs = sum(len(r.documents) for r in outcome.ran)
        console.print(
            f"  [green]✓[/green] {STAGE_TITLES_ID[stage]}{' ' + period if period else ''}: "
            f"{docs} dokumen, disetujui {leader}"
        )
    with session_scope() as s:
        board = cycle_service.cycle_board(session=s, organisation=PACK, cycle=cyc.number)
        docs_rows = records.list_documents(session=s, organisation=PACK, cycle=cyc.number)
    output.print_board(console, board)
    console.print("[bold]Dokumen[/bold] (buka berkas HTML di peramban):")
    for row in docs_rows:
        console.print(f"  #{row.id} {row.title} ({row.locale}): {output.rel(row.html_path)}")
    console.print(
        f"Selesai dalam {time.perf_counter() - started:.0f} detik. "
        f"Data demo: {output.rel(data_dir)}; "
        f"coba: SIKLUS_DATA_DIR={output.rel(data_dir)} siklus status"
    )
