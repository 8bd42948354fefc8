"""The Laporan Evaluasi breaks the IKM down by kind of service (section 3.4) for the units
whose pack lists their services, with the same figures as the unit's own sheet."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from policy.services import evaluation
from tests.factories import write_file
from tests.policy.services import test_evaluation as national

HEAD = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_layanan"
# Rawat Jalan: NRR (4 + 3) / 2 = 3,5 on every element -> 87,50 (B); KIA 2 -> 50,00 (D);
# one answer naming no kind 4 -> 100,00 (A); Gigi, not in the list, 1 -> 25,00 (D).
SKM = "\n".join([
    HEAD,
    f"PKM;03/08/2026;{';'.join('4' * 9)};Rawat Jalan",
    f"PKM;03/08/2026;{';'.join('3' * 9)};Rawat Jalan",
    f"PKM;04/08/2026;{';'.join('2' * 9)};KIA",
    f"PKM;04/08/2026;{';'.join('4' * 9)};",
    f"PKM;05/08/2026;{';'.join('1' * 9)};Gigi",
    f"DUKCAPIL;05/08/2026;{';'.join('4' * 9)};KTP-el",
]) + "\n"  # fmt: skip


def test_the_laporan_lists_the_ikm_per_kind_of_service(session: Session, tmp_path: Path) -> None:
    data = national.pack("1/9")
    next(u for u in data["units"] if u["code"] == "PKM")["services"] = ["KIA", "Rawat Jalan"]
    run_id = national.start_run(session, tmp_path, data)
    evaluation.ingest(session=session, run_id=run_id, actor="rina", inputs={
        "ekinerja": write_file(tmp_path, "ekinerja.csv", national.EKINERJA),
        "skm": write_file(tmp_path, "skm.csv", SKM),
    })  # fmt: skip
    out = evaluation.produce(session=session, run_id=run_id, actor="rina",
                             as_of=national.AS_OF, locales=("id", "en"))  # fmt: skip
    report = national.md_of(out, "laporan-evaluasi")
    section = report.split("### 3.4 IKM per Jenis Layanan")[1].split("## 4.")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    # DUKCAPIL lists no services: not broken down.
    assert rows[1:] == [
        "| **Puskesmas Kota** | | | |",
        "| KIA | 1 | 50,00 | D |",
        "| Rawat Jalan | 2 | 87,50 | B |",
        "| Gigi (tidak ada dalam daftar layanan unit) | 1 | 25,00 | D |",
        "| (tidak diisi) | 1 | 100,00 | A |",
    ]
    sheet = national.md_of(out, "lembar-unit-pkm")
    assert "| Rawat Jalan | 2 | 87,50 | B |" in sheet
    english = national.md_of(out, "laporan-evaluasi", "en")
    assert "| Gigi (not in the unit's list of services) | 1 | 25.00 | D |" in english
