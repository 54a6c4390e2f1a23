"""Form helpers both apps' pages use."""

from __future__ import annotations

from django import forms

from factcheck.exceptions import ApplicationError


class ServiceForm(forms.Form):
    """A form whose data a service judges: the service's refusal shows on the form."""

    def refuse(self, error: ApplicationError) -> None:
        """Show the domain's refusal on the form: under its field when the form has one."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
