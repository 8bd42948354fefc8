"""What every stage service shares: input specs, the output shape, publishing helpers.

Layer: domain services. Each `policy.services.<stage>` module exposes
`INPUTS`, `ingest(...)` and `produce(...)`; the stage flows call exactly these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlmodel import Session, func, select

from policy.locale import Locale, to_local
from policy.models import Cycle, Document, Organisation, Policy, Stage, StageRun
from policy.ordering import unit_order
from policy.packschema import Pack
from policy.services.common import ServiceError, org_pack
from policy.settings import get_settings
from policy.stages import run_status_word, stage_label

if TYPE_CHECKING:
    # Rendering (jinja2, Markdown) and the views load when a stage publishes, not in the
    # many services that only share a `RunContext` or `document_date` (`siklus status`).
    from policy.documents import DocHeader, View


@dataclass(frozen=True)
class InputSpec:
    """A named input file a stage accepts."""

    kind: str
    required: bool
    description: str


class DocRef(BaseModel):
    """A registered document, as plain data."""

    id: int
    key: str
    title: str
    locale: str
    version: int
    html_path: str = Field(description="The HTML file, as a full path (`Document.html_file`).")
    md_path: str = Field(description="The Markdown file, as a full path (`Document.md_file`).")
    new: bool = Field(
        default=True,
        description="Registered by this call; False: the version already registered stands "
        "(the same data, or the same but for its date where that is kept).",
    )


class StageOutput(BaseModel):
    """What a stage's `produce` returns to its flow."""

    summary: dict[str, Any] = Field(default_factory=dict)
    documents: list[DocRef] = Field(default_factory=list)
    report_title: str
    report_markdown: str
    tables: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """A stage run with its cycle, policy, organisation and pack, loaded once."""

    run: StageRun
    cycle: Cycle
    policy: Policy
    org: Organisation
    pack: Pack

    @property
    def run_id(self) -> int:
        """The stage run id."""
        return self.run.id or 0

    @property
    def org_id(self) -> int:
        """The organisation id."""
        return self.org.id or 0

    @property
    def unit_order(self) -> Callable[[str], tuple[int, str]]:
        """Sort key of unit codes: the pack's order, other codes after (`policy.ordering`)."""
        return unit_order(u.code for u in self.pack.units)

    @property
    def folder(self) -> str:
        """Documents folder of this run, relative to the documents root."""
        period = f"-{self.run.period}" if self.run.period else ""
        return f"{self.org.code}/siklus-{self.cycle.number}/{self.run.stage}{period}"

    def header(
        self, title: str, on: date, subtitle: str | None = None, layout: str = "report"
    ) -> DocHeader:
        """A document header for this run."""
        from policy.documents import DocHeader

        return DocHeader(
            organisation=self.org.name,
            region=self.org.region,
            title=title,
            subtitle=self.policy.title if subtitle is None else subtitle,
            cycle=self.cycle.number,
            date=on,
            place=self.org.place,
            layout=layout,
            # The regulation is printed on the paper its region types produk hukum on.
            paper=self.pack.policy.paper if layout == "perwali" else "A4",
            head_title=self.org.head_title,
        )


def load_context(session: Session, run_id: int, stage: Stage) -> RunContext:
    """Load a run and check it is a running run of `stage`."""
    run = session.get(StageRun, run_id)
    if run is None or run.stage != stage:
        raise ServiceError(f"Tahap #{run_id} bukan tahap {stage.value}.")
    cycle = session.get(Cycle, run.cycle_id)
    assert cycle is not None
    policy = session.get(Policy, cycle.policy_id)
    assert policy is not None
    org = session.get(Organisation, policy.organisation_id)
    assert org is not None
    return RunContext(run=run, cycle=cycle, policy=policy, org=org, pack=org_pack(org))


def require_running(ctx: RunContext) -> None:
    """Refuse work on a run that is not running."""
    if ctx.run.status != "running":
        raise ServiceError(
            f"Tahap {stage_label(ctx.run.stage, ctx.run.period)} berstatus "
            f"'{run_status_word(ctx.run.status)}'; hanya tahap yang sedang berjalan yang dapat "
            "diproses."
        )


def check_inputs(
    specs: Mapping[str, InputSpec],
    inputs: Mapping[str, Path],
    stage: Stage,
    *,
    require: bool = True,
) -> None:
    """Refuse unknown input names, missing required inputs (if `require`) and missing files."""
    unknown = sorted(set(inputs) - set(specs))
    if unknown:
        known = ", ".join(sorted(specs))
        raise ServiceError(
            f"Masukan tidak dikenal untuk tahap {stage.value}: {', '.join(unknown)} "
            f"(yang dikenal: {known})."
        )
    missing = [
        name for name, spec in specs.items() if require and spec.required and name not in inputs
    ]
    if missing:
        raise ServiceError(
            f"Tahap {stage_label(stage)} memerlukan berkas: "
            + "; ".join(f"{m} ({specs[m].description})" for m in missing)
        )
    for name, path in inputs.items():
        if not Path(path).is_file():
            raise ServiceError(f"Berkas masukan '{name}' tidak ditemukan: {path}")


def document_date(as_of: date | None, now: datetime | None = None) -> date:
    """The date documents speak for: the given date, else today in the organisation's zone."""
    if as_of is not None:
        return as_of
    from policy.models import utcnow

    return to_local(now or utcnow(), get_settings().timezone).date()


def has_document(session: Session, run_id: int, kind: str) -> bool:
    """Whether the run has published a document of `kind` (e.g. its Laporan Evaluasi)."""
    found = session.exec(
        select(Document.id).where(Document.stage_run_id == run_id, Document.kind == kind)
    ).first()
    return found is not None


def publish_all(
    session: Session,
    ctx: RunContext,
    *,
    key: str,
    template: str,
    views: Mapping[Locale, View],
    actor: str,
    flow_run_id: str | None,
    keep_dated: bool = False,
) -> list[DocRef]:
    """Publish one document in each locale given (keys of period runs carry the period)."""
    return publish_batch(
        session, ctx, [(key, template, views)], actor=actor, flow_run_id=flow_run_id,
        keep_dated=keep_dated,
    )  # fmt: skip


def publish_batch(
    session: Session,
    ctx: RunContext,
    documents_: Sequence[tuple[str, str, Mapping[Locale, View]]],
    *,
    actor: str,
    flow_run_id: str | None,
    keep_dated: bool = False,
) -> list[DocRef]:
    """`publish_all` for several documents, each (key, template, views), in one batch.

    Registered and audited as one `publish_all` per document would, in the same order,
    with one registry query and batched inserts (a province has hundreds of unit sheets).
    A header whose subtitle is not the policy's title names the document's subject (a
    unit, an employee, a workshop's topic): the registry's title adds it, so that
    `siklus docs list` tells the documents of one kind apart. `keep_dated`: the documents'
    date is the day they were made, and an unchanged one made again on a later day keeps
    its version (`policy.publishing.Publication`).
    """
    from policy import publishing
    from policy.views import TEMPLATE_VIEWS

    items = []
    for key, template, views in documents_:
        expected = TEMPLATE_VIEWS.get(template)
        for view in views.values():
            if expected is None or not isinstance(view, expected):
                raise TypeError(
                    f"template {template!r} takes {expected}, got {type(view).__name__}"
                )
        if ctx.run.period:
            key = f"{key}-{ctx.run.period.lower()}"
        # The header's subtitle is the policy's title unless it names the document's own
        # subject (the unit of a unit sheet, the employee of a private one, a workshop).
        items += [
            publishing.Publication(
                key,
                template,
                view,
                locale,
                "" if view.header.subtitle == ctx.policy.title else view.header.subtitle,
                keep_dated,
            )
            for locale, view in views.items()
        ]
    newest = session.exec(select(func.max(Document.id))).one() or 0
    published = publishing.publish_many(
        session,
        cycle_id=ctx.cycle.id or 0,
        stage_run_id=ctx.run_id,
        folder=ctx.folder,
        items=items,
        actor=actor,
        flow_run_id=flow_run_id,
        organisation_id=ctx.org_id,
    )
    return doc_refs(published, newest)


def doc_refs(published: Sequence[Document], newest: int) -> list[DocRef]:
    """Published documents as plain data; `new`: registered after document id `newest`."""
    return [
        DocRef(
            id=doc.id or 0,
            key=doc.key,
            title=doc.title,
            locale=doc.locale,
            version=doc.version,
            html_path=str(doc.html_file),
            md_path=str(doc.md_file),
            new=(doc.id or 0) > newest,
        )
        for doc in published
    ]


def ingest_warnings(done: Mapping[str, Any]) -> list[str]:
    """The warnings of a stage's `ingest` result, each named by its input and file.

    Every input whose entry carries `warnings` (imports and drafts) contributes; the
    stage still ran, but the officer should read them (an input recorded as general
    because the Pasal it names is not in the draft, an unknown column, …).
    """
    out = []
    for name, entry in done.items():
        if isinstance(entry, Mapping) and entry.get("warnings"):
            file = entry.get("filename") or entry.get("file")
            where = f"{name} ({file})" if file else name
            out += [f"{where}: {w}" for w in entry["warnings"]]
    return out


def main_markdown(refs: Sequence[DocRef]) -> str:
    """The Markdown of the first document (the stage report shown in Prefect)."""
    return Path(refs[0].md_path).read_text(encoding="utf-8") if refs else ""
