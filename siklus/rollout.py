"""The rollout plan commands: `siklus rollout plan create|export|import`.

Layer: shell over `policy.services.rollout`. `siklus.cli` registers these functions (with
its error handling); each docstring is the command's help, with an example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from siklus.common import AsOpt, CycleOpt, OrgOpt, actor, parse_date, session


def plan_create(
    start: Annotated[str, typer.Option("--start", help="Tanggal implementasi dimulai YYYY-MM-DD.")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Catat tanggal implementasi dimulai dan simpan Rencana Implementasi dari paket sejak itu.

    Untuk implementasi yang sudah berjalan sebelum tahapnya dicatat di Siklus, atau untuk
    menetapkan rencana sebelum tahap implementasi dijalankan: target tanggal dihitung dalam
    hari kerja sejak tanggal ini, bukan sejak hari tahap dijalankan, dan impor rencana atau
    progres memperingatkan target yang jatuh sebelum tanggal ini. Hanya bila siklus belum
    memiliki rencana (rencana yang tersimpan diubah lewat export lalu import); dicatat di
    jejak audit.

    Contoh: siklus rollout plan create --start 2026-07-01 --as rina
    """
    from policy.locale import format_date
    from policy.services.common import ServiceError
    from policy.services.rollout import create_plan

    day = parse_date(start, "--start")
    if day is None:
        raise ServiceError("Sebutkan tanggal implementasi dimulai: --start YYYY-MM-DD.")
    with session() as s:
        planned = create_plan(session=s, organisation=org, cycle=cycle, start=day,
                              actor=actor(as_))  # fmt: skip
    if planned:
        units = len({p.unit_code for p in planned})
        typer.echo(
            f"Implementasi dimulai {format_date(day)}: {len(planned)} tahap dari paket untuk "
            f"{units} unit kerja disimpan sebagai rencana."
        )
    else:
        typer.echo(
            f"Implementasi dimulai {format_date(day)} dicatat. Paket tidak memuat tahap "
            "implementasi: tahap tiap unit datang dari berkas rencana (siklus rollout plan "
            "import) atau progres unit."
        )


def plan_export(
    file: Annotated[Path, typer.Argument(help="Berkas CSV tujuan, mis. rencana.csv.")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Tanggal mulai implementasi YYYY-MM-DD (bila belum mulai)."),
    ] = None,
) -> None:
    """Ekspor Rencana Implementasi ke CSV (Excel) untuk diubah lalu diimpor kembali.

    Bila rencana belum tersimpan, rencana dibuat dari paket: target tanggal = tanggal mulai
    implementasi + hari kerja tiap tahap (tanpa Sabtu, Minggu, libur nasional, cuti bersama).

    Contoh: siklus rollout plan export rencana.csv --start 2026-07-01
    """
    from policy.locale import format_date
    from policy.services.rollout import export_plan

    with session() as s:
        plan = export_plan(
            session=s,
            organisation=org,
            cycle=cycle,
            start=parse_date(start, "--start"),
        )
    file.write_text(plan.text, encoding="utf-8-sig")
    source = "tersimpan" if plan.stored else "dari paket, belum disimpan"
    since = f", mulai implementasi {format_date(plan.start)}" if plan.start else ""
    typer.echo(f"{file}: {plan.milestones} tahap ({source}{since}).")
    if not plan.stored:
        typer.echo(f"Ubah bila perlu, lalu simpan: siklus rollout plan import {file}")


def plan_import(
    file: Annotated[Path, typer.Argument(help="Berkas CSV/XLSX rencana (unit_kerja; tahap; …).")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Impor Rencana Implementasi: berkas ini menjadi seluruh rencana siklus.

    Kolom: unit_kerja; nama_unit (boleh kosong); tahap; target_tanggal. Progres yang sudah
    dilaporkan tetap; tahap yang tidak tercantum dihapus, kecuali unitnya sudah melaporkan
    progres tahap itu (maka tidak ada yang disimpan).

    Contoh: siklus rollout plan import rencana.csv --as rina
    """
    from policy.services.common import ServiceError
    from policy.services.rollout import import_plan
    from policy.settings import get_settings

    who = as_ or get_settings().user
    if not who:
        raise ServiceError("Sebutkan siapa yang bertindak: --as USERNAME (atau atur SIKLUS_USER).")
    with session() as s:
        result = import_plan(session=s, organisation=org, cycle=cycle, path=file, actor=who)
    if result.skipped:
        typer.echo(f"{result.filename}: sudah pernah diimpor, tidak ada perubahan.")
    else:
        typer.echo(f"{result.filename}: {result.rows} tahap disimpan sebagai rencana.")
    for warning in result.warnings:
        typer.echo(f"Peringatan: {warning}")
