"""The appearance CrossCheck: is the claim still where it appeared, as it appeared?

Each URL is fetched through the one guarded fetcher; the page's main text (trafilatura) is kept
as a snapshot with its SHA-256 and HTTP status. A URL that no longer answers, or answers 4xx or
5xx, is link rot; a quote that was on the page at the last snapshot and is no longer is a
stealth edit, shown as a diff of the two texts.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime

import trafilatura
from django.utils import timezone

from claims.models import Appearance, AppearanceSnapshot, Claim, CrossCheck
from claims.services.claims import normalize_claim_text
from claims.services.progress import Finding, Progress
from factcheck.fetch import Fetched, FetchError, fetch

MAX_DIFF_CHARS = 20_000


@dataclass(frozen=True)
class Observation:
    url: str
    fetched_at: datetime
    http_status: int | None
    final_url: str
    text: str
    sha256: str
    quote_found: bool
    link_rot: bool
    stealth_edit: bool
    diff: str
    error: str


def appearance_urls(claim: Claim) -> list[str]:
    """Where the claim appeared: its article's URL first, then the other appearances."""
    urls = [claim.article.url] if claim.article is not None and claim.article.url else []
    urls += [url for url in claim.appearances.values_list("url", flat=True) if url not in urls]
    return urls


def page_text(fetched: Fetched) -> str:
    """The page's main text: trafilatura's extraction of HTML, plain text as it is."""
    if fetched.content_type == "text/plain":
        return fetched.text()
    return trafilatura.extract(fetched.text()) or ""


def _diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), "last snapshot", "now", n=1, lineterm=""
    )
    return "\n".join(lines)[:MAX_DIFF_CHARS]


def observe(
    claim: Claim, url: str, previous: AppearanceSnapshot | None, *, last_attempt: bool
) -> Observation:
    """Fetch `url` and compare it with the previous snapshot.

    A transient failure (timeout, unreachable) is raised so that the check is tried again later;
    on the last attempt the URL is recorded as unreachable instead.
    """
    now = timezone.now()
    try:
        fetched = fetch(url)
    except FetchError as exc:
        if exc.transient and not last_attempt:
            raise
        return Observation(
            url=url,
            fetched_at=now,
            http_status=None,
            final_url="",
            text="",
            sha256="",
            quote_found=False,
            link_rot=exc.transient,  # unreachable; a refused URL (private address) is not rot
            stealth_edit=False,
            diff="",
            error=exc.message,
        )
    gone = fetched.status >= 400
    text = "" if gone else page_text(fetched)
    quote_found = not gone and normalize_claim_text(claim.text) in normalize_claim_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest() if text else ""
    changed = previous is not None and bool(previous.sha256) and previous.sha256 != digest
    return Observation(
        url=url,
        fetched_at=now,
        http_status=fetched.status,
        final_url=fetched.final_url,
        text=text,
        sha256=digest,
        quote_found=quote_found,
        link_rot=gone,
        stealth_edit=bool(previous and previous.quote_found and not gone and not quote_found),
        diff=_diff(previous.text, text) if previous is not None and changed and not gone else "",
        error=f"HTTP {fetched.status}" if gone else "",
    )


def appearance_check(*, check: CrossCheck, progress: Progress) -> Finding:
    """The appearance CrossCheck: one step per URL where the claim appeared."""
    assert check.claim is not None  # the database constraint gives claim kinds a claim
    claim = check.claim
    urls = appearance_urls(claim)
    progress.start(len(urls))
    previous = _latest_snapshots(claim)
    observations = []
    for url in urls:
        last_attempt = check.attempts >= check.max_attempts
        observations.append(observe(claim, url, previous.get(url), last_attempt=last_attempt))
        progress.step()

    def store() -> None:
        for seen in observations:
            appearance, _ = Appearance.objects.get_or_create(claim=claim, url=seen.url)
            AppearanceSnapshot.objects.create(
                appearance=appearance,
                crosscheck=check,
                **{k: v for k, v in asdict(seen).items() if k != "url"},
            )

    return Finding(
        {
            "urls": [
                {
                    "url": seen.url,
                    "http_status": seen.http_status,
                    "quote_found": seen.quote_found,
                    "link_rot": seen.link_rot,
                    "stealth_edit": seen.stealth_edit,
                    "error": seen.error,
                }
                for seen in observations
            ],
            "link_rot": sum(seen.link_rot for seen in observations),
            "stealth_edits": sum(seen.stealth_edit for seen in observations),
        },
        store,
    )


def _latest_snapshots(claim: Claim) -> dict[str, AppearanceSnapshot]:
    """The last snapshot of each URL of the claim (one query; a claim has a few URLs)."""
    latest: dict[str, AppearanceSnapshot] = {}
    snapshots = AppearanceSnapshot.objects.filter(appearance__claim=claim).select_related(
        "appearance"
    )
    for snapshot in snapshots.order_by("fetched_at", "id"):
        latest[snapshot.appearance.url] = snapshot
    return latest
