"""The one analyzer chain (tokenize | lowercase | stop | stem), shared by indexing, querying
and snippets, so a word is reduced the same way wherever it is met."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from whoosh.lang.snowball.english import EnglishStemmer

if TYPE_CHECKING:
    from whoosh.analysis.analyzers import Analyzer

# The words dropped from texts and questions: Whoosh's English stop list as it stands in
# Whoosh 2.7 and whoosh3, written out so that what an index holds does not move with a Whoosh
# release and a search on tantivy need not import Whoosh's analysis package; then the words
# that carry no meaning in legal questions.
STOPS = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it",
                   "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with",
                   "yet", "you", "your"}
                  | {"which", "what", "who", "whom", "where", "how", "does", "shall", "under", "law", "laws", "pakistan"})


# Word forms the stemmer leaves apart that our questions and texts use for one word: irregular
# plurals ("children" is "child"), "marry" and "married" beside "marriage", "smuggler" beside
# "smuggling" (as Snowball already puts "trafficker" with "trafficking"), "sold" and "sale"
# beside "sell", "bought" beside "buy". Keys and values are stems.
SAME_WORD = {"children": "child", "women": "woman", "men": "man", "wive": "wife", "marri": "marriag",
             "smuggler": "smuggl", "sold": "sell", "sale": "sell", "bought": "buy"}
_SNOWBALL = EnglishStemmer().stem
# ...and the reverse: word families the stemmer joins that mean different things. Snowball gives
# "organized" and "organization" the stem of "organ", so "organized crime" found the organ
# transplantation Act (and "organised", spelt the British way, stayed apart). Keys are word
# beginnings, values the stem every word so beginning gets.
SPLIT_WORD = {"organiz": "organis", "organis": "organis"}


def stem(word: str) -> str:
    """Snowball's English stem, then ``SAME_WORD``; a word ``SPLIT_WORD`` names gets its own
    stem. Whoosh caches a stem per distinct word, so the extra steps cost nothing per token (a
    filter of its own would)."""
    for start, own in SPLIT_WORD.items():
        if word.startswith(start):
            return own
    s = _SNOWBALL(word)
    return SAME_WORD.get(s, s)


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    """Snowball's English stemmer (Porter2) rather than Whoosh's default Porter: Porter splits
    one word family ("employing" becomes "emploi", "employment" stays "employment"; "age"
    becomes "ag", a prefix of "agency"), which loses answers that use another form of the word."""
    from whoosh.analysis import StemmingAnalyzer  # to index; a search reads words with ``spans``

    return StemmingAnalyzer(stoplist=STOPS, minsize=1, stemfn=stem)


# The same chain as ``analyzer()`` (Whoosh's RegexTokenizer pattern, lower case, the stop list,
# the stem), run as one loop: search analyses every question and the text of every hit it
# shows, and Whoosh's chain of generators and token objects cost more than the stemming.
# Indexing keeps ``analyzer()``, which also numbers positions; tests hold the two equal.
_TOKEN = re.compile(r"[\w\*]+(\.?[\w\*]+)*")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def terms(text: str) -> list[str]:
    """The indexed forms of the words in ``text``, in order."""
    return [t for t, _, _ in spans(text)]


@lru_cache(maxsize=4096)
def term_set(text: str) -> frozenset[str]:
    """The set of indexed words of a short text that recurs while ranking (a heading, a title:
    every version of a provision repeats them), analysed once."""
    return frozenset(terms(text))


def spans(text: str, initials: frozenset[str] | None = None) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each indexed word of ``text``; with ``initials``, only for the
    words that begin with one of those letters (a stem keeps its word's first letter, so a
    snippet looking for some terms need not stem the rest)."""
    stops = STOPS
    for m in _TOKEN.finditer(text):
        word = m.group().lower()
        if (initials is None or word[0] in initials) and word not in stops:
            yield _stem(word), m.start(), m.end()
