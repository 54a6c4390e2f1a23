"""The ingest and load_seeds commands: one readable line and a non-zero exit on bad input."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article, Attribution, Claim, CrossCheck, CrossCheckKind
from claims.services.crosscheck_runs import RUNNERS
from sources.models import Source
from tests.claims.test_crosschecks import failing_runner
from tests.conftest import SHARED, needs_shared_data
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db

GOOD = "Budget row deepens\nThe finance minister said the deficit would double next year.\n"


def _ingest(*args: str | Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", "--no-progress", *map(str, args), stdout=out, stderr=err)
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
    with pytest.raises(CommandError, match="1 of 1 items were not ingested"):
        call_command("ingest", "--no-progress", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == f"{path}: {error}\n"
    assert not Article.objects.exists()


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", "--no-progress", str(missing), stdout=StringIO(), stderr=err)
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
    assert "Articles: 0 new, 1 already there" in out
    assert (Claim.objects.count(), Attribution.objects.count(), Source.objects.count()) == counts


def test_loading_seeds_twice_loads_them_once() -> None:
    call_command("load_seeds", stdout=StringIO())
    counts = (Source.objects.count(), Article.objects.count(), Claim.objects.count())
    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert "0 sources added, 0 of 1 articles ingested (1 already there)" in out.getvalue()
    assert (Source.objects.count(), Article.objects.count(), Claim.objects.count()) == counts
    assert counts[2] > 0


def _counts() -> tuple[int, int, int, int]:
    return (
        Article.objects.count(),
        Claim.objects.count(),
        Attribution.objects.count(),
        Source.objects.count(),
    )


def test_a_folder_gives_each_of_its_text_files_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second\nThe mayor said the bridge would reopen.\n")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article")
    out, _ = _ingest(tmp_path)
    titles = list(Article.objects.order_by("id").values_list("title", flat=True))
    assert titles == ["Budget row deepens", "Second"]
    assert out == (
        "Articles: 2 new, 0 already there\n"
        "Claims: 2\n"
        "Attributions: 2\n"
        "Proposed new sources: 2 (finance minister, mayor)\n"
        "Errors: 0\n"
    )


def test_a_folder_without_text_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="1 of 1 items were not ingested"):
        _ingest(tmp_path)


JSONL = "\n".join(
    [
        '{"text": "The mayor said the bridge would reopen.", "title": "Bridge", '
        '"url": "https://example.org/bridge", "published": "2024-03-05"}',
        "not json at all",
        "",
        '{"title": "No text"}',
        '{"text": 42}',
        '["a", "list"]',
        '{"text": "The mayor said so.", "title": ["a"]}',
        '{"text": "The mayor said so.", "published": "last Tuesday"}',
        '{"text": "Headline\\nThe finance minister said taxes would rise.\\u2028Later."}',
    ]
)


def test_each_jsonl_line_is_an_article_and_bad_lines_are_errors_with_their_number(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(JSONL + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="6 of 8 items were not ingested"):
        call_command("ingest", "--no-progress", str(path), stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path} line 2: not valid JSON (Expecting value: line 1 column 1 (char 0)).",
        f'{path} line 4: "text" is missing or not a string.',
        f'{path} line 5: "text" is missing or not a string.',
        f'{path} line 6: not a JSON object with a "text".',
        f'{path} line 7: "title" must be a string.',
        f"{path} line 8: \"published\" is not an ISO date: 'last Tuesday'.",
    ]
    assert "Articles: 2 new, 0 already there" in out.getvalue()
    bridge = Article.objects.get(url="https://example.org/bridge")
    assert (bridge.title, bridge.published_at.isoformat()) == ("Bridge", "2024-03-05")
    # Line 9 holds a raw U+2028: still one line, one article.
    assert Article.objects.filter(title="Headline").exists()


def test_running_a_bulk_ingest_again_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(JSONL.split("\n")[0], encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(GOOD, encoding="utf-8")
    _ingest(tmp_path / "texts", tmp_path / "feed.jsonl")
    counts = _counts()
    out, _ = _ingest(tmp_path / "texts", tmp_path / "feed.jsonl")
    assert _counts() == counts
    assert out.startswith(
        "Articles: 0 new, 2 already there\nClaims: 0\nAttributions: 0\nProposed new sources: 0\n"
    )


def test_the_progress_bar_goes_to_stderr(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "Ingesting: 100%" in err.getvalue()
    assert "1/1" in err.getvalue()
    assert "Ingesting" not in out.getvalue()


def test_a_long_list_of_proposed_sources_is_cut_short(tmp_path: Path) -> None:
    lines = [
        f'{{"text": "Headline {n}\\nOfficial{chr(65 + n)} Smith said taxes rose {n}%."}}'
        for n in range(12)
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    out, _ = _ingest(tmp_path / "feed.jsonl")
    assert "Proposed new sources: 12 (OfficialA Smith, " in out
    assert "OfficialJ Smith and 2 more)" in out


def test_a_web_page_is_ingested_by_url_and_a_refused_one_is_an_error(pages: Pages) -> None:
    pages.routes["/budget"] = Page(
        article_html(
            title="Bridge to reopen",
            paragraphs=[
                "The mayor said the bridge would reopen in spring after two years of repairs "
                "that cost the city far more than its engineers had first estimated."
            ],
            site_name="City Times",
        )
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 items were not ingested"):
        call_command(
            "ingest",
            "--no-progress",
            f"--url={pages.url('/budget')}",
            f"--url={pages.url('/missing')}",
            stdout=out,
            stderr=err,
        )
    assert Article.objects.get().outlet.name == "City Times"
    assert err.getvalue() == f"{pages.url('/missing')}: The page answered with HTTP status 404.\n"
    assert "Proposed new sources: 2 (City Times, mayor)" in out.getvalue()


def test_nothing_to_ingest_is_an_error() -> None:
    with pytest.raises(CommandError, match="Give at least one PATH or --url URL"):
        call_command("ingest", stdout=StringIO())


@needs_shared_data()
@pytest.mark.shared_data
def test_polnear_dev_articles_ingest_with_spans_into_their_bodies_and_again_unchanged() -> None:
    folder = SHARED / "data" / "polnear" / "dev" / "text"
    out, err = _ingest(folder)
    assert err == ""
    assert f"Articles: {len(list(folder.glob('*.txt')))} new, 0 already there" in out
    for claim in Claim.objects.select_related("article"):
        assert claim.article.body[claim.start : claim.end] == claim.text
    counts = _counts()
    _ingest(folder)
    assert _counts() == counts


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
    assert "3/3" in err  # one step each, all done


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
