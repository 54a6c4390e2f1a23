"""Who said what: attributions found by cue words and the phrase structure around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.cues import CLAUSE_ONLY, CUE, CUE_LEMMA, OBJECT_VERBS
from claims.extraction.quantities import extract_quantities
from claims.extraction.sentences import Sentence, split_sentences
from claims.extraction.sources import (
    NameIndex,
    is_person_name,
    noun_phrase_after,
    resolve_source,
    skip_back_adverbials,
    subject_before,
)
from claims.extraction.tokens import (
    ADVERBS,
    AUXILIARIES,
    CONJUNCTIONS,
    DAYS,
    DETERMINERS,
    MEDIA_STAFF,
    MONTHS,
    PERSON_PRONOUNS,
    POSSESSIVES,
    PREPOSITIONS,
    QUOTE_FILL,
    SUBJECT_PRONOUNS,
    Token,
    tokenize,
)
from claims.extraction.types import ExtractedAttribution, Span

Range = tuple[int, int]  # character offsets [start, end)

_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_PARTICIPLE_LEADS = frozenset({",", "while", "by", "after", "before", "and", "when", "in", "—"})
_OPENING_WORDS = frozenset({"but", "and", "so", "yet", "still", "however", "meanwhile", "then"})
_ADVERBIAL_NOUNS = frozenset(
    """statement statements interview interviews speech speeches tweet tweets post posts letter
    email e-mail release conference call debate rally appearance op-ed memo filing video message
    briefing hearing remarks address session meeting event broadcast podcast column editorial
    twitter facebook instagram television radio phone telephone testimony report book blog
    announcement week month year morning afternoon evening night weekend""".split()
)
_ADVERBIAL_PREPOSITIONS = frozenset({"in", "on", "at", "during", "via", "through", "over"})
_OUTLET_WORDS = frozenset(
    """news post times journal press radio tv magazine network daily tribune herald guardian
    telegraph agency broadcasting examiner globe chronicle review wire television""".split()
)
_CREDIT = re.compile(r"\s*\(([A-Z][^()]{2,80})\)\s*[.!]?\s*$")
_FINAL_PUNCT = frozenset({".", "!", "?", ";", ":"})
_QUOTE_EDGES = "“”\"'«» "


@dataclass(slots=True)
class _Draft:
    source: Range
    cue: Range
    parts: list[Range]
    relay: Range | None = None
    relay_cue: Range | None = None
    credit: str | None = None
    recipient_is_relay: bool = False
    extra: dict[str, str] = field(default_factory=dict)


class _SentenceView:
    """One sentence, its tokens on the quote-masked text, and helpers over token indices."""

    def __init__(self, text: str, masked: str, sentence: Sentence) -> None:
        self.text = text
        self.masked = masked
        self.sentence = sentence
        self.tokens: list[Token] = tokenize(masked, sentence.start, sentence.end)
        self.by_start = {token.start: i for i, token in enumerate(self.tokens)}
        self.by_end = {token.end: i for i, token in enumerate(self.tokens)}
        last = len(self.tokens) - 1
        while last >= 0 and self.tokens[last].text in _FINAL_PUNCT:
            last -= 1
        self.last = last  # index of the last token before closing punctuation

    def chars(self, first: int, last: int) -> Range:
        return self.tokens[first].start, self.tokens[last].end

    def is_quote(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].text.startswith(QUOTE_FILL)


def _mask_quotes(text: str, sentences: list[Sentence]) -> str:
    """Replace quotations by ``§`` so cue words inside them are not taken as the article's."""
    pieces: list[str] = []
    done = 0
    for sentence in sentences:
        for start, end in sentence.quotes:
            pieces.append(text[done:start])
            pieces.append(QUOTE_FILL * (end - start))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _skip_forward_adverbials(view: _SentenceView, i: int) -> int:
    """Step right over "on Tuesday", "in a statement", "in an interview with CNN", ..."""
    tokens = view.tokens
    n = view.last + 1
    while i < n:
        word = tokens[i].lower
        if word in DAYS or (word in ADVERBS and word not in ("that", "there", "here")):
            i += 1
            continue
        if word.endswith("ly") and len(word) > 4 and not tokens[i].is_capitalized:
            i += 1
            continue
        if word in _ADVERBIAL_PREPOSITIONS or word in ("last", "this", "earlier", "late", "early"):
            j = i + 1
            while j < n and (tokens[j].lower in DETERMINERS or tokens[j].lower in POSSESSIVES):
                j += 1
            while j < n and tokens[j].lower not in _ADVERBIAL_NOUNS and j - i < 5:
                if tokens[j].lower in PREPOSITIONS or not tokens[j].text[0].isalnum():
                    break
                j += 1
            if j < n and (tokens[j].lower in _ADVERBIAL_NOUNS or tokens[j].lower in DAYS):
                i = j + 1
                if i < n and tokens[i].lower in ("with", "to", "on", "at", "for"):
                    k = i + 1
                    if k < n and tokens[k].lower in DETERMINERS:
                        k += 1
                    while k < n and tokens[k].is_capitalized:
                        k += 1
                    if k > i + 1:
                        i = k
                continue
            if word in ("in", "at") and j < n and tokens[i + 1].is_capitalized:
                k = i + 1
                while k < n and tokens[k].is_capitalized:
                    k += 1
                if k >= n or tokens[k].text in (",", ":") or tokens[k].lower == "that":
                    i = k
                    continue
            break
        if (
            word in MONTHS
            and tokens[i].is_capitalized
            and i + 1 < n
            and tokens[i + 1].text.isdigit()
        ):
            i += 2
            continue
        break
    return i


def _is_outlet(view: _SentenceView, first: int, last: int) -> bool:
    words = [t.text for t in view.tokens[first : last + 1]]
    if any(w.lower() in MEDIA_STAFF for w in words):
        return True
    if any(w.lower() in _OUTLET_WORDS and w[:1].isupper() for w in words):
        return True
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)


def _right_content_end(view: _SentenceView, i: int) -> int:
    """Last token of a content clause starting at ``i``: it stops before ", adding ..." etc."""
    tokens = view.tokens
    j = i
    while j <= view.last:
        if tokens[j].text == "," and j + 1 <= view.last:
            nxt = tokens[j + 1].lower
            lemma = CUE_LEMMA.get(nxt)
            if nxt == "according" or (lemma is not None and nxt.endswith("ing")):
                return j - 1
        j += 1
    return view.last


def _clause_start(view: _SentenceView, limit: int) -> int:
    """First token of the main clause: after opening conjunctions and an introductory phrase."""
    tokens = view.tokens
    i = 0
    while i < limit and (tokens[i].lower in _OPENING_WORDS or tokens[i].text == ","):
        i += 1
    word = tokens[i].lower if i < limit else ""
    if word in PREPOSITIONS or word in CONJUNCTIONS or word.endswith(("ed", "ing")):
        j = i
        while j < limit and tokens[j].text != ",":
            j += 1
        if j < limit and j - i < 16:
            return j + 1
    return i


def _content_from(view: _SentenceView, first: int, last: int) -> Range | None:
    if first > last:
        return None
    if not any(
        t.text[0].isalnum() or t.text.startswith(QUOTE_FILL) for t in view.tokens[first : last + 1]
    ):
        return None
    return view.chars(first, last)


def _left_content(view: _SentenceView, before: int) -> Range | None:
    """Content preceding its source: "Claim, the ministry said." or '"Quote," he said.'."""
    last = before
    if last < 0:
        return None
    if view.tokens[last].text in (",", "—", "–"):
        last -= 1
    elif not view.is_quote(last):
        return None
    words = sum(1 for t in view.tokens[: last + 1] if t.text[0].isalnum())
    if not view.is_quote(last) and words < 3:
        return None
    if view.tokens[0].lower in PREPOSITIONS and not view.is_quote(last) and words < 7:
        return None
    return _content_from(view, 0, last)


def _according_to(view: _SentenceView, first: int, last: int) -> _Draft | None:
    tokens = view.tokens
    n = view.last + 1
    s = last + 1
    e = s
    while (
        e < n
        and tokens[e].text not in (",", ";", ":", "—", "–")
        and not view.is_quote(e)
        and e - s < 20
    ):
        e += 1
    if e == s:
        return None
    source = view.chars(s, e - 1)
    draft = _Draft(source=source, cue=view.chars(first, last), parts=[])
    after = e + 1 if e < n and tokens[e].text == "," else e
    appositive = _apposition_end(view, after) if tokens[s].is_capitalized else None
    if appositive is not None:
        draft.source = view.chars(s, appositive)
        after = appositive + 2
    if after < n and tokens[after].lower == "citing":
        k = after + 1
        while k < n and tokens[k].text not in (",", ";", ":") and k - after < 20:
            k += 1
        if k > after + 1:
            draft.relay, draft.relay_cue = source, draft.cue
            draft.source = view.chars(after + 1, k - 1)
            draft.cue = view.chars(after, after)
            after = k + 1 if k < n and tokens[k].text == "," else k
    lead = 0
    while lead < first and (tokens[lead].lower in _OPENING_WORDS or tokens[lead].text == ","):
        lead += 1
    left_last = first - 1
    if left_last >= lead and tokens[left_last].text == ",":
        left_last -= 1
    if left_last >= lead:
        left = _content_from(view, lead, left_last)
        if left:
            draft.parts.append(left)
        if e < n and tokens[e].text == "," and after <= view.last and left:
            right = _content_from(view, after, _right_content_end(view, after))
            if right and tokens[first - 1].text == ",":
                draft.parts.append(right)
    elif after <= view.last:
        right = _content_from(view, after, _right_content_end(view, after))
        if right:
            draft.parts.append(right)
    if not draft.parts:
        return None
    credit = _CREDIT.search(view.text, draft.parts[-1][0], draft.parts[-1][1] + 2)
    if credit and credit.start() > draft.parts[-1][0]:
        draft.credit = credit.group(1).strip()
        draft.parts[-1] = (draft.parts[-1][0], credit.start())
    return draft


def _apposition_end(view: _SentenceView, i: int) -> int | None:
    """Last token of "head of X" in "According to Y, head of X, ...", if that is an apposition."""
    tokens = view.tokens
    if i > view.last or not tokens[i].text[0].isalnum():
        return None
    word = tokens[i].lower
    if tokens[i].is_capitalized or word in PREPOSITIONS or word in CONJUNCTIONS:
        return None
    if word in SUBJECT_PRONOUNS or word == "citing":
        return None
    j = i
    while j <= view.last and tokens[j].text != "," and j - i < 12:
        low = tokens[j].lower
        if view.is_quote(j) or low in AUXILIARIES or low in CUE_LEMMA:
            return None
        j += 1
    if j > view.last or tokens[j].text != "," or j + 1 > view.last:
        return None
    return j - 1


def _chain_in_source(view: _SentenceView, draft: _Draft) -> None:
    """Turn "TASS, citing a Kremlin aide, said" into source=aide, relay=TASS."""
    first = view.by_start.get(draft.source[0])
    last = view.by_end.get(draft.source[1])
    if first is None or last is None:
        return
    for k in range(first + 1, last):
        if view.tokens[k].lower == "citing" and view.tokens[k - 1].text == ",":
            draft.relay, draft.relay_cue = view.chars(first, k - 2), draft.cue
            draft.source, draft.cue = view.chars(k + 1, last), view.chars(k, k)
            return


def _verb_cue(view: _SentenceView, first: int, last: int, drafts: list[_Draft]) -> _Draft | None:
    tokens = view.tokens
    n = view.last + 1
    word = tokens[first].lower
    lemma = CUE_LEMMA.get(word, word)
    k = first - 1
    while k >= 0 and (tokens[k].lower in ADVERBS or tokens[k].lower.endswith("ly")):
        k -= 1
    if k >= 0 and tokens[k].lower in _BE_FORMS and not word.endswith("ing"):
        return None  # passive: "he was told", "it is said"
    cue_last = last
    while (
        cue_last + 1 < n
        and tokens[cue_last + 1].lower.endswith("ly")
        and len(tokens[cue_last + 1].text) > 4
    ):
        cue_last += 1
    cue = view.chars(first, cue_last)

    source: Range | None = None
    order = ""
    source_first = first
    lead = skip_back_adverbials(tokens, first - 1, 0)
    if word.endswith("ing") and lead >= 0 and tokens[lead].lower in _PARTICIPLE_LEADS:
        if drafts:
            source = drafts[-1].source
        else:
            start = _clause_start(view, lead)
            end = noun_phrase_after(tokens, start, lead)
            if end is not None:
                source = view.chars(start, end)
        order = "participle"
    elif not word.endswith("ing"):
        subject = subject_before(tokens, first - 1, 0)
        if subject is not None:
            head = tokens[subject[1]].lower
            before = subject[0] - 1
            if (
                head in SUBJECT_PRONOUNS
                and before >= 0
                and tokens[before].lower in ("what", "whatever")
            ):
                return None
            source = view.chars(*subject)
            source_first = subject[0]
            order = "SV"
    if source is None and first > 0 and (tokens[first - 1].text == "," or view.is_quote(first - 1)):
        end = noun_phrase_after(tokens, cue_last + 1, n)
        if end is None:
            return None
        while end + 2 <= view.last and tokens[end + 1].text == ",":
            nxt = tokens[end + 2].lower
            if (nxt.endswith("ing") and nxt in CUE_LEMMA) or nxt == "according":
                break
            j = end + 2
            while j <= view.last and tokens[j].text != ",":
                j += 1
            end = j - 1
        source = view.chars(cue_last + 1, end)
        left = _left_content(view, first - 1)
        if left is None:
            return None
        draft = _Draft(source=source, cue=cue, parts=[left])
        _absorb_quote_after(view, end + 1, draft)
        return draft
    if source is None:
        return None

    draft = _Draft(source=source, cue=cue, parts=[])
    if order == "SV":
        _chain_in_source(view, draft)
    r = cue_last + 1
    if lemma in OBJECT_VERBS and r < n and tokens[r].lower not in ("that", ",", ":"):
        end = noun_phrase_after(tokens, r, n)
        if end is not None and not view.is_quote(r):
            if _is_outlet(view, r, end):
                draft.relay, draft.relay_cue = view.chars(r, end), cue
                draft.recipient_is_relay = True
            r = end + 1
    r = _skip_forward_adverbials(view, r)
    if r + 1 < n and tokens[r].text == "," and tokens[r + 1].lower == "citing":
        k = r + 2
        while k < n and tokens[k].text not in (",", ";", ":") and k - r < 20:
            k += 1
        if k > r + 2:
            draft.relay, draft.relay_cue = draft.source, draft.cue
            draft.source, draft.cue = view.chars(r + 2, k - 1), view.chars(r + 1, r + 1)
            r = k
    if r < n and tokens[r].text in (",", ":"):
        r += 1
        nxt = tokens[r].lower if r < n else ""
        if nxt == "according" or (nxt.endswith("ing") and nxt in CUE_LEMMA):
            r = n  # "X said, adding ...": the rest belongs to the next cue
    has_that = r < n and tokens[r].lower == "that"
    if has_that:
        r += 1

    left = _left_content(view, source_first - 1) if order == "SV" else None
    if left is not None and view.is_quote(view.by_end.get(left[1], -1)):
        draft.parts.append(left)
        _absorb_quote_after(view, r, draft)
        return draft
    right_end = _right_content_end(view, r)
    right = _content_from(view, r, right_end) if r <= view.last else None
    clause_like = has_that or view.is_quote(r) or (r > 0 and tokens[r - 1].text == ":")
    if right is not None and (clause_like or lemma not in CLAUSE_ONLY):
        if order == "participle" or right_end - r >= 1 or view.is_quote(r):
            draft.parts.append(right)
            return draft
    if left is not None:
        draft.parts.append(left)
        return draft
    if right is None and r > 0 and tokens[min(r, n) - 1].text == ":":
        draft.extra["colon"] = "1"
        return draft
    return None


def _absorb_quote_after(view: _SentenceView, i: int, draft: _Draft) -> None:
    """'"A," he said, "B."': the second quotation belongs to the same statement."""
    tokens = view.tokens
    while i <= view.last and tokens[i].text in (",", ":"):
        i += 1
    if view.is_quote(i):
        draft.parts.append(view.chars(i, view.last))


def _trim(text: str, start: int, end: int, direct: bool) -> Range:
    """Drop quote marks and closing punctuation; a quotation keeps its own full stop."""
    while start < end and text[start] in _QUOTE_EDGES:
        start += 1
    closing = _QUOTE_EDGES + (",;:" if direct else ",.;:")
    while end > start and text[end - 1] in closing:
        end -= 1
    return start, end


def _is_direct(text: str, parts: list[Range]) -> bool:
    return all(text[s] in '“"«' or text[s : s + 2] == "''" for s, _ in parts)


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def _draft_for_cue(
    view: _SentenceView, cue_word: str, start: int, end: int, drafts: list[_Draft]
) -> _Draft | None:
    first = view.by_start.get(start)
    last = view.by_end.get(end)
    if first is None or last is None:
        return None
    according = cue_word.lower().startswith("according")
    if cue_word[0].isupper() and first > 0 and not according:
        return None  # Title Case headlines and names ("United States")
    if last + 1 < len(view.tokens) and view.tokens[last + 1].lower in CUE_LEMMA:
        return None  # "reports said": the noun before the verb
    if according:
        return _according_to(view, first, last)
    return _verb_cue(view, first, last, drafts)


def extract_attributions(text: str) -> list[ExtractedAttribution]:
    """Attributions of an article, sorted by where their content starts."""
    sentences = split_sentences(text)
    masked = _mask_quotes(text, sentences)
    names = NameIndex(text)
    found: list[tuple[_Draft, int]] = []
    matches = list(CUE.finditer(masked))
    m = 0
    for index, sentence in enumerate(sentences):
        while m < len(matches) and matches[m].start() < sentence.start:
            m += 1
        if m >= len(matches) or matches[m].start() >= sentence.end:
            continue  # most sentences have no cue: skip tokenizing them
        view = _SentenceView(text, masked, sentence)
        drafts: list[_Draft] = []
        while m < len(matches) and matches[m].end() <= sentence.end:
            match = matches[m]
            m += 1
            draft = _draft_for_cue(view, match.group(), match.start(), match.end(), drafts)
            if draft is not None:
                drafts.append(draft)
        for draft in drafts:
            if draft.extra.get("colon"):
                follow = _following_block(sentences, index)
                if follow is None:
                    continue
                draft.parts.append(follow)
            found.append((draft, index))
    return _finish(text, sentences, masked, found, names)


def _following_block(sentences: list[Sentence], index: int) -> Range | None:
    """What a sentence ending in a colon introduces: the next sentence, or a quoted paragraph."""
    if index + 1 >= len(sentences):
        return None
    nxt = sentences[index + 1]
    if nxt.paragraph == sentences[index].paragraph:
        return nxt.start, nxt.end
    if nxt.quotes and nxt.quotes[0][0] == nxt.start:
        end = nxt.end
        for later in sentences[index + 2 :]:
            if later.paragraph != nxt.paragraph:
                break
            end = later.end
        return nxt.start, end
    return None


def _continuation(sentences: list[Sentence], masked: str, index: int, end: int) -> int:
    """Extend a direct quotation over the quoted sentences that follow it in its paragraph."""
    paragraph = sentences[index].paragraph
    for later in sentences[index + 1 :]:
        if later.paragraph != paragraph or not later.quotes:
            break
        q_start, q_end = later.quotes[0]
        if q_start != later.start or q_end < later.end - 1:
            break
        end = later.end
    return end


def _finish(
    text: str,
    sentences: list[Sentence],
    masked: str,
    found: list[tuple[_Draft, int]],
    names: NameIndex,
) -> list[ExtractedAttribution]:
    results: list[ExtractedAttribution] = []
    seen: set[tuple[Range, Range]] = set()
    for draft, index in sorted(found, key=lambda item: item[0].source[0]):
        parts = [draft.parts[0], *draft.parts[1:]]
        direct = _is_direct(text, parts)
        if direct:
            last_end = _continuation(sentences, masked, index, parts[-1][1])
            if last_end > parts[-1][1]:
                parts.append((sentences[index + 1].start, last_end))
        trimmed = [_trim(text, s, e, direct) for s, e in parts]
        trimmed = [(s, e) for s, e in trimmed if e > s]
        if not trimmed:
            continue
        content = (trimmed[0][0], trimmed[-1][1])
        key = (draft.source, content)
        if key in seen:
            continue
        seen.add(key)
        source_text = text[draft.source[0] : draft.source[1]]
        resolved = draft.credit or resolve_source(source_text, draft.source[0], names)
        if source_text.lower() not in PERSON_PRONOUNS and is_person_name(resolved):
            names.last_person = resolved
        relay = _span(text, *draft.relay) if draft.relay else None
        results.append(
            ExtractedAttribution(
                source=_span(text, *draft.source),
                cue=_span(text, *draft.cue),
                content=_span(text, *content),
                direct_quote=direct,
                resolved_source=resolved,
                relay=relay,
                relay_cue=_span(text, *draft.relay_cue) if draft.relay_cue else None,
                resolved_relay=resolve_source(relay.text, relay.start, names) if relay else None,
                quantities=extract_quantities(text[content[0] : content[1]], content[0]),
                content_parts=tuple(_span(text, s, e) for s, e in trimmed)
                if len(trimmed) > 1
                else (),
            )
        )
    results.sort(key=lambda a: (a.content.start, a.source.start))
    return results
