"""The choice lists of the import formats: `choice`, `spellings` and the closed sets they make.

Layer: domain rules, pure and without IO. A `choice` parser maps each spelling an officer may
write (any case; spaces, '-' and '_' alike) to one value and refuses any other with the
spellings to use. It is described (`policy.importschema.describe`) with its values, each
value's first spelling and the other spellings, so `siklus template` offers the values as a
drop-down list. Here are the choices of the models' enums (jenis ASN, rating, capaian
organisasi, a response's status, a milestone's status), of attendance, an indicator's
direction and decimals, and the unit kinds (`policy.orgconfig.UNIT_KINDS`).
`policy.importformats`, `policy.importcycle` and `policy.importcells` declare columns with
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, TypeVar

from policy.importschema import describe, words
from policy.models import AsnType, CapaianOrganisasi, Disposition, MilestoneStatus, Rating
from policy.orgconfig import UNIT_KINDS

E = TypeVar("E", bound=Enum)
Direction = Literal["higher", "lower"]

_WORD_SEP = re.compile(r"[\s_\-]+")


def _key(text: str) -> str:
    return _WORD_SEP.sub(" ", text.strip().lower())


def choice(what: str, hint: str, table: dict[str, Any]) -> Callable[[str], Any]:
    """A parser mapping spellings (any case; spaces, '-' and '_' alike) to a value."""
    lookup = {_key(k): v for k, v in table.items()}
    labels: dict[Any, str] = {}  # each value under its first spelling
    for spelling, value in table.items():
        labels.setdefault(value, spelling)

    def parse(text: str) -> Any:
        try:
            return lookup[_key(text)]
        except KeyError:
            raise ValueError(f"{what} '{text}' tidak dikenal; isi dengan {hint}") from None

    values = tuple(labels.values())
    others = tuple(spelling for spelling in table if spelling not in values)
    text = f"salah satu dari: {words(values)}"
    return describe(parse, text, values=values, others=others, labels=labels)


def spellings(enum: type[E], others: dict[E, tuple[str, ...]]) -> dict[str, E]:
    """Every member of `enum` under its value, plus the other spellings given, for `choice`."""
    table = {member.value: member for member in enum}
    table.update({word: member for member, words in others.items() for word in words})
    return table


_YES = ("ya", "y", "hadir", "1", "true", "yes", "x", "v", "\u2713", "\u221a", "benar")
_NO = ("tidak", "t", "tidak hadir", "0", "false", "no", "n", "absen", "salah")
parse_bool = choice(
    "isian hadir",
    "ya/tidak, y/t, hadir/tidak hadir, 1/0 atau x",
    {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)},
)
parse_asn_type = choice(
    "jenis ASN",
    "PNS, PPPK atau PPPK Paruh Waktu",
    spellings(AsnType, {AsnType.PPPK_PARUH_WAKTU: ("pppk pw", "paruh waktu")}),
)
parse_rating = choice(
    "rating",
    "di atas ekspektasi, sesuai ekspektasi atau di bawah ekspektasi",
    spellings(
        Rating,
        {
            Rating.DI_ATAS: (
                "di atas",
                "diatas",
                "diatas ekspektasi",
                "above",
                "above expectation",
                "above expectations",
            ),
            Rating.SESUAI: ("sesuai", "meets", "meets expectation", "meets expectations"),
            Rating.DI_BAWAH: (
                "di bawah",
                "dibawah",
                "dibawah ekspektasi",
                "below",
                "below expectation",
                "below expectations",
            ),
        },
    ),
)
parse_capaian = choice(
    "capaian kinerja organisasi",
    "Istimewa, Baik, Butuh Perbaikan (atau Cukup), Kurang atau Sangat Kurang",
    spellings(
        CapaianOrganisasi,
        {
            CapaianOrganisasi.BUTUH_PERBAIKAN: (
                "cukup",
                "butuh perbaikan (cukup)",
                "butuh perbaikan/cukup",
            ),
        },
    ),
)
parse_disposition = choice(
    "status tanggapan",
    "diterima, diterima sebagian, tidak diterima atau di luar lingkup",
    spellings(
        Disposition,
        {
            Disposition.DITERIMA: ("diakomodasi", "accepted"),
            Disposition.DITERIMA_SEBAGIAN: ("diakomodasi sebagian", "partially accepted"),
            Disposition.TIDAK_DITERIMA: ("tidak diakomodasi", "ditolak", "rejected"),
            Disposition.DI_LUAR_LINGKUP: ("diluar lingkup", "out of scope"),
        },
    ),
)
parse_milestone_status = choice(
    "status",
    "belum, proses atau selesai",
    spellings(
        MilestoneStatus,
        {
            MilestoneStatus.BELUM: ("belum mulai", "belum dimulai", "not started"),
            MilestoneStatus.PROSES: ("dalam proses", "berjalan", "on progress", "in progress"),
            MilestoneStatus.SELESAI: ("sudah selesai", "done", "completed", "complete"),
        },
    ),
)
parse_direction: Callable[[str], Direction] = choice(
    "arah",
    "tinggi/naik (semakin tinggi semakin baik) atau rendah/turun",
    {
        **dict.fromkeys(("tinggi", "naik", "higher", "lebih tinggi", "meningkat"), "higher"),
        **dict.fromkeys(("rendah", "turun", "lower", "lebih rendah", "menurun"), "lower"),
    },
)
parse_decimals: Callable[[str], int] = choice(
    "desimal",
    "0, 1, 2, 3 atau 4 (0 untuk hitungan orang atau dokumen)",
    {str(n): n for n in range(5)},
)


def parse_unit_kind(text: str) -> str:
    """A unit kind from `policy.orgconfig.UNIT_KINDS`, in lower case."""
    kind = _key(text)
    if kind not in UNIT_KINDS:
        raise ValueError(f"jenis unit '{text}' tidak dikenal; pilih: {', '.join(UNIT_KINDS)}")
    return kind


describe(parse_unit_kind, f"salah satu dari: {words(UNIT_KINDS)}", values=UNIT_KINDS)
