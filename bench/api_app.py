"""The application the API benchmark serves with gunicorn (settings: bench/api_settings.py): the
workbench's own URLs plus two bare Django views that return the same rows from one hand-written
SQL query each, the floor for this stack."""

from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api_settings")

from django.core.wsgi import get_wsgi_application

# Set Django up before the URLs below import the workbench's views.
application = get_wsgi_application()

from django.db import connection  # noqa: E402
from django.http import Http404, HttpRequest, HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

# What the API's list shows of each claim, as one statement: the page, its articles and the
# attributions with their sources aggregated in the database. The detail's attributions say more.
LISTED_ATTRIBUTION = "'id', t.id, 'role', t.role, 'stance', t.stance, 'cue', t.cue"
DETAILED_ATTRIBUTION = f"""{LISTED_ATTRIBUTION}, 'claim', t.claim_id, 'source_text', t.source_text,
    'direct_quote', t.direct_quote, 'created_at', t.created_at"""
_CLAIM_COLUMNS = """
    json_build_object(
        'id', c.id,
        'article', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object(
            'id', a.id, 'title', a.title, 'url', a.url, 'published_at', a.published_at) END,
        'text', c.text, 'start', c.start, 'end', c."end", 'status', c.status,
        'verdict', c.verdict, 'verdict_rationale', c.verdict_rationale,
        'credibility', c.credibility, 'probability', c.probability,
        'suggested_credibility', c.suggested_credibility, 'published_at', c.published_at,
        'assignee', (SELECT u.username FROM auth_user u WHERE u.id = c.assignee_id),
        'attributions', COALESCE((
            SELECT json_agg(json_build_object(
                {attribution},
                'source', json_build_object(
                    'id', s.id, 'name', s.name, 'kind', s.kind, 'grade', s.grade))
                ORDER BY t.role, t.id)
            FROM claims_attribution t JOIN sources_source s ON s.id = t.source_id
            WHERE t.claim_id = c.id), '[]'),
        'created_at', c.created_at, 'updated_at', c.updated_at)
"""
LIST_COLUMNS = _CLAIM_COLUMNS.format(attribution=LISTED_ATTRIBUTION)


def bare_claims(request: HttpRequest) -> HttpResponse:
    size = min(int(request.GET.get("page_size", 50)), 100)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT {LIST_COLUMNS} FROM claims_claim c
                LEFT JOIN claims_article a ON a.id = c.article_id
                ORDER BY c.created_at DESC, c.id DESC LIMIT %s""",
            [size],
        )
        rows = [row[0] for row in cursor.fetchall()]
    return HttpResponse(
        json.dumps({"next": None, "previous": None, "results": rows}),
        content_type="application/json",
    )


# And what the detail adds: corroboration, CrossChecks, history and the current publication.
DETAIL_COLUMNS = f"""
    ({_CLAIM_COLUMNS.format(attribution=DETAILED_ATTRIBUTION)})::jsonb || jsonb_build_object(
        'quantities', c.quantities, 'value', c.value,
        'question', (SELECT q.text FROM claims_question q WHERE q.id = c.question_id),
        'corroboration', jsonb_build_object(
            'probability', c.probability, 'suggested_credibility', c.suggested_credibility,
            'explanation', COALESCE(c.corroboration -> 'explanation', '[]'),
            'details', c.corroboration, 'corroborated_at', c.corroborated_at),
        'crosschecks', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                'id', k.id, 'claim', k.claim_id, 'kind', k.kind, 'status', k.status,
                'attempts', k.attempts, 'result', k.result, 'error', k.error,
                'created_at', k.created_at, 'started_at', k.started_at,
                'finished_at', k.finished_at) ORDER BY k.created_at DESC, k.id DESC)
            FROM claims_crosscheck k WHERE k.claim_id = c.id), '[]'),
        'history', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                'action', h.action, 'changes', h.changes, 'changed_by', u.username,
                'changed_at', h.changed_at) ORDER BY h.changed_at, h.id)
            FROM claims_claimchange h LEFT JOIN auth_user u ON u.id = h.changed_by_id
            WHERE h.claim_id = c.id), '[]'),
        'publication', (
            SELECT jsonb_build_object(
                'revision', p.number, 'status', p.status, 'verdict', p.verdict,
                'published_at', p.published_at, 'published_by', pu.username)
            FROM claims_publication p LEFT JOIN auth_user pu ON pu.id = p.published_by_id
            WHERE p.claim_id = c.id AND p.is_current))
"""


def bare_claim(request: HttpRequest, pk: int) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT {DETAIL_COLUMNS} FROM claims_claim c
                LEFT JOIN claims_article a ON a.id = c.article_id WHERE c.id = %s""",
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    body = row[0] if isinstance(row[0], str) else json.dumps(row[0])
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("bare/claims/", bare_claims),
    path("bare/claims/<int:pk>/", bare_claim),
    path("", include("factcheck.urls")),
]
