from django import forms
from django.contrib import admin

from factcheck.exceptions import ApplicationError
from sources.builder import keys_check, sources_build, sources_check
from sources.models import Source, SourceAlias
from sources.names import source_key


class NameFreeForm(forms.ModelForm):
    """A form naming a source (its name, or an alias): the builder's refusal of a name another
    source goes by shows on the form."""

    def named(self) -> Source | None:
        """The source the name is for, if it exists yet."""
        raise NotImplementedError

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"])
        try:
            keys_check(names=[name], exclude=self.named())
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return name


class SourceAdminForm(NameFreeForm):
    def named(self) -> Source | None:
        return self.instance if self.instance.pk else None


class SourceAliasAdminForm(NameFreeForm):
    def named(self) -> Source | None:
        # The source chosen on the alias's own page, or the one whose page lists the alias.
        chosen = self.cleaned_data.get("source")
        if chosen is None and self.instance.source_id:
            chosen = self.instance.source
        return chosen if chosen is not None and chosen.pk else None


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    form = SourceAliasAdminForm
    extra = 0
    fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceAdminForm
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
        # A new source is built as every other is; a changed one passes the same check.
        obj.key = ""
        if change:
            sources_check(sources=[obj], exclude=obj)
            obj.save()
        else:
            sources_build(sources=[obj])

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.key = source_key(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    form = SourceAliasAdminForm
    list_display = ["name", "source"]
    search_fields = ["name", "source__name"]
    raw_id_fields = ["source"]
    readonly_fields = ["key"]

    def save_model(self, request, obj, form, change):
        obj.key = source_key(obj.name)
        super().save_model(request, obj, form, change)
