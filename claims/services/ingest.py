"""Article ingest: text in; article, claims, attributions and sources out, in one transaction."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import trafilatura
from django.conf import settings
from django.contrib.auth.models import User as Account
from django.db import IntegrityError, transaction

from claims.extracted import quantity_json
from claims.extraction import (
    ExtractedAttribution,
    Span,
    extract_attributions,
    unattributed_statements,
)
from claims.models import Article, Attribution, Claim, ClaimChange, CrossCheckKind, Role
from claims.services.claims import normalize_claim_text
from claims.services.crosscheck_queue import corroboration_queue, crosscheck_queue_many
from claims.services.users import User, user_or_none
from claims.textfiles import contains_binary
from factcheck.exceptions import ApplicationError, full_clean
from factcheck.fetch import Fetched, fetch
from sources.models import Source, SourceStatus
from sources.resolution import outlet_resolve, source_resolve_many

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
    body: str


def parse_article_text(text: str) -> ParsedArticle:
    """Split plain text into headline (first line) and body (every line after it).

    No standfirst is guessed from plain text: a short second line is as often the article's
    first sentence ("Ten people were injured, the mayor said.") as a subtitle, and claims are
    found in the body alone, so the body keeps every line an editor pasted.
    """
    lines = text.strip().splitlines()
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip()
    if not body:
        body, title = title, title[:120]
    return ParsedArticle(title=title[:500], body=body)


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


URL_TAKEN = "Another text of this URL is already in the workbench."


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
        ParsedArticle(title=title.strip()[:500], body=text)
        if title and title.strip()
        else parse_article_text(text)
    )
    content_hash = article_content_hash(parsed.title, parsed.body)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return _already_there(existing)
    if url and Article.objects.filter(url=url).exists():
        raise ApplicationError(URL_TAKEN, field="url")
    # Extraction needs no database: do it before the transaction opens.
    extracted = extract_attributions(parsed.body)
    unattributed = unattributed_statements(parsed.body, extracted)
    user = user_or_none(created_by)
    with transaction.atomic():
        article = Article(
            title=parsed.title,
            body=parsed.body,
            url=url or None,
            # A name an editor rejected is no outlet either (source_reviews.source_reject).
            outlet=outlet if outlet is None or outlet.status != SourceStatus.REJECTED else None,
            published_at=published_at,
            content_hash=content_hash,
            created_by=user,
        )
        full_clean(article)
        try:
            with transaction.atomic():  # a savepoint, to look again if the insert fails
                article.save()
        except IntegrityError:
            # A request ingesting the same text (or URL) at the same time inserted it first: ours
            # waited for its commit and failed on the unique index.
            existing = Article.objects.filter(content_hash=content_hash).first()
            if existing is not None:
                return _already_there(existing)
            if url and Article.objects.filter(url=url).exists():
                raise ApplicationError(URL_TAKEN, field="url") from None
            raise
        return _store_claims(article, extracted, unattributed, user)


def _already_there(article: Article) -> IngestResult:
    return IngestResult(article, created=False, claims=0, attributions=0, proposed_sources=())


def _store_claims(
    article: Article,
    extracted: list[ExtractedAttribution],
    unattributed: list[Span],
    user: Account | None,
) -> IngestResult:
    """Claims, their history and attributions in three bulk inserts; sources in a few queries;
    the related-claims check of every claim recorded, queued when the transaction commits."""
    claims: dict[tuple[int, int], Claim] = {}
    for found in extracted:
        content = found.content
        claims.setdefault(
            (content.start, content.end),
            _claim(article, content, [quantity_json(q) for q in found.quantities], user),
        )
    for span in unattributed:
        claims.setdefault((span.start, span.end), _claim(article, span, [], user))
    Claim.objects.bulk_create(claims.values())
    ClaimChange.objects.bulk_create(
        ClaimChange(claim=claim, action="extracted", changed_by=user) for claim in claims.values()
    )

    # Who each attribution names (name, as written, cue): the originator, then any relay.
    links: list[tuple[ExtractedAttribution, Role, str, Span, Span | None]] = []
    for found in extracted:
        links.append((found, Role.ORIGINATOR, found.resolved_source, found.source, found.cue))
        if found.relay is not None and found.resolved_relay:
            links.append((found, Role.RELAY, found.resolved_relay, found.relay, found.relay_cue))
    mentions = [(name, as_written.text) for _, _, name, as_written, _ in links]
    resolved = source_resolve_many(mentions=mentions)
    attributions: dict[tuple[int, int, int, str], Attribution] = {}
    for (found, role, _, as_written, cue), (source, _) in zip(links, resolved, strict=True):
        if source.status == SourceStatus.REJECTED:
            continue  # an editor said the name is not a source
        content = found.content
        # One attribution per claim, source and role: the first mention is the one kept.
        attributions.setdefault(
            (content.start, content.end, source.pk, role),
            _attribution(claims[content.start, content.end], source, role, as_written, cue, found),
        )
    Attribution.objects.bulk_create(attributions.values())
    # Once the article is committed, each new claim is corroborated from its sources and looks
    # for the same fact in other articles: nobody has to ask for either.
    new_claims = list(claims.values())
    corroboration_queue(claims=new_claims, requested_by=user)
    crosscheck_queue_many(kind=CrossCheckKind.RELATED_CLAIMS, claims=new_claims, requested_by=user)
    return IngestResult(
        article,
        created=True,
        claims=len(claims),
        attributions=len(attributions),
        proposed_sources=tuple(source.name for source, created in resolved if created),
    )


def _claim(
    article: Article, span: Span, quantities: list[dict[str, Any]], user: Account | None
) -> Claim:
    return Claim(
        article=article,
        text=span.text,
        normalized=normalize_claim_text(span.text),
        start=span.start,
        end=span.end,
        quantities=quantities,
        created_by=user,
    )


def _attribution(
    claim: Claim,
    source: Source,
    role: Role,
    source_span: Span,
    cue_span: Span | None,
    found: ExtractedAttribution,
) -> Attribution:
    return Attribution(
        claim=claim,
        source=source,
        role=role,
        source_text=source_span.text[:500],
        cue=cue_span.text[:200] if cue_span is not None else "",
        direct_quote=found.direct_quote,
        source_start=source_span.start,
        source_end=source_span.end,
        cue_start=cue_span.start if cue_span is not None else None,
        cue_end=cue_span.end if cue_span is not None else None,
        content_start=found.content.start,
        content_end=found.content.end,
    )


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class WebArticle:
    """The main text of a web page and what the page says about itself."""

    title: str
    body: str
    published_at: datetime.date | None
    site_name: str


def web_article(html: str | bytes, *, url: str) -> WebArticle:
    """Main text, title, date and site name of an HTML page (trafilatura; no network)."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (getattr(document, "text", None) or "").strip()
    title = (getattr(document, "title", None) or "").strip()
    lines = text.split("\n")
    # The page's headline usually opens its main text too; the article keeps it as the title.
    if title and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    if not text:
        raise ApplicationError("No article text was found on the page.", field="url")
    published_at = None
    with contextlib.suppress(TypeError, ValueError):
        published_at = datetime.date.fromisoformat(getattr(document, "date", None) or "")
    return WebArticle(
        title=title,
        body=text,
        published_at=published_at,
        site_name=(getattr(document, "sitename", None) or "").strip(),
    )


def _page_html(fetched: Fetched) -> str | bytes:
    """The page as text when the server named a charset Python knows, else the bytes as sent
    (trafilatura then reads the charset from the page itself)."""
    if fetched.charset:
        with contextlib.suppress(LookupError):
            return fetched.content.decode(fetched.charset, errors="replace")
    return fetched.content


@dataclass(frozen=True)
class WebPage:
    """A page fetched for ingest (`page`), or the article already ingested from it (`known`)."""

    url: str  # where the page was found, after redirects
    page: WebArticle | None
    known: Article | None


def web_page_fetch(*, url: str) -> WebPage:
    """Fetch a web page for ingest: the network part of `ingest_url`, run outside any
    transaction. A URL (or the URL it redirects to) already in the workbench is not read."""
    url = url.strip()
    known = Article.objects.filter(url=url).first()
    if known is not None:
        return WebPage(url=url, page=None, known=known)
    fetched = fetch(url)
    if not 200 <= fetched.status < 300:
        raise ApplicationError(f"The page answered with HTTP status {fetched.status}.", field="url")
    if fetched.content_type not in _HTML_TYPES:
        shown = fetched.content_type or "no content type"
        raise ApplicationError(f"The page is {shown}, not an HTML page.", field="url")
    page = web_article(_page_html(fetched), url=fetched.final_url)
    return WebPage(url=fetched.final_url, page=page, known=None)


def ingest_web_page(*, web_page: WebPage, created_by: User = None) -> IngestResult:
    """Ingest a fetched page's main text, filed under the outlet that published it; no network,
    so that it may run inside a caller's transaction (an Idempotency-Key's)."""
    known = web_page.known or Article.objects.filter(url=web_page.url).first()
    if known is not None:
        return IngestResult(known, created=False, claims=0, attributions=0, proposed_sources=())
    page = web_page.page
    assert page is not None  # a WebPage has its page or the article already there
    # The outlet is proposed in the article's transaction: a refused article proposes nothing.
    with transaction.atomic():
        outlet, outlet_created = outlet_resolve(url=web_page.url, site_name=page.site_name)
        result = ingest_article(
            text=page.body,
            title=page.title or None,
            url=web_page.url,
            outlet=outlet,
            published_at=page.published_at,
            created_by=created_by,
        )
        if not outlet_created:
            return result
        if not result.created:
            # The same text is already stored under another URL: propose no outlet for it.
            transaction.set_rollback(True)
            return result
        return dataclasses.replace(result, proposed_sources=(outlet.name, *result.proposed_sources))


def ingest_url(*, url: str, created_by: User = None) -> IngestResult:
    """Fetch a web page and ingest its main text, filed under the outlet that published it.

    The page is fetched through the guarded fetcher, outside any transaction. A URL (or the URL
    it redirects to) already in the workbench returns that article and changes nothing.
    """
    return ingest_web_page(web_page=web_page_fetch(url=url), created_by=created_by)
