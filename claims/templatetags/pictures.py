"""Small pictures drawn inline as SVG by the templates: `{% load pictures %}`."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims import pictures

register = template.Library()

WIDTH = 100


@register.simple_tag
def interval(mean: float, low: float, high: float) -> SafeString:
    """A 0–100 % scale with the interval `low`–`high` as a band and `mean` as a dot; the label
    says it in words for those who cannot see it."""
    low_x, mean_x, high_x = (round(min(max(v, 0.0), 1.0) * WIDTH, 1) for v in (low, mean, high))
    return format_html(
        '<svg class="interval" role="img" viewBox="-2 0 {} 14" width="{}" height="14" '
        'aria-label="estimate {}%, 90% interval {}–{}%">'
        '<line x1="0" y1="7" x2="{}" y2="7" stroke="#888"/>'
        '<rect x="{}" y="2" width="{}" height="10" fill="#9bb8e8" stroke="#1358c4"/>'
        '<circle cx="{}" cy="7" r="3.5" fill="#1a1a1a"/></svg>',
        WIDTH + 4,
        WIDTH + 4,
        round(mean * 100),
        round(low * 100),
        round(high * 100),
        WIDTH,
        low_x,
        max(high_x - low_x, 1),
        mean_x,
    )


# The layouts of claims.pictures, for the templates that draw them from what their page holds
# (no query): `{% reliability_history found.crosschecks as history %}`.
register.simple_tag(pictures.reliability_history)
register.simple_tag(pictures.question_alternatives)
