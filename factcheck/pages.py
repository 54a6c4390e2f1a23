"""What every editorial page and button does the same way, whichever app it belongs to: the
login and permission it needs, POST for a button, and an action's outcome shown as messages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from factcheck.exceptions import ApplicationError
from factcheck.forms import ServiceForm

View = Callable[..., HttpResponse]


def page(permission: str) -> Callable[[View], View]:
    """A page's view: for a signed-in user (others go to the login page) who holds `permission`
    (others get a 403)."""

    def decorate(view: View) -> View:
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def button(permission: str) -> Callable[[View], View]:
    """A button's view: a page's, and POST only."""

    def decorate(view: View) -> View:
        return require_POST(page(permission)(view))

    return decorate


def act(
    request: HttpRequest, form: ServiceForm, action: Callable[[], str], *, then: str, pk: int
) -> HttpResponse:
    """Do a button's action and go back to the page `then` of `pk`, showing as messages what the
    action did, or its form's errors, or the domain's refusal."""
    if form.is_valid():
        try:
            messages.success(request, action())
        except ApplicationError as error:
            form.refuse(error)
    show_errors(request, form)
    return redirect(then, pk=pk)


def show_errors(request: HttpRequest, form: ServiceForm) -> None:
    """The form's errors as messages, for a button whose answer is a redirect."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


def plural(count: int, noun: str) -> str:
    """ "1 claim", "2 claims": the counts in the pages' messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
