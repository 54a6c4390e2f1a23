"""The source pages' forms."""

from __future__ import annotations

from typing import Any

from django import forms

from factcheck.forms import ServiceForm
from sources.models import Grade, Source, SourceStatus
from sources.selectors import source_by_name


class SourceNameField(forms.CharField):
    """A known source, named by its name or one of its aliases."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "A source's name or one of its aliases.")
        super().__init__(max_length=200, **kwargs)

    def clean(self, value: Any) -> Source:
        name = str(super().clean(value)).strip()
        found = source_by_name(name)
        if found is None:
            raise forms.ValidationError(f"No source is named {name!r}.")
        return found


class SourceFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *SourceStatus.choices])
    name = forms.CharField(required=False, max_length=200, label="Name or alias")


class SourceConfirmForm(ServiceForm):
    grade = forms.ChoiceField(choices=Grade.choices)


class SourceMergeForm(ServiceForm):
    into = SourceNameField(
        label="Merge into",
        help_text="The known source this is another name of: its name or one of its aliases.",
    )
