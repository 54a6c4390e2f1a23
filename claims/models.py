"""Articles, the claims found in them, who made each claim, and the checks run on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sources.models import Source


class Article(models.Model):
    title = models.CharField(max_length=500)
    # Only articles ingested before 2026-12-07 have one: ingest took a short second line out of
    # the body, so out of extraction. It now keeps every line in the body (parse_article_text).
    standfirst = models.TextField(blank=True)
    body = models.TextField(help_text="Claim offsets are character offsets into this text.")
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    outlet = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateField(null=True, blank=True)
    # SHA-256 of the normalized text: ingesting the same text twice finds this article.
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """What several claims answer, each with its own value ("people injured in Kyiv": 8, 10).

    Claims of one question with the same value corroborate each other; other values contradict.
    """

    text = models.CharField(max_length=500, unique=True)
    # Numbers closer than max(absolute, relative * |value|) count as one value.
    tolerance_absolute = models.FloatField(default=0.0)
    tolerance_relative = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tolerance_absolute__gte=0, tolerance_relative__gte=0),
                name="question_tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    RATED = "rated", "Rated"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class Verdict(models.TextChoices):
    """A scale that maps onto schema.org ClaimReview ratings (best first)."""

    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) grading of information credibility."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_BE_JUDGED = 6, "6: truth cannot be judged"


class Claim(models.Model):
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="claims"
    )
    text = models.TextField(help_text="The statement as it appeared.")
    normalized = models.TextField(editable=False)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    verdict_rationale = models.TextField(blank=True)
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, null=True, blank=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    value = models.CharField(
        max_length=200, blank=True, help_text="The claim's answer to its question."
    )
    # The corroboration engine's latest estimate, with its explanation for editors.
    probability = models.FloatField(null=True, blank=True, editable=False)
    suggested_credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, null=True, blank=True, editable=False
    )
    corroboration = models.JSONField(default=dict, blank=True, editable=False)
    corroborated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The editor whose work the claim is (claims.services.claim_bulk.claims_assign).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("rate_claim", "Can set a claim's verdict and credibility"),
            ("publish_claim", "Can publish or retract a claim's verdict"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(verdict__in=[*Verdict.values, ""]), name="claim_verdict_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(credibility__isnull=True)
                | models.Q(credibility__gte=1, credibility__lte=6),
                name="claim_credibility_1_to_6",
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__lte=models.F("end")),
                name="claim_span_ordered",
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claim_unique_span_per_article"
            ),
            # Imported reports: one claim per value of a question, its sources attributed to it.
            models.UniqueConstraint(
                fields=["question", "value"],
                condition=models.Q(article__isnull=True),
                name="claim_unique_reported_value",
            ),
        ]
        indexes = [
            # The API's claim list, newest first, and the fact-check feed, oldest first.
            models.Index(fields=["-created_at", "-id"], name="claim_newest_first"),
            models.Index(
                fields=["published_at", "id"],
                condition=models.Q(status="published"),
                name="claim_fact_check_feed",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class Publication(models.Model):
    """One numbered revision of a claim's fact-check as it went out, never changed afterwards.

    Editing a published claim (its verdict, attributions, text) changes a draft; the public page,
    the feed and webhooks serve the claim's current revision until a reviewer publishes again. A
    retraction is a revision too: a tombstone with its reason and no ClaimReview.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=PublicationStatus.choices)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    verdict_rationale = models.TextField(blank=True)
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, null=True, blank=True
    )
    # The source published as itemReviewed.author, kept to filter the feed by source.
    claimant = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_review = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why the verdict was retracted.")
    # The claim's latest revision: what the public sees.
    is_current = models.BooleanField(default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["claim_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="publication_unique_number"),
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(is_current=True),
                name="publication_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="publication_status_valid",
            ),
            # A published revision carries its ClaimReview; a retraction its reason alone.
            models.CheckConstraint(
                condition=(
                    models.Q(status="published", claim_review__isnull=False)
                    | (
                        models.Q(status="retracted", claim_review__isnull=True)
                        & ~models.Q(reason="")
                    )
                ),
                name="publication_review_or_reason",
            ),
        ]
        indexes = [
            # The fact-check feed: current revisions in the order they went out.
            models.Index(
                fields=["published_at", "id"],
                condition=models.Q(is_current=True),
                name="publication_feed",
            ),
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of claim {self.claim_id}: {self.status}"


class ClaimChange(models.Model):
    """One change to a claim: who, when, and each field's old and new value."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=40)
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on claim {self.claim_id}"


class Role(models.TextChoices):
    ORIGINATOR = "originator", "Originator (made the claim)"
    RELAY = "relay", "Relay (passed the claim on)"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"


class Attribution(models.Model):
    """Links a claim to a source; spans are character offsets into the claim's article body."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ORIGINATOR)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    source_text = models.CharField(max_length=500, blank=True, help_text="The source as written.")
    cue = models.CharField(max_length=200, blank=True, help_text='As written: "according to".')
    direct_quote = models.BooleanField(default=False)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    content_start = models.PositiveIntegerField(null=True, blank=True)
    content_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "role"], name="attribution_unique_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="attribution_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values), name="attribution_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.role}) on claim {self.claim_id}"


class CrossCheckKind(models.TextChoices):
    CORROBORATION = "corroboration", "Corroboration refresh"
    RELATED_CLAIMS = "related_claims", "Related claims"
    APPEARANCE = "appearance", "Appearance check"
    TRACK_RECORD = "track_record", "Source track record"


# Kinds that check a Source; every other kind checks a Claim.
SOURCE_KINDS = frozenset({CrossCheckKind.TRACK_RECORD})


class CrossCheckStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# A check in one of these statuses is pending: not finished, so asking again returns it.
PENDING = (CrossCheckStatus.QUEUED, CrossCheckStatus.RUNNING)


class CrossCheck(models.Model):
    """One piece of background verification; the row is the record of truth, the queue a hint.

    `attempts` counts attempts started; the attempt that holds a running check is number
    `attempts`, and it may write only while the row is still running under that number.
    """

    # Every index costs each of a check's status changes (none of which is a HOT update): the
    # foreign keys are indexed by the indexes below, partial where the column is mostly empty.
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crosschecks",
        db_index=False,
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crosschecks",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=CrossCheckKind.choices)
    status = models.CharField(
        max_length=10, choices=CrossCheckStatus.choices, default=CrossCheckStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the queue was last handed this check (None: never, e.g. the broker was down).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # A retry waits until then; earlier deliveries of the task leave it alone.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written at each progress step: a running check whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CrossCheckStatus.values),
                name="crosscheck_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CrossCheckKind.values), name="crosscheck_kind_valid"
            ),
            # Exactly one subject: a source for the source kinds, a claim for the others.
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=SOURCE_KINDS, claim__isnull=True, source__isnull=False)
                    | (
                        ~models.Q(kind__in=SOURCE_KINDS)
                        & models.Q(claim__isnull=False, source__isnull=True)
                    )
                ),
                name="crosscheck_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="crosscheck_progress_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="crosscheck_max_attempts_positive"
            ),
            # Asking again for a check that is still pending returns it instead of a second one.
            models.UniqueConstraint(
                fields=["kind", "claim"],
                condition=models.Q(status__in=["queued", "running"], claim__isnull=False),
                name="crosscheck_one_pending_per_claim",
            ),
            models.UniqueConstraint(
                fields=["kind", "source"],
                condition=models.Q(status__in=["queued", "running"], source__isnull=False),
                name="crosscheck_one_pending_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["claim", "kind", "-created_at"], name="crosscheck_claim_kind"),
            models.Index(
                fields=["source", "kind", "-created_at"],
                condition=models.Q(source__isnull=False),
                name="crosscheck_source_kind",
            ),
            models.Index(
                fields=["requested_by"],
                condition=models.Q(requested_by__isnull=False),
                name="crosscheck_requested_by",
            ),
            models.Index(
                fields=["cancelled_by"],
                condition=models.Q(cancelled_by__isnull=False),
                name="crosscheck_cancelled_by",
            ),
        ]

    def __str__(self) -> str:
        subject = f"claim {self.claim_id}" if self.claim_id else f"source {self.source_id}"
        return f"{self.kind} check on {subject}: {self.status}"


def held(*, pk: int, attempt: int) -> models.Q:
    """The rule by which attempt number `attempt` still holds CrossCheck `pk`: the check is
    running under that number. Every write an attempt makes (progress, success, failure) and the
    sweeper's taking back of a lost one are compare-and-swaps on it."""
    return models.Q(pk=pk, status=CrossCheckStatus.RUNNING, attempts=attempt)


class AttemptOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    RETRY = "retry", "Failed, will be retried"
    FAILED = "failed", "Failed"
    LOST = "lost", "Lost with its worker"
    CANCELLED = "cancelled", "Stopped by a cancellation"


class CrossCheckAttempt(models.Model):
    """One attempt at a CrossCheck, kept so that editors see every try and why it ended."""

    # Indexed by the unique (crosscheck, number) constraint.
    crosscheck = models.ForeignKey(
        CrossCheck, on_delete=models.CASCADE, related_name="attempt_log", db_index=False
    )
    number = models.PositiveSmallIntegerField()
    worker = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.RUNNING
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["crosscheck_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["crosscheck", "number"], name="crosscheck_attempt_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=AttemptOutcome.values),
                name="crosscheck_attempt_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of CrossCheck {self.crosscheck_id}: {self.outcome}"


class RelatedClaimStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, awaiting an editor"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class RelatedClaim(models.Model):
    """Another claim that the related-claims CrossCheck found saying the same or the opposite.

    An editor accepts or rejects it; accepting makes the two claims answers of one question: one
    value if the related claim supports this one, rival values if it contradicts it.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="related_claims")
    related = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="Text similarity, 0 to 1.")
    stance = models.CharField(max_length=12, choices=Stance.choices)
    reason = models.CharField(max_length=300, help_text="Why it was proposed, for the editor.")
    status = models.CharField(
        max_length=10, choices=RelatedClaimStatus.choices, default=RelatedClaimStatus.PROPOSED
    )
    found_by = models.ForeignKey(
        CrossCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "related"], name="related_claim_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(claim=models.F("related")), name="related_claim_not_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RelatedClaimStatus.values),
                name="related_claim_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values), name="related_claim_stance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.related_id} {self.stance} claim {self.claim_id} ({self.status})"


class Appearance(models.Model):
    """A URL where a claim appeared, besides its article's own URL."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    url = models.URLField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="appearance_unique_url"),
        ]

    def __str__(self) -> str:
        return self.url


class AppearanceSnapshot(models.Model):
    """What one appearance check saw at a URL: kept to show link rot and stealth edits."""

    appearance = models.ForeignKey(Appearance, on_delete=models.CASCADE, related_name="snapshots")
    crosscheck = models.ForeignKey(
        CrossCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="snapshots"
    )
    fetched_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    text = models.TextField(blank=True, help_text="The page's main text, as extracted.")
    sha256 = models.CharField(max_length=64, blank=True, help_text="Of the extracted text.")
    quote_found = models.BooleanField(default=False)
    link_rot = models.BooleanField(default=False, help_text="Gone: unreachable, 4xx or 5xx.")
    stealth_edit = models.BooleanField(
        default=False, help_text="The quote was there at the last snapshot and is no longer."
    )
    diff = models.TextField(blank=True, help_text="Unified diff from the last snapshot's text.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["appearance_id", "-fetched_at", "-id"]
        get_latest_by = "fetched_at"

    def __str__(self) -> str:
        return f"{self.appearance} at {self.fetched_at:%Y-%m-%d %H:%M}"
