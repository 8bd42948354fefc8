"""Publishing in batches, the template-hash cache, the table splitter and the batched audit."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from policy import audit, collector, document_filters, documents, markdown_tables
from policy.models import AuditEvent, Document
from policy.settings import Settings, get_settings
from policy.views.needs_analysis import NeedsAnalysisView
from tests.factories import make_cycle
from tests.test_templates import minimal

TEMPLATE = "laporan_analisis_kebutuhan"


@pytest.fixture
def own_templates(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates that a test may edit."""
    folder = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, folder)
    monkeypatch.setenv("SIKLUS_TEMPLATES_DIR", str(folder))
    get_settings.cache_clear()
    documents.clear_template_cache()
    return folder


def _view() -> NeedsAnalysisView:
    view: NeedsAnalysisView = minimal(NeedsAnalysisView)
    return view


def _publish(session: Session, cycle_id: int, view: NeedsAnalysisView) -> Document:
    return documents.publish(
        session, cycle_id=cycle_id, stage_run_id=None, folder="uji", key="laporan",
        template=TEMPLATE, view=view, locale="id", actor="rina",
    )  # fmt: skip


def test_an_edited_template_is_hashed_anew(
    session: Session, own_templates: Path, tmp_path: Path
) -> None:
    cycle = make_cycle(session, tmp_path)
    view = _view()
    first = _publish(session, cycle.id or 0, view)
    assert _publish(session, cycle.id or 0, view).id == first.id  # cached hash: unchanged
    template = own_templates / "id" / f"{TEMPLATE}.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nCatatan revisi.\n", "utf-8")
    second = _publish(session, cycle.id or 0, view)
    assert (second.version, first.version) == (2, 1)
    assert second.template_sha256 != first.template_sha256
    assert "Catatan revisi." in Path(second.md_path).read_text(encoding="utf-8")

    # An edit of the same size within the file clock's resolution keeps the cached hash
    # until the cache is cleared (what a test editing templates in place does).
    stat = template.stat()
    text = template.read_text(encoding="utf-8").replace("Catatan revisi.", "Catatan ubahan.")
    template.write_text(text, "utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert documents.template_hash(TEMPLATE, "id") == second.template_sha256
    documents.clear_template_cache()
    assert documents.template_hash(TEMPLATE, "id") != second.template_sha256


def test_publish_many_registers_and_audits_each_document_in_order(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    cycle = make_cycle(session, tmp_path)
    before = len(session.exec(select(AuditEvent)).all())
    items = [
        documents.Publication(f"lembar-{n}", TEMPLATE, _view(), locale)
        for n in range(3)
        for locale in ("id", "en")
    ]
    docs = documents.publish_many(
        session, cycle_id=cycle.id or 0, stage_run_id=None, folder="uji", items=items,
        actor="rina", organisation_id=None,
    )  # fmt: skip
    assert [(d.key, d.locale, d.version) for d in docs] == [(i.key, i.locale, 1) for i in items]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "document.published").order_by(
            col(AuditEvent.seq))
    ).all()  # fmt: skip
    assert [e.subject_id for e in events] == [str(d.id) for d in docs]
    assert [e.payload["key"] for e in events] == [d.key for d in docs]
    assert all(Path(d.html_path).is_file() and Path(d.md_path).is_file() for d in docs)
    again = documents.publish_many(
        session, cycle_id=cycle.id or 0, stage_run_id=None, folder="uji", items=items,
        actor="rina",
    )  # fmt: skip
    assert [d.id for d in again] == [d.id for d in docs]  # same data: nothing new
    assert len(session.exec(select(AuditEvent)).all()) == before + len(items)
    assert audit.verify(session).ok


def test_record_many_chains_like_record(session: Session) -> None:
    audit.record(session, actor="a", action="x.one", subject_type="t", subject_id=1)
    entries = [
        audit.Entry(actor="b", action="x.many", subject_type="t", subject_id=n, payload={"n": n})
        for n in range(3)
    ]
    made = audit.record_many(session, entries)
    audit.record(session, actor="c", action="x.after", subject_type="t", subject_id=9)
    session.commit()
    assert [e.seq for e in made] == [2, 3, 4]
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all()
    assert [e.action for e in events] == ["x.one", "x.many", "x.many", "x.many", "x.after"]
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert audit.record_many(session, []) == []
    assert audit.verify(session).ok


def test_table_splitter_equals_markdown_its_own() -> None:
    random.seed(2026)
    for _ in range(20000):
        text = "".join(random.choice("ab |\\\\`x") for _ in range(random.randint(0, 14)))
        assert markdown_tables.split_table_row(text) == documents.MARKDOWN_IT_SPLIT(text), text


def test_table_renders_as_with_markdown_its_own_splitter(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "| a | b |\n|---|---|\n| x \\| y | z\\\\|w |\n| `c\\|d` | e |\n"
    html = documents.markdown_to_html(text)
    assert "<td>x | y</td>" in html
    monkeypatch.setattr(documents._TABLE_RULE, "escapedSplit", documents.MARKDOWN_IT_SPLIT)
    assert documents.markdown_to_html(text) == html


def test_collector_pause_nests_and_resumes() -> None:
    import gc

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_markdown_escape_puts_every_punctuation_mark_behind_a_backslash() -> None:
    import re

    punct = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&\"'=:^$%@])")
    random.seed(7)
    alphabet = [chr(c) for c in range(32, 127)] + ["é", "\t", "\n", "–"]
    for _ in range(3000):
        text = "".join(random.choice(alphabet) for _ in range(random.randint(0, 20)))
        expected = punct.sub(r"\\\1", re.sub(r"\s+", " ", text).strip())
        assert document_filters.md_escape(text) == expected, text
    assert document_filters.md_escape("S.Pd., [x](y)") == "S\\.Pd\\., \\[x\\]\\(y\\)"
