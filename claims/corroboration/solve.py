"""The iteration: dependence -> truth probabilities -> source reliabilities, until stable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .dependence import (
    PRIOR_PAIRS,
    copied_given_agreement,
    copy_probability,
    copy_rate,
    lookalike_probability,
)
from .encode import LABEL_UNREPORTED, UNLABELLED, Encoded, activity_bucket
from .grades import DEFAULT_PRIOR_WEIGHT, prior_for

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

# n: how many wrong values an erring source could have picked per question. It sets how telling
# agreement is (two independent sources share a given wrong value with probability 1/n) and the
# prior mass of "none of the reported values". FALSE_VALUES is only the start and prior (worth
# PRIOR_PAIRS pairs of wrong reports); `false_values` re-estimates n from the data each round.
FALSE_VALUES = 10.0
# Ungraded sources start from the pooled reliability of ungraded sources with similar activity
# (same power-of-two number of questions), itself shrunk to the overall pool with this weight.
ACTIVITY_POOL_WEIGHT = 10.0
MAX_ITERATIONS = 100
# Converged when at most CONVERGED_SHARE of the probabilities still move by more than CONVERGED
# between two iterations. Not the largest change: a few source pairs at the edge of the copy test
# keep flipping, and the more data the more such pairs, so the maximum made iterations grow with
# size (20, 40, 67 at 0.1, 1 and 5M reports) while the other estimates had long settled.
CONVERGED = 1e-2
CONVERGED_SHARE = 1e-3
SOFT_EVIDENCE_CAP = 50.0


@dataclass(slots=True)
class Solution:
    alpha: F64  # per source
    beta: F64
    prior_alpha: F64
    prior_beta: F64
    corroborated: F64  # per source: reports on questions with another source or a verdict
    p: F64  # per alternative
    other: F64  # per question: truth is none of the reported values
    share: F64  # per report: fraction of an independent voice
    vote: F64  # per report: log-odds added to its alternative
    copy: F64  # per candidate pair: probability of copying
    pool_rate: F64  # per (source, activity pool) unit: how often the pool copies the source
    evidence_scale: F64  # per source: weight of one soft agreement (SOFT_EVIDENCE_CAP)
    pair_d: F64  # per report pair: dependence used to share weight
    default_mean: F64  # per activity bucket: prior mean of an ungraded source
    false_values: float  # n, as estimated
    iterations: int


def _sum_by(index: I64, weights: F64, n: int) -> F64:
    """Sum of weights per index 0..n-1 (np.bincount, typed as floats)."""
    return np.bincount(index, weights, n).astype(np.float64, copy=False)


def vote_weight(reliability: F64, false_values: float) -> F64:
    """Log-odds a report adds to its value: log(n A / (1 - A)) under the uniform-error model."""
    a = np.clip(reliability, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(false_values * a / (1 - a)), dtype=np.float64)


def false_values(data: Encoded, p: F64, share: F64) -> float:
    """n re-estimated from how often two independent wrong reports of a question coincide.

    Under the model two wrong reports agree with probability 1/n. Pairs are weighted by their
    shares, so detected copies do not count as coincidences; FALSE_VALUES is the prior, worth
    PRIOR_PAIRS pairs.
    """
    voice = data.rep_w * share
    c = _sum_by(data.rep_a, voice, len(data.alt_q))
    c2 = _sum_by(data.rep_a, voice**2, len(data.alt_q))
    same = float(((c * c - c2) / 2 * np.clip(1 - p, 0, 1)).sum())
    per_q = np.add.reduceat(c, data.q_alt_start[:-1])
    sq = np.add.reduceat(c * c, data.q_alt_start[:-1])
    cross = np.add.reduceat(c * p * (per_q[data.alt_q] - c), data.q_alt_start[:-1])
    differ = float(np.clip((per_q**2 - sq) / 2 - cross, 0, None).sum())
    return (same + differ + PRIOR_PAIRS * FALSE_VALUES) / (same + PRIOR_PAIRS)


def chance_agreement(data: Encoded, share: F64) -> F64:
    """Per alternative, how likely two voices of its question are to agree by chance: the sum
    over its values of their share of the question's voices, squared. 1 where all agree (an
    agreement there says nothing), small where voices split."""
    voice = _sum_by(data.rep_a, data.rep_w * share, len(data.alt_q))
    total = np.add.reduceat(voice, data.q_alt_start[:-1])
    split = np.add.reduceat(
        (voice / np.maximum(total[data.alt_q], 1e-12)) ** 2, data.q_alt_start[:-1]
    )
    return np.asarray(np.clip(split[data.alt_q], 1e-6, 1.0), dtype=np.float64)


def cavity(alpha: F64, beta: F64, rep_s: I64, own_true: F64, own_seen: F64) -> F64:
    """Per report, its source's reliability without the evidence of this very report.

    A source must not vouch for itself: with its own agreement left in, a source seen once gets
    reliability 2/3 when it wins its question and 1/3 when it loses, which only entrenches the
    first estimate. Leaving the report out (the "cavity", as in collapsed Gibbs sampling of
    truth-discovery models) gives it the prior of its activity pool; for an active source the
    difference is negligible.
    """
    return np.asarray(
        (alpha[rep_s] - own_true) / ((alpha + beta)[rep_s] - own_seen), dtype=np.float64
    )


def e_step(data: Encoded, tau: F64, pair_d: F64, n_false: float) -> tuple[F64, F64, F64, F64]:
    """Probabilities of alternatives and of "none reported", given votes (tau, per report) and
    dependence.

    P(v true) is proportional to exp(sum of shared votes for v); each of the n + 1 - |V| values
    nobody reported keeps weight exp(0), so a single report of a source of reliability A gets
    probability A, as it should.
    """
    n_rep, n_alt = len(data.rep_s), len(data.alt_q)
    linked = _sum_by(data.pair_i, pair_d, n_rep) + _sum_by(data.pair_j, pair_d, n_rep)
    share = 1.0 / (1.0 + linked)
    vote = data.rep_w * share * tau
    score = _sum_by(data.rep_a, vote, n_alt)
    starts = data.q_alt_start[:-1]
    top = np.maximum.reduceat(score, starts)
    mass = np.add.reduceat(np.exp(score - top[data.alt_q]), starts)
    unreported = np.maximum(n_false + 1 - np.diff(data.q_alt_start), 0.0)
    with np.errstate(divide="ignore"):
        log_z = np.logaddexp(top + np.log(mass), np.log(unreported))
    p = np.exp(score - log_z[data.alt_q])
    other = unreported * np.exp(-log_z)
    return p.astype(np.float64), other.astype(np.float64), share.astype(np.float64), vote


def with_verdicts(data: Encoded, p: F64, other: F64) -> tuple[F64, F64]:
    """Editor verdicts are certain: they replace the estimate for their question."""
    label_of_alt = data.label_alt[data.alt_q]
    p = np.where(label_of_alt == UNLABELLED, p, np.arange(len(p)) == label_of_alt)
    other = np.where(data.label_alt == UNLABELLED, other, data.label_alt == LABEL_UNREPORTED)
    return p.astype(np.float64), other.astype(np.float64)


def solve(data: Encoded, grades: Mapping[str, str], max_iterations: int) -> Solution:
    n_src = len(data.sources)
    fixed = [prior_for(grades.get(s)) for s in data.sources]
    graded = np.array([f is not None for f in fixed], bool)
    fixed_alpha = np.array([f[0] if f else 0.0 for f in fixed])
    fixed_beta = np.array([f[1] if f else 0.0 for f in fixed])
    bucket = activity_bucket(data.source_questions)
    n_buckets = int(bucket.max()) + 1
    evidence = data.rep_w * data.informative
    labelled = data.label_alt[data.rep_q] != UNLABELLED
    corroborated = _sum_by(data.rep_s, evidence, n_src)
    soft_n = _sum_by(data.rep_s, evidence * ~labelled, n_src)
    # Agreement with an estimate is correlated evidence (it shares the estimate's errors): past
    # SOFT_EVIDENCE_CAP reports it stops narrowing the posterior, and verdicts keep their say.
    scale = np.minimum(1.0, SOFT_EVIDENCE_CAP / np.maximum(soft_n, 1e-12))
    own_weight = evidence * np.where(labelled, 1.0, scale[data.rep_s])

    prior_alpha = np.where(graded, fixed_alpha, DEFAULT_PRIOR_WEIGHT / 2)
    prior_beta = np.where(graded, fixed_beta, DEFAULT_PRIOR_WEIGHT / 2)
    alpha, beta = prior_alpha, prior_beta
    default_mean = np.full(n_buckets, 0.5)
    pair_d = data.pair_static
    copy = np.zeros(len(data.cand_s1))
    p_prev = np.zeros(len(data.alt_q))
    n_false = FALSE_VALUES
    iterations = 0
    valid = data.pair_cand >= 0
    cand_of_pair = data.pair_cand[valid]
    alt_of_pair = data.rep_a[data.pair_i[valid]]
    own_true = np.zeros(len(data.rep_s))
    own_seen = np.zeros(len(data.rep_s))
    pool_rate = np.zeros(len(data.pool_s))
    in_pool = data.pair_pool >= 0
    unit_of_pair = data.pair_pool[in_pool]
    alt_of_unit_pair = data.rep_a[data.pair_i[in_pool]]
    for iterations in range(1, max_iterations + 1):
        reliability = cavity(alpha, beta, data.rep_s, own_true, own_seen)
        model, other, share, _ = e_step(data, vote_weight(reliability, n_false), pair_d, n_false)
        p, _ = with_verdicts(data, model, other)
        n_false = false_values(data, p, share)

        # M-step: (soft) counts of true reports where another source or a verdict speaks.
        true_reports = evidence * p[data.rep_a]
        confirmed = _sum_by(data.rep_s, true_reports, n_src)
        # The pool of ungraded sources is estimated from the reports alone: editors choose what
        # they verify, so verdicts speak about the sources they concern, not about everyone
        # (else confirming its opponents would raise a refuted source's prior).
        pooled = _sum_by(data.rep_s, evidence * model[data.rep_a], n_src)[~graded]
        pool_t, pool_n = pooled.sum(), corroborated[~graded].sum()
        overall = (pool_t + 1) / (pool_n + 2)
        by_t = _sum_by(bucket[~graded], pooled, n_buckets)
        by_n = _sum_by(bucket[~graded], corroborated[~graded], n_buckets)
        default_mean = (by_t + ACTIVITY_POOL_WEIGHT * overall) / (by_n + ACTIVITY_POOL_WEIGHT)
        prior_alpha = np.where(graded, fixed_alpha, DEFAULT_PRIOR_WEIGHT * default_mean[bucket])
        prior_beta = np.where(graded, fixed_beta, DEFAULT_PRIOR_WEIGHT - prior_alpha)
        soft_t = _sum_by(data.rep_s, true_reports * ~labelled, n_src)
        hard_t, hard_n = confirmed - soft_t, corroborated - soft_n
        alpha = prior_alpha + hard_t + scale * soft_t
        own_true, own_seen = own_weight * p[data.rep_a], own_weight
        beta = prior_beta + (hard_n - hard_t) + scale * (soft_n - soft_t)

        # Dependence for the next round, from these truths and reliabilities.
        reliability = alpha / (alpha + beta)
        kt = _sum_by(cand_of_pair, p[alt_of_pair], len(copy))
        kf = np.maximum(data.cand_agree - kt, 0.0)
        kd = np.maximum(data.cand_shared - data.cand_agree, 0.0)
        a1, a2 = reliability[data.cand_s1], reliability[data.cand_s2]
        surprise = _sum_by(
            cand_of_pair, -np.log(chance_agreement(data, share))[alt_of_pair], len(copy)
        )
        new_copy = np.maximum(
            copy_probability(kf, kd, a1, a2, n_false), lookalike_probability(surprise, kd)
        )
        pair_d = data.pair_static.copy()
        pair_d[valid] = np.maximum(pair_d[valid], new_copy[cand_of_pair])
        # Sparse pairs, tested as a source against the activity pool of its partners.
        kt = _sum_by(unit_of_pair, p[alt_of_unit_pair], len(pool_rate))
        a_o, a_k = reliability[data.pool_s], default_mean[data.pool_bucket]
        kd = data.pool_shared - data.pool_agree
        pool_rate = copy_rate(kt, data.pool_agree - kt, kd, a_o, a_k, n_false)
        pair_d[in_pool] = np.maximum(
            pair_d[in_pool],
            copied_given_agreement(
                pool_rate[unit_of_pair],
                p[alt_of_unit_pair],
                a_o[unit_of_pair],
                a_k[unit_of_pair],
                n_false,
            ),
        )
        moving = float((np.abs(p - p_prev) > CONVERGED).mean())
        copy, p_prev = new_copy, p
        if iterations > 1 and moving <= CONVERGED_SHARE:
            break

    reliability = cavity(alpha, beta, data.rep_s, own_true, own_seen)
    p, other, share, vote = e_step(data, vote_weight(reliability, n_false), pair_d, n_false)
    p, other = with_verdicts(data, p, other)
    return Solution(
        alpha=alpha,
        beta=beta,
        prior_alpha=prior_alpha,
        prior_beta=prior_beta,
        corroborated=corroborated,
        p=p,
        other=other,
        share=share,
        vote=vote,
        copy=copy,
        pool_rate=pool_rate,
        evidence_scale=scale,
        pair_d=pair_d,
        default_mean=default_mean,
        false_values=n_false,
        iterations=iterations,
    )
