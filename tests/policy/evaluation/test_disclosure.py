"""Small groups are withheld, and enough others that the totals do not give them away."""

from __future__ import annotations

import pytest

from policy.evaluation.disclosure import withheld


@pytest.mark.parametrize(
    ("sizes", "total_shown", "expected"),
    [
        # Every group large enough: nothing withheld.
        ([5, 3, 9], True, set()),
        # A team of one beside a total: the next smallest goes too (1 + 3 >= 3).
        ([1, 3, 9], True, {0, 1}),
        # Two small groups already hold 3 together: no complement needed.
        ([1, 2, 9], True, {0, 1}),
        # Without a printed total only the small groups themselves.
        ([1, 3, 9], False, {0}),
        ([2, 2, 4], False, {0, 1}),
        # A group of none is nothing to withhold and no complement.
        ([0, 4, 5], True, set()),
        ([0, 1, 4, 5], True, {1, 2}),
        # Ties: the first of the smallest.
        ([1, 4, 4], True, {0, 1}),
        # The whole table is small: everything withheld.
        ([1, 1], True, {0, 1}),
    ],
)
def test_withheld(sizes: list[int], total_shown: bool, expected: set[int]) -> None:
    assert withheld(sizes, 3, total_shown=total_shown) == expected


def test_k_of_five() -> None:
    assert withheld([4, 4, 10], 5, total_shown=True) == {0, 1}
    assert withheld([4, 6, 10], 5, total_shown=True) == {0, 1}
    assert withheld([5, 6], 5, total_shown=True) == set()


def test_k_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        withheld([1], 0, total_shown=False)
