"""Ranking adjustments after the engine's BM25F: pure functions with named parameters."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from typing import Any

from qanoon.indexer.analysis import SAME_WORD, term_set
from qanoon.indexer.cover import WORD, cover_text, distinct_words

REPEALED_FACTOR = 0.45
INSTRUMENT_RECORD_FACTOR = 0.3
SUBSECTION_FACTOR = 0.92
REPORT_FACTOR = 0.6
FORMAL_FACTOR = 0.6
# Provisions every law has and few questions ask for: they name the law itself, or another law,
# and so match any query in that law's words.
_FORMAL = re.compile(
    r"^\W*(short title|title,? extent|extent|commencement|repeals?\b|repeal and savings?|savings?$|power to make (rules|regulations)"
    r"|rules$|regulations$|power to remove difficulties|removal of difficulties|indemnity|protection of action taken)", re.I)
GOVERNING_FACTOR = 1.5
FACT_INTENT_FACTOR = 2.0
COVERAGE_POWER = 1.5
SUBNATIONAL_FACTOR = 0.9
NAMED_JURISDICTION_FACTOR = 1.5
HEADING_FOCUS_WEIGHT = 1.0

# stem → the stems the analyser puts on it ("sell": "sale", "sold")
_OTHER_FORMS = {stem: tuple(f for f, s in SAME_WORD.items() if s == stem) for stem in set(SAME_WORD.values())}

# For each synonym group a query meets: the stems of the phrase typed, and the stems of each
# phrase that means the same, in order (``search.query.equivalents``).
Equivalents = tuple[tuple[frozenset[str], tuple[tuple[str, ...], ...]], ...]


def adjust(fields: dict[str, Any], score: float, *, include_repealed: bool = False, query_terms: Set[str] = frozenset(),
           repealed_factor: float = REPEALED_FACTOR, instrument_factor: float = INSTRUMENT_RECORD_FACTOR,
           subsection_factor: float = SUBSECTION_FACTOR, report_factor: float = REPORT_FACTOR,
           formal_factor: float = FORMAL_FACTOR) -> float:
    """The score a hit ranks by: repealed law, whole-instrument records, subsections,
    non-legislative reports and formal provisions (short title, repeal, rule-making, unless the
    query asks for one: ``query_terms`` against the heading) count for less than the in-force
    provision itself."""
    if fields.get("status") in {"repealed", "superseded"} and not include_repealed:
        score *= repealed_factor
    if fields.get("record") == "instrument":
        score *= instrument_factor
    if fields.get("kind") == "subsection":
        score *= subsection_factor
    if fields.get("kind") == "unit":  # a text the parser could not split: not one provision
        score *= instrument_factor
    if fields.get("type") == "report":
        score *= report_factor
    heading = str(fields.get("heading") or "")
    if _FORMAL.match(heading) and not query_terms & term_set(heading):
        score *= formal_factor
    return score


def governing_boost(fields: dict[str, Any], score: float, query_topics: list[str],
                    governing: dict[str, tuple[str, ...]], *, factor: float = GOVERNING_FACTOR) -> float:
    """A provision on a topic the query is about, in an instrument that governs that topic
    nationally (``governing`` in corpus/topics.toml), ranks above passing mentions elsewhere."""
    tags = set(fields.get("topics") or ())
    for topic in query_topics:
        if topic in tags and fields.get("instrument_id") in governing.get(topic, ()):
            return score * factor
    return score


def below_successors(entries: list[tuple[float, dict[str, Any], list[str]]]) -> list[tuple[float, dict[str, Any], list[str]]]:
    """A repealed provision ranks just below the provision that now does its work
    (``replaced_by`` in the knowledge base) when both are found: the law in force first, even
    where it sits under another number (PPC s. 373, buying a minor for prostitution, gave way
    to s. 371B). ``entries`` are (score, fields, versions), one per provision."""
    def top_id(f: dict[str, Any]) -> str:
        return f"{f['instrument_id']}/{str(f.get('eid') or '').split('__')[0]}"

    found = {top_id(f): s for s, f, _ in entries}
    out = []
    for s, f, versions in entries:
        successors = [found[r["id"]] for r in (f.get("data") or {}).get("replaced_by", ()) if r["id"] in found]
        out.append((min(s, min(successors) * 0.999) if successors else s, f, versions))
    return sorted(out, key=lambda t: -t[0])


class Coverage:
    """Coordination, prepared once per query and applied to each candidate: the share of the
    query's words found anywhere in the record (its heading, summary, text, or its instrument's
    title and names), raised to ``power``. A provision that answers every part of a question
    beats one that repeats part of it many times.

    A word counts as found when a phrase meaning the same (``equivalents``: the stems typed, and
    the stems of each synonym) is there in full: the law says "imprisonment" where people ask
    for the "penalty". Words count by their ``rarity`` (default 1 each): missing "extradition"
    costs more than missing "countries".

    A stem is found as the start of a word: close to analysing the text, at a fraction of the
    cost. The stemmer turns a final y into i ("penalty" is "penalti"), so either will do, and a
    stem the analyser gives other forms ("sale" and "sold" for "sell") is found as any. The word
    beginnings of each stem are worked out here, once, not for each of the 150 candidates."""

    def __init__(self, query_terms: Set[str], equivalents: Equivalents = (),
                 rarity: dict[str, float] | None = None, *, power: float = COVERAGE_POWER) -> None:
        w = rarity or {}
        self.terms = frozenset(query_terms)
        # (word, how it starts in a record's ``words``), flat: one test per pair, no inner loop
        self.starts = [(t, " " + b) for t in query_terms for b in _beginnings(t)]
        self.weight = {t: w.get(t, 1.0) for t in query_terms}
        self.total = sum(self.weight.values())
        self.synonyms = [(said & self.terms, said, [(tuple(_beginnings(t) for t in alt), _phrase(alt)) for alt in others if alt])
                         for said, others in equivalents]
        self.power = power

    def __call__(self, fields: dict[str, Any]) -> float:
        if len(self.terms) < 2:
            return 1.0
        words = fields.get("words") or distinct_words(fields)   # stored by the index (``indexer.cover``)
        found = {t for t, start in self.starts if start in words}
        text = ""
        for asked, said, alts in self.synonyms:
            if said <= found:
                continue
            for starts_of_words, phrase in alts:
                # the words of a phrase in order, not scattered over the title and the text; the
                # record's text is read only for a phrase whose every word it has
                if phrase and all(any(" " + p in words for p in starts) for starts in starts_of_words) \
                        and phrase.search(text := text or cover_text(fields)):
                    found |= asked
                    break
        return (sum(self.weight[t] for t in found) / self.total) ** self.power


def _beginnings(stem: str) -> tuple[str, ...]:
    """The word beginnings that show a stem, or one of its other forms: itself, or for a stem
    ending in i, either i or y."""
    return tuple(b for s in (stem, *_OTHER_FORMS.get(stem, ())) for b in ((s[:-1] + "i", s[:-1] + "y") if s.endswith("i") else (s,)))


def _phrase(stems: Sequence[str]) -> re.Pattern[str] | None:
    """A phrase's words in order in ``cover_text``, each at most two words after the one before
    ("proceeds of crime"), a word showing a stem by beginning with one of its ``_beginnings``;
    None for a phrase no text can show (a stem with a sign no word has)."""
    words = [[b for b in _beginnings(t) if WORD.fullmatch(b)] for t in stems]
    if not all(words):
        return None
    return re.compile(r"\b" + r"(?:\W+\w+){0,2}\W+".join("(?:" + "|".join(map(re.escape, w)) + r")\w*" for w in words))


def in_query_words(heading_terms: Set[str], equivalents: Equivalents) -> Set[str]:
    """A heading's words with each phrase that means what the query says put in the query's
    words: "Use of terms" names what "definition of ..." asks for."""
    out = set(heading_terms)
    for said, others in equivalents:
        for alt in map(frozenset, others):
            if alt and alt <= out:
                out = (out - alt) | said
    return out


def heading_focus(heading_terms: Set[str], title_terms: Set[str], query_terms: Set[str], *,
                  weight: float = HEADING_FOCUS_WEIGHT) -> float:
    """A provision whose heading names what the query asks, and little else, is about it.

    The query words that the instrument's title already carries ("domestic workers" in a
    Domestic Workers Act) tell its provisions apart no more than the title does; what is left
    (the residual) is what the question is about within that instrument. The factor grows with
    the share of the query, or of its residual, that the heading names, times the share of the
    heading's words that the query (or the title) accounts for."""
    if not heading_terms or not query_terms:
        return 1.0
    residual = query_terms - title_terms or query_terms
    named = max(len(heading_terms & residual) / len(residual), len(heading_terms & query_terms) / len(query_terms))
    precision = len(heading_terms & (query_terms | title_terms)) / len(heading_terms)
    return 1.0 + weight * named * precision


def records_fact(fields: dict[str, Any], wanted: set[str], topics: Sequence[str] = (),
                 query_terms: Set[str] = frozenset()) -> bool:
    """Whether the provision records a fact of a kind the query asks for, and of what it asks.
    A fact that says what it applies to ("employment") is another question's fact when neither
    the provision is on one of the query's ``topics`` (the marriage age) nor the query names
    what the fact applies to: the employment age is not the marriage age."""
    if not wanted:
        return False
    off_topic = bool(topics) and not set(topics) & set(fields.get("topics") or ())

    def fits(fact: dict[str, Any]) -> bool:
        about = str(fact.get("applies_to") or "")
        return not (off_topic and about and not term_set(about) & query_terms)

    return any(f.get("key") in wanted and fits(f) for f in (fields.get("data") or {}).get("facts", ()))


def fact_focus(fields: dict[str, Any], wanted: set[str], topics: Sequence[str] = (), query_terms: Set[str] = frozenset(), *,
               weight: float = HEADING_FOCUS_WEIGHT) -> float:
    """The heading-focus factor a provision earns by recording a fact the query asks for."""
    return 1.0 + weight if records_fact(fields, wanted, topics, query_terms) else 1.0


def fact_intent_boost(fields: dict[str, Any], score: float, wanted: set[str], topics: Sequence[str] = (),
                      query_terms: Set[str] = frozenset(), *, factor: float = FACT_INTENT_FACTOR) -> float:
    """A query asking for a kind of fact ("who investigates", "what punishment") prefers the
    provisions that record that fact."""
    return score * factor if records_fact(fields, wanted, topics, query_terms) else score


def jurisdiction_prior(fields: dict[str, Any], score: float, named: list[str], *,
                       subnational: float = SUBNATIONAL_FACTOR, named_factor: float = NAMED_JURISDICTION_FACTOR) -> float:
    """A query that names a province or territory prefers its law; one that names none is read
    as a national question, where federal law (which applies everywhere) comes first."""
    j = fields.get("jurisdiction")
    if named:
        return score * named_factor if j in named else score
    if j not in {"federal", "international"}:
        return score * subnational
    return score


def version_preference(fields: dict[str, Any], as_enacted: bool = False) -> tuple[int, int]:
    """Sort key choosing which version of a provision to show: full text before our summary,
    then the most current (or, with ``as_enacted``, the earliest full text)."""
    rank = int(fields.get("version_rank") or 0)
    has_text = 1 if rank > 0 else 0
    return (has_text, -rank if as_enacted else rank)

