"""The engine on the public benchmarks, through the `corroborate --from-tsv` contract: the same
settings on every one, each above majority voting, and every answer a value some source wrote."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from django.core.management import call_command

from claims.corroboration import normalize
from claims.reports_tsv import read_reports
from tests.conftest import SHARED, needs_shared_data

pytestmark = [needs_shared_data(), pytest.mark.shared_data]


def _answers(claims: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out.tsv"
    call_command("corroborate", from_tsv=claims, out=out)
    answers = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        question, value, _ = line.split("\t")
        answers[question] = value
    written = {(r.question, r.value) for r in read_reports(claims)}
    assert all(pair in written for pair in answers.items())
    return answers


def _book_scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("book_score", folder / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


def test_book_authors_are_right_for_nine_books_in_ten_against_seven_by_majority(
    tmp_path: Path,
) -> None:
    folder = SHARED / "data" / "book"
    scorer = _book_scorer(folder)
    answers = _answers(folder / "claims.tsv", tmp_path)
    truth = dict(line.split("\t", 1) for line in (folder / "truth.tsv").read_text().splitlines())
    right = sum(scorer.surnames(answers[q]) == scorer.surnames(t) for q, t in truth.items())
    assert right >= 90  # majority voting over surnames: 71


def test_population_keeps_eighty_eight_percent_against_seventy_four_by_majority(
    tmp_path: Path,
) -> None:
    folder = SHARED / "data" / "population"
    answers = _answers(folder / "claims.tsv", tmp_path)
    truth = {}
    for line in (folder / "truth.tsv").read_text(encoding="utf-8").splitlines():
        parts = [p.strip() for p in line.split(",")]
        truth[", ".join(parts[:-2]) + "_" + parts[-2]] = normalize(parts[-1]).key
    right = sum(normalize(answers[q]).key == t for q, t in truth.items())
    assert right >= 271  # 88.0%; majority voting: 229
