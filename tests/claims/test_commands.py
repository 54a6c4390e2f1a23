"""The ingest and load_seeds commands: one readable line and a non-zero exit on bad input."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article, Attribution, Claim, CrossCheck, CrossCheckKind
from claims.services.crosschecks import RUNNERS
from sources.models import Source
from tests.claims.test_crosschecks import failing_runner
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

GOOD = "Budget row deepens\nThe finance minister said the deficit would double next year.\n"


def _ingest(*paths: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "The text is empty."),
        (b"   \n\n  ", "The text is empty."),
        (b"\xff\xfe\x00h\x00i", "not UTF-8 text (byte 0xff at offset 0)."),
        (b"Title\nCaf\xe9 owner said prices rose.", "not UTF-8 text (byte 0xe9 at offset 9)."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text (byte 0x89 at offset 0)."),
        (b"Title\n\x00\x00\x01\x02 said", "The text contains binary data, not plain UTF-8 text."),
        (b"Title\n" + b"word " * 250_000, "The text is larger than the 1,000,000 byte limit."),
    ],
    ids=["empty", "whitespace", "utf16", "latin1", "png", "control-bytes", "oversized"],
)
def test_a_bad_file_gives_one_line_and_a_failure_and_writes_nothing(
    tmp_path: Path, content: bytes, error: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 files were not ingested"):
        call_command("ingest", str(path), stderr=err)
    assert err.getvalue() == f"{path}: {error}\n"
    assert not Article.objects.exists()


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(missing), stderr=err)
    assert err.getvalue() == f"{missing}: no such file.\n"


def test_good_files_are_ingested_past_a_bad_one(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_bytes(b"")
    with pytest.raises(CommandError):
        _ingest(bad, good)
    assert Article.objects.get().title == "Budget row deepens"


def test_ingesting_a_file_twice_reports_it_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    _ingest(path)
    counts = (Claim.objects.count(), Attribution.objects.count(), Source.objects.count())
    out, _ = _ingest(path)
    assert "already ingested" in out
    assert (Claim.objects.count(), Attribution.objects.count(), Source.objects.count()) == counts


def test_loading_seeds_twice_loads_them_once() -> None:
    call_command("load_seeds", stdout=StringIO())
    counts = (Source.objects.count(), Article.objects.count(), Claim.objects.count())
    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert "0 sources added, 0 of 1 articles ingested (1 already there)" in out.getvalue()
    assert (Source.objects.count(), Article.objects.count(), Claim.objects.count()) == counts
    assert counts[2] > 0


def _crosscheck(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("crosscheck", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["999999"], "Claim 999999 does not exist."),
        (["--article", "999999"], "Article 999999 does not exist."),
        (["--source", "999999"], "Source 999999 does not exist."),
        (["--stale", "--kind", "track_record"], "'track_record' is not a kind of CrossCheck on"),
    ],
    ids=["claim", "article", "source", "stale-kind"],
)
def test_crosscheck_refuses_unknown_targets_in_one_line_and_queues_nothing(args, error) -> None:
    with pytest.raises(CommandError, match=error) as refused:
        _crosscheck(*args)
    assert "\n" not in str(refused.value)
    assert not CrossCheck.objects.exists()


def test_crosscheck_refuses_an_unknown_kind_in_one_line() -> None:
    claim = ClaimFactory()
    with pytest.raises(CommandError, match=r"^'gossip' is not a kind of CrossCheck \("):
        _crosscheck(str(claim.pk), "--kind", "gossip")


# Transactional: the checks are queued when the command's transactions commit, and run then
# (eagerly, in these tests), while the command waits.
@pytest.mark.django_db(transaction=True)
def test_crosscheck_of_an_article_queues_every_claim_and_waits_with_a_progress_bar() -> None:
    article = ArticleFactory()
    claims = [ClaimFactory(article=article, start=n, end=n + 1) for n in range(3)]
    out, err = _crosscheck(
        "--article", str(article.pk), "--kind", "related_claims", "--wait", "--timeout", "30"
    )
    checks = CrossCheck.objects.filter(kind="related_claims").order_by("id")
    assert [check.claim for check in checks] == claims
    assert "3 CrossChecks succeeded." in out
    assert "6/6" in err  # two steps each, all done


@pytest.mark.django_db(transaction=True)
def test_crosscheck_with_wait_fails_when_a_check_fails(monkeypatch) -> None:
    monkeypatch.setitem(RUNNERS, CrossCheckKind.CORROBORATION, failing_runner(ValueError("no")))
    claim = ClaimFactory()
    with pytest.raises(CommandError, match="1 of 1 CrossChecks did not succeed"):
        _crosscheck(str(claim.pk), "--wait", "--timeout", "30")


def test_crosscheck_stops_waiting_after_its_timeout_and_the_check_stays_queued() -> None:
    # Inside the test's transaction nothing commits, so nothing runs: a worker that never comes.
    claim = ClaimFactory()
    with pytest.raises(CommandError, match=r"Still running after 0\.3 s"):
        _crosscheck(str(claim.pk), "--wait", "--timeout", "0.3")
    assert CrossCheck.objects.get().status == "queued"


def test_crosscheck_of_a_source_queues_its_track_record() -> None:
    source = SourceFactory()
    out, _ = _crosscheck("--source", str(source.pk))
    check = CrossCheck.objects.get()
    assert (check.source, check.kind) == (source, CrossCheckKind.TRACK_RECORD)
    assert f"CrossCheck {check.pk} (track_record) on source {source.pk}" in out


def test_crosscheck_stale_says_when_there_is_nothing_to_check() -> None:
    out, _ = _crosscheck("--stale")
    assert out == "Nothing to check.\n"
