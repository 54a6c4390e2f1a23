"""The source pages' forms."""

from __future__ import annotations

from django import forms

from factcheck.forms import ServiceForm
from sources.models import Grade, Source, SourceStatus
from sources.selectors import source_by_name


class SourceFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *SourceStatus.choices])
    name = forms.CharField(required=False, max_length=200, label="Name or alias")


class SourceConfirmForm(ServiceForm):
    grade = forms.ChoiceField(choices=Grade.choices)


class SourceMergeForm(ServiceForm):
    into = forms.CharField(
        max_length=200,
        label="Merge into",
        help_text="The known source this is another name of: its name or one of its aliases.",
    )

    def clean_into(self) -> Source:
        name = self.cleaned_data["into"].strip()
        found = source_by_name(name)
        if found is None:
            raise forms.ValidationError(f"No source is named {name!r}.")
        return found
