"""Forums: planning, attendance and input, minutes, the submit rule, the four documents."""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from policy.imports import ImportFileError
from policy.models import (
    AuditEvent,
    Decision,
    Document,
    Forum,
    ForumAttendance,
    ForumInput,
    Note,
    Stage,
)
from policy.packs import load_pack
from policy.services import cycle as cycle_service
from policy.services import forum_minutes, forums, gates, imports, organisation, review
from policy.services.common import ServiceError, get_cycle, get_org
from policy.views.sections import GENERAL, section_key
from tests.factories import MINI_PACK, approve_through, make_org, write_file

A, B = "198609262015051001", "199001152016032002"  # DUKCAPIL
C = "198703022014021003"  # PKM
AS_OF = date(2026, 3, 20)
SCRIPT = "<script>alert(1)</script>"
LINK = "[klik](javascript:alert(1))"

EMPLOYEES = f"""nip;nama;jenis_asn;jabatan;unit_kerja;nip_atasan;tim
{A};Andi Pratama;PNS;Kepala Seksi;DUKCAPIL;;
{B};Beti Lestari;PNS;Analis;DUKCAPIL;{A};
{C};Candra Wijaya;PNS;Perawat;PKM;;
"""

# 'Masyarakat' is written once as the code and once as the name; 'akademisi' is not in the pack.
ATTENDANCE = f"""forum;nama;nip;instansi;kelompok;hadir
F1;Andi Pratama;{A};;asn;ya
F1;Beti Lestari;{B};;asn;ya
F1;Candra Wijaya;{C};;asn;tidak
F1;Dewi Sartika;;Warga Kelurahan Aur;masyarakat;ya
F1;Eko {SCRIPT};;LSM Cahaya;Masyarakat;ya
F1;Fajar Nugraha;;Universitas Contoh;akademisi;ya
"""

INPUTS = f"""forum;nama;instansi;kelompok;bagian;masukan
F1;Andi Pratama;Dinas Kependudukan;asn;pasal 5 ayat (2);Periode penilaian sebaiknya triwulanan.
F1;Dewi Sartika;Warga Kelurahan Aur;masyarakat;Pasal 5 Ayat 2;Libatkan hasil survei kepuasan.
F1;Eko {SCRIPT};LSM Cahaya;masyarakat;PASAL 5;"{SCRIPT} {LINK} **tebal**
# judul"
F1;Beti Lestari;Dinas Kependudukan;asn;;Sosialisasi perlu menjangkau puskesmas.
F1;Candra Wijaya;Puskesmas Kota;asn;Pasal 7;periode penilaian  sebaiknya TRIWULANAN
"""

MINUTES = """F1:
  pimpinan_rapat: "Hendra Gunawan"
  notulis: "Rina Marlina"
  ringkasan: |
    Forum dibuka oleh Sekretaris Daerah.

    Peserta membahas periode penilaian dan pelibatan masyarakat.
  keputusan:
    - Masukan dibahas tim penyusun.
    - Forum lanjutan untuk masyarakat diadakan bulan depan.
"""


def _pack() -> dict[str, Any]:
    data = copy.deepcopy(MINI_PACK)
    data["policy"]["secretary"] = {"title": "SEKRETARIS DAERAH", "name": "HENDRA GUNAWAN"}
    data["forums"] = [
        {
            "code": "F1",
            "title": "Forum Konsultasi Publik",
            "date": "2026-03-10",
            "venue": "Aula Balai Kota",
            "groups": ["asn", "masyarakat"],
            "agenda": ["Pembukaan", "Paparan rancangan", "Diskusi"],
        },
        {
            "code": "F2",
            "title": "Forum Kecamatan",
            "date": "2026-03-17",
            "venue": "Kantor Camat",
            "groups": ["masyarakat"],
        },
    ]
    return data


def _running(session: Session, tmp_path: Path) -> tuple[str, int]:
    """An organisation with employees and a running forums run: (org code, run id)."""
    org = make_org(session, tmp_path, _pack())
    staff = write_file(tmp_path, "pegawai.csv", EMPLOYEES)
    imports.import_file(session=session, organisation=org, kind="pegawai", path=staff, actor="rina")
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    return org, ref.run_id


def _inputs(tmp_path: Path, minutes: str = MINUTES, **extra: str) -> dict[str, Path]:
    files = {
        "kehadiran": write_file(tmp_path, "hadir.csv", ATTENDANCE),
        "masukan": write_file(tmp_path, "masukan.csv", INPUTS),
        "notulen": write_file(tmp_path, "notulen.yaml", minutes),
    }
    files.update({k: write_file(tmp_path, f"{k}.extra", v) for k, v in extra.items()})
    return files


def _forum(session: Session, code: str = "F1") -> Forum:
    forum = session.exec(select(Forum).where(Forum.code == code)).one()
    session.refresh(forum)
    return forum


def _approve(session: Session, org: str, code: str, on: date = AS_OF) -> None:
    """The organiser's and a leader's approval of a forum's minutes."""
    for who in ("budi", "sekda"):
        forum_minutes.approve_minutes(
            session=session, organisation=org, cycle=None, code=code, actor=who, on=on
        )


def _count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _doc(out: forums.StageOutput, key: str, locale: str = "id", kind: str = "md") -> str:
    ref = next(d for d in out.documents if d.key == key and d.locale == locale)
    return Path(ref.md_path if kind == "md" else ref.html_path).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- planning


def test_ingest_plans_the_pack_forums_once(session: Session, tmp_path: Path) -> None:
    org, run_id = _running(session, tmp_path)
    done = forums.ingest(
        session=session,
        run_id=run_id,
        inputs={"notulen": write_file(tmp_path, "n.yaml", "{}\n")},
        actor="budi",
    )
    assert done["forums_planned"] == ["F1", "F2"]
    f1 = _forum(session)
    assert (f1.round, f1.groups, f1.status) == (1, ["asn", "masyarakat"], "planned")
    assert f1.agenda == ["Pembukaan", "Paparan rancangan", "Diskusi"]
    again = forums.ingest(
        session=session,
        run_id=run_id,
        inputs={"notulen": write_file(tmp_path, "n.yaml", "{}\n")},
        actor="budi",
    )
    assert again["forums_planned"] == []
    planned = session.exec(select(AuditEvent).where(AuditEvent.action == "forum.planned")).all()
    assert sorted(e.payload["code"] for e in planned) == ["F1", "F2"]


def test_add_forum_checks_groups_and_audits(session: Session, tmp_path: Path) -> None:
    org, _run = _running(session, tmp_path)
    args: dict[str, Any] = {
        "session": session,
        "organisation": org,
        "cycle": None,
        "title": "Forum Guru",
        "held_on": date(2026, 4, 2),
        "venue": "SMPN 1",
        "agenda": ["Diskusi"],
        "actor": "budi",
    }
    with pytest.raises(ServiceError, match=r"kelompok tidak dikenal: guru .*asn \(ASN"):
        forums.add_forum(code="F3", groups=["guru"], **args)
    with pytest.raises(ServiceError, match="hanya boleh berisi"):
        forums.add_forum(code="F 3", groups=["asn"], **args)
    forum = forums.add_forum(code="F3", groups=["asn"], **args)
    assert (forum.round, forum.groups, forum.status) == (1, ["asn"], "planned")
    with pytest.raises(ServiceError, match="sudah ada"):
        forums.add_forum(code="F3", groups=["asn"], **args)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "forum.added")).one()
    assert event.payload["code"] == "F3" and event.actor == "budi"


# ---------------------------------------------------------------- ingest and produce


def test_close_count_and_publish(session: Session, tmp_path: Path) -> None:
    org, run_id = _running(session, tmp_path)
    done = forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    assert done["closed"] == ["F1"]
    assert done["kehadiran"]["written"] == 6 and done["masukan"]["written"] == 5
    f1 = _forum(session)
    assert (f1.status, f1.chair, f1.secretary, f1.closed_by) == (
        "closed",
        "Hendra Gunawan",
        "Rina Marlina",
        "budi",
    )
    assert f1.decisions == [
        "Masukan dibahas tim penyusun.",
        "Forum lanjutan untuk masyarakat diadakan bulan depan.",
    ]
    assert f1.summary.startswith("Forum dibuka") and f1.closed_at is not None
    note = session.exec(select(Note).where(col(Note.name).startswith("notulen-"))).one()
    assert note.text == MINUTES and note.filename == "notulen.yaml"
    closed = session.exec(select(AuditEvent).where(AuditEvent.action == "forum.closed")).one()
    assert closed.payload["code"] == "F1"

    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    # By hand: present asn 2 (Andi, Beti), Masyarakat 2 (Dewi, Eko), akademisi 1: 5; Candra absent.
    # Sections: Pasal 5 = inputs 1, 2, 3; Pasal 7 = 5; Umum = 4.
    assert out.summary["forums"] == 2 and out.summary["closed"] == 1
    assert out.summary["attendance_present"] == 5 and out.summary["inputs"] == 5
    assert out.summary["inputs_by_section"] == [
        {"bagian": "Pasal 5", "jumlah": 3},
        {"bagian": "Pasal 7", "jumlah": 1},
        {"bagian": "Umum", "jumlah": 1},
    ]
    assert out.tables["masukan_per_bagian"][0] == {
        "bagian": "Pasal 5",
        "jumlah": 3,
        "ASN Perangkat Daerah": 1,
        "Masyarakat": 2,
    }
    keys = [d.key for d in out.documents]
    assert keys[0] == "rekapitulasi-masukan" and out.report_title == "Rekapitulasi Masukan"
    assert set(keys) == {
        "rekapitulasi-masukan",
        "undangan-F1",
        "daftar-hadir-F1",
        "notulen-F1",
        "undangan-F2",
        "daftar-hadir-F2",
    }
    assert out.report_markdown == _doc(out, "rekapitulasi-masukan")

    minutes = _doc(out, "notulen-F1")
    assert "| ASN Perangkat Daerah | Ya | 2 | 1 |" in minutes
    assert "| Masyarakat | Ya | 2 | 0 |" in minutes
    assert "| akademisi (tidak terdaftar di paket) | Tidak | 1 | 0 |" in minutes
    assert "| **Jumlah** | | **5** | **1** |" in minutes
    assert "| Dinas Kependudukan dan Pencatatan Sipil | 2 | 0 |" in minutes
    assert "| Puskesmas Kota | 0 | 1 |" in minutes
    assert "### Pasal 5 (3 masukan)" in minutes
    assert "Menurut kelompok: ASN Perangkat Daerah 1; Masyarakat 2." in minutes
    assert "bagian tertulis: pasal 5 ayat (2)" in minutes
    assert "1. Masukan dibahas tim penyusun." in minutes
    assert "| **Hendra Gunawan** | **Rina Marlina** |" in minutes
    assert minutes.index("### Pasal 5") < minutes.index("### Pasal 7") < minutes.index("### Umum")

    recap = _doc(out, "rekapitulasi-masukan")
    assert "**No. 5** (forum F1): Candra Wijaya" in recap
    assert "**sama dengan masukan no. 1**" in recap
    assert "| Pasal 5 | 3 | 1 | 2 |" in recap and "| Umum | 1 | 1 | 0 |" in recap
    assert "| ASN Perangkat Daerah | 1 | 2 | 3 | 60,0% |" in recap
    assert "| Masyarakat | 1 | 2 | 2 | 40,0% |" in recap
    for nip in (A, B, C, "19860926 201505 1 001"):
        assert nip not in recap

    sign_in = _doc(out, "daftar-hadir-F1")
    assert (
        "| 1 | Andi Pratama | 19860926 201505 1 001 | Dinas Kependudukan dan Pencatatan Sipil |"
        in sign_in
    )
    assert "| 4 | Dewi Sartika | – | Warga Kelurahan Aur | Masyarakat | Ya | |" in sign_in
    assert "| 3 | Candra Wijaya |" in sign_in and "| Tidak | |" in sign_in
    blank = _doc(out, "daftar-hadir-F2")
    assert "| 15 | | | | | | |" in blank

    letter = _doc(out, "undangan-F1")
    assert "Hal: Undangan Forum Konsultasi Publik" in letter
    assert "1. ASN Perangkat Daerah\n2. Masyarakat" in letter
    assert "Hari, tanggal: Selasa, 10 Maret 2026" in letter
    assert "Peraturan Wali Kota Contoh tentang Manajemen Kinerja" in letter
    assert "a.n. WALI KOTA CONTOH\\\nSEKRETARIS DAERAH," in letter
    # Dated a week before the forum, never after the document date.
    assert "Contoh, 3 Maret 2026" in letter


def test_produce_before_any_forum(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    assert out.summary["forums"] == 0 and out.summary["inputs"] == 0
    assert [d.key for d in out.documents] == ["rekapitulasi-masukan"]
    assert "Belum ada forum yang direncanakan." in out.report_markdown
    assert "Belum ada masukan dari forum yang telah ditutup." in out.report_markdown


def test_section_keys() -> None:
    assert section_key("pasal 5 ayat (2)") == "Pasal 5"
    assert section_key("Pasal 5 Ayat 2") == "Pasal 5"
    assert section_key("PASAL 5") == "Pasal 5"
    assert section_key("Pasal 12A ayat (1)") == "Pasal 12A"
    assert section_key("  ") == GENERAL
    assert section_key("bab ii") == "BAB II"
    assert section_key("menimbang huruf b") == "Menimbang huruf b"


def test_untrusted_text_is_shown_as_text(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    for key in ("rekapitulasi-masukan", "notulen-F1", "daftar-hadir-F1"):
        html = _doc(out, key, kind="html")
        assert "<script" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for key in ("rekapitulasi-masukan", "notulen-F1"):
        html = _doc(out, key, kind="html")
        assert "[klik](javascript:alert(1))" in html
        assert "**tebal**" in html and "<strong>tebal</strong>" not in html
        assert "# judul" in html and ">judul</h" not in html


def test_english_documents(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    out = forums.produce(
        session=session, run_id=run_id, actor="budi", as_of=AS_OF, locales=("id", "en")
    )
    assert out.report_title == "Rekapitulasi Masukan"
    recap = _doc(out, "rekapitulasi-masukan", "en")
    assert "# Summary of Stakeholder Input" in recap and "| General | 1 | 1 | 0 |" in recap
    assert "**same as input no. 1**" in recap
    # Headings name the section in English; an input's label is quoted as its author wrote it.
    assert "### Article 5 (3 inputs)" in recap and "| Article 7 | 1 | 1 | 0 |" in recap
    assert "| 2 | Article 5, Article 7 | 1, 5 |" in recap and "Pasal 5 Ayat 2" in recap
    assert "### Pasal" not in recap and "| Pasal" not in recap
    minutes = _doc(out, "notulen-F1", "en")
    assert "### Article 7 (1 input)" in minutes and "### Pasal" not in minutes
    assert "### Pasal 7 (1 masukan)" in _doc(out, "notulen-F1", "id")
    assert "| ASN Perangkat Daerah | Yes | 2 | 1 |" in minutes
    assert "Day, date: Tuesday, 10 March 2026" in minutes
    assert "Subject: Invitation to Forum Konsultasi Publik" in _doc(out, "undangan-F1", "en")


@pytest.mark.parametrize(
    ("organisation", "policy", "signed"),
    [
        (
            {"kind": "provinsi", "region": "Lampung", "head_title": "Gubernur"},
            {"legal_form": "Pergub", "signing": "GUBERNUR LAMPUNG",
             "secretary": "SEKRETARIS DAERAH PROVINSI LAMPUNG"},
            "On behalf of the GOVERNOR OF LAMPUNG\\\n"
            "REGIONAL SECRETARY OF THE PROVINCE OF LAMPUNG,",
        ),
        (
            {"kind": "kota", "region": "Contoh", "head_title": "Wali Kota"},
            {"legal_form": "Perwali", "signing": "WALI KOTA CONTOH",
             "secretary": "Sekretaris Daerah Kota Contoh"},
            "On behalf of the MAYOR OF CONTOH\\\nRegional Secretary of the City of Contoh,",
        ),
        (
            {"kind": "kabupaten", "region": "Contoh Raya", "head_title": "Bupati"},
            {"legal_form": "Perbup", "signing": "BUPATI CONTOH RAYA",
             "secretary": "SEKRETARIS DAERAH KABUPATEN CONTOH RAYA"},
            "On behalf of the REGENT OF CONTOH RAYA\\\n"
            "REGIONAL SECRETARY OF THE REGENCY OF CONTOH RAYA,",
        ),
        (
            {"kind": "kecamatan", "region": "Cipocok Jaya", "head_title": "Camat"},
            {"legal_form": "Keputusan", "signing": "CAMAT CIPOCOK JAYA",
             "secretary": "SEKRETARIS KECAMATAN CIPOCOK JAYA"},
            "On behalf of the CAMAT OF CIPOCOK JAYA\\\nSECRETARY OF THE DISTRICT OF CIPOCOK JAYA,",
        ),
    ],
)  # fmt: skip
def test_english_invitation_signs_in_english(
    session: Session,
    tmp_path: Path,
    organisation: dict[str, str],
    policy: dict[str, str],
    signed: str,
) -> None:
    """Every region kind: the head and the secretary above the signature read in English."""
    data = _pack()
    data["organisation"].update(organisation)
    data["policy"].update(
        legal_form=policy["legal_form"],
        signing={"title": policy["signing"], "name": "AHMAD FAUZI"},
        secretary={"title": policy["secretary"], "name": "HENDRA GUNAWAN"},
    )
    org = make_org(session, tmp_path, data)
    staff = write_file(tmp_path, "pegawai.csv", EMPLOYEES)
    imports.import_file(session=session, organisation=org, kind="pegawai", path=staff, actor="rina")
    cycle_service.open_cycle(session=session, organisation=org, actor="rina")
    approve_through(session, org, Stage.NEEDS_ANALYSIS)
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    forums.ingest(session=session, run_id=ref.run_id, inputs=_inputs(tmp_path), actor="budi")
    out = forums.produce(
        session=session, run_id=ref.run_id, actor="budi", as_of=AS_OF, locales=("id", "en")
    )
    english = _doc(out, "undangan-F1", "en")
    assert signed + "\n\n&nbsp;\n\n**HENDRA GUNAWAN**" in english
    assert policy["signing"] not in english and policy["secretary"] not in english
    # The Indonesian letter keeps the pack's titles.
    indonesian = _doc(out, "undangan-F1")
    assert f"a.n. {policy['signing']}\\\n{policy['secretary']}," in indonesian


# ------------------------------------------------------------------- the submit rule


def test_submit_refused_without_closed_forum(session: Session, tmp_path: Path) -> None:
    org, run_id = _running(session, tmp_path)
    files = _inputs(tmp_path, minutes="{}\n")
    forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    cycle = get_cycle(session, get_org(session, org))
    assert forums.submit_problems(session, cycle) == [
        "belum ada forum yang ditutup dengan notulen; impor berkas notulen (YAML) untuk forum "
        "yang sudah dilaksanakan"
    ]
    with pytest.raises(ServiceError, match="belum dapat diajukan: belum ada forum"):
        cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary={})
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    assert forums.submit_problems(session, cycle) == []
    cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary={})


def test_unapproved_minutes_hold_the_gate_to_drafting(session: Session, tmp_path: Path) -> None:
    org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary={})
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.FORUMS,
                  reviewer="sekda", decision=Decision.APPROVE)  # fmt: skip
    cycle = get_cycle(session, get_org(session, org))
    assert gates.blockers_for(session, cycle, Stage.DRAFTING) == [
        "notulen forum baru berlaku setelah disetujui penyelenggara dan pimpinan (dua orang "
        "berbeda): F1 belum disetujui penyelenggara dan pimpinan; setujui dengan: siklus forum "
        "approve-minutes KODE --as USERNAME"
    ]
    forum_minutes.approve_minutes(
        session=session, organisation=org, cycle=None, code="F1", actor="budi", on=AS_OF
    )
    assert "F1 belum disetujui pimpinan;" in forums.minutes_blockers(session, cycle)[0]
    with pytest.raises(ServiceError, match="notulen forum baru berlaku setelah disetujui"):
        cycle_service.begin_stage(session=session, organisation=org, cycle=None,
                                  stage=Stage.DRAFTING, actor="rina")  # fmt: skip
    forum_minutes.approve_minutes(
        session=session, organisation=org, cycle=None, code="F1", actor="sekda", on=AS_OF
    )
    assert forums.minutes_blockers(session, cycle) == []
    cycle_service.begin_stage(session=session, organisation=org, cycle=None,
                              stage=Stage.DRAFTING, actor="rina")  # fmt: skip


def test_round_two_needs_a_forum_of_its_own(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    _approve(session, org, "F1")
    cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary={})
    review.decide(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.FORUMS,
        reviewer="sekda",
        decision=Decision.APPROVE,
    )
    drafting = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.DRAFTING, actor="rina"
    )
    # The drafting stage's own submit conditions are not under test here.
    real = gates.submit_problems
    monkeypatch.setattr(gates, "submit_problems", lambda *a: [])
    cycle_service.submit_stage(session=session, run_id=drafting.run_id, actor="rina", summary={})
    monkeypatch.setattr(gates, "submit_problems", real)
    review.decide(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.DRAFTING,
        reviewer="sekda",
        decision=Decision.RETURN,
        back_to=Stage.FORUMS,
        reason="Rancangan versi 2 perlu dikonsultasikan lagi",
    )
    cycle = get_cycle(session, get_org(session, org))
    assert forums.current_round(session, cycle) == 2
    assert forums.submit_problems(session, cycle) == [
        "belum ada forum pada putaran konsultasi ke-2 yang ditutup dengan notulen; impor berkas "
        "notulen (YAML) untuk forum yang sudah dilaksanakan"
    ]
    forum = forums.add_forum(
        session=session,
        organisation=org,
        cycle=None,
        code="F1-R2",
        title="Konsultasi Versi 2",
        held_on=date(2026, 6, 1),
        venue="Aula",
        groups=["asn", "masyarakat"],
        agenda=[],
        actor="budi",
    )
    assert forum.round == 2
    again = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    round2 = MINUTES.replace("F1:", "F1-R2:") + MINUTES  # F1 again, unchanged: a no-op
    done = forums.ingest(
        session=session,
        run_id=again.run_id,
        inputs={"notulen": write_file(tmp_path, "n2.yaml", round2)},
        actor="budi",
    )
    assert done["closed"] == ["F1-R2"] and done["forums_planned"] == []
    assert forums.submit_problems(session, cycle) == []
    assert "F1-R2 belum disetujui" in forums.minutes_blockers(session, cycle)[0]
    _approve(session, org, "F1-R2", date(2026, 6, 2))
    assert forums.minutes_blockers(session, cycle) == []
    out = forums.produce(session=session, run_id=again.run_id, actor="budi", as_of=AS_OF)
    assert out.summary["round"] == 2 and out.summary["closed"] == 2
    assert "sampai dengan putaran konsultasi ke-2" in out.report_markdown


# ----------------------------------------------------------------- bad files, re-runs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F1:\n  pimpinan_rapat: A\n notulis: B\n", "bukan YAML yang sah: baris 3, kolom 2"),
        (
            "F1:\n\tnotulis: B\n",
            "baris 2, kolom 1: found character '\\t' that cannot start any token (indentasi harus "
            "memakai spasi",
        ),
        (
            "F9:\n  pimpinan_rapat: A\n  notulis: B\n  ringkasan: C\n",
            "baris 1, forum F9: forum tidak dikenal di siklus ini (yang ada: F1, F2)",
        ),
        (
            "F1:\n  pimpinan_rapat: A\n  notulis: B\n",
            "baris 1, forum F1: isian 'ringkasan' wajib diisi",
        ),
        (
            "F1:\n  pimpinan_rapat: A\n  notulis: B\n  ringkasan: ''\n",
            "baris 4, forum F1: isian 'ringkasan' harus berupa teks dan tidak boleh kosong",
        ),
        (
            "F1:\n  pimpinan_rapat: A\n  notulis: B\n  ringkasan: C\n  keputusan: Setuju\n",
            "baris 5, forum F1: isian 'keputusan' harus berupa daftar",
        ),
        (
            "F1:\n  pimpinan_rapat: A\n  notulis: B\n  ringkasan: C\n  kesimpulan: D\n",
            "baris 5, forum F1: isian 'kesimpulan' tidak dikenal",
        ),
        ("- F1\n", "harus berisi notulen per kode forum"),
        ("", "kosong"),
    ],
)
def test_bad_minutes_are_refused_and_nothing_is_kept(
    session: Session, tmp_path: Path, text: str, expected: str
) -> None:
    _org, run_id = _running(session, tmp_path)
    with pytest.raises(ServiceError) as err:
        forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path, text), actor="budi")
    assert "'notulen.yaml'" in str(err.value) and expected in str(err.value)
    assert _count(session, Forum) == 0 and _count(session, ForumAttendance) == 0
    assert _count(session, ForumInput) == 0


def test_every_minutes_problem_is_listed(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    text = "F1:\n  notulis: B\n  ringkasan: C\n  keputusan: [ya, '']\nF9: x\n"
    with pytest.raises(ServiceError) as err:
        forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path, text), actor="budi")
    message = str(err.value)
    assert "(4 kesalahan" in message
    assert "baris 1, forum F1: isian 'pimpinan_rapat' wajib diisi" in message
    assert "baris 4, forum F1: keputusan ke-2 harus berupa teks" in message
    assert "baris 5, forum F9: forum tidak dikenal" in message


def test_bad_attendance_row_refuses_the_whole_file(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    bad = ATTENDANCE + "F1;Gita;1,97E+17;;asn;ya\nF7;Hadi;;;asn;ya\n"
    files = _inputs(tmp_path)
    files["kehadiran"] = write_file(tmp_path, "hadir.csv", bad)
    with pytest.raises(ImportFileError) as err:
        forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    # The bad NIP and the forum not planned, in one report.
    assert [e.line for e in err.value.errors] == [8, 9]
    assert "15" in str(err.value)  # the Excel hint on significant digits
    assert "forum 'F7' tidak direncanakan" in err.value.errors[1].message
    assert _count(session, ForumAttendance) == 0 and _count(session, ForumInput) == 0
    assert _count(session, Forum) == 0 and _count(session, Note) == 0
    files["kehadiran"] = write_file(tmp_path, "hadir.csv", ATTENDANCE + "F7;Hadi;;;asn;ya\n")
    with pytest.raises(ImportFileError, match="forum 'F7' tidak direncanakan"):
        forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    assert _count(session, ForumAttendance) == 0 and _count(session, Forum) == 0


def test_rerun_changes_nothing(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    files = _inputs(tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=files, actor="budi")
    first = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    events = _count(session, AuditEvent)
    closed_at = _forum(session).closed_at
    done = forums.ingest(session=session, run_id=run_id, inputs=files, actor="rina")
    assert done["closed"] == [] and done["kehadiran"]["skipped"] and done["masukan"]["skipped"]
    second = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    assert _count(session, AuditEvent) == events
    assert _forum(session).closed_at == closed_at and _forum(session).closed_by == "budi"
    assert [(d.id, d.version) for d in second.documents] == [
        (d.id, d.version) for d in first.documents
    ]
    assert _count(session, ForumInput) == 5 and _count(session, ForumAttendance) == 6


def test_changed_minutes_of_a_closed_forum_are_refused(session: Session, tmp_path: Path) -> None:
    _org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    changed = MINUTES.replace("Rina Marlina", "Sri Wahyuni")
    with pytest.raises(ServiceError, match="forum F1 sudah ditutup dengan notulen yang berbeda"):
        forums.ingest(
            session=session, run_id=run_id, inputs=_inputs(tmp_path, changed), actor="budi"
        )
    assert _forum(session).secretary == "Rina Marlina"


# -------------------------------------------------------------------------- demo pack

DEMO = Path(__file__).resolve().parents[3] / "packs" / "sawahlunto.yaml"


@pytest.mark.skipif(not DEMO.is_file(), reason="the demo pack is not there yet")
def test_demo_pack_forums(session: Session, tmp_path: Path) -> None:
    loaded = load_pack(DEMO)
    org = organisation.load_pack(session=session, loaded=loaded, actor="admin").organisation
    officer = next(m.username for m in loaded.pack.members if "officer" in m.roles)
    for stage, files in loaded.pack.demo.items():
        if "pegawai" in files:
            imports.import_file(
                session=session,
                organisation=org,
                kind="pegawai",
                actor=officer,
                path=loaded.demo_file(stage, "pegawai"),
            )
    leaders = [m.username for m in loaded.pack.members if "leader" in m.roles]
    cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.FORUMS,
        leader=leaders[0],
        reason="Uji forum dengan data contoh",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor=officer
    )
    names = loaded.pack.demo["forums"]
    files = {name: loaded.demo_file("forums", name) for name in forums.INPUTS if name in names}
    assert "rancangan" in files  # the draft under consultation becomes version 1
    done = forums.ingest(session=session, run_id=ref.run_id, inputs=files, actor=officer)
    assert done["closed"]
    assert done["rancangan"] == {"file": "rancangan_v1.md", "version": 1, "new": True}
    out = forums.produce(session=session, run_id=ref.run_id, actor=officer, as_of=date(2026, 9, 30))
    assert out.summary["closed"] >= 1 and out.summary["inputs"] > 0
    assert out.summary["attendance_present"] > 0
    assert out.documents[0].key == "rekapitulasi-masukan"
    html = Path(out.documents[0].html_path).read_text(encoding="utf-8")
    assert "<script" not in html
    minutes = _doc(out, "notulen-F1")
    assert "Kehadiran pegawai ASN per unit kerja (berdasarkan NIP):" in minutes
    cycle = get_cycle(session, get_org(session, org))
    assert forums.submit_problems(session, cycle) == []
    assert "F1 belum disetujui" in forums.minutes_blockers(session, cycle)[0]
    organiser = next(m.username for m in loaded.pack.members if "organiser" in m.roles)
    for who in (organiser, leaders[0]):
        forum_minutes.approve_minutes(
            session=session, organisation=org, cycle=None, code="F1", actor=who
        )
    assert forums.minutes_blockers(session, cycle) == []


def test_an_earlier_round_s_rekapitulasi_is_not_republished_under_a_new_round(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Back at the forums for round 2, approving a round-2 forum before the run writes its
    Rekapitulasi leaves round 1's as it was; the round-2 run writes the approval."""
    org, run_id = _running(session, tmp_path)
    forums.ingest(session=session, run_id=run_id, inputs=_inputs(tmp_path), actor="budi")
    out = forums.produce(session=session, run_id=run_id, actor="budi", as_of=AS_OF)
    cycle_service.submit_stage(session=session, run_id=run_id, actor="budi", summary=out.summary)
    _approve(session, org, "F1", date(2026, 3, 21))

    def recaps() -> list[int]:
        query = select(Document.version).where(Document.key == "rekapitulasi-masukan")
        return sorted(session.exec(query).all())

    assert recaps() == [1, 2]  # the approval after the run republished it
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.FORUMS,
                  reviewer="sekda", decision=Decision.APPROVE)  # fmt: skip
    drafting = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.DRAFTING, actor="rina"
    )
    monkeypatch.setattr(gates, "submit_problems", lambda *a: [])
    cycle_service.submit_stage(session=session, run_id=drafting.run_id, actor="rina", summary={})
    monkeypatch.undo()
    review.decide(session=session, organisation=org, cycle=None, stage=Stage.DRAFTING,
                  reviewer="sekda", decision=Decision.RETURN, back_to=Stage.FORUMS,
                  reason="Rancangan versi 2 perlu dikonsultasikan lagi")  # fmt: skip
    forums.add_forum(session=session, organisation=org, cycle=None, code="F1-R2",
                     title="Konsultasi Versi 2", held_on=date(2026, 6, 1), venue="Aula",
                     groups=["asn"], agenda=[], actor="budi")  # fmt: skip
    again = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.FORUMS, actor="budi"
    )
    minutes = {"notulen": write_file(tmp_path, "n2.yaml", MINUTES.replace("F1:", "F1-R2:"))}
    forums.ingest(session=session, run_id=again.run_id, inputs=minutes, actor="budi")
    _approve(session, org, "F1-R2", date(2026, 6, 2))
    assert recaps() == [1, 2]  # round 1's stays; no round-2 Rekapitulasi yet
    out = forums.produce(session=session, run_id=again.run_id, actor="budi",
                         as_of=date(2026, 6, 3))  # fmt: skip
    assert recaps() == [1, 2, 3]
    recap = _doc(out, "rekapitulasi-masukan")
    assert "| F1-R2 | Budi Santoso (2 Juni 2026) | Hendra Gunawan (2 Juni 2026) |" in recap


def test_a_planned_forum_follows_the_pack_a_closed_one_does_not(
    session: Session, tmp_path: Path
) -> None:
    from policy.services import forum_plan
    from tests.factories import make_cycle, write_pack

    make_cycle(session, tmp_path)
    first = forum_plan.plan_cycle_forums(session=session, organisation="contoh", cycle=None,
                                         actor="budi")  # fmt: skip
    assert [f.code for f in first.made] == ["F1"] and first.updated == []
    data = copy.deepcopy(MINI_PACK)
    data["forums"][0].update({"date": "2026-03-12", "time": "13.30–16.00", "venue": "Aula Baru"})
    folder = tmp_path / "again"
    folder.mkdir()
    organisation.load_pack(session=session, loaded=load_pack(write_pack(folder, data)),
                           actor="admin")  # fmt: skip
    again = forum_plan.plan_cycle_forums(session=session, organisation="contoh", cycle=None,
                                         actor="budi")  # fmt: skip
    assert again.made == []
    ((forum, changed),) = again.updated
    assert changed == ["held_on", "starts_at", "ends_at", "venue"]
    assert (forum.held_on, forum.starts_at, forum.venue) == (
        date(2026, 3, 12),
        time(13, 30),
        "Aula Baru",
    )
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "forum.updated")).one()
    assert (event.actor, event.payload["starts_at"]) == ("budi", "13:30:00")
    # Planning again changes nothing; a closed forum keeps what it was held as.
    assert forum_plan.plan_cycle_forums(session=session, organisation="contoh", cycle=None,
                                        actor="budi").updated == []  # fmt: skip
    forum.status = "closed"
    session.commit()
    data["forums"][0]["venue"] = "Aula Lain"
    organisation.load_pack(session=session, loaded=load_pack(write_pack(folder, data)),
                           actor="admin")  # fmt: skip
    assert forum_plan.plan_cycle_forums(session=session, organisation="contoh", cycle=None,
                                        actor="budi").updated == []  # fmt: skip
    assert session.get(Forum, forum.id).venue == "Aula Baru"
