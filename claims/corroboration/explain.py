"""Turn the solver's arrays into results an editor can read: every number comes with its reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .encode import AFFILIATION, LABEL_UNREPORTED, RELAY, UNLABELLED, Encoded
from .grades import GRADE_NAMES, credibility
from .model import Alternative, Contribution, QuestionResult

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

COPY_SHOWN = 0.5  # pairs at least this likely to be copies are named as such
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
    copy_cluster: dict[str, str]  # source -> sentence about its copy cluster


def _names(names: list[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return ", ".join(names[: limit - 1]) + f" and {len(names) - limit + 1} others"


def _discounts(frame: Frame, lo: int, hi: int) -> tuple[dict[int, str], list[str]]:
    """Reasons each report of reports lo:hi shares weight, and sentences for the explanation."""
    data = frame.data
    # Reports are sorted by alternative, so pairs come sorted by their first report.
    first, last = np.searchsorted(data.pair_i, [lo, hi])
    reasons: dict[int, list[str]] = {}
    sentences: list[str] = []
    affiliated: dict[tuple[int, str], set[str]] = {}
    for k in range(first, last):
        i, j, d = int(data.pair_i[k]), int(data.pair_j[k]), float(frame.pair_d[k])
        if d < DISCOUNT_SHOWN:
            continue
        si, sj = data.sources[data.rep_s[i]], data.sources[data.rep_s[j]]
        cluster = frame.copy_cluster.get(si)
        if data.pair_kind[k] == RELAY:
            why_i, why_j = (
                f"it and {sj} are one voice (a relay)",
                f"it and {si} are one voice (a relay)",
            )
        elif d >= COPY_SHOWN and cluster is not None and cluster == frame.copy_cluster.get(sj):
            sentences.append(cluster)
            why_i, why_j = f"it and {sj} copy each other", f"it and {si} copy each other"
        elif data.pair_kind[k] == AFFILIATION:
            group = frame.affiliation[si]
            affiliated.setdefault((int(data.rep_a[i]), group), set()).update((si, sj))
            why_i, why_j = f"it shares the owner {group} with {sj}", f"it shares {group} with {si}"
        elif data.pair_cand[k] < 0 and data.pair_pool[k] >= 0:
            # A pool pair: the sparse source may be repeating the active one.
            active_i = frame.activity[data.rep_s[i]] >= frame.activity[data.rep_s[j]]
            active, sparse = (si, sj) if active_i else (sj, si)
            repeats = f"{sparse} may be repeating {active} (chance {d:.0%}), as sources with as "
            repeats += f"few reports as {sparse} often repeat {active}"
            why_i = why_j = repeats
        else:
            why_i = f"it may be copying {sj} or copied by it (chance {d:.0%})"
            why_j = f"it may be copying {si} or copied by it (chance {d:.0%})"
        reasons.setdefault(i, []).append(why_i)
        reasons.setdefault(j, []).append(why_j)
    for i in range(lo, hi):
        if i in data.rep_via:
            source = data.sources[data.rep_s[i]]
            relayed = f"{source} relayed {' via '.join(data.rep_via[i])}"
            sentences.append(relayed + (": counted as one voice." if i in reasons else "."))
    for (_, group), members in affiliated.items():
        sentences.append(
            f"{_names(sorted(members))} share the affiliation {group}: "
            "together they add little independent weight."
        )
    unique = list(dict.fromkeys(sentences))
    return {i: "; ".join(dict.fromkeys(r)) for i, r in reasons.items()}, unique


def question_result(frame: Frame, q: int, label: str | None) -> QuestionResult:
    data = frame.data
    a_lo, a_hi = int(data.q_alt_start[q]), int(data.q_alt_start[q + 1])
    r_lo, r_hi = int(data.q_rep_start[q]), int(data.q_rep_start[q + 1])
    reasons, sentences = _discounts(frame, r_lo, r_hi)
    by_alt: dict[int, list[int]] = {}
    for i in range(r_lo, r_hi):
        by_alt.setdefault(int(data.rep_a[i]), []).append(i)
    # Best first; ties keep the order of first appearance in the sorted values (deterministic).
    order = sorted(range(a_lo, a_hi), key=lambda a: (-frame.p[a], data.alt_key[a]))
    alternatives = tuple(
        Alternative(
            value=data.alt_key[a],
            probability=float(frame.p[a]),
            sources=tuple(data.sources[data.rep_s[i]] for i in by_alt[a]),
            weight=float(sum(frame.vote[i] for i in by_alt[a])),
            variants=data.alt_variants[a],
        )
        for a in order
    )
    contributions = tuple(
        Contribution(
            source=data.sources[data.rep_s[i]],
            value=data.alt_key[data.rep_a[i]],
            weight=float(frame.vote[i]),
            share=float(frame.share[i] * data.rep_w[i]),
            reliability=float(frame.mean[data.rep_s[i]]),
            low=float(frame.low[data.rep_s[i]]),
            high=float(frame.high[data.rep_s[i]]),
            discounted_reason=reasons.get(i),
        )
        for a in order
        for i in by_alt[a]
    )
    best = order[0]
    best_reports = by_alt[best]
    voices = float(sum(frame.share[i] * data.rep_w[i] for i in best_reports))
    track_record = any(
        frame.graded[data.rep_s[i]]
        or frame.corroborated[data.rep_s[i]] - data.rep_w[i] * data.informative[i] > 0
        for i in best_reports
    )
    labelled = data.label_alt[q] != UNLABELLED
    label_true = labelled and data.label_alt[q] != LABEL_UNREPORTED
    probability = float(frame.p[best])
    grade = credibility(probability, voices, track_record, label_true)
    head = alternatives[0]
    explanation = [
        f'The most probable value is "{head.value}" (probability {probability:.0%}), graded '
        f"{grade}: {GRADE_NAMES[grade]}."
        if not labelled
        else f'An editor\'s verdict says the value is "{label}".'
    ]
    for alternative in alternatives:
        supporters = [c for c in contributions if c.value == alternative.value]
        explanation.append(
            f'"{alternative.value}" (probability {alternative.probability:.0%}) was reported by '
            f"{_names([c.source for c in supporters])}."
        )
    for i, c in zip((i for a in order for i in by_alt[a]), contributions, strict=True):
        said = f'{c.source} said "{c.value}"'
        if i in data.rep_via:
            said += f", passing on what {' via '.join(data.rep_via[i])} said"
        said += (
            f"; its reliability is {c.reliability:.0%} (90% interval {c.low:.0%} to {c.high:.0%})"
        )
        if c.discounted_reason is not None:
            said += (
                f"; it counts as {c.share:.2f} of an independent voice because "
                f"{c.discounted_reason}"
            )
        explanation.append(said + ".")
    explanation.extend(sentences)
    if not track_record and not labelled:
        explanation.append(
            "No source of the most probable value has a grade or a report confirmed elsewhere: "
            "its reliability is only what is typical of sources this active."
        )
    if frame.other[q] >= 0.2:
        explanation.append(
            f"The truth may be none of the reported values (probability {frame.other[q]:.0%})."
        )
    return QuestionResult(
        question=data.questions[q],
        alternatives=alternatives,
        best=head.value,
        probability=probability,
        other_probability=float(frame.other[q]),
        credibility=grade,
        contributions=contributions,
        explanation=tuple(explanation),
        label=label,
    )
