"""The one-to-one matcher the evaluation relies on, checked against brute force."""

from __future__ import annotations

import random

import pytest

from kroniek.assignment import max_weight_assignment


def best_total(weights: list[list[int]]) -> int:
    """The best total weight by trying every partial one-to-one pairing."""

    def search(row: int, used: frozenset[int]) -> int:
        if row == len(weights):
            return 0
        best = search(row + 1, used)
        for col, weight in enumerate(weights[row]):
            if weight > 0 and col not in used:
                best = max(best, weight + search(row + 1, used | {col}))
        return best

    return search(0, frozenset())


@pytest.mark.parametrize("seed", range(5))
def test_assignment_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = [[rng.choice((0, 0, 1, 2, 7, 100, 1000)) for _ in range(cols)] for _ in range(rows)]
        pairs = max_weight_assignment(weights)
        assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
        assert all(weights[r][c] > 0 for r, c in pairs)
        assert sum(weights[r][c] for r, c in pairs) == best_total(weights)


@pytest.mark.parametrize(
    ("weights", "pairs"),
    [
        ([], []),
        ([[0, 0], [0, 0]], []),
        ([[5, 4], [4, 0]], [(0, 1), (1, 0)]),
        ([[3], [9], [1]], [(1, 0)]),  # more rows than columns
        ([[1, 0, 2]], [(0, 2)]),
    ],
)
def test_assignment_small_cases(weights: list[list[int]], pairs: list[tuple[int, int]]) -> None:
    assert max_weight_assignment(weights) == pairs
