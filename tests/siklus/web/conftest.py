"""Portal fixtures: a cycle whose forums stage runs, a forum with a draft, a client on the app."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from policy.models import Forum, Stage
from policy.services import consultation, forums, imports
from policy.services import cycle as cycle_service
from policy.settings import Settings
from siklus.web.app import create_app
from siklus.web.deps import get_session
from tests.factories import MINI_PACK, approve_through, make_org, write_file
from tests.policy.test_perwali import DRAFT

A = "198609262015051001"  # PNS at DUKCAPIL
EMPLOYEES = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{A};Andi Pratama;PNS;Kepala Seksi;DUKCAPIL;;
"""
MINUTES = """F1:
  pimpinan_rapat: "Hendra Gunawan"
  notulis: "Rina Marlina"
  ringkasan: Forum membahas rancangan.
  keputusan:
    - Masukan dibahas tim penyusun.
"""
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def pack(code: str = "contoh") -> dict[str, Any]:
    """The mini pack with one open forum for two groups."""
    data = copy.deepcopy(MINI_PACK)
    data["organisation"]["code"] = code
    data["forums"] = [
        {
            "code": "F1",
            "title": "Konsultasi Publik Rancangan Perwali",
            "date": "2026-03-10",
            "venue": "Aula Balai Kota",
            "groups": ["asn", "masyarakat"],
            "agenda": ["Pembukaan", "Paparan rancangan", "Diskusi"],
        }
    ]
    return data


@dataclass
class Portal:
    """A forum open for input, and what the tests need to reach it."""

    session: Session
    org: str
    run_id: int
    token: str
    folder: Path

    def forum(self) -> Forum:
        forum = self.session.exec(select(Forum).where(Forum.public_token == self.token)).one()
        self.session.refresh(forum)
        return forum

    def close_forum(self) -> None:
        """Close F1 with its minutes through the forums stage."""
        forums.ingest(
            session=self.session,
            run_id=self.run_id,
            inputs={"notulen": write_file(self.folder, "notulen-tutup.yaml", MINUTES)},
            actor="budi",
        )

    def document(self, key: str) -> tuple[str, str]:
        """Regenerate the forums stage's documents; document `key` as (Markdown, HTML)."""
        out = forums.produce(session=self.session, run_id=self.run_id, actor="budi")
        ref = next(d for d in out.documents if d.key == key)
        return (
            Path(ref.md_path).read_text(encoding="utf-8"),
            Path(ref.html_path).read_text(encoding="utf-8"),
        )

    def recap(self) -> tuple[str, str]:
        """Regenerate the forums stage's documents; the Rekapitulasi as (Markdown, HTML)."""
        return self.document("rekapitulasi-masukan")


def open_forum(session: Session, folder: Path, code: str = "contoh") -> Portal:
    """Organisation, employees, a running forums stage with forum F1 and draft version 1."""
    folder.mkdir(parents=True, exist_ok=True)
    org = make_org(session, folder, pack(code))
    staff = write_file(folder, "pegawai.csv", EMPLOYEES)
    imports.import_file(session=session, organisation=org, kind="pegawai", path=staff, actor="rina")
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    forums.ingest(
        session=session,
        run_id=ref.run_id,
        inputs={
            "notulen": write_file(folder, "notulen-kosong.yaml", "{}\n"),
            "rancangan": write_file(folder, "rancangan.md", DRAFT),
        },
        actor="budi",
    )
    links = consultation.forum_links(session=session, organisation=org, cycle=None, actor="budi")
    return Portal(session, org, ref.run_id, links[0].path.removeprefix("/f/"), folder)


@pytest.fixture
def portal(session: Session, tmp_path: Path) -> Portal:
    """A forum open for input on draft version 1."""
    return open_forum(session, tmp_path)


def make_client(engine: Engine, settings: Settings, **overrides: Any) -> TestClient:
    """A client on the portal app, its sessions on the test's database."""
    app = create_app(settings.model_copy(update={"portal_rate_limit": 1000, **overrides}))

    def session_override() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as s:
            yield s

    app.dependency_overrides[get_session] = session_override
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    """A client with a generous rate limit (the rate-limit test makes its own)."""
    with make_client(engine, settings) as c:
        yield c


def csrf(html: str) -> str:
    """The form token of a rendered page."""
    match = _CSRF.search(html)
    assert match, "page has no form token"
    return match.group(1)
