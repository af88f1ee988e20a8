"""Maximum-weight one-to-one assignment, for matching predicted events to gold events.

scipy's `linear_sum_assignment` solves it; this wrapper keeps the evaluation's convention that a pair of
weight 0 may not be matched.
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Pairs (row, column) that maximise the total weight, each row and column used at most once.

    Weights must be >= 0; pairs of weight 0 are left out, so 0 means "may not be paired".

    >>> max_weight_assignment([[5, 4], [4, 0]])  # 4 + 4 beats 5 alone
    [(0, 1), (1, 0)]
    >>> max_weight_assignment([[0, 0], [0, 3]])
    [(1, 1)]
    """
    if not weights or not weights[0]:
        return []
    from scipy.optimize import linear_sum_assignment  # only the evaluation uses it: not at start-up

    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r][c] > 0)
