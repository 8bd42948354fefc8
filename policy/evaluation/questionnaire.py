"""The SKM questionnaire: one question per element, four answers scored 1–4 (DOMAIN.md §1.2).

Layer: domain, pure. The online survey of the portal asks these questions; the answers are
stored as an imported SKM response is (u1…u9, 1–4), so the IKM does not know how a
response arrived.

A question belongs to an element by the element's *name*, never by its code: sources
disagree whether u8 or u9 is the complaints element (DOMAIN.md R2), and a pack that
names u8 "Sarana dan Prasarana" gets the facilities question as u8. An element whose
name none of the standard questions knows is asked about by its name, with the
regulation's perception scale (tidak baik … sangat baik).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from policy.evaluation.ikm import ELEMENT_CODES, element_names_with


@dataclass(frozen=True)
class Question:
    """One element's question; `options[i]` is the answer scored `i + 1`."""

    code: str
    element: str
    text: str
    options: tuple[str, str, str, str]


@dataclass(frozen=True)
class _Standard:
    keywords: tuple[str, ...]
    text: str
    options: tuple[str, str, str, str]


#: The standard questions of the PermenPANRB 14/2017 instrument, found by a word of the
#: element's name. Complaints come before facilities: "saran" is in both names' words.
_STANDARD: tuple[_Standard, ...] = (
    _Standard(
        ("pengaduan",),
        "Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan "
        "pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),  # fmt: skip
    _Standard(
        ("persyaratan",),
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    _Standard(
        ("prosedur", "mekanisme"),
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    _Standard(
        ("waktu",),
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    _Standard(
        ("biaya", "tarif"),
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    _Standard(
        ("produk",),
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    _Standard(
        ("kompetensi",),
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    _Standard(
        ("perilaku",),
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),  # fmt: skip
    _Standard(
        ("sarana", "prasarana"),
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)

#: The regulation's perception scale (nilai persepsi 1–4), for an element of another name.
PERCEPTION: tuple[str, str, str, str] = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")


def _words(name: str) -> set[str]:
    return set("".join(c if c.isalpha() else " " for c in name.casefold()).split())


def question_for(code: str, name: str) -> Question:
    """The question asked for element `code` named `name`."""
    words = _words(name)
    for standard in _STANDARD:
        if words.intersection(standard.keywords):
            return Question(code, name, standard.text, standard.options)
    text = f"Bagaimana penilaian Saudara tentang {name.strip()} di unit layanan ini?"
    return Question(code, name, text, PERCEPTION)


def questionnaire(names: Mapping[str, str] | None = None) -> tuple[Question, ...]:
    """The nine questions, u1…u9, for the pack's element names (`evaluation.ikm.elements`)."""
    full = element_names_with(names)
    return tuple(question_for(code, full[code]) for code in ELEMENT_CODES)


# ------------------------------------------------------------------ respondent profile

#: Stored as the SKM import stores them (`jenis_kelamin` L/P), shown in words.
GENDERS: Mapping[str, str] = {"L": "Laki-laki", "P": "Perempuan"}
EDUCATION: tuple[str, ...] = ("SD", "SMP", "SMA/SMK", "D1-D3", "S1", "S2", "S3")
OCCUPATIONS: tuple[str, ...] = (
    "PNS/TNI/Polri",
    "Pegawai Swasta",
    "Wiraswasta",
    "Pelajar/Mahasiswa",
    "Ibu Rumah Tangga",
    "Petani/Nelayan",
    "Buruh",
    "Lainnya",
)
