"""360 imports against the ratings already stored: one rater, one source per employee and period.

A file replaces, per (period, source, employee), the ratings earlier files stored; the other
sources stay. So a rater of the new file may already be stored under another source of the
same employee: such a file is refused, each of its lines named, and nothing is written.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from policy import readahead
from policy.imports import ImportFileError
from policy.models import ImportRecord, Rating360
from policy.services import import_batches
from policy.services.imports import import_file
from policy.settings import get_settings
from tests.factories import MINI_PACK, make_org, write_file

KADIS = "196608011988031001"
DEWI = "197503152000122002"
EKO = "198001012005011003"
FAJAR = "198512202010011004"
GITA = "199009132025242014"
OUTSIDE = "196512121990031001"  # a rater who is no employee here
HEADER = "periode;nip;sumber;penilai;aspek;nilai"
PEGAWAI = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{KADIS};Andi Saputra;PNS;Kepala Dinas;DUKCAPIL;;
{DEWI};Dewi Lestari;PNS;Analis;DUKCAPIL;{KADIS};
{EKO};Eko Prasetyo;PNS;Pranata Komputer;DUKCAPIL;{KADIS};
{FAJAR};Fajar Nugroho;PNS;Pengadministrasi;DUKCAPIL;{KADIS};
{GITA};Gita Permata;PPPK;Operator Layanan;DUKCAPIL;{KADIS};
"""


@pytest.fixture(autouse=True, params=["inline", "process"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read in this process and in a read-ahead helper; written in batches of two rows."""
    if request.param == "process" and not readahead.available():
        pytest.skip("reading ahead needs Linux, fork and two cores")
    monkeypatch.setenv("SIKLUS_IMPORT_READER", request.param)
    get_settings.cache_clear()
    monkeypatch.setattr(import_batches, "BATCH", 2)
    return str(request.param)


@pytest.fixture
def org(session: Session, tmp_path: Path) -> str:
    data: dict[str, Any] = copy.deepcopy(MINI_PACK)
    data["evaluation"] = {
        "framework": "weighted_360",
        "weighted_360": {
            "scale_min": 1,
            "scale_max": 5,
            "sources": {"atasan": "0.5", "rekan": "0.3", "masyarakat": "0.2", "diri": 0},
            "criteria": [
                {"code": "disiplin", "name": "Disiplin", "weight": "0.5"},
                {"code": "kompetensi", "name": "Kompetensi", "weight": "0.5"},
            ],
        },
    }
    code = make_org(session, tmp_path, data)
    load(session, tmp_path, code, "pegawai", "pegawai.csv", PEGAWAI)
    return code


def load(session: Session, folder: Path, org: str, kind: str, name: str, text: str) -> Any:
    path = write_file(folder, name, text)
    return import_file(session=session, organisation=org, kind=kind, path=path, actor="rina")


def ratings(*rows: tuple[str, str, str]) -> str:
    """(employee, source, rater) rows, each on both criteria, for 2026-TW3."""
    lines = [HEADER]
    for nip, source, rater in rows:
        lines += [f"2026-TW3;{nip};{source};{rater};{c};4" for c in ("disiplin", "kompetensi")]
    return "\n".join(lines) + "\n"


def stored(session: Session) -> list[tuple[str, str, str]]:
    found = session.exec(
        select(Rating360.nip, Rating360.source, Rating360.rater)
        .distinct()
        .order_by(col(Rating360.nip), col(Rating360.source), col(Rating360.rater))
    )
    return list(found)


def test_a_peer_already_stored_as_the_supervisor_is_refused(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, org, "penilaian_360", "atasan.csv", ratings((DEWI, "atasan", KADIS)))
    before = stored(session)
    peers = ratings((DEWI, "rekan", EKO), (DEWI, "rekan", FAJAR), (DEWI, "rekan", KADIS))
    with pytest.raises(ImportFileError) as info:
        load(session, tmp_path, org, "penilaian_360", "rekan.csv", peers)
    message = (
        f"penilai {KADIS} sudah tersimpan sebagai sumber atasan bagi NIP {DEWI} periode "
        "2026-TW3 (berkas 'atasan.csv'), di sini sebagai rekan; seorang penilai hanya boleh "
        "satu sumber bagi pegawai yang sama dalam satu periode. Perbaiki sumbernya, atau "
        "sertakan penilaian sumber atasan pegawai ini dalam berkas (berkas baru "
        "menggantikannya)"
    )
    assert info.value.filename == "rekan.csv"
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [
        (6, "sumber", message),
        (7, "sumber", message),
    ]
    # Nothing of the refused file: the peers written before the check are taken back.
    assert stored(session) == before == [(DEWI, "atasan", KADIS)]
    files = session.exec(select(ImportRecord.filename).where(ImportRecord.kind == "penilaian_360"))
    assert list(files) == ["atasan.csv"]


def test_the_column_is_named_as_the_file_names_it(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, org, "penilaian_360", "diri.csv", ratings((DEWI, "rekan", EKO)))
    english = ratings((DEWI, "atasan", EKO)).replace(
        HEADER, "period;nip;source;rater;criterion;score"
    )
    with pytest.raises(ImportFileError) as info:
        load(session, tmp_path, org, "penilaian_360", "en.csv", english)
    assert {(e.line, e.column) for e in info.value.errors} == {(2, "source"), (3, "source")}


def test_a_file_that_replaces_the_other_source_too_is_accepted(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, org, "penilaian_360", "a.csv", ratings((DEWI, "atasan", KADIS)))
    # The supervisor's ratings of Dewi come again from someone else, so Kadis is left a peer.
    swapped = ratings((DEWI, "rekan", KADIS), (DEWI, "atasan", OUTSIDE))
    load(session, tmp_path, org, "penilaian_360", "b.csv", swapped)
    assert stored(session) == [(DEWI, "atasan", OUTSIDE), (DEWI, "rekan", KADIS)]


def test_ratings_from_the_same_source_again_replace_as_before(
    session: Session, tmp_path: Path, org: str
) -> None:
    first = ratings((DEWI, "atasan", KADIS), (EKO, "rekan", DEWI), (DEWI, "diri", ""))
    load(session, tmp_path, org, "penilaian_360", "a.csv", first)
    again = ratings((DEWI, "atasan", KADIS), (DEWI, "diri", DEWI), (EKO, "atasan", KADIS))
    load(session, tmp_path, org, "penilaian_360", "b.csv", again)
    assert stored(session) == [
        (DEWI, "atasan", KADIS),
        (DEWI, "diri", DEWI),
        (EKO, "atasan", KADIS),
        (EKO, "rekan", DEWI),
    ]


def test_other_periods_and_other_employees_do_not_clash(
    session: Session, tmp_path: Path, org: str
) -> None:
    load(session, tmp_path, org, "penilaian_360", "a.csv", ratings((DEWI, "atasan", KADIS)))
    tw4 = ratings((DEWI, "rekan", KADIS)).replace("2026-TW3", "2026-TW4")
    load(session, tmp_path, org, "penilaian_360", "tw4.csv", tw4)
    load(session, tmp_path, org, "penilaian_360", "eko.csv", ratings((EKO, "rekan", KADIS)))
    assert len(stored(session)) == 3


def test_the_scale_and_unknown_nips_are_reported_beside_the_files_own_errors(
    session: Session, tmp_path: Path, org: str
) -> None:
    lines = [
        HEADER,
        f"2026-TW3;123;rekan;{EKO};disiplin;4",  # line 2: no NIP
        f"2026-TW3;{DEWI};rekan;{EKO};kompetensi;4",
        f"2026-TW3;{DEWI};rekan;{FAJAR};disiplin;6",  # line 4: outside the scale 1–5
        f"2026-TW3;{OUTSIDE};rekan;{EKO};disiplin;4",  # line 5: no employee here
        f"2026-TW3;{GITA};rekan;{EKO};disiplin;4",
    ]
    with pytest.raises(ImportFileError) as info:
        load(session, tmp_path, org, "penilaian_360", "r.csv", "\n".join(lines) + "\n")
    assert [(e.line, e.column) for e in info.value.errors] == [(2, "nip"), (4, "nilai"), (5, "nip")]
    assert "di luar skala 1–5" in info.value.errors[1].message
    assert "tidak terdaftar sebagai pegawai" in info.value.errors[2].message
    assert stored(session) == []
