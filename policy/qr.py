"""QR codes as inline SVG (for the online survey's poster).

Layer: domain presentation helper, no IO. `segno` encodes; the SVG is made from our own
text only (a URL Siklus built), so it goes into a page as it is.
"""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, *, scale: int = 8) -> str:
    """`text` as a QR code (error correction M: readable when a corner is soiled), SVG."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, scale=scale, border=4,
              dark="#000", title="Kode QR survei")  # fmt: skip
    return out.getvalue().decode("ascii")
