"""`siklus docs pdf`: a registered document as PDF through Chromium's print engine.

The conversions run real Chromium (skipped with the reason where it is missing; `.ci/run`
installs it); the refusals need none.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import select

from policy.db import session_scope
from policy.models import Document
from policy.pdf import chromium
from policy.settings import Settings, get_settings
from tests.factories import run_demo_cycle
from tests.siklus.test_cli import run

HAVE_CHROMIUM = any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))
needs_chromium = pytest.mark.skipif(
    not HAVE_CHROMIUM, reason="Chromium is not installed (apt-get install chromium)"
)
_BOX = re.compile(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, from the PDF's page objects."""
    return [(float(w), float(h)) for w, h in _BOX.findall(pdf)]


def _title(pdf: bytes) -> str:
    """The PDF's document title (Chromium writes the page's <title>)."""
    hexa = re.search(rb"/Title <FEFF([0-9A-Fa-f]+)>", pdf)
    if hexa:
        return bytes.fromhex(hexa.group(1).decode()).decode("utf-16-be")
    plain = re.search(rb"/Title \((.*?)\)", pdf)
    assert plain, "the PDF has no title"
    return plain.group(1).decode("latin-1")


@dataclass(frozen=True)
class Doc:
    id: int
    key: str
    title: str
    html_path: str


@pytest.fixture
def documents(settings: Settings) -> dict[str, Doc]:
    """The demo cycle's documents by key (latest version, Indonesian), in the CLI's database."""
    with session_scope() as s:
        run_demo_cycle(s)
        rows = s.exec(select(Document).where(Document.locale == "id")).all()
        return {d.key: Doc(d.id or 0, d.key, d.title, str(d.html_file)) for d in rows}


@needs_chromium
def test_a_portrait_and_a_landscape_document_print_on_a4(
    documents: dict[str, Doc], tmp_path: Path
) -> None:
    laporan = next(d for k, d in documents.items() if k.startswith("laporan-evaluasi"))
    rekomendasi = next(d for k, d in documents.items() if k.startswith("rekomendasi"))
    code, out = run("docs", "pdf", str(laporan.id), str(rekomendasi.id), "--out", str(tmp_path))
    assert code == 0, out
    for doc, short in ((laporan, "portrait"), (rekomendasi, "landscape")):
        target = tmp_path / Path(doc.html_path).with_suffix(".pdf").name
        assert f"#{doc.id} {doc.title}: {target}" in " ".join(out.split())
        pdf = target.read_bytes()
        assert pdf.startswith(b"%PDF-")
        pages = _pages(pdf)
        assert pages, "no page"
        a4 = {(round(w), round(h)) for w, h in pages}
        assert a4 == ({(595, 842)} if short == "portrait" else {(842, 595)}), (doc.key, a4)
        assert doc.title in _title(pdf)
    assert (
        len(_pages((tmp_path / Path(laporan.html_path).with_suffix(".pdf").name).read_bytes())) > 1
    )


@needs_chromium
def test_one_document_to_a_named_file(documents: dict[str, Doc], tmp_path: Path) -> None:
    peraturan = documents["peraturan"]  # the enacted Perwali, in its official layout
    target = tmp_path / "kirim" / "perwali.pdf"
    code, out = run("docs", "pdf", str(peraturan.id), "--out", str(target))
    assert code == 0, out
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["perwali.pdf"]  # nothing half-written
    assert {(round(w), round(h)) for w, h in _pages(target.read_bytes())} == {(595, 842)}


def test_a_changed_file_is_not_printed(documents: dict[str, Doc], tmp_path: Path) -> None:
    doc = next(iter(documents.values()))
    Path(doc.html_path).write_text("<p>diubah</p>", encoding="utf-8")
    code, out = run("docs", "pdf", str(doc.id), "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "berbeda dari yang didaftarkan (sha256 tidak cocok)" in out
    assert not (tmp_path / "x.pdf").exists()


def test_refusals_say_what_to_do(
    documents: dict[str, Doc], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [str(d.id) for d in list(documents.values())[:2]]
    code, out = run("docs", "pdf", *ids, "--out", str(tmp_path / "satu.pdf"))
    assert code == 1 and "tulis sebuah folder" in out
    code, out = run("docs", "pdf", "99999")
    assert code == 1 and "Dokumen nomor 99999 tidak ditemukan" in out

    monkeypatch.setenv("PATH", str(tmp_path))  # no Chromium anywhere
    get_settings.cache_clear()
    with pytest.raises(Exception, match="apt-get install chromium"):
        chromium()
    code, out = run("docs", "pdf", ids[0], "--out", str(tmp_path / "a.pdf"))
    assert code == 1 and "Pasang Chromium" in out and not (tmp_path / "a.pdf").exists()

    monkeypatch.setenv("SIKLUS_CHROMIUM", "/tidak/ada/chromium")
    get_settings.cache_clear()
    code, out = run("docs", "pdf", ids[0])
    assert code == 1 and "SIKLUS_CHROMIUM menunjuk '/tidak/ada/chromium'" in " ".join(out.split())


@needs_chromium
def test_the_documents_a_filter_chooses(documents: dict[str, Doc], tmp_path: Path) -> None:
    sheets = sorted(d.key for d in documents.values() if d.key.startswith("lembar-unit-"))
    assert sheets, "the demo publishes unit sheets"
    period = sheets[0].rsplit("-", 2)[-2:]  # lembar-unit-<unit>-2026-tw3
    code, out = run(
        "docs", "pdf", "--period", "-".join(period).upper(), "--cari", "lembar-unit",
        "--locale", "id", "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0, out
    chosen = [k for k in sheets if k.endswith("-".join(period))]
    made = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(made) == len(chosen) and f"{len(chosen)} PDF ditulis." in out
    assert all(p.read_bytes().startswith(b"%PDF-") for p in tmp_path.glob("*.pdf"))


def test_numbers_or_a_filter_not_both(documents: dict[str, Doc], tmp_path: Path) -> None:
    some = str(next(iter(documents.values())).id)
    code, out = run("docs", "pdf", some, "--cari", "lembar")
    assert code == 1 and "tidak keduanya" in out
    code, out = run("docs", "pdf")
    assert code == 1 and "Sebutkan nomor dokumen" in out
    code, out = run("docs", "pdf", "--cari", "tidak-ada-dokumen-seperti-ini")
    assert code == 1 and "Tidak ada dokumen yang cocok" in out
    code, out = run("docs", "pdf", "--cari", "lembar", "--locale", "fr")
    assert code == 1 and "--locale harus id atau en" in out


@needs_chromium
def test_a_regulation_set_on_f4_prints_on_f4() -> None:
    """F4 is 215 × 330 mm: 609,4 × 935,4 points; Chromium prints the page shell's size."""
    from datetime import date

    from policy.documents import DocHeader, View, render_page
    from policy.pdf import html_to_pdf

    header = DocHeader(organisation="Pemerintah Kota Contoh", region="Contoh",
                       title="Rancangan Peraturan Wali Kota", cycle=1, date=date(2026, 4, 6),
                       layout="perwali", paper="F4")  # fmt: skip
    html = render_page(View(header=header), "<h1>PERATURAN</h1><p>Pasal 1</p>", "id", "uji")
    pdf = html_to_pdf(html.encode("utf-8"))
    assert {(round(w), round(h)) for w, h in _pages(pdf)} == {(609, 935)}
