"""Import templates described from the formats: names, required, words, lists, text cells."""

from __future__ import annotations

from typing import Any

import pytest

from policy.errors import ServiceError
from policy.importformats import FORMATS
from policy.importschema import REQUIRED, accepts
from policy.importtemplate import (
    PACK_KINDS,
    TEMPLATE_KINDS,
    OrgValues,
    TemplateColumn,
    guide_notes,
    template_columns,
)
from policy.models import AsnType, CapaianOrganisasi, Disposition, MilestoneStatus, Rating
from policy.orgconfig import UNIT_KINDS
from policy.services.imports import KINDS

#: What each closed-set column must offer, parsed: the whole set the import accepts, written
#: here from the domain's own enums and lists, not from the parsers.
CLOSED: dict[tuple[str, str], set[Any]] = {
    ("unit", "jenis"): set(UNIT_KINDS),
    ("pegawai", "jenis_asn"): set(AsnType),
    ("ekinerja", "rating_hasil_kerja"): set(Rating),
    ("ekinerja", "rating_perilaku"): set(Rating),
    **{("skm", f"u{i}"): {1, 2, 3, 4} for i in range(1, 10)},
    **{("kebutuhan_asn", f"k{i}"): {1, 2, 3, 4} for i in range(1, 13)},
    ("kehadiran_forum", "hadir"): {True, False},
    ("tanggapan", "status"): set(Disposition),
    ("kehadiran_kegiatan", "hadir"): {True, False},
    ("progres", "status"): set(MilestoneStatus),
    ("penilaian_360", "sumber"): {"diri", "atasan", "rekan", "bawahan", "masyarakat"},
    ("capaian_organisasi", "capaian"): set(CapaianOrganisasi),
    ("indikator", "arah"): {"higher", "lower"},
    ("indikator", "desimal"): {0, 1, 2, 3, 4},
}
TEXT = {
    "nip",
    "nip_atasan",
    "penilai",
    "periode",
    "unit_kerja",
    "unit_layanan",
    "kode",
    "induk",
    "forum",
    "kegiatan",
    "aspek",
    "surel",  # an address stays as typed (Excel would make it a link)
    # Dates: typed as written, read day first, whatever language Excel is set to.
    "tanggal",
    "target_tanggal",
    "tanggal_selesai",
    "tanggal_masuk",
    "bulan",
}


def test_the_template_kinds_are_the_kinds_siklus_import_takes_and_the_pack_indicators() -> None:
    assert set(TEMPLATE_KINDS) == set(FORMATS)
    # Indicators are read with the pack (its indicators_file): the only format without an import.
    assert set(TEMPLATE_KINDS) - set(KINDS) == PACK_KINDS == {"indikator"}
    assert "siklus import indikator" not in " ".join(guide_notes("indikator"))
    assert "indicators_file: NAMA_BERKAS" in guide_notes("indikator")[-1]
    assert "siklus import pegawai BERKAS --dry-run" in guide_notes("pegawai")[-1]


def test_every_parser_of_every_format_is_described() -> None:
    for fmt in FORMATS.values():
        for column in fmt.columns:
            assert accepts(column.parse).text, (fmt.kind, column.name)


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_columns_follow_the_format(kind: str) -> None:
    fmt = FORMATS[kind]
    columns = template_columns(kind)
    assert [c.name for c in columns] == [c.name for c in fmt.columns]
    assert [c.required for c in columns] == [c.required for c in fmt.columns]
    assert [c.aliases for c in columns] == [c.aliases for c in fmt.columns]
    for column, source in zip(columns, fmt.columns, strict=True):
        assert column.need == (
            "opsional"
            if not source.required
            else "wajib"
            if source.empty is REQUIRED
            else "wajib, sel boleh kosong"
        )
        assert column.description
        assert column.as_text == (column.name in TEXT), column.name
        if column.name in ("nip", "nip_atasan"):
            assert column.description.startswith("NIP 18 digit sebagai teks")


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_closed_sets_offer_every_value_the_parser_accepts(kind: str) -> None:
    for column in template_columns(kind):
        expected = CLOSED.get((kind, column.name))
        if expected is None:
            assert column.values == (), column.name
            continue
        assert column.parse is not None
        parsed = [column.parse(value) for value in column.values]
        assert len(set(parsed)) == len(parsed), column.values  # one spelling per value
        assert set(parsed) == expected, column.name


def test_descriptions_in_words() -> None:
    pegawai = {c.name: c for c in template_columns("pegawai")}
    assert pegawai["jenis_asn"].description.startswith(
        "salah satu dari: PNS, PPPK atau PPPK Paruh Waktu (huruf besar/kecil bebas; juga "
        "diterima: pppk pw, paruh waktu)"
    )
    ekinerja = {c.name: c for c in template_columns("ekinerja")}
    assert ekinerja["periode"].description.startswith("periode, mis. 2026-TW3, TW III 2026")
    skm = {c.name: c for c in template_columns("skm")}
    assert skm["tanggal"].description.startswith("tanggal hari/bulan/tahun, mis. 22/11/2026")
    assert skm["u1"].need == "wajib, sel boleh kosong"
    assert skm["jenis_kelamin"].description == "teks"
    realisasi = {c.name: c for c in template_columns("realisasi")}
    assert realisasi["nilai"].description == "angka dengan koma desimal, mis. 88,31 atau 1.234,56"
    kegiatan = {c.name: c for c in template_columns("kehadiran_kegiatan")}
    assert kegiatan["hadir"].description.endswith("; kosong = tidak")
    assert kegiatan["pre_test"].description.startswith("angka antara 0 dan 100")
    forum = {c.name: c for c in template_columns("kehadiran_forum")}
    assert forum["hadir"].description.endswith("; kosong = ya")
    assert "1,97E+17" in " ".join(guide_notes("pegawai"))


def test_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ServiceError) as info:
        template_columns("pegawai_baru")
    assert str(info.value) == (
        f"Jenis data 'pegawai_baru' tidak dikenal; pilih salah satu: {', '.join(TEMPLATE_KINDS)}."
    )


def test_an_organisation_narrows_its_code_columns() -> None:
    org = OrgValues(
        organisation="contoh",
        units=("BKPSDM", "DUKCAPIL"),
        indicators=("IKM",),
        criteria=("disiplin", "kompetensi"),
        sources=("masyarakat", "atasan"),
        bonus=("inovasi",),
        scale=(1, 5),
        periods="per triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026)",
        services=("KTP-el", "Rawat Jalan"),
        partners=("LSM Sai Bumi",),
    )

    def by_name(kind: str) -> dict[str, TemplateColumn]:
        return {c.name: c for c in template_columns(kind, org)}

    for kind, name in [
        ("pegawai", "unit_kerja"),
        ("skm", "unit_layanan"),
        ("pengaduan", "unit_kerja"),
        ("capaian_organisasi", "unit_kerja"),
        ("progres", "unit_kerja"),
        ("rencana", "unit_kerja"),
    ]:
        assert by_name(kind)[name].values == ("BKPSDM", "DUKCAPIL"), kind
        assert "contoh" in by_name(kind)[name].description
    rating = by_name("penilaian_360")
    assert rating["aspek"].values == ("disiplin", "kompetensi")
    assert rating["sumber"].values == ("atasan", "masyarakat")  # in the parser's order
    assert rating["nilai"].description.endswith("skala penilaian contoh: 1 sampai 5")
    assert by_name("bonus")["kode"].values == ("inovasi",)
    assert by_name("realisasi")["kode"].values == ("IKM",)
    for kind in ("ekinerja", "realisasi", "penilaian_360", "bonus", "capaian_organisasi"):
        assert by_name(kind)["periode"].description.endswith(
            "; contoh mengevaluasi per triwulan (2026-TW1 … 2026-TW4) dan tahunan (2026)"
        ), kind
    # The units' kinds of service, for the SKM and the service requests (a warning list).
    for kind in ("skm", "layanan"):
        column = by_name(kind)["jenis_layanan"]
        assert column.values == ("KTP-el", "Rawat Jalan"), kind
        assert column.description.endswith("jenis lain tetap diterima, dengan peringatan")
    # Who collected an SKM answer: one of the pack's survey partners, or empty.
    partner = by_name("skm")["pelaksana"]
    assert partner.values == ("LSM Sai Bumi",) and not partner.required
    assert "kosong bila disurvei pemerintah daerah sendiri" in partner.description
    # A unit's own code and parent are no list: a unit file adds units.
    assert by_name("unit")["kode"].values == ()
    # Without a 360 framework nothing is narrowed there.
    plain = {c.name: c for c in template_columns("penilaian_360", OrgValues("contoh"))}
    assert plain["aspek"].values == () and len(plain["sumber"].values) == 5
