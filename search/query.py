"""Query understanding: from what a person types to an engine ``Query``.

Steps: trim and bound the input; find instrument names in it (PTPA, Palermo Protocol) and
turn them into a filter; expand legal synonyms and spelling variants (from ``corpus/``) at a
lower weight than the words typed; weight fields (headings and our summaries over body text)
and the whole query as a phrase. Bad syntax cannot crash it: quotes and brackets are read as
plain characters, and field prefixes are not a syntax here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from qanoon.indexer.analysis import terms
from qanoon.indexer.backend import Query
from qanoon.indexer.corpus_format import CORPUS_DIR, YES_NO_FACT_KEYS, load_topics, read_toml
from qanoon.search.derived import cached, file_stamp
from qanoon.search.names import Names, norm_name
from qanoon.search.ranking import Equivalents

MAX_QUERY_CHARS = 500
FIELD_BOOSTS = {"heading": 2.5, "summary": 2.0, "topic_text": 1.2, "body": 1.0, "title": 2.5, "names": 0.5}
PHRASE_BOOSTS = {"heading": 2.5, "summary": 2.5, "body": 2.0}   # the fields searched for phrases
EXPANSION_WEIGHT = 0.6
# Words of how people ask, not of what they ask about ("selling a girl into prostitution", "can
# parents still ...", "what happens to ..."): the engine may match them, but a provision is not
# more on point for containing "into" or "their", so ranking's word checks (coverage, heading
# focus) skip them. Prepositions that carry a condition ("without a passport", "between
# countries", "against a child") are kept.
FUNCTION_WORDS = frozenset(terms(
    "into onto upon through toward towards among about still also just only their its his her they them "
    "there he she do did done get gets got been was were has had being than then so happen happens"))

# A word after "non", "not" or "no" is denied, not asked for: "non-punishment of victims" and
# "victims not punished" ask about victims' immunity, not about the penalty for an offence.
_DENIED = re.compile(r"\b(?:non|not|no)(?:-|\s+)([a-z]+)", re.I)


def affirmed(text: str) -> str:
    """``text`` without its denied words (``_DENIED``)."""
    return _DENIED.sub(" ", text)


@dataclass
class Understood:
    original: str
    text: str
    instruments: list[str] = field(default_factory=list)
    expansions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    fact_keys: set[str] = field(default_factory=set)
    equivalents: Equivalents = ()
    truncated: bool = False

    @cached_property
    def terms(self) -> list[str]:
        """The analysed words of the query that carry its meaning (read once per hit when
        ranking: computed once)."""
        return [t for t in terms(self.text) if t not in FUNCTION_WORDS]

    @cached_property
    def term_set(self) -> frozenset[str]:
        """The same words as a set, for the per-hit ranking checks."""
        return frozenset(self.terms)


@dataclass(frozen=True)
class Vocabulary:
    """What query understanding reads from ``corpus/`` (topics.toml, synonyms.toml), with its
    phrases analysed: worked out once, and kept between runs (``search.derived``) until either
    file changes; stemming the whole vocabulary took a sixth of a cold search."""

    # (topic, phrases, the phrases normalised as ``norm_name`` does and padded with spaces for
    # whole-word matching): the groups of ``synonyms.toml`` (topic "") and each topic's synonyms
    groups: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    topic_phrases: tuple[tuple[str, frozenset[str]], ...]   # (topic, stems of one of its names)
    fact_words: dict[str, frozenset[str]]                    # fact key → stems of words asking for it
    governing: dict[str, tuple[str, ...]]                    # topic → instruments governing it nationally


def read_vocabulary(corpus_dir: Path = CORPUS_DIR) -> Vocabulary:
    """The vocabulary of a knowledge base, read and analysed (``vocabulary`` keeps it)."""
    synonyms = read_toml(corpus_dir / "synonyms.toml")
    topics = load_topics(corpus_dir)
    groups = [("", tuple(g)) for g in synonyms["groups"]]
    for topic, entry in topics.items():
        syns = [s for s in entry.get("synonyms", []) if len(s.split()) > 1]
        if len(syns) > 1:
            groups.append((topic, tuple(syns)))
    phrases = [(topic, frozenset(terms(p))) for topic, entry in topics.items()
               for p in [entry.get("label", ""), *entry.get("synonyms", [])]]
    return Vocabulary(
        groups=tuple((topic, group, tuple(f" {norm_name(p)} " for p in group)) for topic, group in groups),
        topic_phrases=tuple((t, stems) for t, stems in phrases if stems),
        fact_words={key: frozenset(t for w in words for t in terms(w)) for key, words in synonyms.get("fact_words", {}).items()},
        governing={t: tuple(e.get("governing", ())) for t, e in topics.items()},
    )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of the embedded knowledge base, once per process."""
    return cached("vocabulary", file_stamp(CORPUS_DIR / f for f in ("topics.toml", "synonyms.toml")), read_vocabulary)


def _matched_groups(text: str) -> list[tuple[str, tuple[str, ...], list[bool]]]:
    """The synonym groups one of whose phrases is in ``text``, each with its topic ("" for
    ``synonyms.toml``) and which phrases are. A topic's synonyms count only while the topic
    stands (``detect_topics``): "minimum age" means the employment age, except in a question
    about the minimum marriage age. A denied word (``affirmed``) meets no group of
    ``synonyms.toml``: "non-punishment" does not ask for the penalty."""
    q = f" {norm_name(text)} "
    kept = f" {norm_name(affirmed(text))} "
    topics = set(detect_topics(text))
    out = []
    for topic, group, normed in vocabulary().groups:
        typed = [p in (q if topic else kept) for p in normed]
        if any(typed) and (not topic or topic in topics):
            out.append((topic, group, typed))
    return out


def expand(text: str) -> list[str]:
    """Phrases that mean what a phrase in ``text`` means, adding words the query lacks (a
    variant that reduces to the same stems, such as "punished" for "punishment", adds nothing)."""
    have = set(terms(text))
    out: list[str] = []
    for _, group, typed in _matched_groups(text):
        out.extend(p for p, t in zip(group, typed, strict=True)
                   if not t and p not in out and not set(terms(p)) <= have)
    return out


def equivalents(text: str) -> Equivalents:
    """For each synonym group of ``synonyms.toml`` met in ``text``: the stems of the phrase
    typed, and the stems of each phrase that means the same. A text saying "imprisonment"
    answers the "penalty" of a question as well as one saying "penalty" does. A topic's names
    are only related ("attachment of property" is not "money laundering"): they widen the
    search but do not stand in for the words typed."""
    out = []
    for topic, group, typed in _matched_groups(text):
        if topic:
            continue
        said = frozenset(t for p, hit in zip(group, typed, strict=True) if hit for t in terms(p))
        others = tuple(tuple(terms(p)) for p, hit in zip(group, typed, strict=True) if not hit and terms(p))
        if said and others:
            out.append((said, others))
    return tuple(out)


def detect_topics(text: str) -> list[str]:
    """Topics one of whose names is wholly in the query (as stems, in any order), unless each
    of its names found is part of a longer name of another topic found: the longer name is the
    more specific reading ("minimum age" is the employment age, "minimum marriage age" is not)."""
    have = set(terms(text))
    matches = [(topic, stems) for topic, stems in vocabulary().topic_phrases if stems <= have]
    found: list[str] = []
    for topic, stems in matches:
        if topic not in found and not any(stems < other for t, other in matches if t != topic):
            found.append(topic)
    return found


_JURISDICTION_WORDS = {
    "ict": r"islamabad|\bict\b|capital territory", "punjab": r"punjab", "sindh": r"sindh|karachi",
    "kp": r"khyber|pakhtunkhwa|\bkp\b|\bkpk\b", "balochistan": r"balochistan|baluchistan|quetta",
    "gb": r"gilgit|baltistan", "ajk": r"azad|\bajk\b|kashmir", "international": r"international|\bilo\b|\bun\b|treaty|convention",
}


def detect_fact_keys(text: str) -> set[str]:
    """The kinds of fact the query asks for. A denied word asks for none ("non-punishment of
    victims" wants no penalty), except for a yes-or-no fact: "non-bailable" asks about bail."""
    asked = set(terms(affirmed(text)))
    denied = set(terms(" ".join(_DENIED.findall(text))))
    return {key for key, stems in vocabulary().fact_words.items()
            if stems & asked or (key in YES_NO_FACT_KEYS and stems & denied)}


def detect_jurisdictions(text: str) -> list[str]:
    low = text.lower()
    return [j for j, pattern in _JURISDICTION_WORDS.items() if re.search(pattern, low)]


def understand(query: str, names: Names) -> Understood:
    clean = " ".join(query.replace("\x00", " ").split())
    truncated = len(clean) > MAX_QUERY_CHARS
    clean = clean[:MAX_QUERY_CHARS]
    plain = re.sub(r"[\"'()\[\]{}:*?~^]+", " ", clean)
    instruments: list[str] = []
    rest = f" {norm_name(plain)} "
    for name, iid in names.find_in(plain):
        if iid not in instruments:
            instruments.append(iid)
        rest = rest.replace(f" {name} ", " ")
    return Understood(original=query, text=" ".join(rest.split()) if instruments else plain,
                      instruments=instruments, expansions=expand(plain), topics=detect_topics(plain),
                      jurisdictions=detect_jurisdictions(plain), fact_keys=detect_fact_keys(plain),
                      equivalents=equivalents(plain), truncated=truncated)


def to_engine_query(u: Understood, *, filters: dict[str, tuple[str, ...]], year: int | None,
                    limit: int, facets: bool = False, plain: bool = False) -> Query:
    """The engine query for an understood query. ``plain`` gives the baseline: the words typed,
    every text field at weight 1, no names, synonyms or phrase boosts."""
    should: list[tuple[str, str, float, bool]] = []
    if plain:
        for f in ("title", "heading", "summary", "body"):
            should.append((f, u.original, 1.0, False))
        return Query(should=tuple(should), filters=filters, year=year, limit=limit, default_scoring=True)
    text = u.text
    for f, boost in FIELD_BOOSTS.items():
        if text.strip():
            should.append((f, text, boost, False))
    if len(u.terms) > 1:
        for f, boost in PHRASE_BOOSTS.items():
            should.append((f, text, boost, True))
    for phrase in u.expansions:
        for f in PHRASE_BOOSTS:
            should.append((f, phrase, FIELD_BOOSTS[f] * EXPANSION_WEIGHT, len(phrase.split()) > 1))
    flt = dict(filters)
    if u.instruments:
        flt["instrument_id"] = tuple(u.instruments)
    return Query(should=tuple(should), filters=flt, year=year, limit=limit,
                 facet_fields=("jurisdiction", "type", "topics") if facets else ())
