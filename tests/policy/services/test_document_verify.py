"""`siklus docs verify`: every registered document's files against the registry and the audit."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from policy import publishing
from policy.db import reset_engines, session_scope
from policy.errors import ServiceError
from policy.models import AuditEvent, Document
from policy.services import cycle as cycle_service
from policy.services.document_relocation import relocate
from policy.services.portal_documents import stored_html
from policy.services.records import get_document, list_documents, verify_documents
from policy.settings import Settings, get_settings
from siklus.cli import app
from tests.factories import MINI_PACK, make_cycle, make_org
from tests.policy.test_documents_batch import TEMPLATE, _view

runner = CliRunner()


def _published(session: Session, folder: Path, keys: tuple[str, ...]) -> list[Document]:
    cycle = make_cycle(session, folder)
    docs = [
        publishing.publish(
            session,
            cycle_id=cycle.id or 0,
            stage_run_id=None,
            folder="contoh/siklus-1/uji",
            key=key,
            template=TEMPLATE,
            view=_view(),
            locale="id",
            actor="rina",
        )  # fmt: skip
        for key in keys
    ]
    session.commit()
    return docs


def test_untouched_documents_pass_and_every_change_is_named(
    session: Session, tmp_path: Path
) -> None:
    first, second, third, fourth = _published(session, tmp_path, ("a", "b", "c", "d"))
    check = verify_documents(session=session, organisation="contoh")
    assert (check.ok, check.documents, check.files, check.unregistered) == (True, 4, 8, ())
    # A changed HTML, a deleted Markdown, and a file swapped with the registry edited to match.
    first.html_file.write_text("<p>diubah</p>", encoding="utf-8")
    second.md_file.unlink()
    third.html_file.write_text("<p>palsu</p>", encoding="utf-8")
    third.sha256 = hashlib.sha256(b"<p>palsu</p>").hexdigest()
    session.add(third)
    session.commit()
    # A file no document names, in the organisation's folder.
    stray = get_settings().documents_dir / "contoh" / "siklus-1" / "uji" / "catatan.md"
    stray.write_text("bukan dokumen resmi", encoding="utf-8")
    check = verify_documents(session=session, organisation="contoh")
    assert not check.ok
    found = {(p.id, p.problem.split(":")[0]) for p in check.problems}
    assert found == {
        (first.id, "berkas HTML berbeda dari yang didaftarkan (sha256 tidak cocok)"),
        (second.id, "berkas Markdown tidak ada"),
        (third.id, "sha256 HTML di daftar dokumen berbeda dari yang tercatat di jejak audit saat "
                   "diterbitkan (daftar dokumen diubah)"),
    }  # fmt: skip
    assert fourth.id not in {p.id for p in check.problems}
    assert check.unregistered == ("contoh/siklus-1/uji/catatan.md",)
    # One cycle only: the same documents (all of cycle 1).
    assert verify_documents(session=session, organisation="contoh", cycle=1).documents == 4


def test_docs_verify_prints_the_problems_and_exits_1(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        [doc] = _published(s, tmp_path, ("a",))
        html = doc.html_file
    result = runner.invoke(app, ["docs", "verify"], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "Dokumen utuh: 1 dokumen terdaftar (2 berkas) cocok" in result.output
    html.unlink()
    result = runner.invoke(app, ["docs", "verify"], env={"COLUMNS": "240"})
    assert result.exit_code == 1
    assert "Dokumen TIDAK UTUH: 1 masalah pada 1 dokumen terdaftar" in result.output
    assert f"(id, versi 1): berkas HTML tidak ada: {html}" in result.output


def test_the_registry_keeps_paths_relative_to_the_documents_folder(
    session: Session, tmp_path: Path
) -> None:
    [doc] = _published(session, tmp_path, ("a",))
    session.expire_all()
    stored = session.get(Document, doc.id)
    assert stored is not None
    assert (stored.md_path, stored.html_path) == (
        "contoh/siklus-1/uji/a-v1.id.md", "contoh/siklus-1/uji/a-v1.id.html")  # fmt: skip
    root = get_settings().documents_dir.resolve()
    assert stored.html_file == root / "contoh" / "siklus-1" / "uji" / "a-v1.id.html"
    assert hashlib.sha256(stored.html_file.read_bytes()).hexdigest() == stored.sha256
    assert hashlib.sha256(stored.md_file.read_bytes()).hexdigest() == stored.md_sha256


def test_a_moved_data_folder_keeps_its_documents(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data folder (database and documents) restored elsewhere: verify, read, serve."""
    with session_scope() as s:
        docs = _published(s, tmp_path, ("a", "b"))
    reset_engines()
    moved = tmp_path / "server-baru" / "siklus-data"
    moved.parent.mkdir()
    settings.data_dir.rename(moved)
    monkeypatch.setenv("SIKLUS_DATA_DIR", str(moved))
    get_settings.cache_clear()
    reset_engines()
    with session_scope() as s:
        check = verify_documents(session=s, organisation="contoh")
        assert (check.ok, check.documents, check.files, check.unregistered) == (True, 2, 4, ())
        doc = get_document(session=s, doc_id=docs[0].id or 0)
        assert doc.html_file.is_relative_to(moved.resolve())
        assert stored_html(doc) == doc.html_file.read_bytes()
        [row, _] = list_documents(session=s, organisation="contoh", cycle=None)
    assert row.html_path == str(moved.resolve() / "documents" / doc.html_path)
    result = runner.invoke(app, ["docs", "verify"], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "Dokumen utuh: 2 dokumen terdaftar (4 berkas) cocok" in result.output
    result = runner.invoke(app, ["docs", "open", str(doc.id), "--markdown"])
    assert result.exit_code == 0, result.output
    assert result.output == doc.md_file.read_text(encoding="utf-8") + "\n"


def test_a_document_registered_by_its_absolute_path_is_read_as_it_is(
    session: Session, tmp_path: Path
) -> None:
    """Paths registered before 0017: in the documents folder they pass, elsewhere not."""
    [doc] = _published(session, tmp_path, ("a",))
    html, md = doc.html_file, doc.md_file
    doc.html_path, doc.md_path = str(html), str(md)
    session.add(doc)
    session.commit()
    assert (doc.html_file, doc.md_file) == (html, md)
    assert verify_documents(session=session, organisation="contoh").ok
    assert stored_html(doc) == html.read_bytes()
    elsewhere = tmp_path / "arsip-lama"
    elsewhere.mkdir()
    doc.html_path, doc.md_path = (
        str(html.rename(elsewhere / html.name)),
        str(md.rename(elsewhere / md.name)),
    )
    session.add(doc)
    session.commit()
    check = verify_documents(session=session, organisation="contoh")
    assert [p.problem for p in check.problems] == [
        f"berkas HTML berada di luar folder dokumen: {elsewhere / 'a-v1.id.html'}",
        f"berkas Markdown berada di luar folder dokumen: {elsewhere / 'a-v1.id.md'}",
    ]


def test_documents_registered_in_an_old_folder_are_pointed_at_the_current_one(
    session: Session, tmp_path: Path
) -> None:
    """A database upgraded after its data folder moved: absolute paths into a folder gone."""
    data = copy.deepcopy(MINI_PACK)
    data["members"].append({"username": "adi", "name": "Adi Saputra", "roles": ["admin"]})
    cycle = cycle_service.open_cycle(
        session=session, organisation=make_org(session, tmp_path, data), actor="rina"
    )
    docs = [
        publishing.publish(session, cycle_id=cycle.id or 0, stage_run_id=None,
                           folder="contoh/siklus-1/uji", key=key, template=TEMPLATE, view=_view(),
                           locale="id", actor="rina")
        for key in ("a", "b", "c")
    ]  # fmt: skip
    old = "/srv/siklus_lama%/documents"  # LIKE's wildcards in it must match only themselves
    for doc in docs:
        doc.md_path, doc.html_path = f"{old}/{doc.md_path}", f"{old}/{doc.html_path}"
        session.add(doc)
    session.commit()
    gone = get_settings().document_file("contoh/siklus-1/uji/c-v1.id.html")
    gone.unlink()
    assert not verify_documents(session=session, organisation="contoh").ok

    found = relocate(session=session, organisation="contoh", old=Path(old), actor="")
    assert (found.found, found.movable, found.left, found.applied) == (3, 2, 1, False)
    assert found.missing == (f"#{docs[2].id} contoh/siklus-1/uji/c-v1.id.html",)
    session.expire_all()
    assert session.get(Document, docs[0].id).html_path.startswith(old)  # type: ignore[union-attr]
    # Nothing else under a folder whose name only begins the same way, nor under one whose
    # "%" would, unescaped in LIKE, match "_lama%" as well.
    for other in ("/srv/siklus", "/srv/siklus%"):
        assert relocate(session=session, organisation="contoh", old=Path(other),
                        actor="").found == 0  # fmt: skip

    with pytest.raises(ServiceError, match="rina tidak berwenang memindahkan daftar dokumen"):
        relocate(session=session, organisation="contoh", old=Path(old), actor="rina", apply=True)
    done = relocate(session=session, organisation="contoh", old=Path(old + "/"), actor="adi",
                    apply=True)  # fmt: skip
    assert (done.movable, done.left, done.applied) == (2, 1, True)
    session.expire_all()
    paths = [session.get(Document, d.id).html_path for d in docs]  # type: ignore[union-attr]
    assert paths == ["contoh/siklus-1/uji/a-v1.id.html", "contoh/siklus-1/uji/b-v1.id.html",
                     f"{old}/contoh/siklus-1/uji/c-v1.id.html"]  # fmt: skip
    check = verify_documents(session=session, organisation="contoh")
    assert [p.id for p in check.problems] == [docs[2].id, docs[2].id]  # c's two files only
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "documents.relocated")).one()
    assert event.actor == "adi"
    assert event.payload == {"from": old + "/", "to": str(get_settings().documents_dir.resolve()),
                             "documents": 2, "left": 1}  # fmt: skip


def test_docs_relocate_checks_then_applies(settings: Settings, tmp_path: Path) -> None:
    with session_scope() as s:
        [doc] = _published(s, tmp_path, ("a",))
        doc.md_path, doc.html_path = f"/lama/{doc.md_path}", f"/lama/{doc.html_path}"
        s.add(doc)
        s.commit()
    result = runner.invoke(app, ["docs", "relocate", "/lama"], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "1 dokumen terdaftar di /lama/; 1 dapat dibaca di folder dokumen sekarang" in flat
    assert "Belum ada yang diubah; ubah daftar dokumen dengan --apply --as ADMIN." in flat
    result = runner.invoke(app, ["docs", "relocate", "/lama", "--apply", "--as", "rina"])
    assert result.exit_code == 1
    assert "tidak berwenang memindahkan daftar dokumen" in " ".join(result.output.split())
