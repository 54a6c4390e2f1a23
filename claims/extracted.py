"""What the extractor found, as JSON: the shape `manage.py extract` prints and claims store.

The shape is a contract outside tools rely on; add fields, never rename or remove them.
"""

from __future__ import annotations

from typing import Any

from claims.extraction import ExtractedAttribution, Quantity, Span


def span_json(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def quantity_json(quantity: Quantity) -> dict[str, Any]:
    return {
        "value": quantity.value,
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "direction": quantity.direction,
        "text": quantity.span.text,
    }


def attribution_json(found: ExtractedAttribution) -> dict[str, Any]:
    """One attribution with character offsets into the text it was found in.

    The relay fields appear only when the statement was passed on ("TASS, citing a Kremlin aide").
    """
    shaped: dict[str, Any] = {
        "source": span_json(found.source),
        "cue": span_json(found.cue),
        "content": span_json(found.content),
        "direct_quote": found.direct_quote,
        "resolved_source": found.resolved_source,
    }
    if found.relay is not None:
        shaped["relay"] = span_json(found.relay)
        shaped["relay_cue"] = span_json(found.relay_cue) if found.relay_cue is not None else None
        shaped["resolved_relay"] = found.resolved_relay
    shaped["quantities"] = [
        {**quantity_json(q), "start": q.span.start, "end": q.span.end} for q in found.quantities
    ]
    return shaped
