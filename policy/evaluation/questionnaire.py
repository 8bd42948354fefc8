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
from policy.locale import Locale


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
    name_en: str
    text_en: str
    options_en: tuple[str, str, str, str]


_APPROPRIATE_EN = ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate")

#: The standard questions of the PermenPANRB 14/2017 instrument, found by a word of the
#: element's name, with their English (the portal's English page; the answers score the
#: same). Complaints come before facilities: "saran" is in both names' words.
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
        "Complaint handling",
        "What do you think of how complaints, suggestions and feedback from service users "
        "are handled?",
        ("None", "There is one, but it does not work", "It works, but not fully", "Well managed"),
    ),  # fmt: skip
    _Standard(
        ("persyaratan",),
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        "Requirements",
        "How well do the requirements of the service fit the kind of service?",
        _APPROPRIATE_EN,
    ),
    _Standard(
        ("prosedur", "mekanisme"),
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        "Procedure",
        "How easy did you find the service procedure at this unit?",
        ("Not easy", "Not very easy", "Easy", "Very easy"),
    ),
    _Standard(
        ("waktu",),
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        "Service time",
        "What do you think of how quickly the service was given?",
        ("Not fast", "Not very fast", "Fast", "Very fast"),
    ),
    _Standard(
        ("biaya", "tarif"),
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        "Cost or fee",
        "How fair is the cost or fee of the service?",
        ("Very expensive", "Rather expensive", "Cheap", "Free of charge"),
    ),
    _Standard(
        ("produk",),
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        "Service product",
        "How well does what you received match the product stated in the service standard?",
        _APPROPRIATE_EN,
    ),
    _Standard(
        ("kompetensi",),
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        "Staff competence",
        "What do you think of the competence and ability of the staff who served you?",
        ("Not competent", "Not very competent", "Competent", "Very competent"),
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
        "Staff conduct",
        "How courteous and friendly were the staff who served you?",
        (
            "Not courteous or friendly",
            "Not very courteous or friendly",
            "Courteous and friendly",
            "Very courteous and friendly",
        ),
    ),  # fmt: skip
    _Standard(
        ("sarana", "prasarana"),
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        "Facilities",
        "What do you think of the quality of the facilities?",
        ("Poor", "Fair", "Good", "Very good"),
    ),
)

#: The regulation's perception scale (nilai persepsi 1–4), for an element of another name.
PERCEPTION: tuple[str, str, str, str] = ("Tidak baik", "Kurang baik", "Baik", "Sangat baik")
PERCEPTION_EN: tuple[str, str, str, str] = ("Not good", "Not very good", "Good", "Very good")


def _words(name: str) -> set[str]:
    return set("".join(c if c.isalpha() else " " for c in name.casefold()).split())


def question_for(code: str, name: str, locale: Locale = "id") -> Question:
    """The question asked for element `code` named `name`, in `locale`.

    In English a standard element is named in English; another keeps the pack's name.
    """
    words = _words(name)
    for standard in _STANDARD:
        if words.intersection(standard.keywords):
            if locale == "en":
                return Question(code, standard.name_en, standard.text_en, standard.options_en)
            return Question(code, name, standard.text, standard.options)
    if locale == "en":
        text = f"How do you rate the {name.strip()} of this service unit?"
        return Question(code, name, text, PERCEPTION_EN)
    text = f"Bagaimana penilaian Saudara tentang {name.strip()} di unit layanan ini?"
    return Question(code, name, text, PERCEPTION)


def questionnaire(
    names: Mapping[str, str] | None = None, locale: Locale = "id"
) -> tuple[Question, ...]:
    """The nine questions, u1…u9, for the pack's element names (`evaluation.ikm.elements`)."""
    full = element_names_with(names)
    return tuple(question_for(code, full[code], locale) for code in ELEMENT_CODES)


# ------------------------------------------------------------------ respondent profile

#: Stored as the SKM import stores them (`jenis_kelamin` L/P), shown in words.
GENDERS: Mapping[str, str] = {"L": "Laki-laki", "P": "Perempuan"}
GENDERS_EN: Mapping[str, str] = {"L": "Male", "P": "Female"}
EDUCATION: tuple[str, ...] = ("SD", "SMP", "SMA/SMK", "D1-D3", "S1", "S2", "S3")
#: The English page names each level; the stored value stays the Indonesian one.
EDUCATION_EN: Mapping[str, str] = {
    "SD": "Primary school (SD)",
    "SMP": "Junior secondary school (SMP)",
    "SMA/SMK": "Senior secondary school (SMA/SMK)",
    "D1-D3": "Diploma (D1-D3)",
    "S1": "Bachelor's degree (S1)",
    "S2": "Master's degree (S2)",
    "S3": "Doctorate (S3)",
}
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
OCCUPATIONS_EN: Mapping[str, str] = {
    "PNS/TNI/Polri": "Civil servant, military or police (PNS/TNI/Polri)",
    "Pegawai Swasta": "Private-sector employee",
    "Wiraswasta": "Self-employed",
    "Pelajar/Mahasiswa": "Student",
    "Ibu Rumah Tangga": "Homemaker",
    "Petani/Nelayan": "Farmer or fisher",
    "Buruh": "Labourer",
    "Lainnya": "Other",
}
