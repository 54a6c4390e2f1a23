"""Articles that ingest gave a standfirst get the content hash their text has now.

Ingest used to take a short second line out of the body as the standfirst and hashed the title
and body alone; it now keeps every line in the body. Pasting such an article again must still
find it, so its hash becomes the one of title, standfirst and body, as parse_article_text now
splits that text. The normalisation is claims.services.ingest.article_content_hash's, frozen
here as a migration must be.
"""

import hashlib
import re
import unicodedata

from django.db import migrations

_SPACES = re.compile(r"\s+")


def _content_hash(title: str, body: str) -> str:
    normalized = _SPACES.sub(" ", unicodedata.normalize("NFC", f"{title}\n{body}")).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def hash_the_standfirst_too(apps, schema_editor):
    Article = apps.get_model("claims", "Article")
    articles = Article.objects.exclude(standfirst="").only("title", "standfirst", "body")
    for article in articles.iterator():
        article.content_hash = _content_hash(article.title, f"{article.standfirst}\n{article.body}")
        article.save(update_fields=["content_hash"])


def hash_title_and_body(apps, schema_editor):
    Article = apps.get_model("claims", "Article")
    articles = Article.objects.exclude(standfirst="").only("title", "body")
    for article in articles.iterator():
        article.content_hash = _content_hash(article.title, article.body)
        article.save(update_fields=["content_hash"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_crosscheck_fewer_indexes")]

    operations = [migrations.RunPython(hash_the_standfirst_too, hash_title_and_body)]
