"""Pictures drawn server-side as inline SVG: the layout is computed here (pure, no database),
the templates draw it. Each picture has a text equivalent on its page."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.models import Attribution, Claim
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
