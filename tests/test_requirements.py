"""Supply chain: every dependency is pinned once, with hashes, and installed only that way."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)(\[[^\]]+\])?==(?P<version>\S+) \\$")


def _requirements() -> list[tuple[str, list[str]]]:
    """Each pin of requirements.txt with the hashes that follow it."""
    pins: list[tuple[str, list[str]]] = []
    for line in (REPO / "requirements.txt").read_text().splitlines():
        if PIN.match(line):
            pins.append((line, []))
        elif line.strip().startswith("--hash=sha256:"):
            pins[-1][1].append(line.strip())
        else:
            assert not line or line.lstrip().startswith("#"), f"not a hashed pin: {line!r}"
    return pins


def test_every_pin_is_exact_and_carries_a_sha256_hash() -> None:
    pins = _requirements()
    assert len(pins) > 50
    assert [pin for pin, hashes in pins if not hashes] == []


def test_each_package_is_pinned_once() -> None:
    names = [
        pin.split("==")[0].split("[")[0].lower().replace("_", "-") for pin, _ in _requirements()
    ]
    assert len(names) == len(set(names))


def test_make_installs_with_hash_checking_and_ci_uses_make() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements.txt" in makefile
    assert "--generate-hashes" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text()
