"""Validation and shape of the API's input and output; writes go through the services."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import ApiToken, Webhook, WebhookDelivery, WebhookDeliveryAttempt
from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckKind,
    Publication,
    PublicationStatus,
    RelatedClaim,
    Role,
    Stance,
    Verdict,
)
from claims.models import Credibility as CredibilityChoices
from claims.selectors import (
    ArticleRef,
    AttributionRecord,
    ChangeRecord,
    ClaimDetail,
    CrossCheckRecord,
    ListedAttribution,
    ListedClaim,
    SourceRef,
    fact_check_revision,
    moment,
)
from claims.textfiles import CONTROL_CHARACTERS, control_character
from sources.models import Grade, Source, SourceKind, SourceStatus


def _json_type(field: serializers.Field[Any, Any, Any, Any]) -> tuple[type, ...] | None:
    """The JSON type a field takes; DRF would also coerce 1 to "1", "12" to 12 and 0 to False."""
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return (int,)
    if isinstance(field, serializers.ChoiceField):
        return tuple({type(choice) for choice in field.choices})
    if isinstance(field, serializers.CharField | serializers.DateField):
        return (str,)
    if isinstance(field, serializers.ListField):
        return (list,)
    return None


class StrictSerializer(serializers.Serializer[Any]):
    """Input: a field the API does not know is refused, not silently dropped, and each value
    must have its JSON type (no "1" for 1, no 0 for false)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            errors = {name: ["This field is not known."] for name in set(data) - set(self.fields)}
            for name, field in self.fields.items():
                value, types = data.get(name), _json_type(field)
                if value is None or types is None:
                    continue
                wrong_bool = isinstance(value, bool) and bool not in types
                if wrong_bool or not isinstance(value, types):
                    expected = " or ".join(sorted(JSON_NAMES[t] for t in types))
                    errors[name] = [f"Send {expected}."]
                elif isinstance(field, serializers.ListField) and _json_type(field.child):
                    child_types = _json_type(field.child) or ()
                    if not all(isinstance(item, child_types) for item in cast(list[Any], value)):
                        errors[name] = ["Send a list of strings."]
                if name not in errors and (too_long := _too_long(field, value)):
                    errors[name] = [too_long]
                if name not in errors and (not_text := _not_text(value)):
                    errors[name] = [not_text]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


JSON_NAMES = {bool: "true or false", int: "an integer", str: "a string", list: "a list"}


Fields = dict[str, serializers.Field[Any, Any, Any, Any]]


def with_fields(
    fields: Fields, *, after: str | None = None, **named: serializers.Field[Any, Any, Any, Any]
) -> Fields:
    """A serializer's fields (`get_fields`) with the `named` ones a class attribute cannot
    declare: a field called `source`, `read_only` or `errors` would shadow the serializer's own
    attribute of that name. Each takes the place of the field of its name (a ModelSerializer's,
    from `Meta.fields`), else comes after the field `after`, else last."""
    placed: Fields = {}
    for name, field in fields.items():
        placed[name] = named.pop(name, field)
        if name == after:
            placed.update(named)
            named = {}
    return {**placed, **named}


class _Given:
    """A read-only value the view hands over in the serializer's context under the field's name
    (`ApiViewSet.answer(..., given=...)`): what the record does not hold itself."""

    def get_attribute(self, instance: Any) -> Any:
        field = cast(serializers.Field[Any, Any, Any, Any], self)
        return field.context[field.field_name or ""]


class GivenDictField(_Given, serializers.DictField):
    pass


class GivenCharField(_Given, serializers.CharField):
    pass


class GivenListSerializer(_Given, serializers.ListSerializer[Any]):
    pass


def _too_long(field: serializers.Field[Any, Any, Any, Any], value: Any) -> str | None:
    """DRF's own error when a string (or a list's string) is over the field's maxLength as sent:
    DRF would strip its whitespace first and accept it, which the schema's maxLength does not
    allow."""
    if isinstance(field, serializers.ListField):
        return next(filter(None, (_too_long(field.child, item) for item in value)), None)
    if not isinstance(field, serializers.CharField) or field.max_length is None:
        return None
    if len(value) <= field.max_length:
        return None
    return str(field.error_messages["max_length"]).format(max_length=field.max_length)


def _not_text(value: Any) -> str | None:
    """A string (or a list's string) with a control character other than tab, newline and
    carriage return is binary data or a broken encoding, not text: refused, as ingest refuses
    such an article, before it reaches a name, a list or an export."""
    for string in value if isinstance(value, list) else [value]:
        if isinstance(string, str) and (character := control_character(string)):
            return f"Contains the control character U+{ord(character):04X}: send plain text."
    return None


# --- Sources -------------------------------------------------------------------------------

SOURCE_NAME_MAX_LENGTH = 200


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": SOURCE_NAME_MAX_LENGTH,
        # Plain text with a letter or digit: a name without one has no key to be found by.
        "pattern": f"^[^{CONTROL_CHARACTERS}]*\\w[^{CONTROL_CHARACTERS}]*$",
    }
)
class SourceNameField(serializers.CharField):
    """A source's name, refused by the source services when it has no letter or digit
    (sources.names.source_key)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=SOURCE_NAME_MAX_LENGTH, **kwargs)


def fields_of(shape: type) -> list[str]:
    """The fields of a record's shape, declared once in claims/selectors.py."""
    return list(shape.__annotations__)


class SourceRefSerializer(serializers.ModelSerializer[Source]):
    class Meta:
        model = Source
        fields = fields_of(SourceRef)


class ReliabilitySerializer(serializers.Serializer[Source]):
    """The corroboration engine's estimate: a Beta posterior's mean and 90% interval."""

    mean = serializers.FloatField(source="reliability", allow_null=True)
    low = serializers.FloatField(source="reliability_low", allow_null=True)
    high = serializers.FloatField(source="reliability_high", allow_null=True)
    alpha = serializers.FloatField(source="reliability_alpha", allow_null=True)
    beta = serializers.FloatField(source="reliability_beta", allow_null=True)
    explanation = serializers.CharField(source="reliability_explanation")
    updated_at = serializers.DateTimeField(source="reliability_updated_at", allow_null=True)


class SourceSerializer(serializers.ModelSerializer[Source]):
    affiliation = SourceRefSerializer(allow_null=True)
    aliases = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")
    reliability = ReliabilitySerializer(source="*")

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "country",
            "homepage",
            "aliases",
            "affiliation",
            "is_person",
            "grade",
            "grade_rationale",
            "status",
            "reliability",
            "created_at",
            "updated_at",
        ]


class SourceDetailSerializer(SourceSerializer):
    track_record = GivenDictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Claims the source made, by verdict (`unrated` for those not rated yet).",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "track_record"]


class SourceInputSerializer(StrictSerializer):
    name = SourceNameField()
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    country = serializers.RegexField(r"^[A-Z]{2}$", required=False, allow_blank=True)
    homepage = serializers.URLField(max_length=200, required=False, allow_blank=True)
    is_person = serializers.BooleanField(required=False, allow_null=True)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    grade_rationale = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    affiliation = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), required=False, allow_null=True
    )
    aliases = serializers.ListField(child=SourceNameField(), max_length=50, required=False)


class SourceUpdateSerializer(SourceInputSerializer):
    status = serializers.ChoiceField(
        choices=SourceStatus.choices,
        required=False,
        help_text="`confirmed` once an editor has reviewed a source the extractor proposed; "
        "only confirmed sources are published as a claimant.",
    )


# --- Attributions --------------------------------------------------------------------------


class AttributionSerializer(serializers.ModelSerializer[Attribution]):
    def get_fields(self) -> Fields:
        return with_fields(super().get_fields(), source=SourceRefSerializer())

    class Meta:
        model = Attribution
        fields = fields_of(AttributionRecord)


class AttributionInputSerializer(StrictSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    role = serializers.ChoiceField(choices=Role.choices, default=Role.ORIGINATOR)
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.SUPPORTS)
    source_text = serializers.CharField(max_length=500, required=False, allow_blank=True)
    cue = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def get_fields(self) -> Fields:
        source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
        return with_fields(super().get_fields(), after="claim", source=source)


class AttributionUpdateSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)


# --- Claims --------------------------------------------------------------------------------


class ArticleRefSerializer(serializers.ModelSerializer[Article]):
    class Meta:
        model = Article
        fields = fields_of(ArticleRef)


class ClaimRefSerializer(serializers.ModelSerializer[Claim]):
    class Meta:
        model = Claim
        fields = ["id", "text"]


class ClaimAttributionSerializer(serializers.ModelSerializer[Attribution]):
    def get_fields(self) -> Fields:
        return with_fields(super().get_fields(), source=SourceRefSerializer())

    class Meta:
        model = Attribution
        fields = fields_of(ListedAttribution)


class ClaimRecordSerializer(serializers.ModelSerializer[Claim]):
    """A claim as claims.selectors shapes it (`ListedClaim`, `ClaimDetail`): its fields are the
    shape's, and the record is already what the API sends. DRF's field-by-field path over model
    instances costs several times the SQL on a page of 50 claims (bench/api.py); the declared
    fields make the schema, and tests/api/test_serializers.py holds the records equal to what
    DRF's path would say."""

    article = ArticleRefSerializer(allow_null=True)
    assignee = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return dict(instance)


class ClaimSerializer(ClaimRecordSerializer):
    """A claim in a list."""

    attributions = ClaimAttributionSerializer(many=True)

    class Meta:
        model = Claim
        fields = fields_of(ListedClaim)


class CorroborationSerializer(serializers.Serializer[Claim]):
    probability = serializers.FloatField(allow_null=True)
    suggested_credibility = serializers.ChoiceField(
        choices=CredibilityChoices.choices, allow_null=True
    )
    explanation = serializers.SerializerMethodField()
    details = serializers.JSONField(source="corroboration")
    corroborated_at = serializers.DateTimeField(allow_null=True)

    def get_explanation(self, claim: Claim) -> list[str]:
        return list(claim.corroboration.get("explanation", []))


class CrossCheckSerializer(serializers.ModelSerializer[CrossCheck]):
    class Meta:
        model = CrossCheck
        fields = fields_of(CrossCheckRecord)

    def to_representation(self, check: CrossCheck) -> dict[str, Any]:
        return {
            "id": check.pk,
            "claim": check.claim_id,
            "kind": check.kind,
            "status": check.status,
            "attempts": check.attempts,
            "result": check.result,
            "error": check.error,
            "created_at": moment(check.created_at),
            "started_at": moment(check.started_at),
            "finished_at": moment(check.finished_at),
        }


class RelatedClaimSerializer(serializers.ModelSerializer[RelatedClaim]):
    """A claim the related-claims CrossCheck proposed as saying the same or the opposite."""

    related = ClaimRefSerializer()
    decided_by = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)

    class Meta:
        model = RelatedClaim
        fields = [
            "id",
            "claim",
            "related",
            "score",
            "stance",
            "reason",
            "status",
            "decided_by",
            "decided_at",
            "created_at",
        ]

    def to_representation(self, related: RelatedClaim) -> dict[str, Any]:
        return {
            "id": related.pk,
            "claim": related.claim_id,
            "related": {"id": related.related_id, "text": related.related.text},
            "score": related.score,
            "stance": related.stance,
            "reason": related.reason,
            "status": related.status,
            "decided_by": related.decided_by.username if related.decided_by else None,
            "decided_at": moment(related.decided_at),
            "created_at": moment(related.created_at),
        }


class ClaimChangeSerializer(serializers.ModelSerializer[ClaimChange]):
    # None once the account that made the change is deleted (SET_NULL).
    changed_by = serializers.SlugRelatedField[Any](
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The username of who made the change; null once that account is deleted.",
    )

    class Meta:
        model = ClaimChange
        fields = fields_of(ChangeRecord)


class PublicationSerializer(serializers.Serializer[dict[str, Any]]):
    revision = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PublicationStatus.choices)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(allow_null=True)


class ClaimDetailSerializer(ClaimRecordSerializer):
    """A claim on its own."""

    attributions = AttributionSerializer(many=True)
    publication = PublicationSerializer(
        allow_null=True,
        help_text="The revision the public sees (fact-checks/); `verdict` above is a draft "
        "until published again when they differ.",
    )
    corroboration = CorroborationSerializer(source="*")
    crosschecks = CrossCheckSerializer(many=True)
    history = ClaimChangeSerializer(many=True, source="changes")
    question = serializers.CharField(
        source="question.text",
        allow_null=True,
        help_text="The question the claim answers with `value`, if an editor grouped it.",
    )

    class Meta:
        model = Claim
        fields = fields_of(ClaimDetail)


class ClaimCreateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000)
    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(), required=False, allow_null=True
    )
    start = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    end = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    # claim_create's rule, for the schema: a span has both ends and its article, or there is
    # none.
    schema_constraints: ClassVar[dict[str, Any]] = {
        "anyOf": [
            {
                "required": ["start", "end", "article"],
                "properties": {"article": {"type": "integer"}},
            },
            {"not": {"anyOf": [{"required": ["start"]}, {"required": ["end"]}]}},
        ]
    }


class ClaimUpdateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000, required=False)
    value = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ClaimGroupSerializer(StrictSerializer):
    question = serializers.CharField(
        max_length=500, help_text="What the claim answers; a new question is created."
    )
    value = serializers.CharField(max_length=200, help_text="The claim's answer to it.")


class ClaimRateSerializer(StrictSerializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    rationale = serializers.CharField(max_length=10000)
    credibility = serializers.ChoiceField(
        choices=CredibilityChoices.choices, required=False, allow_null=True
    )


class ClaimRetractSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000)


# --- Articles ------------------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer[Article]):
    outlet = SourceRefSerializer(allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "standfirst",
            "url",
            "outlet",
            "published_at",
            "created_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    claims = GivenListSerializer(child=ClaimSerializer())

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "claims"]


class ArticleIngestSerializer(StrictSerializer):
    text = serializers.CharField(
        trim_whitespace=False,
        required=False,
        help_text=(
            "Plain text; the first line is the headline unless `title` is given. Without it, "
            "the page at `url` is fetched and its main text, title, date and outlet are used."
        ),
    )
    url = serializers.URLField(
        max_length=2000, required=False, help_text="Where the article was published."
    )
    title = serializers.CharField(max_length=500, required=False)
    published_at = serializers.DateField(required=False)
    outlet = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False)
    # validate()'s rule, for the schema: the text, or a url alone.
    schema_constraints: ClassVar[dict[str, Any]] = {
        "anyOf": [{"required": ["text"]}, {"required": ["url"], "maxProperties": 1}]
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "text" not in attrs and "url" not in attrs:
            raise serializers.ValidationError({"text": ["Give the text, or a url to fetch it."]})
        if "text" not in attrs and attrs.keys() - {"url"}:
            raise serializers.ValidationError(
                {"url": ["A fetched page brings its own title, date and outlet: send url alone."]}
            )
        return attrs


# --- CrossChecks ---------------------------------------------------------------------------


class CrossCheckQueueSerializer(StrictSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all(), required=False)
    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all(), required=False)
    kind = serializers.ChoiceField(
        choices=CrossCheckKind.choices, default=CrossCheckKind.CORROBORATION
    )
    # validate()'s rule, for the schema: a claim or an article.
    schema_constraints: ClassVar[dict[str, Any]] = {
        "oneOf": [{"required": ["claim"]}, {"required": ["article"]}]
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("claim" in attrs) == ("article" in attrs):
            raise serializers.ValidationError(
                {"claim": ["Send either a claim or an article, not both."]}
            )
        return attrs


class CrossCheckQueuedSerializer(serializers.Serializer[Any]):
    crosschecks = CrossCheckSerializer(many=True)


# --- Reports -------------------------------------------------------------------------------


class ReportSerializer(StrictSerializer):
    question = serializers.CharField(
        max_length=500, help_text="What is reported on, e.g. a city's population in a year."
    )
    value = serializers.CharField(max_length=200)
    via = serializers.ListField(
        child=SourceNameField(),
        max_length=10,
        required=False,
        help_text="Whom `source` relays, original first (TASS citing a Kremlin aide: "
        '`source` "TASS", `via` ["Kremlin aide"]): the chain counts as one voice.',
    )

    def get_fields(self) -> Fields:
        source = SourceNameField(help_text="Who reported the value.")
        return with_fields(super().get_fields(), after="question", source=source)


class ReportsImportSerializer(StrictSerializer):
    reports = serializers.ListSerializer[Any](
        child=ReportSerializer(), min_length=1, max_length=settings.FACTCHECK_API_MAX_REPORTS
    )


class ReportsImportedSerializer(serializers.Serializer[Any]):
    reports = serializers.IntegerField(help_text="Reports received.")
    questions = serializers.IntegerField(help_text="Questions created.")
    claims = serializers.IntegerField(help_text="Claims created: one per new value of a question.")
    attributions = serializers.IntegerField(help_text="Attributions created.")
    proposed_sources = serializers.ListField(
        child=serializers.CharField(), help_text="Sources not known before, proposed for review."
    )
    crosschecks = CrossCheckSerializer(
        many=True, help_text="One corroboration CrossCheck per question reported on."
    )

    def to_representation(self, imported: Any) -> dict[str, Any]:
        return {
            "reports": imported.reports,
            "questions": imported.questions,
            "claims": imported.claims,
            "attributions": imported.attributions,
            "proposed_sources": list(imported.proposed_sources),
            "crosschecks": CrossCheckSerializer(imported.crosschecks, many=True).data,
        }


# --- Fact-checks (ClaimReview) -------------------------------------------------------------


class _RatingSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@type": serializers.CharField(),
            "alternateName": serializers.CharField(help_text="The verdict, as text."),
            "ratingValue": serializers.IntegerField(
                required=False, help_text="5 true … 1 false; absent for unverifiable."
            ),
            "bestRating": serializers.IntegerField(required=False),
            "worstRating": serializers.IntegerField(required=False),
        }


class _EntitySerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@type": serializers.ChoiceField(choices=["Person", "Organization"]),
            "name": serializers.CharField(),
            "url": serializers.URLField(required=False),
        }


class _AppearanceSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@type": serializers.CharField(),
            "url": serializers.URLField(),
            "headline": serializers.CharField(),
            "datePublished": serializers.DateField(required=False),
        }


class _ItemReviewedSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@type": serializers.CharField(),
            "author": _EntitySerializer(required=False, help_text="Who made the claim."),
            "datePublished": serializers.DateField(
                required=False, help_text="When the claim was made (its article's date)."
            ),
            "appearance": _AppearanceSerializer(many=True, required=False),
            "firstAppearance": _AppearanceSerializer(required=False),
        }


class ClaimReviewSerializer(serializers.Serializer[dict[str, Any]]):
    """A published verdict as schema.org ClaimReview JSON-LD (see claims/claimreview.py), as it
    went out in its revision."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "@context": serializers.CharField(),
            "@type": serializers.CharField(),
            "url": serializers.URLField(help_text="Where the public reads this fact-check."),
            "claimReviewed": serializers.CharField(),
            "reviewBody": serializers.CharField(),
            "author": _EntitySerializer(help_text="The newsroom."),
            "datePublished": serializers.DateField(help_text="When the verdict was published."),
            "dateModified": serializers.DateTimeField(),
            "itemReviewed": _ItemReviewedSerializer(),
            "reviewRating": _RatingSerializer(),
        }

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        return instance


class FactCheckRevisionSerializer(serializers.Serializer[Any]):
    """One revision of a fact-check as it went out (claims.selectors.FactCheckRevision)."""

    claim = serializers.IntegerField(help_text="The claim's id.")
    revision = serializers.IntegerField(help_text="1 for the first publication, then up by one.")
    status = serializers.ChoiceField(
        choices=PublicationStatus.choices,
        help_text="`retracted`: take the fact-check down (a tombstone: no claim_review).",
    )
    published_at = serializers.DateTimeField(help_text="When this revision went out.")
    reason = serializers.CharField(help_text="Why it was retracted; empty otherwise.")
    claim_review = ClaimReviewSerializer(allow_null=True)

    def to_representation(self, instance: Publication) -> dict[str, Any]:
        return super().to_representation(fact_check_revision(instance))


# --- Tokens and webhooks -------------------------------------------------------------------


class TokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "created_at", "last_used_at", "revoked_at"]


class NewTokenSerializer(TokenSerializer):
    token = GivenCharField(help_text="The secret: shown this once, never again.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]


class TokenInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100)

    def get_fields(self) -> Fields:
        read_only = serializers.BooleanField(default=False)
        return with_fields(super().get_fields(), after="name", read_only=read_only)


class WebhookSerializer(serializers.ModelSerializer[Webhook]):
    class Meta:
        model = Webhook
        fields = ["id", "url", "active", "previous_secret_until", "created_at"]
        extra_kwargs = {
            "active": {"help_text": "False while paused: nothing is delivered."},
            "previous_secret_until": {
                "help_text": "Until then, deliveries are signed with the previous secret too."
            },
        }


class WebhookUpdateSerializer(StrictSerializer):
    url = serializers.URLField(max_length=2000, required=False)
    active = serializers.BooleanField(required=False, help_text="false pauses, true resumes.")


class WebhookRotateSerializer(StrictSerializer):
    secret = serializers.CharField(
        min_length=16, max_length=200, write_only=True, help_text="The new secret."
    )
    overlap_seconds = serializers.IntegerField(
        min_value=0,
        max_value=7 * 24 * 3600,
        default=24 * 3600,
        help_text="How long deliveries carry the old secret's signature too (default a day).",
    )


class WebhookInputSerializer(StrictSerializer):
    url = serializers.URLField(max_length=2000)
    secret = serializers.CharField(
        min_length=16, max_length=200, write_only=True, help_text="Signs every delivery."
    )


class WebhookDeliveryAttemptSerializer(serializers.ModelSerializer[WebhookDeliveryAttempt]):
    class Meta:
        model = WebhookDeliveryAttempt
        fields = [
            "number",
            "started_at",
            "finished_at",
            "duration_ms",
            "response_status",
            "outcome",
            "error",
        ]


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    attempt_log = WebhookDeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "claim",
            "status",
            "attempts",
            "response_status",
            "error",
            "payload",
            "attempted_at",
            "duration_ms",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "attempt_log",
        ]
