"""English counts: `plural` and `plural_word` (`policy.locale`), the template filters."""

from __future__ import annotations

import pytest

from policy.locale import plural, plural_word


@pytest.mark.parametrize(
    ("count", "singular", "given", "expected"),
    [
        (1, "employee", "", "1 employee"),
        (0, "employee", "", "0 employees"),
        (2, "employee", "", "2 employees"),
        (1, "working day", "", "1 working day"),
        (3, "working day", "", "3 working days"),
        (2, "activity", "", "2 activities"),
        (2, "day", "", "2 days"),
        (2, "process", "", "2 processes"),
        (2, "branch", "", "2 branches"),
        (1, "person", "people", "1 person"),
        (4, "person", "people", "4 people"),
        (2, "dictum", "dicta", "2 dicta"),
        (1240, "respondent", "", "1,240 respondents"),
        (12345, "person", "people", "12,345 people"),
    ],
)
def test_plural(count: int, singular: str, given: str, expected: str) -> None:
    assert plural(count, singular, given) == expected


def test_plural_word_agrees_verbs_too() -> None:
    assert [plural_word(n, "has", "have") for n in (0, 1, 2)] == ["have", "has", "have"]
    assert plural_word(1, "it is", "they are") == "it is"
    assert plural_word(5, "respondent") == "respondents"


def test_the_filters_render_in_a_template(settings: object) -> None:
    from policy.documents import environment

    template = environment().from_string(
        '{{ n | plural("input") }} {{ n | plural_word("was", "were") }} recorded'
    )
    assert template.render(n=1) == "1 input was recorded"
    assert template.render(n=12) == "12 inputs were recorded"


def test_profile_answers_are_named_in_the_documents_language(settings: object) -> None:
    """The SKM profile's codes and the questionnaire's own choices, as the survey names them."""
    from policy.documents import environment

    template = environment().from_string(
        "{{ 'P' | profil('gender') }}; {{ 'S1' | profil('education') }}; "
        "{{ 'Wiraswasta' | profil('occupation') }}; {{ 'Petani' | profil('occupation') }}"
    )
    assert template.render(locale="en") == (
        "Female; Bachelor's degree (S1); Self-employed; Petani"  # not a choice: as written
    )
    assert template.render(locale="id") == "Perempuan; S1; Wiraswasta; Petani"
