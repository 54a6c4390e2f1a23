"""Imports run one way: api → claims → sources → factcheck, with accounts (users, their roles and
logins) beside sources. A module may import its own package and those below it, never one above,
not even inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each package and the packages it may import.
MAY_IMPORT = {
    "factcheck": {"factcheck"},
    "accounts": {"accounts", "factcheck"},
    "sources": {"sources", "factcheck"},
    "claims": {"claims", "sources", "accounts", "factcheck"},
    "api": {"api", "claims", "sources", "accounts", "factcheck"},
}
# Modules allowed to import upwards, and why.
EXCEPTIONS = {
    # The root URLconf (ROOT_URLCONF) is the top of the stack rather than part of factcheck: it
    # puts every app's pages together, and naming them in strings (include("accounts.urls"))
    # would hide the same dependency from this test rather than remove it.
    "factcheck/urls.py",
}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """Each module `path` imports, with the names it takes from it, wherever the import is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def modules() -> list[Path]:
    return sorted(path for package in MAY_IMPORT for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_imports_only_its_own_package_and_those_below(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    if name in EXCEPTIONS:
        pytest.skip("allowed to import upwards")
    package = name.split("/")[0]
    upwards = [
        module
        for module, _ in imports(path)
        if module.split(".")[0] in MAY_IMPORT and module.split(".")[0] not in MAY_IMPORT[package]
    ]
    assert upwards == [], f"{name} imports {upwards}, above {package}"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_a_module_takes_no_private_name_from_another_package(path: Path) -> None:
    package = str(path.relative_to(ROOT)).split("/")[0]
    private = [
        f"{module}.{name}"
        for module, names in imports(path)
        if module.split(".")[0] in MAY_IMPORT and module.split(".")[0] != package
        for name in names
        if name.startswith("_")
    ]
    assert private == []


def test_the_exceptions_still_need_to_be():
    """An exception no longer needed is removed, so the list says what is left to do."""
    for name in EXCEPTIONS:
        package = name.split("/")[0]
        above = {module.split(".")[0] for module, _ in imports(ROOT / name)} & set(MAY_IMPORT)
        assert above - MAY_IMPORT[package], f"{name} no longer imports upwards"
