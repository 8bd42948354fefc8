"""Section references across consultation rounds: an input keeps the Pasal it named.

Round 1 consults on version 1; drafting writes version 2, which inserts two Pasal before
Pasal 5 (now Pasal 6) in place of Pasal 4 (removed); leadership sends it back for round 2.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from policy.documents import render_markdown, render_portal
from policy.models import Decision, DraftSection, DraftVersion, Forum, ForumInput, Stage
from policy.services import (
    consultation,
    drafting,
    forum_minutes,
    forum_plan,
    forums,
    imports,
    portal_access,
    review,
)
from policy.services import cycle as cycle_service
from policy.services.common import get_org
from policy.services.section_refs import (
    DraftIndex,
    consulted_version,
    section_sid_for,
)
from policy.services.stagework import ingest_warnings
from policy.views import TEMPLATE_VIEWS
from policy.views.sections import SectionPlace
from tests.factories import MINI_PACK, approve_run, approve_through, make_org, write_file
from tests.policy.test_perwali import DRAFT
from tests.test_templates import minimal

V1 = DRAFT.replace(
    "Penilaian kinerja dilakukan setiap triwulan.",
    "(1) Penilaian kinerja dilakukan setiap triwulan.\n"
    "(2) Hasil penilaian disampaikan kepada Pegawai.",
)
# Pasal 4 (SKP deadlines) gives way to two new Pasal; Pasal 5 becomes Pasal 6.
V2 = V1.replace(
    "#### Pasal 4\n(1) SKP disusun paling lambat 31 Januari.\n"
    "(2) SKP ditetapkan oleh pejabat penilai kinerja.\n",
    "#### Pasal 4\nPejabat penilai kinerja memberikan umpan balik setiap bulan kepada bawahannya.\n"
    "\n#### Pasal 5\nCatatan umpan balik disimpan dalam aplikasi yang disediakan BKPSDM.\n",
).replace("#### Pasal 5\n(1) Penilaian", "#### Pasal 6\n(1) Penilaian", 1)
V2 = V2.replace(
    "### Pasal 6\nPeraturan Wali Kota ini mulai", "### Pasal 7\nPeraturan Wali Kota ini mulai"
)

ROUND1 = """\
forum;nama;instansi;kelompok;bagian;masukan
F1;Andi Pratama;Dinas Kependudukan;asn;Pasal 5 ayat (2);Hasil penilaian disampaikan secara tertulis.
F1;Beti Lestari;Dinas Kependudukan;asn;Pasal 4;Batas 31 Januari terlalu dekat dengan libur.
F1;Dewi Sartika;;masyarakat;Pasal 99;Libatkan hasil survei kepuasan masyarakat.
F1;Eko Saputra;Puskesmas Kota;asn;;Sosialisasi sampai ke puskesmas.
"""
ROUND2 = """\
forum;nama;instansi;kelompok;bagian;masukan
F2;Fajar Nugraha;Puskesmas Kota;asn;Pasal 6 ayat (1);Penilaian triwulanan sudah tepat.
F1;Gita Permata;Dinas Kependudukan;asn;Pasal 5;Masukan tertulis yang baru diketik ulang.
"""
ANSWERS = """\
nomor;status;tanggapan;bagian_berubah
1;diterima;Diterima.;Pasal 6
2;diterima;"Diterima; Pasal 4 diganti.";Pasal 4
3;di luar lingkup;Di luar lingkup.;
4;diterima;Diterima untuk tahap sosialisasi.;
"""
MINUTES = """{code}:
  pimpinan_rapat: "Hendra Gunawan"
  notulis: "Rina Marlina"
  ringkasan: Forum membahas rancangan.
"""


def _pack() -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    data["forums"] = [
        {"code": "F1", "title": "Forum Putaran 1", "date": "2026-03-10", "venue": "Aula",
         "groups": ["asn", "masyarakat"]},
        {"code": "F2", "title": "Forum Putaran 2", "date": "2026-04-20", "venue": "Aula",
         "groups": ["asn", "masyarakat"], "round": 2},
    ]  # fmt: skip
    return data


def _close(session: Session, org: str, code: str) -> None:
    for who in ("budi", "sekda"):
        forum_minutes.approve_minutes(
            session=session, organisation=org, cycle=None, code=code, actor=who,
            on=date(2026, 4, 21),
        )  # fmt: skip


def _round_one(session: Session, tmp_path: Path) -> tuple[str, dict[str, Any], int]:
    """Round 1 on version 1 with its inputs; drafting of version 2 running: (org, done, run)."""
    org = make_org(session, tmp_path, _pack())
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    done = forums.ingest(
        session=session,
        run_id=ref.run_id,
        inputs={
            "rancangan": write_file(tmp_path, "v1.md", V1),
            "masukan": write_file(tmp_path, "masukan1.csv", ROUND1),
            "notulen": write_file(tmp_path, "n1.yaml", MINUTES.format(code="F1")),
        },
        actor="budi",
    )
    _close(session, org, "F1")
    approve_run(session, org, Stage.FORUMS, ref.run_id, "budi")
    run = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.DRAFTING, actor="rina"
    )
    drafting.ingest(
        session=session,
        run_id=run.run_id,
        inputs={
            "rancangan": write_file(tmp_path, "v2.md", V2),
            "tanggapan": write_file(tmp_path, "t.csv", ANSWERS),
        },
        actor="rina",
    )
    return org, done, run.run_id


def _round_two(session: Session, tmp_path: Path, org: str, draft_run: int) -> int:
    """Leadership sends version 2 back; round 2's forums stage imports its inputs."""
    cycle_service.submit_stage(session=session, run_id=draft_run, actor="rina", summary={})
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.DRAFTING,
                  reviewer="sekda", decision=Decision.RETURN, back_to=Stage.FORUMS,
                  reason="Versi 2 dikonsultasikan lagi.")  # fmt: skip
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    forums.ingest(
        session=session,
        run_id=ref.run_id,
        inputs={
            "masukan": write_file(tmp_path, "masukan2.csv", ROUND2),
            "notulen": write_file(tmp_path, "n2.yaml", MINUTES.format(code="F2")),
        },
        actor="budi",
    )
    return ref.run_id


def _sid(session: Session, version: int, label: str) -> str:
    return session.exec(
        select(DraftSection.sid)
        .join(DraftVersion, col(DraftVersion.id) == DraftSection.version_id)
        .where(DraftVersion.number == version, DraftSection.label == label)
    ).one()


def _input(session: Session, number: int) -> ForumInput:
    return session.exec(select(ForumInput).where(ForumInput.number == number)).one()


def _doc(out: Any, key: str, locale: str = "id") -> str:
    ref = next(d for d in out.documents if d.key == key and d.locale == locale)
    return Path(ref.md_path).read_text(encoding="utf-8")


# ------------------------------------------------------------------------ recording


def test_import_reads_labels_in_the_consulted_version_and_warns_on_unknown_ones(
    session: Session, tmp_path: Path
) -> None:
    org, done, _run = _round_one(session, tmp_path)
    # the fixture's premise: Pasal 5 of version 1 is Pasal 6 of version 2; Pasal 4 is gone
    pasal5 = _sid(session, 1, "Pasal 5")
    assert _sid(session, 2, "Pasal 6") == pasal5
    assert _sid(session, 1, "Pasal 4") not in {_sid(session, 2, f"Pasal {n}") for n in range(1, 8)}
    versions = session.exec(select(DraftVersion.number, DraftVersion.for_round)).all()
    assert sorted(versions) == [(1, 1), (2, 2)]
    rows = [(_input(session, n).section_ref, _input(session, n).section_sid) for n in (1, 2, 3, 4)]
    assert rows == [
        ("Pasal 5 ayat (2)", pasal5),
        ("Pasal 4", _sid(session, 1, "Pasal 4")),
        ("Pasal 99", ""),  # recorded all the same, as a general input
        ("", ""),
    ]
    assert done["masukan"]["written"] == 4
    assert done["masukan"]["warnings"] == (
        "baris 4: bagian 'Pasal 99' tidak ada di rancangan versi 1 yang dikonsultasikan forum "
        "F1; masukan tetap dicatat sebagai masukan umum",
    )
    assert ingest_warnings(done) == [
        "masukan (masukan1.csv): baris 4: bagian 'Pasal 99' tidak ada di rancangan versi 1 "
        "yang dikonsultasikan forum F1; masukan tetap dicatat sebagai masukan umum"
    ]


def test_a_round_one_input_imported_late_still_reads_version_one(
    session: Session, tmp_path: Path
) -> None:
    org, _done, run = _round_one(session, tmp_path)
    _round_two(session, tmp_path, org, run)
    late, fresh = _input(session, 6), _input(session, 5)
    # 'Pasal 5' from a round-1 forum is version 1's Pasal 5, not version 2's new Pasal 5
    assert (late.section_ref, late.section_sid) == ("Pasal 5", _sid(session, 1, "Pasal 5"))
    assert late.section_sid != _sid(session, 2, "Pasal 5")
    assert (fresh.section_ref, fresh.section_sid) == (
        "Pasal 6 ayat (1)",
        _sid(session, 1, "Pasal 5"),
    )
    f1, f2 = (session.exec(select(Forum).where(Forum.code == c)).one() for c in ("F1", "F2"))
    consulted = [consulted_version(session, f) for f in (f1, f2)]
    assert [v.number if v else None for v in consulted] == [1, 2]
    assert section_sid_for(session, f1, "pasal 5 ayat (1)") == _sid(session, 1, "Pasal 5")
    assert section_sid_for(session, f2, "Pasal 5") == _sid(session, 2, "Pasal 5")
    assert section_sid_for(session, f2, "Menimbang huruf b") == ""


def test_without_a_draft_labels_are_kept_and_the_forum_is_named(
    session: Session, tmp_path: Path
) -> None:
    org = make_org(session, tmp_path, _pack())
    cycle = cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    forum_plan.plan_cycle_forums(session=session, organisation=org, cycle=None, actor="budi")
    result = imports.ingest_file(
        session,
        get_org(session, org),
        "masukan",
        write_file(tmp_path, "m.csv", ROUND1),
        "budi",
        cycle,
    )
    assert result.written == 4
    assert result.warnings == (
        "forum F1: belum ada rancangan yang dikonsultasikan pada putaran 1 (impor berkas "
        "'rancangan' bersama tahap forum); bagian rancangan yang disebut dalam 3 masukan "
        "dicatat sebagaimana tertulis, tanpa dicocokkan dengan Pasal rancangan",
    )
    assert {i.section_sid for i in session.exec(select(ForumInput))} == {""}


# ------------------------------------------------------------------------ documents


def test_matrix_and_said_did_show_where_the_pasal_is_now(session: Session, tmp_path: Path) -> None:
    org, _done, run = _round_one(session, tmp_path)
    out = drafting.produce(session=session, run_id=run, actor="rina", locales=("id", "en"),
                           as_of=date(2026, 4, 6))  # fmt: skip
    md = _doc(out, "matriks-tanggapan")
    assert "| 1 | Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2) |" in md
    assert "| 2 | Pasal 4 (versi 1; dihapus pada versi 2) |" in md
    assert "| 3 | Pasal 99 (tidak ada pada rancangan versi 1) |" in md
    assert "| 4 | Umum |" in md
    assert "Untuk 2 masukan yang Pasalnya kini bernomor lain atau telah dihapus" in md
    assert "— Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2)**" in md
    en = _doc(out, "matriks-tanggapan", "en")
    assert "| 1 | Pasal 5 ayat (2) (version 1; now Article 6 in version 2) |" in en
    assert "| 2 | Pasal 4 (version 1; removed in version 2) |" in en
    assert (
        "For the 2 inputs whose Article now has another number or was removed, its place in "
        "draft version 2 is given in brackets."
    ) in en
    # the new Pasal 4 was written for input 2, on the Pasal 4 it replaced
    comparison = _doc(out, "perbandingan-versi-v1-v2")
    assert "bagian yang dituju: Pasal 4 (versi 1; dihapus pada versi 2))" in comparison


def test_recap_groups_one_pasal_across_rounds_under_its_current_label(
    session: Session, tmp_path: Path
) -> None:
    org, _done, run = _round_one(session, tmp_path)
    forums_run = _round_two(session, tmp_path, org, run)
    out = forums.produce(session=session, run_id=forums_run, actor="budi", as_of=date(2026, 4, 21))
    md = _doc(out, "rekapitulasi-masukan")
    heads = [line for line in md.splitlines() if line.startswith("### ")]
    assert heads == [
        "### Pasal 6 (3 masukan)",
        "### Pasal 4 (versi 1; dihapus pada versi 2) (1 masukan)",
        "### Umum (2 masukan)",
    ]
    pasal6 = md[md.index("### Pasal 6") : md.index("### Pasal 4")]
    assert [n for n in (1, 5, 6) if f"**No. {n}**" in pasal6] == [1, 5, 6]
    assert "bagian tertulis: Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2)" in pasal6
    assert "bagian tertulis: Pasal 6 ayat (1);" in pasal6
    general = md[md.index("### Umum") :]
    assert "bagian tertulis: Pasal 99 (tidak ada pada rancangan versi 1)" in general
    assert "| Pasal 6 | 3 |" in md
    assert out.summary["inputs_by_section"] == [
        {"bagian": "Pasal 6", "jumlah": 3},
        {"bagian": "Umum", "jumlah": 2},
        {"bagian": "Pasal 4 (versi 1; dihapus pada versi 2)", "jumlah": 1},
    ]
    # the Notulen of F1 keeps the numbering F1 was held on
    minutes = _doc(out, "notulen-F1")
    assert "### Pasal 5 (2 masukan)" in minutes and "kini Pasal" not in minutes


def test_organiser_page_groups_by_pasal_and_shows_where_it_is_now(
    session: Session, tmp_path: Path
) -> None:
    org, _done, run = _round_one(session, tmp_path)
    _round_two(session, tmp_path, org, run)
    issued = portal_access.issue_token(session=session, organisation=org, actor="budi")
    access = portal_access.check_token(session, issued.token)
    f1 = session.exec(select(Forum).where(Forum.code == "F1")).one()
    page = portal_access.forum_inputs(session=session, access=access, forum_id=f1.id or 0)
    assert [(s.section, [i.number for i in s.inputs]) for s in page.sections] == [
        ("Pasal 6", [1, 6]),
        ("Pasal 4 (versi 1; dihapus pada versi 2)", [2]),
        ("Umum", [3, 4]),
    ]
    first = page.sections[0].inputs[0]
    assert (first.place.status, first.place.number, first.show_ref) == ("moved", "6", True)
    html = render_portal("organiser_inputs", page)
    assert "<h2>Pasal 4 (versi 1; dihapus pada versi 2) (1)</h2>" in html
    assert "bagian tertulis: Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2)" in html


# --------------------------------------------------------------------------- portal


def test_portal_offers_the_version_each_forum_consults_on(session: Session, tmp_path: Path) -> None:
    org, _done, run = _round_one(session, tmp_path)
    cycle_service.submit_stage(session=session, run_id=run, actor="rina", summary={})
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.DRAFTING,
                  reviewer="sekda", decision=Decision.RETURN, back_to=Stage.FORUMS,
                  reason="Versi 2 dikonsultasikan lagi.")  # fmt: skip
    forum_plan.plan_cycle_forums(session=session, organisation=org, cycle=None, actor="budi")
    links = consultation.forum_links(session=session, organisation=org, cycle=None, actor="budi")
    tokens = {link.code: link.path.removeprefix("/f/") for link in links}
    old, new = (consultation.forum_page(session=session, token=tokens[c]) for c in ("F1", "F2"))
    assert (old.version, new.version) == (1, 2)
    assert "Pasal 7" in [s.label for s in new.sections]
    assert "Pasal 7" not in [s.label for s in old.sections]
    receipt = consultation.submit_input(
        session=session, token=tokens["F2"], name="Hana", organisation="Dukcapil", group="asn",
        section_sid=_sid(session, 2, "Pasal 6"), text="Sudah tepat.",
    )  # fmt: skip
    item = _input(session, receipt.number)
    assert (item.section_ref, item.section_sid) == ("Pasal 6", _sid(session, 1, "Pasal 5"))
    with pytest.raises(consultation.InputRefused) as refused:
        consultation.submit_input(
            session=session, token=tokens["F2"], name="Hana", organisation="Dukcapil",
            group="asn", section_sid=_sid(session, 1, "Pasal 4"), text="Pasal lama.",
        )  # fmt: skip
    assert "dikonsultasikan forum ini" in refused.value.problems["section_sid"]


# ----------------------------------------------------------------------------- pure


def _index() -> DraftIndex:
    return DraftIndex(
        rounds={1: 1, 2: 2, 3: 3},
        sections={
            1: {"p1": ("pasal", "Pasal 1"), "p2": ("pasal", "Pasal 2"), "b1": ("bab", "BAB I")},
            2: {"p1": ("pasal", "Pasal 1"), "p3": ("pasal", "Pasal 2"), "p2": ("pasal", "Pasal 3"),
                "b1": ("bab", "BAB II")},
            3: {"p1": ("pasal", "Pasal 1"), "p3": ("pasal", "Pasal 2"), "b1": ("bab", "BAB II")},
        },
        labels={
            1: {"Pasal 1": "p1", "Pasal 2": "p2", "BAB I": "b1"},
            2: {"Pasal 1": "p1", "Pasal 2": "p3", "Pasal 3": "p2", "BAB II": "b1"},
            3: {"Pasal 1": "p1", "Pasal 2": "p3", "BAB II": "b1"},
        },
    )  # fmt: skip


@pytest.mark.parametrize(
    ("ref", "rnd", "shown", "status", "extra"),
    [
        ("", 1, 3, "general", {}),
        ("Pasal 1 ayat (3)", 1, 3, "same", {"sid": "p1", "version": 1, "shown": 3}),
        ("pasal 2 huruf a", 1, 2, "moved", {"sid": "p2", "number": "3", "kind": "pasal"}),
        ("Pasal 2", 1, 3, "removed", {"sid": "p2", "version": 1, "removed_in": 3}),
        ("Pasal 2", 2, 3, "same", {"sid": "p3", "version": 2}),
        ("BAB I", 1, 2, "moved", {"sid": "b1", "number": "II", "kind": "bab"}),
        ("Pasal 9", 2, 3, "unknown", {"version": 2}),
        ("Menimbang huruf b", 1, 3, "unmatched", {"version": 1}),
        ("Pasal 2", 1, 1, "same", {"sid": "p2", "shown": None}),
    ],
)
def test_place_of_a_label(
    ref: str, rnd: int, shown: int, status: str, extra: dict[str, Any]
) -> None:
    place = _index().place(ref, "", rnd, shown)
    assert place.status == status
    assert place.model_dump(include=set(extra)) == extra


def test_heads_use_the_shown_label_or_the_last_one_held() -> None:
    index = _index()
    moved = index.place("Pasal 2 ayat (1)", "p2", 1, 2)
    assert index.head(moved).given == "Pasal 3"
    removed = index.head(index.place("Pasal 2", "", 1, 3))
    assert (removed.given, removed.version, removed.removed_in) == ("Pasal 3", 2, 3)
    assert index.head(index.place("Pasal 9", "", 1, 3)).key == "umum"
    assert index.head(index.place("menimbang", "", 1, 3)).given == "Menimbang"
    assert DraftIndex().consulted(1) is None


@pytest.mark.parametrize(
    ("place", "id_", "en"),
    [
        (SectionPlace(given="", status="general"), "Umum", "General"),
        (SectionPlace(given="Pasal 5 ayat (2)", status="moved", version=1, kind="pasal",
                      number="6", shown=2),
         "Pasal 5 ayat (2) (versi 1; kini Pasal 6 pada versi 2)",
         "Pasal 5 ayat (2) (version 1; now Article 6 in version 2)"),
        (SectionPlace(given="BAB III", status="moved", version=1, kind="bab", number="IV",
                      shown=3),
         "BAB III (versi 1; kini BAB IV pada versi 3)",
         "BAB III (version 1; now Chapter IV in version 3)"),
        (SectionPlace(given="Pasal 17", status="removed", version=1, removed_in=2),
         "Pasal 17 (versi 1; dihapus pada versi 2)",
         "Pasal 17 (version 1; removed in version 2)"),
        (SectionPlace(given="<b>Pasal 9</b>", status="unknown", version=1),
         "\\<b>Pasal 9\\</b> (tidak ada pada rancangan versi 1)",
         "\\<b>Pasal 9\\</b> (not in draft version 1)"),
        (SectionPlace(given="Menimbang", status="unmatched"), "Menimbang", "Menimbang"),
    ],
)  # fmt: skip
def test_bagian_filter_words_a_place_in_each_locale(
    settings: Any, place: SectionPlace, id_: str, en: str
) -> None:
    from policy.views.drafting import MatrixRow

    view = minimal(TEMPLATE_VIEWS["matriks_tanggapan"])
    row = minimal(MatrixRow).model_copy(update={"number": 1, "place": place, "status": "belum"})
    view = view.model_copy(update={"rows": [row]})
    for locale, expected in (("id", id_), ("en", en)):
        md = render_markdown("matriks_tanggapan", view, locale)  # type: ignore[arg-type]
        assert f"| 1 | {expected} |" in md


@pytest.mark.parametrize(
    ("place", "id_", "en"),
    [
        (SectionPlace(given="Pasal 11", status="same", version=2, heading=True),
         "Pasal 11", "Article 11"),
        (SectionPlace(given="BAB IV", status="same", version=2, heading=True),
         "BAB IV", "Chapter IV"),
        (SectionPlace(given="Diktum KEDUA", status="same", version=1, heading=True),
         "Diktum KEDUA", "Dictum SECOND"),
        (SectionPlace(given="Pasal 17", status="removed", version=1, removed_in=2,
                      heading=True),
         "Pasal 17 (versi 1; dihapus pada versi 2)",
         "Article 17 (version 1; removed in version 2)"),
        (SectionPlace(given="Menimbang huruf b", status="unmatched", heading=True),
         "Menimbang huruf b", "Menimbang huruf b"),
    ],
)  # fmt: skip
def test_headings_name_the_section_in_the_documents_language(
    settings: Any, place: SectionPlace, id_: str, en: str
) -> None:
    """A heading is the draft's own label: 'Article 11' in English; Indonesian as it was."""
    from policy.views.forums import InputItem, SectionInputs, SectionRow

    item = minimal(InputItem).model_copy(update={"number": 1, "place": place, "head": place})
    section = minimal(SectionInputs).model_copy(update={"head": place, "count": 2, "items": [item]})
    row = minimal(SectionRow).model_copy(update={"head": place, "count": 2})
    view = minimal(TEMPLATE_VIEWS["rekapitulasi_masukan"]).model_copy(
        update={"sections": [section], "section_rows": [row], "total_inputs": 2}
    )
    for locale, label, inputs in (("id", id_, "2 masukan"), ("en", en, "2 inputs")):
        md = render_markdown("rekapitulasi_masukan", view, locale)  # type: ignore[arg-type]
        assert f"### {label} ({inputs})" in md and f"| {label} | 2 |" in md


def test_sections_a_response_changed_are_named_in_english() -> None:
    """The Changes column and 'Sections changed' name whole sections in English; a label
    that is not a whole section's stays as the drafting team wrote it."""
    from policy.views.drafting import MatrixRow, SaidDid, SectionChange

    labels = ["Pasal 9", "diktum  ketiga", "Pasal 9 ayat (2)"]
    row = minimal(MatrixRow).model_copy(
        update={
            "number": 1,
            "status": "diterima",
            "changes": [SectionChange(label=label, version=2) for label in labels],
        }
    )
    said = minimal(SaidDid).model_copy(
        update={"status": "diterima", "did": "Diterima.", "changed_sections": labels}
    )
    view = minimal(TEMPLATE_VIEWS["matriks_tanggapan"]).model_copy(
        update={"rows": [row], "said_did": [said]}
    )
    en = render_markdown("matriks_tanggapan", view, "en")  # type: ignore[arg-type]
    changed = "Article 9 (version 2); Dictum THIRD (version 2); Pasal 9 ayat (2) (version 2) |"
    assert changed in en
    assert "Sections changed: Article 9; Dictum THIRD; Pasal 9 ayat (2)." in en
    md = render_markdown("matriks_tanggapan", view, "id")  # type: ignore[arg-type]
    assert "Pasal 9 (versi 2); diktum ketiga (versi 2); Pasal 9 ayat (2) (versi 2) |" in md


def test_ingest_warnings_name_input_and_file() -> None:
    done = {
        "forums_planned": [],
        "masukan": {"filename": "m.csv", "warnings": ("baris 3: x",)},
        "rancangan": {"file": "v2.md", "warnings": ["baris 9: y"]},
        "kehadiran": {"filename": "h.csv", "warnings": ()},
        "notulen": "n.yaml",
    }
    assert ingest_warnings(done) == ["masukan (m.csv): baris 3: x", "rancangan (v2.md): baris 9: y"]
