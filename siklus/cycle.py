"""`siklus cycle` and `siklus stage`: start a cycle, run it or one stage, open a gate.

Layer: shell over `siklus.runner` (stage work through Prefect) and `policy.services.cycle`.
Each command's docstring is its `--help`, with an example; `siklus.cli` adds these groups
to the command line.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from policy.enums import Stage
from policy.errors import ServiceError
from siklus import output
from siklus.bahasa import SiklusTyper
from siklus.common import (
    AsOpt,
    CycleOpt,
    LocaleOpt,
    OrgOpt,
    PeriodOpt,
    actor,
    console,
    date_option,
    friendly,
    parse_date,
    parse_inputs,
    parse_locales,
    parse_stage,
    period_code,
    session,
)

cycle_app = SiklusTyper(help="Siklus kebijakan: mulai dan jalankan.", no_args_is_help=True)
stage_app = SiklusTyper(
    help="Tahap siklus: jalankan satu tahap, buka gerbang.", no_args_is_help=True
)


# ---------------------------------------------------------------------------------- cycle


@cycle_app.command("start")
@friendly
def cycle_start(org: OrgOpt = None, as_: AsOpt = None) -> None:
    """Buka siklus kebijakan berikutnya untuk kebijakan organisasi.

    Contoh: siklus cycle start --org sawahlunto --as rina
    """
    from policy.services import cycle as cycle_service

    with session() as s:
        cyc = cycle_service.open_cycle(session=s, organisation=org, actor=actor(as_))
    console.print(
        f"Siklus ke-{cyc.number} dibuka. Tahap pertama: siklus stage run analisis --input …"
    )


@cycle_app.command("run")
@friendly
def cycle_run(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    input_: Annotated[
        list[str] | None,
        typer.Option(
            "--input",
            help="tahap.nama=berkas, mis. analisis.pengaduan=pengaduan.csv (berulang).",
        ),
    ] = None,
    period: PeriodOpt = "",
    locale: LocaleOpt = None,
) -> None:
    """Jalankan tahap-tahap siklus berurutan sampai gerbang berikutnya (keputusan pimpinan).

    Tahap yang sudah disetujui dilewati; menjalankan lagi melanjutkan dari posisi siklus.

    Setiap --input menyebut tahapnya: tahap.nama=berkas (tahap needs_analysis atau analisis,
    forums, drafting, …).

    Contoh: siklus cycle run --as rina --input needs_analysis.pengaduan=pengaduan.csv
    """
    per_stage = parse_cycle_inputs(input_ or [])
    from siklus.runner import run_cycle

    outcome = run_cycle(
        organisation=org,
        cycle=cycle,
        actor=actor(as_),
        inputs=per_stage,
        period=period_code(period) if period.strip() else "",
        locales=parse_locales(locale),
    )
    output.print_cycle_outcome(console, outcome)


def parse_cycle_inputs(values: list[str]) -> dict[Stage, dict[str, str]]:
    """Parse repeated `--input tahap.nama=berkas` options of `cycle run`.

    Split at the first '=' first, so a dot in the file name ('pengaduan.csv') is never
    read as the stage separator.
    """
    per_stage: dict[Stage, dict[str, str]] = {}
    for item in values:
        key, eq, path = item.partition("=")
        stage_name, dot, name = key.partition(".")
        if not eq or not dot or not stage_name.strip() or not name.strip() or not path.strip():
            raise ServiceError(
                f"--input untuk cycle run berbentuk tahap.nama=berkas, mis. "
                f"analisis.pengaduan=pengaduan.csv; ditemukan '{item}'."
            )
        per_stage.setdefault(parse_stage(stage_name), {}).update(parse_inputs([f"{name}={path}"]))
    return per_stage


# ---------------------------------------------------------------------------------- stage


@stage_app.command("run")
@friendly
def stage_run(
    stage: Annotated[
        str,
        typer.Argument(
            help="needs_analysis, forums, drafting, socialisation, implementation, evaluation."
        ),
    ],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    input_: Annotated[
        list[str] | None,
        typer.Option("--input", help="nama=berkas, mis. pengaduan=pengaduan.csv (berulang)."),
    ] = None,
    period: PeriodOpt = "",
    as_of: Annotated[
        str | None,
        date_option(
            "Tanggal dokumen YYYY-MM-DD (bawaan: hari ini); data berkas masukan boleh "
            "bertanggal sampai hari itu bila sesudah hari ini."
        ),
    ] = None,
    locale: LocaleOpt = None,
    takeover: Annotated[
        bool,
        typer.Option(
            "--takeover",
            help="Ambil alih tahap yang masih 'berjalan' milik proses yang sudah mati.",
        ),
    ] = False,
) -> None:
    """Jalankan satu tahap sebagai flow Prefect; tahap lalu menunggu keputusan pimpinan.

    Tahap yang tertinggal 'berjalan' oleh flow run yang sudah selesai atau gagal menurut
    Prefect diambil alih otomatis; bila Prefect masih mencatatnya berjalan (prosesnya mati
    tanpa sempat melapor), gunakan --takeover.

    Nama masukan dan berkasnya diperiksa sebelum tahap dimulai: nama yang salah atau berkas
    yang tidak ada ditolak tanpa mencatat apa pun.

    Contoh: siklus stage run needs_analysis --as rina --input pengaduan=pengaduan.csv
    """
    from policy.stages import stage_label
    from siklus.runner import run_stage

    target = parse_stage(stage)
    day = parse_date(as_of)
    languages = parse_locales(locale)
    outcome = run_stage(
        stage=target,
        organisation=org,
        cycle=cycle,
        actor=actor(as_),
        period=period_code(period, target),
        inputs=parse_inputs(input_ or []),
        as_of=day,
        locales=languages,
        takeover=takeover,
    )
    label = stage_label(target, period_code(period, target))
    console.print(f"Tahap {label} selesai diproses, menunggu keputusan pimpinan.")
    for path in outcome.documents:
        console.print(f"  {output.rel(path)}", markup=False, soft_wrap=True)
    output.print_warnings(console, outcome.warnings)


@stage_app.command("override")
@friendly
def stage_override(
    stage: Annotated[str, typer.Argument(help="Tahap yang gerbangnya dibuka.")],
    reason: Annotated[str, typer.Option("--reason", help="Alasan tertulis (wajib).")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
) -> None:
    """Pimpinan membuka gerbang tahap yang belum terpenuhi, dengan alasan tertulis (diaudit).

    Contoh: siklus stage override implementation --as sekda --reason "Diklat susulan Juli"
    """
    from policy.services import cycle as cycle_service

    target = parse_stage(stage)
    with session() as s:
        cycle_service.override_gate(
            session=s,
            organisation=org,
            cycle=cycle,
            stage=target,
            leader=actor(as_),
            reason=reason,
            period=period_code(period, target),
        )
    console.print(f"Gerbang tahap {target.value} dibuka oleh {escape(actor(as_))}.")
