"""Follow-up actions in words, per locale: titles and the carried-over problems.

Layer: domain presentation (used by `policy.services.followup`, which stores the
Indonesian title, and by the services building the employee sheets and the needs
analysis). An action is kept by its rule (`FollowUpAction.rule`, a stable code) and the
data its rule needs (`FollowUpAction.data`); its title is worded here in the document's
locale. The stored title is the Indonesian wording, so the CLI, which speaks Indonesian,
and existing rows keep showing it. Names from the pack (units, indicators, SKM elements)
are kept as the pack writes them in both locales.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from policy.locale import Locale, format_number

JP_RIGHT = 20
"""Hours of competence development each ASN is owed per year (SE Kepala BKN 3/2022)."""

RULE_LABELS: dict[Locale, dict[str, str]] = {
    "id": {
        "coaching": "Pembinaan kinerja dan pengembangan kompetensi",
        "talent_pool": "Kelompok talenta dan pengembangan karier",
        "corrective_ikm": "Tindakan korektif layanan",
        "corrective_complaints": "Percepatan penanganan pengaduan",
        "corrective_processing": "Percepatan penyelesaian layanan",
        "policy_review": "Telaah kebijakan",
    },
    "en": {
        "coaching": "Performance coaching and competence development",
        "talent_pool": "Talent pool and career development",
        "corrective_ikm": "Corrective action on services",
        "corrective_complaints": "Faster complaint handling",
        "corrective_processing": "Faster service processing",
        "policy_review": "Policy review",
    },
}
"""The name of each rule's kind of action."""


def join_words(items: Sequence[str], locale: Locale = "id") -> str:
    """'A dan B', 'A, B, dan C' (Indonesian); 'A and B', 'A, B and C' (English)."""
    word = " dan " if locale == "id" else " and "
    if len(items) <= 2:
        return word.join(items)
    last = f", dan {items[-1]}" if locale == "id" else f" and {items[-1]}"
    return ", ".join(items[:-1]) + last


def action_title(rule: str, subject: str, data: Mapping[str, Any], locale: Locale) -> str | None:
    """An action's title in `locale`, from its rule and data; None for an unknown rule.

    The Indonesian title is the one `policy.services.followup` stores.
    """
    id_ = locale == "id"
    if rule == "coaching":
        if id_:
            return f"Pembinaan kinerja dan pengembangan kompetensi (min. {JP_RIGHT} JP/tahun)"
        return f"Performance coaching and competence development (at least {JP_RIGHT} JP a year)"
    if rule == "talent_pool":
        if id_:
            return "Masuk kelompok talenta (talent pool) untuk pengembangan karier"
        return "Join the talent pool for career development"
    if rule == "corrective_ikm":
        elements = join_words(list(data.get("weakest", [])), locale)
        if id_:
            return f"Tindakan korektif layanan pada unsur {elements}"
        return f"Corrective action on services in the elements {elements}"
    if rule == "corrective_complaints":
        hours = data.get("limit_hours")
        if id_:
            return f"Percepatan penanganan pengaduan (respons paling lama {hours} jam)"
        unit = "hour" if hours == 1 else "hours"
        return f"Faster complaint handling (responses within {hours} {unit})"
    if rule == "corrective_processing":
        kinds = join_words(list(data.get("slow", [])), locale)
        if id_:
            return "Percepatan penyelesaian layanan" + (f" {kinds}" if kinds else "")
        return "Faster service processing" + (f": {kinds}" if kinds else "")
    if rule == "policy_review":
        name = data.get("name", "")
        if data.get("behind"):
            if id_:
                return f"Telaah kebijakan: indikator {subject} {name} tertinggal dari jalurnya"
            return f"Policy review: indicator {subject} {name} is behind its track"
        if id_:
            return f"Telaah kebijakan: indikator {subject} {name} belum mencapai target"
        return f"Policy review: indicator {subject} {name} missed its target"
    return None


def title_in(rule: str, subject: str, data: Mapping[str, Any], stored: str, locale: Locale) -> str:
    """The title a document in `locale` shows: worded from the rule, else the stored one."""
    return action_title(rule, subject, data, locale) or stored


def carried_text(
    rule: str, ids: Sequence[int], locale: Locale, title: str = "", employees: int = 0
) -> str:
    """A previous cycle's open action(s) as a problem of the needs analysis.

    Actions about employees come grouped per unit and rule (`employees` of them, `ids`);
    any other action comes alone with its `title` in `locale`.
    """
    numbers = ", ".join(f"#{i}" for i in ids)
    if employees:
        label = RULE_LABELS[locale].get(rule, rule)
        count = format_number(employees, 0, locale)
        if locale == "id":
            return f"{label} belum selesai: {count} pegawai ({numbers})"
        people = "employee" if employees == 1 else "employees"
        return f"{label} not completed: {count} {people} ({numbers})"
    if locale == "id":
        return f"{title} (tindak lanjut #{ids[0]})"
    return f"{title} (follow-up #{ids[0]})"
