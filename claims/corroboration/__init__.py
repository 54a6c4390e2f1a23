"""Corroboration engine: which reported value is true, how reliable each source is, who copies whom.

Method: Bayesian truth discovery with source dependence, after Dong, Berti-Equille & Srivastava,
"Integrating conflicting data: the role of source dependence" (VLDB 2009), estimated by EM.

* Truth. Each source reports the true value with probability A (its reliability) and otherwise
  one of n wrong values. A report therefore adds log(n A / (1 - A)) to its value's log-odds, and
  P(value) is the softmax over reported values plus the n + 1 - |V| values nobody reported, so
  one report of a source of reliability A gets probability A: calibrated, and "none of these"
  keeps real mass when only weak sources speak. n is itself estimated (M-step) from how often
  two independent wrong reports coincide, starting from 10: errors that cluster (stale figures,
  typos) make agreement less telling, and the data say how much.
* Reliability. A is a Beta posterior: the prior comes from the editor's Admiralty grade (A-E; F
  and ungraded sources get a weak prior centred on sources of similar activity, an empirical
  Bayes pool estimated from the reports alone, so that a verdict moves only the sources it
  concerns), the evidence is editor verdicts with full weight plus soft agreement with the
  estimated truth on questions that another source also answers (a lone report confirms
  nothing, so it does not narrow the interval). When a report is weighed, its source's
  reliability leaves that report's own evidence out (a "cavity", as in collapsed Gibbs sampling
  of truth-discovery models): a source does not vouch for itself. Without it a source seen once
  gets 2/3 when it wins its only question and 1/3 when it loses, which entrenches the first
  estimate; with it, it weighs what its activity pool says.
* Dependence. Reports of one value share weight: each counts 1 / (1 + sum of its dependence on
  the others giving that value). Declared relays (Report.via) are fully dependent (one voice),
  declared affiliations 0.8, and copying is tested per source pair as in Dong et al.'s
  AccuCopy: sharing false values is unlikely for independent sources, so pairs that share
  values that lose, and seldom differ, are copies and share one voice whatever their number.
  Shared true values are no evidence either way (see dependence.py: counted, they made thirty
  independent bookstores one voice). Look-alikes are caught without the truth: a pair that
  never differs, agreeing also where the question's other voices split, is dependent however
  large the flock and whichever side the truth seems to be on. A flock of copies of one feed
  therefore weighs what one of them weighs; a source right where the flock is wrong keeps its
  full vote, wins those questions once the flock is one voice, and so earns the trust the
  flock loses.
* Sparse pairs. Most sources report once or twice, so no pair of them can be tested alone. They
  are tested in bulk, as (a source, the activity pool of its sparse partners), with Dong's
  likelihood but a copy rate c estimated (MAP, a prior worth PRIOR_PAIRS independent pairs)
  instead of fixed: "sources seen once repeat this source on a share c of what they share".
  An agreeing report of the pool then counts as a copy with its posterior probability. This is
  what the reports show when a hyperactive source's values are echoed by passers-by (on the
  population data, sources seen once agree with the bot on 93% of the questions they share
  alone with it and with each other on 19%, which no pair of reliabilities explains); pools that
  agree with a source only as often as reliabilities predict get c near 0 and change nothing.

EM rather than a fixed-point ranking (Sums, TruthFinder, Investment) because it yields
probabilities and Beta intervals an editor can read, uses verdicts as certain evidence without
special cases, and the copy test needs probabilities of truth. Dependence is re-estimated every
round from the first one on: left until reliabilities have converged, a flock of copies would
already have made its own errors look true and could no longer be caught.

Scale: everything is integer arrays and bincounts; EM stops when all but 0.1% of the
probabilities are stable to 0.01, so the number of iterations does not grow with the data.
Copy detection only tests pairs found by grouping reports of the same value (agreeing at least
three times: one or two coincidences are no pattern), so its cost follows the number of
agreeing report pairs, not the square of the number of sources; values or questions with more
than 500 reports are left out of pairing.

Known limit: two groups that each never differ within themselves, and differ from each other,
cannot be told apart by the reports alone (which one copies?); the larger then wins, as in a
vote, unless grades or verdicts say otherwise. Independent sources differ now and then, which is
what the look-alike test relies on.
"""

from __future__ import annotations

from .engine import Corroboration, QuestionTable, corroborate
from .grades import ADMIRALTY_PRIORS, GRADE_NAMES, value_credibility
from .model import (
    Alternative,
    Contribution,
    Dependence,
    NumericTolerance,
    QuestionResult,
    Report,
    SourceReliability,
    Tolerance,
)
from .newsroom import SourceProfile, explanation
from .values import alternative_of, normalize

__all__ = [
    "ADMIRALTY_PRIORS",
    "GRADE_NAMES",
    "Alternative",
    "Contribution",
    "Corroboration",
    "Dependence",
    "NumericTolerance",
    "QuestionResult",
    "QuestionTable",
    "Report",
    "SourceProfile",
    "SourceReliability",
    "Tolerance",
    "alternative_of",
    "corroborate",
    "explanation",
    "normalize",
    "value_credibility",
]
