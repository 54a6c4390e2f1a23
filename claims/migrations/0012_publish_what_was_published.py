"""Each claim published before revisions existed gets revision 1: what the public saw then."""

from django.conf import settings
from django.db import migrations

# As they stood when revisions came (claims.claimreview, sources.models.PERSON_KINDS).
PERSON_KINDS = {"official", "other"}
RATINGS = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
LABELS = {
    "true": "True",
    "mostly_true": "Mostly true",
    "mixed": "Mixed",
    "mostly_false": "Mostly false",
    "false": "False",
    "unverifiable": "Unverifiable",
}


def _review(claim, source):
    rating = {"@type": "Rating", "alternateName": LABELS[claim.verdict]}
    if claim.verdict in RATINGS:
        rating.update(ratingValue=RATINGS[claim.verdict], bestRating=5, worstRating=1)
    item = {"@type": "Claim"}
    if source is not None:
        person = source.kind in PERSON_KINDS if source.is_person is None else source.is_person
        item["author"] = {"@type": "Person" if person else "Organization", "name": source.name}
        if source.homepage:
            item["author"]["url"] = source.homepage
    article = claim.article
    if article is not None:
        if article.published_at:
            item["datePublished"] = article.published_at.isoformat()
        if article.url:
            work = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
            if article.published_at:
                work["datePublished"] = article.published_at.isoformat()
            item["appearance"] = [work]
            item["firstAppearance"] = work
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": str(settings.FACTCHECK_FACT_CHECK_URL).format(id=claim.pk),
        "claimReviewed": claim.text,
        "reviewBody": claim.verdict_rationale,
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_NEWSROOM_NAME,
            "url": settings.FACTCHECK_NEWSROOM_URL,
        },
        "datePublished": claim.published_at.date().isoformat(),
        "dateModified": claim.updated_at.isoformat(),
        "itemReviewed": item,
        "reviewRating": rating,
    }


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Attribution = apps.get_model("claims", "Attribution")
    Publication = apps.get_model("claims", "Publication")
    published = Claim.objects.filter(status="published", published_at__isnull=False).exclude(
        verdict=""
    )
    for claim in published.select_related("article").iterator():
        first = (
            Attribution.objects.filter(claim=claim, role="originator", stance="supports")
            .select_related("source")
            .order_by("id")
            .first()
        )
        source = first.source if first is not None else None
        Publication.objects.create(
            claim=claim,
            number=1,
            status="published",
            verdict=claim.verdict,
            verdict_rationale=claim.verdict_rationale,
            credibility=claim.credibility,
            claimant=source,
            claim_review=_review(claim, source),
            published_at=claim.published_at,
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_publications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
