"""Opening an XLSX workbook for import; a file that is no workbook Excel saves is refused.

Layer: domain (reads one file; no session). `policy.importxlsx` opens the workbook here
(`open_workbook`), with openpyxl in read-only mode. A file that is no workbook Excel saves (an
OpenDocument sheet, an `.xlsb` workbook, a broken or other zip file) is refused in Bahasa
Indonesia, never with openpyxl's English; so is an OLE file (`ole_refusal`, which
`policy.imports` calls on its first bytes): an `.xls` workbook, or an `.xlsx` one protected by
a password, told apart by its directory.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import IO, Any, Final

from policy.importerrors import Report

__all__ = ["ole_refusal", "open_workbook"]


def open_workbook(handle: IO[bytes], report: Report) -> Any:
    """The workbook, read-only; refuses what is not an Excel workbook, saying what it is."""
    # Imported here: openpyxl costs every `siklus` command a tenth of a second at start-up.
    import openpyxl  # type: ignore[import-untyped]

    reason = None
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            kind = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        reason = (
            "berkas .xlsx ini rusak atau terpotong (arsipnya tidak utuh); buka di Excel lalu "
            "simpan ulang, atau simpan sebagai CSV"
        )
    else:
        if kind.startswith(b"application/vnd.oasis.opendocument"):
            reason = (
                "berkas ini berformat OpenDocument (.ods, dari LibreOffice atau WPS Office) yang "
                "tidak didukung; simpan sebagai .xlsx (Excel) atau CSV"
            )
        elif "xl/workbook.bin" in names:
            reason = "format .xlsb (Excel Binary) tidak didukung; simpan sebagai .xlsx atau CSV"
        elif not any(name.startswith("xl/") for name in names):
            reason = (
                "berkas ini arsip zip (mis. dokumen Word atau berkas terkompresi), bukan buku "
                "kerja Excel; simpan data sebagai .xlsx atau CSV"
            )
    if reason is None:
        handle.seek(0)
        try:  # a file object: openpyxl then reads it whatever its name ends with
            return openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any failure of the library means the same to the officer
            reason = (
                "isi berkas .xlsx ini tidak dapat dibaca (rusak, atau dibuat oleh program yang "
                "menulis format lain); buka di Excel lalu simpan ulang sebagai .xlsx, atau "
                "simpan sebagai CSV"
            )
    report.add(0, None, reason)
    raise report.fail()


def ole_refusal(path: Path) -> str:
    """Why an OLE compound file (bytes D0 CF 11 E0) is refused, in words.

    Excel writes two kinds of it: an `.xls` (Excel 97-2003) workbook, and an `.xlsx`
    workbook protected by a password, which Excel encrypts into an OLE file's
    "EncryptedPackage" stream. The file's directory tells them apart.
    """
    with path.open("rb") as handle:
        names = _ole_names(handle)
    if "EncryptedPackage" in names:
        return (
            "berkas ini buku kerja Excel yang dilindungi kata sandi (terenkripsi), sehingga "
            "isinya tidak dapat dibaca. Buka di Excel dengan kata sandinya, hapus kata sandinya "
            "(File > Info > Protect Workbook > Encrypt with Password, kosongkan isiannya), "
            "simpan tanpa kata sandi, lalu impor ulang"
        )
    return "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx atau CSV"


#: Sector numbers from here on end a chain or mark a sector that holds no chain (MS-CFB).
_OLE_LAST: Final = 0xFFFFFFFA
_OLE_SECTORS: Final = 1024  # sectors of a chain followed at most (a file may loop)


def _ole_names(handle: IO[bytes]) -> set[str]:
    """The names in an OLE compound file's directory; empty when it cannot be walked.

    Reads the header, the sectors listing the file allocation table (FAT) and the
    directory's chain of sectors: a few kilobytes, whatever the file's size.
    """
    head = handle.read(512)
    shift = int.from_bytes(head[0x1E:0x20], "little") if len(head) == 512 else 0
    if shift not in (9, 12):  # sectors of 512 or 4096 bytes
        return set()
    size, per = 1 << shift, 1 << (shift - 2)  # bytes, and sector numbers, per sector

    def sector(number: int) -> bytes:
        handle.seek((number + 1) * size)
        data = handle.read(size)
        return data if len(data) == size else b""

    fat = list(struct.unpack_from("<109I", head, 0x4C))  # the FAT's own sectors
    difat, more = struct.unpack_from("<II", head, 0x44)
    for _ in range(min(more, _OLE_SECTORS)):  # beyond the first 109, a chain of lists
        data = sector(difat) if difat < _OLE_LAST else b""
        if not data:
            break
        *listed, difat = struct.unpack(f"<{per}I", data)
        fat.extend(listed)
    names: set[str] = set()
    number = struct.unpack_from("<I", head, 0x30)[0]  # the directory's first sector
    for _ in range(_OLE_SECTORS):
        data = sector(number) if number < _OLE_LAST else b""
        for at in range(0, len(data), 128):
            length = int.from_bytes(data[at + 64 : at + 66], "little")  # with the final NUL
            if data[at + 66] in (1, 2, 5) and 2 <= length <= 64:  # storage, stream, root
                names.add(data[at : at + length - 2].decode("utf-16-le", errors="replace"))
        index = number // per
        table = sector(fat[index]) if data and index < len(fat) and fat[index] < _OLE_LAST else b""
        if not table:
            break
        number = struct.unpack_from("<I", table, (number % per) * 4)[0]
    return names
