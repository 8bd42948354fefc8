"""Shared helpers of the regional sample-data generators (``packs/<name>/generate.py``).

Each regional generator describes its organisation (units, roster, key people, forum
inputs, evaluation design) and calls these helpers to write its files. Everything is
deterministic: every helper draws from the ``random.Random`` it is given, and the
generators seed one from a fixed number, so a re-run writes the same bytes.

Every person is fictional: names are drawn from lists of common given names and family
names of the region and combined at random. NIPs follow DOMAIN.md R3 and are checked
with ``policy.nip`` before a file is written.

Files take the shape Excel gives them in an Indonesian locale (``;``, UTF-8 with BOM,
CRLF, decimal comma) unless a helper says otherwise.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from policy.models import AsnType
from policy.nip import validate_nip
from policy.workdays import WorkCalendar

# ------------------------------------------------------------------------- people


@dataclass(frozen=True)
class KeyPerson:
    """A person named in a pack (member, signatory, minutes) with a fixed NIP."""

    unit: str
    position: str
    name: str
    gender: int
    birth: date
    tmt: tuple[int, int]


@dataclass
class Person:
    """A row of pegawai.csv plus what the generators need to make data about them."""

    nip: str
    name: str
    asn: str
    position: str
    unit: str
    supervisor: str
    team: str
    gender: int
    head: bool
    quality: float = 4.0
    public: bool = False


@dataclass
class Names:
    """Unique fictional names drawn from a region's given and family names."""

    rng: random.Random
    male: Sequence[str]
    female: Sequence[str]
    family: Sequence[str]
    used: set[str] = field(default_factory=set)

    def draw(self, gender: int) -> str:
        """A new full name for gender 1 (male) or 2 (female)."""
        pool = self.male if gender == 1 else self.female
        for _ in range(1000):
            name = f"{self.rng.choice(pool)} {self.rng.choice(self.family)}"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("nama habis: tambah daftar nama")


def pns_nip(birth: date, tmt: tuple[int, int], gender: int, sequence: int = 1) -> str:
    """NIP of a PNS: birth date, TMT CPNS (YYYYMM), gender, sequence."""
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{gender}{sequence:03d}"


def pppk_nip(birth: date, year: int, gender: int, sequence: int = 1) -> str:
    """NI PPPK: birth date, year of appointment, a code, gender, sequence (DOMAIN.md §3)."""
    return f"{birth:%Y%m%d}{year:04d}{'24' if year >= 2024 else '21'}{gender}{sequence:03d}"


def _unique(nip: str, used: set[str]) -> str:
    base, seq = nip[:15], int(nip[15:])
    while f"{base}{seq:03d}" in used:
        seq += 1
    nip = f"{base}{seq:03d}"
    used.add(nip)
    return nip


def _birth(rng: random.Random, head: bool) -> date:
    year = rng.randint(1968, 1978) if head else rng.randint(1975, 1998)
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


def _tmt(rng: random.Random, birth: date) -> tuple[int, int]:
    year = min(max(birth.year + rng.randint(22, 30), 1992), 2021)
    return year, rng.randint(1, 12)


def build_staff(
    rng: random.Random,
    names: Names,
    roster: dict[str, list[tuple[str, str, str]]],
    key_people: Sequence[KeyPerson] = (),
    top_unit: str | None = None,
    female_share: Callable[[str], float] = lambda _p: 0.45,
    titles: Callable[[random.Random, str, bool, int], str] = lambda _r, _p, _h, _g: "",
) -> list[Person]:
    """Employees of every unit; the first row of a unit is its head.

    Supervisors: a unit head reports to the head of `top_unit` (none for that head
    himself); everyone else reports to the head of their unit.
    """
    keys = {(k.unit, k.position): k for k in key_people}
    names.used.update(k.name for k in key_people)
    used: set[str] = set()
    staff: list[Person] = []
    heads: dict[str, str] = {}
    for unit, rows in roster.items():
        for index, (position, team, asn) in enumerate(rows):
            head = index == 0
            key = keys.pop((unit, position), None)
            if key is not None:
                gender, birth, tmt, name = key.gender, key.birth, key.tmt, key.name
            else:
                gender = 2 if rng.random() < female_share(position) else 1
                birth = _birth(rng, head)
                tmt = _tmt(rng, birth)
                name = names.draw(gender) + titles(rng, position, head, gender)
            if asn == "PNS":
                nip = _unique(pns_nip(birth, tmt, gender), used)
            else:
                nip = _unique(pppk_nip(birth, rng.choice([2023, 2024, 2025]), gender), used)
            validate_nip(nip, AsnType.PNS if asn == "PNS" else AsnType.PPPK)
            staff.append(Person(nip, name, asn, position, unit, "", team, gender, head))
            if head:
                heads[unit] = nip
    if keys:
        raise ValueError(f"key people without a roster row: {sorted(keys)}")
    top = heads.get(top_unit or "", "")
    for p in staff:
        p.supervisor = (top if p.unit != top_unit else "") if p.head else heads[p.unit]
    return staff


def pegawai_rows(staff: Iterable[Person]) -> list[list[str]]:
    """Rows of pegawai.csv."""
    return [[p.nip, p.name, p.asn, p.position, p.unit, p.supervisor, p.team] for p in staff]


PEGAWAI_HEADER = ["nip", "nama", "jenis_asn", "jabatan", "unit_kerja", "nip_atasan", "tim"]


# ------------------------------------------------------------------------- files


def fmt_dec(value: float | Fraction, places: int = 2) -> str:
    """Decimal comma, rounded half up: 82.5 -> '82,50'."""
    q = Fraction(value) * 10**places
    whole = math.floor(abs(q) + Fraction(1, 2)) * (1 if q >= 0 else -1)
    text = f"{abs(whole) // 10**places}"
    if places:
        text += f",{abs(whole) % 10**places:0{places}d}"
    return ("-" if whole < 0 else "") + text


def fmt_date(day: date) -> str:
    """dd/mm/yyyy."""
    return f"{day:%d/%m/%Y}"


def write_excel_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    """The Excel shape: ';', UTF-8 with BOM, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_plain_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    """A machine export: ',', UTF-8 without BOM, LF."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def workdays(start: date, end: date) -> list[date]:
    """Monday to Friday from start to end, inclusive."""
    days = (end - start).days + 1
    return [d for d in (start + timedelta(n) for n in range(days)) if d.weekday() < 5]


# ---------------------------------------------------------------------- SKM and complaints

SKM_HEADER = ["unit_layanan", "tanggal", *(f"u{i}" for i in range(1, 10)), "jenis_kelamin",
              "usia", "pendidikan", "pekerjaan", "jenis_layanan"]  # fmt: skip
EDUCATION = (["SD", "SMP", "SMA/SMK", "D1-D3", "S1", "S2"], [8, 12, 40, 10, 26, 4])
JOBS = (
    ["Wiraswasta", "Pegawai Swasta", "Ibu Rumah Tangga", "Pelajar/Mahasiswa", "PNS/TNI/Polri",
     "Buruh", "Petani/Nelayan", "Lainnya"],
    [22, 20, 14, 10, 8, 10, 8, 8],
)  # fmt: skip


def likert(rng: random.Random, mean: float) -> int:
    """A 1–4 answer around `mean`."""
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


def skm_rows(
    rng: random.Random,
    unit: str,
    days: Sequence[date],
    count: int,
    means: Sequence[float],
    services: Sequence[str],
    blank_share: float = 0.02,
) -> list[list[str]]:
    """`count` SKM responses for a service unit; `means` per element u1…u9."""
    rows = []
    for _ in range(count):
        scores = ["" if rng.random() < blank_share else str(likert(rng, m)) for m in means]
        if not any(scores):
            scores[0] = "3"
        age = rng.randint(17, 72)
        rows.append([
            unit, fmt_date(rng.choice(days)), *scores, rng.choice(["L", "P"]),
            "" if rng.random() < 0.02 else str(age),
            rng.choices(*EDUCATION)[0], rng.choices(*JOBS)[0], rng.choice(services),
        ])  # fmt: skip
    rows.sort(key=lambda r: (r[1][6:] + r[1][3:5] + r[1][:2], r[0]))
    return rows


COMPLAINT_HEADER = ["tanggal", "unit_kerja", "kategori", "waktu_respons_jam", "status"]


def complaint_rows(
    rng: random.Random,
    units: dict[str, tuple[int, float]],
    days: Sequence[date],
    categories: Sequence[str],
    open_share: float = 0.05,
) -> list[list[str]]:
    """Complaints per unit: (count, median response hours); some still open (no hours)."""
    rows = []
    for unit, (count, median) in units.items():
        for _ in range(count):
            if rng.random() < open_share:
                hours, status = "", "proses"
            else:
                hours, status = fmt_dec(median * math.exp(rng.gauss(0, 0.6)), 1), "selesai"
            rows.append([fmt_date(rng.choice(days)), unit, rng.choice(categories), hours, status])
    rows.sort(key=lambda r: (r[0][6:] + r[0][3:5] + r[0][:2], r[1]))
    return rows


REQUEST_HEADER = ["unit_layanan", "jenis_layanan", "tanggal_masuk", "tanggal_selesai", "nomor"]


def request_rows(
    rng: random.Random,
    unit: str,
    kinds: dict[str, tuple[int, Sequence[tuple[int, float]]]],
    days: Sequence[date],
    prefix: str,
) -> list[list[str]]:
    """Service requests of one unit: per kind, (count, [(working days taken, weight), …]).

    A request is finished that many working days (national calendar) after it came in; one
    that would finish after the last of `days` is still open (no tanggal_selesai).
    """
    calendar, last = WorkCalendar(), max(days)
    drawn = []
    for kind, (count, spread) in kinds.items():
        taken = [d for d, _ in spread]
        weights = [w for _, w in spread]
        for _ in range(count):
            received = rng.choice(days)
            done = calendar.add_working_days(received, rng.choices(taken, weights)[0])
            drawn.append((received, kind, done if done <= last else None))
    drawn.sort(key=lambda r: (r[0], r[1]))
    return [
        [unit, kind, fmt_date(received), fmt_date(done) if done else "",
         f"{prefix}-{received:%Y%m%d}-{n:04d}"]
        for n, (received, kind, done) in enumerate(drawn, 1)
    ]  # fmt: skip


ACTIVITY_HEADER = ["bulan", "nip", "hari_lapor", "hari_cuti"]


def leave_days(rng: random.Random, working: Sequence[int]) -> list[int]:
    """A person's working days on leave in each month of a year of `working` days a month.

    Cuti tahunan: up to 12 days in one to three spells of one to five days, in months drawn
    at random; one person in twenty-five also takes a long leave (cuti melahirkan or cuti
    sakit) of two or three whole months.
    """
    leave = [0] * len(working)
    for _ in range(rng.choice((0, 1, 2, 2, 3))):
        month = rng.randrange(len(working))
        leave[month] = min(working[month], leave[month] + rng.randint(1, 5))
    if rng.random() < 0.04:
        start = rng.randrange(len(working) - 2)
        for month in range(start, start + rng.choice((2, 3))):
            leave[month] = working[month]
    return leave


def activity_rows(
    rng: random.Random,
    staff: Sequence[Person],
    year: int,
    habits: Sequence[tuple[float, float]],
    leave_rng: random.Random,
) -> list[list[str]]:
    """e-Kinerja's monthly recap of daily activity reports for every month of `year`.

    Each person draws a habit, (weight, share of the working days at work reported on); the
    share varies a little from month to month. Days on leave (`leave_days`, drawn from
    `leave_rng`) are no days at work. Those who never report are left out of the recap, as an
    e-Kinerja export leaves out those who never opened it.
    """
    calendar = WorkCalendar()
    shares = [share for _, share in habits]
    weights = [weight for weight, _ in habits]
    working = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        working.append(calendar.working_days_between(first - timedelta(days=1), last))
    rows = []
    for person in staff:
        habit = rng.choices(shares, weights)[0]
        leave = leave_days(leave_rng, working)
        if habit == 0:
            continue
        for month in range(1, 13):
            share = min(1.0, max(0.0, habit + rng.gauss(0, 0.08)))
            at_work = working[month - 1] - leave[month - 1]
            rows.append([f"{year}-{month:02d}", person.nip, str(round(at_work * share)),
                         str(leave[month - 1])])  # fmt: skip
    return rows


# ------------------------------------------------------------------------ ratings

RATING_HEADER = ["periode", "nip", "sumber", "penilai", "aspek", "nilai"]


def _score(rng: random.Random, quality: float, spread: float, low: int, high: int) -> int:
    return max(low, min(high, round(rng.gauss(quality, spread))))


def ratings_360(
    rng: random.Random,
    period: str,
    staff: Sequence[Person],
    criteria_for: Callable[[Person], Sequence[str]],
    sources: Sequence[str],
    peers_for: Callable[[Person], Sequence[Person]],
    community: Callable[[Person], int] = lambda _p: 0,
    scale: tuple[int, int] = (1, 5),
    rated: Callable[[Person], bool] = lambda _p: True,
    community_prefix: str = "M",
) -> list[list[str]]:
    """360 ratings: the supervisor, peers, community respondents and self, per criterion.

    Each person's `quality` centres the scores; a self-assessment runs half a point
    higher on average (the gap the reports show).
    """
    low, high = scale
    rows: list[list[str]] = []
    counter = 0
    for p in staff:
        if not rated(p):
            continue
        criteria = criteria_for(p)
        raters: list[tuple[str, str, float]] = []
        if "atasan" in sources and p.supervisor:
            raters.append(("atasan", p.supervisor, 0.45))
        if "rekan" in sources:
            raters += [("rekan", q.nip, 0.6) for q in peers_for(p)]
        if "masyarakat" in sources:
            for _ in range(community(p)):
                counter += 1
                raters.append(("masyarakat", f"{community_prefix}-{counter:04d}", 0.7))
        if "diri" in sources:
            raters.append(("diri", "", 0.4))
        for source, rater, spread in raters:
            shift = 0.5 if source == "diri" else 0.0
            for criterion in criteria:
                score = _score(rng, p.quality + shift, spread, low, high)
                rows.append([period, p.nip, source, rater, criterion, str(score)])
    return rows


def peers_in_team(staff: Sequence[Person], most: int = 4) -> Callable[[Person], list[Person]]:
    """Peers: up to `most` others of the same unit and team (heads rate no peers)."""
    by_team: dict[tuple[str, str], list[Person]] = {}
    for p in staff:
        by_team.setdefault((p.unit, p.team), []).append(p)

    def peers(p: Person) -> list[Person]:
        if p.head:
            return []
        return [q for q in by_team[(p.unit, p.team)] if q.nip != p.nip and not q.head][:most]

    return peers


EKINERJA_HEADER = ["periode", "nip", "rating_hasil_kerja", "rating_perilaku"]
RATINGS = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")


def ekinerja_rows(rng: random.Random, period_text: str, staff: Sequence[Person]) -> list[list[str]]:
    """e-Kinerja ratings driven by each person's quality (4,5+ above, < 3,5 below)."""
    rows = []
    for p in staff:
        work = 0 if p.quality >= 4.5 else (2 if p.quality < 3.5 else 1)
        behaviour = 0 if p.quality >= 4.6 and rng.random() < 0.7 else (
            2 if p.quality < 3.2 else 1)  # fmt: skip
        rows.append([period_text, p.nip, RATINGS[work], RATINGS[behaviour]])
    return rows


# ------------------------------------------------------------ forums, workshops, rollout

ATTENDANCE_HEADER = ["forum", "nama", "nip", "instansi", "kelompok", "hadir"]
INPUT_HEADER = ["forum", "nama", "instansi", "kelompok", "bagian", "masukan"]
RESPONSE_HEADER = ["nomor", "status", "tanggapan", "bagian_berubah"]
WORKSHOP_HEADER = ["kegiatan", "nip", "hadir", "pre_test", "post_test"]
PROGRESS_HEADER = ["unit_kerja", "tahap", "target_tanggal", "status", "tanggal_selesai",
                   "catatan"]  # fmt: skip
REALISATION_HEADER = ["periode", "kode", "nilai"]
BONUS_HEADER = ["periode", "nip", "kode", "poin", "keterangan"]


def workshop_rows(
    rng: random.Random,
    workshops: dict[str, list[str]],
    staff: Sequence[Person],
    absent: dict[str, float],
) -> list[list[str]]:
    """Attendance with pre/post tests: `workshops` code -> units; `absent` unit -> share."""
    rows = []
    for code, units in workshops.items():
        for p in staff:
            if p.unit not in units:
                continue
            if rng.random() < absent.get(p.unit, 0.05):
                rows.append([code, p.nip, "tidak", "", ""])
                continue
            pre = rng.randint(40, 75)
            post = min(100, pre + rng.randint(5, 30))
            rows.append([code, p.nip, "ya", str(pre), str(post)])
    return rows


def progress_rows(
    milestones: Sequence[tuple[str, date]],
    units: Sequence[str],
    late: dict[str, int],
    notes: tuple[str, str],
) -> list[list[str]]:
    """Rollout milestones per unit, done before their due date.

    `late[unit]` of a unit's last milestones are still in progress.
    """
    rows = []
    for unit in units:
        for index, (name, due) in enumerate(milestones):
            behind = index >= len(milestones) - late.get(unit, 0)
            if behind:
                rows.append([unit, name, fmt_date(due), "proses", "", notes[1]])
            else:
                rows.append([unit, name, fmt_date(due), "selesai",
                             fmt_date(due - timedelta(days=3 + index)), notes[0]])  # fmt: skip
    return rows


def write_all(out: Path, files: dict[str, tuple[list[str], Iterable[list[str]], bool]]) -> None:
    """Write every file: name -> (header, rows, excel shape?)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, (header, rows, excel) in files.items():
        (write_excel_csv if excel else write_plain_csv)(out / name, header, rows)


def forum_files(
    rng: random.Random,
    people: Sequence[Person],
    inputs: Sequence[tuple[str, str, str, str, str, str, str]],
    public: Sequence[tuple[str, str, str]],
    institution: Callable[[Person], str],
    asn_forum: str = "F1",
    public_forum: str = "F2",
) -> dict[str, tuple[list[str], list[list[str]], bool]]:
    """Forum attendance, inputs and the drafting team's responses (numbered in file order).

    `inputs`: (forum, group, section, text, status, response, changed sections); ASN
    inputs come from employees, the others from `public` (name, institution, group).
    """
    attendance = [[asn_forum, p.name, p.nip, institution(p), "asn",
                   "tidak" if rng.random() < 0.1 else "ya"] for p in people]  # fmt: skip
    attendance += [[public_forum, name, "", where, group, "ya"] for name, where, group in public]
    attendance += [[public_forum, p.name, p.nip, institution(p), "asn", "ya"] for p in people[:2]]
    authors = [p for p in people if not p.head]
    rng.shuffle(authors)
    others = iter(public)
    rows, responses = [], []
    for number, (forum, group, section, text, status, reply, changed) in enumerate(inputs, 1):
        if group == "asn":
            who = authors.pop()
            author, where = who.name, institution(who)
        else:
            author, where, group = next(others)
        rows.append([forum, author, where, group, section, text])
        responses.append([str(number), status, reply, changed])
    return {
        "kehadiran_forum.csv": (ATTENDANCE_HEADER, attendance, True),
        "masukan_forum.csv": (INPUT_HEADER, rows, True),
        "tanggapan.csv": (RESPONSE_HEADER, responses, True),
    }


def ikm_of(rows: Iterable[list[str]], unit: str) -> Fraction:
    """The exact IKM (weight 1/9) of a unit's SKM rows, for indicator realisations."""
    totals = [[0, 0] for _ in range(9)]
    for r in rows:
        if r[0] != unit:
            continue
        for i, v in enumerate(r[2:11]):
            if v:
                totals[i][0] += int(v)
                totals[i][1] += 1
    nrr = [Fraction(s, n) for s, n in totals if n]
    return sum(nrr, Fraction(0)) / len(nrr) * 25


def on_time_share(rows: Iterable[list[str]], limit: float) -> Fraction:
    """Share of complaints answered within `limit` hours (unanswered count as late)."""
    rows = list(rows)
    fast = [r for r in rows if r[3] and float(r[3].replace(",", ".")) <= limit]
    return Fraction(len(fast), len(rows))


def rounded(value: Fraction, places: int = 2) -> Fraction:
    """`value` rounded half up to `places` decimals, as the documents show it."""
    return Fraction(fmt_dec(value, places).replace(",", "."))


def median_hours(rows: Iterable[list[str]]) -> Fraction:
    """Median response time of the answered complaints (as the evaluation reads it)."""
    hours = sorted(Fraction(r[3].replace(",", ".")) for r in rows if r[3])
    middle = len(hours) // 2
    return hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2


def response_limit_hours(pack: Path) -> int:
    """The pack's ``evaluation.complaints.response_limit_hours`` (72, the default, if unset)."""
    text = pack.read_text(encoding="utf-8")
    evaluation = re.search(r"^evaluation:\n(.*?)(?=^\S|\Z)", text, re.S | re.M)
    assert evaluation, ("paket tanpa evaluation", pack.name)
    found = re.search(
        r"^  complaints:\n(?:    .*\n)*?    response_limit_hours: (\d+)$", evaluation.group(1), re.M
    )
    return int(found.group(1)) if found else 72


def anonymity_threshold(pack: Path) -> int:
    """The pack's ``weighted_360.anonymity_threshold`` (3, the default, if unset)."""
    found = set(
        re.findall(r"^    anonymity_threshold: (\d+)$", pack.read_text(encoding="utf-8"), re.M)
    )
    assert len(found) <= 1, ("ambang anonimitas ganda", pack.name, found)
    return int(found.pop()) if found else 3


def indicator(pack: Path, code: str) -> Any:
    """The pack's indicator `code`, as Siklus reads the pack (its `indicators_file` too)."""
    from policy.packs import load_pack

    found = {i.code: i for i in load_pack(pack).pack.indicators}
    assert code in found, ("indikator tidak ada di paket", pack.name, code)
    return found[code]


def check_indicator(pack: Path, code: str, **expected: Fraction) -> None:
    """Stop if the hand-written pack's indicator `code` lost a number its sample data fixes.

    Example: ``check_indicator(PACK, "IKM-PATEN", baseline=rounded(ikm_of(rows, "PATEN")))``
    for a baseline that is the IKM of the baseline year's SKM sample.
    """
    found = indicator(pack, code)
    for key, value in expected.items():
        written = getattr(found, key)
        assert Fraction(written) == value, (
            f"{pack.name}: {key} indikator {code} harus {fmt_dec(value)} (dari data contoh)",
            written,
        )
