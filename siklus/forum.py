"""The forum commands: `siklus forum approve-minutes`.

Layer: shell over `policy.services.forum_minutes`. `siklus.cli` registers these
functions (with its error handling); each docstring is the command's help, with an
example.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from policy.models import Role

OrgOpt = Annotated[
    str | None, typer.Option("--org", help="Kode organisasi (bawaan: satu-satunya).")
]
CycleOpt = Annotated[int | None, typer.Option("--cycle", help="Nomor siklus (bawaan: terbaru).")]
AsOpt = Annotated[
    str | None,
    typer.Option("--as", help="Username pelaku (bawaan: $SIKLUS_USER).", show_default=False),
]


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
        str | None,
        typer.Option("--as-of", help="Tanggal persetujuan YYYY-MM-DD (bawaan: hari ini)."),
    ] = None,
) -> None:
    """Setujui notulen forum yang sudah ditutup, sebagai penyelenggara atau pimpinan.

    Notulen baru berlaku setelah disetujui penyelenggara forum (peran organiser) dan
    pimpinan (peran leader), dua orang yang berbeda; tahap forum baru dapat diajukan bila
    paling sedikit satu forum putaran berjalan notulennya disetujui keduanya. Notulen
    memuat nama dan tanggal persetujuan setelah tahap forum dijalankan lagi.

    Contoh: siklus forum approve-minutes F1 --as fadhli.rahman
    """
    from policy.db import session_scope
    from policy.locale import format_date
    from policy.services.common import ServiceError
    from policy.services.forum_minutes import ROLE_WORDS, approve_minutes
    from siklus.cli import actor

    chosen: Role | None = None
    if role is not None:
        try:
            chosen = Role(role.strip().lower())
        except ValueError as exc:
            raise ServiceError(f"--role harus organiser atau leader, bukan '{role}'.") from exc
        if chosen not in ROLE_WORDS:
            raise ServiceError(f"--role harus organiser atau leader, bukan '{role}'.")
    who = actor(as_)
    with session_scope() as s:
        outcome = approve_minutes(
            session=s,
            organisation=org,
            cycle=cycle,
            code=code,
            actor=who,
            role=chosen,
            on=date.fromisoformat(as_of) if as_of else None,
        )
    word = ROLE_WORDS[outcome.role]
    if not outcome.recorded:
        typer.echo(
            f"Notulen forum {code} sudah disetujui {who} sebagai {word}; tidak ada perubahan."
        )
    else:
        day = format_date(date.fromisoformat(as_of)) if as_of else "hari ini"
        typer.echo(f"Notulen forum {code} disetujui {who} sebagai {word} ({day}).")
    if outcome.complete:
        typer.echo(
            f"Notulen forum {code} kini berlaku (disetujui penyelenggara dan pimpinan). "
            "Jalankan lagi tahap forum agar Notulen memuat persetujuannya dan tahap dapat "
            "diajukan: siklus stage run forums --input notulen=…"
        )
    else:
        missing = " dan ".join(ROLE_WORDS[r] for r in outcome.missing)
        typer.echo(f"Masih menunggu persetujuan {missing}.")
