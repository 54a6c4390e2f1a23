"""Article ingest: text in; article, claims, attributions and sources out, in one transaction."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User as Account
from django.db import transaction

from claims.extracted import quantity_json
from claims.extraction import (
    ExtractedAttribution,
    Span,
    extract_attributions,
    unattributed_statements,
)
from claims.models import Article, Attribution, Claim, ClaimChange, Role
from claims.services.claims import User, full_clean, normalize_claim_text, user_or_none
from claims.textfiles import contains_binary
from factcheck.exceptions import ApplicationError
from sources.models import Source
from sources.services import source_resolve

_SPACES = re.compile(r"\s+")


def validate_article_text(text: str) -> str:
    """The text stripped of surrounding whitespace, or an ApplicationError saying what is wrong."""
    if contains_binary(text):
        raise ApplicationError("The text contains binary data, not plain UTF-8 text.", field="text")
    text = text.strip()
    if not text:
        raise ApplicationError("The text is empty.", field="text")
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    if len(text.encode("utf-8")) > limit:
        raise ApplicationError(f"The text is larger than the {limit:,} byte limit.", field="text")
    return text


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    standfirst: str
    body: str


def parse_article_text(text: str) -> ParsedArticle:
    """Split plain text into headline (first line), standfirst (a short second line) and body."""
    lines = text.strip().splitlines()
    title = lines[0].strip()
    rest = lines[1:]
    standfirst = ""
    if len(rest) > 1 and len(rest[0]) <= 300 and not rest[0].rstrip().endswith(('"', "”")):
        standfirst = rest[0].strip()
        rest = rest[1:]
    body = "\n".join(rest).strip()
    if not body:
        body, title = title, title[:120]
    return ParsedArticle(title=title[:500], standfirst=standfirst, body=body)


def article_content_hash(title: str, body: str) -> str:
    normalized = _SPACES.sub(" ", unicodedata.normalize("NFC", f"{title}\n{body}")).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool
    claims: int
    attributions: int
    proposed_sources: tuple[str, ...]


def ingest_article(
    *,
    text: str,
    url: str | None = None,
    outlet: Source | None = None,
    published_at: datetime.date | None = None,
    title: str | None = None,
    created_by: User = None,
) -> IngestResult:
    """Store an article with its claims, attributions and sources, in one transaction.

    Ingesting the same text again returns the article already stored and changes nothing.
    `title` given separately means `text` is the body alone (as from a web page).
    """
    text = validate_article_text(text)
    parsed = (
        ParsedArticle(title=title.strip()[:500], standfirst="", body=text)
        if title and title.strip()
        else parse_article_text(text)
    )
    content_hash = article_content_hash(parsed.title, parsed.body)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return IngestResult(existing, created=False, claims=0, attributions=0, proposed_sources=())
    if url and Article.objects.filter(url=url).exists():
        raise ApplicationError("Another text of this URL is already in the workbench.", field="url")
    # Extraction needs no database: do it before the transaction opens.
    extracted = extract_attributions(parsed.body)
    unattributed = unattributed_statements(parsed.body, extracted)
    user = user_or_none(created_by)
    with transaction.atomic():
        article = Article(
            title=parsed.title,
            standfirst=parsed.standfirst,
            body=parsed.body,
            url=url or None,
            outlet=outlet,
            published_at=published_at,
            content_hash=content_hash,
            created_by=user,
        )
        full_clean(article)
        article.save()
        return _store_claims(article, extracted, unattributed, user)


def _store_claims(
    article: Article,
    extracted: list[ExtractedAttribution],
    unattributed: list[Span],
    user: Account | None,
) -> IngestResult:
    claims: dict[tuple[int, int], Claim] = {}
    proposed: list[str] = []
    attributions = 0

    def claim_at(start: int, end: int, text: str, quantities: list[dict[str, Any]]) -> Claim:
        if (start, end) not in claims:
            claim = Claim.objects.create(
                article=article,
                text=text,
                normalized=normalize_claim_text(text),
                start=start,
                end=end,
                quantities=quantities,
                created_by=user,
            )
            ClaimChange.objects.create(claim=claim, action="extracted", changed_by=user)
            claims[start, end] = claim
        return claims[start, end]

    def source_for(name: str, description: str) -> Source:
        source, created = source_resolve(name=name, description=description)
        if created:
            proposed.append(source.name)
        return source

    for found in extracted:
        claim = claim_at(
            found.content.start,
            found.content.end,
            found.content.text,
            [quantity_json(q) for q in found.quantities],
        )
        originator = source_for(found.resolved_source, found.source.text)
        attributions += _attribute(
            claim,
            originator,
            Role.ORIGINATOR,
            source_span=found.source,
            cue_span=found.cue,
            found=found,
        )
        if found.relay is not None and found.resolved_relay:
            relay = source_for(found.resolved_relay, found.relay.text)
            attributions += _attribute(
                claim,
                relay,
                Role.RELAY,
                source_span=found.relay,
                cue_span=found.relay_cue,
                found=found,
            )
    for span in unattributed:
        claim_at(span.start, span.end, span.text, [])
    return IngestResult(
        article,
        created=True,
        claims=len(claims),
        attributions=attributions,
        proposed_sources=tuple(proposed),
    )


def _attribute(
    claim: Claim,
    source: Source,
    role: Role,
    *,
    source_span: Span,
    cue_span: Span | None,
    found: ExtractedAttribution,
) -> int:
    """Link claim and source in `role`; returns 1 if a new attribution was made, else 0."""
    _, created = Attribution.objects.get_or_create(
        claim=claim,
        source=source,
        role=role,
        defaults={
            "source_text": source_span.text[:500],
            "cue": cue_span.text[:200] if cue_span is not None else "",
            "direct_quote": found.direct_quote,
            "source_start": source_span.start,
            "source_end": source_span.end,
            "cue_start": cue_span.start if cue_span is not None else None,
            "cue_end": cue_span.end if cue_span is not None else None,
            "content_start": found.content.start,
            "content_end": found.content.end,
        },
    )
    return int(created)
