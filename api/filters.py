"""Query parameters of the lists (django-filter); unknown enum values are refused with 400."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import rest_framework as filters

from claims.models import Attribution, Claim, ClaimStatus, CrossCheck, CrossCheckStatus, Stance
from claims.models import Verdict as VerdictChoices
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus


class SourceFilter(filters.FilterSet):
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


class ClaimFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ClaimStatus.choices)
    verdict = filters.ChoiceFilter(choices=VerdictChoices.choices)
    source = filters.NumberFilter(method="by_source", help_text="Claims attributed to source id.")
    article = filters.NumberFilter(field_name="article_id")
    created_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    published_after = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")
    q = filters.CharFilter(
        method="search", max_length=200, help_text="Words of the claim (case-insensitive)."
    )
    has_contradictions = filters.BooleanFilter(
        method="contradicted", help_text="Claims that a source contradicts (or none does)."
    )

    class Meta:
        model = Claim
        fields = ["status", "verdict", "article"]

    def by_source(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return queryset.filter(
            Exists(Attribution.objects.filter(claim=OuterRef("pk"), source_id=value))
        )

    def search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        for word in value.split():
            queryset = queryset.filter(text__icontains=word)
        return queryset

    def contradicted(self, queryset: QuerySet[Claim], name: str, value: bool) -> QuerySet[Claim]:
        contradicting = Attribution.objects.filter(claim=OuterRef("pk"), stance=Stance.CONTRADICTS)
        return queryset.filter(Exists(contradicting) if value else ~Exists(contradicting))


class CrossCheckFilter(filters.FilterSet):
    claim = filters.NumberFilter(field_name="claim_id")
    status = filters.ChoiceFilter(choices=CrossCheckStatus.choices)

    class Meta:
        model = CrossCheck
        fields = ["claim", "status", "kind"]


class FactCheckFilter(filters.FilterSet):
    published_since = filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Only verdicts first published at or after this moment.",
    )

    class Meta:
        model = Claim
        fields = ["published_since"]
