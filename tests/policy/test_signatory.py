"""The signatory's name in a pack: no gelar, pangkat, golongan or NIP (DOMAIN.md §4.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policy.packs import PackError, load_pack
from policy.signatory import name_problem, office_en, official_en, title_en
from tests.factories import MINI_PACK, write_pack


@pytest.mark.parametrize(
    "name",
    [
        "FIKRI ZULHENDRA",
        "Siti Aminah",
        "MOHAMMAD H. THAMRIN",  # an initial inside the name, not Haji
        "M H THAMRIN",
        "MUH. YAMIN",
        "A. RAHMAN",
        "SE HUANG",  # a name's first word is never taken for a degree
    ],
)
def test_bare_names_pass(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Hj. Nurhayati", "gelar 'Hj.'; tulis: 'NURHAYATI'"),
        (
            "Dr. H. Fikri Zulhendra, S.H., M.M.",
            "gelar 'Dr.', 'H.', 'S.H.', 'M.M.'; tulis: 'FIKRI ZULHENDRA'",
        ),
        ("Prof. Dr. Ir. Budi Santoso", "gelar 'Prof.', 'Dr.', 'Ir.'; tulis: 'BUDI SANTOSO'"),
        ("Drs. Ahmad Yani M.Si.", "gelar 'Drs.', 'M.Si.'; tulis: 'AHMAD YANI'"),
        ("Ahmad Fauzi S.E.", "gelar 'S.E.'; tulis: 'AHMAD FAUZI'"),
        ("AHMAD YANI SH MH", "gelar 'SH', 'MH'; tulis: 'AHMAD YANI'"),
        ("Rina Marlina MSi", "gelar 'MSi'; tulis: 'RINA MARLINA'"),
        ("Drs. Budi SE", "gelar 'Drs.', 'SE'; tulis: 'BUDI'"),
        ("Rina Oktavia, S.Sos., M.Pd.", "gelar 'S.Sos.', 'M.Pd.'; tulis: 'RINA OKTAVIA'"),
        ("Budi Santoso Pembina Utama Muda IV/c", "pangkat/golongan 'Pembina', 'IV/c'"),
        ("Budi Santoso NIP 198001012005011001", "NIP 'NIP', '198001012005011001'"),
    ],
)
def test_titles_pangkat_and_nip_are_named(name: str, found: str) -> None:
    assert name_problem(name) == (
        "nama penandatangan ditulis tanpa gelar, pangkat, golongan atau NIP "
        f"(UU 12/2011 Lampiran II); ditemukan {found}"
    )


def test_a_pack_signing_with_gelar_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    data = yaml.safe_load(yaml.safe_dump(MINI_PACK))
    data["policy"]["signing"]["name"] = "Dr. H. Ahmad Fauzi, S.H., M.M."
    data["policy"]["secretary"] = {"title": "SEKRETARIS DAERAH KOTA CONTOH", "name": "Hj. Rina"}
    path = write_pack(tmp_path, data)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    signing = next(i for i, ln in enumerate(lines, 1) if "Ahmad Fauzi, S.H." in ln)
    secretary = next(i for i, ln in enumerate(lines, 1) if "Hj. Rina" in ln)
    column = lines[signing - 1].index("Dr.") + 1
    expected = [
        (
            signing,
            f"{path}:{signing}:{column}: policy.signing.name: nama penandatangan ditulis tanpa "
            "gelar, pangkat, golongan atau NIP (UU 12/2011 Lampiran II); ditemukan gelar 'Dr.', "
            "'H.', 'S.H.', 'M.M.'; tulis: 'AHMAD FAUZI'",
        ),
        (
            secretary,
            f"{path}:{secretary}:{lines[secretary - 1].index('Hj.') + 1}: policy.secretary.name: "
            "nama penandatangan ditulis tanpa gelar, pangkat, golongan atau NIP (UU 12/2011 "
            "Lampiran II); ditemukan gelar 'Hj.'; tulis: 'RINA'",
        ),
    ]
    assert str(caught.value).splitlines() == [text for _line, text in sorted(expected)]


# ------------------------------------------------------------------- titles in English


@pytest.mark.parametrize(
    ("title", "english"),
    [
        ("GUBERNUR LAMPUNG", "GOVERNOR OF LAMPUNG"),
        ("WALI KOTA SAWAHLUNTO", "MAYOR OF SAWAHLUNTO"),
        ("Walikota Sorong", "Mayor of Sorong"),
        ("BUPATI CONTOH RAYA", "REGENT OF CONTOH RAYA"),
        ("Pj. Bupati Contoh Raya", "Acting Regent of Contoh Raya"),
        ("CAMAT CIPOCOK JAYA", "CAMAT OF CIPOCOK JAYA"),  # as the English 'Camat Decree'
        ("SEKRETARIS DAERAH PROVINSI LAMPUNG", "REGIONAL SECRETARY OF THE PROVINCE OF LAMPUNG"),
        ("Sekretaris Daerah Kota Sawahlunto", "Regional Secretary of the City of Sawahlunto"),
        ("SEKRETARIS  DAERAH KABUPATEN CONTOH", "REGIONAL SECRETARY OF THE REGENCY OF CONTOH"),
        ("Sekretaris Kecamatan Gajahmungkur", "Secretary of the District of Gajahmungkur"),
        # A post in a unit is written as the pack writes it.
        ("Kepala Seksi Pemerintahan", "Kepala Seksi Pemerintahan"),
        (
            "Kepala Bagian Organisasi, Sekretariat Daerah",
            "Kepala Bagian Organisasi, Sekretariat Daerah",
        ),
        ("SEKRETARIS DAERAH", "REGIONAL SECRETARY"),
        ("Plt. Sekretaris Daerah", "Acting Regional Secretary"),
        ("Bupati", "Bupati"),
    ],
)
def test_titles_in_english(title: str, english: str) -> None:
    assert title_en(title) == english


def test_the_head_s_office_in_english() -> None:
    assert [office_en(h, f) for h, f in [("Wali Kota", "Perwali"), ("Gubernur", ""),
            ("Bupati", "Perbup"), ("Camat", "Keputusan"), ("Kepala", "Pergub")]] == [
        "Mayor", "Governor", "Regent", "Camat", "Governor"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Sekretaris Daerah", "Regional Secretary"),
        ("Drs. Syahrul Anwar, M.Si., Sekretaris Daerah",
         "Drs. Syahrul Anwar, M.Si., Regional Secretary"),
        ("Budi, Sekretaris Daerah Kota Contoh", "Budi, Regional Secretary of the City of Contoh"),
        # A unit's post, a name alone, and a name with gelar only stay as written.
        ("Andi Saputra, Kepala Dinas", "Andi Saputra, Kepala Dinas"),
        ("Kepala Dinas Kesehatan", "Kepala Dinas Kesehatan"),
        ("Drs. Syahrul Anwar, M.Si.", "Drs. Syahrul Anwar, M.Si."),
        (", Sekretaris Daerah", ", Sekretaris Daerah"),
    ],
)  # fmt: skip
def test_an_official_after_a_name_in_english(text: str, english: str) -> None:
    assert official_en(text) == english
