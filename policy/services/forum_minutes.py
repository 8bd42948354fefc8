"""Forum minutes (notulen): reading the YAML file keyed by forum code, closing forums.

Layer: domain services (helper of `policy.services.forums`). The file reads::

    F1:
      pimpinan_rapat: "Nama Pimpinan Rapat"
      notulis: "Nama Notulis"
      ringkasan: "Ringkasan jalannya forum ..."
      keputusan: ["Keputusan 1", "Keputusan 2"]

Every problem is reported at once with its line, the forum code and the field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

import yaml
from sqlmodel import Session

from policy import audit
from policy.models import Forum, utcnow
from policy.services.common import ServiceError

#: Status of a forum whose minutes are recorded.
CLOSED = "closed"

_FIELDS = ("pimpinan_rapat", "notulis", "ringkasan", "keputusan")


@dataclass(frozen=True)
class Minutes:
    """The minutes of one forum, as read from the notulen file."""

    chair: str
    secretary: str
    summary: str
    decisions: tuple[str, ...]


def _text(node: yaml.Node | None) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return ""
    return str(node.value).strip()


def read_minutes(text: str, filename: str, known: Collection[str]) -> dict[str, Minutes]:
    """Parse and check a notulen file; every problem is reported with its line.

    Raises:
        ServiceError: bad YAML (with line and column), an unknown forum code, a missing or
            empty field, or `keputusan` that is not a list.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"baris {mark.line + 1}, kolom {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if "'\\t'" in problem:
            problem += " (indentasi harus memakai spasi, bukan tab)"
        raise ServiceError(
            f"Berkas notulen '{filename}' bukan YAML yang sah: {where}{problem}."
        ) from exc
    finally:
        loader.dispose()
    if root is None:
        raise ServiceError(f"Berkas notulen '{filename}' kosong.")
    if not isinstance(root, yaml.MappingNode):
        raise ServiceError(
            f"Berkas notulen '{filename}' harus berisi notulen per kode forum, "
            "mis. 'F1:' diikuti pimpinan_rapat, notulis, ringkasan, keputusan."
        )
    errors: list[str] = []
    found: dict[str, Minutes] = {}
    seen: set[str] = set()
    for key, value in root.value:
        code = _text(key)
        where = f"baris {key.start_mark.line + 1}, forum {code}"
        if code in seen:
            errors.append(f"{where}: forum {code} tercantum dua kali")
            continue
        seen.add(code)
        if code not in known:
            have = ", ".join(sorted(known)) or "belum ada"
            errors.append(f"{where}: forum tidak dikenal di siklus ini (yang ada: {have})")
        if not isinstance(value, yaml.MappingNode):
            errors.append(f"{where}: isi notulen harus berupa isian {', '.join(_FIELDS)}")
            continue
        fields: dict[str, yaml.Node] = {}
        for fkey, fvalue in value.value:
            name = _text(fkey)
            if name not in _FIELDS:
                errors.append(
                    f"baris {fkey.start_mark.line + 1}, forum {code}: isian '{name}' "
                    f"tidak dikenal (yang dikenal: {', '.join(_FIELDS)})"
                )
            fields[name] = fvalue
        texts = {}
        for name in _FIELDS[:3]:
            node = fields.get(name)
            texts[name] = _text(node)
            if not texts[name]:
                at = f"baris {node.start_mark.line + 1}, forum {code}" if node else where
                kind = "harus berupa teks dan tidak boleh kosong" if node else "wajib diisi"
                errors.append(f"{at}: isian '{name}' {kind}")
        decisions: list[str] = []
        node = fields.get("keputusan")
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value, 1):
                if _text(item):
                    decisions.append(" ".join(_text(item).split()))
                else:
                    errors.append(
                        f"baris {item.start_mark.line + 1}, forum {code}: keputusan "
                        f"ke-{i} harus berupa teks dan tidak boleh kosong"
                    )
        elif node is not None and _text(node):
            errors.append(
                f"baris {node.start_mark.line + 1}, forum {code}: isian 'keputusan' harus "
                "berupa daftar (setiap keputusan pada baris sendiri diawali '- ')"
            )
        found[code] = Minutes(
            chair=" ".join(texts["pimpinan_rapat"].split()),
            secretary=" ".join(texts["notulis"].split()),
            summary=texts["ringkasan"],
            decisions=tuple(decisions),
        )
    if errors:
        raise ServiceError(
            f"Berkas notulen '{filename}' tidak dapat dipakai ({len(errors)} "
            "kesalahan; tidak ada data yang disimpan):\n" + "\n".join(f"- {e}" for e in errors)
        )
    return found


def same_minutes(forum: Forum, minutes: Minutes) -> bool:
    """Whether a forum holds exactly these minutes."""
    return (forum.chair, forum.secretary, forum.summary, list(forum.decisions)) == (
        minutes.chair,
        minutes.secretary,
        minutes.summary,
        list(minutes.decisions),
    )


def close_forum(
    session: Session, *, forum: Forum, minutes: Minutes, actor: str, organisation_id: int | None
) -> bool:
    """Record a forum's minutes and close it (flushes). False if it is closed with these minutes.

    Raises:
        ServiceError: the forum is already closed with different minutes.
    """
    if forum.status == CLOSED:
        if same_minutes(forum, minutes):
            return False
        raise ServiceError(
            f"Forum {forum.code} sudah ditutup dengan notulen yang berbeda; "
            "notulen yang sudah ditetapkan tidak dapat diubah."
        )
    forum.chair, forum.secretary = minutes.chair, minutes.secretary
    forum.summary, forum.decisions = minutes.summary, list(minutes.decisions)
    forum.status, forum.closed_by, forum.closed_at = CLOSED, actor, utcnow()
    session.add(forum)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="forum.closed",
        subject_type="forum",
        subject_id=forum.id or 0,
        organisation_id=organisation_id,
        payload={
            "cycle_id": forum.cycle_id,
            "code": forum.code,
            "round": forum.round,
            "chair": forum.chair,
            "secretary": forum.secretary,
            "decisions": len(forum.decisions),
            "summary_sha256": hashlib.sha256(forum.summary.encode()).hexdigest(),
        },
    )
    return True
