"""The signatory: the name under a signature, and the title above it in English.

Layer: pure domain (used by `policy.orgconfig` to check `policy.signing` and
`policy.secretary`, and by the document filters `jabatan` and `kepala`). Packs write
titles in Indonesian; an English document writes the region's head and its secretary in
English (`title_en`: 'GUBERNUR LAMPUNG' -> 'GOVERNOR OF LAMPUNG', 'Sekretaris Daerah Kota
Sawahlunto' -> 'Regional Secretary of the City of Sawahlunto', 'Sekretaris Daerah' ->
'Regional Secretary'; `official_en` also after a name), and any other post (the head of a
unit, a section) as the pack writes it. A Camat keeps the word, as the English
'Camat Decree' does ('CAMAT OF CIPOCOK JAYA').

UU 12/2011 Lampiran II (penutup; DOMAIN.md §4.1): the signing block carries the office
and the full name in capitals, the name **without** gelar, pangkat, golongan or NIP
("FIKRI ZULHENDRA", never "Dr. H. Fikri Zulhendra, S.H., M.M.").

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


# ------------------------------------------------------------------- titles in English

_OFFICES = {"gubernur": "Governor", "wali kota": "Mayor", "walikota": "Mayor", "bupati": "Regent"}
_OFFICES_BY_FORM = {"Pergub": "Governor", "Perwali": "Mayor", "Perbup": "Regent"}
KINDS_EN = {
    "provinsi": "Province",
    "kota": "City",
    "kabupaten": "Regency",
    "kecamatan": "District",
    "distrik": "District",
}
"""A region kind ('Kota', 'kabupaten') in English: 'City', 'Regency'."""
# 'Pj.', 'Plt.' or 'Plh.' before the title: someone acting for the office holder.
_ACTING = r"^(?P<acting>(?:pj|plt|plh)\.?\s+)?"
_HEAD = re.compile(
    _ACTING + r"(?P<office>gubernur|wali\s*kota|bupati|camat)\s+(?P<region>\S.*)$",
    re.IGNORECASE,
)
_SECRETARY = re.compile(
    _ACTING + r"sekretaris\s+(?:daerah\s+(?P<kind>provinsi|kota|kabupaten)"
    r"|(?P<local>kecamatan|distrik))\s+(?P<region>\S.*)$",
    re.IGNORECASE,
)
# The region's secretary named by the post alone, as staff lists write it.
_REGIONAL_SECRETARY = re.compile(_ACTING + r"sekretaris\s+daerah$", re.IGNORECASE)


def office_en(head: str, legal_form: str = "") -> str:
    """The region head's office in English: 'Wali Kota' -> 'Mayor'; 'Camat' stays 'Camat'.

    A head the list does not hold is named after the legal form it signs ('Perbup' ->
    'Regent'), else as written.
    """
    text = " ".join(head.split())
    return _OFFICES.get(text.casefold()) or _OFFICES_BY_FORM.get(legal_form) or text


def title_en(title: str) -> str:
    """An official's title in English when it is the region's head or secretary.

    'GUBERNUR LAMPUNG' -> 'GOVERNOR OF LAMPUNG', 'Pj. Bupati Contoh' -> 'Acting Regent
    of Contoh', 'SEKRETARIS DAERAH PROVINSI LAMPUNG' -> 'REGIONAL SECRETARY OF THE
    PROVINCE OF LAMPUNG', 'Sekretaris Daerah' alone -> 'Regional Secretary', 'Sekretaris
    Kecamatan Gajahmungkur' -> 'Secretary of the District of Gajahmungkur'. Any other
    title is returned as written; capitals stay capitals.
    """
    text = " ".join(title.split())
    acting = ""
    if bare := _REGIONAL_SECRETARY.match(text):
        acting, english = bare["acting"], "Regional Secretary"
    elif head := _HEAD.match(text):
        acting, region = head["acting"], head["region"]
        english = f"{office_en(head['office'])} of {region}"
    elif secretary := _SECRETARY.match(text):
        acting, region = secretary["acting"], secretary["region"]
        kind = KINDS_EN[(secretary["kind"] or secretary["local"]).casefold()]
        prefix = "Regional Secretary" if secretary["kind"] else "Secretary"
        english = f"{prefix} of the {kind} of {region}"
    else:
        return title
    english = ("Acting " if acting else "") + english
    return english.upper() if text.isupper() else english


def official_en(text: str) -> str:
    """An official's title, or a name followed by it, with the title in English.

    'Sekretaris Daerah' -> 'Regional Secretary'; 'Drs. Syahrul Anwar, M.Si., Sekretaris
    Daerah' (a staff list's name and position, as the objection register writes who
    decides) -> 'Drs. Syahrul Anwar, M.Si., Regional Secretary'. Only what `title_en`
    knows is translated: the name, and any other post ('Andi Saputra, Kepala Dinas'),
    stay as written.
    """
    english = title_en(text)
    if english != text:
        return english
    name, comma, post = text.rpartition(",")
    if not comma or not name.strip():
        return text
    english = title_en(post.strip())
    return text if english == post.strip() else f"{name}, {english}"
