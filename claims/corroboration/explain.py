"""Turn the solver's arrays into results: each value with its probability, grade and sources, and
each source with its share of a voice and, when it is not independent, why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .encode import AFFILIATION, RELAY, UNLABELLED, Encoded
from .grades import credibility
from .model import Alternative, Contribution, QuestionResult

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

COPY_SHOWN = 0.5  # pairs at least this likely to be copies are named as such
COPIES = "they copy one another"  # how the reason given for members of a copy cluster starts
DISCOUNT_SHOWN = 0.05  # smaller dependence is not worth a sentence


@dataclass(slots=True)
class Frame:
    """Everything needed to explain the questions of one encoded batch."""

    data: Encoded
    p: F64  # per alternative
    other: F64  # per question
    share: F64  # per report
    vote: F64
    pair_d: F64  # per report pair
    mean: F64  # per source
    low: F64
    high: F64
    corroborated: F64  # per source, reports on questions with another source or a verdict
    activity: npt.NDArray[np.int64]  # per source, questions answered (in the full run)
    graded: npt.NDArray[np.bool_]
    affiliation: dict[str, str]
    copy_cluster: dict[str, str]  # source -> the phrase saying its cluster copies (engine)


def listed_names(names: list[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return ", ".join(names[: limit - 1]) + f" and {len(names) - limit + 1} others"


def _discounts(frame: Frame, lo: int, hi: int) -> dict[int, str]:
    """Why each report of reports lo:hi is not independent, in words an editor can read.

    Relays are left out: a relayed report carries its chain (`via`) and is one voice with it.
    """
    data = frame.data
    # Reports are sorted by alternative, so pairs come sorted by their first report.
    first, last = np.searchsorted(data.pair_i, [lo, hi])
    reasons: dict[int, list[str]] = {}
    for k in range(first, last):
        i, j, d = int(data.pair_i[k]), int(data.pair_j[k]), float(frame.pair_d[k])
        if d < DISCOUNT_SHOWN or data.pair_kind[k] == RELAY:
            continue
        si, sj = data.sources[data.rep_s[i]], data.sources[data.rep_s[j]]
        pair = listed_names(sorted((si, sj)))
        cluster = frame.copy_cluster.get(si)
        if d >= COPY_SHOWN and cluster is not None and cluster == frame.copy_cluster.get(sj):
            why = cluster  # said once of the whole cluster (newsroom.explanation)
        elif data.pair_kind[k] == AFFILIATION:
            why = f"{pair} both belong to {frame.affiliation[si]}"
        elif data.pair_cand[k] < 0 and data.pair_pool[k] >= 0:
            # A pool pair: the sparse source may be repeating the active one.
            active_i = frame.activity[data.rep_s[i]] >= frame.activity[data.rep_s[j]]
            active, sparse = (si, sj) if active_i else (sj, si)
            why = f"{sparse} may be repeating {active}, as sources seen as rarely often do"
        else:
            why = f"{pair} may be copying one another"
        reasons.setdefault(i, []).append(why)
        reasons.setdefault(j, []).append(why)
    return {i: "; ".join(dict.fromkeys(r)) for i, r in reasons.items()}


def question_result(frame: Frame, q: int, label: str | None) -> QuestionResult:
    data = frame.data
    a_lo, a_hi = int(data.q_alt_start[q]), int(data.q_alt_start[q + 1])
    r_lo, r_hi = int(data.q_rep_start[q]), int(data.q_rep_start[q + 1])
    reasons = _discounts(frame, r_lo, r_hi)
    by_alt: dict[int, list[int]] = {}
    for i in range(r_lo, r_hi):
        by_alt.setdefault(int(data.rep_a[i]), []).append(i)
    verdict = int(data.label_alt[q])
    # Whether any probability here is more than a prior: some source of the question has a grade
    # or a report confirmed elsewhere. One rule for every value, so that two equal accounts get
    # one grade whichever comes first.
    track_record = any(
        frame.graded[data.rep_s[i]]
        or frame.corroborated[data.rep_s[i]] - data.rep_w[i] * data.informative[i] > 0
        for i in range(r_lo, r_hi)
    )

    def grade(a: int) -> int:
        return credibility(
            probability=float(frame.p[a]),
            voices=float(sum(frame.share[i] * data.rep_w[i] for i in by_alt[a])),
            track_record=track_record,
            verdict=None if verdict == UNLABELLED else verdict == a,
        )

    # Best first; ties keep the order of first appearance in the sorted values (deterministic).
    order = sorted(range(a_lo, a_hi), key=lambda a: (-frame.p[a], data.alt_key[a]))
    alternatives = tuple(
        Alternative(
            value=data.alt_shown[a],
            probability=float(frame.p[a]),
            sources=tuple(data.sources[data.rep_s[i]] for i in by_alt[a]),
            weight=float(sum(frame.vote[i] for i in by_alt[a])),
            credibility=grade(a),
            variants=data.alt_variants[a],
        )
        for a in order
    )
    contributions = tuple(
        Contribution(
            source=data.sources[data.rep_s[i]],
            value=data.alt_shown[data.rep_a[i]],
            weight=float(frame.vote[i]),
            share=float(frame.share[i] * data.rep_w[i]),
            reliability=float(frame.mean[data.rep_s[i]]),
            low=float(frame.low[data.rep_s[i]]),
            high=float(frame.high[data.rep_s[i]]),
            discounted_reason=reasons.get(i),
            via=data.rep_via.get(i, ()),
        )
        for a in order
        for i in by_alt[a]
    )
    head = alternatives[0]
    return QuestionResult(
        question=data.questions[q],
        alternatives=alternatives,
        best=head.value,
        probability=head.probability,
        other_probability=float(frame.other[q]),
        credibility=head.credibility,
        contributions=contributions,
        label=label,
    )
