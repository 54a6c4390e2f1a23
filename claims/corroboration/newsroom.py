"""The explanation an editor reads beside a claim's grade, in newsroom words.

It says who the voices are, which of them are not independent and why, what disagrees and what
tips the balance, and ends on the grade `value_credibility` gives: the grade stored on the claim
and shown beside the explanation, so the two cannot disagree. Probabilities stay in the
structured result; the words use counts an editor can check ("right in 9 of 10 earlier checks").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .explain import COPIES, listed_names
from .grades import ADMIRALTY_PRIORS, GRADE_NAMES, value_credibility
from .model import Alternative, Contribution, QuestionResult
from .values import alternative_of

# Accounts this close in probability are a draw: nothing tips the balance.
DRAW = 0.05
# A value has more independent sources than another when its voices outnumber the other's by
# this much (two copies make one voice, so counts are summed shares).
MORE_VOICES = 0.5

_RELAYED = ", relayed by "
_WORDS = (
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """What the explanation says about a source besides its name, from the source registry."""

    name: str
    description: str = ""  # "Russian state media"; empty when the registry says nothing
    grade: str = ""  # the editor's Admiralty grade; F ("cannot be judged") says nothing
    unnamed: bool = False  # "Kremlin aide": a role, not a name
    confirmed: int = 0  # editor verdicts that proved it right
    refuted: int = 0  # and wrong

    @property
    def label(self) -> str:
        """ "a Kremlin aide (unnamed)", "TASS (Russian state media, grade D)"."""
        notes = [self.description] if self.description else []
        if self.unnamed:
            notes.insert(0, "unnamed")
        if self.grade in ADMIRALTY_PRIORS:
            notes.append(f"grade {self.grade}")
        name = _with_article(self.name) if self.unnamed else self.name
        return f"{name} ({', '.join(notes)})" if notes else name

    @property
    def track_record(self) -> str:
        checks = self.confirmed + self.refuted
        return f"right in {_number(self.confirmed)} of {_number(checks)} earlier checks"


def explanation(
    result: QuestionResult | None,
    value: str,
    sources: Mapping[str, SourceProfile],
    *,
    phrases: Mapping[str, str] | None = None,
) -> list[str]:
    """Sentences explaining the grade of `value` as an answer to the result's question.

    sources: what the registry says of each source (a name missing from it is shown bare);
    phrases: how to say a value ("that it is so" for a stand-alone claim's "supports"); a value
    without one is shown as it is.
    """
    if result is None:
        return ["No source makes this claim: its truth cannot be judged yet.", _grade(6)]
    words = _Words(result, sources, phrases or {})
    mine = alternative_of(result, value)
    if mine is None:
        lines = ["No source gives this account."]
    elif len(result.alternatives) == 1:
        lines = [words.agreement(mine)]
    else:
        lines = [words.disagreement(), words.balance()]
    if (dependent := words.dependent()) is not None:
        lines.insert(1, dependent)
    return [*lines, _grade(value_credibility(result, value))]


class _Words:
    """Sentences about one result: its accounts, their voices and what tips the balance."""

    def __init__(
        self,
        result: QuestionResult,
        sources: Mapping[str, SourceProfile],
        phrases: Mapping[str, str],
    ) -> None:
        self.result = result
        self.sources = sources
        self.phrases = phrases

    def profile(self, name: str) -> SourceProfile:
        return self.sources.get(name, SourceProfile(name))

    def said(self, alternative: Alternative) -> str:
        return self.phrases.get(alternative.value, alternative.value)

    def contributions(self, alternative: Alternative) -> list[Contribution]:
        return [c for c in self.result.contributions if c.value == alternative.value]

    def voices(self, alternative: Alternative) -> list[str]:
        """Each voice once: an original with everyone who relayed it ("a Kremlin aide
        (unnamed), relayed by TASS (...)")."""
        relayed_by: dict[str, list[str]] = {}
        for c in self.contributions(alternative):
            origin, *relays = (*c.via, c.source)
            chain = relayed_by.setdefault(origin, [])
            chain.extend(r for r in relays if r not in chain)
        return [
            self.profile(origin).label
            + (f"{_RELAYED}{_and(self.profile(r).label for r in relays)}" if relays else "")
            for origin, relays in relayed_by.items()
        ]

    def agreement(self, alternative: Alternative) -> str:
        voices = self.voices(alternative)
        if len(voices) == 1:
            return f"One voice: {voices[0]}. No independent source confirms or contradicts it."
        verb = "Confirmed" if alternative.credibility == 1 else "Reported"
        return f"{verb} by {_number(len(voices))} independent sources: {_voices(voices)}."

    def disagreement(self) -> str:
        voices = [self.voices(a) for a in self.result.alternatives]
        accounts = [
            f"{self.said(a)} according to {_voices(v)}"
            for a, v in zip(self.result.alternatives, voices, strict=True)
        ]
        count = _number(len(accounts)).capitalize()
        # An account of several voices is itself a list: semicolons keep the accounts apart.
        listed = _series(accounts, semicolons=any(len(v) > 1 or _RELAYED in v[0] for v in voices))
        return f"{count} accounts disagree: {listed}."

    def dependent(self) -> str | None:
        """Each copy cluster once, with the value it gives ("Twelve sources, ..., give 1,136;
        they copy one another (...) and count as one voice."), then the other reasons some
        sources are not independent."""
        flocks: dict[tuple[str, str], list[str]] = {}
        reasons: list[str] = []
        for c in self.result.contributions:
            if c.discounted_reason is None:
                continue
            if c.discounted_reason.startswith(COPIES):
                flocks.setdefault((c.value, c.discounted_reason), []).append(c.source)
            else:
                reasons.append(c.discounted_reason)
        sentences = [
            f"{_number(len(names)).capitalize()} sources, {listed_names(names)}, give "
            f"{self.phrases.get(value, value)}; {reason}."
            for (value, reason), names in flocks.items()
        ]
        if reasons:
            sentences.append(f"Not independent: {'; '.join(dict.fromkeys(reasons))}.")
        return " ".join(sentences) or None

    def balance(self) -> str:
        """What makes the leading account more credible than the next, if anything."""
        result = self.result
        if result.label is not None:
            settled = alternative_of(result, result.label)
            if settled is None:
                return f"An editor's verdict settles it: {result.label}, which no source gave."
            return f"An editor's verdict settles it: {self.said(settled)}."
        first, second = result.alternatives[:2]
        if first.probability - second.probability < DRAW:
            return "Nothing tips the balance between them."
        tips = [*self._more_voices(first, second), *self._better_source(first, second)]
        return f"What tips the balance: {'; '.join(tips)}."

    def _more_voices(self, first: Alternative, second: Alternative) -> list[str]:
        """More independent sources, or, when nothing else can tip it, a little more weight:
        sources only partly independent, or sources that agreed with others more often."""
        mine, theirs = (sum(c.share for c in self.contributions(a)) for a in (first, second))
        if mine - theirs >= MORE_VOICES:
            return [
                f"{self.said(first)} has more independent sources "
                f"({_number(round(mine))} against {_number(round(theirs))})"
            ]
        if self._better_source(first, second):
            return []
        if mine > theirs:
            return [f"{self.said(first)} has a little more independent support"]
        return [f"the sources of {self.said(first)} agreed with other sources more often"]

    def _better_source(self, first: Alternative, second: Alternative) -> list[str]:
        best, rival = (self._strongest(a) for a in (first, second))
        tips = []
        if best.grade in ADMIRALTY_PRIORS and best.grade < (rival.grade or "F"):
            against = f"grade {rival.grade}" if rival.grade in ADMIRALTY_PRIORS else "no grade"
            tips.append(
                f"{self.said(first)} comes from a better-graded source "
                f"({best.name}, grade {best.grade}, against {against})"
            )
        if best.confirmed + best.refuted:
            tips.append(f"{best.name} has been {best.track_record}")
        return tips

    def _strongest(self, alternative: Alternative) -> SourceProfile:
        """The source of the value an editor would trust first: best grade, then best record."""
        profiles = [self.profile(c.source) for c in self.contributions(alternative)]
        return min(
            profiles,
            key=lambda p: (
                p.grade if p.grade in ADMIRALTY_PRIORS else "F",
                -(p.confirmed - p.refuted),
            ),
        )


def _grade(grade: int) -> str:
    return f"Credibility {grade}: {GRADE_NAMES[grade]}."


def _number(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _and(items: Iterable[str]) -> str:
    names = list(items)
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]


def _voices(voices: list[str]) -> str:
    """Voices in a list; semicolons when one has relays, whose names a comma would blur."""
    return _series(voices, semicolons=any(_RELAYED in voice for voice in voices))


def _series(items: list[str], *, semicolons: bool) -> str:
    if not semicolons:
        return _and(items)
    return "; ".join(items[:-1]) + ("; and " if len(items) > 1 else "") + items[-1]


def _with_article(name: str) -> str:
    """ "a Kremlin aide", "an army spokesman"; a possessive ("Ukraine's foreign minister") or
    a leading article needs none."""
    first = name.split()[0].lower() if name.split() else ""
    if first in {"a", "an", "the"} or first.endswith(("'s", "’s")):
        return name
    return ("an " if first[:1] in set("aeio") else "a ") + name
