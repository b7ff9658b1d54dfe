"""The one analyzer chain (tokenize | lowercase | stop | stem), shared by indexing, querying
and snippets, so a word is reduced the same way wherever it is met."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import StemmingAnalyzer
from whoosh.analysis.analyzers import Analyzer

# Words that carry no meaning in legal questions beyond Whoosh's English stop list.
EXTRA_STOPS = frozenset({"which", "what", "who", "whom", "where", "when", "how", "does", "shall", "under", "law", "laws", "pakistan"})


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    """Snowball's English stemmer (Porter2) rather than Whoosh's default Porter: Porter splits
    one word family ("employing" becomes "emploi", "employment" stays "employment"; "age"
    becomes "ag", a prefix of "agency"), which loses answers that use another form of the word."""
    from whoosh.analysis import STOP_WORDS
    from whoosh.lang import stemmer_for_language

    return StemmingAnalyzer(stoplist=frozenset(STOP_WORDS) | EXTRA_STOPS, minsize=1, stemfn=stemmer_for_language("en"))


def terms(text: str) -> list[str]:
    """The indexed forms of the words in ``text``, in order."""
    return [t.text for t in analyzer()(text)]


@lru_cache(maxsize=4096)
def term_set(text: str) -> frozenset[str]:
    """The set of indexed words of a short text that recurs while ranking (a heading, a title:
    every version of a provision repeats them), analysed once."""
    return frozenset(terms(text))


def spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each indexed word of ``text``."""
    for t in analyzer()(text, chars=True):
        yield t.text, t.startchar, t.endchar
