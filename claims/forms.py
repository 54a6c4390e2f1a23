"""The editorial pages' forms: they validate what the editor sent; the views call the services."""

from __future__ import annotations

from typing import Any

from django import forms

from claims.models import SOURCE_KINDS, CrossCheckKind
from factcheck.exceptions import ApplicationError

# The kinds of CrossCheck about a claim (a track record is about a source).
CLAIM_CHECK_KINDS = [(k.value, k.label) for k in CrossCheckKind if k not in SOURCE_KINDS]


class ServiceForm(forms.Form):
    def refuse(self, error: ApplicationError) -> None:
        """Show the domain's refusal on the form: under its field when the form has one."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ArticleIngestForm(ServiceForm):
    # Not stripped: the ingest service decides what an empty or blank text is.
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text="The article's headline on the first line, then its text.",
    )
    url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="or its URL",
        help_text="The page is fetched and its main text, title, date and outlet are taken.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text, url = cleaned.get("text"), cleaned.get("url")
        if not self.errors and bool(text) == bool(url):
            raise forms.ValidationError("Paste the article's text or give its URL (one of them).")
        return cleaned


class CrossCheckQueueForm(ServiceForm):
    kind = forms.ChoiceField(choices=CLAIM_CHECK_KINDS, initial=CrossCheckKind.CORROBORATION)


class RelatedClaimDecisionForm(ServiceForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])

    @property
    def accepted(self) -> bool:
        return bool(self.cleaned_data["decision"] == "accept")
