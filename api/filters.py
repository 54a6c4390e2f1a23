"""Query parameters of the lists (django-filter); unknown enum values are refused with 400."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from claims.models import (
    Claim,
    ClaimStatus,
    CrossCheck,
    CrossCheckStatus,
    Publication,
    PublicationStatus,
    RelatedClaim,
    RelatedClaimStatus,
    Stance,
)
from claims.models import Verdict as VerdictChoices
from claims.selectors import claims_attributed_to, claims_contradicted, claims_with_words
from factcheck.ids import MAX_ID
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus


class _IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdFilter(filters.NumberFilter):
    """A record id: a whole number (NumberFilter alone would take 0.5) that can be one."""

    field_class = _IdField


class _TrueOrFalse(forms.Field):
    def to_python(self, value: object) -> bool | None:
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Send true or false.")

    def validate(self, value: object) -> None:
        pass


class BooleanFilter(filters.BooleanFilter):
    """`true` or `false` only (django-filter alone also takes "null", "unknown", "2")."""

    field_class = _TrueOrFalse

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # django-filter's widget turns anything but true/false into "no filter": read the text.
        kwargs["widget"] = forms.TextInput
        super().__init__(*args, **kwargs)


class _UtcDateTimeField(IsoDateTimeField):
    def to_python(self, value: Any) -> datetime.datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
            raise forms.ValidationError("This moment is out of range.", code="invalid") from None


class MomentFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date and time with its offset (2025-07-04T10:00:00+03:00)."""

    field_class = _UtcDateTimeField


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters: building and
    validating its form cost more than the SQL of a page of claims (bench/api.py)."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictFilterSet(filters.FilterSet):
    """A parameter sent empty is refused, not taken as "no filter": `?status=` is a mistake."""

    def is_valid(self) -> bool:
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, "Send a value, or leave the parameter out.")
        return super().is_valid()


class SourceFilter(StrictFilterSet):
    q = filters.CharFilter(
        method="search", max_length=200, help_text="Part of the name or of an alias."
    )
    kind = filters.ChoiceFilter(choices=SourceKind.choices)
    country = filters.CharFilter(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. RU.")
    grade = filters.ChoiceFilter(choices=Grade.choices)
    status = filters.ChoiceFilter(choices=SourceStatus.choices)

    class Meta:
        model = Source
        fields = ["q", "kind", "country", "grade", "status"]

    def search(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        aliases = SourceAlias.objects.filter(source=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(aliases))


class ClaimFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=ClaimStatus.choices)
    verdict = filters.ChoiceFilter(choices=VerdictChoices.choices)
    source = IdFilter(method="by_source", help_text="Claims attributed to this source id.")
    article = IdFilter(field_name="article_id")
    created_after = MomentFilter(field_name="created_at", lookup_expr="gte")
    created_before = MomentFilter(field_name="created_at", lookup_expr="lt")
    published_after = MomentFilter(field_name="published_at", lookup_expr="gte")
    published_before = MomentFilter(field_name="published_at", lookup_expr="lt")
    q = filters.CharFilter(
        method="search", max_length=200, help_text="Words of the claim (case-insensitive)."
    )
    has_contradictions = BooleanFilter(
        method="contradicted", help_text="Claims that a source contradicts (or none does)."
    )

    class Meta:
        model = Claim
        fields = ["status", "verdict", "article"]

    def by_source(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return claims_attributed_to(queryset, value)

    def search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return claims_with_words(queryset, value)

    def contradicted(self, queryset: QuerySet[Claim], name: str, value: bool) -> QuerySet[Claim]:
        return claims_contradicted(queryset, value)


class CrossCheckFilter(StrictFilterSet):
    claim = IdFilter(field_name="claim_id")
    status = filters.ChoiceFilter(choices=CrossCheckStatus.choices)

    class Meta:
        model = CrossCheck
        fields = ["claim", "status", "kind"]


class RelatedClaimFilter(StrictFilterSet):
    claim = IdFilter(field_name="claim_id", help_text="Proposals for this claim.")
    status = filters.ChoiceFilter(choices=RelatedClaimStatus.choices)
    stance = filters.ChoiceFilter(choices=Stance.choices)

    class Meta:
        model = RelatedClaim
        fields = ["claim", "status", "stance"]


class FactCheckFilter(StrictFilterSet):
    published_since = MomentFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Only revisions that went out at or after this moment (corrections and "
        "retractions included).",
    )
    verdict = filters.ChoiceFilter(choices=VerdictChoices.choices)
    source = IdFilter(field_name="claimant_id", help_text="Fact-checks of this source's claims.")
    claim = IdFilter(field_name="claim_id")
    status = filters.ChoiceFilter(choices=PublicationStatus.choices)

    class Meta:
        model = Publication
        fields = ["published_since", "verdict", "source", "claim", "status"]
