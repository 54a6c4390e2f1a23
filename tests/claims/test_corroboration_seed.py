"""The seed, corroborated: what an editor reads about the TASS claim, wherever it is shown."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import VIEWER
from claims.models import Claim
from claims.services.corroboration import corroborate_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TASS_VOICE = (
    "One voice: a Kremlin aide (unnamed), relayed by TASS (Russian state media, grade D). "
    "No independent source confirms or contradicts it."
)


@pytest.fixture
def tass_claim() -> Claim:
    call_command("load_seeds", stdout=StringIO())
    corroborate_all()
    return Claim.objects.get(text__startswith="Trump and Putin did not discuss the pause")


def test_the_tass_claim_is_one_voice_relayed_by_tass_graded_as_stored(tass_claim: Claim) -> None:
    explanation = tass_claim.corroboration["explanation"]
    assert explanation[0] == TASS_VOICE
    assert explanation[-1].startswith(f"Credibility {tass_claim.suggested_credibility}: ")


def test_the_claim_page_article_page_and_api_show_the_grade_the_explanation_gives(
    client: Client, tass_claim: Claim
) -> None:
    client.force_login(UserFactory(roles=[VIEWER]))
    grade = tass_claim.suggested_credibility
    stated = tass_claim.corroboration["explanation"][-1]
    assert stated.startswith(f"Credibility {grade}: ")
    for url in (
        reverse("claim_detail", args=[tass_claim.pk]),
        reverse("article_detail", args=[tass_claim.article_id]),
    ):
        page = client.get(url).text
        assert f"suggested credibility {grade}<" in page
        assert f"<li>{TASS_VOICE}</li>" in page and f"<li>{stated}</li>" in page
    api = client.get(f"/api/v1/claims/{tass_claim.pk}/").json()["corroboration"]
    assert api["suggested_credibility"] == grade
    assert api["explanation"][-1] == stated
