"""Benchmark of the corroboration engine (no Django): real accuracy, copy clusters, scale.

    cd /work/main && .venv/bin/python bench/corroboration.py            # everything
    .venv/bin/python bench/corroboration.py --population --book         # real data only
    .venv/bin/python bench/corroboration.py --copies                    # synthetic copy clusters
    .venv/bin/python bench/corroboration.py --scale [--sizes 100000,1000000,5000000]

Each benchmark prints majority vote over the values exactly as written, majority vote after
grouping values as the engine compares them (values.py), and the engine, all with the same
settings, and checks that every answer is a value some source wrote for its question.

Population (Pasternack & Roth 2010) and Book (Dong, Berti-Equille & Srivastava 2009) are read in
place from the shared corpora ($FACTCHECK_SHARED_DIR, default ../shared next to the repository),
never copied here. Population adds a semi-supervised run where the questions whose SHA-1 of the
key is 0 mod 5 (a fixed ~20%) are given as editor verdicts, scored on the rest. Book is scored
as its score.py scores a `corroborate --from-tsv` output (same set of author surnames). The
truth files are only ever used to score; nothing is fitted to them.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.corroboration import Report, corroborate, normalize  # noqa: E402
from claims.corroboration.encode import encode  # noqa: E402
from claims.reports_tsv import read_reports  # noqa: E402

SHARED = Path(os.environ.get("FACTCHECK_SHARED_DIR", ROOT.parent / "shared")) / "data"
Answers = dict[str, str]  # question -> value as written


# ---------------------------------------------------------------- one rule for every benchmark
def exact_majority(reports: Sequence[Report]) -> Answers:
    """Most reported value as written per question; ties go to the value reported first."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        votes[r.question][r.value.strip()] += 1
    return {q: c.most_common(1)[0][0] for q, c in votes.items()}


def grouped_majority(reports: Sequence[Report]) -> Answers:
    """Most reported alternative per question, values grouped as the engine compares them,
    given in the spelling most of its sources used; ties go to the value seen first in the
    input."""
    data = encode(reports, None, {}, {})
    reporters = np.bincount(data.rep_a, minlength=len(data.alt_q))
    starts = data.q_alt_start
    return {
        question: data.alt_shown[starts[q] + int(np.argmax(reporters[starts[q] : starts[q + 1]]))]
        for q, question in enumerate(data.questions)
    }


def engine(reports: Sequence[Report], labels: Mapping[str, str] | None = None) -> Answers:
    return {q: v for q, v, _ in corroborate(reports, labels=labels).questions.best()}


def as_written(answers: Answers, reports: Sequence[Report]) -> int:
    """How many answers are not a value some source wrote for the question (0 is right)."""
    written = {(r.question, r.value.strip()) for r in reports}
    return sum((q, v) not in written for q, v in answers.items())


def accuracy(answers: Answers, truth: Mapping[str, object], same: Callable[[str], object]) -> str:
    right = sum(same(answers.get(q, "")) == t for q, t in truth.items())
    return f"{right}/{len(truth)} = {100 * right / max(len(truth), 1):.1f}%"


def compare(
    name: str,
    reports: Sequence[Report],
    truth: Mapping[str, object],
    same: Callable[[str], object],
) -> Answers:
    """One line per method: accuracy, time, and whether every answer was written by a source."""
    print(f"{name}: {len(reports)} reports, truth for {len(truth)} questions")
    methods: dict[str, Callable[[Sequence[Report]], Answers]] = {
        "majority vote, exact": exact_majority,
        "majority vote, grouped": grouped_majority,
        "engine": engine,
    }
    answers: Answers = {}
    for method, run in methods.items():
        start = time.perf_counter()
        answers = run(reports)
        seconds = time.perf_counter() - start
        unwritten = as_written(answers, reports)
        written = f"{unwritten} answers no source wrote" if unwritten else "all as written"
        print(f"  {method:<24} {accuracy(answers, truth, same):>16}   ({seconds:.2f} s, {written})")
    return answers


# ---------------------------------------------------------------- real data
def population() -> None:
    data = SHARED / "population"
    reports = read_reports(data / "claims.tsv")
    truth: dict[str, object] = {}
    for line in (data / "truth.tsv").read_text(encoding="utf-8", errors="replace").splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 4:
            truth[", ".join(parts[:-2]) + "_" + parts[-2]] = normalize(parts[-1]).key

    def key(value: str) -> object:
        return normalize(value).key

    unsupervised = compare("population", reports, truth, key)
    labelled = {q for q in truth if int(hashlib.sha1(q.encode()).hexdigest(), 16) % 5 == 0}
    rest = {q: t for q, t in truth.items() if q not in labelled}
    supervised = engine(reports, labels={q: str(truth[q]) for q in labelled})
    print(
        f"  semi-supervised, {len(labelled)} verdicts (sha1(question) % 5 == 0), scored on the "
        f"other {len(rest)}: unsupervised {accuracy(unsupervised, rest, key)}, with verdicts "
        f"{accuracy(supervised, rest, key)}"
    )


def book() -> None:
    data = SHARED / "book"
    spec = importlib.util.spec_from_file_location("book_score", data / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    truth: dict[str, object] = {}
    for line in (data / "truth.tsv").read_text(encoding="utf-8").splitlines():
        question, _, authors = line.partition("\t")
        if question:
            truth[question] = scorer.surnames(authors)
    compare("book", read_reports(data / "claims.tsv"), truth, scorer.surnames)


# ---------------------------------------------------------------- synthetic data
def synthetic(
    n_reports: int, seed: int = 7, n_sources: int = 10_000
) -> tuple[list[Report], dict[str, str], set[str], dict[str, int]]:
    """Reports from sources of Zipf activity, a fifth of them sent by copy clusters.

    Independent sources (reliability ~ Beta(4, 1.5), mean 0.73) report the truth or one of four
    plausible wrong values of the question. 200 clusters each follow a leader of reliability 0.3
    with 2-12 members that repeat the leader's value (incl. its errors) on 60% of its questions
    with probability 0.95, otherwise err on their own. Returns reports, truth and the questions
    where a cluster has at least two members (where copying can mislead a vote).
    """
    rng = np.random.default_rng(seed)
    n_questions = max(n_reports // 5, 10)
    weight = 1.0 / np.arange(1, n_sources + 1) ** 1.1
    weight /= weight.sum()
    reliability = rng.beta(4, 1.5, n_sources)
    truth = rng.integers(1_000, 1_000_000, n_questions)
    wrong = truth[:, None] + rng.choice([-1, 1], (n_questions, 4)) * rng.integers(
        1, 1000, (n_questions, 4)
    )

    n_clusters = 200
    leaders = rng.choice(np.arange(50, 2_000), n_clusters, replace=False)  # mid-activity leaders
    reliability[leaders] = 0.3
    cluster_size = rng.integers(2, 13, n_clusters)
    copiers = np.setdiff1d(np.arange(n_sources), leaders)
    copiers = rng.choice(copiers[copiers > 2_000], cluster_size.sum(), replace=False)
    copier_leader = np.repeat(leaders, cluster_size)

    independent = rng.choice(n_sources, int(n_reports * 0.8), p=weight)
    q_ind = rng.integers(0, n_questions, len(independent))
    # Leaders must be active enough to be copied: give each a fixed share of questions too.
    q_lead = rng.integers(0, n_questions, (n_clusters, max(n_reports // 5_000, 5)))
    src = np.r_[independent, np.repeat(leaders, q_lead.shape[1])]
    qs = np.r_[q_ind, q_lead.ravel()]
    right = rng.random(len(src)) < reliability[src]
    vals = np.where(right, truth[qs], wrong[qs, rng.integers(0, 4, len(src))])

    # Copiers: each takes 60% of its leader's questions and repeats the leader's value.
    lead_rows = {int(x): np.flatnonzero(src == x) for x in leaders}
    c_src, c_q, c_val = [], [], []
    budget = int(n_reports * 0.2)
    for copier, leader in zip(copiers, copier_leader, strict=True):
        rows = lead_rows[int(leader)]
        take = rows[rng.random(len(rows)) < 0.6]
        c_src.append(np.full(len(take), copier))
        c_q.append(qs[take])
        own = np.where(
            rng.random(len(take)) < 0.7,
            truth[qs[take]],
            wrong[qs[take], rng.integers(0, 4, len(take))],
        )
        c_val.append(np.where(rng.random(len(take)) < 0.95, vals[take], own))
    c_src_a, c_q_a, c_val_a = np.concatenate(c_src), np.concatenate(c_q), np.concatenate(c_val)
    keep = rng.permutation(len(c_src_a))[:budget]
    src = np.r_[src, c_src_a[keep]][:n_reports]
    qs = np.r_[qs, c_q_a[keep]][:n_reports]
    vals = np.r_[vals, c_val_a[keep]][:n_reports]

    clustered_source = np.zeros(n_sources, bool)
    clustered_source[copiers] = True
    clustered_source[leaders] = True
    per_q = np.bincount(qs[clustered_source[src]], minlength=n_questions)
    contested = {f"q{q}" for q in np.flatnonzero(per_q >= 2)}
    clusters = {
        f"s{s}": int(x) for s, x in zip(copiers.tolist(), copier_leader.tolist(), strict=True)
    }
    clusters.update({f"s{x}": int(x) for x in leaders.tolist()})
    reports = [
        Report(f"q{q}", f"s{s}", str(v))
        for q, s, v in zip(qs.tolist(), src.tolist(), vals.tolist(), strict=True)
    ]
    return reports, {f"q{q}": str(t) for q, t in enumerate(truth.tolist())}, contested, clusters


def copies() -> None:
    reports, truth, contested, clusters = synthetic(200_000)
    asked = {q: t for q, t in truth.items() if q in {r.question for r in reports}}
    answers = compare("synthetic copy clusters", reports, asked, str)
    hit = {q: asked[q] for q in sorted(contested)}
    print(
        f"  cluster-contested ({len(hit)} questions with >= 2 reports from one cluster): majority "
        f"{accuracy(exact_majority(reports), hit, str)}, engine {accuracy(answers, hit, str)}"
    )
    found = [d for d in corroborate(reports).dependencies if d.kind == "copy"]
    flagged = {s for d in found for s in d.sources}
    present = {r.source for r in reports} & set(clusters)
    real = len(flagged & present)
    print(
        f"  copy detection: {len(found)} clusters, {len(flagged)} sources flagged, {real} of them "
        f"really in a cluster; {real}/{len(present)} clustered sources found"
    )


# ---------------------------------------------------------------- scale
def _measure(size: int) -> dict[str, float]:
    reports, _, _, _ = synthetic(size)
    start = time.perf_counter()
    result = corroborate(reports)
    seconds = time.perf_counter() - start
    rng = np.random.default_rng(1)
    questions = rng.choice(sorted({r.question for r in reports}), 100, replace=False)
    by_q: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_q[r.question].append(r)
    times = []
    for q in questions:
        fresh = [*by_q[q], Report(q, "s3", "12345")]
        t = time.perf_counter()
        result.refresh_question(q, fresh)
        times.append(time.perf_counter() - t)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "seconds": seconds,
        "rss_mb": rss_mb,
        "refresh_ms": 1000 * statistics.median(times),
        "iterations": result.iterations,
    }


def scale(sizes: list[int]) -> None:
    print("scale: synthetic, 10k sources, Zipf activity, copy clusters; one subprocess per size")
    print("  reports      full run   peak RSS   iterations   refresh one question (median of 100)")
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        m = json.loads(out.strip().splitlines()[-1])
        print(
            f"  {size:>9,}   {m['seconds']:7.2f} s   {m['rss_mb']:6.0f} MB   "
            f"{m['iterations']:>10.0f}   {m['refresh_ms']:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", action="store_true")
    parser.add_argument("--book", action="store_true")
    parser.add_argument("--copies", action="store_true")
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure)))
        return
    everything = not (args.population or args.book or args.copies or args.scale)
    if everything or args.population:
        population()
    if everything or args.book:
        book()
    if everything or args.copies:
        copies()
    if everything or args.scale:
        scale([int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
