"""manage.py match --jsonl: the JSON-lines contract outside tools rely on; no database."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.matching import ClaimText, match

# No pytest.mark.django_db here: any database query in these tests fails them.


def _run(path: Path) -> list[dict]:
    out = StringIO()
    call_command("match", "--jsonl", str(path), stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _pair(id_: object, a: str, b: str, **extra: object) -> str:
    return json.dumps(
        {"id": id_, "a": {"text": a, "date": "2016-10-03"}, "b": {"text": b}, **extra}
    )


def test_each_line_gets_a_relation_score_and_reason_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        "\n".join(
            [
                _pair("k1", "18 missiles were launched", "Russia launched 16 missiles"),
                _pair(
                    2,
                    "Scalia, who died in February",
                    "Antonin Scalia died in February",
                    label="agree",
                    note="ignored",
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )

    first, second = _run(path)

    assert first["id"] == "k1" and first["relation"] == "conflict"
    assert second["id"] == 2 and second["relation"] == "agree"
    for result in (first, second):
        assert set(result) == {"id", "relation", "score", "reason"}
        assert 0 <= result["score"] <= 1 and result["reason"]


def test_it_answers_what_the_related_claims_check_proposes(tmp_path: Path) -> None:
    a, b = "Ten people were injured in Kyiv", "eight people were injured in Kyiv"
    path = tmp_path / "pairs.jsonl"
    path.write_text(_pair(1, a, b), encoding="utf-8")

    (result,) = _run(path)

    expected = match(ClaimText(a), ClaimText(b))
    assert (result["relation"], result["score"]) == (expected.relation, expected.score)


def test_malformed_lines_are_reported_and_the_run_goes_on_then_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    lines = [
        b"not json",
        b'["a", "b"]',
        json.dumps({"id": "no-b", "a": {"text": "x"}}).encode(),
        json.dumps({"id": "empty", "a": {"text": " "}, "b": {"text": "y"}}).encode(),
        json.dumps({"id": "date", "a": {"text": "x", "date": "03/10/2016"}, "b": "y"}).encode(),
        b'{"id": "latin1", "a": "caf\xe9", "b": "y"}',
        b"",
        _pair("fine", "Scalia died in February", "Scalia died in February").encode(),
    ]
    path.write_bytes(b"\n".join(lines))
    out = StringIO()

    with pytest.raises(CommandError, match="6 of 7 lines were not pairs of claims"):
        call_command("match", "--jsonl", str(path), stdout=out)

    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("line") for r in results] == [1, 2, 3, 4, 5, 6, None]
    assert [r["id"] for r in results] == [None, None, "no-b", "empty", "date", None, "fine"]
    assert all(r["error"] for r in results[:6])
    assert results[-1]["relation"] == "agree"


def test_a_missing_file_is_one_readable_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"nowhere\.jsonl: no such file\."):
        call_command("match", "--jsonl", str(tmp_path / "nowhere.jsonl"), stdout=StringIO())
