"""The forum commands: `siklus forum plan`, `siklus forum add` and `siklus forum approve-minutes`.

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


#: How `siklus forum plan` names a forum's fields that followed the pack.
FIELD_WORDS = {
    "title": "judul",
    "held_on": "tanggal",
    "starts_at": "jam mulai",
    "ends_at": "jam selesai",
    "venue": "tempat",
    "groups": "kelompok yang diundang",
    "agenda": "susunan acara",
}


def plan(org: OrgOpt = None, cycle: CycleOpt = None, as_: AsOpt = None) -> None:
    """Rencanakan forum putaran konsultasi berjalan dari paket, sebelum tahap forum.

    Forum yang direncanakan langsung mendapat tautan portal (siklus portal links), sehingga
    pemangku kepentingan dapat menyampaikan masukan sebelum dan selama forum. Forum yang
    sudah direncanakan dan belum ditutup mengikuti paket bila tanggal, jam, tempat, judul,
    kelompok atau susunan acaranya diubah di paket (muat ulang paket dulu: siklus pack load).

    Contoh: siklus forum plan --as fadhli.rahman
    """
    from policy.locale import format_date
    from policy.services.forum_plan import plan_cycle_forums
    from policy.services.portal_common import ensure_token

    with session() as s:
        planned = plan_cycle_forums(session=s, organisation=org, cycle=cycle, actor=actor(as_))
        for forum in planned.made:
            ensure_token(s, forum)
        s.commit()
        rows = [(f.code, f.title, f.held_on, f.round) for f in planned.made]
        changed = [(f.code, [FIELD_WORDS[k] for k in keys]) for f, keys in planned.updated]
    if not rows and not changed:
        typer.echo("Semua forum putaran ini sudah direncanakan; tidak ada perubahan.")
    for code, title, held_on, rnd in rows:
        typer.echo(f"Forum {code} (putaran {rnd}) direncanakan: {title}, {format_date(held_on)}.")
    for code, words in changed:
        typer.echo(f"Forum {code} mengikuti paket: {', '.join(words)} diperbarui.")
    if rows:
        typer.echo("Tautan portal: siklus portal links --as USERNAME")


def add(
    code: Annotated[str, typer.Argument(help="Kode forum baru, mis. F4.")],
    title: Annotated[str, typer.Option("--title", help="Judul forum.")],
    on: Annotated[str, typer.Option("--date", help="Tanggal forum, mis. 2026-04-15.")],
    venue: Annotated[str, typer.Option("--venue", help="Tempat forum.")],
    group: Annotated[
        list[str],
        typer.Option(
            "--group", help="Kode kelompok pemangku kepentingan yang diundang (berulang)."
        ),
    ],
    hours: Annotated[
        str | None,
        typer.Option("--time", help="Pukul, waktu setempat: 09.00–12.00, atau 13.30 (mulai saja)."),
    ] = None,
    agenda: Annotated[
        list[str] | None, typer.Option("--agenda", help="Satu butir susunan acara (berulang).")
    ] = None,
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
) -> None:
    """Tambah forum yang tidak ada di paket ke putaran konsultasi berjalan (diaudit).

    Untuk forum tambahan, mis. konsultasi dengan kelompok yang belum terjangkau. Penyelenggara,
    petugas atau admin menambahkannya; forum langsung mendapat tautan portal, dan tahap forum
    menerbitkan undangan, daftar hadir dan notulennya seperti forum dari paket.

    Contoh: siklus forum add F4 --title "Forum Guru" --date 2026-04-20 --time 09.00–12.00
    --venue "Aula SMPN 1" --group asn --group akademisi --agenda "Paparan rancangan" --as budi
    """
    from policy.locale import format_date
    from policy.services.forum_plan import add_forum
    from policy.services.portal_common import ensure_token

    day = parse_date(on, "--date")
    assert day is not None  # a required option
    with session() as s:
        forum = add_forum(
            session=s, organisation=org, cycle=cycle, code=code, title=title, held_on=day,
            venue=venue, groups=group, agenda=agenda or [], actor=actor(as_), hours=hours,
        )  # fmt: skip
        ensure_token(s, forum)
        s.commit()
        when = format_date(forum.held_on)
        rnd = forum.round
    typer.echo(f"Forum {code} (putaran {rnd}) ditambahkan: {title}, {when}.")
    typer.echo("Tautan portal: siklus portal links --as USERNAME")
