"""`siklus docs verify`: every registered document's files against the registry and the audit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from policy import documents
from policy.db import reset_engines, session_scope
from policy.models import Document
from policy.services.portal_documents import stored_html
from policy.services.records import get_document, list_documents, verify_documents
from policy.settings import Settings, get_settings
from siklus.cli import app
from tests.factories import make_cycle
from tests.policy.test_documents_batch import TEMPLATE, _view

runner = CliRunner()


def _published(session: Session, folder: Path, keys: tuple[str, ...]) -> list[Document]:
    cycle = make_cycle(session, folder)
    docs = [
        documents.publish(
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
