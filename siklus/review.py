"""`siklus review`: a leader's decision on a stage (approve, return, reject, reopen).

Layer: shell over `policy.services.review`. Each command's docstring is its `--help`,
with an example.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from policy.enums import Decision
from policy.errors import ServiceError
from siklus.bahasa import SiklusTyper
from siklus.common import (
    AsOpt,
    CycleOpt,
    OrgOpt,
    PeriodOpt,
    actor,
    console,
    date_option,
    friendly,
    parse_date,
    parse_stage,
    period_code,
    session,
)

review_app = SiklusTyper(
    help="Keputusan pimpinan atas tahap: setujui, kembalikan, tolak, buka kembali.",
    no_args_is_help=True,
)


def _decide(
    decision: Decision,
    stage: str,
    org: str | None,
    cycle: int | None,
    as_: str | None,
    reason: str,
    period: str,
    back_to: str | None = None,
    as_of: str | None = None,
) -> None:
    from policy.services import review
    from policy.stages import DECISION_ID, stage_label
    from siklus.prefect_gates import wake_after_decision

    target = parse_stage(stage)
    period = period_code(period, target)
    day = parse_date(as_of)
    with session() as s:
        review.decide(
            session=s,
            organisation=org,
            cycle=cycle,
            stage=target,
            reviewer=actor(as_),
            decision=decision,
            reason=reason,
            period=period,
            back_to=parse_stage(back_to) if back_to else None,
            as_of=day,
        )
    done = DECISION_ID[decision]
    console.print(f"Tahap {stage_label(target, period)} {done} oleh {escape(actor(as_))}.")
    woken = wake_after_decision(org, cycle, target, period)
    if woken:
        console.print(woken, markup=False)


ReasonOpt = Annotated[str, typer.Option("--reason", help="Alasan / catatan keputusan.")]
StageArg = Annotated[str, typer.Argument(help="Tahap yang diputuskan.")]


@review_app.command("approve")
@friendly
def review_approve(
    stage: StageArg,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    reason: ReasonOpt = "",
    period: PeriodOpt = "",
    as_of: Annotated[
        str | None, date_option("Tanggal keputusan YYYY-MM-DD (bawaan: hari ini).")
    ] = None,
) -> None:
    """Setujui tahap yang sedang ditinjau (hanya pimpinan, bukan yang menjalankan tahap).

    Prinsip empat mata: yang pernah menjalankan atau mengambil alih percobaan mana pun dari
    tahap itu (juga percobaan yang sudah dikembalikan) tidak memutuskannya.

    Menyetujui tahap penyusunan menetapkan rancangan versi terbaru (versi yang diajukan)
    sebagai versi final dan menerbitkan Peraturan bertanggal keputusan (--as-of).

    Contoh: siklus review approve needs_analysis --as sekda --reason "Sesuai, lanjut ke forum"
    """
    _decide(Decision.APPROVE, stage, org, cycle, as_, reason, period, as_of=as_of)


@review_app.command("return")
@friendly
def review_return(
    stage: StageArg,
    reason: ReasonOpt,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
    back_to: Annotated[
        str | None, typer.Option("--back-to", help="Rancangan: kembali ke 'forums'.")
    ] = None,
) -> None:
    """Kembalikan tahap untuk diperbaiki, dengan alasan (rancangan dapat kembali ke forum).

    Tidak untuk tahap di siklus yang sudah dihentikan atau ditutup: tahap itu tidak dapat
    dijalankan lagi, jadi setujui atau tolak.

    Contoh: siklus review return drafting --as sekda --back-to forums --reason "Konsultasi ulang"
    """
    _decide(Decision.RETURN, stage, org, cycle, as_, reason, period, back_to)


@review_app.command("reject")
@friendly
def review_reject(
    stage: StageArg,
    reason: ReasonOpt,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    period: PeriodOpt = "",
) -> None:
    """Tolak tahap, dengan alasan; siklus berhenti.

    Contoh: siklus review reject drafting --as walikota --reason "Kebijakan ditunda sampai APBD-P"
    """
    _decide(Decision.REJECT, stage, org, cycle, as_, reason, period)


@review_app.command("reopen")
@friendly
def review_reopen(
    stage: StageArg,
    reason: ReasonOpt,
    period: PeriodOpt,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Buka kembali periode evaluasi yang sudah disetujui agar datanya dapat dikoreksi.

    Hanya pimpinan, dengan alasan tertulis: mis. keberatan pegawai atas predikatnya yang
    dikabulkan atasan pejabat penilai kinerja, atau rekap SKM sebuah unit yang keliru. Tahap
    itu dikembalikan dan data periodenya tidak lagi terkunci: impor data yang dikoreksi,
    jalankan lagi tahap evaluasi periode itu, lalu pimpinan meninjaunya lagi. Dokumen yang
    sudah disetujui tetap tercatat sebagai versi terdahulu; tindak lanjut yang sudah selesai
    tetap.

    Contoh: siklus review reopen evaluation --period 2026-TW3 --as sekda --reason "Keberatan
    NIP 198512202010011004 dikabulkan (surat 800/123/BKPSDM/2026)"
    """
    from policy.services import review
    from policy.stages import StageRuleError, check_reopenable

    target = parse_stage(stage)
    try:
        check_reopenable(target)  # before the period, which only an evaluation has
    except StageRuleError as exc:
        raise ServiceError(exc.message) from exc
    code = period_code(period, target)
    with session() as s:
        done = review.reopen_period(
            session=s, organisation=org, cycle=cycle, period=code, leader=actor(as_),
            reason=reason,
        )  # fmt: skip
    for line in done.words(actor(as_)):
        console.print(line, markup=False)
