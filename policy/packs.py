"""Reading an organisation pack file into a validated `Pack`.

Layer: domain configuration. Every problem is reported with the file, the line and column
in it, and the place in the pack's structure (`units[2].kind`).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from policy.errors import PackError as PackError  # re-exported: raised by this module
from policy.packschema import Pack
from policy.settings import Settings, get_settings


class LoadedPack(BaseModel):
    """A validated pack with where it came from."""

    model_config = ConfigDict(frozen=True)

    pack: Pack
    path: Path
    sha256: str

    def demo_file(self, stage: str, name: str) -> Path:
        """Absolute path of a demo input file named in the pack."""
        return (self.path.parent / self.pack.demo[stage][name]).resolve()

    def demo_files(self, stage: str, round: int = 1) -> dict[str, Path]:
        """The demo input files of a stage (of consultation round `round` for forums/drafting)."""
        key = stage if round == 1 else f"{stage}_round{round}"
        return {name: self.demo_file(key, name) for name in self.pack.demo.get(key, {})}


def _place(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as 'units[2].kind' text."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_CODE_PATTERN = "^[A-Za-z0-9_.\\-]+$"
_WORDS = {
    "missing": "wajib diisi",
    "extra_forbidden": "kunci ini tidak dikenal (periksa ejaan dan letak indentasinya)",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "decimal_parsing": "harus angka (dengan titik desimal, mis. 0.80)",
    "decimal_type": "harus angka (dengan titik desimal, mis. 0.80)",
    "float_parsing": "harus angka (dengan titik desimal, mis. 0.80)",
    "float_type": "harus angka (dengan titik desimal, mis. 0.80)",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "date_parsing": "harus tanggal berbentuk TTTT-BB-HH, mis. 2026-03-31",
    "date_type": "harus tanggal berbentuk TTTT-BB-HH, mis. 2026-03-31",
    "date_from_datetime_parsing": "harus tanggal berbentuk TTTT-BB-HH, mis. 2026-03-31",
    "date_from_datetime_inexact": "harus tanggal tanpa jam, berbentuk TTTT-BB-HH",
    "string_type": "harus teks",
    "list_type": "harus berupa daftar (baris-baris berawalan '- ')",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
}


def _message(err: ErrorDetails) -> str:
    """A pydantic error in words an officer reads: Bahasa Indonesia, with the value written."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind in _WORDS:
        text = _WORDS[kind]
    elif kind == "literal_error":
        text = "harus salah satu dari: " + str(ctx.get("expected", "")).replace(" or ", ", ")
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        text = {
            "greater_than_equal": f"paling kecil {bound}",
            "greater_than": f"harus lebih dari {bound}",
            "less_than_equal": f"paling besar {bound}",
            "less_than": f"harus kurang dari {bound}",
        }[kind]
    elif kind == "string_too_short":
        n = ctx.get("min_length", 1)
        text = "tidak boleh kosong" if n == 1 else f"minimal {n} karakter"
    elif kind == "string_too_long":
        text = f"paling banyak {ctx.get('max_length')} karakter"
    elif kind == "too_short":
        n = ctx.get("min_length", 1)
        text = "tidak boleh kosong" if n == 1 else f"minimal {n} isian"
    elif kind == "too_long":
        text = f"paling banyak {ctx.get('max_length')} isian"
    elif kind == "string_pattern_mismatch":
        text = (
            "hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung, tanpa spasi"
            if ctx.get("pattern") == _CODE_PATTERN
            else "bukan alamat email yang sah"
            if "@" in str(ctx.get("pattern", ""))
            else f"tidak sesuai pola {ctx.get('pattern')}"
        )
    else:
        return str(err["msg"])
    value = err.get("input")
    if kind != "missing" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text += f" (tertulis: {value!r})"
    return text


def _mark(root: yaml.Node | None, loc: tuple[int | str, ...]) -> tuple[int, str]:
    """The line and ':line:column' of the place `loc` names in the composed YAML.

    The walk goes as deep as the place exists in the file. A value that is wrong is
    pointed at itself; a key that is missing, at the start of the mapping that lacks it; a
    rule about the whole pack (no place), at no line.
    """
    node, found = root, False
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        else:
            child = None
        if child is None:
            break
        node, found = child, True
    if node is None or not (found or loc):
        return sys.maxsize, ""  # after every problem with a line
    mark = node.start_mark
    return mark.line + 1, f":{mark.line + 1}:{mark.column + 1}"


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """The YAML document's node tree (for the line and column of a problem) and its data.

    One parse, as `yaml.safe_load` does it, keeping the nodes it constructs the data from.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def load_pack(path: Path | str) -> LoadedPack:
    """Read and validate a pack file.

    Raises:
        PackError: the file is missing, is not YAML, or does not validate; the message
            lists every problem with its line and column in the file and its place in the
            pack ('berkas.yaml:12:11: units[2].kind: ...').
    """
    file = Path(path)
    if not file.is_file():
        raise PackError(f"{file}: berkas paket tidak ditemukan")
    raw_bytes = file.read_bytes()
    try:
        text = raw_bytes.decode("utf-8")
        root, data = _parse(text)
    except UnicodeDecodeError as exc:
        raise PackError(f"{file}: bukan teks UTF-8 ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise PackError(f"{file}{where}: YAML tidak valid: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{file}: isi paket harus berupa pemetaan (key: value)")
    digest = hashlib.sha256(raw_bytes)
    table = _read_indicators_file(file, root, data)
    if table is not None:
        digest.update(table.read_bytes())
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, where = _mark(root, loc)
            place = f"{_place(loc)}: " if loc else ""
            problems.append((line, f"{file}{where}: {place}{_message(err)}"))
        problems.sort(key=lambda problem: problem[0])  # in the file's order
        raise PackError("\n".join(text for _line, text in problems)) from exc
    for stage, files in pack.demo.items():
        for name, rel in files.items():
            if not (file.parent / rel).is_file():
                _line, where = _mark(root, ("demo", stage, name))
                raise PackError(
                    f"{file}{where}: demo.{stage}.{name}: berkas '{rel}' tidak ditemukan"
                )
    return LoadedPack(pack=pack, path=file.resolve(), sha256=digest.hexdigest())


def _read_indicators_file(file: Path, root: yaml.Node | None, data: dict[str, Any]) -> Path | None:
    """Fill `data["indicators"]` from the pack's `indicators_file`, if it names one; its path.

    The file's rows are checked as an import checks them (each problem at its line and
    column), so a row reaches the pack's validation well formed.

    Raises:
        PackError: the pack lists indicators too, the file is missing, or a row of it is
            wrong (each problem with its line and column, as an import says them).
    """
    from policy.imports import ImportFileError, parse_file

    rel = data.get("indicators_file")
    if not isinstance(rel, str) or not rel.strip():
        return None  # absent; any other value is refused by the validation
    _line, where = _mark(root, ("indicators_file",))
    if data.get("indicators"):
        raise PackError(
            f"{file}{where}: indicators_file: indikator diisi di paket (indicators) dan di berkas "
            f"'{rel}'; pilih salah satu"
        )
    path = file.parent / rel
    if not path.is_file():
        raise PackError(f"{file}{where}: indicators_file: berkas '{rel}' tidak ditemukan")
    try:
        rows = parse_file("indikator", path).rows
    except ImportFileError as exc:
        problems = [f"- {path.name}: {error}" for error in exc.errors]
        if exc.total_errors > len(exc.errors):
            problems.append(f"... dan {exc.total_errors - len(exc.errors)} kesalahan lain")
        raise PackError(
            f"{file}{where}: indicators_file: berkas '{rel}' memuat {exc.total_errors} kesalahan; "
            "perbaiki berkas itu lalu muat ulang paket.\n" + "\n".join(problems)
        ) from exc
    # A row's fields are the pack indicator's, but for the file line it was read from.
    data["indicators"] = [{k: v for k, v in asdict(r).items() if k != "line"} for r in rows]
    return path


def find_pack(name_or_path: str, settings: Settings | None = None) -> Path:
    """Resolve a pack given as a path or as a name under the packs folder."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    settings = settings or get_settings()
    return settings.packs_dir / f"{name_or_path}.yaml"
