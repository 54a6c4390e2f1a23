"""Reading article text from files: UTF-8 exactly as stored, refused in one readable line."""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.exceptions import ApplicationError

# Control characters other than tab, newline and carriage return mean the input is not text
# (a regular expression's character range: the API's schema says it too).
CONTROL_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_BINARY = re.compile(f"[{CONTROL_CHARACTERS}]")


def control_character(text: str) -> str | None:
    """The first control character that plain text does not have, if any."""
    found = _BINARY.search(text)
    return None if found is None else found.group()


def contains_binary(text: str) -> bool:
    return control_character(text) is not None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an ApplicationError saying in one line why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ApplicationError(f"{path}: no such file.") from exc
    except IsADirectoryError as exc:
        raise ApplicationError(f"{path}: is a folder, not a file.") from exc
    except OSError as exc:
        raise ApplicationError(f"{path}: cannot be read ({exc.strerror}).") from exc


def read_text_file(path: Path) -> str:
    """The file's text, exactly as stored (no newline translation), or an ApplicationError."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})."
        ) from exc
