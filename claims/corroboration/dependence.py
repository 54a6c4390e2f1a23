"""Source dependence: who repeats whom.

Copy detection follows Dong, Berti-Equille & Srivastava (VLDB 2009): for two sources with
accuracies A1, A2 and shared questions split into kt (same true value), kf (same false value) and
kd (different values), compare the likelihood of "independent" with "one copies the other with
probability c". Sharing a false value is the telling event: independently it happens with
probability (1-A1)(1-A2)/n, so a few of them outweigh many shared true values; differing often is
evidence against copying. kf is soft (weighted by the current truth probabilities).

Shared true values are left out of the test (AccuCopy counts them, weakly, for copying). They
are what independent accurate sources do, and the accuracies the test divides by are estimates
below 1 even for good sources, so each shared true value read as a little evidence of copying:
on real data (the Book benchmark, online bookstores) thirty stores that list the right author
became copies of one another and one voice, against a single store adding a co-author. Left
out, sources are dependent when they share values that lose, whatever their number, and
independent when they differ as independent sources do; a flock that copies one feed shares
its errors and is still caught.

Look-alikes are tested besides, without the truth: a flock of sites that takes every figure
from one feed never differs, and if it outnumbers the independent sources its errors look true,
so the values that lose are the independent sources' and it is they that look like copies
(AccuCopy sides with the flock). A pair that gives the same value on every question it shares,
including questions on which other voices split, is improbable for independent sources
whatever the truth: each agreement is worth -log of the chance that two of the question's
voices agree, nothing where all agree; one difference rules it out, because independent
sources, however good, differ now and then. It is Dong's test with a copy rate of 1 and the
chance of agreeing read from the question's voices instead of from accuracies. Once the flock
is one voice, the independent sources carry the questions it gets wrong, and its shared errors
then convict it under the first test too.

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


def copy_probability(kf: F64, kd: F64, a1: F64, a2: F64, false_values: float) -> F64:
    """Posterior probability that each pair is dependent (either direction), Dong et al. 2009,
    from the false values they share and the questions they differ on."""
    a1 = np.clip(a1, 0.01, 0.99)
    a2 = np.clip(a2, 0.01, 0.99)
    c = COPY_RATE
    same_false = (1 - a1) * (1 - a2) / false_values

    def log_ratio(original: F64) -> F64:
        # The copier repeats the original with probability c, else reports independently; the
        # chance of differing is (1 - c) times the independent one, so kd contributes log(1 - c).
        f = (1 - original) * c + same_false * (1 - c)
        return np.asarray(kf * np.log(f / same_false) + kd * np.log(1 - c), dtype=np.float64)

    either = np.logaddexp(log_ratio(a1), log_ratio(a2)) + np.log(COPY_PRIOR / 2)
    log_odds = either - np.log(1 - COPY_PRIOR)
    return np.asarray(1 / (1 + np.exp(-np.clip(log_odds, -50, 50))), dtype=np.float64)


def lookalike_probability(surprise: F64, kd: F64) -> F64:
    """Probability that each pair are look-alikes: one repeats the other on every question they
    share. `surprise` sums, over their agreements, -log of the chance that two voices of that
    question agree (see solve.chance_agreement); one difference rules it out."""
    log_odds = np.log(COPY_PRIOR / (1 - COPY_PRIOR)) + surprise
    copied = 1 / (1 + np.exp(-np.clip(log_odds, -50, 50)))
    return np.asarray(np.where(kd > 0, 0.0, copied), dtype=np.float64)


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
