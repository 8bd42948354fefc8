"""Drafting service: versions, refusals, responses, the review condition, the documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from policy.imports import ImportFileError
from policy.models import (
    AuditEvent,
    Cycle,
    Disposition,
    DraftSection,
    DraftVersion,
    Forum,
    InputResponse,
    Stage,
)
from policy.services import cycle as cycle_service
from policy.services import drafting
from policy.services.common import NotFoundError, ServiceError, get_org
from policy.services.imports import ingest_file
from policy.views.drafting import regulation_head
from tests.factories import MINI_PACK, make_org, write_file
from tests.policy.test_perwali import DRAFT

AS_OF = date(2026, 4, 6)

MASUKAN = """\
forum;nama;instansi;kelompok;bagian;masukan
F1;Budi Hartono;Dinas Kependudukan dan Pencatatan Sipil;asn;Pasal 3 ayat (2);"SKP perlu memuat target waktu layanan. <script>alert(1)</script>"
F1;Siti Aminah;;masyarakat;Pasal 5;"Hasil penilaian diumumkan: [x](javascript:alert(1))"
F1;Rudi Salim;Puskesmas Kota;asn;;Sosialisasi dilakukan di setiap puskesmas.
"""  # noqa: E501

TANGGAPAN = """\
nomor;status;tanggapan;bagian_berubah
1;diterima;Diterima. Target waktu layanan ditambahkan sebagai indikator.;Pasal 3
2;tidak diterima;"Tidak diterima; hasil penilaian adalah data pribadi pegawai.";
"""


def _running(
    session: Session,
    tmp_path: Path,
    data: dict[str, Any] | None = None,
    leader: str = "sekda",
    officer: str = "rina",
) -> tuple[int, Cycle]:
    org = make_org(session, tmp_path, data)
    cyc = cycle_service.open_cycle(session=session, organisation=org, actor=officer)
    cycle_service.override_gate(
        session=session,
        organisation=org,
        cycle=None,
        stage=Stage.DRAFTING,
        leader=leader,
        reason="Uji tahap penyusunan tanpa tahap sebelumnya.",
    )
    ref = cycle_service.begin_stage(
        session=session, organisation=org, cycle=None, stage=Stage.DRAFTING, actor=officer
    )
    return ref.run_id, cyc


def _inputs(session: Session, tmp_path: Path, cyc: Cycle) -> None:
    session.add(
        Forum(
            cycle_id=cyc.id or 0,
            code="F1",
            title="Forum ASN",
            held_on=date(2026, 3, 10),
            venue="Aula",
            groups=["asn", "masyarakat"],
        )
    )
    session.flush()
    org = get_org(session, "contoh")
    ingest_file(session, org, "masukan", write_file(tmp_path, "masukan.csv", MASUKAN), "budi", cyc)
    session.commit()


def _ingest(session: Session, run_id: int, actor: str = "rina", **inputs: Path) -> Any:
    return drafting.ingest(session=session, run_id=run_id, inputs=inputs, actor=actor)


def _count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_draft_with_pasal_out_of_sequence_is_refused_and_nothing_stored(
    session: Session, tmp_path: Path
) -> None:
    run_id, _ = _running(session, tmp_path)
    bad = DRAFT.replace("#### Pasal 5", "#### Pasal 7")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "Pasal 7" in t)
    path = write_file(tmp_path, "rancangan_salah.md", bad)
    with pytest.raises(ServiceError) as err:
        drafting.ingest(session=session, run_id=run_id, inputs={"rancangan": path}, actor="rina")
    message = str(err.value)
    assert f"rancangan_salah.md baris {line}: Pasal 5 diharapkan, ditemukan Pasal 7" in message
    assert "petunjuk:" in message and "tidak ada yang disimpan" in message
    assert _count(session, DraftVersion) == 0
    assert _count(session, DraftSection) == 0
    actions = session.exec(select(AuditEvent.action)).all()
    assert "draft.version_added" not in actions


def test_same_draft_twice_makes_one_version_with_its_sections(
    session: Session, tmp_path: Path
) -> None:
    run_id, cyc = _running(session, tmp_path)
    path = write_file(tmp_path, "rancangan.md", DRAFT)
    first = drafting.ingest(
        session=session, run_id=run_id, inputs={"rancangan": path}, actor="rina"
    )
    crlf = write_file(tmp_path, "rancangan_crlf.md", DRAFT.replace("\n", "\r\n"))
    again = drafting.ingest(
        session=session, run_id=run_id, inputs={"rancangan": crlf}, actor="rina"
    )
    assert first["rancangan"]["new"] is True and again["rancangan"]["new"] is False
    assert again["rancangan"]["version"] == 1
    versions = session.exec(select(DraftVersion).where(DraftVersion.cycle_id == cyc.id)).all()
    assert [v.number for v in versions] == [1]
    sections = session.exec(
        select(DraftSection)
        .where(DraftSection.version_id == versions[0].id)
        .order_by(col(DraftSection.position))
    ).all()
    assert [(s.sid, s.kind, s.label) for s in sections] == [
        ("b1", "bab", "BAB I"),
        ("p1", "pasal", "Pasal 1"),
        ("p2", "pasal", "Pasal 2"),
        ("b2", "bab", "BAB II"),
        ("p3", "pasal", "Pasal 3"),
        ("p4", "pasal", "Pasal 4"),
        ("p5", "pasal", "Pasal 5"),
        ("b3", "bab", "BAB III"),
        ("p6", "pasal", "Pasal 6"),
    ]
    pasal3 = sections[4]
    assert pasal3.heading == "BAB II PERENCANAAN KINERJA › Bagian Kesatu Umum"
    assert pasal3.text.splitlines()[0] == "(1) Setiap Pegawai menyusun SKP."
    assert pasal3.line == next(i for i, t in enumerate(DRAFT.splitlines(), 1) if "Pasal 3" in t)
    assert sections[0].heading == "KETENTUAN UMUM"
    added = session.exec(select(AuditEvent).where(AuditEvent.action == "draft.version_added")).all()
    assert len(added) == 1 and added[0].payload["pasal"] == 6


def test_new_version_keeps_section_ids_across_renumbering(session: Session, tmp_path: Path) -> None:
    run_id, cyc = _running(session, tmp_path)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT))
    v2 = DRAFT.replace(
        "### Pasal 2\n",
        "### Pasal 2\nPeraturan Wali Kota ini berlaku bagi seluruh Pegawai.\n\n### Pasal 3\n",
    )
    for old, new in (
        ("Pasal 6", "Pasal 7"),
        ("Pasal 5", "Pasal 6"),
        ("Pasal 4\n", "Pasal 5\n"),
        ("#### Pasal 3", "#### Pasal 4"),
    ):
        v2 = v2.replace(old, new)
    v2 = v2.replace("setiap triwulan", "setiap triwulan dan tahunan")
    out = _ingest(session, run_id, rancangan=write_file(tmp_path, "v2.md", v2))
    assert out["rancangan"]["version"] == 2
    latest = drafting.latest_version(session, cyc.id or 0)
    assert latest is not None
    pasal = session.exec(
        select(DraftSection.label, DraftSection.sid)
        .where(DraftSection.version_id == latest.id, DraftSection.kind == "pasal")
        .order_by(col(DraftSection.position))
    ).all()
    # the new Pasal 2 gets a new id; the old Pasal 2 to 6 keep theirs under numbers 3 to 7
    assert pasal == [
        ("Pasal 1", "p1"),
        ("Pasal 2", "p7"),
        ("Pasal 3", "p2"),
        ("Pasal 4", "p3"),
        ("Pasal 5", "p4"),
        ("Pasal 6", "p5"),
        ("Pasal 7", "p6"),
    ]


def test_responses_and_submit_problems(session: Session, tmp_path: Path) -> None:
    run_id, cyc = _running(session, tmp_path)
    assert drafting.submit_problems(session, cyc) == [
        "belum ada rancangan (impor berkas 'rancangan')"
    ]
    _inputs(session, tmp_path, cyc)
    inputs = {
        "rancangan": write_file(tmp_path, "v1.md", DRAFT),
        "tanggapan": write_file(tmp_path, "tanggapan.csv", TANGGAPAN),
    }
    out = drafting.ingest(session=session, run_id=run_id, inputs=inputs, actor="rina")
    assert out["tanggapan"]["written"] == 2
    responses = session.exec(select(InputResponse).order_by(col(InputResponse.input_id))).all()
    assert [(r.disposition, r.changed_sections) for r in responses] == [
        ("diterima", ["Pasal 3"]),
        ("tidak diterima", []),
    ]
    assert drafting.submit_problems(session, cyc) == [
        "1 masukan belum ditanggapi untuk rancangan versi 1 (nomor 3)"
    ]
    with pytest.raises(ServiceError, match="submit|belum dapat diajukan"):
        cycle_service.submit_stage(session=session, run_id=run_id, actor="rina", summary={})
    with pytest.raises(NotFoundError, match="nomor 9"):
        drafting.record_response(
            session=session,
            organisation="contoh",
            cycle=None,
            number=9,
            disposition="diterima",
            response="x",
            changed_sections=[],
            actor="rina",
        )
    with pytest.raises(ServiceError, match="status tanggapan"):
        drafting.record_response(
            session=session,
            organisation="contoh",
            cycle=None,
            number=3,
            disposition="mungkin",
            response="x",
            changed_sections=[],
            actor="rina",
        )
    with pytest.raises(ServiceError, match="tidak berwenang"):
        drafting.record_response(
            session=session,
            organisation="contoh",
            cycle=None,
            number=3,
            disposition="diterima",
            response="x",
            changed_sections=[],
            actor="sekda",
        )
    row = drafting.record_response(
        session=session,
        organisation="contoh",
        cycle=None,
        number=3,
        disposition=Disposition.DITERIMA_SEBAGIAN,
        response="Sosialisasi per klaster puskesmas.",
        changed_sections=[" Pasal 6 ", ""],
        actor="rina",
    )
    assert row.disposition == "diterima sebagian" and row.changed_sections == ["Pasal 6"]
    assert drafting.submit_problems(session, cyc) == []
    # a new version needs a response to every input again
    v2 = DRAFT.replace("setiap triwulan", "setiap semester")
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v2.md", v2))
    assert drafting.submit_problems(session, cyc) == [
        "3 masukan belum ditanggapi untuk rancangan versi 2 (nomor 1, 2, 3)"
    ]


def test_bad_responses_file_stores_no_version_either(session: Session, tmp_path: Path) -> None:
    run_id, cyc = _running(session, tmp_path)
    _inputs(session, tmp_path, cyc)
    bad = write_file(tmp_path, "tanggapan.csv", TANGGAPAN + "7;diterima;Tidak ada masukan ini.;\n")
    with pytest.raises(ImportFileError, match="masukan nomor 7 tidak ada"):
        _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT), tanggapan=bad)
    assert _count(session, DraftVersion) == 0 and _count(session, InputResponse) == 0
    with pytest.raises(ServiceError, match="bukan teks UTF-8"):
        _ingest(session, run_id, rancangan=_write_bytes(tmp_path, "v1.md", b"## Menimbang\n\xff"))


def _write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _produce(session: Session, run_id: int, locales: tuple[Any, ...] = ("id",)) -> Any:
    return drafting.produce(
        session=session, run_id=run_id, actor="rina", locales=locales, as_of=AS_OF
    )


def _doc(out: Any, key: str, locale: str = "id") -> tuple[str, str]:
    ref = next(d for d in out.documents if d.key == key and d.locale == locale)
    return (
        Path(ref.md_path).read_text(encoding="utf-8"),
        Path(ref.html_path).read_text(encoding="utf-8"),
    )


def test_produce_publishes_matrix_and_draft(session: Session, tmp_path: Path) -> None:
    run_id, cyc = _running(session, tmp_path)
    with pytest.raises(ServiceError, match="Belum ada rancangan"):
        _produce(session, run_id)
    _inputs(session, tmp_path, cyc)
    warned = DRAFT.replace("## BAB III KETENTUAN PENUTUP", "## BAB III Ketentuan Penutup")
    inputs = {
        "rancangan": write_file(tmp_path, "v1.md", warned),
        "tanggapan": write_file(tmp_path, "tanggapan.csv", TANGGAPAN),
    }
    drafting.ingest(session=session, run_id=run_id, inputs=inputs, actor="rina")
    out = _produce(session, run_id, ("id", "en"))

    assert out.summary == {
        "as_of": "2026-04-06",
        "version": 1,
        "pasal": 6,
        "chapters": 3,
        "inputs": 3,
        "inputs_by_round": {"1": 3},
        "responses_by_status": {
            "diterima": 1,
            "diterima sebagian": 0,
            "tidak diterima": 1,
            "di luar lingkup": 0,
            "belum": 1,
        },
        "issues": 1,
    }
    assert [d.key for d in out.documents] == [
        "matriks-tanggapan",
        "matriks-tanggapan",
        "rancangan-peraturan",
        "rancangan-peraturan",
    ]
    assert out.report_title == "Matriks Masukan dan Tanggapan"
    assert out.report_markdown.startswith("# Matriks Masukan dan Tanggapan")
    assert [r["status"] for r in out.tables["matriks"]] == ["diterima", "tidak diterima", "belum"]

    md, html = _doc(out, "rancangan-peraturan")
    for text in (
        "# RANCANGAN\n",
        "# PERATURAN WALI KOTA CONTOH\n",
        "# NOMOR … TAHUN …\n",
        "# TENTANG\n",
        "# MANAJEMEN KINERJA APARATUR SIPIL NEGARA\n",
        "### DENGAN RAHMAT TUHAN YANG MAHA ESA\n",
        "### WALI KOTA CONTOH,\n",
        "### MEMUTUSKAN:\n",
        "**Menetapkan :** PERATURAN WALI KOTA TENTANG MANAJEMEN KINERJA APARATUR SIPIL NEGARA.",
        "## BAB II\n\n## PERENCANAAN KINERJA\n",
        "### Bagian Kesatu\n\n### Umum\n",
        "#### Pasal 3\n",
        "(2) SKP sebagaimana dimaksud pada ayat (1) memuat:",
        "&emsp;&emsp;a. rencana hasil kerja;",
        "&emsp;&emsp;&emsp;&emsp;1\\. kuantitas;",
        "Berita Daerah Kota Contoh.",
        "Ditetapkan di Contoh\\\npada tanggal …",
        "WALI KOTA CONTOH,\n\n&nbsp;\n\nAHMAD FAUZI\n",
        "SEKRETARIS DAERAH KOTA CONTOH,\n\n&nbsp;\n\n………………………………\n",
        "BERITA DAERAH KOTA CONTOH TAHUN … NOMOR …",
    ):
        assert text in md, text
    assert "NIP" not in md and "NIP" not in html
    assert md.index("Menimbang") < md.index("Mengingat") < md.index("MEMUTUSKAN")
    assert 'class="layout-perwali"' in html
    # the signing block sits at the right (class ttd); the promulgation stays at the left
    assert '<div class="ttd">\n<p>Ditetapkan di Contoh<br>\npada tanggal …</p>' in html
    assert "<p>AHMAD FAUZI</p>\n</div>\n<p>Diundangkan di Contoh<br>" in html
    assert "<h4>Pasal 6</h4>" in html and "<h2>BAB III</h2>" in html
    assert "<h1>" in html and "<ol" not in html  # rincian labels never become Markdown lists

    md, html = _doc(out, "matriks-tanggapan")
    said = md.index("Kami Mendengar, Kami Menindaklanjuti")
    matrix, summary = md[:said], md[said:]
    assert "Siti Aminah" in matrix and "Siti Aminah" not in summary
    assert "Budi Hartono" in matrix
    assert "Masyarakat" in summary and "Dinas Kependudukan dan Pencatatan Sipil" in summary
    assert "| Diterima | 1 | 33,3% |" in md
    assert "| ASN Perangkat Daerah | 2 | 1 | 0 | 0 | 0 | 1 |" in md
    assert "| Masyarakat | 1 | 0 | 0 | 1 | 0 | 0 |" in md
    assert "Pasal 3 (versi 1)" in md
    assert "## 4. Catatan Pemeriksaan Struktur" in md
    line = next(i for i, t in enumerate(warned.splitlines(), 1) if "BAB III" in t)
    assert f"| {line} | judul BAB III sebaiknya ditulis dengan huruf kapital" in md
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[x](javascript:alert(1))" in html

    md_en, html_en = _doc(out, "rancangan-peraturan", "en")
    assert "# REGULATION OF THE MAYOR OF CONTOH" in md_en and "#### Article 3" in md_en
    assert "REGIONAL GAZETTE OF THE CITY OF CONTOH" in md_en
    md_en, _ = _doc(out, "matriks-tanggapan", "en")
    assert "You Said, We Did" in md_en and "| Accepted | 1 | 33.3% |" in md_en


def test_perbup_with_secretary_and_keputusan(session: Session, tmp_path: Path) -> None:
    data = yaml.safe_load(yaml.safe_dump(MINI_PACK))
    data["organisation"].update(kind="kabupaten", region="Contoh Raya", head_title="Bupati")
    data["policy"].update(
        legal_form="Perbup",
        signing={"title": "BUPATI CONTOH RAYA", "name": "Nurhayati"},
        secretary={"title": "Sekretaris Daerah Kabupaten Contoh Raya", "name": "Arif Budiman"},
    )
    run_id, _ = _running(session, tmp_path, data)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT))
    md, _ = _doc(_produce(session, run_id), "rancangan-peraturan")
    assert "# PERATURAN BUPATI CONTOH RAYA\n" in md and "### BUPATI CONTOH RAYA,\n" in md
    assert "Berita Daerah Kabupaten Contoh Raya." in md
    assert "SEKRETARIS DAERAH KABUPATEN CONTOH RAYA,\n\n&nbsp;\n\nARIF BUDIMAN" in md
    assert "BUPATI CONTOH RAYA,\n\n&nbsp;\n\nNURHAYATI\n:::\n" in md
    assert regulation_head("Perwali", "Walikota") == "Walikota"
    assert regulation_head("Perwali", "Bupati") == "Wali Kota"
    assert regulation_head("Keputusan", "Camat") == "Camat"


PACK = Path(__file__).resolve().parents[3] / "packs"
DEMO = PACK / "sawahlunto"


@pytest.mark.skipif(
    not all(
        (DEMO / f).is_file()
        for f in ("rancangan_v1.md", "rancangan_v2.md", "tanggapan.csv", "masukan_forum.xlsx")
    ),
    reason="the demo pack files are not there yet",
)
def test_demo_pack_drafting(session: Session, tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    data = yaml.safe_load((PACK / "sawahlunto.yaml").read_text(encoding="utf-8"))
    data.pop("demo", None)
    run_id, cyc = _running(session, tmp_path, data, "syahrul.anwar", "rahmi.oktavia")
    for f in data["forums"]:
        session.add(
            Forum(
                cycle_id=cyc.id or 0,
                code=f["code"],
                title=f["title"],
                held_on=f["date"],
                venue=f["venue"],
                groups=f["groups"],
            )
        )
    session.flush()
    org = get_org(session, "sawahlunto")
    ingest_file(session, org, "masukan", DEMO / "masukan_forum.xlsx", "fadhli.rahman", cyc)
    session.commit()
    _ingest(session, run_id, "rahmi.oktavia", rancangan=DEMO / "rancangan_v1.md")
    out = _ingest(
        session,
        run_id,
        "rahmi.oktavia",
        rancangan=DEMO / "rancangan_v2.md",
        tanggapan=DEMO / "tanggapan.csv",
    )
    assert out["rancangan"]["version"] == 2
    v1, v2 = session.exec(select(DraftVersion).order_by(col(DraftVersion.number))).all()

    def sids(version: DraftVersion) -> dict[str, str]:
        query = select(DraftSection.sid, DraftSection.text).where(
            DraftSection.version_id == version.id, DraftSection.kind == "pasal"
        )
        return dict(session.exec(query).all())

    old, new = sids(v1), sids(v2)
    assert len(set(old) & set(new)) >= 0.7 * len(old)
    assert set(new) - set(old), "v2 adds a Pasal with a new id"
    result = _produce(session, run_id)
    assert result.summary["version"] == 2 and result.summary["issues"] == 0
    assert result.summary["inputs"] == sum(result.summary["responses_by_status"].values())
    md, html = _doc(result, "rancangan-peraturan")
    assert "# PERATURAN WALI KOTA SAWAHLUNTO\n" in md and "SYAHRUL ANWAR" in md
    assert "<script" not in html


def test_same_responses_file_answers_a_new_version(session: Session, tmp_path: Path) -> None:
    run_id, cyc = _running(session, tmp_path)
    _inputs(session, tmp_path, cyc)
    tanggapan = write_file(tmp_path, "tanggapan.csv", TANGGAPAN)
    _ingest(session, run_id, rancangan=write_file(tmp_path, "v1.md", DRAFT), tanggapan=tanggapan)
    v2 = DRAFT.replace("setiap triwulan", "setiap semester")
    out = _ingest(session, run_id, rancangan=write_file(tmp_path, "v2.md", v2), tanggapan=tanggapan)
    assert out["rancangan"]["version"] == 2
    assert out["tanggapan"]["skipped"] is False and out["tanggapan"]["written"] == 2
    assert drafting.submit_problems(session, cyc) == [
        "1 masukan belum ditanggapi untuk rancangan versi 2 (nomor 3)"
    ]


def test_a_word_draft_becomes_a_version_read_paragraph_by_paragraph(
    session: Session, tmp_path: Path
) -> None:
    """A Bagian Hukum's .docx: Word's numbering and the konsiderans' table read as written."""
    from tests.policy.test_docx_draft import BODY, docx

    run_id, cyc = _running(session, tmp_path)
    out = _ingest(session, run_id, rancangan=docx(tmp_path / "rancangan.docx", BODY))
    assert (out["rancangan"]["file"], out["rancangan"]["version"], out["rancangan"]["pasal"]) == (
        "rancangan.docx", 1, 2)  # fmt: skip
    assert out["rancangan"]["warnings"][0].endswith(
        "Pasal 2: bilangan '14' ditulis dengan angka diikuti kata dalam kurung: '14 (empat belas)'"
    )
    (version,) = session.exec(select(DraftVersion).where(DraftVersion.cycle_id == cyc.id)).all()
    sections = session.exec(select(DraftSection).where(DraftSection.version_id == version.id)
                            .order_by(col(DraftSection.position))).all()  # fmt: skip
    assert [(s.label, s.text.splitlines()[0]) for s in sections[1:]] == [
        ("Pasal 1", "(1) SKP disusun setiap tahun."),
        ("Pasal 2", "(1) Penilaian dilakukan paling lama 14 hari."),
    ]
    assert sections[0].heading == "KETENTUAN UMUM"
