"""The deadline commands: `siklus reminders sweep|log` and the overdue board of `siklus status`.

Layer: shell over `policy.services.reminders` and `policy.services.deadlines`. `siklus.cli`
registers these functions (with its error handling); each docstring is the command's help,
with an example.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from policy.locale import format_date
from siklus.common import console, parse_date, session
from siklus.output import local_time

if TYPE_CHECKING:  # for annotations only: `siklus` commands start without the deadline service
    from policy.services.deadlines import DeadlineItem

OrgOpt = Annotated[
    str | None, typer.Option("--org", help="Kode organisasi (bawaan: semua organisasi).")
]
TodayOpt = Annotated[
    str | None,
    typer.Option("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB)."),
]


def parse_today(value: str | None) -> date:
    """`--today`, else today's date in the configured time zone."""
    from policy.services.deadlines import local_date

    return parse_date(value, "--today") or local_date()


def sweep(
    org: OrgOpt = None,
    today: TodayOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Hanya tampilkan surel yang akan dikirim.")
    ] = False,
    show: Annotated[bool, typer.Option("--show", help="Cetak isi setiap surel.")] = False,
) -> None:
    """Kirim pengingat, eskalasi, pemberitahuan tahap dan keberatan, serta kabar tanggapan.

    Pengingat dikirim sebelum tenggat, eskalasi ke pimpinan sesudahnya.
    Tenggat tahap dan tahap implementasi dihitung dalam hari kerja. Setiap surel dicatat;
    pengingat yang sama tidak pernah dikirim dua kali. Tahap yang diajukan diberitahukan
    sekali per percobaan kepada pimpinan selain yang menjalankannya, dengan tautan ke halaman
    pimpinan portal bila SIKLUS_PORTAL_URL diatur. Pemberi masukan portal yang meninggalkan
    alamat surel dikabari sekali setelah rancangan ditetapkan, lalu alamatnya dihapus.
    Keberatan yang diajukan, dicabut atau diputuskan di portal, dan laporan perkembangan
    tindak lanjut dari halaman unit, diberitahukan sekali kepada pengelola kebijakan (peran
    officer). Server SMTP diatur dengan
    SIKLUS_SMTP_HOST, SIKLUS_SMTP_PORT, SIKLUS_SMTP_FROM (lihat README).

    Contoh: siklus reminders sweep --dry-run --today 2026-09-10
    """
    from policy.mail import MailError, SmtpMailer
    from policy.services.common import ServiceError
    from policy.services.reminders import sweep_reminders
    from policy.settings import get_settings

    mailer = None
    if not dry_run:
        try:
            mailer = SmtpMailer.from_settings(get_settings())
        except MailError as exc:
            raise ServiceError(f"{exc} Atau jalankan dengan --dry-run.") from exc
    with session() as s:
        result = sweep_reminders(
            session=s, mailer=mailer, organisation=org, today=parse_today(today), dry_run=dry_run
        )
    for line in result.skipped:
        console.print(f"[yellow]Dilewati:[/yellow] {escape(line)}")
    verb = "akan dikirim" if dry_run else "terkirim"
    for m in result.messages:
        state = "[red]GAGAL[/red] " + escape(m.error) if m.error else verb
        sent = escape(f"{m.kind} → {m.recipient_name} <{m.recipient}>: {m.subject}")
        console.print(f"{sent} ({state})")
        if show:
            console.print(m.body, markup=False)
    for line in result.without_email:
        console.print(f"[yellow]Tanpa alamat surel di paket:[/yellow] {escape(line)}")
    if result.erased:
        console.print(
            f"{result.erased} alamat surel pemberi masukan dihapus tanpa dikirimi kabar: siklusnya "
            "berakhir tanpa rancangan yang ditetapkan."
        )
    count = len(result.messages) if dry_run else result.sent
    console.print(
        f"Penyisiran {format_date(result.today)}: {count} surel {verb}"
        + (f", {result.failed} gagal" if result.failed else "")
        + "."
    )
    if result.failed:
        raise typer.Exit(1)


def log(
    org: Annotated[
        str | None, typer.Option("--org", help="Kode organisasi (bawaan: satu-satunya).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Jumlah catatan terakhir.")] = 30,
) -> None:
    """Tampilkan catatan surel pengingat, eskalasi dan pemberitahuan keputusan yang terkirim.

    Contoh: siklus reminders log --limit 50
    """
    from policy.services.reminders import sent_log

    with session() as s:
        rows = sent_log(s, org)[:limit]
    table = Table()
    for name in ("Dikirim", "Jenis", "Penerima", "Tenggat", "Kunci", "Message-ID"):
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(
            local_time(r.sent_at), r.kind, escape(r.recipient), format_date(r.due_on),
            escape(r.deadline_key), escape(r.message_id),
        )  # fmt: skip
    console.print(table)


def print_overdue(out: Console, organisation: str, today: date, items: list[DeadlineItem]) -> None:
    """The overdue board: every overdue stage, milestone and follow-up, most days late first."""
    if not items:
        out.print(
            f"Tidak ada tenggat yang terlewati di {organisation} per {format_date(today)}.",
            markup=False,
        )
        return
    out.print(
        f"[bold]Tenggat terlewati[/bold] — {escape(organisation)}, per {format_date(today)} "
        f"({len(items)}; hari kerja tanpa Sabtu, Minggu, libur nasional dan cuti bersama)"
    )
    table = Table(show_lines=False)
    for name in ("Siklus", "Jenis", "Perihal", "Tenggat", "Terlambat", "Status"):
        table.add_column(name, overflow="fold")
    kinds = {"stage": "tahap", "milestone": "tahap implementasi", "action": "tindak lanjut"}
    for i in items:
        kind = kinds.get(i.kind, i.kind)
        status = {"stage": i.run_status, "action": f"{i.count} terbuka"}.get(i.kind, i.reported)
        table.add_row(
            str(i.cycle), kind, escape(i.subject), format_date(i.due_on),
            f"{i.working_days} hari kerja", escape(status),
        )  # fmt: skip
    out.print(table)
