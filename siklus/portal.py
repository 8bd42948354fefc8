"""The portal's commands: `siklus serve` and `siklus portal links|token|revoke`.

Layer: shell over `siklus.web` and `policy.services.consultation`/`portal_access`.
`siklus.cli` registers these functions (with its error handling); each docstring is
the command's help, with an example.
"""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from policy.errors import ServiceError
from siklus.common import AsOpt, CycleOpt, OrgOpt, actor, session

HostOpt = Annotated[str, typer.Option("--host", help="Alamat yang didengarkan.")]
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port HTTP.")]
BaseUrlOpt = Annotated[
    str, typer.Option("--base-url", help="Alamat portal seperti dibuka peserta (untuk tautan).")
]
DEFAULT_URL = "http://127.0.0.1:8000"


def serve(host: HostOpt = "127.0.0.1", port: PortOpt = 8000) -> None:
    """Jalankan portal: konsultasi publik, survei daring, halaman panitia dan pimpinan.

    Peserta membuka tautan forum dari 'siklus portal links'; penerima layanan mengisi SKM
    pada tautan dari 'siklus survey open'; ASN mengisi kuesioner kebutuhan pada tautan dari
    'siklus needs-survey open'; panitia masuk di /penyelenggara dan pimpinan di /pimpinan
    dengan token dari 'siklus portal token'. Tautan pribadi membuka satu halaman: pegawai
    membuka lembar hasil dan keberatannya di /lembar/… ('siklus evaluation links'), yang
    memutuskan keberatan mencatat keputusannya di /keputusan/… ('siklus objection link'),
    kepala unit melaporkan tindak lanjut unitnya di /unit/… ('siklus action links').
    Halaman publik (survei, kuesioner, forum, tanda terima, halaman pegawai) tersedia juga
    dalam bahasa Inggris: tautan di pojok halaman atau ?lang=en. Untuk akses dari jaringan,
    pasang di belakang proxy HTTPS.

    Contoh: siklus serve --host 127.0.0.1 --port 8000
    """
    import uvicorn

    from policy.db import get_engine
    from policy.settings import get_settings
    from siklus.web.app import create_app

    get_engine()  # the schema exists before the first request
    app = create_app(get_settings())
    listening = bound(host, port)  # refused in words before the portal says it runs
    typer.echo(f"Portal berjalan di http://{host}:{port}/ (hentikan dengan Ctrl+C)")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", server_header=False)
    uvicorn.Server(config).run(sockets=[listening])


def bound(host: str, port: int) -> socket.socket:
    """A socket bound to `host`:`port` for the portal.

    Raises:
        ServiceError: the port is taken (another program, or a portal already running),
            needs an administrator, or the host is not an address of this machine.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServiceError(
            f"Alamat '{host}' tidak dikenal; gunakan 127.0.0.1 (mesin ini saja) atau 0.0.0.0 "
            "(semua jaringan) pada --host."
        ) from exc
    family, kind, proto, _name, address = infos[0]
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(address)
    except OSError as exc:
        listening.close()
        why = {
            errno.EADDRINUSE: f"port {port} sudah dipakai program lain (mungkin portal yang sudah "
            "berjalan); hentikan program itu atau pilih port lain dengan --port",
            errno.EACCES: f"tidak ada izin membuka port {port} (port di bawah 1024 memerlukan hak "
            "administrator); pilih mis. --port 8000",
            errno.EADDRNOTAVAIL: f"alamat {host} bukan alamat mesin ini; gunakan 127.0.0.1 atau "
            "0.0.0.0 pada --host",
        }.get(exc.errno or 0)
        if why is None:
            raise
        raise ServiceError(f"Portal tidak dapat dijalankan di {host}:{port}: {why}.") from exc
    return listening


def links(
    org: OrgOpt = None,
    cycle: CycleOpt = None,
    as_: AsOpt = None,
    base_url: BaseUrlOpt = DEFAULT_URL,
) -> None:
    """Cetak tautan publik setiap forum siklus (tautan dibuat saat pertama diminta).

    Bagikan tautan ini bersama undangan; siapa pun yang memegangnya dapat memberi masukan
    sampai forum ditutup.

    Contoh: siklus portal links --as budi --base-url https://konsultasi.sawahluntokota.go.id
    """
    from policy.services import consultation

    with session() as s:
        rows = consultation.forum_links(session=s, organisation=org, cycle=cycle, actor=actor(as_))
    base = base_url.rstrip("/")
    for row in rows:
        state = "ditutup" if row.status == "closed" else "terbuka"
        typer.echo(f"{row.code}\t{state}\tputaran {row.round}\t{row.title}")
        typer.echo(f"  {base}{row.path}")


def token(
    org: OrgOpt = None,
    as_: AsOpt = None,
    hours: Annotated[int, typer.Option("--hours", help="Masa berlaku (jam).")] = 12,
    base_url: BaseUrlOpt = DEFAULT_URL,
) -> None:
    """Buat token masuk portal untuk panitia (organiser/admin) atau pimpinan; tampil sekali.

    Panitia masuk di /penyelenggara/masuk (forum, kehadiran, tenggat); pimpinan (leader) di
    /pimpinan/masuk: tahap yang menunggu keputusan, dokumennya, lalu setujui, kembalikan
    atau tolak. Yang disimpan hanya sidik (sha256) token, dengan masa berlakunya.

    Contoh: siklus portal token --as budi --hours 8

    Contoh: siklus portal token --as sekda --hours 4
    """
    from policy.services import portal_access

    with session() as s:
        issued = portal_access.issue_token(
            session=s, organisation=org, actor=actor(as_), hours=hours
        )
    base = base_url.rstrip("/")
    pages = []
    if {"organiser", "admin"} & set(issued.roles):
        pages.append(("panitia", f"{base}/penyelenggara/masuk"))
    if "leader" in issued.roles:
        pages.append(("pimpinan", f"{base}/pimpinan/masuk"))
    who = " dan ".join(name for name, _ in pages)
    typer.echo(f"Token {who} untuk {issued.username} ({issued.organisation}):")
    typer.echo(f"  {issued.token}")
    typer.echo(f"Berlaku sampai {issued.expires_at:%Y-%m-%d %H:%M} UTC.")
    for name, url in pages:
        typer.echo(f"Halaman {name}: masuk di {url} dan tempelkan token itu.")


def revoke(
    org: OrgOpt = None,
    as_: AsOpt = None,
    member: Annotated[
        str | None, typer.Option("--member", help="Anggota yang tokennya dicabut (admin).")
    ] = None,
) -> None:
    """Cabut semua token portal (panitia, pimpinan) seorang anggota (bawaan: milik sendiri).

    Contoh: siklus portal revoke --as admin --member budi
    """
    from policy.services import portal_access

    with session() as s:
        count = portal_access.revoke_tokens(
            session=s, organisation=org, actor=actor(as_), member=member
        )
    typer.echo(f"{count} token dicabut.")
