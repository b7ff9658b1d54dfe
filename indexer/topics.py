"""Tag ingested text with topics from the controlled vocabulary (``corpus/topics.toml``).

A topic applies when one of its label words or synonyms appears in the unit's heading, or
twice in its text: a single passing mention in a long section is not what it is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def _patterns(vocab_key: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for topic, phrases in vocab_key:
        alts = "|".join(re.escape(p.lower()) for p in phrases if len(p) > 3)
        if alts:
            out.append((topic, re.compile(rf"\b(?:{alts})\b")))
    return out


def _vocab_key(vocab: dict[str, dict[str, Any]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (topic, tuple([entry.get("label", "")] + list(entry.get("synonyms", []))))
        for topic, entry in sorted(vocab.items())
    )


def tag_text(heading: str, text: str, vocab: dict[str, dict[str, Any]]) -> set[str]:
    heading, text = heading.lower(), text.lower()[:20000]
    tags = set()
    for topic, pattern in _patterns(_vocab_key(vocab)):
        if pattern.search(heading) or len(pattern.findall(text)) >= 2:
            tags.add(topic)
    return tags
