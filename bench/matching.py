"""Score claim matching (claims.matching.match) on hand-labelled pairs of claims.

Usage: ``python bench/matching.py [--data PATH] [--errors] [--pool [--show N]]``. No Django.

"Same fact" is the decision an editor is proposed: a pair labelled agree or conflict should be
matched as agree or conflict, a related or unrelated one as neither. "Conflict" scores the
conflicts alone: predicted conflict against labelled conflict, over all pairs. Also prints the
confusion table and the time per pair (the first pair, which loads the models, excluded).

``--pool`` measures what the labelled pairs cannot: how much is proposed in a newsroom's real
pool, where most candidates share a topic and few state the same fact. It extracts the claims
of PolNeAR's dev articles (``../shared/data/polnear/dev/text``), takes each of 300 claims (a
fixed sample) with its 100 most alike claims of other articles by trigram similarity, as the
related-claims check's portable search does, and counts the pairs matched as one fact. Few of
them are; ``--show N`` prints N of the proposals to read.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.matching import Relation, match  # noqa: E402
from claims.matching.pairs import parse_pair  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claim-pairs" / "dev.jsonl"
POOL_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
POOL_SAMPLE = 300
POOL_CANDIDATES = 100
LABELS = [relation.value for relation in Relation]


def scores(predicted: list[bool], truth: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = tp / max(sum(predicted), 1)
    recall = tp / max(sum(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pool(texts: Path, show: int) -> None:
    from claims.extraction import extract_attributions
    from claims.matching import ClaimText
    from claims.trigrams import trigram_similarity

    claims = [
        (path.name, attribution.content.text)
        for path in sorted(texts.glob("*.txt"))
        for attribution in extract_attributions(path.read_text(encoding="utf-8"))
    ]
    rng = random.Random(2016)
    sample = rng.sample(range(len(claims)), min(POOL_SAMPLE, len(claims)))
    started = time.perf_counter()
    proposed = []
    for index in sample:
        article, text = claims[index]
        others = [(trigram_similarity(text, other), other) for a, other in claims if a != article]
        others.sort(key=lambda scored: -scored[0])
        for _, other in others[:POOL_CANDIDATES]:
            found = match(ClaimText(text), ClaimText(other))
            if found.relation.same_fact:
                proposed.append((found, text, other))
    elapsed = time.perf_counter() - started
    conflicts = sum(found.relation is Relation.CONFLICT for found, _, _ in proposed)
    print(
        f"real pool: {len(claims)} claims of {len(list(texts.glob('*.txt')))} PolNeAR dev "
        f"articles; {len(sample)} claims x {POOL_CANDIDATES} candidates: {len(proposed)} "
        f"proposed ({len(proposed) / len(sample):.2f} a claim, {conflicts} conflicts) "
        f"in {elapsed:.1f} s"
    )
    for found, text, other in rng.sample(proposed, min(show, len(proposed))):
        print(f"  {found.relation} {found.score}: {text[:70]!r} / {other[:70]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="print each wrong pair")
    parser.add_argument("--pool", action="store_true", help="proposals among real claims")
    parser.add_argument("--show", type=int, default=0, help="with --pool: print N proposals")
    options = parser.parse_args()
    if options.pool:
        if not POOL_TEXTS.is_dir():
            sys.exit(f"bench/matching.py: no PolNeAR articles at {POOL_TEXTS}")
        pool(POOL_TEXTS, options.show)
        return
    if not options.data.is_file():
        sys.exit(f"bench/matching.py: no labelled pairs at {options.data} (give --data PATH)")

    lines = [line for line in options.data.read_bytes().splitlines() if line.strip()]

    labels = [json.loads(line)["label"] for line in lines]
    pairs = [parse_pair(line) for line in lines]
    match(pairs[0].a, pairs[0].b)  # loads simplemma, wordfreq and WordLlama
    started = time.perf_counter()
    found = [match(pair.a, pair.b) for pair in pairs]
    elapsed = time.perf_counter() - started

    same_p, same_r, same_f = scores(
        [m.relation.same_fact for m in found],
        [label in ("agree", "conflict") for label in labels],
    )
    conflict_p, conflict_r, conflict_f = scores(
        [m.relation is Relation.CONFLICT for m in found], [label == "conflict" for label in labels]
    )
    confusion = Counter((label, m.relation.value) for label, m in zip(labels, found, strict=True))
    print(f"claim matching on {options.data} ({len(pairs)} pairs)")
    print(f"same fact   precision {same_p:.3f}  recall {same_r:.3f}  F1 {same_f:.3f}")
    print(f"conflict    precision {conflict_p:.3f}  recall {conflict_r:.3f}  F1 {conflict_f:.3f}")
    print("labelled \\ matched  " + "  ".join(f"{label:>9}" for label in LABELS))
    for label in LABELS:
        row = "  ".join(f"{confusion[(label, other)]:>9}" for other in LABELS)
        print(f"{label:>18}  {row}")
    print(
        f"{elapsed / len(pairs) * 1000:.2f} ms a pair ({len(pairs)} pairs in {elapsed:.3f} s, "
        f"models loaded; Python {platform.python_version()}, {platform.machine()})"
    )
    if options.errors:
        for pair, label, m in zip(pairs, labels, found, strict=True):
            if m.relation.value != label:
                print(f"{pair.id}: labelled {label}, matched {m.relation} {m.score}: {m.reason}")


if __name__ == "__main__":
    main()
