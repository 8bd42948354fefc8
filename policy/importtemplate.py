"""Import templates: the columns of a kind's file as the officer who fills it in sees them.

Layer: domain rules, pure and without IO. `siklus template KIND FILE` writes a workbook or a
CSV header line from these descriptions. Everything comes from the format
(`policy.importformats`): the headers in their order, which are required, the other header
names accepted; and from each column's parser (`policy.importschema.accepts`): what a cell
holds in words, the closed set of values a drop-down list offers, and whether a spreadsheet
must keep the cell as text (NIP, codes, periods). An organisation's pack (`OrgValues`)
narrows the code columns to its own codes: units, indicators, 360 criteria and sources,
bonus codes; and offers its units' kinds of service (a list that warns, since an answer may
name another kind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from policy.errors import ServiceError
from policy.importformats import FORMATS
from policy.importschema import REQUIRED, Accepts, accepts, words
from policy.importtables import Column, TableFormat

__all__ = [
    "GUIDE_SHEET",
    "TEMPLATE_KINDS",
    "TEMPLATE_MARK",
    "TEMPLATE_ROWS",
    "TEXT_FORMAT",
    "OrgValues",
    "PACK_KINDS",
    "TemplateColumn",
    "guide_notes",
    "template_columns",
    "template_format",
]

#: The kinds with a template: those `siklus import` takes, and `indikator`, the file a
#: pack names as its `indicators_file` (read when the pack is loaded).
TEMPLATE_KINDS: Final = tuple(FORMATS)
#: The kinds read as part of the pack, not by `siklus import`.
PACK_KINDS: Final = frozenset({"indikator"})
#: The workbook's second sheet: what every column holds, and the drop-down lists.
GUIDE_SHEET: Final = "Petunjuk"
#: Rows under the header whose cells are formatted and offered the drop-down lists.
TEMPLATE_ROWS: Final = 10_000
#: The keywords a template workbook carries in its properties (Excel keeps them on saving):
#: its import warns of no other sheet for its guide sheet.
TEMPLATE_MARK: Final = "siklus template"
#: Excel's number format "Text": what is typed stays as typed (a NIP keeps its 18 digits).
TEXT_FORMAT: Final = "@"


@dataclass(frozen=True)
class OrgValues:
    """An organisation's codes, offered as drop-down lists (`siklus template --org`)."""

    organisation: str
    units: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()  # 360 criteria (aspek), of every criteria set
    sources: tuple[str, ...] = ()  # 360 rater sources the framework weighs
    bonus: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None  # the 360 scale, lowest and highest score
    periods: str = ""  # the periods the pack evaluates, in words ('per triwulan (…) dan …')
    services: tuple[str, ...] = ()  # the kinds of service the pack's units list
    partners: tuple[str, ...] = ()  # the survey partners (`evaluation.ikm.partners`)


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template, in the order of the format.

    `required`: the column must be in the file (its header is bold). `need` says it in
    words, with whether its cells may be empty. `values` is what a drop-down list offers
    (empty: any value); each of them is accepted by `parse`. `as_text`: the spreadsheet
    must keep the cell as text.
    """

    name: str
    required: bool
    need: str
    description: str
    values: tuple[str, ...]
    aliases: tuple[str, ...]
    as_text: bool
    parse: Callable[[str], Any] | None


def template_format(kind: str) -> TableFormat[Any]:
    """The format of a kind with a template (`TEMPLATE_KINDS`).

    Raises:
        ServiceError: the kind is not one of `TEMPLATE_KINDS`.
    """
    if kind not in TEMPLATE_KINDS:
        raise ServiceError(
            f"Jenis data '{kind}' tidak dikenal; pilih salah satu: {', '.join(TEMPLATE_KINDS)}."
        )
    return FORMATS[kind]


def template_columns(kind: str, org: OrgValues | None = None) -> tuple[TemplateColumn, ...]:
    """The columns of a kind's template; with `org`, its code columns list that pack's codes.

    Raises:
        ServiceError: the kind is not one of `TEMPLATE_KINDS`.
    """
    fmt = template_format(kind)
    return tuple(_column(kind, column, org) for column in fmt.columns)


def guide_notes(kind: str, org: OrgValues | None = None) -> tuple[str, ...]:
    """The sentences above the column guide: how the template is filled in and imported."""
    fmt = template_format(kind)
    texts = [c.name for c in template_columns(kind) if c.as_text]
    notes = [
        f"Isi {fmt.title} mulai baris 2 lembar '{kind}', satu baris per data; baris 1 "
        "adalah judul kolom dan jangan diubah. Kolom wajib (judul tebal) harus ada; kolom "
        "opsional boleh dikosongkan atau dihapus.",
    ]
    if texts:
        notes.append(
            f"Kolom {words(texts, 'dan')} berformat Teks agar Excel tidak mengubah isinya "
            "(NIP menjadi 1,97E+17, angka nol di depan kode hilang, tanggal 03/04/2026 dibaca "
            "4 Maret oleh Excel berbahasa Inggris); saat menyalin dari berkas "
            "lain, tempel dengan Paste Special > Values agar formatnya tetap."
        )
    notes.append(
        "Isian yang punya daftar pilihan dapat dipilih dari daftar di selnya; daftarnya ada "
        "di sebelah kanan tabel di bawah."
    )
    if org is not None:
        notes.append(f"Daftar kode diambil dari paket organisasi {org.organisation}.")
    if kind in PACK_KINDS:
        notes.append(
            "Berkas ini bagian dari paket organisasi: simpan di samping berkas paket, sebutkan "
            "di paket sebagai indicators_file: NAMA_BERKAS (menggantikan daftar indicators), "
            "lalu periksa dan muat paketnya: siklus pack validate PAKET, kemudian siklus pack "
            "load PAKET --as USERNAME."
        )
    else:
        notes.append(
            f"Periksa dulu, lalu impor: siklus import {kind} BERKAS --dry-run --as USERNAME, "
            f"kemudian siklus import {kind} BERKAS --as USERNAME."
        )
    return tuple(notes)


def _column(kind: str, column: Column, org: OrgValues | None) -> TemplateColumn:
    rule = accepts(column.parse)
    description, values = _narrowed(kind, column, rule, org)
    if column.empty is not REQUIRED and (label := _label(rule, column.empty)):
        description += f"; kosong = {label}"
    if column.empty is REQUIRED:
        need = "wajib"
    else:
        need = "wajib, sel boleh kosong" if column.required else "opsional"
    return TemplateColumn(
        name=column.name,
        required=column.required,
        need=need,
        description=description,
        values=values,
        aliases=column.aliases,
        as_text=rule.as_text,
        parse=column.parse,
    )


def _label(rule: Accepts, empty: Any) -> str:
    """How a choice spells the value of an empty cell ('' when it is no value of it)."""
    try:
        return rule.labels.get(empty, "")
    except TypeError:  # an unhashable empty value names no choice
        return ""


def _narrowed(
    kind: str, column: Column, rule: Accepts, org: OrgValues | None
) -> tuple[str, tuple[str, ...]]:
    """The column's description and drop-down values, narrowed to the pack's codes."""
    text, values = rule.text, rule.values
    if rule.others:
        text += f" (huruf besar/kecil bebas; juga diterima: {', '.join(rule.others)})"
    if org is None:
        return text, values
    name = org.organisation
    lists: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
        ("realisasi", "code"): (org.indicators, f"kode indikator paket {name}"),
        ("penilaian_360", "criterion"): (org.criteria, f"kode aspek penilaian 360 {name}"),
        ("bonus", "code"): (org.bonus, f"kode bonus kerangka penilaian {name}"),
        ("skm", "partner"): (
            org.partners,
            f"mitra survei {name} (evaluation.ikm.partners), kosong bila disurvei pemerintah "
            "daerah sendiri",
        ),
    }
    if column.field == "unit_code":
        codes, what = org.units, f"kode unit kerja yang terdaftar di {name}"
    else:
        codes, what = lists.get((kind, column.field), ((), ""))
    if codes:
        return f"{what}: pilih dari daftar", codes
    if column.field == "service_type" and org.services:
        return (
            f"jenis layanan yang tercantum bagi unit layanan {name} (units[].services): pilih "
            "dari daftar; jenis lain tetap diterima, dengan peringatan",
            org.services,
        )
    if (kind, column.field) == ("penilaian_360", "source") and org.sources:
        used = tuple(v for v in values if v in org.sources)
        return f"salah satu dari: {words(used)} (sumber yang dinilai di {name})", used
    if column.field == "period" and org.periods:
        return f"{text}; {name} mengevaluasi {org.periods}", values
    if (kind, column.field) == ("penilaian_360", "score") and org.scale is not None:
        low, high = org.scale
        return f"{text}; skala penilaian {name}: {low} sampai {high}", values
    return text, values
