"""Bulk ingest: many articles from folders, text files, JSONL files and URLs, one at a time.

Each article is its own item with its own transaction, so a bad item is reported and the rest go
on; ingesting the same items again changes nothing (see ingest_article and ingest_url).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.services.ingest import IngestResult, ingest_article, ingest_url
from claims.services.users import User
from claims.textfiles import read_text_file
from factcheck.exceptions import ApplicationError


@dataclass(frozen=True)
class IngestItem:
    """One article to ingest: `label` names it in errors (a path, "path line 3", a URL)."""

    label: str
    run: Callable[[], IngestResult]


@dataclass
class BulkSummary:
    new: int = 0
    already_there: int = 0
    claims: int = 0
    attributions: int = 0
    proposed_sources: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def record(self, item: IngestItem) -> None:
        """Ingest the item and count what it added, or record why it failed."""
        try:
            result = item.run()
        except ApplicationError as exc:
            message = exc.message.removeprefix(f"{item.label}: ")
            self.errors.append((item.label, message))
            return
        if not result.created:
            self.already_there += 1
            return
        self.new += 1
        self.claims += result.claims
        self.attributions += result.attributions
        self.proposed_sources.extend(result.proposed_sources)


def _refused(label: str, message: str) -> IngestItem:
    def run() -> IngestResult:
        raise ApplicationError(message)

    return IngestItem(label, run)


def _text_file_item(path: Path, created_by: User) -> IngestItem:
    return IngestItem(
        str(path), lambda: ingest_article(text=read_text_file(path), created_by=created_by)
    )


def _url_item(url: str, created_by: User) -> IngestItem:
    return IngestItem(url, lambda: ingest_url(url=url, created_by=created_by))


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ApplicationError(f'"{name}" must be a string.')


def jsonl_article(line: str) -> dict[str, Any]:
    """ingest_article's arguments from one JSONL line: {"text", "title"?, "url"?, "published"?}.

    `published` is an ISO date ("2024-03-05") or date and time, of which the date is kept.
    """
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise ApplicationError(f"not valid JSON ({exc}).") from exc
    if not isinstance(record, dict):
        raise ApplicationError('not a JSON object with a "text".')
    text = record.get("text")
    if not isinstance(text, str):
        raise ApplicationError('"text" is missing or not a string.')
    published = _optional_str(record, "published")
    published_at = None
    if published:
        try:
            published_at = datetime.datetime.fromisoformat(published).date()
        except ValueError as exc:
            raise ApplicationError(f'"published" is not an ISO date: {published!r}.') from exc
    return {
        "text": text,
        "title": _optional_str(record, "title"),
        "url": _optional_str(record, "url"),
        "published_at": published_at,
    }


def _jsonl_items(path: Path, created_by: User) -> list[IngestItem]:
    try:
        text = read_text_file(path)
    except ApplicationError as exc:
        return [_refused(str(path), exc.message)]
    items = []
    # JSON strings may hold U+2028 and friends unescaped; only "\n" ends a JSONL line.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue

        def run(line: str = line) -> IngestResult:
            return ingest_article(**jsonl_article(line), created_by=created_by)

        items.append(IngestItem(f"{path} line {number}", run))
    return items


def ingest_items(
    *, paths: Sequence[Path] = (), urls: Sequence[str] = (), created_by: User = None
) -> list[IngestItem]:
    """The articles in `paths` and `urls`, in order: a folder gives each of its *.txt files in
    name order, a .jsonl file each of its lines, any other file its own text (headline first)."""
    items: list[IngestItem] = []
    for path in paths:
        if path.is_dir():
            texts = sorted(path.glob("*.txt"))
            if not texts:
                items.append(_refused(str(path), "the folder has no .txt files."))
            items.extend(_text_file_item(text, created_by) for text in texts)
        elif path.suffix.lower() == ".jsonl":
            items.extend(_jsonl_items(path, created_by))
        else:
            items.append(_text_file_item(path, created_by))
    items.extend(_url_item(url, created_by) for url in urls)
    return items


def ingest_bulk(items: Iterable[IngestItem]) -> BulkSummary:
    """Ingest every item, going on past those that fail; the summary says what each added."""
    summary = BulkSummary()
    for item in items:
        summary.record(item)
    return summary
