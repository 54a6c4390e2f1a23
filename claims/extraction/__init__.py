"""Rule-based attribution extraction: who said what in news text, with no model or network."""

from __future__ import annotations

from claims.extraction.extract import extract_attributions
from claims.extraction.quantities import extract_quantities
from claims.extraction.statements import unattributed_statements
from claims.extraction.types import ExtractedAttribution, Quantity, Span

__all__ = [
    "ExtractedAttribution",
    "Quantity",
    "Span",
    "extract_attributions",
    "extract_quantities",
    "unattributed_statements",
]
