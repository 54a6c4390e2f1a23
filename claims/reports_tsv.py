"""Offline contract of the corroboration engine: tab-separated reports in, results out.

Input (UTF-8; invalid bytes are replaced, blank lines skipped, columns past the needed ones
ignored, so files with extra columns such as a year can be fed unchanged):
    reports: question<TAB>source<TAB>value
    labels:  question<TAB>true value              (editor verdicts)
Output (UTF-8, "\\n" line ends):
    results: question<TAB>value<TAB>probability   one line per question, no header; the most
             probable value, probability with 4 decimals; order of first appearance in the input
    sources: a header line "source<TAB>mean<TAB>low<TAB>high<TAB>n_reports", then one line per
             source, 4 decimals; [low, high] is the 90% credible interval. The header is there
             because this file is read by people as much as by tools; results are meant to be
             joined on the question and stay headerless.
Tabs and newlines inside written fields are replaced by spaces so every record stays one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claims.corroboration import Corroboration, Report

SOURCES_HEADER = ("source", "mean", "low", "high", "n_reports")


class ReportsFileError(ValueError):
    """A line of a reports or labels file cannot be read; the message names the line numbers."""


def _records(path: str | Path, columns: int, expected: str) -> Iterator[tuple[int, list[str]]]:
    bad: list[int] = []
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")[:columns]]
            if len(fields) < columns or not all(fields):
                bad.append(number)
                continue
            yield number, fields
    if bad:
        shown = ", ".join(str(n) for n in bad[:10]) + (" ..." if len(bad) > 10 else "")
        noun = "line" if len(bad) == 1 else "lines"
        raise ReportsFileError(f"{path}: {noun} {shown}: expected {expected}")


def read_reports(path: str | Path) -> list[Report]:
    """All reports of a file; every malformed line is named in one error, after reading it all."""
    return [
        Report(question, source, value)
        for _, (question, source, value) in _records(path, 3, "question<TAB>source<TAB>value")
    ]


def read_labels(path: str | Path) -> dict[str, str]:
    """Editor verdicts, question -> true value; a later line for the same question wins."""
    return {q: v for _, (q, v) in _records(path, 2, "question<TAB>true value")}


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def write_results(path: str | Path, corroboration: Corroboration) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for question, value, probability in corroboration.questions.best():
            out.write(f"{_clean(question)}\t{_clean(value)}\t{probability:.4f}\n")


def write_sources(path: str | Path, corroboration: Corroboration) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(SOURCES_HEADER) + "\n")
        for s in corroboration.sources.values():
            out.write(
                f"{_clean(s.source)}\t{s.mean:.4f}\t{s.low:.4f}\t{s.high:.4f}\t{s.n_reports}\n"
            )
