"""Request examples shown in the API documentation."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

SOURCE_CREATE = OpenApiExample(
    "A wire agency",
    request_only=True,
    value={
        "name": "Interfax-Ukraine",
        "kind": "wire_agency",
        "country": "UA",
        "homepage": "https://en.interfax.com.ua/",
        "grade": "B",
        "grade_rationale": "Established agency; corrects errors promptly.",
        "aliases": ["Interfax Ukraine"],
    },
)
ARTICLE_INGEST = OpenApiExample(
    "Plain text, headline first",
    request_only=True,
    value={
        "text": "Kyiv hit overnight\nAccording to Tymur Tkachenko, head of Kyiv's military "
        "administration, eight people were injured.",
        "url": "https://news.example/kyiv-hit-overnight",
        "published_at": "2025-07-04",
    },
)
CLAIM_RATE = OpenApiExample(
    "Mostly true",
    request_only=True,
    value={
        "verdict": "mostly_true",
        "rationale": "Hospital figures confirm seven injured the same morning.",
        "credibility": 2,
    },
)
CROSSCHECK_QUEUE = OpenApiExample(
    "Every claim of an article", request_only=True, value={"article": 12, "kind": "corroboration"}
)
REPORTS_IMPORT = OpenApiExample(
    "Two accounts of one figure",
    request_only=True,
    value={
        "reports": [
            {
                "question": "People injured in Kyiv, 2025-07-04",
                "source": "Kyiv police",
                "value": "8",
            },
            {
                "question": "People injured in Kyiv, 2025-07-04",
                "source": "TASS",
                "value": "10",
                "via": ["Kremlin aide"],
            },
        ]
    },
)
