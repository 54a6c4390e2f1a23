"""Normalized keys for source names, so that spellings of one source resolve to one record.

"Ukraine's Air Force", "Ukrainian Air Force" and "the Air Force of Ukraine" all give the key
"ukrainian air force": case, accents, punctuation, a leading article and the possessive or
"of <country>" forms of a country are not what tells sources apart.
"""

from __future__ import annotations

import re
import unicodedata

# Country names and their adjectives; enough for common newsroom use, extend as needed.
DEMONYMS: dict[str, str] = {
    "afghanistan": "afghan",
    "america": "american",
    "australia": "australian",
    "belarus": "belarusian",
    "brazil": "brazilian",
    "britain": "british",
    "canada": "canadian",
    "china": "chinese",
    "egypt": "egyptian",
    "france": "french",
    "georgia": "georgian",
    "germany": "german",
    "india": "indian",
    "iran": "iranian",
    "iraq": "iraqi",
    "israel": "israeli",
    "italy": "italian",
    "japan": "japanese",
    "lebanon": "lebanese",
    "mexico": "mexican",
    "moldova": "moldovan",
    "pakistan": "pakistani",
    "poland": "polish",
    "russia": "russian",
    "saudi arabia": "saudi",
    "spain": "spanish",
    "syria": "syrian",
    "turkey": "turkish",
    "ukraine": "ukrainian",
    "united kingdom": "british",
    "united states": "american",
    "us": "american",
    "uk": "british",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s\b|(?<=s)'(?=\s|$)")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_COUNTRIES = "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
_COUNTRY_POSSESSIVE = re.compile(rf"\b({_COUNTRIES})'s\b")
_OF_COUNTRY = re.compile(rf"^(.+?)\s+of\s+(?:the\s+)?({_COUNTRIES})$")


def source_key(name: str) -> str:
    """The key two names of one source share; empty when the name has no letters or digits."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace(".", "")  # "U.S." and "US" are one spelling
    text = _COUNTRY_POSSESSIVE.sub(lambda m: DEMONYMS[m.group(1)], text)
    text = _POSSESSIVE.sub("", text)
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    text = _LEADING_ARTICLE.sub("", text)
    of_country = _OF_COUNTRY.match(text)
    if of_country:
        text = f"{DEMONYMS[of_country.group(2)]} {of_country.group(1)}"
    return text


def is_unnamed(name: str) -> bool:
    """True for a role standing in for a name ("Kremlin aide", "Ukraine's foreign minister"):
    its last word is not capitalised, as a name's is ("Vladimir Putin", "Council on Foreign
    Relations")."""
    words = name.split()
    return bool(words) and words[-1][:1].islower()
