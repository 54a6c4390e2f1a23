"""Source dependence: who repeats whom.

Copy detection follows Dong, Berti-Equille & Srivastava (VLDB 2009): for two sources with
accuracies A1, A2 and shared questions split into kt (same true value), kf (same false value) and
kd (different values), compare the likelihood of "independent" with "one copies the other with
probability c". Sharing a false value is the telling event: independently it happens with
probability (1-A1)(1-A2)/n, so a few of them outweigh many shared true values; differing often is
evidence against copying. kt and kf are soft (weighted by the current truth probabilities).

Only pairs that agree on at least MIN_AGREEMENTS values are tested: a coincidence or two is no
pattern, and it keeps the test to pairs found by grouping reports of the same value (linear in
reports for bounded groups), instead of all source pairs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

COPY_RATE = 0.8  # c: how much of its shared questions a copier copies (Dong et al.'s default)
COPY_PRIOR = 0.2  # alpha: prior probability that two sources are dependent (Dong et al.)
MIN_AGREEMENTS = 3
# Weak priors estimated from pairs of reports (n, pool copy rates) are worth this many pairs.
PRIOR_PAIRS = 10.0
MAX_GROUP = 500  # values or questions with more reports are skipped: quadratic, and uninformative


def pairs_within_groups(group: I64, max_size: int = MAX_GROUP) -> tuple[I64, I64]:
    """All unordered pairs of positions with the same group id (groups of 2..max_size members)."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    n = len(sorted_group)
    if n < 2:
        empty = np.zeros(0, np.int64)
        return empty, empty
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    sizes = np.diff(np.r_[starts, n])
    size_of = np.repeat(sizes, sizes)
    local = np.arange(n) - np.repeat(starts, sizes)
    partners = np.where(size_of <= max_size, size_of - 1 - local, 0)
    left = np.repeat(np.arange(n), partners)
    offsets = np.repeat(np.cumsum(partners) - partners, partners)
    right = left + 1 + (np.arange(len(left)) - offsets)
    return order[left].astype(np.int64), order[right].astype(np.int64)


def copy_probability(kt: F64, kf: F64, kd: F64, a1: F64, a2: F64, false_values: float) -> F64:
    """Posterior probability that each pair is dependent (either direction), Dong et al. 2009."""
    a1 = np.clip(a1, 0.01, 0.99)
    a2 = np.clip(a2, 0.01, 0.99)
    c = COPY_RATE
    same_true = a1 * a2
    same_false = (1 - a1) * (1 - a2) / false_values

    def log_ratio(original: F64) -> F64:
        # The copier repeats the original with probability c, else reports independently; the
        # chance of differing is (1 - c) times the independent one, so kd contributes log(1 - c).
        t = original * c + same_true * (1 - c)
        f = (1 - original) * c + same_false * (1 - c)
        return np.asarray(
            kt * np.log(t / same_true) + kf * np.log(f / same_false) + kd * np.log(1 - c),
            dtype=np.float64,
        )

    either = np.logaddexp(log_ratio(a1), log_ratio(a2)) + np.log(COPY_PRIOR / 2)
    log_odds = either - np.log(1 - COPY_PRIOR)
    return np.asarray(1 / (1 + np.exp(-np.clip(log_odds, -50, 50))), dtype=np.float64)


def copy_rate(kt: F64, kf: F64, kd: F64, a_o: F64, a_k: F64, false_values: float) -> F64:
    """How often a pool's members copy a source: the MAP rate c, prior worth PRIOR_PAIRS pairs
    of independent reports, by bisection on the concave log-likelihood's derivative."""
    a_o = np.clip(a_o, 0.01, 0.99)
    a_k = np.clip(a_k, 0.01, 0.99)
    x1, y1 = a_o, a_o * a_k
    x2, y2 = 1 - a_o, (1 - a_o) * (1 - a_k) / false_values
    lo, hi = np.zeros(len(kt)), np.where(kt + kf > 0, 1 - 1e-9, 0.0)  # no agreement: c = 0
    for _ in range(30):
        c = (lo + hi) / 2
        slope = (
            kt * (x1 - y1) / (c * x1 + (1 - c) * y1)
            + kf * (x2 - y2) / (c * x2 + (1 - c) * y2)
            - (kd + PRIOR_PAIRS) / (1 - c)
        )
        lo, hi = np.where(slope > 0, c, lo), np.where(slope > 0, hi, c)
    return np.asarray((lo + hi) / 2, dtype=np.float64)


def copied_given_agreement(c: F64, p: F64, a_o: F64, a_k: F64, false_values: float) -> F64:
    """Probability that an agreeing report of the pool copied the source, given the rate c and
    the probability p that the shared value is true."""
    a_o = np.clip(a_o, 0.01, 0.99)
    a_k = np.clip(a_k, 0.01, 0.99)
    copied = c * (p * a_o + (1 - p) * (1 - a_o))
    alone = (1 - c) * (p * a_o * a_k + (1 - p) * (1 - a_o) * (1 - a_k) / false_values)
    return np.asarray(copied / (copied + alone), dtype=np.float64)
