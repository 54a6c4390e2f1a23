"""Speaker labels: "Paul Ryan: FBI Decision Defies Explanation" in a headline, "TAPPER: ..." in a
transcript. The label is the source, the colon the cue, the rest of the paragraph the content."""

from __future__ import annotations

import re

from claims.extraction.sentence_view import Draft
from claims.extraction.sentences import Sentence

# Up to four capitalised words before a colon that opens the paragraph.
_LABEL = re.compile(r"([A-Z][\w’'.&-]*(?:[ \t]+[A-Z][\w’'.&-]*){0,3})[ \t]*:[ \t]+(?=\S)")
# A transcript speaker is written in capitals ("TAPPER:"); anything else only counts in a headline.
_TRANSCRIPT_SPEAKER = re.compile(r"[A-Z][A-Z’'.-]+(?: [A-Z][A-Z’'.-]+)*")
# Editorial kickers and headings written like labels: "Breaking:", "Editor's Note:", "UPDATE:".
_NOT_SPEAKERS = frozenset(
    """breaking exclusive revealed watch video photos update updated correction note editor's
    editor’s byline email analysis opinion live read related wow contributing latest""".split()
)


def speaker_labels(text: str, sentences: list[Sentence]) -> list[tuple[Draft, int]]:
    """Attributions of paragraphs opened by a speaker label, with the index of their sentence."""
    found: list[tuple[Draft, int]] = []
    paragraph = -1
    for index, sentence in enumerate(sentences):
        if sentence.paragraph == paragraph:
            continue
        paragraph = sentence.paragraph
        label = _LABEL.match(text, sentence.start)
        if label is None or label.end() >= sentence.end:
            continue
        name = label.group(1)
        if any(word.lower() in _NOT_SPEAKERS for word in name.split()):
            continue
        if index > 0 and not _TRANSCRIPT_SPEAKER.fullmatch(name):
            continue
        end = sentence.end
        for later in sentences[index + 1 :]:
            if later.paragraph != paragraph:
                break
            end = later.end
        colon = text.index(":", label.end(1))
        draft = Draft(source=label.span(1), cue=(colon, colon + 1), parts=[(label.end(), end)])
        found.append((draft, index))
    return found
