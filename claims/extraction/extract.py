"""Who said what: attributions found by cue words and the phrase structure around them."""

from __future__ import annotations

from claims.extraction.according import according_to
from claims.extraction.cues import CUE, CUE_LEMMA, GUARDED_FORMS
from claims.extraction.labels import speaker_labels
from claims.extraction.nesting import drop_nested
from claims.extraction.polls import poll_findings
from claims.extraction.quantities import extract_quantities
from claims.extraction.sentence_view import Draft, Range, SentenceView, is_outlet, mask_quotes
from claims.extraction.sentences import Sentence, split_sentences
from claims.extraction.source_phrases import NameIndex, is_person_name, resolve_source
from claims.extraction.tokens import ADVERBS, SUBJECT_PRONOUNS
from claims.extraction.types import ExtractedAttribution, Span
from claims.extraction.verbs import verb_cue

_QUOTE_EDGES = "“”\"'«» "
_MODALS = frozenset("will would could should may might must can do does did who".split())
_CLAUSE_JOINS = frozenset({",", "and", "but", "while", "—"})
# A cue verb with one of these particles is another verb: "showed up", "called off", "backed down".
_PARTICLES = frozenset({"up", "off", "down"})


def extract_attributions(text: str) -> list[ExtractedAttribution]:
    """Attributions of an article, sorted by where their content starts."""
    sentences = split_sentences(text)
    masked = mask_quotes(text, sentences)
    found = speaker_labels(text, sentences)
    matches = list(CUE.finditer(masked))
    m = 0
    for index, sentence in enumerate(sentences):
        while m < len(matches) and matches[m].start() < sentence.start:
            m += 1
        if m >= len(matches) or matches[m].start() >= sentence.end:
            continue  # most sentences have no cue: skip tokenizing them
        view = SentenceView(text, masked, sentence)
        drafts: list[Draft] = []
        while m < len(matches) and matches[m].end() <= sentence.end:
            match = matches[m]
            m += 1
            draft = _draft_for_cue(view, match.group(), match.start(), match.end(), drafts)
            if draft is not None:
                drafts.append(draft)
        _separate_clauses(view, drafts)
        drafts = _without_relayed_cues(_reports_relayed(view, drafts))
        for draft in drafts:
            if draft.wants_next:
                follow = _following_block(sentences, index)
                if follow is None:
                    continue
                draft.parts.append(follow)
            found.append((draft, index))
    # A poll's finding that quotes its respondents ("52% said") is theirs, not the poll's.
    quoted = {index for _, index in found}
    found.extend(poll_findings(text, sentences, quoted))
    return _finish(text, sentences, found, NameIndex(text))


def _draft_for_cue(
    view: SentenceView, cue_word: str, start: int, end: int, drafts: list[Draft]
) -> Draft | None:
    first = view.by_start.get(start)
    last = view.by_end.get(end)
    if first is None or last is None:
        return None
    according = cue_word.lower().startswith("according")
    if cue_word[0].isupper() and first > 0 and not according and view.sentence.paragraph > 0:
        return None  # names ("United States"); a headline's Title Case verb is still a cue
    if view.word(last + 1) in CUE_LEMMA:
        return None  # "reports said": the noun before the verb
    if first == last and view.word(last + 1) in _PARTICLES:
        return None  # "showed up", "called off": another verb
    if first == last and view.word(first) in GUARDED_FORMS and not _verb_position(view, first):
        return None  # "his support", "the expected winner"
    if according:
        return according_to(view, first, last)
    return verb_cue(view, first, last, drafts)


def _verb_position(view: SentenceView, i: int) -> bool:
    """True when the word at ``i`` follows a subject pronoun, a name or a modal."""
    k = i - 1
    while view.word(k) in ADVERBS:
        k -= 1
    word = view.word(k)
    if word in SUBJECT_PRONOUNS or word in _MODALS:
        return True
    return k >= 0 and view.tokens[k].is_capitalized and not word.endswith(("'s", "’s"))


def _separate_clauses(view: SentenceView, drafts: list[Draft]) -> None:
    """End a content where the next clause brings its own source: "While A said X, B said Y"."""
    for draft in drafts:
        for other in drafts:
            if other is draft or not draft.parts:
                continue
            start, end = draft.parts[-1]
            pivot = min(other.source[0], other.cue[0])
            if not start < pivot < end or start < draft.cue[0]:
                continue
            k = view.by_start.get(pivot, 0) - 1
            while k > 0 and view.word(k) in _CLAUSE_JOINS - {","}:
                k -= 1
            if view.word(k) == "," and k > view.by_start.get(start, 0):
                draft.parts[-1] = (start, view.tokens[k - 1].end)


def _reports_relayed(view: SentenceView, drafts: list[Draft]) -> list[Draft]:
    """ "Reuters reported that 18 missiles were launched, according to the Air Force": the
    outlet's report is the Air Force's claim relayed by Reuters, one attribution of "18 missiles
    were launched" (as "Reuters, citing the Air Force, reported ..."). A person's words reported
    by someone else ("Lee said X, according to aides") stay as they are."""
    according = [d for d in drafts if d.relay is None and _cue(view, d).startswith("according")]
    reports = [d for d in drafts if d.relay is None and d not in according and _is_report(view, d)]
    relayed: list[Draft] = []
    for outer in according:
        start, end = outer.parts[0]
        report = next(
            (r for r in reports if start <= r.source[0] and r.parts and r.parts[-1][1] <= end),
            None,
        )
        if report is None or report in relayed:
            continue
        outer.parts = list(report.parts)
        outer.relay, outer.relay_cue = report.source, report.cue
        relayed.append(report)
    return [draft for draft in drafts if draft not in relayed]


def _cue(view: SentenceView, draft: Draft) -> str:
    return view.text[draft.cue[0] : draft.cue[1]].lower()


def _is_report(view: SentenceView, draft: Draft) -> bool:
    """True for a draft whose source passes words on: "X reported", "CNN journalists said"."""
    first, last = view.by_start.get(draft.source[0]), view.by_end.get(draft.source[1])
    if first is None or last is None:
        return False
    return CUE_LEMMA.get(_cue(view, draft)) == "report" or is_outlet(view, first, last)


def _without_relayed_cues(drafts: list[Draft]) -> list[Draft]:
    """Drop the attribution of a "citing" that already names the originator of a relay chain
    ("The paper, citing two aides, said ..."): the chain is one attribution."""
    relayed = {draft.cue for draft in drafts if draft.relay is not None}
    return [d for d in drafts if d.relay is not None or d.cue not in relayed]


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


def _continuation(sentences: list[Sentence], index: int, end: int) -> int:
    """Extend a direct quotation over the wholly quoted sentences that follow it, across
    paragraphs too: news style runs a speaker's quote on until someone else is named."""
    for later in sentences[index + 1 :]:
        if not later.quotes:
            break
        q_start, q_end = later.quotes[0]
        if q_start != later.start or q_end < later.end - 1:
            break
        end = later.end
    return end


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


def _finish(
    text: str, sentences: list[Sentence], found: list[tuple[Draft, int]], names: NameIndex
) -> list[ExtractedAttribution]:
    results: list[ExtractedAttribution] = []
    seen: set[tuple[Range, Range]] = set()
    # Sources are named in reading order so "he" can refer to the last person quoted.
    for draft, index in sorted(found, key=lambda item: item[0].source[0]):
        parts = list(draft.parts)
        direct = _is_direct(text, parts)
        if direct:
            last_end = _continuation(sentences, index, parts[-1][1])
            if last_end > parts[-1][1]:
                parts.append((sentences[index + 1].start, last_end))
        trimmed = [(s, e) for s, e in (_trim(text, s, e, direct) for s, e in parts) if e > s]
        if not trimmed:
            continue
        content = (trimmed[0][0], trimmed[-1][1])
        if (draft.source, content) in seen:
            continue
        seen.add((draft.source, content))
        source = _span(text, *draft.source)
        named = _span(text, *draft.antecedent) if draft.antecedent else source
        resolved = draft.credit or resolve_source(named.text, named.start, names)
        if named.text.lower() not in SUBJECT_PRONOUNS and is_person_name(resolved):
            names.last_person = resolved
        relay = _span(text, *draft.relay) if draft.relay else None
        results.append(
            ExtractedAttribution(
                source=source,
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
    return drop_nested(results)
