"""corroborate --from-tsv: the offline contract, which must not touch any database."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_offline_corroboration_writes_the_most_probable_value_of_each_question(
    tmp_path: Path,
) -> None:
    reports = _write(
        tmp_path / "in.tsv",
        ["q1\ta\t10", "q1\tb\t10", "q1\tc\t12", "q2\ta\tx", "q2\tb\tx", "q2\tc\ty"],
    )
    out, sources = tmp_path / "out.tsv", tmp_path / "sources.tsv"
    call_command(
        "corroborate",
        "--from-tsv",
        str(reports),
        "--out",
        str(out),
        "--sources-out",
        str(sources),
        stdout=StringIO(),
    )
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(q, v) for q, v, _ in rows] == [("q1", "10"), ("q2", "x")]
    assert all(0 < float(p) <= 1 for _, _, p in rows)
    header, *reliabilities = sources.read_text(encoding="utf-8").splitlines()
    assert header.split("\t")[0] == "source"
    assert {line.split("\t")[0] for line in reliabilities} == {"a", "b", "c"}


def test_labels_are_used_as_editor_verdicts(tmp_path: Path) -> None:
    reports = _write(tmp_path / "in.tsv", ["q1\ta\t1", "q1\tb\t1", "q1\tc\t2"])
    labels = _write(tmp_path / "labels.tsv", ["q1\t2"])
    out = tmp_path / "out.tsv"
    call_command(
        "corroborate",
        "--from-tsv",
        str(reports),
        "--out",
        str(out),
        "--labels",
        str(labels),
        stdout=StringIO(),
    )
    assert out.read_text(encoding="utf-8").split("\t")[1] == "2"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from-tsv", "missing.tsv", "--out", "o.tsv"], "missing.tsv: no such file."),
        (["--from-tsv", "in.tsv"], "--from-tsv needs --out OUT.tsv."),
        (["--out", "o.tsv"], "--out, --sources-out and --labels go with --from-tsv."),
    ],
)
def test_wrong_arguments_fail_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "in.tsv", ["q\ts\tv"])
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command("corroborate", *arguments)


def test_malformed_lines_are_named(tmp_path: Path) -> None:
    reports = _write(tmp_path / "in.tsv", ["q\ts\tv", "broken line"])
    with pytest.raises(CommandError, match="line 2: expected"):
        call_command("corroborate", "--from-tsv", str(reports), "--out", str(tmp_path / "o"))
