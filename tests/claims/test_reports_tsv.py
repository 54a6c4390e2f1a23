"""The offline TSV contract of the corroboration engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.corroboration import Report, corroborate
from claims.reports_tsv import (
    ReportsFileError,
    read_labels,
    read_reports,
    write_results,
    write_sources,
)


def test_reads_reports_ignoring_extra_columns_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "reports.tsv"
    path.write_text("q1\tAP\t12\t2000\n\n   \nq1\tRT\t13\n", encoding="utf-8")
    assert read_reports(path) == [Report("q1", "AP", "12"), Report("q1", "RT", "13")]


def test_malformed_lines_are_named_by_number(tmp_path: Path) -> None:
    path = tmp_path / "reports.tsv"
    path.write_text("q1\tAP\t12\nq1\tRT\n\nq2\t\t5\nq3\tAP\t1\n", encoding="utf-8")
    with pytest.raises(ReportsFileError, match=r"lines 2, 4: expected question<TAB>source"):
        read_reports(path)


def test_single_malformed_line_message(tmp_path: Path) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text("q1\ttrue\nonly one column\n", encoding="utf-8")
    with pytest.raises(ReportsFileError, match=r"line 2: expected question<TAB>true value"):
        read_labels(path)


def test_invalid_utf8_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "reports.tsv"
    path.write_bytes(b"gmina ojrze\xff_2006\tkotbot\t4393\n")
    (report,) = read_reports(path)
    assert report.question == "gmina ojrze\ufffd_2006"
    assert report.value == "4393"


def test_reads_labels(tmp_path: Path) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text("q1\t12\nq2\tParis\n", encoding="utf-8")
    assert read_labels(path) == {"q1": "12", "q2": "Paris"}


def test_writes_results_without_header_and_sources_with_header(tmp_path: Path) -> None:
    reports = [Report("q1", "AP", "12"), Report("q1", "RT", "12"), Report("q2", "AP", "x")]
    result = corroborate(reports)
    results, sources = tmp_path / "out.tsv", tmp_path / "sources.tsv"
    write_results(results, result)
    write_sources(sources, result)
    lines = results.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["q1", "12"], ["q2", "x"]]
    assert all(len(line.split("\t")[2].split(".")[1]) == 4 for line in lines)
    header, *rows = sources.read_text(encoding="utf-8").splitlines()
    assert header == "source\tmean\tlow\thigh\tn_reports"
    assert [row.split("\t")[0] for row in rows] == ["AP", "RT"]
    assert rows[0].split("\t")[4] == "2"
