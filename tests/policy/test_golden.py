"""Golden documents: the demo cycle renders exactly the reviewed Markdown, on every database.

Every version of every document the demo cycle publishes is checked: a document's first
version is `<key>.<locale>.md`, a later one `<key>.v<n>.<locale>.md` (the demo republishes
the Rekapitulasi, the Matriks and the Rancangan in its second consultation round). The
final Peraturan, published by the leader's approval, is checked too.

Update the files only on purpose: `pytest tests/policy/test_golden.py --update-golden`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.models import Document
from tests.factories import run_demo_cycle

GOLDEN = Path(__file__).resolve().parent / "golden"


def test_demo_documents_match_golden_files(
    session: Session, request: pytest.FixtureRequest
) -> None:
    update = request.config.getoption("--update-golden")
    run_demo_cycle(session, locales=("id", "en"))
    docs = session.exec(select(Document).order_by(Document.id)).all()
    assert len(docs) >= 2 * 13
    mismatched = []
    for doc in docs:
        actual = doc.md_file.read_text(encoding="utf-8")
        golden = GOLDEN / _name(doc)
        if update:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
        elif not golden.exists() or golden.read_text(encoding="utf-8") != actual:
            mismatched.append(golden.name)
    assert mismatched == [], "documents differ from tests/policy/golden (see --update-golden)"
    keys = {_name(d) for d in docs}
    assert {p.name for p in GOLDEN.glob("*.md")} == keys, "stale golden files"


def _name(doc: Document) -> str:
    version = "" if doc.version == 1 else f".v{doc.version}"
    return f"{doc.key}{version}.{doc.locale}.md"


def test_registry_hashes_match_the_stored_files(session: Session) -> None:
    run_demo_cycle(session)
    docs = session.exec(select(Document)).all()
    assert docs
    for doc in docs:
        assert hashlib.sha256(doc.html_file.read_bytes()).hexdigest() == doc.sha256
        assert hashlib.sha256(doc.md_file.read_bytes()).hexdigest() == doc.md_sha256
        assert doc.template.endswith(".md.j2") and len(doc.template_sha256) == 64
        assert len(doc.data_sha256) == 64
    versions: dict[tuple[str, str], list[int]] = {}
    for doc in docs:
        versions.setdefault((doc.key, doc.locale), []).append(doc.version)
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in versions.values())


def test_demo_renumbers_a_pasal_named_in_both_rounds(session: Session) -> None:
    """The demo holds a round-1 input on a Pasal that version 2 renumbers, named in round 2 too."""
    from policy.models import ForumInput

    run_demo_cycle(session)
    rows = {i.number: i for i in session.exec(select(ForumInput))}
    first, second = rows[4], rows[33]  # F1 on version 1, F3 on version 2
    assert (first.section_ref, second.section_ref) == ("Pasal 15 ayat (2)", "Pasal 16 ayat (1)")
    assert first.section_sid and first.section_sid == second.section_sid


def test_a_receipt_shows_the_response_of_the_approved_version(session: Session) -> None:
    """A round-1 input was answered for version 2 (returned to the forums) and again for
    version 3 (approved): its receipt shows version 3's response only."""
    from policy.models import DraftVersion, Forum, ForumInput, InputResponse
    from policy.services import consultation, input_receipts, portal_common
    from policy.settings import get_settings

    run_demo_cycle(session)
    answers: dict[int, dict[int, InputResponse]] = {}
    for response, number in session.exec(
        select(InputResponse, DraftVersion.number).join(
            DraftVersion, DraftVersion.id == InputResponse.version_id
        )
    ):
        answers.setdefault(response.input_id, {})[number] = response
    twice = sorted(i for i, by in answers.items() if sorted(by) == [2, 3])
    assert twice, "the demo answers round-1 inputs for both versions"
    earlier = answers[twice[0]][2]  # make version 2's response tell itself apart
    earlier.response, earlier.disposition = "Tanggapan versi 2 yang dikembalikan.", "diterima"
    session.add(earlier)
    session.commit()
    item = session.get(ForumInput, twice[0])
    forum = session.get(Forum, item.forum_id) if item else None
    assert item is not None and forum is not None
    final = session.exec(select(DraftVersion).where(DraftVersion.number == 3)).one()
    code = input_receipts.receipt_code(
        get_settings().signing_key(), item.cycle_id, item.number, item.text_sha256
    )
    page = input_receipts.get_receipt(
        session=session, token=portal_common.ensure_token(session, forum), number=item.number,
        code=code,
    )  # fmt: skip
    outcome = answers[item.id or 0][3]
    assert page.outcome is not None and not page.awaiting and not page.stopped
    assert (page.outcome.version, page.outcome.approved_on) == (3, final.final_on)
    assert (page.outcome.response, page.outcome.disposition) == (
        outcome.response,
        outcome.disposition,
    )
    assert page.outcome.response != earlier.response
    # The forum page's summary counts the approved version's responses to the forum's inputs.
    summary = consultation.forum_page(
        session=session, token=portal_common.ensure_token(session, forum)
    )
    inputs = session.exec(select(ForumInput).where(ForumInput.forum_id == forum.id)).all()
    counted: dict[str, int] = {}
    for i in inputs:
        counted[answers[i.id or 0][3].disposition] = (
            counted.get(answers[i.id or 0][3].disposition, 0) + 1
        )
    assert {o.disposition: o.count for o in summary.outcomes} == counted
    assert (summary.inputs, summary.approved_version) == (len(inputs), 3)


def test_the_demo_s_private_sheet_opens_by_the_link_it_prints(
    session: Session, tmp_path: Path
) -> None:
    """`siklus demo` ends its objection with the objector's link, written as the command does."""
    from policy.services import sheet_links
    from siklus.demo import DEMO_PORTAL, sheet_link

    run_demo_cycle(session)
    link = sheet_link(session, tmp_path, "sawahlunto", "rahmi.oktavia")
    assert link.startswith(f"{DEMO_PORTAL}/lembar/")
    listed = (tmp_path / "tautan-lembar-2026-tw3.csv").read_text(encoding="utf-8-sig")
    assert listed.startswith("nip;nama;unit_kerja;tautan;berlaku_sampai") and link in listed
    sheet = sheet_links.open_sheet(session=session, token=link.rsplit("/", 1)[1]).decode()
    assert "Indra Marzuki" in sheet
