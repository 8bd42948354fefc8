"""The demo's web-portal step: stakeholders' inputs sent over HTTP to a real portal.

Layer: shell (demo). The forums of the round are planned, the portal (`siklus serve`'s
app) runs on a free loopback port in a background thread, and each sample input is sent
the way a browser sends it: open the forum page for its form token, then post the form.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from rich.console import Console
from sqlmodel import select

from policy.db import session_scope
from policy.imports import parse_file
from policy.models import Forum
from policy.packs import LoadedPack
from policy.services import consultation, forum_plan
from policy.services.common import ServiceError, get_cycle, get_org
from policy.services.section_refs import draft_index, section_sid_for

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_RECEIPT = re.compile(r"/tanda-terima/(\d+)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_portal() -> Iterator[str]:
    """The portal on 127.0.0.1 for the duration of the block; yields its base URL."""
    import uvicorn

    from siklus.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="siklus-demo-portal", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise ServiceError("Portal demo tidak dapat dijalankan pada 127.0.0.1.")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def portal_rows(loaded: LoadedPack, rnd: int) -> Path | None:
    """The demo's portal input file of a consultation round, if the pack has one."""
    key = "portal" if rnd == 1 else f"portal_round{rnd}"
    return loaded.demo_file(key, "masukan") if key in loaded.pack.demo else None


def send_portal_inputs(
    console: Console, loaded: LoadedPack, organisation: str, organiser: str, rnd: int
) -> list[int]:
    """Plan the round's forums, share their links, and send the sample inputs over HTTP."""
    path = portal_rows(loaded, rnd)
    if path is None:
        return []
    with session_scope() as s:
        forum_plan.plan_cycle_forums(
            session=s, organisation=organisation, cycle=None, actor=organiser
        )
        links = consultation.forum_links(
            session=s, organisation=organisation, cycle=None, actor=organiser
        )
        cycle = get_cycle(s, get_org(s, organisation))
        forums = {f.code: f for f in s.exec(select(Forum).where(Forum.cycle_id == cycle.id))}
        rows = parse_file("masukan", path).rows
        # the section the stakeholder picks on the page: the one their label names
        index = draft_index(s, cycle.id or 0)
        sids = [section_sid_for(s, forums[row.forum], row.section_ref, index) for row in rows]
    paths = {link.code: link.path for link in links if link.round == rnd}
    numbers: list[int] = []
    with (
        running_portal() as base,
        httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client,
    ):
        console.print(
            f"  Portal konsultasi berjalan di {base}; tautan forum: "
            + ", ".join(f"{code} {base}{p}" for code, p in sorted(paths.items()))
        )
        for row, sid in zip(rows, sids, strict=True):
            page = client.get(paths[row.forum])
            token = _CSRF.search(page.text)
            if page.status_code != 200 or token is None:
                raise ServiceError(f"Halaman forum {row.forum} tidak dapat dibuka di portal.")
            sent = client.post(
                f"{paths[row.forum]}/masukan",
                data={
                    "csrf_token": token.group(1),
                    "section_sid": sid,
                    "name": row.author,
                    "organisation": row.institution,
                    "group": row.group,
                    "text": row.text,
                    "email": row.email,
                },
            )
            found = _RECEIPT.search(str(sent.url))
            if sent.status_code != 200 or found is None:
                raise ServiceError(f"Portal menolak masukan {row.author}: {sent.status_code}")
            numbers.append(int(found.group(1)))
    console.print(
        f"  {len(numbers)} masukan dikirim pemangku kepentingan lewat portal; "
        f"tanda terima nomor {', '.join(map(str, numbers))}."
    )
    return numbers


def open_gate_on_portal(organisation: str, cycle: int, leader: str, stage: str, reason: str) -> str:
    """The leader opens a held gate on the portal's leaders' page, as a browser does.

    A token is issued for the leader (and withdrawn after), exchanged for the portal's
    cookie at /pimpinan/masuk; the start page must list the gate, whose form is then sent
    with the written reason. Returns the page's address.
    """
    from policy.services import portal_access

    with session_scope() as s:
        issued = portal_access.issue_token(
            session=s, organisation=organisation, actor=leader, hours=1
        )
    try:
        with (
            running_portal() as base,
            httpx.Client(base_url=base, timeout=30, follow_redirects=True) as client,
        ):
            login = client.get("/pimpinan/masuk")
            form = _CSRF.search(login.text)
            assert form is not None, "the sign-in page has a form token"
            start = client.post(
                "/pimpinan/masuk", data={"token": issued.token, "csrf_token": form.group(1)}
            )
            token = _CSRF.search(start.text)
            if start.status_code != 200 or token is None:
                raise ServiceError(f"{leader} tidak dapat masuk ke halaman pimpinan portal.")
            if f'name="stage" value="{stage}"' not in start.text:
                raise ServiceError(f"Halaman pimpinan tidak menampilkan gerbang tahap {stage}.")
            sent = client.post(
                "/pimpinan/gerbang",
                data={
                    "csrf_token": token.group(1),
                    "cycle": str(cycle),
                    "stage": stage,
                    "reason": reason,
                },
            )
            if sent.status_code != 200:
                raise ServiceError(f"Portal menolak membuka gerbang tahap {stage}.")
            return f"{base}/pimpinan"
    finally:
        with session_scope() as s:
            portal_access.revoke_tokens(session=s, organisation=organisation, actor=leader)
