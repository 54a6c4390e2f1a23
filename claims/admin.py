from typing import Any

from django import forms
from django.contrib import admin, messages

from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckAttempt,
    Publication,
    Question,
)
from claims.services.claims import normalize_claim_text
from claims.services.crosscheck_queue import crosscheck_cancel
from claims.services.versions import StaleVersion, claim_at_version, claim_version
from factcheck.exceptions import ApplicationError


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    raw_id_fields = ["source"]
    fields = ["source", "role", "stance", "source_text", "cue", "direct_quote"]


class ClaimChangeInline(admin.TabularInline):
    model = ClaimChange
    extra = 0
    can_delete = False
    readonly_fields = ["action", "changes", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


class PublicationInline(admin.TabularInline):
    """The revisions that went out: a record, never edited (reviewers publish through the API)."""

    model = Publication
    extra = 0
    can_delete = False
    readonly_fields = fields = (
        "number",
        "status",
        "verdict",
        "claimant",
        "reason",
        "published_by",
        "published_at",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_at", "created_at"]
    list_filter = ["published_at", "outlet"]
    search_fields = ["title", "standfirst", "url"]
    raw_id_fields = ["outlet", "created_by"]
    readonly_fields = ["content_hash", "created_at"]


class ClaimAdminForm(forms.ModelForm):
    """The claim's admin form carries the version it was opened at, like the editorial pages'
    forms: a save over a newer version (another tab's, the API's) is refused. The check locks
    the claim inside the admin's own transaction, so the lock lasts until the save commits."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = "__all__"  # noqa: DJ007 (the admin's own fieldsets decide what shows)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = claim_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            try:
                with claim_at_version(claim=self.instance, version=cleaned.get("version", "")):
                    pass
            except StaleVersion as stale:
                raise forms.ValidationError(stale.message) from stale
        return cleaned


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "verdict", "credibility", "probability", "article"]
    list_filter = ["status", "verdict", "credibility", "suggested_credibility"]
    search_fields = ["text", "attributions__source__name", "question__text"]
    raw_id_fields = ["article", "question", "created_by"]
    form = ClaimAdminForm
    # Verdicts and publishing go through claims.services (a rating, a revision, their webhooks
    # and history), on the claim's page or the API, never a field edit here.
    readonly_fields = [
        "status",
        "verdict",
        "verdict_rationale",
        "credibility",
        "published_at",
        "normalized",
        "probability",
        "suggested_credibility",
        "corroboration",
        "corroborated_at",
        # Assigned from the claims list (claims.services.claim_bulk.claims_assign): to editors.
        "assignee",
        "created_at",
        "updated_at",
    ]
    inlines = [AttributionInline, PublicationInline, ClaimChangeInline]

    def save_model(self, request, obj, form, change):
        """Edits in the admin enter the claim's history like any other; on a published claim
        they are a draft until a reviewer publishes again."""
        obj.normalized = normalize_claim_text(obj.text)
        super().save_model(request, obj, form, change)
        changes = {
            name: [str(form.initial.get(name, "")), str(form.cleaned_data.get(name, ""))]
            for name in form.changed_data
        }
        ClaimChange.objects.create(
            claim=obj,
            action="edited in admin" if change else "created in admin",
            changes=changes,
            changed_by=request.user,
        )


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    list_display = ["source", "role", "stance", "cue", "direct_quote", "claim"]
    list_filter = ["role", "stance", "direct_quote"]
    search_fields = ["source__name", "source_text", "cue", "claim__text"]
    raw_id_fields = ["claim", "source"]


@admin.register(ClaimChange)
class ClaimChangeAdmin(admin.ModelAdmin):
    list_display = ["claim", "action", "changed_by", "changed_at"]
    list_filter = ["action"]
    search_fields = ["claim__text"]
    raw_id_fields = ["claim", "changed_by"]


_ATTEMPT_FIELDS = ("number", "worker", "started_at", "finished_at", "outcome", "error")


class CrossCheckAttemptInline(admin.TabularInline):
    model = CrossCheckAttempt
    extra = 0
    can_delete = False
    fields = _ATTEMPT_FIELDS
    readonly_fields = _ATTEMPT_FIELDS

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CrossCheck)
class CrossCheckAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "claim",
        "source",
        "status",
        "progress_done",
        "progress_total",
        "attempts",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["claim__text", "source__name", "error"]
    raw_id_fields = ["claim", "source", "requested_by", "cancelled_by"]
    readonly_fields = [
        "created_at",
        "dispatched_at",
        "next_attempt_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "cancelled_at",
    ]
    inlines = [CrossCheckAttemptInline]
    actions = ["cancel"]

    @admin.action(description="Cancel the selected queued or running CrossChecks")
    def cancel(self, request, queryset):
        cancelled = 0
        for check in queryset:
            try:
                crosscheck_cancel(check=check, by=request.user)
                cancelled += 1
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.WARNING)
        self.message_user(request, f"{cancelled} CrossChecks cancelled.")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "tolerance_absolute", "tolerance_relative", "created_at"]
    search_fields = ["text"]
