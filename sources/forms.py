"""The source pages' forms."""

from __future__ import annotations

from django import forms

from sources.models import SourceStatus


class SourceFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "any status"), *SourceStatus.choices])
    name = forms.CharField(required=False, max_length=200, label="Name or alias")
