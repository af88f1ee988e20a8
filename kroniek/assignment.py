"""Maximum-weight one-to-one assignment (the Hungarian method), in plain Python.

The evaluation matches a handful of predictions to a handful of gold events per
article; an O(n³) pure-Python solver on exact integers is fast enough and keeps
scipy out of the dependencies.
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Pairs (row, column) that maximise the total weight, each row and column used at most once.

    Weights must be >= 0; pairs of weight 0 are left out, so 0 means "may not be paired".
    Ties are broken deterministically by position.

    >>> max_weight_assignment([[5, 4], [4, 0]])  # 4 + 4 beats 5 alone
    [(0, 1), (1, 0)]
    >>> max_weight_assignment([[0, 0], [0, 3]])
    [(1, 1)]
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    transposed = rows > cols
    matrix = (
        [list(column) for column in zip(*weights, strict=True)] if transposed else [list(r) for r in weights]
    )
    top = max(max(row) for row in matrix)
    # Minimise cost = top - weight: a complete assignment of the shorter side, which is also a
    # maximum-weight one because all weights are >= 0 (extra zero-weight pairs are dropped below).
    costs = [[top - w for w in row] for row in matrix]
    pairs = _hungarian(costs)
    found = [(c, r) if transposed else (r, c) for r, c in pairs if matrix[r][c] > 0]
    return sorted(found)


def _hungarian(costs: list[list[int]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= columns), with row and column potentials.

    The classic O(n²m) shortest-augmenting-path formulation; index 0 is a sentinel.
    """
    n, m = len(costs), len(costs[0])
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row (1-based) assigned to column j, 0 if free
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        col0 = 0
        slack: list[float] = [float("inf")] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[col0] = True
            row0, delta, col1 = owner[col0], float("inf"), 0
            for col in range(1, m + 1):
                if used[col]:
                    continue
                reduced = costs[row0 - 1][col - 1] - u[row0] - v[col]
                if reduced < slack[col]:
                    slack[col], way[col] = reduced, col0
                if slack[col] < delta:
                    delta, col1 = slack[col], col
            step = int(delta)
            for col in range(m + 1):
                if used[col]:
                    u[owner[col]] += step
                    v[col] -= step
                else:
                    slack[col] -= step
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    return [(owner[col] - 1, col - 1) for col in range(1, m + 1) if owner[col]]
