"""Hours of forums and workshops: read from a pack, printed in both locales with the zone."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
import yaml

from policy.clock import Hours, format_hours, parse_hours
from policy.packs import PackError, load_pack

PACKS = Path(__file__).resolve().parents[2] / "packs"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("09.00–12.00", Hours(time(9), time(12))),
        ("09:00 - 12:00", Hours(time(9), time(12))),
        ("8.30 s.d. 16.00", Hours(time(8, 30), time(16))),
        ("13.30 sampai selesai", Hours(time(13, 30))),
        ("13.30 s/d selesai", Hours(time(13, 30))),
        (" 07.45 ", Hours(time(7, 45))),
    ],
)
def test_parse_hours(text: str, hours: Hours) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pagi", "jam 'pagi' tidak dapat dibaca; tulis jam mulai dan selesai seperti "
         "'09.00–12.00' atau '13.30 s.d. selesai', atau jam mulai saja ('09.00')"),
        ("24.00", "jam '24.00': 24.00 bukan jam yang ada (00.00 sampai 23.59)"),
        ("09.00–09.00", "jam '09.00–09.00': jam selesai harus sesudah jam mulai"),
        ("9", "jam '9' tidak dapat dibaca"),
    ],
)  # fmt: skip
def test_parse_hours_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_hours(text)
    assert str(caught.value).startswith(message)


def test_format_hours_in_both_locales_and_zones() -> None:
    assert format_hours(time(9), time(12), "id", "Asia/Jakarta") == "09.00–12.00 WIB"
    assert format_hours(time(9), time(12), "en", "Asia/Makassar") == "09:00–12:00 WITA"
    assert format_hours(time(13, 30), None, "id", "Asia/Jayapura") == "13.30 WIT s.d. selesai"
    assert format_hours(time(13, 30), None, "en", "Asia/Jakarta") == "13:30 WIB until finished"


def _pack_with_forum_time(tmp_path: Path, value: object) -> Path:
    data = yaml.safe_load((PACKS / "sawahlunto.yaml").read_text(encoding="utf-8"))
    data["forums"][0]["time"] = value
    path = tmp_path / "sawahlunto.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "sawahlunto").symlink_to(PACKS / "sawahlunto")
    return path


def test_a_pack_gives_hours_and_refuses_what_is_no_time(tmp_path: Path) -> None:
    forum = load_pack(PACKS / "sawahlunto.yaml").pack.forums[0]
    assert (forum.time, forum.hours()) == ("09.00–12.00", Hours(time(9), time(12)))
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with_forum_time(tmp_path, 9.0))  # YAML's reading of 09.00
    assert (
        'forums[0].time: jam 9.0 terbaca sebagai angka; tulis dalam tanda kutip, mis. "09.00"'
        in (str(caught.value))
    )


def test_a_pack_names_a_bad_time_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with_forum_time(tmp_path, "pukul sembilan"))
    assert re.search(
        r"sawahlunto\.yaml:\d+:\d+: forums\[0\]\.time: jam 'pukul sembilan' tidak dapat dibaca",
        str(caught.value),
    )
