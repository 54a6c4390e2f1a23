"""Finding the source phrase next to a cue, and naming the source it refers to."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims.extraction.cues import CUE_LEMMA
from claims.extraction.tokens import (
    ADVERBIAL_NOUNS,
    ADVERBIAL_PREPOSITIONS,
    ADVERBS,
    AUXILIARIES,
    DAYS,
    DETERMINERS,
    FUNCTION_WORDS,
    MEDIA_STAFF,
    MONTHS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    PREPOSITIONS,
    QUOTE_FILL,
    SUBJECT_PRONOUNS,
    TIME_NOUNS,
    TITLES,
    Token,
)

_MAX_NP = 12
_INNER_PREPOSITIONS = frozenset({"of", "for", "at"})
_TIME_PREMODIFIERS = frozenset({"on", "last", "this", "earlier", "later", "next", "that", "late"})
_CLAUSE_OPENERS = frozenset({"who", "which", "whose", "whom", "where", "citing", "when"})
_VERB_FORMS = frozenset(
    w for w in CUE_LEMMA if w.endswith(("ed", "ing")) or w in ("said", "says", "told", "wrote")
)
_COUNTS = frozenset("one two three four five six seven eight nine 1 2 3 4 5 6 7 8 9".split())
_NOT_A_TITLE = SUBJECT_PRONOUNS | DAYS | MONTHS | TIME_NOUNS | _TIME_PREMODIFIERS
_NOT_ADVERBS = frozenset({"family", "italy", "ally", "rally", "july", "only", "early", "daily"})


def _is_adverb(token: Token) -> bool:
    word = token.lower
    if word in ADVERBS or word in AUXILIARIES:
        return True
    return (
        word.endswith("ly")
        and len(word) > 4
        and not token.is_capitalized
        and word not in _NOT_ADVERBS
    )


def skip_back_adverbials(tokens: list[Token], index: int, floor: int) -> int:
    """Step left over auxiliaries, adverbs and time phrases between a subject and its verb."""
    while index >= floor:
        word = tokens[index].lower
        if _is_adverb(tokens[index]):
            index -= 1
        elif word in DAYS or (word in MONTHS and tokens[index].is_capitalized):
            index -= 1
            if index >= floor and tokens[index].lower in _TIME_PREMODIFIERS:
                index -= 1
        elif (
            word in TIME_NOUNS
            and index - 1 >= floor
            and tokens[index - 1].lower in _TIME_PREMODIFIERS
        ):
            index -= 2
            if index >= floor and tokens[index].lower in ("earlier", "later"):
                index -= 1
        elif word in ADVERBIAL_NOUNS and (lead := _adverbial_lead(tokens, index, floor)) >= 0:
            index = lead - 1  # "Trump at the time said", "Bush in a Medium post said"
        else:
            break
    return index


def _adverbial_lead(tokens: list[Token], head: int, floor: int) -> int:
    """Index of the preposition opening a short phrase "in a statement" ending at ``head``, or
    -1 when there is none (a subject must still stand before it)."""
    k = head - 1
    while k > floor and head - k <= 4:
        word = tokens[k].lower
        if word in ADVERBIAL_PREPOSITIONS:
            return k if _is_word(tokens[k - 1]) else -1
        if not _is_word(tokens[k]) or (word in FUNCTION_WORDS and word not in DETERMINERS):
            return -1
        k -= 1
    return -1


def _is_word(token: Token) -> bool:
    return token.text[0].isalnum()


def _inside_a_share(tokens: list[Token], j: int) -> bool:
    word, before = tokens[j].lower, tokens[j - 1].lower
    if word == "than":
        return before in ("more", "less", "fewer")
    return word in ("in", "out") and tokens[j + 1].text[0].isdigit() and before in _COUNTS


def _of_a_head(head: Token, preposition: Token) -> bool:
    """True for "spokesman for", "head of": a noun the phrase after the preposition belongs to."""
    return (
        preposition.lower in _INNER_PREPOSITIONS
        and _is_word(head)
        and head.lower not in FUNCTION_WORDS
        and head.lower not in CUE_LEMMA
    )


def noun_phrase_before(tokens: list[Token], index: int, floor: int) -> int | None:
    """Start index of the noun phrase ending at ``tokens[index]``, or None if there is none.

    Walks left over words that can be part of a subject and stops at function words,
    punctuation and quotations; a determiner or possessive closes the phrase.
    """
    j = index
    taken = 0
    while j >= floor and taken < _MAX_NP:
        token = tokens[j]
        word = token.lower
        if token.text == ")":
            k = j
            while k >= floor and tokens[k].text != "(":
                k -= 1
            if k < floor or (taken == 0 and k == j):
                break
            j = k - 1
            taken += 1
            continue
        if token.text == "%" and j - 1 >= floor and tokens[j - 1].text.isdigit():
            j -= 2  # "26% say"
            taken += 2
            continue
        if not _is_word(token) or token.text.startswith(QUOTE_FILL):
            break
        if word in SUBJECT_PRONOUNS:
            if taken == 0:
                return j
            break
        if word in _VERB_FORMS and not token.is_capitalized:
            break  # "said Weaver, who said": a verb ends the phrase
        if word in DETERMINERS or word in POSSESSIVES:
            if taken == 0:
                return None
            if j - 2 >= floor and _of_a_head(tokens[j - 2], tokens[j - 1]):
                j -= 1  # "a spokesman for the Navy", "the head of the FBI": on to the head
                continue
            return j
        if taken > 0 and j - 1 >= floor and _inside_a_share(tokens, j):
            j -= 2  # "4 in 10 said", "more than half said"
            taken += 2
            continue
        if word in _INNER_PREPOSITIONS and taken > 0 and j - 1 >= floor:
            before = tokens[j - 1]
            if _is_word(before) and before.lower not in FUNCTION_WORDS:
                j -= 1
                continue
            break
        if word in ("and", "&") and taken > 0 and j - 1 >= floor:
            before = tokens[j - 1]
            after = tokens[j + 1]
            if before.is_capitalized and (after.is_capitalized or after.lower == "others"):
                j -= 1
                continue
            break
        if word in FUNCTION_WORDS:
            break
        if taken == 0 and (word.endswith("’s") or word.endswith("'s") or word.endswith("'")):
            return None  # a possessive is never the head: "Trump's claims"
        j -= 1
        taken += 1
    start = j + 1
    return start if start <= index else None


def subject_before(tokens: list[Token], index: int, floor: int) -> tuple[int, int] | None:
    """Token range [start, end] of the subject whose verb starts after ``tokens[index]``.

    Handles "X said", "X, head of Y, said" (apposition kept in the span), "X, who ..., said",
    "X, in an interview, said" (the aside left out) and "X, citing Y, said" (the relay X is the
    subject; the chain is sorted out by the caller).
    """
    index = skip_back_adverbials(tokens, index, floor)
    if index < floor:
        return None
    if tokens[index].text != ",":
        start = noun_phrase_before(tokens, index, floor)
        return None if start is None else (start, index)
    comma = index - 1
    for _ in range(3):  # "Jane Roe, a Dayton, Ohio, teacher, said": several commas
        while comma >= floor and tokens[comma].text != "," and index - comma < 30:
            comma -= 1
        if comma < floor or tokens[comma].text != ",":
            return None
        head = noun_phrase_before(tokens, comma - 1, floor) if comma - 1 >= floor else None
        opener = tokens[comma + 1].lower
        if head is not None and comma + 1 < index:
            if opener in PREPOSITIONS and opener != "of":
                return head, comma - 1
            if comma + 2 == index and (opener in ADVERBS or opener == "though"):
                return head, comma - 1  # "Forbes, however, says"
            if _is_word(tokens[comma + 1]) and (
                opener in _CLAUSE_OPENERS or opener not in FUNCTION_WORDS
            ):
                return head, index - 1
        comma -= 1
    return None


def _lowercase_head_follows(tokens: list[Token], j: int, stop: int) -> bool:
    """True when up to three lowercase nouns after a capitalised word still belong to its
    phrase: they end it (a comma, a bracket, the sentence's end) or lead to a name."""
    k = j
    while k < stop and k - j < 3:
        word = tokens[k].lower
        if tokens[k].is_capitalized:
            return k > j
        if (
            not _is_word(tokens[k])
            or word in FUNCTION_WORDS
            or word in _NOT_A_TITLE
            or word in CUE_LEMMA
            or word.endswith("ly")
        ):
            break
        k += 1
    if k == j:
        return False
    return k >= stop or tokens[k].text in (",", "(") or tokens[j].lower in MEDIA_STAFF


def noun_phrase_after(tokens: list[Token], index: int, stop: int) -> int | None:
    """End index (inclusive) of a noun phrase starting at ``tokens[index]``, or None."""
    if index >= stop:
        return None
    first = tokens[index]
    if not _is_word(first):
        return None
    if first.lower in SUBJECT_PRONOUNS or first.lower in ("him", "them", "us", "me"):
        return index
    j = index
    if first.lower in DETERMINERS or first.lower in POSSESSIVES:
        j += 1
    end: int | None = None
    while j < stop and j - index < _MAX_NP:
        token = tokens[j]
        word = token.lower
        if not _is_word(token) or token.text.startswith(QUOTE_FILL):
            break
        if word in _INNER_PREPOSITIONS and end is not None and j + 1 < stop:
            nxt = tokens[j + 1]
            if nxt.is_capitalized or nxt.lower in DETERMINERS or nxt.lower in POSSESSIVES:
                j += 1
                continue
            break
        if (
            word in ("and", "&")
            and end is not None
            and j + 1 < stop
            and tokens[j + 1].is_capitalized
        ):
            j += 1
            continue
        if word in FUNCTION_WORDS or word in SUBJECT_PRONOUNS:
            break
        end = j
        j += 1
        if word.endswith(("’s", "'s")):
            continue
        if token.is_capitalized and j < stop and tokens[j].is_capitalized:
            continue
        if not token.is_capitalized and j < stop and tokens[j].is_capitalized:
            continue  # "state media TASS", "spokesman Brian Fallon"
        if token.is_capitalized and _lowercase_head_follows(tokens, j, stop):
            continue  # "Republican party boss Reince Priebus", "the Florida senator,"
        if not token.is_capitalized and j < stop and not tokens[j].is_capitalized:
            continue
        break
    return end


# --- naming the source -------------------------------------------------------------------------

_NAME = re.compile(
    r"(?:[A-Z][\w’'.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w’'.-]*|[A-Z]\.|de|van|von|al|bin|la|da))*"
)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ORG_WORDS = frozenset(
    """party committee house department ministry force council association university news times
    post campaign administration court senate congress agency institute foundation center centre
    bureau office service group company inc corp network press media journal army navy police
    commission union bank fund organization republicans democrats states street city county state
    airlines club board poll survey report reuters television radio""".split()
)


def _strip_title(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return " ".join(words)


def is_person_name(name: str) -> bool:
    """True for a capitalised name that does not look like an organisation."""
    words = name.split()
    if not words or any(w.lower().rstrip(".") in _ORG_WORDS for w in words):
        return False
    return all(w[:1].isupper() for w in words)


def _names_in(match: re.Match[str]) -> Iterator[tuple[int, str]]:
    """The names in a run of capitalised words, with where each starts. A word with a full stop
    ends a name unless it is an initial or a title ("George W. Bush", "Sen. Ted Cruz"): "said on
    Telegram. CNN reported" names no "Telegram. CNN", and "in the U.S. Trump said" no "U.S.
    Trump", whether or not a sentence ends there."""
    start = 0
    run = match.group()
    for word in re.finditer(r"\S+\.(?=\s)", run):
        if len(word.group()) > 2 and word.group().lower() not in TITLES:
            yield match.start() + start, run[start : word.end()]
            start = word.end() + 1
    yield match.start() + start, run[start:]


class NameIndex:
    """Names mentioned in an article, for turning "Trump" or "he" into "Donald Trump"."""

    def __init__(self, text: str) -> None:
        self._mentions: list[tuple[int, str]] = []
        self._by_surname: dict[str, str] = {}
        for start, found in (name for match in _NAME.finditer(text) for name in _names_in(match)):
            name = _strip_title(found.rstrip(".’'s").strip())
            words = name.split()
            if len(words) < 2 or len(words) > 4 or not is_person_name(name):
                continue
            if words[0].lower() in FUNCTION_WORDS or words[0].lower() in DETERMINERS:
                continue
            if words[0].lower() in DAYS or words[0].lower() in MONTHS:
                continue
            self._mentions.append((start, name))
            self._by_surname.setdefault(words[-1].rstrip("’'s"), name)
        self.last_person: str | None = None

    def full_name(self, name: str) -> str:
        """The longest form used in the article for a bare surname or titled surname."""
        bare = _strip_title(name)
        if len(bare.split()) == 1:
            return self._by_surname.get(bare, bare)
        return bare

    def person_before(self, offset: int) -> str | None:
        """The nearest person named before ``offset``: the referent a pronoun most likely has."""
        best: str | None = None
        for start, name in self._mentions:
            if start >= offset:
                break
            best = name
        return best


def resolve_source(phrase: str, start: int, names: NameIndex) -> str:
    """A name to file the source under, from the phrase as written."""
    words = phrase.split()
    lower = phrase.lower()
    if lower in PERSON_PRONOUNS:
        return names.last_person or names.person_before(start) or phrase
    if lower in SUBJECT_PRONOUNS:
        return phrase
    head = _PARENTHETICAL.sub("", phrase).strip()
    if "," in head:
        before, after = head.split(",", 1)
        if _NAME.fullmatch(before.strip()):
            return names.full_name(before.strip())
        # "the head of Kyiv's military administration, Tymur Tkachenko": the person speaks, the
        # title describes them.
        named = after.strip().rstrip(",").strip()
        if before.strip() and _NAME.fullmatch(named) and is_person_name(named):
            return names.full_name(named)
        head = before.strip() if before.strip() else after.strip()
    words = head.split()
    # "CNN journalists on the ground": the outlet speaks through its staff.
    if len(words) > 1 and words[0][:1].isupper() and words[1].lower() in MEDIA_STAFF:
        return words[0]
    # "Russian state media TASS", "Clinton's spokesman Brian Fallon": the trailing name.
    trailing = re.search(r"(?:^|\s)([a-z][\w-]*)\s+((?:[A-Z][\w’'.-]*\s*)+)$", head)
    if trailing:
        return names.full_name(trailing.group(2).strip())
    if _NAME.fullmatch(head):
        return names.full_name(head)
    return _LEADING_ARTICLE.sub("", head)
