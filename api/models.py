"""What the REST API adds: tokens, idempotency keys, webhooks and their deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A user's secret for the API; only its SHA-256 is kept, the secret is shown once."""

    # Its user's roles (group names), read with it when a request authenticates (api.selectors).
    roles: list[str]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for: “CMS”, “Slack bot”.")
    # The first characters of the secret, to recognise a token in a list without revealing it.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(
        default=False, help_text="Read-only tokens (for partners) can never write."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an Idempotency-Key, replayed to its retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    # Method, path and SHA-256 of the body: the same key with another request is refused.
    request_digest = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class Webhook(models.Model):
    """A partner's endpoint, told when a verdict is published, changed or retracted."""

    url = models.URLField(max_length=2000)
    # Kept in clear: every delivery is signed with it (HMAC-SHA256).
    secret = models.CharField(max_length=200)
    # After a rotation, deliveries are signed with the old secret too until the overlap ends.
    previous_secret = models.CharField(max_length=200, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    # Paused while false: no deliveries are recorded for it.
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # recorded, not tried yet
    SENDING = "sending", "Sending"  # an attempt holds it (a worker is posting it)
    RETRY = "retry", "Retry"  # an attempt failed in a way a later one may not: waits for it
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


# A delivery in one of these is not finished: an attempt may still be made.
OPEN_DELIVERIES = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRY)


class WebhookDelivery(models.Model):
    """One event for one webhook, recorded with the event and sent when that commits, with every
    attempt recorded (WebhookDeliveryAttempt).

    The row is the record of truth and the queue only a hint, as for CrossChecks: an attempt
    takes the delivery by a conditional update (pending or retry -> sending), so a message
    delivered twice posts once; the sweeper sends again what the queue never got or lost.
    """

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    claim = models.ForeignKey(
        "claims.Claim", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Attempts started; the attempt that holds a sending delivery is number `attempts`.
    attempts = models.PositiveSmallIntegerField(default=0)
    # Raised by a redelivery, which gives a failed delivery a new set of attempts.
    max_attempts = models.PositiveSmallIntegerField(default=6)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The last attempt: when it started and how long the partner took to answer.
    attempted_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the queue was last handed this delivery (None: never, e.g. the broker was down).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    # A retry waits until then; earlier deliveries of the task leave it alone.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            )
        ]
        indexes = [
            # What the sweeper reads: the few deliveries not finished, among many delivered.
            models.Index(
                fields=["status", "created_at"],
                condition=models.Q(status__in=OPEN_DELIVERIES),
                name="webhook_delivery_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id}: {self.status}"


class DeliveryAttemptOutcome(models.TextChoices):
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    RETRY = "retry", "Failed, retried"
    FAILED = "failed", "Failed"
    LOST = "lost", "Worker lost"


class WebhookDeliveryAttempt(models.Model):
    """One attempt at a delivery: when, how long, what the partner answered or what went wrong."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10,
        choices=DeliveryAttemptOutcome.choices,
        default=DeliveryAttemptOutcome.SENDING,
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhook_delivery_attempt_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=DeliveryAttemptOutcome.values),
                name="webhook_delivery_attempt_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"delivery {self.delivery_id} attempt {self.number}: {self.outcome}"
