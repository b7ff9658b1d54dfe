"""The words a record shows, as the coverage check of ``search.ranking`` reads them.

The check asks, for each of a search's 150 candidates, which of the query's stems begin one of
the record's words. Splitting and sorting each candidate's text for that was half of a warm
search's time, so the distinct words are worked out once, when the record is written, and
stored with it (the ``words`` field): the check is then a substring test per stem. The text
itself (``cover_text``) is read only for a synonym's phrase, whose words must come in order.
"""

from __future__ import annotations

import re
from typing import Any

COVERED = ("heading", "summary", "body", "title", "names", "topics")
CHARS = 6000   # of each field: a long section's opening says what it is about
WORD = re.compile(r"\w+")   # a word, as the check reads words


def cover_text(record: dict[str, Any]) -> str:
    """The record's covered fields as one lower-case text, in the order the coverage check
    reads phrases from."""
    parts = (" ".join(v) if isinstance(v, list) else str(v or "") for v in (record.get(f) for f in COVERED))
    return " ".join(p[:CHARS] for p in parts).lower()


def distinct_words(record: dict[str, Any]) -> str:
    """The distinct words of ``cover_text``, sorted, each after one space (" age child ..."), so
    that ``" " + stem in words`` says whether a word begins with the stem."""
    return "".join(" " + w for w in sorted(set(WORD.findall(cover_text(record)))))
