"""The enums of the Siklus tables: stages, statuses, roles, ratings, predikat.

Layer: domain, pure: no database library, so the pure evaluation maths, the stage rules
and the command line's option parsing can name a stage or a predikat without loading
SQLAlchemy. The tables store the values as strings; `policy.models` re-exports every
enum here, and code that already works with the tables imports them from there.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The six stages of the policy cycle, in order."""

    NEEDS_ANALYSIS = "needs_analysis"
    FORUMS = "forums"
    DRAFTING = "drafting"
    SOCIALISATION = "socialisation"
    IMPLEMENTATION = "implementation"
    EVALUATION = "evaluation"


class RunStatus(StrEnum):
    """Status of a stage run."""

    RUNNING = "running"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"
    FAILED = "failed"


class Decision(StrEnum):
    """A leader's decision on a stage run in review."""

    APPROVE = "approve"
    RETURN = "return"
    REJECT = "reject"


class Role(StrEnum):
    """Roles a member can hold in an organisation."""

    OFFICER = "officer"
    ORGANISER = "organiser"
    LEADER = "leader"
    ADMIN = "admin"


class CycleStatus(StrEnum):
    """Status of a policy cycle."""

    ACTIVE = "active"
    STOPPED = "stopped"
    CLOSED = "closed"


class AsnType(StrEnum):
    """Jenis ASN; decides whether NIP digits 9–14 are checked (DOMAIN.md R3)."""

    PNS = "PNS"
    PPPK = "PPPK"
    PPPK_PARUH_WAKTU = "PPPK Paruh Waktu"


class Rating(StrEnum):
    """Rating hasil kerja / perilaku kerja (PermenPANRB 6/2022)."""

    DI_ATAS = "di atas ekspektasi"
    SESUAI = "sesuai ekspektasi"
    DI_BAWAH = "di bawah ekspektasi"


class Predikat(StrEnum):
    """Predikat kinerja pegawai."""

    SANGAT_BAIK = "Sangat Baik"
    BAIK = "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan"
    KURANG = "Kurang/Misconduct"
    SANGAT_KURANG = "Sangat Kurang"


class CapaianOrganisasi(StrEnum):
    """Capaian kinerja organisasi set by the leader above a unit (SE MenPANRB 3/2023).

    It fixes the distribution pattern of the unit's employee predikat (DOMAIN.md §2.3).
    """

    ISTIMEWA = "Istimewa"
    BAIK = "Baik"
    BUTUH_PERBAIKAN = "Butuh Perbaikan"
    KURANG = "Kurang"
    SANGAT_KURANG = "Sangat Kurang"


class Disposition(StrEnum):
    """What the drafting team did with a stakeholder input."""

    DITERIMA = "diterima"
    DITERIMA_SEBAGIAN = "diterima sebagian"
    TIDAK_DITERIMA = "tidak diterima"
    DI_LUAR_LINGKUP = "di luar lingkup"


class MilestoneStatus(StrEnum):
    """Status of a rollout milestone as reported by a unit."""

    BELUM = "belum"
    PROSES = "proses"
    SELESAI = "selesai"


class ActionStatus(StrEnum):
    """Status of a follow-up action."""

    OPEN = "open"
    DONE = "done"
    CARRIED = "carried"
