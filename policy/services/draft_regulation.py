"""The regulation in its official layout: the Rancangan of each version, the final Peraturan.

Layer: domain services (helpers of `policy.services.drafting`; `finalise` is called by
`policy.services.gates.on_approved` inside the leader's approval, so it flushes and
never commits). Leadership approves one version: the latest, which is the version the
drafting stage submitted with its Rancangan and Matriks (no new version can be added
while the stage is in review). Approving the drafting stage marks that version final
(`DraftVersion.final_on`, `final_by`) and publishes the **Peraturan**: the same text
without "RANCANGAN", the year of enactment in the title, BAB titles in capitals, and
"Ditetapkan di … pada tanggal …" dated the approval date; the promulgation
("Diundangkan …", the Berita Daerah number) is left to fill in. A Keputusan is laid
out as diktum (KESATU, KEDUA, …), signed the same way and never promulgated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from policy import audit
from policy.locale import Locale
from policy.models import Cycle, Document, Stage, StageRun
from policy.perwali import Draft, instrument, is_keputusan, parse_draft
from policy.services.common import ServiceError
from policy.services.draft_versions import final_version, latest_version
from policy.services.stagework import RunContext, load_context, publish_all
from policy.views.drafting import (
    ItemRow,
    PeraturanView,
    body_lines,
    regulation_head,
    trailing_sections,
)

TITLES_PERATURAN: dict[Locale, str] = {"id": "Peraturan", "en": "Regulation"}
TITLES_KEPUTUSAN: dict[Locale, str] = {"id": "Keputusan", "en": "Decree"}
TITLES_RANCANGAN: dict[Locale, str] = {"id": "Rancangan Peraturan", "en": "Draft Regulation"}
TITLES_RANCANGAN_KEPUTUSAN: dict[Locale, str] = {"id": "Rancangan Keputusan", "en": "Draft Decree"}
#: Document keys (and file names) of the draft and the enacted instrument, by instrument.
RANCANGAN_KEYS: dict[str, str] = {
    "peraturan": "rancangan-peraturan",
    "keputusan": "rancangan-keputusan",
}
ENACTED_KEYS: dict[str, str] = {"peraturan": "peraturan", "keputusan": "keputusan"}

_REGION_KINDS = {
    "kota": "Kota",
    "kabupaten": "Kabupaten",
    "provinsi": "Provinsi",
    "kecamatan": "Kecamatan",
}


def rancangan_key(legal_form: str) -> str:
    """The draft's document key: `rancangan-keputusan-v2.id.html` for a Keputusan."""
    return RANCANGAN_KEYS[instrument(legal_form)]


def rancangan_title(legal_form: str, locale: Locale) -> str:
    """The document title of the draft: 'Rancangan Peraturan' or 'Rancangan Keputusan'."""
    titles = TITLES_RANCANGAN_KEPUTUSAN if is_keputusan(legal_form) else TITLES_RANCANGAN
    return titles[locale]


def regulation_fields(ctx: RunContext, draft: Draft) -> dict[str, Any]:
    """What the Rancangan and the Peraturan views share, from the parsed draft."""
    region_kind = _REGION_KINDS.get(ctx.org.kind, ctx.org.kind.capitalize())
    secretary = ctx.pack.policy.secretary
    return {
        "legal_form": ctx.policy.legal_form,
        "instrument": instrument(ctx.policy.legal_form),
        "head": regulation_head(ctx.policy.legal_form, ctx.org.head_title),
        "region": ctx.org.region,
        "region_kind": region_kind,
        "policy_title": ctx.policy.title,
        "menimbang": [ItemRow(label=i.label, text=i.text) for i in draft.menimbang],
        "mengingat": [ItemRow(label=i.label, text=i.text) for i in draft.mengingat],
        "memperhatikan": [ItemRow(label=i.label, text=i.text) for i in draft.memperhatikan],
        "body": body_lines(draft),
        "trailing": trailing_sections(draft),
        "signing_title": ctx.policy.signing_title.rstrip(" ,"),
        "signing_name": ctx.policy.signing_name,
        "secretary_title": (
            secretary.title if secretary else f"Sekretaris Daerah {region_kind} {ctx.org.region}"
        ).rstrip(" ,"),
        "secretary_name": secretary.name if secretary else None,
        "promulgated": not is_keputusan(ctx.policy.legal_form),
    }


def _locales(session: Session, run_id: int) -> tuple[Locale, ...]:
    """The languages the drafting stage published its Rancangan in (default Indonesian)."""
    found = set(
        session.exec(
            select(Document.locale).where(
                Document.stage_run_id == run_id,
                col(Document.key).in_(RANCANGAN_KEYS.values()),
            )
        )
    )
    ordered = tuple(loc for loc in ("id", "en") if loc in found)
    return ordered or ("id",)


def finalise(
    session: Session, *, cycle: Cycle, run: StageRun, actor: str, on: date
) -> dict[str, Any]:
    """Mark the approved version final and publish the Peraturan (flushes, audited).

    Raises:
        ServiceError: there is no draft, the stage submitted another version than the
            latest, or the cycle already has a final version.
    """
    version = latest_version(session, cycle.id or 0)
    if version is None:
        raise ServiceError("Tidak ada rancangan yang dapat ditetapkan di siklus ini.")
    submitted = run.summary.get("version")
    if submitted is not None and submitted != version.number:
        raise ServiceError(
            f"Tahap penyusunan diajukan dengan rancangan versi {submitted}, tetapi versi "
            f"terbaru adalah {version.number}; jalankan lagi tahap penyusunan sebelum disetujui."
        )
    earlier = final_version(session, cycle.id or 0)
    if earlier is not None and earlier.id != version.id:
        raise ServiceError(
            f"Rancangan versi {earlier.number} sudah ditetapkan sebagai versi final siklus ini."
        )
    version.final_on, version.final_by = on, actor
    session.add(version)
    session.flush()
    ctx = load_context(session, run.id or 0, Stage.DRAFTING)
    fields = regulation_fields(ctx, parse_draft(version.source, ctx.policy.legal_form).draft)
    titles = TITLES_KEPUTUSAN if is_keputusan(ctx.policy.legal_form) else TITLES_PERATURAN
    views = {
        loc: PeraturanView(
            header=ctx.header(titles[loc], on, layout="perwali"),
            version=version.number,
            enacted_on=on,
            **fields,
        )
        for loc in _locales(session, ctx.run_id)
    }
    docs = publish_all(
        session,
        ctx,
        key=ENACTED_KEYS[instrument(ctx.policy.legal_form)],
        template="peraturan",
        views=views,
        actor=actor,
        flow_run_id=run.flow_run_id,
    )
    audit.record(
        session,
        actor=actor,
        action="draft.version_final",
        subject_type="draft_version",
        subject_id=version.id or 0,
        organisation_id=ctx.org_id,
        payload={
            "cycle": cycle.number,
            "version": version.number,
            "sha256": version.sha256,
            "enacted_on": on.isoformat(),
            "documents": [d.id for d in docs],
        },
    )
    return {"final_version": version.number, "documents": [d.id for d in docs]}
