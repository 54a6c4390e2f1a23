"""manage.py crosscheck CLAIM_ID | --article ID | --source ID | --stale [--kind K] [--wait]"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import Article, Claim, CrossCheck, CrossCheckKind, CrossCheckStatus
from claims.services.crosscheck_queue import crosscheck_queue, crosscheck_queue_article
from claims.services.scheduled import crosscheck_queue_stale
from factcheck.exceptions import ApplicationError
from sources.models import Source

FINISHED = {CrossCheckStatus.SUCCEEDED, CrossCheckStatus.FAILED, CrossCheckStatus.CANCELLED}


class Command(BaseCommand):
    help = "Queue CrossChecks on a claim, every claim of an article, a source or stale claims."

    def add_arguments(self, parser: Any) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("claim", nargs="?", type=int, help="the claim's id")
        target.add_argument("--article", type=int, help="every claim of this article")
        target.add_argument("--source", type=int, help="this source (track_record)")
        target.add_argument(
            "--stale", action="store_true", help="published claims checked long ago"
        )
        parser.add_argument("--kind", help=f"one of {', '.join(CrossCheckKind.values)}")
        parser.add_argument("--wait", action="store_true", help="show progress until done")
        parser.add_argument("--timeout", type=float, default=0, help="give up waiting after (s)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checks = self.queue(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for check in checks:
            subject = f"claim {check.claim_id}" if check.claim_id else f"source {check.source_id}"
            self.stdout.write(f"CrossCheck {check.pk} ({check.kind}) on {subject}: {check.status}")
        if not checks:
            self.stdout.write("Nothing to check.")
        if options["wait"] and checks:
            self.wait([check.pk for check in checks], options["timeout"])

    def queue(self, options: dict[str, Any]) -> list[CrossCheck]:
        kind = options["kind"]
        if options["stale"]:
            return crosscheck_queue_stale(kinds=[kind] if kind else None)
        if options["source"] is not None:
            source = Source.objects.filter(pk=options["source"]).first()
            if source is None:
                raise ApplicationError(f"Source {options['source']} does not exist.")
            return [crosscheck_queue(kind=kind or CrossCheckKind.TRACK_RECORD, source=source)]
        if options["article"] is not None:
            article = Article.objects.filter(pk=options["article"]).first()
            if article is None:
                raise ApplicationError(f"Article {options['article']} does not exist.")
            return crosscheck_queue_article(
                article=article, kind=kind or CrossCheckKind.CORROBORATION
            )
        claim = Claim.objects.filter(pk=options["claim"]).first()
        if claim is None:
            raise ApplicationError(f"Claim {options['claim']} does not exist.")
        return [crosscheck_queue(kind=kind or CrossCheckKind.CORROBORATION, claim=claim)]

    def wait(self, ids: list[int], timeout: float) -> None:
        """A progress bar over the checks' steps (3 of 5 URLs...) until every check is done, or
        `timeout` seconds have passed (0: no limit); the checks go on either way."""
        deadline = time.monotonic() + timeout if timeout else None
        # The bar rewrites its line: it writes to the stream itself, not through OutputWrapper,
        # which would end every update with a newline.
        with tqdm(total=len(ids), unit="step", file=self.stderr._out) as bar:
            while True:
                rows = list(
                    CrossCheck.objects.filter(pk__in=ids).values_list(
                        "status", "progress_done", "progress_total"
                    )
                )
                bar.total = sum(max(total, 1) for _, _, total in rows)
                bar.n = sum(max(total, 1) if s in FINISHED else done for s, done, total in rows)
                bar.refresh()
                if all(status in FINISHED for status, _, _ in rows):
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise CommandError(
                        f"Still running after {timeout:g} s; the CrossChecks go on in the "
                        "background (is a worker running?)."
                    )
                time.sleep(0.2)
        failed = CrossCheck.objects.filter(pk__in=ids).exclude(status=CrossCheckStatus.SUCCEEDED)
        for check in failed:
            self.stderr.write(f"CrossCheck {check.pk} {check.status}: {check.error}".rstrip(": "))
        if failed:
            raise CommandError(f"{len(failed)} of {len(ids)} CrossChecks did not succeed.")
        self.stdout.write(f"{len(ids)} CrossChecks succeeded.")
