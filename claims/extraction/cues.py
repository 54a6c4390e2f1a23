"""Reporting cues: the verbs and phrases that introduce what someone said or thought."""

from __future__ import annotations

import re

# Verbs of saying, stating and reporting; each is expanded to its inflected forms below.
SPEECH_VERBS = """say tell add state report announce write confirm deny explain note claim
argue insist acknowledge assert declare testify tweet respond reply warn continue ask suggest
predict complain contend recall admit allege emphasize emphasise stress promise vow pledge concede
conclude observe remark repeat reiterate boast charge urge agree disagree speculate indicate
reveal joke quip muse caution estimate counter retort shout yell disclose mention
proclaim affirm reaffirm assure inform remind lament tout brag threaten demand recommend
propose accuse criticize praise describe call post announce insist signal hint answer object
protest acknowledge predict forecast project estimate calculate find show conclude""".split()

# Verbs of thinking: attributions of beliefs, not statements, but annotated by the corpus alike.
COGNITION_VERBS = """think believe know hope expect fear feel worry doubt wonder understand assume
suspect realize recognize""".split()

# Verbs of stance and intent whose object or infinitive is the attributed content ("endorsed
# Cruz", "wants to cut taxes", "accused him of lying"): PolNeAR annotates these like statements.
STANCE_VERBS = """endorse support oppose want decline refuse seek plan defend reject welcome
blame condemn slam blast dismiss question offer vow pledge hope expect fear accuse
criticize praise describe call ask urge promise show demand propose recommend agree threaten
denounce decry mock lambaste rebuke hail applaud see cite express list consider order quote
prefer read retweet discuss decide highlight dispute""".split()

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "think": ("think", "thinks", "thought", "thinking"),
    "know": ("know", "knows", "knew", "knowing", "known"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "understand": ("understand", "understands", "understood", "understanding"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "showing", "shown"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "forecast": ("forecast", "forecasts", "forecasted", "forecasting"),
    "report": ("report", "reports", "reported", "reporting"),
    "signal": ("signal", "signals", "signaled", "signalled", "signaling"),
    "seek": ("seek", "seeks", "sought", "seeking"),
    "see": ("see", "sees", "saw", "seeing", "seen"),
    "plan": ("plan", "plans", "planned", "planning"),
    "refer": ("refer", "refers", "referred", "referring"),
    "slam": ("slam", "slams", "slammed", "slamming"),
    "speak": ("speak", "speaks", "spoke", "speaking"),
    "read": ("read", "reads", "reading"),
    "prefer": ("prefer", "prefers", "preferred", "preferring"),
    "make": ("make", "makes", "made", "making"),
    "take": ("take", "takes", "took", "taking", "taken"),
    "come": ("come", "comes", "came", "coming"),
    "go": ("go", "goes", "went", "going", "gone"),
    "shoot": ("shoot", "shoots", "shot", "shooting"),
    "hit": ("hit", "hits", "hitting"),
    "put": ("put", "puts", "putting"),
}


def _inflect(verb: str) -> tuple[str, ...]:
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return verb, verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


# Verbs whose base and -s forms are far more often nouns ("a report", "campaign promises").
_NOUN_TOO = frozenset(
    """report call estimate forecast answer charge demand promise post pledge vow praise project
    signal hint joke quip remark counter protest object shout state support plan offer question
    blast slam fear hope want tweet list order quote dispute highlight""".split()
)


def _forms(verbs: list[str]) -> dict[str, str]:
    forms: dict[str, str] = {}
    for verb in verbs:
        for form in _inflect(verb):
            if verb in _NOUN_TOO and (form == verb or form in (verb + "s", verb + "es")):
                continue
            forms.setdefault(form, verb)
    return forms


SPEECH_FORMS = _forms(SPEECH_VERBS)
COGNITION_FORMS = _forms(COGNITION_VERBS)
# Verbs with a particle and idioms of stance: "pointed out that ...", "called for an inquiry",
# "referring to Cruz", "talked about the economy", "railed against trade deals", "made it clear
# that ...", "took issue with the plan", "came out against the deal", "as Lee put it, ..." ("_"
# joins a phrase's words).
_PHRASAL = """point:out call:for call:on refer:to talk:about speak:about point:to rail:against
make:clear make:it_clear take:issue_with weigh:in_on weigh:in come:out_against come:out_for
come:out_in_favor_of speak:out_against speak:out push:back_against push:back_on push:back
go:after lash:out_at take:aim_at fire:back shoot:back hit:back side:with agree:with
voice:support_for voice:concern voice:opposition_to put:it comment:on touch:on apologize:for
vouch:for advocate:for look:for distance:himself_from distance:herself_from
distance:themselves_from distance:itself_from"""
PHRASAL_FORMS = {
    f"{form} {particle.replace('_', ' ')}": verb
    for verb, particle in (pair.split(":") for pair in _PHRASAL.split())
    for form in _inflect(verb)
}
# Forms that are mostly something else in news text: "a thought", "the expected winner", "saw
# the crowd".
_AMBIGUOUS_FORMS = frozenset(
    """thought thinking believed expected expect hoped hoping feeling knowing known knew see sees
    saw seeing seen""".split()
)
STANCE_FORMS = _forms(STANCE_VERBS)
_ALL_FORMS = {**STANCE_FORMS, **COGNITION_FORMS, **SPEECH_FORMS, **PHRASAL_FORMS}
CUE_LEMMA: dict[str, str] = {
    form: lemma for form, lemma in _ALL_FORMS.items() if form not in _AMBIGUOUS_FORMS
}
# Noun-like and ambiguous forms that are cues right after a subject that cannot be a noun's
# determiner: "he wants", "Trump calls for", "they hoped", "would support". ("plan", "state",
# "offer", "thought" stay out: measured on PolNeAR train, they were nouns or nested far too often.)
_GUARDED = frozenset(
    """want wants call calls hope hopes hoped hoping fear fears expect expected promise promises
    vow vows pledge pledges slam slams blast blasts praise praises demand demands estimate
    estimates forecast forecasts reports supports plans hint hints see sees""".split()
)
GUARDED_FORMS: dict[str, str] = {
    form: verb
    for verb in STANCE_VERBS + SPEECH_VERBS + COGNITION_VERBS
    for form in _inflect(verb)
    if form in _GUARDED
}

# Adjectives and participles that attribute a stance after "be": "is worried that ...", "was
# critical of the deal", "are eager to vote". After anything else they are not cues.
PREDICATIVE = frozenset(
    """worried concerned convinced confident sure critical skeptical wary pleased eager willing
    adamant optimistic hopeful afraid upset angry disappointed supportive aware opposed""".split()
)

# Verbs taking a hearer before the content ("told reporters that ...").
OBJECT_VERBS = frozenset({"tell", "inform", "assure", "remind", "warn", "urge", "ask"})
# Cues that only introduce a statement when followed by "that", a quote or a colon, because their
# bare object is usually a thing, not a claim ("added a staffer", "showed the crowd"). "note",
# "know", "reveal", "mention", "answer", "understand" and "conclude" take their object: on
# PolNeAR train their objects were annotated as the content often enough to pay.
CLAUSE_ONLY = frozenset(
    """add continue write post find signal joke shout yell charge object project calculate
    estimate counter reply respond repeat feel threaten remind inform assure agree
    disagree""".split()
) - frozenset(STANCE_VERBS)

_Trie = dict[str, "_Trie"]


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation factored by common prefixes: a flat list of 400 words is slow."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if optional else body

    return emit(trie)


CUE = re.compile(
    rf"\b(?:according\s+to|{_trie_pattern([*CUE_LEMMA, *GUARDED_FORMS, *PREDICATIVE])})\b",
    re.IGNORECASE,
)
