"""SKM aggregates read in one pass give what one query per period or per unit gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from policy.services.common import get_org
from policy.services.imports import ingest_file
from policy.services.skm import (
    age_band,
    combined_profile,
    ikm_by_periods,
    ikm_by_unit,
    respondent_profile,
    respondent_profiles,
)
from tests.factories import make_org

TW2 = (date(2026, 4, 1), date(2026, 6, 30))
TW3 = (date(2026, 7, 1), date(2026, 9, 30))
AUGUST = (date(2026, 8, 1), date(2026, 8, 31))


def skm_file(folder: Path) -> Path:
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;jenis_kelamin;usia"
    lines = [head]
    for i in range(40):
        unit = ("DUKCAPIL", "PKM")[i % 2]
        day = ("15/05/2026", "02/08/2026", "20/09/2026", "05/01/2026")[i % 4]  # Jan: no range
        score = str(1 + i % 4)
        lines.append(f"{unit};{day};{score};3;4;;{score};3;2;4;{score};{'LP'[i % 2]};{20 + i}")
    path = folder / "skm.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ikm_of_several_periods_in_one_pass(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")
    session.commit()
    org_id = org.id or 0
    together = ikm_by_periods(session, org_id, {"TW2": TW2, "TW3": TW3}, weight="1/9")
    assert set(together) == {"TW2", "TW3"}
    for key, (start, end) in (("TW2", TW2), ("TW3", TW3)):
        alone = ikm_by_unit(session, org_id, start, end, weight="1/9")
        assert [(u.unit_code, u.result) for u in together[key]] == [
            (u.unit_code, u.result) for u in alone
        ]
    # Even lines are DUKCAPIL, and every fourth (from the first) is dated in May: TW2 holds
    # 10 DUKCAPIL responses; August holds 10 PKM ones; January falls in no range.
    assert [(u.unit_code, u.result.respondents) for u in together["TW2"]] == [("DUKCAPIL", 10)]
    august = ikm_by_periods(session, org_id, {"Agustus": AUGUST}, weight="1/9")["Agustus"]
    assert [(u.unit_code, u.result.respondents) for u in august] == [("PKM", 10)]
    assert ikm_by_periods(session, org_id, {}, weight="1/9") == {}


def test_profiles_of_all_units_add_up_to_the_organisation(session: Session, tmp_path: Path) -> None:
    org = get_org(session, make_org(session, tmp_path))
    ingest_file(session, org, "skm", skm_file(tmp_path), "rina")
    session.commit()
    start, end = TW3
    units = respondent_profiles(session, org.id or 0, start, end)
    assert sorted(units) == ["DUKCAPIL", "PKM"]
    for code, profile in units.items():
        assert profile == respondent_profile(session, org.id or 0, start, end, code)
    assert combined_profile(units.values()) == respondent_profile(session, org.id or 0, start, end)
    assert units["PKM"]["gender"] == [("P", 10)]  # odd lines: PKM and P


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("32", "31–40"), ("17", "≤ 20"), ("120", "> 60"),
        ("21-30", "21–30"), ("21 – 30 tahun", "21–30"), ("21 s.d. 30", "21–30"),
        ("21 s/d 30", "21–30"), ("51 sampai dengan 60", "51–60"), ("25-30", "21–30"),
        ("≤ 20", "≤ 20"), ("<= 20", "≤ 20"), ("< 21", "≤ 20"), ("0-20", "≤ 20"),
        ("20 ke bawah", "≤ 20"), ("> 60", "> 60"), (">= 61", "> 60"), ("61+", "> 60"),
        ("61 ke atas", "> 60"),
        # Groups across two bands, or no age at all, are kept as written.
        ("25-34", "25-34"), ("60 ke atas", "60 ke atas"), ("30-21", "30-21"),
        ("dewasa", "dewasa"), ("", ""),
    ],
)  # fmt: skip
def test_a_written_age_group_within_one_band_counts_in_it(written: str, band: str) -> None:
    assert age_band(written) == band


def test_the_profile_counts_ages_and_groups_of_a_band_together(
    session: Session, tmp_path: Path
) -> None:
    org = get_org(session, make_org(session, tmp_path))
    head = "unit_layanan;tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;usia"
    ages = ["25", "21-30", "21 - 30 tahun", "> 60", "67", "25-34", ""]
    rows = [f"PKM;02/08/2026;3;3;3;3;3;3;3;3;3;{age}" for age in ages]
    path = tmp_path / "skm.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    ingest_file(session, org, "skm", path, "rina")
    session.commit()
    profile = respondent_profile(session, org.id or 0, *TW3)
    assert profile["age"] == [("21–30", 3), ("> 60", 2), ("25-34", 1), ("", 1)]
