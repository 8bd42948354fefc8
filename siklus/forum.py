"""The forum commands: `siklus forum plan` and `siklus forum approve-minutes`.

Layer: shell over `policy.services.forum_minutes`. `siklus.cli` registers these
functions (with its error handling); each docstring is the command's help, with an
example.
"""

from __future__ import annotations

from typing import Annotated

import typer

from policy.enums import Role
from siklus.common import AsOpt, CycleOpt, OrgOpt, actor, date_option, parse_date, session


def approve_minutes(
    code: Annotated[str, typer.Argument(help="Kode forum, mis. F1.")],
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="organiser atau leader (hanya bila pelaku memegang keduanya)."),
    ] = None,
    as_of: Annotated[
        str | None, date_option("Tanggal persetujuan YYYY-MM-DD (bawaan: hari ini).")
    ] = None,
) -> None:
    """Setujui notulen forum yang sudah ditutup, sebagai penyelenggara atau pimpinan.

    Notulen baru berlaku setelah disetujui penyelenggara forum (peran organiser) dan
    pimpinan (peran leader), dua orang yang berbeda; tahap penyusunan rancangan baru dapat
    dimulai bila paling sedikit satu forum putaran berjalan notulennya disetujui keduanya.
    Persetujuan kedua menerbitkan versi baru Notulen forum itu dan Rekapitulasi Masukan
    putaran berjalan, yang memuat nama dan tanggal persetujuannya; versi lama tetap
    tersimpan di register dokumen (siklus docs list --all).

    Contoh: siklus forum approve-minutes F1 --as fadhli.rahman
    """
    from policy.locale import format_date
    from policy.services.common import ServiceError
    from policy.services.forum_minutes import ROLE_WORDS, approve_minutes

    chosen: Role | None = None
    if role is not None:
        try:
            chosen = Role(role.strip().lower())
        except ValueError as exc:
            raise ServiceError(f"--role harus organiser atau leader, bukan '{role}'.") from exc
        if chosen not in ROLE_WORDS:
            raise ServiceError(f"--role harus organiser atau leader, bukan '{role}'.")
    who = actor(as_)
    day = parse_date(as_of)
    with session() as s:
        outcome = approve_minutes(
            session=s,
            organisation=org,
            cycle=cycle,
            code=code,
            actor=who,
            role=chosen,
            on=day,
        )
    word = ROLE_WORDS[outcome.role]
    if not outcome.recorded:
        typer.echo(
            f"Notulen forum {code} sudah disetujui {who} sebagai {word}; tidak ada perubahan."
        )
    else:
        when = format_date(day) if day else "hari ini"
        typer.echo(f"Notulen forum {code} disetujui {who} sebagai {word} ({when}).")
    if outcome.complete:
        typer.echo(f"Notulen forum {code} kini berlaku (disetujui penyelenggara dan pimpinan).")
        if outcome.republished:
            typer.echo(
                "Diterbitkan versi baru yang memuat persetujuannya: "
                + ", ".join(outcome.republished)
                + "."
            )
    else:
        missing = " dan ".join(ROLE_WORDS[r] for r in outcome.missing)
        typer.echo(f"Masih menunggu persetujuan {missing}.")


def plan(org: OrgOpt = None, cycle: CycleOpt = None, as_: AsOpt = None) -> None:
    """Rencanakan forum putaran konsultasi berjalan dari paket, sebelum tahap forum.

    Forum yang direncanakan langsung mendapat tautan portal (siklus portal links), sehingga
    pemangku kepentingan dapat menyampaikan masukan sebelum dan selama forum.

    Contoh: siklus forum plan --as fadhli.rahman
    """
    from policy.locale import format_date
    from policy.services.consultation import ensure_token
    from policy.services.forum_plan import plan_cycle_forums

    with session() as s:
        made = plan_cycle_forums(session=s, organisation=org, cycle=cycle, actor=actor(as_))
        for forum in made:
            ensure_token(s, forum)
        s.commit()
        rows = [(f.code, f.title, f.held_on, f.round) for f in made]
    if not rows:
        typer.echo("Semua forum putaran ini sudah direncanakan; tidak ada perubahan.")
    for code, title, held_on, rnd in rows:
        typer.echo(f"Forum {code} (putaran {rnd}) direncanakan: {title}, {format_date(held_on)}.")
    if rows:
        typer.echo("Tautan portal: siklus portal links --as USERNAME")
