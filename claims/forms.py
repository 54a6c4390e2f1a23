"""The editorial pages' forms: they validate what the editor sent; the views call the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User as Account

from claims.models import (
    SOURCE_KINDS,
    Claim,
    ClaimStatus,
    Credibility,
    CrossCheckKind,
    Role,
    Stance,
    Verdict,
)
from claims.selectors import NO_ASSIGNEE, NO_VERDICT, ClaimFilters, claim_assignees
from claims.services.claim_bulk import BULK_STATUSES
from factcheck.forms import ServiceForm
from factcheck.ids import MAX_ID
from sources.forms import SourceNameField

# The kinds of CrossCheck about a claim (a track record is about a source).
CLAIM_CHECK_KINDS = [(k.value, k.label) for k in CrossCheckKind if k not in SOURCE_KINDS]


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
        label="Its URL",
        help_text="With a pasted text, where it was published. Alone, the page is fetched and "
        "its main text, title, date and outlet are taken.",
    )
    outlet = forms.CharField(
        required=False,
        max_length=200,
        help_text="With a pasted text: who published it (a known source, or one proposed for "
        "review).",
    )
    published_at = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="With a pasted text.",
    )

    def __init__(self, *args: Any, too_large: str = "", **kwargs: Any) -> None:
        """`too_large`: the body was too large to be read; the form shows why, alone."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.too_large:
            raise forms.ValidationError({"text": self.too_large})
        text, url = cleaned.get("text"), cleaned.get("url")
        if not self.errors and not text and not url:
            raise forms.ValidationError("Paste the article's text or give its URL.")
        if not self.errors and not text and (cleaned.get("outlet") or cleaned.get("published_at")):
            raise forms.ValidationError(
                "The outlet and date go with a pasted text; a fetched page gives its own."
            )
        return cleaned


class CrossCheckQueueForm(ServiceForm):
    kind = forms.ChoiceField(choices=CLAIM_CHECK_KINDS, initial=CrossCheckKind.CORROBORATION)


class RelatedClaimDecisionForm(ServiceForm):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])

    @property
    def accepted(self) -> bool:
        return bool(self.cleaned_data["decision"] == "accept")


class VersionedForm(ServiceForm):
    """A form about a claim, carrying the version of the claim it was opened at
    (claims.services.versions): a save over a newer version is refused."""

    # Not required: claims.services.versions refuses a save without one, in words.
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ClaimRateForm(VersionedForm):
    verdict = forms.ChoiceField(choices=Verdict.choices)
    # Not required: the service says why a verdict needs one.
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    credibility = forms.TypedChoiceField(
        choices=[("", "not graded"), *Credibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class ClaimRetractForm(VersionedForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class ClaimEditForm(VersionedForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class AttributionForm(VersionedForm):
    source = SourceNameField()
    role = forms.ChoiceField(choices=Role.choices)
    stance = forms.ChoiceField(choices=Stance.choices)
    cue = forms.CharField(max_length=200, required=False)
    # Its span in the article is found from it (claims.services.attributions).
    source_text = forms.CharField(max_length=500, required=False, label="As written")

    def attribution(self) -> dict[str, Any]:
        """The fields as attribution_create and attribution_update take them (a CharField's
        value comes stripped)."""
        names = ("source", "role", "stance", "cue", "source_text")
        return {name: self.cleaned_data[name] for name in names}


class ArticleAttributionForm(ServiceForm):
    """An attribution quoted from the article's text: the article page's script fills it from a
    selection (the quoted words and where they start); without it, the editor types the words
    and the workbench finds them in the text."""

    claim = forms.TypedChoiceField(coerce=int, label="Claim")
    source_text = forms.CharField(
        max_length=500,
        label="The source as written",
        help_text="Words of the article that name who made or passed on the claim.",
    )
    # Where the selection starts, in characters; without it, the words nearest the claim.
    source_start = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput
    )
    source = forms.CharField(
        required=False,
        max_length=200,
        label="Source",
        help_text="A known source's name or alias; left empty, the source the quoted words "
        "name, proposed for review when unknown.",
    )
    role = forms.ChoiceField(choices=Role.choices)
    stance = forms.ChoiceField(choices=Stance.choices)
    cue = forms.CharField(max_length=200, required=False, help_text='As written: "said".')
    # Not required: claims.services.versions refuses a save without one, in words.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, claims: list[Claim], **kwargs: Any) -> None:
        """`claims`: the article's, in reading order; each carries its version in the field
        `version-<id>` of the page, so that the one chosen is saved only if unchanged."""
        super().__init__(*args, **kwargs)
        claim = self.fields["claim"]
        assert isinstance(claim, forms.TypedChoiceField)
        claim.choices = [(c.pk, f"{c.pk}: {c.text[:80]}") for c in claims]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "claim" in cleaned:
            cleaned["version"] = self.data.get(f"version-{cleaned['claim']}", "")
        return cleaned


class ClaimListForm(forms.Form):
    """The claims list's query: every field optional; a value the list cannot take is an error
    on the form, never a failed page."""

    q = forms.CharField(required=False, max_length=200, label="Words of the claim")
    status = forms.ChoiceField(required=False, choices=[("", "Any"), *ClaimStatus.choices])
    verdict = forms.ChoiceField(
        required=False, choices=[("", "Any"), (NO_VERDICT, "No verdict yet"), *Verdict.choices]
    )
    source = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, label="Source id")
    article = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, label="Article id")
    created_from = forms.DateField(
        required=False, label="Found from", widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        required=False, label="Found until", widget=forms.DateInput(attrs={"type": "date"})
    )
    has_conflict = forms.ChoiceField(
        required=False, label="In conflict", choices=[("", "Any"), ("yes", "Yes"), ("no", "No")]
    )
    # Its choices are the editors (ClaimListForm.__init__).
    assignee = forms.ChoiceField(required=False, label="Assigned to")
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("article", "Newest article, reading order"),
            ("newest", "Newest claim first"),
            ("oldest", "Oldest claim first"),
            ("published", "Published most recently"),
        ],
    )

    def __init__(self, *args: Any, user: Account, assignees: list[Account], **kwargs: Any) -> None:
        """`user`: who reads the list ("me"); `assignees`: the editors claims can be assigned
        to, by name (claim_assignees)."""
        super().__init__(*args, **kwargs)
        self.ids = {"me": user.pk, "nobody": NO_ASSIGNEE} | {
            editor.get_username(): editor.pk for editor in assignees
        }
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [
            ("", "Anyone or nobody"),
            ("me", "Me"),
            ("nobody", "Nobody"),
            *((editor.get_username(), editor.get_username()) for editor in assignees),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", "Give a date on or after the first.")
        return cleaned

    def filters(self) -> ClaimFilters:
        """The valid query as the selector's filters (call after is_valid())."""
        data = self.cleaned_data
        conflict = {"yes": True, "no": False}.get(data["has_conflict"])
        return ClaimFilters(
            q=data["q"],
            status=data["status"],
            verdict=data["verdict"],
            source=data["source"],
            article=data["article"],
            created_from=data["created_from"],
            created_to=data["created_to"],
            in_conflict=conflict,
            assignee=self.ids.get(data["assignee"]),
        )

    def order(self) -> str:
        return str(self.cleaned_data["sort"] or "article")


class _ClaimIds(forms.Field):
    """Ids of claims ticked on a list: whole numbers in the id range, at most a page of them."""

    def to_python(self, value: object) -> list[int]:
        values = value if isinstance(value, list) else []
        try:
            ids = [int(str(v)) for v in values]
        except ValueError:
            raise forms.ValidationError("Tick claims from the list.", code="invalid") from None
        if any(not 1 <= pk <= MAX_ID for pk in ids):
            raise forms.ValidationError("Tick claims from the list.", code="invalid")
        return list(dict.fromkeys(ids))

    def validate(self, value: object) -> None:
        if not value:
            raise forms.ValidationError("Tick at least one claim.", code="required")
        if isinstance(value, list) and len(value) > CLAIMS_BULK_LIMIT:
            raise forms.ValidationError(
                f"Tick at most {CLAIMS_BULK_LIMIT} claims at once.", code="max"
            )


# As many as a page of the claims list shows.
CLAIMS_BULK_LIMIT = 50


class ClaimBulkQueueForm(CrossCheckQueueForm):
    claims = _ClaimIds(widget=forms.MultipleHiddenInput)
    # The list's query, to go back to the same page of the same filters.
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class _ClaimBulkForm(ServiceForm):
    """An action on the claims ticked on the list."""

    claims = _ClaimIds(widget=forms.MultipleHiddenInput)
    # The list's query, to go back to the same page of the same filters.
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class ClaimBulkStatusForm(_ClaimBulkForm):
    status = forms.ChoiceField(
        choices=[(status.value, status.label) for status in BULK_STATUSES], label="Set status"
    )
    # Not required: the service says why a retraction needs one.
    reason = forms.CharField(required=False, max_length=2000, label="Why (to retract)")


class ClaimBulkAssignForm(_ClaimBulkForm):
    assignee = forms.ModelChoiceField(
        queryset=claim_assignees(),
        required=False,
        to_field_name="username",
        empty_label="nobody",
        label="Assign to",
    )
