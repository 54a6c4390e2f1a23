"""Pictures drawn server-side as inline SVG: the layout is computed here (pure, no database),
the templates draw it. Each picture has a text equivalent on its page."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claims.corroboration.values import normalize, same_value

if TYPE_CHECKING:
    from claims.models import Attribution, Claim, CrossCheck
    from claims.selectors import VerdictCount

BOX_WIDTH = 170
BOX_HEIGHT = 44
GAP_X = 50
GAP_Y = 14
LABEL_CHARS = 22


@dataclass(frozen=True)
class Node:
    x: int
    y: int
    label: str  # shortened to fit its box
    title: str  # the full name, for the tooltip
    detail: str  # "grade B", "contradicts", "the article"
    kind: str  # originator, relay, article, contradicts
    source_id: int | None = None  # the source's page, linked from its box

    @property
    def text_x(self) -> int:
        return self.x + 8

    @property
    def middle_y(self) -> int:
        return self.y + BOX_HEIGHT // 2


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Chain:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    box_width: int = BOX_WIDTH
    box_height: int = BOX_HEIGHT


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _column(attributions: Sequence[Attribution], column: int, kind: str) -> list[Node]:
    x = column * (BOX_WIDTH + GAP_X)
    return [
        Node(
            x=x,
            y=row * (BOX_HEIGHT + GAP_Y),
            label=_short(a.source.name),
            title=a.source.name,
            detail=f"grade {a.source.grade}"
            + (" · contradicts" if a.stance == "contradicts" else ""),
            kind=kind,
            source_id=a.source_id,
        )
        for row, a in enumerate(attributions)
    ]


def relay_chain(claim: Claim) -> Chain | None:
    """The claim's chain: who made it (originators), who passed it on (relays), the article
    it is in; contradicting sources in a column of their own. None when it has no source."""
    attributions = list(claim.attributions.all())
    if not attributions:
        return None
    supporting = [a for a in attributions if a.stance != "contradicts"]
    contradicting = [a for a in attributions if a.stance == "contradicts"]
    originators = [a for a in supporting if a.role == "originator"]
    relays = [a for a in supporting if a.role == "relay"]
    columns: list[list[Node]] = []
    for group, kind in ((originators, "originator"), (relays, "relay")):
        if group:
            columns.append(_column(group, len(columns), kind))
    if claim.article_id is not None and claim.article is not None:
        x = len(columns) * (BOX_WIDTH + GAP_X)
        title = claim.article.title
        columns.append([Node(x, 0, _short(title), title, "the article", "article")])
    edges = [
        Edge(a.x + BOX_WIDTH, a.middle_y, b.x, b.middle_y)
        for left, right in itertools.pairwise(columns)
        for a in left
        for b in right
    ]
    if contradicting:
        columns.append(_column(contradicting, len(columns), "contradicts"))
    nodes = [node for column in columns for node in column]
    width = len(columns) * (BOX_WIDTH + GAP_X) - GAP_X
    height = max(node.y for node in nodes) + BOX_HEIGHT
    return Chain(nodes=nodes, edges=edges, width=width, height=height)


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    originator: int
    relay: int
    originator_width: float
    relay_width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    scale_width: int = 240
    label_width: int = 150


def track_record_chart(counts: Iterable[VerdictCount]) -> BarChart | None:
    """One bar per verdict, its claims as originator then as relay; None when it has none."""
    rows = list(counts)
    largest = max((c.originator + c.relay for c in rows), default=0)
    if largest == 0:
        return None
    scale = BarChart.scale_width / largest
    bars = [
        Bar(
            y=index * 26,
            label=c.label,
            originator=c.originator,
            relay=c.relay,
            originator_width=c.originator * scale,
            relay_width=c.relay * scale,
        )
        for index, c in enumerate(rows)
    ]
    return BarChart(bars=bars, height=len(bars) * 26)


# A source's reliability over time: one point per track-record check that estimated it.

HISTORY_WIDTH = 420
HISTORY_HEIGHT = 160
HISTORY_LEFT = 40  # room for the scale's labels
HISTORY_TOP = 8
HISTORY_BOTTOM = 24  # room for the dates


@dataclass(frozen=True)
class ReliabilityPoint:
    x: float
    mean_y: float
    low_y: float
    high_y: float
    when: datetime.datetime
    mean: int  # percent
    low: int
    high: int
    confirmed: int  # editors' verdicts agreeing with the source, then
    refuted: int


@dataclass(frozen=True)
class ReliabilityHistory:
    points: list[ReliabilityPoint]
    line: str  # the means joined, as an SVG polyline's points
    scale: list[tuple[float, int]]  # (y, percent) of the scale's lines
    width: int = HISTORY_WIDTH
    height: int = HISTORY_HEIGHT
    left: int = HISTORY_LEFT
    bottom: float = HISTORY_HEIGHT - HISTORY_BOTTOM


def _plot_y(share: float) -> float:
    """The height of a share (0 to 1) on the history's scale, 100 % at the top."""
    span = HISTORY_HEIGHT - HISTORY_TOP - HISTORY_BOTTOM
    return round(HISTORY_TOP + (1 - min(max(share, 0.0), 1.0)) * span, 1)


def reliability_history(checks: Iterable[CrossCheck]) -> ReliabilityHistory | None:
    """The source's reliability estimate (mean and 90% interval) at each of its track-record
    `checks` that estimated it, oldest first, as the checks stored it; None without any."""
    estimated: list[tuple[datetime.datetime, dict[str, Any]]] = [
        (check.finished_at, check.result["reliability"])
        for check in checks
        if check.kind == "track_record"
        and check.status == "succeeded"
        and check.finished_at is not None
        and isinstance(check.result, dict)
        and isinstance(check.result.get("reliability"), dict)
    ]
    if not estimated:
        return None
    estimated.sort(key=lambda found: found[0])
    room = HISTORY_WIDTH - HISTORY_LEFT - 20
    step = room / max(len(estimated) - 1, 1)
    points = [
        ReliabilityPoint(
            x=round(HISTORY_LEFT + 10 + index * step, 1),
            mean_y=_plot_y(r["mean"]),
            low_y=_plot_y(r["low"]),
            high_y=_plot_y(r["high"]),
            when=when,
            mean=round(r["mean"] * 100),
            low=round(r["low"] * 100),
            high=round(r["high"] * 100),
            confirmed=int(r.get("n_confirmed", 0)),
            refuted=int(r.get("n_refuted", 0)),
        )
        for index, (when, r) in enumerate(estimated)
    ]
    return ReliabilityHistory(
        points=points,
        line=" ".join(f"{p.x},{p.mean_y}" for p in points),
        scale=[(_plot_y(share / 100), share) for share in (0, 50, 100)],
    )


# The alternatives of a question: each value its claims give, with its probability.

ALTERNATIVE_ROW = 30


@dataclass(frozen=True)
class AlternativeBar:
    y: int
    value: str
    label: str  # shortened to fit
    width: float
    percent: int
    credibility: int | None
    sources: list[str]
    mine: bool  # the value the claim gives


@dataclass(frozen=True)
class AlternativesChart:
    bars: list[AlternativeBar]
    height: int
    label_width: int = 150
    scale_width: int = 240


def _is_value(value: str, alternative: str) -> bool:
    return value == alternative or same_value(normalize(value), normalize(alternative))


def question_alternatives(claim: Claim) -> AlternativesChart | None:
    """The values the claims of the claim's question give, likeliest first, with the
    probability the engine gives each (its last corroboration of the claim); None unless the
    claim answers a question with rival values."""
    alternatives = claim.corroboration.get("alternatives") or []
    if claim.question_id is None or len(alternatives) < 2:
        return None
    ranked = sorted(alternatives, key=lambda a: (-a["probability"], a["value"]))
    mine = next((a["value"] for a in ranked if _is_value(claim.value, a["value"])), None)
    scale = AlternativesChart.scale_width
    bars = [
        AlternativeBar(
            y=index * ALTERNATIVE_ROW,
            value=a["value"],
            label=_short(a["value"]),
            width=round(a["probability"] * scale, 1),
            percent=round(a["probability"] * 100),
            credibility=a.get("credibility"),
            sources=list(a.get("sources", [])),
            mine=a["value"] == mine,
        )
        for index, a in enumerate(ranked)
    ]
    return AlternativesChart(bars=bars, height=len(bars) * ALTERNATIVE_ROW)
