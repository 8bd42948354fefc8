"""Which groups' figures a report may show without revealing one employee's result.

Layer: domain, pure. A team of one has a "team mean" that is its member's score; a team
of two lets each member work out the other's from the mean and their own sheet. Reports
therefore show a group's figures (mean, predikat counts, criteria means, self-assessment
gap) only when at least `k` of its employees were rated (the pack's
`evaluation.min_group_size`, default 3).

Withholding the small groups is not enough when the total of all groups is printed too:
the total minus the groups shown is the withheld groups' own figure. So while the withheld
groups together hold fewer than `k` rated employees, the smallest group still shown is
withheld as well (complementary suppression, as statistics offices do for tables with
totals), until the withheld groups together hold at least `k` or everything is withheld.
"""

from __future__ import annotations

from collections.abc import Sequence


def withheld(sizes: Sequence[int], k: int, *, total_shown: bool) -> frozenset[int]:
    """Indices of the groups whose figures must be withheld.

    `sizes` are the rated employees of each group; a group with none has nothing to show
    and is never counted as withheld. `total_shown`: the report also prints the total
    over all these groups (then complementary groups are withheld as described above).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    out = {i for i, n in enumerate(sizes) if 0 < n < k}
    if not total_shown:
        return frozenset(out)
    while out and sum(sizes[i] for i in out) < k:
        shown = [i for i, n in enumerate(sizes) if n > 0 and i not in out]
        if not shown:
            break
        out.add(min(shown, key=lambda i: (sizes[i], i)))
    return frozenset(out)
