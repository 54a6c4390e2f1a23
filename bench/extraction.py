"""Score ``extract_attributions`` against PolNeAR's hand-annotated attributions.

Usage: ``python bench/extraction.py [--split dev|train] [--data PATH]``. No Django needed.

Match rule: a prediction matches a gold attribution when their content characters overlap by at
least half of the gold content and at least half of the predicted content (discontinuous spans
count by their characters); "content+source" also needs the source spans to overlap (plain span
overlap, no coreference). Matching is one-to-one, best overlap first.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import ExtractedAttribution, extract_attributions  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear"

# Cues of reported statements: verbs and phrases of saying (not thinking, wanting or showing).
REPORTING_CUES = (
    "according to",
    "point out",
    "points out",
    "pointed out",
    "pointing out",
    *(
        form
        for lemma in (
            "say says said saying|tell tells told telling|report reports reported reporting|"
            "state states stated stating|add adds added adding|announce announces announced "
            "announcing|write writes wrote writing written|confirm confirms confirmed confirming|"
            "deny denies denied denying|explain explains explained explaining|note notes noted "
            "noting|claim claims claimed claiming|argue argues argued arguing|insist insists "
            "insisted insisting|acknowledge acknowledges acknowledged acknowledging|assert asserts "
            "asserted asserting|declare declares declared declaring|testify testifies testified "
            "testifying|tweet tweets tweeted tweeting|respond responds responded responding|"
            "reply replies replied replying|warn warns warned warning|admit admits admitted "
            "admitting|allege alleges alleged alleging|contend contends contended contending|"
            "emphasize emphasizes emphasized emphasizing|stress stresses stressed stressing|"
            "recall recalls recalled recalling|predict predicts predicted predicting|concede "
            "concedes conceded conceding|reiterate reiterates reiterated reiterating|repeat "
            "repeats repeated repeating|cite cites cited citing"
        ).split("|")
        for form in lemma.split()
    ),
)
_REPORTING = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in REPORTING_CUES) + r")\b")


@dataclass(frozen=True)
class Gold:
    content: frozenset[int]
    source: frozenset[int]
    cue: str


def _chars(spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for start, end in spans for i in range(start, end))


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def load_gold(path: Path, text: str) -> list[Gold]:
    """Attributions of one brat file (lines that are not T/E records are ignored)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and re.fullmatch(r"T\d+", fields[0]):
            _label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = _spans(offsets)
        elif len(fields) >= 2 and re.fullmatch(r"E\d+", fields[0]):
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    golds: list[Gold] = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if not content:
            continue
        cue = spans.get(event.get("Cue", ""), [])
        golds.append(
            Gold(
                content=_chars(content),
                source=_chars(spans.get(event.get("Source", ""), [])),
                cue=" ".join(text[a:b] for a, b in cue).lower(),
            )
        )
    return golds


def load_split(data: Path, split: str) -> list[tuple[str, list[Gold]]]:
    """(text, gold) per article; the first annotator's file in name order when there are several."""
    folder = data / split
    first_ann: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        first_ann.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles: list[tuple[str, list[Gold]]] = []
    for txt in sorted((folder / "text").glob("*.txt")):
        ann_path = first_ann.get(txt.stem)
        if ann_path is None:
            continue
        text = txt.read_text(encoding="utf-8")
        articles.append((text, load_gold(ann_path, text)))
    return articles


def _predicted_chars(attribution: ExtractedAttribution) -> frozenset[int]:
    parts = attribution.content_parts or (attribution.content,)
    return _chars([(p.start, p.end) for p in parts])


def is_reporting(cue: str) -> bool:
    return _REPORTING.search(cue.lower()) is not None


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0

    def line(self, name: str) -> str:
        p = self.matched_predicted / self.predicted if self.predicted else 0.0
        r = self.matched_gold / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"  {name:<28} P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
            f"   (gold {self.gold}, predicted {self.predicted}, matched {self.matched_gold})"
        )


def match(
    golds: list[Gold], predictions: list[ExtractedAttribution], with_source: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), best content overlap first."""
    candidates: list[tuple[float, int, int]] = []
    predicted = [_predicted_chars(p) for p in predictions]
    for gi, gold in enumerate(golds):
        for pi, chars in enumerate(predicted):
            overlap = len(gold.content & chars)
            if overlap * 2 < len(gold.content) or overlap * 2 < len(chars):
                continue
            if with_source:
                source = predictions[pi].source
                if not any(source.start <= i < source.end for i in gold.source):
                    continue
            candidates.append((overlap / len(gold.content | chars), gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


def evaluate(articles: list[tuple[str, list[Gold]]]) -> dict[str, Tally]:
    tallies = {
        key: Tally()
        for key in (
            "all/content",
            "all/content+source",
            "reported/content",
            "reported/content+source",
        )
    }
    for text, golds in articles:
        predictions = extract_attributions(text)
        gold_rep = [is_reporting(g.cue) for g in golds]
        pred_rep = [is_reporting(p.cue.text) for p in predictions]
        for with_source, suffix in ((False, "content"), (True, "content+source")):
            pairs = match(golds, predictions, with_source)
            every, reported = tallies[f"all/{suffix}"], tallies[f"reported/{suffix}"]
            every.gold += len(golds)
            every.predicted += len(predictions)
            every.matched_gold += len(pairs)
            every.matched_predicted += len(pairs)
            reported.gold += sum(gold_rep)
            reported.predicted += sum(pred_rep)
            reported.matched_gold += sum(1 for gi, _ in pairs if gold_rep[gi])
            reported.matched_predicted += sum(1 for _, pi in pairs if pred_rep[pi])
    return tallies


def throughput(texts: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            extract_attributions(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    articles = load_split(args.data, args.split)
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, {sum(len(g) for _, g in articles)} gold"
    )
    print("reported-statement cues:", ", ".join(REPORTING_CUES))
    for name, tally in evaluate(articles).items():
        print(tally.line(name))
    rate = throughput([text for text, _ in articles])
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
    print(f"throughput: {rate:.0f} articles/s (one process, best of 3; {machine})")


if __name__ == "__main__":
    main()
