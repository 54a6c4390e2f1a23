"""The "My API tokens" page: a signed-in user creates (the secret shown once), lists and revokes
their own tokens, as `/api/v1/tokens/` and `manage.py create_token` do."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User as Account
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from api.selectors import token_list
from api.services import token_create, token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for: “CMS”, “Slack bot”.")
    read_only = forms.BooleanField(required=False, help_text="For partners: it never writes.")


@login_required
def token_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, Account)  # login_required
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        secret = token_create(user=user, **form.cleaned_data).secret
        form = TokenForm()
    context = {"form": form, "secret": secret, "tokens": token_list(user=user)}
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
def token_revoke_button(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, Account)  # login_required
    token = get_object_or_404(token_list(user=user), pk=pk)
    token_revoke(token=token)
    messages.success(request, f"Token {token} revoked.")
    return redirect("token_list")
