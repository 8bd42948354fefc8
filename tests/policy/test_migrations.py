"""Migrations and models agree; new databases are stamped, old ones upgraded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from policy.db import (
    SCHEMA_REVISION,
    alembic_config,
    ensure_schema,
    make_engine,
    schema_revision,
)
from policy.models import Forum, Objection
from policy.settings import Settings
from tests.factories import make_cycle


def test_schema_revision_is_the_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_created_schema_is_stamped(engine: Engine) -> None:
    assert schema_revision(engine) == SCHEMA_REVISION


def test_migrations_build_exactly_the_models(settings: Settings) -> None:
    engine = make_engine(f"sqlite:///{settings.data_dir / 'migrated.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diffs == [], "models changed without a migration: add an Alembic revision"


def test_ensure_schema_upgrades_an_unstamped_old_database(settings: Settings) -> None:
    engine = make_engine(f"sqlite:///{settings.data_dir / 'old.db'}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    assert inspect(engine).has_table("auditevent")


def test_a_database_of_0001_keeps_its_forums_and_gains_their_hours(
    engine: Engine, tmp_path: Path
) -> None:
    """On both databases: a forum stored before 0002 is kept, with no hours."""
    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        when = date(2026, 2, 10)
        session.add(Forum(cycle_id=cycle.id or 0, code="F1", title="Forum", held_on=when,
                          venue="Aula"))  # fmt: skip
        session.commit()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    assert "starts_at" not in {c["name"] for c in inspect(engine).get_columns("forum")}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    for table in ("forum", "workshop"):
        columns = {c["name"]: c for c in inspect(engine).get_columns(table)}
        assert columns["starts_at"]["nullable"] and columns["ends_at"]["nullable"]
    with Session(engine) as session:
        (forum,) = session.exec(select(Forum)).all()
        assert (forum.code, forum.held_on, forum.starts_at) == ("F1", date(2026, 2, 10), None)


def test_a_workshop_stored_before_0004_has_no_further_sessions(
    engine: Engine, tmp_path: Path
) -> None:
    """On both databases: the sessions column comes with '[]' for the workshops there."""
    from policy.models import Workshop

    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        session.add(Workshop(cycle_id=cycle.id or 0, code="W1", topic="Sosialisasi",
                             held_on=date(2026, 5, 12), trainer="BKPSDM"))  # fmt: skip
        session.commit()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    assert "sessions" not in {c["name"] for c in inspect(engine).get_columns("workshop")}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (workshop,) = session.exec(select(Workshop)).all()
        assert (workshop.code, workshop.sessions) == ("W1", [])


def test_a_recap_stored_before_0011_has_no_leave(engine: Engine, tmp_path: Path) -> None:
    """On both databases: activity reports kept across 0011 gain 0 days of leave."""
    from policy.models import ActivityReport, Organisation

    with Session(engine) as session:
        make_cycle(session, tmp_path)
        org_id = session.exec(select(Organisation.id)).one()
        session.add(ActivityReport(organisation_id=org_id, month="2026-07",
                                   nip="198503152010012001", days=19))  # fmt: skip
        session.commit()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")
    assert "leave_days" not in {c["name"] for c in inspect(engine).get_columns("activityreport")}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (row,) = session.exec(select(ActivityReport)).all()
        assert (row.month, row.days, row.leave_days) == ("2026-07", 19, 0)


def test_documents_registered_before_0012_have_no_date(engine: Engine, tmp_path: Path) -> None:
    """On both databases: the registry keeps its documents across 0012, undated."""
    from policy.models import Document

    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        session.add(Document(cycle_id=cycle.id or 0, key="laporan", kind="laporan_evaluasi",
                             locale="id", version=1, title="Laporan", md_path="a.md",
                             html_path="a.html", sha256="0" * 64, md_sha256="1" * 64,
                             template="id/laporan_evaluasi.md.j2", template_sha256="2" * 64,
                             data_sha256="3" * 64, created_by="rina"))  # fmt: skip
        session.commit()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0011")
    assert "dated" not in {c["name"] for c in inspect(engine).get_columns("document")}
    ensure_schema(engine)
    with Session(engine) as session:
        (doc,) = session.exec(select(Document)).all()
        assert (doc.key, doc.version, doc.dated) == ("laporan", 1, None)


def _one_action(engine: Engine, tmp_path: Path, rule: str, subject: str) -> None:
    """A cycle with an approved TW III evaluation run and one open action of `rule`."""
    from policy.models import FollowUpAction, StageRun

    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        run = StageRun(cycle_id=cycle.id or 0, stage="evaluation", period="2026-TW3",
                       status="approved", started_by="rina")  # fmt: skip
        session.add(run)
        session.flush()
        session.add(FollowUpAction(cycle_id=cycle.id or 0, stage_run_id=run.id or 0, rule=rule,
                                   subject=subject, title="Tindak lanjut", owner="Kepala Dinas",
                                   due_on=date(2026, 11, 12)))  # fmt: skip
        session.commit()


def test_actions_raised_before_0013_have_no_progress(engine: Engine, tmp_path: Path) -> None:
    """On both databases: follow-up actions kept across 0013, with no progress reported."""
    from policy.models import FollowUpAction

    _one_action(engine, tmp_path, "coaching", "198503152010012001")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012")
    columns = {c["name"] for c in inspect(engine).get_columns("followupaction")}
    assert not columns & {"progress_note", "progress_by", "progress_at"}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (action,) = session.exec(select(FollowUpAction)).all()
        assert (action.rule, action.status, action.progress_note, action.progress_at) == (
            "coaching", "open", "", None)  # fmt: skip


def test_actions_raised_before_0019_have_no_public_note(engine: Engine, tmp_path: Path) -> None:
    """On both databases: follow-up actions kept across 0019, with an empty public note."""
    from policy.models import FollowUpAction

    _one_action(engine, tmp_path, "corrective_ikm", "PKM")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0018")
    columns = {c["name"] for c in inspect(engine).get_columns("followupaction")}
    assert "public_note" not in columns
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (action,) = session.exec(select(FollowUpAction)).all()
        assert (action.rule, action.subject, action.public_note) == ("corrective_ikm", "PKM", "")


def test_inputs_given_before_0020_carry_no_address(engine: Engine, tmp_path: Path) -> None:
    """On both databases: forum inputs kept across 0020, with no address and never told."""
    from policy.models import ForumInput

    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        forum = Forum(cycle_id=cycle.id or 0, code="F1", title="Forum", held_on=date(2026, 2, 10),
                      venue="Aula")  # fmt: skip
        session.add(forum)
        session.flush()
        session.add(ForumInput(forum_id=forum.id or 0, cycle_id=cycle.id or 0, number=1,
                               author="Dewi", text="Umumkan hasilnya.", text_sha256="4" * 64,
                               notify_email="dewi@warga.example"))  # fmt: skip
        session.commit()
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0019")
    columns = {c["name"] for c in inspect(engine).get_columns("foruminput")}
    assert not columns & {"notify_email", "notify_locale", "notified_at"}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (item,) = session.exec(select(ForumInput)).all()
        assert (item.number, item.author, item.notify_email, item.notify_locale,
                item.notified_at) == (1, "Dewi", None, "", None)  # fmt: skip


def test_objections_kept_before_0022_have_no_decision_link(engine: Engine, tmp_path: Path) -> None:
    """On both databases: objections kept across 0022, with no link for who decides."""
    from tests.policy.services import test_objections as register

    with Session(engine) as session:
        register._evaluated(session, tmp_path)
        register._file(session)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0021")
    columns = {c["name"] for c in inspect(engine).get_columns("objection")}
    assert not columns & {"decision_token_sha256", "decision_link_expires_at"}
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with Session(engine) as session:
        (row,) = session.exec(select(Objection)).all()
        assert (row.number, row.nip, row.decision_token_sha256,
                row.decision_link_expires_at) == (1, register.FAJAR, None, None)  # fmt: skip


def test_document_paths_become_relative_to_the_documents_folder_in_0017(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    """On both databases: an absolute path under the documents folder loses it, one elsewhere
    stays; the downgrade puts the folder back in front of a relative path."""
    from policy.models import Document

    root = settings.documents_dir.resolve()
    folder = "contoh/siklus-1/evaluation-2026-TW3"
    outside = tmp_path / "arsip" / "lama-v1.id"
    registered = {"lama": f"{root}/{folder}/lama-v1.id", "luar": str(outside),
                  "baru": f"{folder}/baru-v1.id"}  # fmt: skip
    with Session(engine) as session:
        cycle = make_cycle(session, tmp_path)
        for key, base in registered.items():
            session.add(Document(cycle_id=cycle.id or 0, key=key, kind="laporan_evaluasi",
                                 locale="id", version=1, title="Laporan", md_path=f"{base}.md",
                                 html_path=f"{base}.html", sha256="0" * 64, md_sha256="1" * 64,
                                 template="id/laporan_evaluasi.md.j2", template_sha256="2" * 64,
                                 data_sha256="3" * 64, created_by="rina"))  # fmt: skip
        session.commit()

    def stored() -> dict[str, tuple[str, str, Path]]:
        with Session(engine) as session:
            docs = session.exec(select(Document)).all()
            return {d.key: (d.md_path, d.html_path, d.html_file) for d in docs}

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0016")
    baru = root / folder / "baru-v1.id"
    assert stored()["baru"] == (f"{baru}.md", f"{baru}.html", Path(f"{baru}.html"))
    ensure_schema(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    assert stored() == {
        "lama": (f"{folder}/lama-v1.id.md", f"{folder}/lama-v1.id.html",
                 root / folder / "lama-v1.id.html"),
        "luar": (f"{outside}.md", f"{outside}.html", Path(f"{outside}.html")),
        "baru": (f"{folder}/baru-v1.id.md", f"{folder}/baru-v1.id.html", Path(f"{baru}.html")),
    }  # fmt: skip
