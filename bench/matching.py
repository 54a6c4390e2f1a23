"""Score claim matching (claims.matching.match) on hand-labelled pairs of claims.

Usage: ``python bench/matching.py [--data PATH] [--errors]``. No Django needed.

"Same fact" is the decision an editor is proposed: a pair labelled agree or conflict should be
matched as agree or conflict, a related or unrelated one as neither. "Conflict" scores the
conflicts alone: predicted conflict against labelled conflict, over all pairs. Also prints the
confusion table and the time per pair (the first pair, which loads the models, excluded).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.matching import Relation, match  # noqa: E402
from claims.matching.pairs import parse_pair  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claim-pairs" / "dev.jsonl"
LABELS = [relation.value for relation in Relation]


def scores(predicted: list[bool], truth: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    precision = tp / max(sum(predicted), 1)
    recall = tp / max(sum(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="print each wrong pair")
    options = parser.parse_args()
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
