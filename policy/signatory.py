"""The name under a regulation's signature: without gelar, pangkat, golongan or NIP.

Layer: pure domain (used by `policy.packschema` to check `policy.signing` and
`policy.secretary`). UU 12/2011 Lampiran II (penutup; DOMAIN.md §4.1): the signing
block carries the office and the full name in capitals, the name **without** gelar,
pangkat, golongan or NIP ("FIKRI ZULHENDRA", never "Dr. H. Fikri Zulhendra, S.H., M.M.").

What is recognised, so that a real name is not refused for looking like one:

- academic and religious titles before the name (`Prof.`, `Dr.`, `dr.`, `drg.`, `Ir.`,
  `Drs.`, `Dra.`, `H.`, `Hj.`, `KH.`): only at the start, so the initial in
  "MOHAMMAD H. THAMRIN" stays a name;
- anything after a comma (names hold no comma: ", S.H., M.M." is a gelar) and any word
  with a period inside it (`S.H.`, `M.Si.`, `S.Sos.`, `Ph.D.`, `A.Md.`);
- degrees written without their periods at the end of the name ("AHMAD YANI SH MH",
  "Budi SE", "Rina MSi"): a closed list of the common ones, and only after the name's
  first word, so a name is never taken for a degree;
- the ASN pangkat words (Pembina, Penata, Pengatur, Juru), a golongan ("IV/c"), a few
  TNI/Polri ranks and "(Purn.)";
- "NIP" or a run of eight digits or more.
"""

from __future__ import annotations

import re

_PREFIXES = frozenset({"prof", "dr", "drg", "ir", "drs", "dra", "h", "hj", "kh", "k.h"})
_DOTTED = re.compile(r"^[A-Za-z]{1,4}\.[A-Za-z]{1,5}\.?(?:[A-Za-z]{1,5}\.?)?$")
# Degrees as they are often typed without periods (S.H. -> SH), compared without case.
_UNDOTTED = frozenset(
    "sh mh mm se me st mt ssos msi spd mpd skom mkom sip map ss skm mkes sag mag shi sstp "
    "ssi msc phd mba amd skep sfarm apt spsi mpsi stp sp mp".split()
)
_PANGKAT = re.compile(
    r"\b(pembina|penata|pengatur|juru|kolonel|letkol|mayor|brigjen|mayjen|letjen|jenderal|"
    r"kombes|akbp|purn\.?)(?!\w)",
    re.IGNORECASE,
)
_GOLONGAN = re.compile(r"\b(?:I|II|III|IV)\s*/\s*[a-e]\b", re.IGNORECASE)
_NIP = re.compile(r"\bNIP\b|\d{8,}", re.IGNORECASE)


def _quoted(items: list[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


def name_problem(name: str) -> str | None:
    """Why `name` cannot stand under a signature (in Indonesian), or None when it can."""
    found: list[str] = []
    main, comma, after = name.partition(",")
    tokens = main.split()
    gelar: list[str] = []
    while tokens and tokens[0].rstrip(".").lower() in _PREFIXES:
        if not tokens[0].endswith(".") and tokens[0].lower() in ("h", "dr"):
            break  # "H" or "DR" without its period: an initial, not a title
        gelar.append(tokens.pop(0))
    gelar += [t for t in tokens if _DOTTED.match(t)]
    tokens = [t for t in tokens if not _DOTTED.match(t)]
    trailing: list[str] = []
    while len(tokens) > 1 and tokens[-1].lower() in _UNDOTTED:
        trailing.insert(0, tokens.pop())
    gelar += trailing
    if comma:
        gelar += [g.strip() for g in after.split(",") if g.strip()]
    if gelar:
        found.append(f"gelar {_quoted(gelar)}")
    if pangkat := [m.group(0) for m in _PANGKAT.finditer(name)] + _GOLONGAN.findall(name):
        found.append(f"pangkat/golongan {_quoted(pangkat)}")
    if nip := _NIP.findall(name):
        found.append(f"NIP {_quoted(nip)}")
    if not found:
        return None
    message = (
        f"nama penandatangan ditulis tanpa gelar, pangkat, golongan atau NIP (UU 12/2011 "
        f"Lampiran II); ditemukan {'; '.join(found)}"
    )
    if gelar and len(found) == 1 and tokens:
        message += f"; tulis: '{' '.join(tokens).upper()}'"
    return message
