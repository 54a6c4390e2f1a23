"""Reporting verbs: "X said (that) ...", '"...," X said', '"...," said X', "..., adding ...".

The subject is found by walking left from the verb, the content by looking on both sides of
it: after the verb (indirect speech, a following quotation) or before its subject (a claim or
quotation followed by ", X said").
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.cues import (
    CLAUSE_ONLY,
    CUE_LEMMA,
    GUARDED_FORMS,
    OBJECT_VERBS,
    PREDICATIVE,
    STANCE_VERBS,
)
from claims.extraction.sentence_view import (
    Draft,
    Range,
    SentenceView,
    clause_start,
    content_from,
    is_outlet,
    is_participle_cue,
    left_content,
    right_content_end,
    skip_forward_adverbials,
)
from claims.extraction.source_phrases import (
    noun_phrase_after,
    noun_phrase_before,
    skip_back_adverbials,
    subject_before,
)
from claims.extraction.tokens import (
    ADVERBS,
    DAYS,
    DETERMINERS,
    FUNCTION_WORDS,
    POSSESSIVES,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
)

_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PARTICIPLE_LEADS = frozenset({",", "while", "by", "after", "before", "and", "when", "in", "—"})
_RELATIVES = frozenset({"who", "which"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you"})
# What may follow the source of an inverted cue: '"...," said Smith of Ohio / in a statement.'
_AFTER_INVERTED = frozenset(
    "in on at during after before from of who told to when while as with".split()
)
_NOT_A_CLAUSE = frozenset(
    "of on with for at to from after before during against into upon toward towards".split()
)
_NOT_A_HEAD = FUNCTION_WORDS | SUBJECT_PRONOUNS | DETERMINERS
# Words that end a noun-phrase object: "endorsed her last week", "opposed it, which ...",
# "backed the law after the vote".
_OBJECT_ENDS = frozenset("which who last during because while after before".split())
# What links an adjective to its content: "critical of", "worried about", "pleased with".
_PREDICATIVE_LINKS = frozenset("of about with on over toward towards".split())
_THAT_SEARCH = 15  # how far "said on Tuesday in an interview with ... that" may stretch
_SHORT_LEAD_IN = 5  # "He told the audience, to applause:" introduces what follows the colon


@dataclass(slots=True)
class _Subject:
    source: Range
    first: int  # token index where the source phrase starts
    kind: str  # "subject", "relative", "relative-object", "shared", "as"
    antecedent: Range | None = None
    relative_at: int = -1


def verb_cue(view: SentenceView, first: int, last: int, drafts: list[Draft]) -> Draft | None:
    """The attribution a reporting verb at tokens first..last introduces, if any."""
    word = view.word(first)
    lemma = CUE_LEMMA.get(word) or GUARDED_FORMS.get(word, word)
    before = first - 1
    while before >= 0 and (view.word(before) in ADVERBS or view.word(before).endswith("ly")):
        before -= 1
    progressive = word.endswith("ing") and view.word(before) in _BE_FORMS
    if word in PREDICATIVE:
        if view.word(before) in _BE_FORMS:
            return _predicative(view, first, last, drafts)
        if word not in CUE_LEMMA:
            return None  # "a confident speech", "the opposed camps"
    if not word.endswith("ing") and view.word(before) in _BE_FORMS:
        if view.word(last + 1) == "by":
            return _by_agent(view, first, last, before)
        return None  # passive: "he was told", "it is said"
    cue_last = last
    while view.word(cue_last + 1).endswith("ly") and len(view.word(cue_last + 1)) > 4:
        cue_last += 1  # "stated firmly"
    cue = view.chars(first, cue_last)
    subject = _subject(view, first, progressive, drafts)
    if subject is None:
        return None if word.endswith("ing") else _inverted(view, first, cue_last, cue)
    if word == "called" and _names_a_thing(view, subject):
        return None
    draft = Draft(source=subject.source, cue=cue, parts=[], antecedent=subject.antecedent)
    if subject.kind == "subject":
        _chain_in_source(view, draft)
    if subject.kind == "relative-object":
        end = cue_last + 1
        while end <= view.last and view.tokens[end].text != ",":
            end += 1
        draft.parts.append(view.chars(subject.relative_at, end - 1))
        return draft
    if subject.kind == "as":
        return _as_aside(view, draft, subject, lemma, cue_last)
    return _with_content(view, draft, subject, lemma, cue_last)


def _predicative(view: SentenceView, first: int, last: int, drafts: list[Draft]) -> Draft | None:
    """ "X is worried that Y", "X was critical of Y", "X is eager to Y": the clause, the object or
    the infinitive after the adjective is X's."""
    subject = _subject(view, first, False, drafts)
    if subject is None or subject.kind not in ("subject", "relative", "shared"):
        return None
    k = last + 1
    link = view.word(k)
    if link == "that" or link == "to":
        start = k + 1 if link == "that" else k
        end = right_content_end(view, start)
    elif link in _PREDICATIVE_LINKS:
        start = k + 1
        end = _object_end(view, start, right_content_end(view, start))
    else:
        return None  # "He was angry."
    content = content_from(view, start, end)
    if content is None:
        return None
    return Draft(subject.source, view.chars(first, last), [content], antecedent=subject.antecedent)


def _as_aside(
    view: SentenceView, draft: Draft, subject: _Subject, lemma: str, cue_last: int
) -> Draft | None:
    """ "As the paper noted, X", "As Lee told CNN, X" and "X, as Comey noted": the clause next
    to the aside."""
    after = cue_last + 1
    if lemma in OBJECT_VERBS:
        hearer = _recipient_end(view, after)
        after = after if hearer is None else hearer + 1
    after = skip_forward_adverbials(view, after)
    if view.word(after) == "," and after < view.last:
        content = content_from(view, after + 1, right_content_end(view, after + 1))
    else:
        comma = subject.first - 2  # "X, as Comey noted."
        content = None
        if view.word(comma) == "," and after > view.last:
            content = content_from(view, clause_start(view, comma), comma - 1)
    if content is None:
        return None
    draft.parts.append(content)
    return draft


def _with_content(
    view: SentenceView, draft: Draft, subject: _Subject, lemma: str, cue_last: int
) -> Draft | None:
    tokens = view.tokens
    after_cue = skip_forward_adverbials(view, cue_last + 1)
    left = left_content(view, subject.first - 1) if subject.kind == "subject" else None
    quoted_before = left is not None and view.is_quote(view.by_end.get(left[1], -1))
    # 'Walking in to chants of "Marco!," the senator said his campaign ...': a quotation closing
    # an opening phrase is not what the speaker said when a clause follows the cue.
    if (
        quoted_before
        and left is not None
        and not view.is_quote(view.by_start.get(left[0], -1))
        and _clause_follows(view, after_cue)
    ):
        quoted_before, left = False, None
    start, clause_like = _content_start(view, draft, lemma, cue_last + 1, not quoted_before)
    if left is not None and quoted_before:
        draft.parts.append(left)  # '"Quote," he said', perhaps ', "and more."'
        _absorb_quote_after(view, start, draft)
        return draft
    right: Range | None = None
    right_end = start
    if start <= view.last:
        right_end = right_content_end(view, start)
        if subject.kind == "relative":  # "Trump, who said X, won": X ends with the clause
            comma = next((k for k in range(start, right_end + 1) if tokens[k].text == ","), None)
            right_end = right_end if comma is None else comma - 1
        if lemma in STANCE_VERBS and not clause_like and view.word(start) != "to":
            right_end = _object_end(view, start, right_end)
        right = content_from(view, start, right_end)
    aside = after_cue <= view.last and tokens[after_cue].text == ","
    if lemma in OBJECT_VERBS and cue_last + 1 < start <= view.last:
        aside = aside or tokens[start - 1].text == ","  # "The fix, he told them, was simple"
    if subject.kind == "subject" and aside and left is None:
        left = left_content(view, subject.first - 1, min_words=1)
    short = right is None or right_end - start < _SHORT_LEAD_IN
    if view.ends_with_colon() and short and not view.is_quote(start):
        draft.wants_next = True
        return draft
    if left is not None and aside and right is not None and not view.is_quote(start):
        draft.parts.extend((left, right))  # "The nickname, she explained, exists because ..."
    elif right is not None and (clause_like or lemma not in CLAUSE_ONLY):
        infinitive = lemma in STANCE_VERBS and view.word(start) == "to"
        if _opens_phrase(view, start) and not clause_like and not infinitive:
            right = None  # "insisted on paying", "said of the episode": no claim follows
        elif subject.kind != "subject" or right_end > start or view.is_quote(start):
            draft.parts.append(right)
    if not draft.parts and left is not None and (right is None or right_end - start < 3):
        draft.parts.append(left)
    return draft if draft.parts else None


def _by_agent(view: SentenceView, first: int, last: int, be: int) -> Draft | None:
    """ "The plan was endorsed by the mayor": the agent after "by" is the source and the subject
    of the passive, or the clause after the agent, the content."""
    tokens = view.tokens
    end = noun_phrase_after(tokens, last + 2, view.last + 1)
    found = subject_before(tokens, be - 1, 0) if be > 0 else None
    if end is None or found is None:
        return None
    content: Range | None = view.chars(*found)
    if view.word(end + 1) == "that":  # "He was told by aides that ...": the clause was said
        content = content_from(view, end + 2, right_content_end(view, end + 2))
    if content is None:
        return None
    return Draft(source=view.chars(last + 2, end), cue=view.chars(first, last + 1), parts=[content])


def _names_a_thing(view: SentenceView, subject: _Subject) -> bool:
    """ "launched a group called Black Votes Matter": an indefinite noun phrase inside a clause
    before "called" is being named, not speaking."""
    before = subject.first - 1
    if subject.kind != "subject" or view.word(subject.first) not in ("a", "an") or before < 0:
        return False
    token = view.tokens[before]
    return token.text[0].isalpha() and not token.is_capitalized


def _clause_follows(view: SentenceView, i: int) -> bool:
    """True when a word that can open a clause (not a preposition) stands at ``i``."""
    return i <= view.last and view.tokens[i].text[0].isalpha() and view.word(i) not in PREPOSITIONS


def _object_end(view: SentenceView, start: int, end: int) -> int:
    """Last token of a stance verb's object: PolNeAR's content is the object phrase alone."""
    for k in range(start + 1, end + 1):
        if view.tokens[k].text in (",", "—", "(") or view.word(k) in _OBJECT_ENDS:
            return k - 1
    return end


def _opens_phrase(view: SentenceView, i: int) -> bool:
    """True when what follows the cue is a prepositional phrase, not a statement."""
    word = view.word(i)
    if word == "about":
        return not view.word(i + 1)[:1].isdigit()
    return word in _NOT_A_CLAUSE


def _subject(
    view: SentenceView, first: int, progressive: bool, drafts: list[Draft]
) -> _Subject | None:
    tokens = view.tokens
    word = view.word(first)
    lead = skip_back_adverbials(tokens, first - 1, 0)
    if lead < 0:
        return None
    lead_word = view.word(lead)
    if word.endswith("ing") and not progressive:
        if lead_word in _PARTICIPLE_LEADS:
            return _shared_subject(view, lead, drafts)
        return _absolute_subject(view, lead)
    if lead_word == "that":
        return None  # "records that show", "an ad that says": the clause describes a thing
    if lead_word in _RELATIVES:
        head_end = lead - 2 if view.word(lead - 1) == "," else lead - 1
        start = noun_phrase_before(tokens, head_end, 0) if head_end >= 0 else None
        antecedent = view.chars(start, head_end) if start is not None else None
        return _Subject(view.chars(lead, lead), lead, "relative", antecedent)
    if lead_word in ("and", "but"):
        return _shared_subject(view, lead, drafts)
    found = subject_before(tokens, first - 1, 0)
    if found is None:
        return None
    start, end = found
    opener = view.word(start - 1)
    if opener == "as":
        return _Subject(view.chars(start, end), start, "as")
    if view.word(end) in SUBJECT_PRONOUNS and opener in ("what", "whatever"):
        return None  # "what he said": a noun phrase, not a claim
    if opener == "which" or (opener == "that" and _after_noun(view, start - 2)):
        # "the vote, which she said was a mistake,": the clause from "which" is the content.
        return _Subject(view.chars(start, end), start, "relative-object", relative_at=start - 1)
    return _Subject(view.chars(start, end), start, "subject")


def _absolute_subject(view: SentenceView, end: int) -> _Subject | None:
    """The subject of an absolute phrase: "with 30 percent of voters saying ...", "with McCain
    telling reporters ...". Without "with", a noun before "-ing" is mostly modified by it ("calls
    saying shots were fired", "a sign saying ...")."""
    start = noun_phrase_before(view.tokens, end, 0)
    if start is None or view.word(start - 1) != "with":
        return None
    return _Subject(view.chars(start, end), start, "subject")


def _after_noun(view: SentenceView, i: int) -> bool:
    word = view.word(i)
    return word == "," or (
        bool(word) and word[0].isalpha() and word not in FUNCTION_WORDS and word not in CUE_LEMMA
    )


def _shared_subject(view: SentenceView, lead: int, drafts: list[Draft]) -> _Subject | None:
    """Subject of "..., adding" or "... and said": the clause's own subject."""
    if drafts:
        previous = drafts[-1]
        near = view.by_end.get(previous.cue[1], -10)
        if previous.parts:
            near = max(near, view.by_end.get(previous.parts[-1][1], -10))
        if lead - near <= 2:
            return _Subject(previous.source, lead, "shared", previous.antecedent)
    start = clause_start(view, lead)
    end = noun_phrase_after(view.tokens, start, lead)
    if end is None:
        return None
    return _Subject(view.chars(start, end), start, "shared")


def _inverted(view: SentenceView, first: int, cue_last: int, cue: Range) -> Draft | None:
    """'"...," said John Smith, a spokesman for X.': the source follows the cue."""
    tokens = view.tokens
    if first == 0 or not (tokens[first - 1].text == "," or view.is_quote(first - 1)):
        return None
    start = cue_last + 1
    end = noun_phrase_after(tokens, start, view.last + 1)
    if end is None:
        return None
    follow = end + 1
    if follow <= view.last:
        allowed = (",", "(") if view.word(start) in SUBJECT_PRONOUNS else (",", "(", ";")
        if tokens[follow].text not in allowed and view.word(follow) not in _AFTER_INVERTED:
            return None
    while end + 2 <= view.last and tokens[end + 1].text == ",":
        nxt = view.word(end + 2)
        if view.is_quote(end + 2) or nxt == "according" or is_participle_cue(nxt):
            break
        j = end + 2
        while j <= view.last and tokens[j].text != "," and not view.is_quote(j):
            j += 1
        end = j - 1
    left = left_content(view, first - 1)
    if left is None:
        return None
    draft = Draft(source=view.chars(start, end), cue=cue, parts=[left])
    _absorb_quote_after(view, end + 1, draft)
    return draft


def _recipient_end(view: SentenceView, i: int) -> int | None:
    """Last token of the hearer in "told reporters", "told The Daily Ledger", "told his staff"."""
    tokens = view.tokens
    n = view.last + 1
    if i >= n or view.is_quote(i):
        return None
    word = view.word(i)
    if word in _OBJECT_PRONOUNS:
        return i
    if tokens[i].is_capitalized or (word == "the" and i + 1 < n and tokens[i + 1].is_capitalized):
        j = i + 1
        while j < n and (
            tokens[j].is_capitalized
            or (view.word(j) in ("of", "&") and j + 1 < n and tokens[j + 1].is_capitalized)
        ):
            j += 1
        following = view.word(j)
        if j < n and following[:1].isalpha() and following not in _NOT_A_HEAD:
            j += 1  # "told Flint residents", "told CNN reporters"
        return j - 1
    if word in DETERMINERS or word in POSSESSIVES or word.isdigit():
        j = i + 1
        while j < n and j - i <= 5:
            token = tokens[j]
            low = token.lower
            if not token.text[0].isalnum() or low in FUNCTION_WORDS or low in SUBJECT_PRONOUNS:
                break
            if low in DAYS or (
                token.is_capitalized and not tokens[j - 1].is_capitalized and j > i + 1
            ):
                break
            j += 1
        return j - 1 if j > i + 1 else None
    if word[0].isalpha() and word not in FUNCTION_WORDS and word not in SUBJECT_PRONOUNS:
        return i
    return None


def _content_start(
    view: SentenceView, draft: Draft, lemma: str, r: int, relay_citing: bool
) -> tuple[int, bool]:
    """Where the content after the cue begins, past the hearer, adverbials and "that".

    "X said, citing Y, that ..." relays Y's claim; after a quotation ('"...," he said, citing
    Y') the words are the speaker's own and Y is only what he pointed to.
    """
    tokens = view.tokens
    n = view.last + 1
    if lemma in OBJECT_VERBS and view.word(r) not in ("that", ",", ":"):
        end = _recipient_end(view, r)
        if end is not None:
            if is_outlet(view, r, end):
                draft.relay, draft.relay_cue = view.chars(r, end), draft.cue
            r = end + 1
    elif view.word(r) == "to" and lemma not in STANCE_VERBS:
        end = _recipient_end(view, r + 1)  # "wrote to his followers", "said to reporters"
        if end is not None:
            r = end + 1
    r = skip_forward_adverbials(view, r)
    if view.word(r) in PREPOSITIONS and not view.is_quote(r):
        for k in range(r + 1, min(n, r + _THAT_SEARCH)):
            if view.is_quote(k) or tokens[k].text == ";":
                break
            if view.word(k) == "that":
                r = k
                break
    if relay_citing and view.word(r) == "," and view.word(r + 1) == "citing":
        k = r + 2
        while k < n and tokens[k].text not in (",", ";", ":"):
            k += 1
        if k > r + 2:
            draft.relay, draft.relay_cue = draft.source, draft.cue
            draft.source, draft.cue = view.chars(r + 2, k - 1), view.chars(r + 1, r + 1)
            r = k
    if r < n and tokens[r].text in (",", ":"):
        r += 1
        nxt = view.word(r)
        if nxt == "according" or is_participle_cue(nxt):
            return n, False  # "X said, adding ...": the rest belongs to the next cue
    has_that = view.word(r) == "that"
    if has_that:
        r += 1
    clause_like = has_that or view.is_quote(r) or (r > 0 and tokens[r - 1].text == ":")
    return r, clause_like


def _chain_in_source(view: SentenceView, draft: Draft) -> None:
    """Turn "TASS, citing a Kremlin aide, said" into source=aide, relay=TASS."""
    first = view.by_start.get(draft.source[0])
    last = view.by_end.get(draft.source[1])
    if first is None or last is None:
        return
    for k in range(first + 1, last):
        if view.word(k) == "citing" and view.word(k - 1) == ",":
            draft.relay, draft.relay_cue = view.chars(first, k - 2), draft.cue
            draft.source, draft.cue = view.chars(k + 1, last), view.chars(k, k)
            return


def _absorb_quote_after(view: SentenceView, i: int, draft: Draft) -> None:
    """'"A," he said, "B."': the second quotation belongs to the same statement. Without the
    comma it is a title ('"A," he told "Fox and Friends" after ...'), not more of the quote."""
    while i <= view.last and view.tokens[i].text in (",", ":"):
        i += 1
    if view.is_quote(i) and view.tokens[i - 1].text in (",", ":"):
        draft.parts.append(view.chars(i, view.last))
