"""Publishing in batches, the template-hash cache, the table splitter and the batched audit."""

from __future__ import annotations

import os
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from policy import audit, collector, document_filters, documents, markdown_tables, publishing
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
    return publishing.publish(
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
    assert "Catatan revisi." in second.md_file.read_text(encoding="utf-8")

    # An edit of the same size within the file clock's resolution keeps the cached hash
    # until the cache is cleared (what a test editing templates in place does).
    stat = template.stat()
    text = template.read_text(encoding="utf-8").replace("Catatan revisi.", "Catatan ubahan.")
    template.write_text(text, "utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert documents.template_hash(TEMPLATE, "id") == second.template_sha256
    documents.clear_template_cache()
    assert documents.template_hash(TEMPLATE, "id") != second.template_sha256


def test_an_edited_macro_file_gives_the_templates_importing_it_a_new_version(
    session: Session, own_templates: Path, tmp_path: Path
) -> None:
    """The Laporan takes its tables from an imported macro file: editing only that file is
    an edited template, hashed anew and published as a new version."""
    cycle = make_cycle(session, tmp_path)
    view = _view()
    first = _publish(session, cycle.id or 0, view)
    macros = own_templates / "id" / "macros" / "analisis_kebutuhan.md.j2"
    text = macros.read_text(encoding="utf-8")
    before = "Tidak ada data pengaduan pada periode ini."
    macros.write_text(text.replace(before, "Belum ada pengaduan tercatat."), "utf-8")
    second = _publish(session, cycle.id or 0, view)
    assert (second.version, first.version) == (2, 1)
    assert second.template_sha256 != first.template_sha256
    md = second.md_file.read_text(encoding="utf-8")
    assert "Belum ada pengaduan tercatat." in md and before not in md


def test_publish_many_registers_and_audits_each_document_in_order(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    cycle = make_cycle(session, tmp_path)
    before = len(session.exec(select(AuditEvent)).all())
    items = [
        publishing.Publication(f"lembar-{n}", TEMPLATE, _view(), locale)
        for n in range(3)
        for locale in ("id", "en")
    ]
    docs = publishing.publish_many(
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
    assert all(d.html_file.is_file() and d.md_file.is_file() for d in docs)
    again = publishing.publish_many(
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


def _rendered_as_text(markdown: str, text: str, where: str) -> None:
    """`markdown` renders to HTML in which `text` (escaped for HTML) is the only content."""
    from markdown_it.common.utils import escapeHtml

    from policy.documents import markdown_to_html

    literal = escapeHtml(text)
    expected = {
        "paragraph": f"<p>{literal}</p>\n",
        "item": f"<ul>\n<li>{literal}</li>\n</ul>\n",
        "heading": f"<h2>{literal}</h2>\n",
        "after a line": f"<p>Kata\n{literal}</p>\n",
        "quote": f"<blockquote>\n<p>{literal}</p>\n</blockquote>\n",
    }[where]
    assert markdown_to_html(markdown) == expected, (where, text, markdown)


def test_escaped_text_renders_as_exactly_its_characters_wherever_it_stands() -> None:
    import re

    random.seed(7)
    marks = list("\\`*_{}[]()<>#+-.!|~&\"'=:^$%@;/?")
    alphabet = [chr(c) for c in range(32, 127)] + marks * 3 + ["é", "\t", "\n", "–", "1", "-"]
    for _ in range(3000):
        raw = "".join(random.choice(alphabet) for _ in range(random.randint(1, 12)))
        text = re.sub(r"\s+", " ", raw).strip()
        if not text:
            continue
        escaped = document_filters.md_escape(raw)
        _rendered_as_text(escaped, text, "paragraph")
        _rendered_as_text("- " + escaped, text, "item")
        _rendered_as_text("## " + escaped, text, "heading")
        _rendered_as_text("Kata\n" + escaped, text, "after a line")
        _rendered_as_text(document_filters.md_quote(text), text, "quote")


def test_escaping_keeps_ordinary_punctuation_as_written() -> None:
    md = document_filters.md_escape
    assert md("Rahmi Oktavia, S.Sos., M.Si.") == "Rahmi Oktavia, S.Sos., M.Si."
    assert (
        md("Undang-Undang (Lembaran Negara) 88,9%: ya")
        == "Undang-Undang (Lembaran Negara) 88,9%: ya"
    )
    assert md("S.Pd., [x](y)") == "S.Pd., \\[x\\](y)"
    assert md("1. bahwa") == "1\\. bahwa"  # would start a numbered list
    assert md("- a") == "\\- a"
    assert md("> 60") == "\\> 60"
    assert md("::: ttd") == "\\::: ttd"
    assert md("*a* _b_ `c` ~d~ <e> &f; #g |h !i") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\<e> \\&f; \\#g \\|h \\!i"
    )


def _dated(view: NeedsAnalysisView, day: int, **update: object) -> NeedsAnalysisView:
    header = view.header.model_copy(update={"date": date(2026, 10, day)})
    return view.model_copy(update={"header": header, **update})


def test_a_report_made_again_later_with_the_same_data_keeps_its_version(
    session: Session, tmp_path: Path
) -> None:
    cycle = make_cycle(session, tmp_path)

    def publish(view: NeedsAnalysisView, keep: bool, key: str = "laporan") -> Document:
        (doc,) = publishing.publish_many(
            session, cycle_id=cycle.id or 0, stage_run_id=None, folder="uji", actor="rina",
            items=[publishing.Publication(key, TEMPLATE, view, "id", keep_dated=keep)],
        )  # fmt: skip
        return doc

    view = _view()
    first = publish(_dated(view, 14), keep=True)
    assert (first.version, first.dated) == (1, date(2026, 10, 14))
    # A week later, the same figures: the registered version stands, with its own date.
    again = publish(_dated(view, 21), keep=True)
    assert again.id == first.id
    assert "14 Oktober 2026" in again.md_file.read_text(encoding="utf-8")
    # Other figures: a new version, dated anew.
    changed = publish(_dated(view, 21, complaints_total=view.complaints_total + 1), keep=True)
    assert (changed.version, changed.dated) == (2, date(2026, 10, 21))
    assert "21 Oktober 2026" in changed.md_file.read_text(encoding="utf-8")
    # Where the date is content (or asked for), a new date is a new version.
    asked = publish(_dated(view, 28, complaints_total=view.complaints_total + 1), keep=False)
    assert (asked.version, asked.dated) == (3, date(2026, 10, 28))
    # A version registered without its date (before it was kept) is never matched by date.
    old = publish(_dated(view, 14), keep=False, key="lama")
    old.dated = None
    session.add(old)
    session.flush()
    assert publish(_dated(view, 21), keep=True, key="lama").version == 2
