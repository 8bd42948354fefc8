"""The national regulations an ASN performance management policy rests on.

Layer: domain data (read by `policy.services.needs_analysis` for BAB III and the Daftar
Pustaka of the Kajian Akademik, the needs analysis in the Naskah Akademik outline). Kept
here, not in templates, so that the list is written once and both languages cite the same
regulations.

Only regulations whose number, year, title and subject the domain reference (DOMAIN.md
§1, §2, §4, §6) establishes are listed, with one sentence on what each governs for this
policy, citing only provisions it marks High. Left out for that reason: UU 25/2009 on
public services and UU 23/2014 on regional government (not in the reference), Permendagri
80/2015 as amended by 120/2018 (its procedure is marked Unconfirmed), SE MenPANRB 3/2023 (a
circular, not a regulation) and PP 49/2018 (cited only for one article). A regulation is
cited in Indonesian in both languages, as its official name.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy.locale import Locale

_PERMENPANRB = "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"


@dataclass(frozen=True)
class LegalBasis:
    """A regulation as cited ("Undang-Undang Nomor 20 Tahun 2023 tentang …") and its role."""

    kind: str
    short: str
    number: int
    year: int
    title: str
    governs_id: str
    governs_en: str
    amended: str = ""

    def citation(self) -> str:
        """The regulation's full name, with its amendments as a Mengingat cites them."""
        name = f"{self.kind} Nomor {self.number} Tahun {self.year} tentang {self.title}"
        return f"{name} {self.amended}" if self.amended else name

    def governs(self, locale: Locale) -> str:
        """What it governs for the policy, in `locale`."""
        return self.governs_en if locale == "en" else self.governs_id


#: In the order of a Mengingat: by rank (UU, PP, Peraturan Menteri), then by year.
NATIONAL_BASES: tuple[LegalBasis, ...] = (
    LegalBasis(
        kind="Undang-Undang",
        short="UU 12/2011",
        number=12,
        year=2011,
        title="Pembentukan Peraturan Perundang-undangan",
        amended="sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 13 "
        "Tahun 2022 tentang Perubahan Kedua atas Undang-Undang Nomor 12 Tahun 2011 tentang "
        "Pembentukan Peraturan Perundang-undangan",
        governs_id="Mengatur pembentukan peraturan: sistematika Naskah Akademik (Lampiran I) "
        "yang diikuti kajian ini, kerangka dan teknik penyusunan rancangan (Lampiran II), dan "
        "hak masyarakat untuk didengar, dipertimbangkan masukannya, dan mendapat penjelasan "
        "(Pasal 96), yang dipenuhi melalui forum pemangku kepentingan.",
        governs_en="Governs how regulations are made: the Naskah Akademik outline (Lampiran I) "
        "this study follows, the structure and drafting technique of the draft (Lampiran II), "
        "and the public's right to be heard, to have its input considered and to be given an "
        "explanation (Pasal 96), met through the stakeholder forums.",
    ),
    LegalBasis(
        kind="Undang-Undang",
        short="UU 27/2022",
        number=27,
        year=2022,
        title="Pelindungan Data Pribadi",
        governs_id="Menjadikan pemerintah daerah pengendali data pribadi atas data kinerja "
        "pegawai dan data survei, dengan dasar pemrosesan kewajiban hukum dan tugas pelayanan "
        "publik (Pasal 20 ayat (2)), dan mewajibkan penilaian dampak pelindungan data pribadi "
        "bagi evaluasi dan penskoran yang sistematis seperti penilaian kinerja (Pasal 34).",
        governs_en="Makes the regional government the controller of employees' performance "
        "data and of survey data, processed as a legal obligation and a public-service task "
        "(Pasal 20(2)), and requires a data protection impact assessment for systematic "
        "evaluation and scoring such as performance appraisal (Pasal 34).",
    ),
    LegalBasis(
        kind="Undang-Undang",
        short="UU 20/2023",
        number=20,
        year=2023,
        title="Aparatur Sipil Negara",
        governs_id="Menetapkan nilai dasar ASN BerAKHLAK (Berorientasi Pelayanan, Akuntabel, "
        "Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif), yang menjadi ukuran perilaku kerja "
        "dalam penilaian kinerja pegawai.",
        governs_en="Sets the ASN core values, BerAKHLAK (service orientation, accountability, "
        "competence, harmony, loyalty, adaptability, collaboration), against which employees' "
        "work behaviour is appraised.",
    ),
    LegalBasis(
        kind="Peraturan Pemerintah",
        short="PP 30/2019",
        number=30,
        year=2019,
        title="Penilaian Kinerja Pegawai Negeri Sipil",
        governs_id="Mengatur penilaian kinerja Pegawai Negeri Sipil; berdasarkan Pasal 61 "
        "ayat (1)-nya pengelolaan kinerja PNS dijabarkan dalam Peraturan Menteri PANRB Nomor "
        "6 Tahun 2022.",
        governs_en="Governs the performance appraisal of civil servants (PNS); under its "
        "Pasal 61(1) their performance management is set out in PermenPANRB 6/2022.",
    ),
    LegalBasis(
        kind=_PERMENPANRB,
        short="PermenPANRB 14/2017",
        number=14,
        year=2017,
        title="Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
        governs_id="Mewajibkan setiap unit penyelenggara pelayanan publik melaksanakan Survei "
        "Kepuasan Masyarakat sekurang-kurangnya sekali setahun dan menetapkan unsur serta cara "
        "menghitung Indeks Kepuasan Masyarakat yang dipakai kajian ini.",
        governs_en="Requires every public-service unit to hold the Community Satisfaction "
        "Survey at least once a year and sets the elements and the way of computing the "
        "Community Satisfaction Index this study uses.",
    ),
    LegalBasis(
        kind=_PERMENPANRB,
        short="PermenPANRB 6/2022",
        number=6,
        year=2022,
        title="Pengelolaan Kinerja Pegawai Aparatur Sipil Negara",
        governs_id="Mengatur pengelolaan kinerja PNS dan PPPK dalam empat tahap (perencanaan "
        "kinerja; pelaksanaan, pemantauan, dan pembinaan kinerja; penilaian kinerja; tindak "
        "lanjut hasil evaluasi) dan predikat kinerja dari rating hasil kerja dan rating "
        "perilaku kerja.",
        governs_en="Governs the performance management of PNS and PPPK in four stages "
        "(planning; implementation, monitoring and coaching; appraisal; follow-up of the "
        "results) and the performance predikat from the work-result and behaviour ratings.",
    ),
)
