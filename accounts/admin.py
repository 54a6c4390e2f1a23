from django.contrib import admin

from accounts.forms import AdminLoginForm
from accounts.models import LoginFailure

# The admin's login form says when an account is locked out (accounts/services.py).
admin.site.login_form = AdminLoginForm


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed sign-ins; delete an account's rows to lift its lockout early."""

    list_display = ["username", "address", "at"]
    search_fields = ["username", "address"]
    readonly_fields = ["username", "address", "at"]
