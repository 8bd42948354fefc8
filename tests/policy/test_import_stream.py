"""Streamed imports: written while read, yet nothing kept from a file with any bad row.

Large kinds (pegawai, e-Kinerja, SKM, 360) are written batch by batch inside a savepoint;
these tests shrink the batch so that a bad row comes after rows already written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlmodel import Session, func, select

from policy import importerrors, importkeys, importrows
from policy.imports import ImportFileError, file_sha256, parse_file, stream_file
from policy.models import AuditEvent, EkinerjaRating, Employee, ImportRecord, SkmResponse
from policy.services import import_batches
from policy.services.common import get_org
from policy.services.imports import import_file, ingest_file
from policy.services.skm import combined_profile, respondent_profile, respondent_profiles
from tests.factories import make_org, write_file

HEADER = "nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim"
# Valid PNS NIPs: birth date, TMT YYYYMM, gender, sequence.
NIPS = [f"19{70 + i:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(12)]


def pegawai(lines: list[str]) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def staff(n: int, unit: str = "DUKCAPIL") -> list[str]:
    return [f"{NIPS[i]};Pegawai {i};PNS;Analis;{unit};;" for i in range(n)]


def count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


pytestmark = pytest.mark.usefixtures("reader")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_batches, "BATCH", 2)


def test_a_bad_last_row_takes_back_the_batches_already_written(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    session.commit()
    bad = write_file(tmp_path, "p.csv", pegawai([*staff(6), "1234;Terakhir;PNS;Analis;DUKCAPIL;;"]))
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", bad, "rina")
    assert [(e.line, e.column) for e in info.value.errors] == [(8, "nip")]
    # No rollback by the caller: the savepoint alone has taken everything back.
    assert count(session, Employee) == 0
    assert count(session, ImportRecord) == 0
    good = write_file(tmp_path, "p2.csv", pegawai(staff(7)))
    result = ingest_file(session, org, "pegawai", good, "rina")
    session.commit()
    assert (result.rows, result.written, count(session, Employee)) == (7, 7, 7)
    record = session.exec(select(ImportRecord)).one()
    assert (record.rows, record.sha256) == (7, file_sha256(good))


def test_nips_ending_in_000_are_imported_with_a_warning_naming_their_lines(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    zeros = [f"19{80 + i:02d}020220{i:02d}03{1 + i % 2}000" for i in range(12)]
    others = staff(4)[1:3]  # NIPS[0] ends in 000 itself
    lines = [*others, *(f"{nip};Pegawai Nol {i};PNS;Analis;DUKCAPIL;;" for i, nip in
                        enumerate(zeros))]  # fmt: skip
    result = ingest_file(
        session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina"
    )
    assert (result.rows, result.written, count(session, Employee)) == (14, 14, 14)
    (warning,) = result.warnings
    assert warning.startswith(
        "12 NIP berakhiran 000 (baris 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 dan 2 baris lain): "
        "nomor urut NIP dimulai dari 001"
    )
    clean = ingest_file(
        session, org, "pegawai", write_file(tmp_path, "q.csv", pegawai(others)), "rina"
    )
    assert clean.warnings == ()


def test_reference_errors_of_every_batch_in_line_order(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    code = make_org(session, tmp_path)
    import_file(session=session, organisation=code, kind="pegawai", actor="rina",
                path=write_file(tmp_path, "p.csv", pegawai(staff(3))))  # fmt: skip
    ratings = ["periode;nip;rating_hasil_kerja;rating_perilaku"]
    for i in range(7):  # NIPS[0..2] are employees; 3..6 are not
        ratings.append(f"2026-TW3;{NIPS[i]};sesuai ekspektasi;sesuai ekspektasi")
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=code, kind="ekinerja", actor="rina",
                    path=write_file(tmp_path, "e.csv", "\n".join(ratings) + "\n"))  # fmt: skip
    assert [e.line for e in info.value.errors] == [5, 6, 7, 8]
    assert "tidak terdaftar sebagai pegawai" in info.value.errors[0].message
    assert count(session, EkinerjaRating) == 0


def test_the_files_own_errors_and_reference_errors_come_together_in_line_order(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    lines = [*staff(2, unit="NOWHERE"), *staff(5)[2:4], "123;Salah;PNS;Analis;DUKCAPIL;;"]
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina")
    assert [(e.line, e.column) for e in info.value.errors] == [
        (2, "unit_kerja"),
        (3, "unit_kerja"),
        (6, "nip"),
    ]
    assert count(session, Employee) == 0


def many(n: int) -> list[str]:
    """`n` employees of DUKCAPIL with valid, distinct NIPs."""
    return [
        f"1975{1 + i % 12:02d}01200{i % 10}03{1 + i % 2}{1 + i:03d};Pegawai {i};PNS;Analis;"
        "DUKCAPIL;;"
        for i in range(n)
    ]


@pytest.mark.parametrize("chunk", [4, importrows.CHUNK])
def test_one_import_reports_every_error_of_the_file(
    session: Session,
    tmp_path: Path,
    small_batches: None,
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
) -> None:
    # A bad ASN type on line 3, an unknown unit on line 50: both in one report, not the
    # second only once the first is fixed. Chunks of 4 read the rows after line 3 column
    # by column, whole chunks of them at once.
    monkeypatch.setattr(importrows, "CHUNK", chunk)
    org = get_org(session, make_org(session, tmp_path))
    lines = many(49)
    lines[1] = lines[1].replace(";PNS;", ";ASN;")
    lines[48] = lines[48].replace(";DUKCAPIL;", ";UNITX;")
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina")
    error = info.value
    assert [(e.line, e.column) for e in error.errors] == [(3, "jenis_asn"), (50, "unit_kerja")]
    assert "'UNITX' tidak ada di paket organisasi" in error.errors[1].message
    assert (error.total_errors, error.bad_rows) == (2, 2)
    assert count(session, Employee) == 0 and count(session, ImportRecord) == 0
    lines[1] = lines[1].replace(";ASN;", ";PNS;")
    lines[48] = lines[48].replace(";UNITX;", ";DUKCAPIL;")
    fixed = ingest_file(
        session, org, "pegawai", write_file(tmp_path, "q.csv", pegawai(lines)), "rina"
    )
    assert (fixed.rows, fixed.written, count(session, Employee)) == (49, 49, 49)


def test_the_joint_report_keeps_the_first_errors_by_line_and_counts_the_rest(
    session: Session, tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importerrors, "MAX_ERRORS", 3)
    org = get_org(session, make_org(session, tmp_path))
    lines = many(8)
    for i in (0, 2, 4, 6):  # lines 2, 4, 6, 8: an unknown unit
        lines[i] = lines[i].replace(";DUKCAPIL;", ";UNITX;")
    for i in (1, 3):  # lines 3, 5: a NIP too short
        lines[i] = "123" + lines[i][18:]
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina")
    error = info.value
    assert [(e.line, e.column) for e in error.errors] == [
        (2, "unit_kerja"),
        (3, "nip"),
        (4, "unit_kerja"),
    ]
    assert (error.total_errors, error.bad_rows) == (6, 6)
    assert "(6 baris bermasalah, 6 kesalahan)" in str(error)
    assert str(error).endswith("... dan 3 kesalahan lain tidak ditampilkan.")
    assert count(session, Employee) == 0


def test_unknown_nips_are_reported_beside_the_files_own_errors(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    code = make_org(session, tmp_path)
    import_file(session=session, organisation=code, kind="pegawai", actor="rina",
                path=write_file(tmp_path, "p.csv", pegawai(staff(2))))  # fmt: skip
    ratings = [
        "periode;nip;rating_hasil_kerja;rating_perilaku",
        f"2026-TW3;{NIPS[0]};bagus;sesuai ekspektasi",  # line 2: no such rating
        f"2026-TW3;{NIPS[1]};sesuai ekspektasi;sesuai ekspektasi",
        *(f"2026-TW3;{NIPS[i]};sesuai ekspektasi;sesuai ekspektasi" for i in (5, 6)),
    ]
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=code, kind="ekinerja", actor="rina",
                    path=write_file(tmp_path, "e.csv", "\n".join(ratings) + "\n"))  # fmt: skip
    assert [(e.line, e.column) for e in info.value.errors] == [
        (2, "rating_hasil_kerja"),
        (4, "nip"),
        (5, "nip"),
    ]
    assert count(session, EkinerjaRating) == 0


def test_skm_streamed_and_profiles_of_all_units_at_once(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_kelamin;usia;pendidikan"
    rows = [head]
    for i in range(30):
        unit = "DUKCAPIL" if i % 3 else "PKM"
        rows.append(f"{unit};{1 + i % 28}/08/2026;3;4;3;;3;3;4;3;2;{'LP'[i % 2]};{18 + i};S1")
    ingest_file(session, org, "skm", write_file(tmp_path, "s.csv", "\n".join(rows) + "\n"), "rina")
    session.commit()
    assert count(session, SkmResponse) == 30
    start, end = date(2026, 7, 1), date(2026, 9, 30)
    everyone = respondent_profiles(session, org.id or 0, start, end)
    assert set(everyone) == {"DUKCAPIL", "PKM"}
    for unit, profile in everyone.items():
        assert profile == respondent_profile(session, org.id or 0, start, end, unit)
    whole = respondent_profile(session, org.id or 0, start, end)
    assert combined_profile(everyone.values()) == whole
    # PKM: i = 0, 3, ..., 27 alternate L and P. DUKCAPIL ages 19, 20, 22, ..., 47 by band.
    assert everyone["PKM"]["gender"] == [("L", 5), ("P", 5)]
    assert everyone["DUKCAPIL"]["age"] == [("≤ 20", 2), ("21–30", 6), ("31–40", 7), ("41–50", 5)]


# -------------------------------------------------------------------- unique keys


def test_repeats_found_exactly_after_the_index_keeps_only_hashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importrows, "COMPACT_AFTER", 3)
    lines = [*staff(8), staff(8)[1], "123;Salah;PNS;Analis;DUKCAPIL;;", staff(8)[6]]
    with pytest.raises(ImportFileError) as info:
        parse_file("pegawai", write_file(tmp_path, "p.csv", pegawai(lines)))
    found = [(e.line, e.column, e.message) for e in info.value.errors]
    # In line order, though the repeats were confirmed after the other errors were found.
    assert found[0] == (10, "nip", f"NIP {NIPS[1]} sudah ada di baris 3")
    assert found[1][:2] == (11, "nip")
    assert found[2] == (12, "nip", f"NIP {NIPS[6]} sudah ada di baris 8")
    assert (info.value.total_errors, info.value.bad_rows) == (3, 3)


def test_a_repeated_hash_of_different_keys_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importrows, "COMPACT_AFTER", 2)
    for module in (importrows, importkeys):  # the indexes, and the second reading
        monkeypatch.setattr(module, "hash", lambda key: 7, raising=False)  # every key collides
    parsed = parse_file("pegawai", write_file(tmp_path, "p.csv", pegawai(staff(9))))
    assert [r.nip for r in parsed.rows] == NIPS[:9]
    with pytest.raises(ImportFileError) as info:
        parse_file("pegawai", write_file(tmp_path, "q.csv", pegawai([*staff(9), staff(9)[4]])))
    assert [(e.line, e.message) for e in info.value.errors] == [
        (11, f"NIP {NIPS[4]} sudah ada di baris 6")
    ]


# ------------------------------------------------------------------------ the memo


def test_a_numeric_nip_cell_after_the_same_nip_as_text_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["periode", "nip", "rating_hasil_kerja", "rating_perilaku"])
    sheet.append(["2026-TW2", NIPS[0], "sesuai", "sesuai"])
    sheet.append(["2026-TW3", int(NIPS[0]), "sesuai", "sesuai"])  # same digits, a number cell
    path = tmp_path / "e.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError) as info:
        parse_file("ekinerja", path)
    assert [(e.line, e.column) for e in info.value.errors] == [(3, "nip")]
    assert "tersimpan sebagai angka" in info.value.errors[0].message


def test_stream_file_hashes_first_and_reads_rows_as_named_tuples(tmp_path: Path) -> None:
    path = write_file(tmp_path, "p.csv", pegawai([*staff(3), staff(3)[2]]))
    stream = stream_file("pegawai", path)
    assert stream.sha256 == file_sha256(path) and stream.rows == 0
    rows = []
    with pytest.raises(ImportFileError):
        for row in stream:
            rows.append(row)
    assert [r.nip for r in rows] == NIPS[:3] and stream.rows == 3  # the repeat came last
    assert rows[0]._fields[:3] == ("line", "nip", "name")


def test_failed_streamed_import_leaves_no_audit_event(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    code = make_org(session, tmp_path)
    before = count(session, AuditEvent)
    with pytest.raises(ImportFileError):
        bad = write_file(tmp_path, "p.csv", pegawai([*staff(5), "1;x;PNS;y;DUKCAPIL;;"]))
        import_file(session=session, organisation=code, kind="pegawai", path=bad, actor="rina")
    assert count(session, AuditEvent) == before and count(session, Employee) == 0


# ------------------------------------------------------------ column-wise chunks


@pytest.fixture
def row_by_row(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Read every record one by one (the path that gives the exact errors)."""

    def read(path: Path) -> Any:
        with monkeypatch.context() as m:
            m.setattr(importrows._Reader, "parse_chunk", lambda *args: None)
            return parse_file("pegawai", path)

    return read


def test_chunks_read_column_wise_give_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_by_row: Any
) -> None:
    monkeypatch.setattr(importrows, "CHUNK", 4)
    path = write_file(tmp_path, "p.csv", pegawai([*staff(11), ""]))  # a trailing blank line too
    fast = parse_file("pegawai", path)
    assert fast.rows == row_by_row(path).rows
    assert [r.nip for r in fast.rows] == NIPS[:11]


def test_chunks_give_the_same_errors_and_lines_as_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row_by_row: Any
) -> None:
    monkeypatch.setattr(importrows, "CHUNK", 3)
    # A repeat across chunks (line 9 repeats line 2), a bad NIP and an unknown ASN type.
    lines = [*staff(7), staff(1)[0], "123;Salah;PNS;Analis;DUKCAPIL;;", *staff(12)[8:]]
    lines[10] = lines[10].replace(";PNS;", ";Honorer;")
    path = write_file(tmp_path, "p.csv", pegawai(lines))
    with pytest.raises(ImportFileError) as fast:
        parse_file("pegawai", path)
    with pytest.raises(ImportFileError) as slow:
        row_by_row(path)
    assert fast.value.errors == slow.value.errors
    assert [(e.line, e.column) for e in fast.value.errors] == [
        (9, "nip"),
        (10, "nip"),
        (12, "jenis_asn"),
    ]
    assert (fast.value.total_errors, fast.value.bad_rows) == (3, 3)


# ------------------------------------------------------------ CSV read in blocks


def _records_one_by_one(path: Path, encoding: str = "utf-8") -> list[tuple[int, list[str]]]:
    """The reference: every record with the physical line it starts on."""
    import csv

    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        out, previous = [], 0
        for cells in reader:
            out.append((previous + 1, cells))
            previous = reader.line_num
        return out


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64])
def test_csv_blocks_give_every_record_with_its_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    import random

    from policy.importcsv import csv_chunks
    from policy.importformats import FORMATS

    monkeypatch.setattr(importrows, "CHUNK", chunk)
    rng = random.Random(chunk)
    pieces = ["a", "b c", '"x;y"', '"baris\nkedua"', '"tiga\r\nbaris\nlagi"', '""', "", '"q""q"']
    for _ in range(40):
        lines = ["nip;nama;tim"]
        for _ in range(rng.randint(0, 12)):
            lines.append(
                ";".join(rng.choice(pieces) for _ in range(3)) if rng.random() > 0.1 else ""
            )
        text = rng.choice(["\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n"])
        path = tmp_path / "f.csv"
        path.write_bytes(text.encode())
        got = [
            record for block in csv_chunks(path, "utf-8", FORMATS["pegawai"]) for record in block
        ]
        assert got == _records_one_by_one(path), repr(text)


def test_a_quoted_record_across_blocks_keeps_the_lines_of_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importrows, "CHUNK", 3)
    rows = staff(6)
    rows[1] = rows[1].replace("Pegawai 1", '"Pegawai\nsatu\ndua"')  # lines 3-5 of the file
    rows[5] = rows[5].replace(";PNS;", ";Honorer;")
    path = write_file(tmp_path, "p.csv", pegawai(rows))
    with pytest.raises(ImportFileError) as err:
        parse_file("pegawai", path)
    assert [(e.line, e.column) for e in err.value.errors] == [(9, "jenis_asn")]


def test_records_before_a_bad_byte_are_read_and_the_error_says_after_which_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    monkeypatch.setattr(importrows, "CHUNK", 64)
    nips = [f"19{70 + i % 30:02d}0101199{i % 10}03{1 + i % 2}{i:03d}" for i in range(600)]
    rows = [f"{nip};Pegawai {i};PNS;Analis;DUKCAPIL;;" for i, nip in enumerate(nips)]
    path = tmp_path / "p.csv"
    # Windows-1252 has no character for byte 0x81: the file is neither UTF-8 nor 1252.
    head = pegawai(rows[:400]).encode("cp1252")  # some 20 KB: decoded in several pieces
    path.write_bytes(head + b"\x81" + "\n".join(rows[400:]).encode() + b"\n")
    with pytest.raises(ImportFileError) as err:
        parse_file("pegawai", path)
    text = str(err.value)
    assert "bukan UTF-8 maupun Windows-1252" in text
    after = int(re.findall(r"sesudah baris (\d+)", text)[0])
    assert 64 < after <= 401  # the records read before the error were checked


def test_reference_errors_name_the_column_as_the_file_heads_it(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    text = pegawai([*staff(2), *staff(3, unit="NOWHERE")[2:]]).replace(
        ";unit_kerja;", ";Kode Unit;"
    )
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "p.csv", text), "rina")
    assert [(e.line, e.column) for e in info.value.errors] == [(4, "Kode Unit")]
    assert "baris 4, kolom 'Kode Unit': unit kerja 'NOWHERE'" in str(info.value)
    plain = pegawai(staff(3, unit="NOWHERE")[2:])  # the canonical header stays as it is
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "q.csv", plain), "rina")
    assert [(e.line, e.column) for e in info.value.errors] == [(2, "unit_kerja")]


def test_a_bad_byte_right_after_a_full_block_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy.importcsv import csv_chunks
    from policy.importformats import FORMATS

    monkeypatch.setattr(importrows, "CHUNK", 4)
    head = "nip;nama;tim\n" + "".join(f"{i};a;b\n" for i in range(3))  # one block of 4 lines
    path = tmp_path / "edge.csv"
    # The next line is decoded with the bad byte after it: nothing of it is read.
    path.write_bytes(head.encode("cp1252") + b"x" * (8192 - len(head)) + b"\n\x81\n")
    blocks = []
    with pytest.raises(UnicodeDecodeError):
        for block in csv_chunks(path, "cp1252", FORMATS["pegawai"]):
            blocks.append(block)
    assert [len(b) for b in blocks] == [4]


def test_progress_is_told_the_rows_read_batch_by_batch(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    seen: list[int] = []
    path = write_file(tmp_path, "p.csv", pegawai(staff(7)))
    result = ingest_file(session, org, "pegawai", path, "rina", progress=seen.append)
    assert seen == [2, 4, 6, 7] and result.written == 7


def test_an_unknown_unit_or_nip_is_told_what_it_seems_to_mean(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    lines = [*staff(2), f"{NIPS[2]};Pegawai 2;PNS;Analis;dukcapil;;", *staff(4)[3:]]
    lines[3] = lines[3].replace(";DUKCAPIL;", ";UNITX;")
    with pytest.raises(ImportFileError) as info:
        ingest_file(session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina")
    assert [str(e) for e in info.value.errors] == [
        "baris 4, kolom 'unit_kerja': unit kerja 'dukcapil' tidak ada di paket organisasi; "
        "maksudnya kode 'DUKCAPIL'? Tulis kodenya persis seperti di paket",
        "baris 5, kolom 'unit_kerja': unit kerja 'UNITX' tidak ada di paket organisasi; kode "
        "unit yang terdaftar: BKPSDM, DUKCAPIL, PKM, SETDA",
    ]
    import_file(session=session, organisation=org.code, kind="pegawai", actor="rina",
                path=write_file(tmp_path, "q.csv", pegawai(staff(2))))  # fmt: skip
    # Excel kept 15 digits of a NIP typed as a number and made the last three 000.
    cut = NIPS[1][:15] + "000"
    ratings = (
        "periode;nip;rating_hasil_kerja;rating_perilaku\n"
        f"2026-TW3;{cut};sesuai ekspektasi;sesuai ekspektasi\n"
    )
    with pytest.raises(ImportFileError) as info:
        import_file(session=session, organisation=org.code, kind="ekinerja", actor="rina",
                    path=write_file(tmp_path, "e.csv", ratings))  # fmt: skip
    assert [e.message for e in info.value.errors] == [
        f"NIP {cut} tidak terdaftar sebagai pegawai: tiga angka terakhirnya 000, tampaknya "
        "hilang karena Excel menyimpan NIP sebagai angka (NIP terdaftar yang mirip: "
        f"{NIPS[1]}); format kolom NIP sebagai Teks dan ketik ulang"
    ]


def test_a_supervisor_who_is_no_employee_is_warned_about(
    session: Session, tmp_path: Path, small_batches: None
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    # Line 2's supervisor comes further down the file, in a later batch: no warning.
    lines = staff(6)
    lines[0] = lines[0][: -len(";;")] + f";{NIPS[5]};"
    lines[2] = lines[2][: -len(";;")] + f";{NIPS[9]};"
    lines[3] = lines[3][: -len(";;")] + f";{NIPS[9]};"
    result = ingest_file(
        session, org, "pegawai", write_file(tmp_path, "p.csv", pegawai(lines)), "rina"
    )
    assert result.warnings[-1:] == (  # (the first is NIPS[0]'s nomor urut 000)
        f"1 NIP atasan bukan pegawai organisasi ini ({NIPS[9]}; baris 4, 5): periksa NIP-nya; "
        "tindak lanjut yang ditujukan kepada atasan pegawai itu tidak akan punya pemilik di "
        "Siklus. Baris itu tetap diimpor",
    )
    assert count(session, Employee) == 6
