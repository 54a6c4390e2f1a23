"""Who makes or passes on claims, and how far an editor trusts them."""

from __future__ import annotations

from django.db import models


class SourceKind(models.TextChoices):
    NEWS_OUTLET = "news_outlet", "News outlet"
    WIRE_AGENCY = "wire_agency", "Wire agency"
    STATE_MEDIA = "state_media", "State media"
    GOVERNMENT_BODY = "government_body", "Government body"
    MILITARY = "military", "Military"
    OFFICIAL = "official", "Official"
    THINK_TANK = "think_tank", "Think tank"
    OTHER = "other", "Other"


# Sources taken for one person when an editor has not said (Source.is_person): officials, and
# the unclassified names the extractor proposes ("Donald Trump"); other kinds are organisations.
PERSON_KINDS = frozenset({SourceKind.OFFICIAL, SourceKind.OTHER})


class Grade(models.TextChoices):
    """Admiralty (NATO) grading of source reliability."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class SourceStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed by an editor"
    PROPOSED = "proposed", "Proposed by the extractor, awaiting review"
    # "Not a source": kept, so that the name it was proposed under resolves to it and is never
    # proposed again; nothing is attributed to it (claims.services.source_reviews).
    REJECTED = "rejected", "Rejected by an editor: not a source"


class Source(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    # The normalized name (see sources.names.source_key); resolution looks names up by it.
    key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    homepage = models.URLField(blank=True)
    affiliation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliates",
        help_text="The owner or body this source belongs to (a Kremlin aide: the Kremlin).",
    )
    is_person = models.BooleanField(
        null=True,
        blank=True,
        help_text="One person rather than an organisation; unknown means judged by kind "
        "(officials and unclassified sources are taken for people).",
    )
    grade = models.CharField(max_length=1, choices=Grade.choices, default=Grade.F)
    grade_rationale = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=SourceStatus.choices, default=SourceStatus.PROPOSED
    )
    # The corroboration engine's estimate: a Beta(alpha, beta) posterior over how often the
    # source reports the truth, its prior from `grade`, its evidence from the track record.
    reliability_alpha = models.FloatField(null=True, blank=True, editable=False)
    reliability_beta = models.FloatField(null=True, blank=True, editable=False)
    reliability = models.FloatField(null=True, blank=True, editable=False, help_text="Mean")
    reliability_low = models.FloatField(null=True, blank=True, editable=False)
    reliability_high = models.FloatField(null=True, blank=True, editable=False)
    reliability_explanation = models.TextField(blank=True, editable=False)
    reliability_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__in=Grade.values), name="source_grade_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(affiliation=models.F("pk")), name="source_not_own_affiliate"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SourceStatus.values), name="source_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def taken_for_person(self) -> bool:
        """One person, as an editor said, or else as its kind suggests."""
        return self.kind in PERSON_KINDS if self.is_person is None else self.is_person


class SourceAlias(models.Model):
    """Another name a source goes by ("CFR" for the Council on Foreign Relations)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"

    def __str__(self) -> str:
        return self.name
