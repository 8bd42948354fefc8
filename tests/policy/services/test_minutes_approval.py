"""Minutes approval (organiser + leader, two people) and the recap's themes and repeats."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from policy.input_analysis import DEFAULT_THEMES
from policy.models import AuditEvent, Forum, MinutesApproval, Role, Stage
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import forum_minutes, forums, imports
from policy.services.common import NotFoundError, ServiceError, get_cycle, get_org
from tests.factories import approve_through, make_org, write_file, write_pack
from tests.policy.services.test_forums import (
    AS_OF,
    EMPLOYEES,
    _doc,
    _inputs,
    _pack,
    _running,
)

HELD = date(2026, 3, 10)


def _approve(session: Session, org: str, actor: str, **kw: object) -> forum_minutes.ApprovalOutcome:
    return forum_minutes.approve_minutes(
        session=session,
        organisation=org,
        cycle=None,
        code=str(kw.pop("code", "F1")),
        actor=actor,
        on=kw.pop("on", date(2026, 3, 12)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def _closed(session: Session, tmp_path: Path) -> tuple[str, int]:
    org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    return org, run_id


def test_two_people_approve_and_the_notulen_shows_them(session: Session, tmp_path: Path) -> None:
    org, run_id = _closed(session, tmp_path)
    first = _approve(session, org, "budi")
    assert (first.role, first.recorded, first.missing) == (Role.ORGANISER, True, (Role.LEADER,))
    assert not first.complete
    again = _approve(session, org, "budi", on=date(2026, 3, 20))
    assert again.recorded is False  # the same approval again changes nothing
    second = _approve(session, org, "sekda", on=date(2026, 3, 13))
    assert second.role == Role.LEADER and second.complete
    rows = session.exec(select(MinutesApproval).order_by(MinutesApproval.id)).all()
    assert [(r.role, r.username, r.name, r.approved_on) for r in rows] == [
        ("organiser", "budi", "Budi Santoso", date(2026, 3, 12)),
        ("leader", "sekda", "Hendra Gunawan", date(2026, 3, 13)),
    ]
    events = session.exec(
        select(AuditEvent).where(AuditEvent.action == "forum.minutes_approved")
    ).all()
    assert [(e.actor, e.payload["role"], e.payload["complete"]) for e in events] == [
        ("budi", "organiser", False),
        ("sekda", "leader", True),
    ]
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    assert out.summary["closed"] == 1 and out.summary["minutes_approved"] == 1
    minutes = _doc(out, "notulen-F1")
    assert "## 7. Persetujuan Notulen" in minutes
    assert "| Penyelenggara forum | Budi Santoso | – | 12 Maret 2026 |" in minutes
    assert "| Pimpinan | Hendra Gunawan | – | 13 Maret 2026 |" in minutes
    recap = _doc(out, "rekapitulasi-masukan")
    assert "| ditutup, notulen disetujui | 5 | 5 |" in recap
    english = forums.produce(
        session=session, run_id=run_id, actor="budi", as_of=AS_OF, locales=("en",)
    )
    assert "| Forum organiser | Budi Santoso | – | 12 March 2026 |" in _doc(
        english, "notulen-F1", "en"
    )


def test_minutes_awaiting_approval_are_marked(session: Session, tmp_path: Path) -> None:
    org, run_id = _closed(session, tmp_path)
    _approve(session, org, "sekda")
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    minutes = _doc(out, "notulen-F1")
    assert "| Penyelenggara forum | belum disetujui | – | – |" in minutes
    assert "| Pimpinan | Hendra Gunawan |" in minutes
    assert "ditutup, notulen menunggu persetujuan" in _doc(out, "rekapitulasi-masukan")


@pytest.mark.parametrize(
    ("first", "second", "kw", "message"),
    [
        ("budi", "budi", {"role": Role.LEADER}, "budi tidak berperan leader (pimpinan)"),
        ("rina", None, {}, "rina tidak berwenang menyetujui notulen"),
        ("sekda", "kaban", {}, "sudah disetujui sebagai pimpinan oleh sekda pada 12 Maret 2026"),
        ("kaban", None, {"on": date(2026, 3, 9)}, "sebelum forum F1 dilaksanakan (10 Maret 2026)"),
        ("budi", None, {"code": "F9"}, "Forum 'F9' tidak ada di siklus ke-1 (yang ada: F1, F2)"),
        ("budi", None, {"code": "F2"}, "Forum F2 belum ditutup dengan notulen"),
    ],
)
def test_refusals(
    session: Session,
    tmp_path: Path,
    first: str,
    second: str | None,
    kw: dict[str, object],
    message: str,
) -> None:
    org, _run = _closed(session, tmp_path)
    if second is not None:
        _approve(session, org, first)
        first = second
    with pytest.raises(ServiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _approve(session, org, first, **kw)


def test_unknown_forum_is_not_found(session: Session, tmp_path: Path) -> None:
    org, _run = _closed(session, tmp_path)
    with pytest.raises(NotFoundError):
        _approve(session, org, "budi", code="F9")


def test_one_person_cannot_approve_twice_in_two_roles(session: Session, tmp_path: Path) -> None:
    data = _pack()
    data["members"] = [
        *data["members"],
        {"username": "ani", "name": "Ani", "roles": ["organiser", "leader"]},
    ]
    org = make_org(session, tmp_path, data)
    imports.import_file(
        session=session,
        organisation=org,
        kind="pegawai",
        path=write_file(tmp_path, "pegawai.csv", EMPLOYEES),
        actor="rina",
    )
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=forums.STAGE, actor="budi"
    )
    forums.ingest(session=session, run_id=ref.run_id, inputs=_inputs(tmp_path), actor="budi")
    with pytest.raises(ServiceError, match="sebutkan perannya dengan --role"):
        _approve(session, org, "ani")
    assert _approve(session, org, "ani", role=Role.LEADER).role == Role.LEADER
    with pytest.raises(ServiceError, match="harus dari dua orang yang berbeda"):
        _approve(session, org, "ani", role=Role.ORGANISER)
    # Holding both roles, the one left open is taken without --role.
    assert _approve(session, org, "budi").complete


def test_pack_forums_are_planned_in_their_round(session: Session, tmp_path: Path) -> None:
    data = _pack()
    data["forums"][1]["round"] = 2
    org, run_id = _running_with(session, tmp_path, data)
    done = forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    assert done["forums_planned"] == ["F1"]
    assert session.exec(select(Forum.code)).all() == ["F1"]
    assert forums.current_round(session, get_cycle(session, get_org(session, org))) == 1


def _running_with(session: Session, tmp_path: Path, data: dict[str, object]) -> tuple[str, int]:
    org = make_org(session, tmp_path, data)
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=forums.STAGE, actor="budi"
    )
    return org, ref.run_id


# ------------------------------------------------------------------ themes and repeats

THEMED = """forum;nama;instansi;kelompok;bagian;masukan
F1;Andi Pratama;Dinas Kependudukan;asn;Pasal 5;Penilaian kinerja periodik sebaiknya setiap triwulan.
F1;Dewi Sartika;Warga;masyarakat;Pasal 9;Kanal pengaduan layanan harus dijawab dalam 2 hari.
F1;Eko Saputra;LSM Cahaya;masyarakat;Pasal 9;Kanal pengaduan layanan harus dijawab dalam 2 hari kerja.
F1;Beti Lestari;Dinas Kependudukan;asn;;Terima kasih atas kesempatan ini.
F1;Fajar Nugraha;Universitas;masyarakat;Pasal 5;"penilaian kinerja periodik, sebaiknya setiap TRIWULAN!"
"""  # noqa: E501


def test_recap_groups_by_theme_and_marks_near_repeats(session: Session, tmp_path: Path) -> None:
    org, run_id = _running(session, tmp_path)
    files = _inputs(tmp_path)
    files["masukan"] = write_file(tmp_path, "masukan.csv", THEMED)
    forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    recap = _doc(out, "rekapitulasi-masukan")
    assert out.summary["duplicates"] == {"exact": 1, "near": 1}
    assert out.summary["inputs_by_theme"] == {
        "Penilaian dan evaluasi kinerja": 2,
        "Pengaduan dan layanan publik": 2,
        "Lainnya": 1,
    }
    # 5 repeats 1 exactly (case, marks, spacing aside); 3 repeats 2 with one word added:
    # 8 of 9 words alike, ratio 2 * 8 / (8 + 9) = 0.941.
    assert "**No. 5** (forum F1): Fajar Nugraha" in recap
    assert "**sama dengan masukan no. 1**" in recap
    assert "**mirip dengan masukan no. 2** (kemiripan 94%)" in recap
    assert "| Penilaian dan evaluasi kinerja | 2 | Pasal 5 | 1, 5 |" in recap
    assert "| Pengaduan dan layanan publik | 2 | Pasal 9 | 2, 3 |" in recap
    assert "| Lainnya | 1 | Umum | 4 |" in recap
    assert "- 1 masukan isinya hampir sama dengan masukan sebelumnya" in recap
    english = forums.produce(
        session=session, run_id=run_id, actor="budi", as_of=AS_OF, locales=("en",)
    )
    text = _doc(english, "rekapitulasi-masukan", "en")
    assert "| Other | 1 | General | 4 |" in text
    assert "**similar to input no. 2** (94% similar)" in text
    assert "theme: Other" in text


def test_themes_come_from_the_pack(session: Session, tmp_path: Path) -> None:
    data = _pack()
    data["themes"] = {"Kecepatan": ["triwulan", "hari"], "Sisanya": []}
    org, run_id = _running_with(session, tmp_path, data)
    files = _inputs(tmp_path)
    files["masukan"] = write_file(tmp_path, "masukan.csv", THEMED)
    forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    recap = _doc(
        forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF),
        "rekapitulasi-masukan",
    )
    assert "| Kecepatan | 4 | Pasal 5, Pasal 9 | 1, 2, 3, 5 |" in recap
    assert "| Sisanya | 1 | Umum | 4 |" in recap


def test_pack_themes_default_and_validation(tmp_path: Path) -> None:
    from policy.packs import PackError
    from tests.factories import MINI_PACK

    assert load_pack(write_pack(tmp_path, MINI_PACK)).pack.themes == DEFAULT_THEMES
    bad = copy.deepcopy(MINI_PACK)
    bad["themes"] = {" ": ["x"], "A": ["--"]}
    with pytest.raises(PackError) as err:
        load_pack(write_pack(tmp_path, bad))
    assert "nama tema kosong" in str(err.value) and "kata kunci '--'" in str(err.value)


def test_held_date_is_checked_on_the_default_day(session: Session, tmp_path: Path) -> None:
    org, _run = _closed(session, tmp_path)
    # Without a date the approval speaks for today, after the forum was held.
    outcome = forum_minutes.approve_minutes(
        session=session, organisation=org, cycle=None, code="F1", actor="budi"
    )
    row = session.exec(select(MinutesApproval)).one()
    assert outcome.recorded and row.approved_on >= HELD


def test_approval_after_publishing_republishes_the_notulen(
    session: Session, tmp_path: Path
) -> None:
    from policy.models import Document

    org, run_id = _closed(session, tmp_path)
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF,
                         locales=("id", "en"))  # fmt: skip
    assert "## 7. Persetujuan Notulen" in _doc(out, "notulen-F1")

    def notulen() -> list[tuple[str, int]]:
        rows = session.exec(select(Document).where(Document.key == "notulen-F1")).all()
        return sorted((d.locale, d.version) for d in rows)

    assert notulen() == [("en", 1), ("id", 1)]
    _approve(session, org, "budi")
    assert notulen() == [("en", 1), ("id", 1)]  # one approval does not make it count yet
    _approve(session, org, "sekda", on=date(2026, 3, 13))
    assert notulen() == [("en", 1), ("en", 2), ("id", 1), ("id", 2)]
    latest = session.exec(
        select(Document).where(
            Document.key == "notulen-F1", Document.locale == "id", Document.version == 2
        )  # fmt: skip
    ).one()
    text = latest.md_file.read_text(encoding="utf-8")
    assert "| Pimpinan | Hendra Gunawan | – | 13 Maret 2026 |" in text
    assert latest.stage_run_id == run_id and latest.created_by == "sekda"


def test_approval_after_the_run_republishes_the_rekapitulasi(
    session: Session, tmp_path: Path
) -> None:
    """The run that closes F1 writes its minutes as awaiting approval; the approval mends it."""
    from policy.models import Document

    org, run_id = _closed(session, tmp_path)
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF,
                         locales=("id", "en"))  # fmt: skip
    cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary=out.summary)
    assert "| F1 | belum disetujui | belum disetujui |" in _doc(out, "rekapitulasi-masukan")

    def recap(locale: str = "id") -> list[Document]:
        query = select(Document).where(
            Document.key == "rekapitulasi-masukan", Document.locale == locale
        )
        return sorted(session.exec(query).all(), key=lambda d: d.version)

    _approve(session, org, "budi", on=date(2026, 3, 12))
    assert [d.version for d in recap()] == [1]  # one approval does not make the minutes count
    done = _approve(session, org, "sekda", on=date(2026, 3, 23))
    latest, english = recap()[-1], recap("en")[-1]
    assert (latest.version, english.version) == (2, 2)
    assert latest.stage_run_id == run_id and latest.created_by == "sekda"
    text = latest.md_file.read_text(encoding="utf-8")
    assert "| F1 | Budi Santoso (12 Maret 2026) | Hendra Gunawan (23 Maret 2026) |" in text
    assert "ditutup, notulen disetujui |" in text and "menunggu persetujuan" not in text
    # Dated the approval day (after the run's 20 March), still prepared by the officer who ran it.
    assert "Contoh, 23 Maret 2026\\\nDisusun oleh,\n\n**Budi Santoso**" in text
    assert (
        "| F1 | Budi Santoso (12 March 2026) | Hendra Gunawan (23 March 2026) |"
        in english.md_file.read_text(encoding="utf-8")
    )
    assert f"#{latest.id} Rekapitulasi Masukan (id)" in done.republished
    assert f"#{english.id} Summary of Stakeholder Input (en)" in done.republished
    published = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "document.published", AuditEvent.subject_id == latest.id
        )
    ).one()
    assert (published.actor, published.payload["version"]) == ("sekda", 2)
    # The same approval again publishes nothing more.
    again = _approve(session, org, "sekda", on=date(2026, 3, 23))
    assert not again.recorded and [d.version for d in recap()] == [1, 2]
