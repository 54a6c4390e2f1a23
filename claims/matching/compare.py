"""What two readings share and where they differ: the evidence a match is decided on."""

from __future__ import annotations

from dataclasses import dataclass

from claims.matching.reading import MEASURES, Number, Reading, weight

NumberPairs = tuple[tuple[Number, Number], ...]


@dataclass(frozen=True)
class Comparison:
    # Share of each claim's weighted content found in the other: (the better covered, the less).
    coverage: tuple[float, float]
    # The same, leaving names out: what is said of them.
    predicate: tuple[float, float]
    # Names of one claim that the other also names, each counting as much as it is rare, up to
    # 1: "Scalia" says more than "Clinton" (the smaller sum of the two sides).
    shared_names: float
    only_names: int  # names each claim alone has, the smaller count of the two sides
    same_numbers: NumberPairs  # of one thing and compatible
    different_numbers: NumberPairs  # of one thing, incompatible
    # Of the same kind of thing but too far apart to be one count: "112 million viewers" of a
    # final and "18 million viewers" of a debate.
    far_numbers: NumberPairs
    # The rarest lemma both use, and how much it weighs ("", 0 when they share none).
    rarest_shared: tuple[str, float]
    # The lemmas both say of what they name (their content, names left out).
    shared_predicate: frozenset[str]
    different_dates: tuple[str, str] | None  # months, weekdays or years that cannot both be right
    shared_quote: str  # words one claim quotes and the other has too, in order ("" if none)
    negation: str  # a word asserted in one claim and denied in the other, or ""


def _weight(lemmas: frozenset[str]) -> float:
    return sum(weight(lemma) for lemma in lemmas)


def _coverage(mine: frozenset[str], theirs: frozenset[str]) -> tuple[float, float]:
    """The share of each side's weighted lemmas that the other has too."""
    shared = _weight(mine & theirs)
    if not shared:
        return 0.0, 0.0
    return shared / _weight(mine), shared / _weight(theirs)


# A shorter word that begins a longer one is its abbreviation: "Calif." is "California".
_ABBREVIATION_LETTERS = 4


def _same_word(first: str, second: str) -> bool:
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    return len(short) >= _ABBREVIATION_LETTERS and long.startswith(short)


def _name_matches(name: frozenset[str], others: tuple[frozenset[str], ...]) -> bool:
    # "Scalia" is "Antonin Scalia"; "the Times" is "The New York Times".
    return any(_same_word(mine, theirs) for other in others for mine in name for theirs in other)


# Two reports of one count rarely differ more than threefold; numbers further apart are about
# different things that share a name ("112 million viewers" of a final, "18 million" of a debate).
_COMPARABLE_RATIO = 3.0


def _same_kind(first: Number, second: Number) -> bool:
    if not first.thing & second.thing:
        return False
    # Dollars of spending and dollars of donations are not one thing.
    if (first.thing | second.thing) & MEASURES and not (first.thing & second.thing) - MEASURES:
        return first.thing == second.thing
    return True


def _near(first: Number, second: Number) -> bool:
    low, high = sorted((abs(first.value), abs(second.value)))
    return high <= _COMPARABLE_RATIO * low


def _compatible(first: Number, second: Number) -> bool:
    return first.low <= second.high and second.low <= first.high


def _numbers(a: Reading, b: Reading) -> tuple[NumberPairs, NumberPairs, NumberPairs]:
    """Numbers of one kind of thing: (compatible, near but incompatible, far apart)."""
    same, different, far = [], [], []
    for first in a.numbers:
        kind = [second for second in b.numbers if _same_kind(first, second)]
        near = [second for second in kind if _near(first, second)]
        agreeing = [second for second in near if _compatible(first, second)]
        if agreeing:
            same.append((first, agreeing[0]))
        elif near:
            different.append((first, near[0]))
        elif kind:
            far.append((first, kind[0]))
    return tuple(same), tuple(different), tuple(far)


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _different_dates(a: Reading, b: Reading) -> tuple[str, str] | None:
    """A month, weekday or year each claim gives and the other does not: both cannot be right."""
    if a.months and b.months and not a.months & b.months:
        return _MONTH_NAMES[min(a.months) - 1], _MONTH_NAMES[min(b.months) - 1]
    if a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
        return _WEEKDAY_NAMES[min(a.weekdays)], _WEEKDAY_NAMES[min(b.weekdays)]
    if a.years and b.years and not a.years & b.years:
        return str(min(a.years)), str(min(b.years))
    return None


_NEGATED_PHRASE = 2


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _shared_quote(a: Reading, b: Reading) -> str:
    """A quotation of one claim found word for word in the other: the same words reported."""
    for quoting, other in ((a, b), (b, a)):
        for quote in quoting.quotes:
            if _contains(other.lemmas, quote):
                return " ".join(quote)
    return ""


def _negation(a: Reading, b: Reading) -> str:
    """A phrase one claim denies and the other, denying nothing, asserts ("no reasonable
    prosecutor"). Two claims that both deny ("may not have paid", "avoided paying") agree."""
    for denied, other in ((a.negated, b), (b.negated, a)):
        asserted = other.content & denied
        if not other.negated and len(asserted) >= _NEGATED_PHRASE:
            return " ".join(sorted(asserted))
    # "unarmed" against "armed": a negating prefix.
    for first, second in ((a.content, b.content), (b.content, a.content)):
        for lemma in first:
            for prefix in ("un", "non", "in"):
                if lemma.startswith(prefix) and lemma[len(prefix) :] in second:
                    return lemma[len(prefix) :]
    return ""


# A name as rare as this (about one word in a million: Zipf 3) counts fully.
_RARE_NAME_WEIGHT = 4.0


def _rarity(names: list[frozenset[str]]) -> float:
    return sum(min(1.0, max(weight(lemma) for lemma in name) / _RARE_NAME_WEIGHT) for name in names)


def compare(a: Reading, b: Reading) -> Comparison:
    coverage_a, coverage_b = _coverage(a.content, b.content)
    named_a = frozenset().union(*a.names) if a.names else frozenset()
    named_b = frozenset().union(*b.names) if b.names else frozenset()
    what_a, what_b = a.content - named_a, b.content - named_b
    predicate_a, predicate_b = _coverage(what_a, what_b)
    found_a = [name for name in a.names if _name_matches(name, b.names)]
    found_b = [name for name in b.names if _name_matches(name, a.names)]
    shared_a, shared_b = len(found_a), len(found_b)
    same, different, far = _numbers(a, b)
    return Comparison(
        coverage=(max(coverage_a, coverage_b), min(coverage_a, coverage_b)),
        predicate=(max(predicate_a, predicate_b), min(predicate_a, predicate_b)),
        shared_names=min(_rarity(found_a), _rarity(found_b)),
        only_names=min(len(a.names) - shared_a, len(b.names) - shared_b),
        same_numbers=same,
        far_numbers=far,
        shared_predicate=what_a & what_b,
        rarest_shared=max(((weight(w), w) for w in a.content & b.content), default=(0.0, ""))[::-1],
        different_numbers=different,
        different_dates=_different_dates(a, b),
        negation=_negation(a, b),
        shared_quote=_shared_quote(a, b),
    )
