from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api.models import ApiToken, Webhook, WebhookDelivery, WebhookDeliveryAttempt
from api.services import token_create, token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Create a token here: its secret is shown once, in the message after saving."""

    list_display = ["name", "user", "prefix", "read_only", "last_used_at", "revoked_at"]
    list_filter = ["read_only"]
    raw_id_fields = ["user"]
    fields = ["user", "name", "read_only", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        new = token_create(user=obj.user, name=obj.name, read_only=obj.read_only)
        obj.pk = new.token.pk
        messages.warning(request, f"The token's secret, shown only now: {new.secret}")

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(token=token)


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = (
        "event",
        "claim",
        "status",
        "attempts",
        "response_status",
        "error",
        "created_at",
        "next_attempt_at",
    )
    readonly_fields = fields
    show_change_link = True  # to the delivery's attempts

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "active", "created_at"]
    inlines = [WebhookDeliveryInline]


class WebhookDeliveryAttemptInline(admin.TabularInline):
    model = WebhookDeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("number", "started_at", "duration_ms", "response_status", "outcome", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Deliveries are records: read here, redelivered through the API."""

    list_display = ["event", "webhook", "status", "attempts", "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    raw_id_fields = ["webhook", "claim"]
    inlines = [WebhookDeliveryAttemptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
