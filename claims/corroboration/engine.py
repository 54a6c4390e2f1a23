"""Entry points: `corroborate` (full estimate), `Corroboration.refresh_question` (one question)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import beta as beta_dist

from .dependence import copied_given_agreement
from .encode import AFFILIATION_DEPENDENCE, UNLABELLED, Encoded, activity_bucket, encode
from .explain import COPIES, COPY_SHOWN, Frame, listed_names, question_result
from .grades import DEFAULT_PRIOR_WEIGHT, prior_for
from .model import Dependence, QuestionResult, Report, SourceReliability, Tolerance
from .solve import (
    F64,
    MAX_ITERATIONS,
    Solution,
    cavity,
    e_step,
    solve,
    vote_weight,
    with_verdicts,
)


class QuestionTable(Mapping[str, QuestionResult]):
    """Question results built on first access: explaining a million questions up front would cost
    more than estimating them, and an editor reads a handful."""

    def __init__(self, frame: Frame | None, labels: Mapping[str, str]) -> None:
        self._frame = frame
        self._labels = labels
        self._index = {q: i for i, q in enumerate(frame.data.questions)} if frame else {}
        self._built: dict[str, QuestionResult] = {}

    def __getitem__(self, question: str) -> QuestionResult:
        if question not in self._built:
            q = self._index[question]  # KeyError for unknown questions, as a Mapping should
            assert self._frame is not None
            self._built[question] = question_result(self._frame, q, self._labels.get(question))
        return self._built[question]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def replace(self, result: QuestionResult) -> None:
        self._index.setdefault(result.question, -1)
        self._built[result.question] = result

    def best(self) -> Iterator[tuple[str, str, float]]:
        """(question, most probable value, its probability) for all questions, without building
        results: the bulk path for exports."""
        if self._frame is None:
            return
        data, p = self._frame.data, self._frame.p
        starts = data.q_alt_start
        for question, q in self._index.items():
            if question in self._built:
                result = self._built[question]
                yield question, result.best or "", result.probability
                continue
            lo, hi = starts[q], starts[q + 1]
            a = lo + int(np.argmax(p[lo:hi]))  # first maximum: same tie order as the results
            yield question, data.alt_shown[a], float(p[a])


@dataclass(slots=True)
class Corroboration:
    questions: QuestionTable
    sources: dict[str, SourceReliability]
    dependencies: list[Dependence]
    iterations: int = 0
    _grades: Mapping[str, str] = field(default_factory=dict)
    _labels: Mapping[str, str] = field(default_factory=dict)
    _affiliations: Mapping[str, str] = field(default_factory=dict)
    _tolerance: Tolerance | None = None
    _copies: dict[tuple[str, str], float] = field(default_factory=dict)
    _copy_cluster: dict[str, str] = field(default_factory=dict)
    _pool_mean: tuple[float, ...] = (0.5,)  # per activity bucket: prior mean, ungraded source
    _false_values: float = 10.0
    _corroborated: dict[str, float] = field(default_factory=dict)
    _activity: dict[str, int] = field(default_factory=dict)  # questions answered per source
    _evidence_scale: dict[str, float] = field(default_factory=dict)
    _pool_rates: dict[tuple[str, int], float] = field(default_factory=dict)

    def refresh_question(self, question: str, reports: Sequence[Report]) -> QuestionResult:
        """Re-estimate one question from all its reports (old and new), keeping source
        reliabilities and dependence fixed: cheap, and what the next full run would start from.
        The result replaces the stored one."""
        mine = [r for r in reports if r.question == question]
        labels = {question: self._labels[question]} if question in self._labels else {}
        if not mine:
            raise ValueError(f"no reports for question {question!r}")
        data = encode(mine, self._tolerance, labels, self._affiliations)
        alpha, beta = np.empty(len(data.sources)), np.empty(len(data.sources))
        corroborated = np.zeros(len(data.sources))
        for s, name in enumerate(data.sources):
            known = self.sources.get(name)
            prior = prior_for(self._grades.get(name))
            if known is not None:
                alpha[s], beta[s] = known.alpha, known.beta
                corroborated[s] = self._corroborated.get(name, 0.0)
            elif prior is not None:
                alpha[s], beta[s] = prior
            else:
                alpha[s] = DEFAULT_PRIOR_WEIGHT * self._pool_mean[0]
                beta[s] = DEFAULT_PRIOR_WEIGHT - alpha[s]
        pair_d = data.pair_static.copy()
        for k, (i, j) in enumerate(zip(data.pair_i, data.pair_j, strict=True)):
            names = sorted((data.sources[data.rep_s[i]], data.sources[data.rep_s[j]]))
            pair_d[k] = max(pair_d[k], self._copies.get((names[0], names[1]), 0.0))
        own_true, own_seen = self._own_evidence(question, data)
        tau = vote_weight(cavity(alpha, beta, data.rep_s, own_true, own_seen), self._false_values)
        p, other, share, vote = e_step(data, tau, pair_d, self._false_values)
        pooled = self._pool_dependence(data, p, alpha / (alpha + beta))
        if pooled.any():  # depends on how likely the shared value is: one more round
            pair_d = np.maximum(pair_d, pooled)
            p, other, share, vote = e_step(data, tau, pair_d, self._false_values)
        p, other = with_verdicts(data, p, other)
        graded = np.array([prior_for(self._grades.get(s)) is not None for s in data.sources])
        frame = _frame(data, p, other, share, vote, pair_d, alpha, beta, corroborated, graded, self)
        result = question_result(frame, 0, labels.get(question))
        self.questions.replace(result)
        return result

    def _own_evidence(self, question: str, data: Encoded) -> tuple[F64, F64]:
        """What each report's own question added to its source's stored posterior, from the
        stored result, so that a source does not vouch for itself here either (see cavity)."""
        own_true, own_seen = np.zeros(len(data.rep_s)), np.zeros(len(data.rep_s))
        old = self.questions.get(question)
        if old is None or (len({c.source for c in old.contributions}) < 2 and old.label is None):
            return own_true, own_seen  # a lone report was no evidence
        probability = {a.value: a.probability for a in old.alternatives}
        given: dict[str, set[str]] = {}
        for c in old.contributions:
            given.setdefault(c.source, set()).add(c.value)
        for i in range(len(data.rep_s)):
            name, value = data.sources[data.rep_s[i]], data.alt_shown[data.rep_a[i]]
            if value in given.get(name, ()) and name in self._evidence_scale:
                scale = 1.0 if old.label is not None else self._evidence_scale[name]
                own_seen[i] = scale / len(given[name])
                own_true[i] = own_seen[i] * probability[value]
        return own_true, own_seen

    def _pool_dependence(self, data: Encoded, p: F64, reliability: F64) -> F64:
        """Per report pair, the stored rate at which the sparse partner's activity pool copies
        the more active source, turned into a probability given the shared value."""
        pooled = np.zeros(len(data.pair_i))
        if not self._pool_rates:
            return pooled
        activity = np.array([self._activity.get(name, 1) for name in data.sources])
        bucket = activity_bucket(activity)
        for k, (i, j) in enumerate(zip(data.pair_i, data.pair_j, strict=True)):
            s1, s2 = int(data.rep_s[i]), int(data.rep_s[j])
            if (activity[s2], data.sources[s1]) > (activity[s1], data.sources[s2]):
                s1, s2 = s2, s1
            rate = self._pool_rates.get((data.sources[s1], int(bucket[s2])), 0.0)
            if rate > 0.0:
                pool_mean = self._pool_mean[min(int(bucket[s2]), len(self._pool_mean) - 1)]
                pooled[k] = copied_given_agreement(
                    np.array([rate]),
                    p[data.rep_a[i : i + 1]],
                    reliability[s1 : s1 + 1],
                    np.array([pool_mean]),
                    self._false_values,
                )[0]
        return pooled


def corroborate(
    reports: Sequence[Report],
    *,
    grades: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    affiliations: Mapping[str, str] | None = None,
    tolerance: Tolerance | None = None,
    max_iterations: int = MAX_ITERATIONS,
) -> Corroboration:
    """Estimate truth, source reliability and dependence jointly from `reports`.

    grades: source -> Admiralty "A".."F"; labels: question -> the editor's true value (used as
    certain); affiliations: source -> owner or group; tolerance: when numbers count as equal.
    """
    grades, labels, affiliations = dict(grades or {}), dict(labels or {}), dict(affiliations or {})
    result = Corroboration(
        QuestionTable(None, labels), {}, [], 0, grades, labels, affiliations, tolerance
    )
    if not reports:
        return result
    data = encode(reports, tolerance, labels, affiliations)
    sol = solve(data, grades, max_iterations)
    clusters, result.dependencies = _dependencies(data, sol, affiliations)
    result.iterations = sol.iterations
    result._copy_cluster = clusters
    strong = sol.copy >= 0.01  # kept for refresh_question; weaker ones change nothing
    result._copies = {
        (data.sources[a], data.sources[b])
        if data.sources[a] < data.sources[b]
        else (data.sources[b], data.sources[a]): float(c)
        for a, b, c in zip(
            data.cand_s1[strong], data.cand_s2[strong], sol.copy[strong], strict=True
        )
    }
    result._pool_mean = tuple(sol.default_mean.tolist())
    result._activity = dict(zip(data.sources, data.source_questions.tolist(), strict=True))
    result._evidence_scale = dict(zip(data.sources, sol.evidence_scale.tolist(), strict=True))
    copying = sol.pool_rate >= 0.01  # kept for refresh_question; weaker ones change nothing
    result._pool_rates = {
        (data.sources[s], int(b)): float(c)
        for s, b, c in zip(
            data.pool_s[copying], data.pool_bucket[copying], sol.pool_rate[copying], strict=True
        )
    }
    result._false_values = sol.false_values
    result._corroborated = dict(zip(data.sources, sol.corroborated.tolist(), strict=True))
    graded = np.array([prior_for(grades.get(s)) is not None for s in data.sources])
    frame = _frame(
        data, sol.p, sol.other, sol.share, sol.vote, sol.pair_d,
        sol.alpha, sol.beta, sol.corroborated, graded, result,
    )  # fmt: skip
    result.questions = QuestionTable(frame, labels)
    result.sources = _sources(data, sol, frame, grades)
    return result


def _frame(
    data: Encoded,
    p: F64,
    other: F64,
    share: F64,
    vote: F64,
    pair_d: F64,
    alpha: F64,
    beta: F64,
    corroborated: F64,
    graded: npt.NDArray[np.bool_],
    owner: Corroboration,
) -> Frame:
    low, high = beta_dist.ppf([[0.05], [0.95]], alpha, beta)
    return Frame(
        data=data,
        p=p,
        other=other,
        share=share,
        vote=vote,
        pair_d=pair_d,
        mean=alpha / (alpha + beta),
        low=np.asarray(low, np.float64),
        high=np.asarray(high, np.float64),
        corroborated=corroborated,
        activity=np.array([owner._activity.get(name, 1) for name in data.sources], np.int64),
        graded=graded,
        affiliation=dict(owner._affiliations),
        copy_cluster=owner._copy_cluster,
    )


def _sources(
    data: Encoded, sol: Solution, frame: Frame, grades: Mapping[str, str]
) -> dict[str, SourceReliability]:
    n_src = len(data.sources)
    labelled = data.label_alt[data.rep_q] != UNLABELLED
    right = labelled & (data.label_alt[data.rep_q] == data.rep_a)
    confirmed = np.bincount(data.rep_s[right], minlength=n_src)
    refuted = np.bincount(data.rep_s[labelled & ~right], minlength=n_src)
    agreed = sol.alpha - sol.prior_alpha - confirmed  # soft counts from unlabelled questions
    n_reports = np.bincount(data.rep_s, minlength=n_src)
    out: dict[str, SourceReliability] = {}
    for s, name in enumerate(data.sources):
        grade = grades.get(name)
        a0, b0 = sol.prior_alpha[s], sol.prior_beta[s]
        prior = (
            f"graded {grade} by editors, which counts as {a0:g} right and {b0:g} wrong reports"
            if prior_for(grade) is not None
            else f"no usable grade, so it starts from {a0 / (a0 + b0):.0%}, what is typical of "
            "sources this active"
        )
        unlabelled = sol.corroborated[s] - confirmed[s] - refuted[s]
        scale = sol.evidence_scale[s]
        agreed_reports = agreed[s] / scale if scale > 0 else 0.0  # undo the SOFT_EVIDENCE_CAP
        out[name] = SourceReliability(
            source=name,
            alpha=float(sol.alpha[s]),
            beta=float(sol.beta[s]),
            mean=float(frame.mean[s]),
            low=float(frame.low[s]),
            high=float(frame.high[s]),
            prior_grade=grade,
            n_reports=int(n_reports[s]),
            n_confirmed=int(confirmed[s]),
            n_refuted=int(refuted[s]),
            explanation=(
                f"{name}: {prior}. Editors confirmed {confirmed[s]} and refuted {refuted[s]} "
                f"of its reports. Of its other {unlabelled:.0f} reports that another source "
                f"also covers, about {agreed_reports:.0f} agree with the estimated truth. "
                f"Reliability {frame.mean[s]:.0%} (90% interval {frame.low[s]:.0%} to "
                f"{frame.high[s]:.0%})."
            ),
        )
    return out


def _dependencies(
    data: Encoded, sol: Solution, affiliations: Mapping[str, str]
) -> tuple[dict[str, str], list[Dependence]]:
    """Copy clusters (connected pairs likely copying), declared affiliations and relays; and per
    source in a cluster, the phrase that says so in an explanation."""
    n_src, n_q = len(data.sources), len(data.questions)
    likely = sol.copy >= COPY_SHOWN
    graph = coo_matrix(
        (np.ones(int(likely.sum())), (data.cand_s1[likely], data.cand_s2[likely])),
        shape=(n_src, n_src),
    )
    _, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    in_cluster = sizes[component] >= 2
    cluster_of = np.where(in_cluster, component, -1)

    # Per (cluster, question) with two or more members: do they all give the same value, one
    # that no source outside the cluster gives although others answered the question?
    mine = cluster_of[data.rep_s] >= 0
    key = cluster_of[data.rep_s[mine]] * n_q + data.rep_q[mine]
    order = np.argsort(key, kind="stable")
    key, alt = key[order], data.rep_a[mine][order]
    keys, starts, members = np.unique(key, return_index=True, return_counts=True)
    if len(keys):
        lowest, highest = np.minimum.reduceat(alt, starts), np.maximum.reduceat(alt, starts)
    else:
        lowest = highest = np.zeros(0, np.int64)
    shared = members >= 2
    agreed = shared & (lowest == highest)
    lost = agreed & (sol.p[lowest] < 0.5)  # the value they agree on is judged wrong
    cluster_key = keys // n_q

    clusters: dict[str, str] = {}
    dependencies: list[Dependence] = []
    for c in np.unique(cluster_of[in_cluster]):
        names = sorted(data.sources[s] for s in np.flatnonzero(cluster_of == c))
        here = cluster_key == c
        in_pairs = likely & (cluster_of[data.cand_s1] == c)
        n_shared, n_agreed, n_lost = (int(x[here].sum()) for x in (shared, agreed, lost))
        phrase = (
            f"{COPIES} (they give the same value on {n_agreed / n_shared:.0%} of "
            f"the {n_shared} questions two or more of them answer, including {n_lost} that "
            "lost) and count as one voice"
        )
        dependencies.append(
            Dependence(
                "copy",
                tuple(names),
                float(sol.copy[in_pairs].mean()),
                f"{listed_names(names)}: {phrase}.",
            )
        )
        clusters.update(dict.fromkeys(names, phrase))

    groups: dict[str, list[str]] = {}
    for name in data.sources:
        if name in affiliations:
            groups.setdefault(affiliations[name], []).append(name)
    for group, names in groups.items():
        if len(names) >= 2:
            sentence = (
                f"{listed_names(sorted(names))} share the affiliation {group}: when they agree "
                f"they count as {2 / (1 + AFFILIATION_DEPENDENCE):.1f} voices for two."
            )
            dependencies.append(Dependence("affiliation", tuple(sorted(names)), 1.0, sentence))
    relays = {(data.sources[data.rep_s[i]], via) for i, via in data.rep_via.items()}
    for source, via in sorted(relays):
        sentence = f"{source} relayed {' via '.join(via)}: counted as one voice."
        dependencies.append(Dependence("relay", (source, *via), 1.0, sentence))
    return clusters, dependencies
