from __future__ import annotations

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One wrong password (or unknown or inactive account) given at a login form."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "address", "at"], name="loginfailure_who_when"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M:%S}"
