from django.contrib import admin

from sources.models import Source, SourceAlias
from sources.names import source_key


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 0
    fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "grade", "reliability", "status", "affiliation"]
    list_filter = ["status", "kind", "grade", "country"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["affiliation"]
    readonly_fields = [
        "reliability",
        "reliability_low",
        "reliability_high",
        "reliability_explanation",
        "reliability_updated_at",
    ]
    inlines = [SourceAliasInline]

    def save_model(self, request, obj, form, change):
        obj.key = source_key(obj.name)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.key = source_key(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    search_fields = ["name", "source__name"]
    raw_id_fields = ["source"]
    readonly_fields = ["key"]
