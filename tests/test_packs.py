"""Every organisation pack shipped under packs/ validates, and bad packs say where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policy.packs import PackError, load_pack

PACKS = sorted((Path(__file__).resolve().parent.parent / "packs").glob("*.yaml"))


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
def test_pack_validates(path: Path) -> None:
    loaded = load_pack(path)
    assert loaded.pack.organisation.code == path.stem
    assert any("leader" in m.roles for m in loaded.pack.members)


def test_bad_pack_names_each_place(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text(
        "organisation: {code: x, name: X, kind: desa, region: X, head_title: Kades}\n"
        "units: [{code: A, name: A, kind: pabrik}]\n"
        "members: [{username: a, name: A, roles: [officer]}]\n"
        "policy: {code: p, title: T, legal_form: Perwali, signing: {title: W, name: N}}\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as err:
        load_pack(bad)
    lines = str(err.value).splitlines()
    assert lines == [
        f"{bad}:1:40: organisation.kind: harus salah satu dari: 'kota', 'kabupaten', "
        "'provinsi', 'kecamatan' (tertulis: 'desa')",
        f"{bad}:2:34: units[0].kind: jenis unit 'pabrik' tidak dikenal; pilih: "
        "sekretariat, dinas, badan, kecamatan, kelurahan, sekolah, puskesmas, rumah sakit, "
        "unit layanan, bagian, inspektorat",
    ]


BLOCK_PACK = """\
organisation:
  code: x
  name: Kota X
  kind: kota
  region: X
  head_title: Wali Kota
units:
  - code: A
    name: Dinas A
    kind: dinas
  - code: B 2
    name: Dinas B
    kind: dinas
    population: 0
members:
  - username: a
    name: A
    roles: [leader]
    email: bukan-email
    telepon: "0812"
policy:
  code: p
  title: T
  legal_form: Perwali
forums:
  - {code: F1, title: Forum, date: 31-03-2026, venue: Aula}
stages:
  socialisation_coverage_target: banyak
"""


def test_every_problem_has_its_line_column_and_indonesian_words(tmp_path: Path) -> None:
    bad = tmp_path / "blok.yaml"
    bad.write_text(BLOCK_PACK, encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(bad)
    assert str(err.value).splitlines() == [
        f"{bad}:11:11: units[1].code: hanya boleh berisi huruf, angka, titik, garis bawah dan "
        "tanda hubung, tanpa spasi (tertulis: 'B 2')",
        f"{bad}:14:17: units[1].population: paling kecil 1 (tertulis: 0)",
        f"{bad}:19:12: members[0].email: bukan alamat email yang sah (tertulis: 'bukan-email')",
        f"{bad}:20:14: members[0].telepon: kunci ini tidak dikenal (periksa ejaan dan letak "
        "indentasinya) (tertulis: '0812')",
        # a missing key: the mapping that lacks it
        f"{bad}:22:3: policy.signing: wajib diisi",
        f"{bad}:26:36: forums[0].date: harus tanggal berbentuk TTTT-BB-HH, mis. 2026-03-31 "
        "(tertulis: '31-03-2026')",
        f"{bad}:28:34: stages.socialisation_coverage_target: harus angka (dengan titik "
        "desimal, mis. 0.80) (tertulis: 'banyak')",
    ]


def test_a_rule_about_the_whole_pack_names_the_file_without_a_line(tmp_path: Path) -> None:
    from tests.factories import MINI_PACK, write_pack

    members = [{**m, "roles": ["officer"]} for m in MINI_PACK["members"]]
    path = write_pack(tmp_path, {**MINI_PACK, "members": members})
    with pytest.raises(PackError) as err:
        load_pack(path)
    assert str(err.value) == f"{path}: paket harus punya minimal satu anggota berperan 'leader'"


def test_a_missing_demo_file_is_pointed_at(tmp_path: Path) -> None:
    from tests.factories import MINI_PACK, write_pack

    path = write_pack(tmp_path, {**MINI_PACK, "demo": {"setup": {"pegawai": "tidak-ada.csv"}}})
    with pytest.raises(PackError, match=r":\d+:\d+: demo\.setup\.pegawai: berkas 'tidak-ada\.csv'"):
        load_pack(path)


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "y.yaml"
    bad.write_text("organisation:\n  code: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"y\.yaml:\d+:\d+"):
        load_pack(bad)


@pytest.mark.parametrize(
    ("weight", "ok"),
    [
        *((w, True) for w in ("1/9", "0.111", "0,111", "0.11", "0,11", " 1 / 9 ")),
        # DOMAIN.md R1: only those; 0.5 would give an IKM of 112,50 with mutu A.
        *((w, False) for w in ("0.5", "1", "0.1", "0.1111", "2/18", "1/8", "9/8", "0", "nol")),
    ],
)
def test_ikm_weight_is_checked(tmp_path: Path, weight: str, ok: bool) -> None:
    from tests.factories import MINI_PACK, write_pack

    data = {**MINI_PACK, "evaluation": {"ikm": {"weight": weight}}}
    path = write_pack(tmp_path, data)
    if ok:
        assert load_pack(path).pack.evaluation.ikm.weight == weight
    else:
        with pytest.raises(PackError) as err:
            load_pack(path)
        assert f"evaluation.ikm.weight: bobot '{weight}' tidak diizinkan; isi 1/9" in str(err.value)
        assert "0.111 atau 0.11 (boleh dengan koma desimal: 0,111 atau 0,11)" in str(err.value)


@pytest.mark.parametrize(
    ("name", "kind", "title", "head"),
    [
        ("Kelurahan Banjar Agung", "kelurahan", "", "Lurah Banjar Agung"),
        ("Banjar Agung", "kelurahan", "", "Lurah Banjar Agung"),
        ("Kecamatan Talawi", "kecamatan", "", "Camat Talawi"),
        ("Sekretariat Daerah", "sekretariat", "", "Sekretaris Daerah"),
        ("Inspektorat", "inspektorat", "", "Inspektur"),
        ("RSUD Sawahlunto", "rumah sakit", "", "Direktur RSUD Sawahlunto"),
        ("Dinas Kesehatan", "dinas", "", ""),  # documents write "Kepala Dinas Kesehatan"
        ("Kecamatan Talawi", "kecamatan", "Camat Talawi (Plt.)", "Camat Talawi (Plt.)"),
    ],
)
def test_a_units_head_is_titled_by_its_kind(name: str, kind: str, title: str, head: str) -> None:
    from policy.orgconfig import PackUnit

    assert PackUnit(code="U", name=name, kind=kind, head_title=title).head == head


# ------------------------------------------------------------- indicators from a file

INDICATORS_CSV = (
    "kode;nama;satuan;baseline;target;arah;desimal;diukur_dari\r\n"
    "IKM-DUKCAPIL;IKM Dukcapil;indeks;76,53;80,00;naik;;ikm:DUKCAPIL\r\n"
    "ADUAN-HARI;Median waktu respons pengaduan;jam;48;24;turun;0;pengaduan_median\r\n"
    "KTP;KTP-el terbit hari itu;%;40;75;tinggi;;\r\n"
)


def _naming(tmp_path: Path, name: str, **more: Any) -> Path:
    """The small test pack with its indicators in the file `name` instead of in the pack."""
    from tests.factories import MINI_PACK, write_pack

    pack = {k: v for k, v in MINI_PACK.items() if k != "indicators"}
    return write_pack(tmp_path, {**pack, "indicators_file": name, **more})


def _with_indicator_file(tmp_path: Path, content: str, name: str = "indikator.csv") -> Path:
    (tmp_path / name).write_text(content, encoding="utf-8-sig")
    return _naming(tmp_path, name)


def test_a_pack_reads_its_indicators_from_the_file_it_names(tmp_path: Path) -> None:
    path = _with_indicator_file(tmp_path, INDICATORS_CSV)
    loaded = load_pack(path)
    assert [
        (i.code, i.unit, str(i.baseline), str(i.target), i.direction, i.decimals, i.measure)
        for i in loaded.pack.indicators
    ] == [
        ("IKM-DUKCAPIL", "indeks", "76.53", "80.00", "higher", 2, "ikm:DUKCAPIL"),
        ("ADUAN-HARI", "jam", "48", "24", "lower", 0, "pengaduan_median"),
        ("KTP", "%", "40", "75", "higher", 2, None),
    ]
    # The pack's fingerprint covers the file: a changed target is a changed pack.
    (tmp_path / "indikator.csv").write_text(
        INDICATORS_CSV.replace("40;75", "40;80"), encoding="utf-8-sig"
    )
    again = load_pack(path)
    assert again.pack.indicators[2].target == 80
    assert again.sha256 != loaded.sha256


def test_an_indicator_workbook_written_from_the_template_is_read(tmp_path: Path) -> None:
    import openpyxl

    from siklus.template import write_template

    workbook = tmp_path / "indikator.xlsx"
    write_template("indikator", workbook)
    book = openpyxl.load_workbook(workbook)
    book["indikator"].append(["KTP", "KTP-el terbit hari itu", "%", 40, 75, "naik", 0, None])
    book.save(workbook)
    path = _naming(tmp_path, "indikator.xlsx")
    (indicator,) = load_pack(path).pack.indicators
    assert (indicator.code, indicator.target, indicator.decimals) == ("KTP", 75, 0)


def test_a_wrong_row_of_the_indicator_file_is_named_by_line_and_column(tmp_path: Path) -> None:
    bad = INDICATORS_CSV.replace("80,00;naik;;ikm:DUKCAPIL", "80,00;naik;5;ikm").replace(
        "48;24", "48;sehari"
    )
    path = _with_indicator_file(tmp_path, bad)
    with pytest.raises(PackError) as err:
        load_pack(path)
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"{path}:")
    assert lines[0].endswith(
        ": indicators_file: berkas 'indikator.csv' memuat 3 kesalahan; perbaiki berkas itu lalu "
        "muat ulang paket."
    )
    assert lines[1:] == [
        "- indikator.csv: baris 2, kolom 'desimal': desimal '5' tidak dikenal; isi dengan 0, 1, "
        "2, 3 atau 4 (0 untuk hitungan orang atau dokumen)",
        "- indikator.csv: baris 2, kolom 'diukur_dari': ukuran 'ikm': sebutkan kode unit sesudah "
        "titik dua, mis. 'ikm:KODE'",
        "- indikator.csv: baris 3, kolom 'target': 'sehari' bukan angka; contoh penulisan: "
        "88,31 atau 1.234,56",
    ]


def test_a_measure_naming_no_unit_of_the_pack_is_refused_from_the_file_too(
    tmp_path: Path,
) -> None:
    path = _with_indicator_file(tmp_path, INDICATORS_CSV.replace("ikm:DUKCAPIL", "ikm:PATEN"))
    with pytest.raises(PackError, match="indikator IKM-DUKCAPIL: ukuran 'ikm:PATEN'"):
        load_pack(path)


def test_indicators_in_the_pack_and_a_file_or_a_missing_file_are_refused(
    tmp_path: Path,
) -> None:
    listed = [{"code": "KTP", "name": "KTP", "baseline": 40, "target": 75}]
    (tmp_path / "indikator.csv").write_text(INDICATORS_CSV, encoding="utf-8-sig")
    both = _naming(tmp_path, "indikator.csv", indicators=listed)
    with pytest.raises(PackError) as err:
        load_pack(both)
    assert str(err.value).endswith(
        ": indicators_file: indikator diisi di paket (indicators) dan di berkas 'indikator.csv'; "
        "pilih salah satu"
    )
    missing = _naming(tmp_path, "tidak-ada.csv")
    with pytest.raises(
        PackError, match=r":\d+:\d+: indicators_file: berkas 'tidak-ada\.csv' tidak ditemukan"
    ):
        load_pack(missing)


def test_an_unknown_needs_analysis_outline_is_refused_in_indonesian(tmp_path: Path) -> None:
    import yaml

    from tests.factories import MINI_PACK

    path = tmp_path / "contoh.yaml"
    data = {**MINI_PACK, "stages": {"needs_analysis_outline": "kajian"}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(path)
    (line,) = str(err.value).splitlines()
    assert line.endswith(
        ": stages.needs_analysis_outline: harus salah satu dari: 'laporan', 'naskah_akademik' "
        "(tertulis: 'kajian')"
    )
    path.write_text(yaml.safe_dump({**data, "stages": {}}, allow_unicode=True), encoding="utf-8")
    assert load_pack(path).pack.stages.needs_analysis_outline == "laporan"
