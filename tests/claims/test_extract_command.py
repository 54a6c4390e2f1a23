"""manage.py extract --jsonl: the JSON-lines contract outside tools rely on; no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import REPO

# No pytest.mark.django_db here: any database query in these tests fails them.

ARTICLE = (
    "Budget row deepens\r\n"
    "The finance minister said the deficit would double next year.\r\n"
    "“Taxes will rise,” Maria Lopez said on Monday.\r\n"
)


def _extract(*paths: Path) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    call_command("extract", "--jsonl", *map(str, paths), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def _span(text: str, piece: str) -> dict:
    start = text.index(piece)
    return {"text": piece, "start": start, "end": start + len(piece)}


def test_offsets_point_into_the_text_as_stored_with_its_crlf_newlines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    (line,), _ = _extract(path)
    assert line["path"] == str(path)
    reported = line["attributions"][0]
    assert reported["source"] == _span(ARTICLE, "The finance minister")
    assert reported["cue"] == _span(ARTICLE, "said")
    assert reported["content"] == _span(ARTICLE, "the deficit would double next year")
    assert reported["direct_quote"] is False
    assert reported["resolved_source"] == "finance minister"
    assert reported["quantities"] == []


def test_a_typographic_quote_is_a_direct_quote_with_the_speaker_after_it(tmp_path: Path) -> None:
    path = tmp_path / "quote.txt"
    path.write_text(ARTICLE, encoding="utf-8", newline="")
    (line,), _ = _extract(path)
    quoted = line["attributions"][1]
    assert quoted["content"] == _span(ARTICLE, "Taxes will rise")
    assert quoted["source"] == _span(ARTICLE, "Maria Lopez")
    assert (quoted["direct_quote"], quoted["resolved_source"]) == (True, "Maria Lopez")


def test_every_span_of_every_attribution_is_the_text_at_its_offsets(tmp_path: Path) -> None:
    text = "Title\r\nAccording to the ministry, 45% of schools closed.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    (line,), _ = _extract(path)
    (found,) = line["attributions"]
    for name in ("source", "cue", "content"):
        assert text[found[name]["start"] : found[name]["end"]] == found[name]["text"]
    (quantity,) = found["quantities"]
    assert (quantity["value"], quantity["unit"]) == (45.0, "percent")
    assert text[quantity["start"] : quantity["end"]] == "45%"


def test_one_line_per_file_in_the_order_given_and_errors_do_not_stop_the_run(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("A\nThe mayor said the bridge would reopen.\n", encoding="utf-8")
    second.write_text("No one is quoted here.\n", encoding="utf-8")
    missing, latin1 = tmp_path / "missing.txt", tmp_path / "latin1.txt"
    latin1.write_bytes(b"Caf\xe9 owner said prices rose.")
    binary = tmp_path / "nul.txt"
    binary.write_bytes(b"Title\n\x00\x01 said")
    out, err = StringIO(), StringIO()
    paths = [first, missing, tmp_path, latin1, binary, second]
    with pytest.raises(CommandError, match="4 of 6 files could not be read"):
        call_command("extract", "--jsonl", *map(str, paths), stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["path"] for line in lines] == list(map(str, paths))
    assert lines[0]["attributions"][0]["resolved_source"] == "mayor"
    assert [line.get("error") for line in lines[1:5]] == [
        f"{missing}: no such file.",
        f"{tmp_path}: is a folder, not a file.",
        f"{latin1}: not UTF-8 text (byte 0xe9 at offset 3).",
        f"{binary}: contains binary data, not plain text.",
    ]
    assert lines[5] == {"path": str(second), "attributions": []}


def test_a_file_over_the_article_limit_is_an_error(tmp_path: Path, settings) -> None:
    settings.FACTCHECK_MAX_ARTICLE_BYTES = 10
    path = tmp_path / "long.txt"
    path.write_text("The mayor said so.", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("extract", "--jsonl", str(path), stdout=out)
    assert json.loads(out.getvalue())["error"] == f"{path}: larger than the 10 byte limit."


def _extract_in_a_shell(*paths: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "extract", "--jsonl", *map(str, paths)],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_runs_with_no_reachable_database(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("A\nThe mayor said the bridge would reopen.\n", encoding="utf-8")
    done = _extract_in_a_shell(path, DATABASE_URL="postgres://nobody@127.0.0.1:1/nowhere")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["attributions"][0]["resolved_source"] == "mayor"


def test_an_unreadable_file_exits_non_zero_from_the_shell(tmp_path: Path) -> None:
    missing = tmp_path / "none.txt"
    done = _extract_in_a_shell(missing)
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"path": str(missing), "error": f"{missing}: no such file."}
    assert "1 of 1 files could not be read" in done.stderr
