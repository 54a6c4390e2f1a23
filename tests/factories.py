"""factory_boy factories for the domain; tests build exactly the data they talk about."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from claims.models import (
    Appearance,
    Article,
    Attribution,
    Claim,
    CrossCheck,
    CrossCheckAttempt,
    CrossCheckKind,
    Question,
    RelatedClaim,
    Stance,
    Verdict,
)
from claims.services.claims import claim_rate, normalize_claim_text
from claims.services.ingest import article_content_hash
from claims.services.publications import claim_publish
from sources.models import Source, SourceStatus
from sources.names import source_key


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            obj.groups.set(Group.objects.filter(name__in=extracted))


class SourceFactory(factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.LazyAttribute(lambda o: source_key(o.name).replace(" ", "-"))
    key = factory.LazyAttribute(lambda o: source_key(o.name))
    status = SourceStatus.CONFIRMED


class ArticleFactory(factory.django.DjangoModelFactory[Article]):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"Body of article {n}.")
    content_hash = factory.LazyAttribute(lambda o: article_content_hash(o.title, o.body))


class ClaimFactory(factory.django.DjangoModelFactory[Claim]):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"Claim number {n} is true.")
    normalized = factory.LazyAttribute(lambda o: normalize_claim_text(o.text))


class AttributionFactory(factory.django.DjangoModelFactory[Attribution]):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    cue = "said"


class CrossCheckFactory(factory.django.DjangoModelFactory[CrossCheck]):
    class Meta:
        model = CrossCheck

    claim = factory.SubFactory(ClaimFactory)
    kind = CrossCheckKind.CORROBORATION


class CrossCheckAttemptFactory(factory.django.DjangoModelFactory[CrossCheckAttempt]):
    class Meta:
        model = CrossCheckAttempt

    crosscheck = factory.SubFactory(CrossCheckFactory)
    number = 1
    started_at = factory.LazyFunction(timezone.now)


class RelatedClaimFactory(factory.django.DjangoModelFactory[RelatedClaim]):
    class Meta:
        model = RelatedClaim

    claim = factory.SubFactory(ClaimFactory)
    related = factory.SubFactory(ClaimFactory)
    score = 0.8
    stance = Stance.SUPPORTS
    reason = "Says the same thing (text similarity 0.80)."


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    text = factory.Sequence(lambda n: f"How many people were injured in event {n}?")


class AppearanceFactory(factory.django.DjangoModelFactory[Appearance]):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://example.org/appearance/{n}")


def published_claim(*, verdict: str = Verdict.TRUE, **fields: Any) -> Claim:
    """A claim rated and published as a reviewer does (its first revision)."""
    claim = ClaimFactory(**fields)
    claim_rate(claim=claim, verdict=verdict, rationale="Checked.", credibility=None, by=None)
    return claim_publish(claim=claim, by=None)
