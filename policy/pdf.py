"""A registered document as PDF: its stored HTML laid out by Chromium's print engine.

Layer: domain presentation helper around an external program (no Prefect, no CLI, no
web). The HTML in the documents folder is the document of record: the registry holds its
sha256, and only a file that still matches is converted. The PDF is a copy of it for
sending and for an electronic signature (TTE), made on request and not registered:
Chromium stamps each PDF with the time it made it, so two PDFs of one document differ in
bytes while their pages are the same. Each document carries its print stylesheet (A4,
the margins of the official layout, landscape where the document is wide), the one the
print-width tests measure in Chromium, so the PDF's pages are those a browser prints.

Chromium is looked for as `SIKLUS_CHROMIUM`, then as `chromium`, `chromium-browser`,
`google-chrome` or `google-chrome-stable` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from policy.errors import ServiceError
from policy.settings import get_settings

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds one document may take; a province's Laporan takes about two.
TIMEOUT = 120


def chromium() -> str:
    """The Chromium program to print with.

    Raises:
        ServiceError: none is configured or found, with how to get one.
    """
    configured = get_settings().chromium.strip()
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ServiceError(
                f"SIKLUS_CHROMIUM menunjuk '{configured}', yang tidak ada atau tidak dapat "
                "dijalankan; tulis jalur lengkap programnya, mis. /usr/bin/chromium."
            )
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise ServiceError(
        "PDF dibuat dengan Chromium, yang tidak ditemukan di mesin ini. Pasang Chromium "
        "(Debian/Ubuntu: apt-get install chromium) atau tunjuk programnya dengan "
        "SIKLUS_CHROMIUM. Tanpa Chromium: buka berkas HTML dokumen di peramban lalu cetak "
        "ke PDF (Ctrl+P); tata letaknya sama."
    )


def available() -> bool:
    """Whether this machine can print PDFs (a Chromium is configured or found)."""
    try:
        chromium()
    except ServiceError:
        return False
    return True


def pdf_name(html_path: str) -> str:
    """The PDF's file name: the stored HTML's, with `.pdf`."""
    return Path(html_path).with_suffix(".pdf").name


def html_to_pdf(html: bytes, *, program: str | None = None) -> bytes:
    """The PDF of one stored document's HTML, as Chromium prints it.

    Raises:
        ServiceError: Chromium is missing, fails, takes too long, or writes no PDF.
    """
    exe = program or chromium()
    with tempfile.TemporaryDirectory(prefix="siklus-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "dokumen.html"
        page.write_bytes(html)
        out = folder / "dokumen.pdf"
        command = [
            exe,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'profil'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root otherwise
        try:
            done = subprocess.run(  # noqa: S603 - our own arguments, no shell
                command, capture_output=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ServiceError(
                f"Chromium tidak selesai membuat PDF dalam {TIMEOUT} detik; coba lagi."
            ) from exc
        except OSError as exc:
            raise ServiceError(f"Chromium ({exe}) tidak dapat dijalankan: {exc}.") from exc
        pdf = out.read_bytes() if out.is_file() else b""
        if not pdf.startswith(b"%PDF-"):
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            last = said[-1] if said else f"kode keluar {done.returncode}"
            raise ServiceError(f"Chromium tidak menghasilkan PDF ({last}).")
        return pdf
