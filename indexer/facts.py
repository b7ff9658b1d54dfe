"""Extract structured facts from the text of a provision: ages, prison terms, fines (and whether
prison and fine are alternative or cumulative), investigating agency, bail and cognizance.

The facts feed comparison and gap flags for ingested documents. Each comes back with
``extracted=True`` and the unit it was read from; patterns follow how Pakistani statutes word
these things ("imprisonment which may extend to seven years, or with fine which may extend to
one million rupees, or with both"). Amendment brackets (``1[ten years]``) are read through.
"""

from __future__ import annotations

import re

from qanoon.indexer.knowledge import Fact

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty-one": 21, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1,
}
_ORDINALS = {"twelfth": 12, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "eighteenth": 18, "twenty-first": 21}
_SCALES = {"hundred": 100, "thousand": 1_000, "lakh": 100_000, "lakhs": 100_000, "million": 1_000_000, "crore": 10_000_000}
_NUM = r"(?:\d[\d,]*|(?:[a-z]+[- ]?){1,4}?)"


def words_to_number(text: str) -> int | None:
    """``"fourteen"`` → 14, ``"one million"`` → 1000000, ``"fifty thousand"`` → 50000, ``"5,00,000"`` → 500000."""
    text = text.strip().lower().replace("-", " ").replace("twenty one", "twenty-one")
    digits = text.replace(",", "")
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for word in text.replace(" and ", " ").split():
        if word in _UNITS:
            current += _UNITS[word]
        elif word == "twenty-one":
            current += 21
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif re.fullmatch(r"\d+", word):
            current += int(word)
        else:
            return None
    value = total + current
    return value or None


def _clean(text: str) -> str:
    """Read through amendment markers and line breaks: ``1[ten years]`` → ``ten years``."""
    text = re.sub(r"\d*\[|\]", "", text)
    return " ".join(text.split())


_AGE = re.compile(
    r"(?:(?:who\s+)?(?:has|have)\s+not\s+(?:attained|completed)|under|below)\s+(?:the\s+age\s+of\s+)?"
    r"(?:his\s+|her\s+)?(?P<n>\w+(?:-\w+)?)\s+(?:years?|year\s+of\s+(?:his|her)\s+age)",
    re.I,
)
_DEFINED = re.compile(r"[“\"']\s*(?P<term>[a-z][a-z -]{1,30}?)\s*[”\"']\s+means", re.I)
_MAX_PRISON = re.compile(
    r"imprisonment\s+(?:of\s+either\s+description\s+)?(?:for\s+a\s+term\s+)?which\s+may\s+extend\s+(?:up\s*)?to\s+"
    rf"(?P<n>{_NUM})\s+years?",
    re.I,
)
_MIN_PRISON = re.compile(rf"(?:shall\s+)?not\s+(?:be\s+)?less\s+than\s+(?P<n>{_NUM})\s+years?", re.I)
_FINE = re.compile(
    r"fine\s+(?:which\s+may\s+extend\s+)?(?:up\s*)?(?:to\s+)?(?:of\s+)?(?:rs\.?|rupees)?\s*"
    rf"(?P<n>{_NUM}?)\s*(?P<scale>million|lakh|thousand|hundred thousand)?\s*(?:rupees?|rs)",
    re.I,
)


def extract(text: str, citation: str) -> list[Fact]:
    """Facts a provision's text states, each cited to ``citation`` and marked extracted."""
    t = _clean(text)
    facts: list[Fact] = []

    def add(key: str, value: object, applies_to: str = "") -> None:
        if not any(f.key == key and f.value == value and f.applies_to == applies_to for f in facts):
            facts.append(Fact(key=key, value=value, citation=citation, applies_to=applies_to, extracted=True))

    for m in _AGE.finditer(t):
        n = words_to_number(m["n"]) or _ORDINALS.get(m["n"].lower())
        if n and 5 <= n <= 25:
            before = t[max(0, m.start() - 120): m.start()]
            term = [d["term"] for d in _DEFINED.finditer(before)]
            add("age", n, term[-1].strip().lower() if term else "")
    for m in _MAX_PRISON.finditer(t):
        n = words_to_number(m["n"])
        if n and n <= 50:
            add("max_prison_years", n)
    for m in _MIN_PRISON.finditer(t):
        n = words_to_number(m["n"])
        if n and n <= 50 and "imprison" in t[max(0, m.start() - 200): m.end()].lower():
            add("min_prison_years", n)
    if re.search(r"imprisonment\s+for\s+life", t, re.I):
        add("life_imprisonment", True)
    for m in _FINE.finditer(t):
        amount = m["n"] or ""
        if m["scale"]:
            amount = f"{amount} {m['scale']}"
        n = words_to_number(amount) if amount.strip() else None
        if n and n >= 100:
            add("max_fine_pkr", n)
    if re.search(r"or\s+with\s+fine[^.;]{0,120}?or\s+with\s+both", t, re.I):
        add("fine_or_prison", "either_or_both")
    elif re.search(r"imprisonment[^.;]{0,160}?\band\s+(?:with\s+)?fine", t, re.I):
        add("fine_or_prison", "cumulative")
    elif re.search(r"imprisonment[^.;]{0,160}?\bor\s+(?:with\s+)?fine", t, re.I):
        add("fine_or_prison", "alternative")
    low = t.lower()
    if re.search(r"\bnon-?\s?cognizable\b", low):
        add("cognizable", False)
    elif re.search(r"\bcognizable\b", low):
        add("cognizable", True)
    if re.search(r"\bnon-?\s?bailable\b", low):
        add("bailable", False)
    elif re.search(r"\bbailable\b", low):
        add("bailable", True)
    if re.search(r"investigat", low):
        agencies = [name for name, pat in (("FIA", r"federal investigation agency|\bfia\b"), ("police", r"\bpolice\b")) if re.search(pat, low)]
        if agencies:
            add("investigating_agency", " and ".join(agencies))
    return facts
