"""Reports -> integer arrays the solver iterates over (questions, sources, alternatives, pairs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from .dependence import MIN_AGREEMENTS, pairs_within_groups
from .model import Report, Tolerance
from .values import Value, merge_within_tolerance, normalize, same_value

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

# Sources declared to share an owner or affiliation count as this dependent when they agree:
# two of them weigh 1/(1 + 0.8) each, 1.1 voices together ("add little independent weight").
AFFILIATION_DEPENDENCE = 0.8
RELAY, AFFILIATION = 1, 2  # kinds of declared dependence between two reports
UNLABELLED, LABEL_UNREPORTED = -1, -2


@dataclass(slots=True)
class Encoded:
    """Reports deduplicated and sorted by alternative (hence by question)."""

    questions: list[str]
    sources: list[str]
    alt_key: list[str]  # each alternative's key: how values are compared, never shown
    alt_shown: list[str]  # its spelling most of its sources used
    alt_variants: list[tuple[str, ...]]  # its other spellings, most used first
    alt_q: I64
    q_alt_start: I64  # alternatives of question q are q_alt_start[q]:q_alt_start[q + 1]
    q_rep_start: I64  # likewise for reports
    rep_q: I64
    rep_s: I64
    rep_a: I64
    rep_w: F64  # 1/k when a source gives k values for one question
    rep_via: dict[int, tuple[str, ...]]  # report -> relay chain, for relayed reports only
    informative: npt.NDArray[np.bool_]  # question has another source or a verdict
    pair_i: I64  # two reports of the same alternative ...
    pair_j: I64
    pair_static: F64  # ... their declared dependence (relay 1, affiliation 0.8)
    pair_kind: npt.NDArray[np.int8]
    pair_cand: I64  # ... and the candidate copier pair of their sources (-1: none)
    cand_s1: I64
    cand_s2: I64
    cand_agree: F64  # values both gave
    cand_shared: F64  # questions both answered
    label_alt: I64  # per question: verdict's alternative, UNLABELLED or LABEL_UNREPORTED
    source_questions: I64
    pair_pool: I64  # ... or the (source, activity pool) unit tested in their stead (-1: none)
    pool_s: I64  # per unit: the more active source ...
    pool_bucket: I64  # ... and the activity bucket of its sparse partners
    pool_agree: F64
    pool_shared: F64


def _ids(names: Sequence[str]) -> tuple[I64, list[str]]:
    """Integer id per name, in order of first appearance, and the names by id."""
    index = dict.fromkeys(names, 0)  # C-speed dedup that keeps first-appearance order
    for i, name in enumerate(index):
        index[name] = i
    return np.fromiter(map(index.__getitem__, names), np.int64, len(names)), list(index)


def _first_of_runs(*keys: I64) -> tuple[I64, npt.NDArray[np.bool_]]:
    """Order sorting by keys (last key primary, stable) and a mask of each equal run's first row."""
    order = np.lexsort(keys).astype(np.int64)
    first = np.ones(len(order), bool)
    if len(order) > 1:
        same = np.ones(len(order) - 1, bool)
        for key in keys:
            k = key[order]
            same &= k[1:] == k[:-1]
        first[1:] = ~same
    return order, first


def encode(
    reports: Sequence[Report],
    tolerance: Tolerance | None,
    labels: Mapping[str, str],
    affiliations: Mapping[str, str],
) -> Encoded:
    rq, questions = _ids(list(map(attrgetter("question"), reports)))
    rs, sources = _ids(list(map(attrgetter("source"), reports)))
    raw_v, raws = _ids(list(map(attrgetter("value"), reports)))
    rv, values = _keys(rq, raw_v, raws, len(questions))
    order, first = _first_of_runs(rv, rs, rq)  # one report per (question, source, value)
    keep = order[first]
    origin = keep  # index in `reports` of each kept report, to find relay chains at the end
    rq, rs, rv = rq[keep], rs[keep], rv[keep]

    order, first = _first_of_runs(rv, rq)
    alt_sorted = np.cumsum(first) - 1
    ra = np.empty(len(rq), np.int64)
    ra[order] = alt_sorted
    alt_q, alt_v = rq[order][first], rv[order][first]
    if tolerance is not None:
        ra, alt_q, alt_v = _merge(ra, alt_q, alt_v, questions, values, tolerance)
        order, first = _first_of_runs(ra, rs)  # a source may have given two merged values
        keep = order[first]
        origin = origin[keep]
        rq, rs, ra = rq[keep], rs[keep], ra[keep]

    order = np.lexsort((rs, ra))
    rq, rs, ra = rq[order], rs[order], ra[order]
    origin = origin[order]
    relayed = [n for n, report in enumerate(reports) if report.via]
    at = np.flatnonzero(np.isin(origin, relayed))
    via = {int(i): reports[origin[i]].via for i in at}
    n_q, n_s = len(questions), len(sources)
    sq_order, sq_first = _first_of_runs(rq, rs)  # distinct (source, question)
    per_sq = np.diff(np.r_[np.flatnonzero(sq_first), len(rq)])
    rep_w = np.empty(len(rq))
    rep_w[sq_order] = 1.0 / np.repeat(per_sq, per_sq)
    sq_s, sq_q = rs[sq_order][sq_first], rq[sq_order][sq_first]

    shown, alt_variants = _spellings(ra, raw_v[origin], raws, len(alt_q))
    label_alt = _label_alternatives(labels, questions, alt_q, alt_v, values, tolerance)
    q_alt_start = np.searchsorted(alt_q, np.arange(n_q + 1)).astype(np.int64)
    informative = (np.bincount(sq_q, minlength=n_q) >= 2)[rq] | (label_alt[rq] != UNLABELLED)
    affiliation = _affiliation_ids(sources, affiliations)

    pair_i, pair_j = pairs_within_groups(ra)
    pair_kind = np.zeros(len(pair_i), np.int8)
    same_group = affiliation[rs[pair_i]] == affiliation[rs[pair_j]]
    pair_kind[same_group & (affiliation[rs[pair_i]] >= 0)] = AFFILIATION
    voice = _relay_voices(ra, rs, via, sources)
    pair_kind[(voice[pair_i] == voice[pair_j]) & (voice[pair_i] >= 0)] = RELAY
    pair_static = np.select(
        [pair_kind == RELAY, pair_kind == AFFILIATION], [1.0, AFFILIATION_DEPENDENCE], 0.0
    )

    # Candidate copiers: source pairs agreeing at least MIN_AGREEMENTS times.
    lo, hi = np.minimum(rs[pair_i], rs[pair_j]), np.maximum(rs[pair_i], rs[pair_j])
    keys, inverse, agree = np.unique(lo * n_s + hi, return_inverse=True, return_counts=True)
    is_cand = agree >= MIN_AGREEMENTS
    cand_index = np.cumsum(is_cand) - 1
    pair_cand = np.where(is_cand[inverse], cand_index[inverse], -1).astype(np.int64)
    cand_keys = keys[is_cand]
    a, b = pairs_within_groups(sq_q)
    shared_keys = np.minimum(sq_s[a], sq_s[b]) * n_s + np.maximum(sq_s[a], sq_s[b])
    at = np.searchsorted(cand_keys, shared_keys)
    hit = at < len(cand_keys)
    hit[hit] = cand_keys[at[hit]] == shared_keys[hit]
    source_questions = np.bincount(sq_s, minlength=n_s).astype(np.int64)
    pool = _pool_units(
        source_questions, rs[pair_i], rs[pair_j], pair_cand < 0, sq_s[a], sq_s[b], ~hit
    )

    return Encoded(
        questions=questions,
        sources=sources,
        alt_key=[values[v].key for v in alt_v],
        alt_shown=shown,
        alt_variants=alt_variants,
        alt_q=alt_q,
        q_alt_start=q_alt_start,
        q_rep_start=np.searchsorted(rq, np.arange(n_q + 1)).astype(np.int64),
        rep_q=rq,
        rep_s=rs,
        rep_a=ra,
        rep_w=rep_w,
        rep_via=via,
        informative=informative,
        pair_i=pair_i,
        pair_j=pair_j,
        pair_static=pair_static,
        pair_kind=pair_kind,
        pair_cand=pair_cand,
        cand_s1=(cand_keys // n_s).astype(np.int64),
        cand_s2=(cand_keys % n_s).astype(np.int64),
        cand_agree=agree[is_cand].astype(np.float64),
        cand_shared=np.bincount(at[hit], minlength=len(cand_keys)).astype(np.float64),
        label_alt=label_alt,
        source_questions=source_questions,
        pair_pool=pool[0],
        pool_s=pool[1],
        pool_bucket=pool[2],
        pool_agree=pool[3],
        pool_shared=pool[4],
    )


def activity_bucket(n_questions: I64) -> I64:
    """Sources of similar activity: the same power of two of questions answered."""
    return np.floor(np.log2(np.maximum(n_questions, 1))).astype(np.int64)


def _pool_units(
    activity: I64,
    agree_1: I64,
    agree_2: I64,
    agree_untested: npt.NDArray[np.bool_],
    shared_1: I64,
    shared_2: I64,
    shared_untested: npt.NDArray[np.bool_],
) -> tuple[I64, I64, I64, F64, F64]:
    """Source pairs too sparse to test one by one, grouped as (the more active source, the
    activity bucket of the other): units, each pair's unit, and per unit agreements and shared
    questions."""
    bucket = activity_bucket(activity)
    n_b = int(bucket.max(initial=0)) + 1

    def unit_key(s1: I64, s2: I64) -> I64:
        first = (activity[s1] > activity[s2]) | ((activity[s1] == activity[s2]) & (s1 < s2))
        return np.where(first, s1 * n_b + bucket[s2], s2 * n_b + bucket[s1])

    shared_keys = unit_key(shared_1[shared_untested], shared_2[shared_untested])
    keys, shared = np.unique(shared_keys, return_counts=True)
    agree_keys = unit_key(agree_1, agree_2)
    at = np.minimum(np.searchsorted(keys, agree_keys), max(len(keys) - 1, 0))
    found = agree_untested & (len(keys) > 0)
    found[found] = keys[at[found]] == agree_keys[found]
    pair_pool = np.where(found, at, -1).astype(np.int64)
    agree = np.bincount(pair_pool[found], minlength=len(keys)).astype(np.float64)
    return pair_pool, keys // n_b, keys % n_b, agree, shared.astype(np.float64)


def _keys(rq: I64, raw_v: I64, raws: list[str], n_q: int) -> tuple[I64, list[Value]]:
    """Per report, the id of its value's key, and the values by id. The values of a question
    with a list of names in it are read as names when they can be (see values.py)."""
    key_index: dict[str, int] = {}
    values: list[Value] = []

    def key_id(value: Value) -> int:
        if value.key not in key_index:
            key_index[value.key] = len(values)
            values.append(value)
        return key_index[value.key]

    read = [normalize(raw) for raw in raws]
    plain = np.fromiter((key_id(v) for v in read), np.int64, len(read))
    as_names = np.fromiter(
        (key_id(Value(v.names, None, "")) if v.names else -1 for v in read), np.int64, len(read)
    )
    listed = np.fromiter((v.name_list for v in read), bool, len(read))
    names_question = np.bincount(rq[listed[raw_v]], minlength=n_q) > 0
    by_names = names_question[rq] & (as_names[raw_v] >= 0)
    return np.where(by_names, as_names[raw_v], plain[raw_v]).astype(np.int64), values


def _spellings(
    ra: I64, rraw: I64, raws: list[str], n_alt: int
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Per alternative, the spelling most of its reports used (ties: the first seen in the
    input) and its other spellings, most used first; spaces around a value are no spelling."""
    pair, count = np.unique(ra * len(raws) + rraw, return_counts=True)
    alt, raw = pair // len(raws), pair % len(raws)
    order = np.lexsort((raw, -count, alt))
    spelled: list[list[str]] = [[] for _ in range(n_alt)]
    for a, r in zip(alt[order].tolist(), raw[order].tolist(), strict=True):
        if (spelling := raws[r].strip()) not in spelled[a]:
            spelled[a].append(spelling)
    return [s[0] for s in spelled], [tuple(s[1:]) for s in spelled]


def _merge(
    ra: I64, alt_q: I64, alt_v: I64, questions: list[str], values: list[Value], tol: Tolerance
) -> tuple[I64, I64, I64]:
    """Join numeric alternatives within tolerance; returns renumbered ids."""
    counts = np.bincount(ra, minlength=len(alt_q))
    numeric = np.fromiter((values[v].number is not None for v in alt_v), bool, len(alt_v))
    target = np.arange(len(alt_q))
    starts = np.searchsorted(alt_q, np.arange(len(questions) + 1))
    several = np.flatnonzero(np.bincount(alt_q[numeric], minlength=len(questions)) >= 2)
    for q in several:
        lo, hi = starts[q], starts[q + 1]
        group = [values[v] for v in alt_v[lo:hi]]
        merged = merge_within_tolerance(questions[q], group, counts[lo:hi].tolist(), tol)
        target[lo:hi] = lo + np.asarray(merged)
    kept, renumber = np.unique(target, return_inverse=True)
    return renumber[ra], alt_q[kept], alt_v[kept]


def _label_alternatives(
    labels: Mapping[str, str],
    questions: list[str],
    alt_q: I64,
    alt_v: I64,
    values: list[Value],
    tolerance: Tolerance | None,
) -> I64:
    """Each verdict's alternative: the same value (see values.same_value), else within the
    question's numeric tolerance."""
    label_alt = np.full(len(questions), UNLABELLED, np.int64)
    starts = np.searchsorted(alt_q, np.arange(len(questions) + 1))
    q_index = {q: i for i, q in enumerate(questions)} if labels else {}
    for question, raw in labels.items():
        q = q_index.get(question)
        if q is None:
            continue
        label = normalize(raw)
        label_alt[q] = LABEL_UNREPORTED
        for a in range(starts[q], starts[q + 1]):
            value = values[alt_v[a]]
            same = same_value(label, value)
            if not same and tolerance is not None and value.number is not None:
                rule = tolerance.rule(question, value.unit)
                same = label.number is not None and label.unit == value.unit and not rule.exact
                same = same and rule.allows(label.number or 0.0, value.number)
            if same:
                label_alt[q] = a
                break
    return label_alt


def _affiliation_ids(sources: list[str], affiliations: Mapping[str, str]) -> I64:
    groups: dict[str, int] = {}
    return np.fromiter(
        (
            groups.setdefault(affiliations[s], len(groups)) if s in affiliations else -1
            for s in sources
        ),
        np.int64,
        len(sources),
    )


def _relay_voices(ra: I64, rs: I64, via: dict[int, tuple[str, ...]], sources: list[str]) -> I64:
    """Per report, an id shared by reports of one value whose relay chains meet (-1: alone)."""
    voice = np.full(len(ra), -1, np.int64)
    relayed = {int(ra[i]) for i in via}
    if not relayed:
        return voice
    starts = np.searchsorted(ra, np.arange(int(ra.max()) + 2))
    for alt in relayed:
        members = range(starts[alt], starts[alt + 1])
        parent = {i: i for i in members}
        holder: dict[str, int] = {}
        for i in members:
            for name in (sources[rs[i]], *via.get(i, ())):
                j = holder.setdefault(name, i)
                parent[_root(parent, i)] = _root(parent, j)
        roots = [_root(parent, i) for i in members]
        for i, r in zip(members, roots, strict=True):
            if roots.count(r) > 1:
                voice[i] = r
    return voice


def _root(parent: dict[int, int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
