"""What instrument a document is: title, year, number, jurisdiction, type, status, version.

Detected from the text (and the container's title), then matched against the knowledge base so
that a gazette PDF, an OCR text and a consolidated text of the same law share one work id.
A sidecar ``<file>.qanoon.toml`` or explicit overrides replace any detected field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from qanoon.indexer.errors import InputError
from qanoon.indexer.knowledge import KnowledgeBase
from qanoon.indexer.models import DocumentMeta, RawDocument

_TYPE_WORDS = [
    ("constitution", r"\bconstitution\b"),
    ("protocol", r"\bprotocol\b"),
    ("convention", r"\bconvention\b"),
    ("declaration", r"\bdeclaration\b|\bjoint statement\b|\bministerial conference\b"),
    ("recommendation", r"\brecommendation\b"),
    ("rules", r"\brules\b"),
    ("ordinance", r"\bordinance\b"),
    ("action-plan", r"\baction plan\b"),
    ("report", r"\breport\b|\bperformance\b"),
    ("act", r"\bact\b|\bcode\b"),
]
_TITLE_LINE = re.compile(
    r"\b(act|ordinance|code|constitution|convention|protocol|rules|declaration|plan|report|recommendation|statement|conference)\b",
    re.I,
)
_ENGLISH = {"the", "of", "and", "to", "in", "for", "on", "against", "act", "persons", "rights"}
_NUMBER = re.compile(r"\b(?:(?P<kind>act|ordinance)\s+(?:no\.?\s*)?)?\(?(?P<roman>[IVXLC]{1,7})\s+of\s+(?P<year>1[89]\d\d|20\d\d)\)?", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20[0-4]\d)\b")
_JURISDICTION_WORDS = [
    ("ict", r"islamabad capital territory|\bict\b"),
    ("punjab", r"\bpunjab\b"),
    ("sindh", r"\bsindh\b|\bsind\b"),
    ("kp", r"khyber\s+pakhtunkhwa|\bnwfp\b|north[- ]west frontier"),
    ("balochistan", r"balochistan|baluchistan"),
    ("gb", r"gilgit[- ]baltistan"),
    ("ajk", r"azad jammu|\bajk\b"),
]
# Pakistani laws name themselves: "This Act may be called the Prevention of ... Act, 2018."
_SHORT_TITLE = re.compile(
    r"(?:may|shall) be (?:called|cited as)\s+(?:the\s+)?"
    r"(?P<title>[A-Z][\w ,()&'’-]{5,160}?(?:Act|Ordinance|Code|Rules|Order|Regulations),?\s*(?:1[89]|20)\d\d)"
)
# "(2) It extends to the whole of [the Punjab]": the extent clause says whose law it is, even
# where the title is the same as another jurisdiction's (Punjab adapted federal Acts after 2010).
_EXTENT = re.compile(r"extends?\s+to\s+the\s+whole\s+of\s+(?:\d+\s*\[\s*)?(?:the\s+)?(?P<where>[A-Z][A-Za-z -]{3,40})")
_BENGALI = re.compile(r"[\u0980-\u09FF]")
_AMENDED = re.compile(r"as amended|amended (up ?to|till)|updated (till|up ?to)|consolidated", re.I)


def normalise_title(text: str) -> str:
    """Lower case, ``&`` as ``and``, punctuation as spaces, ``the`` dropped (for matching)."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^0-9a-z\u0980-\u09ff]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


def detect_title(doc: RawDocument) -> str:
    """The instrument's title: the container's title if it names an instrument, else the most
    English-looking title line among the first lines of the text."""
    hint = doc.title_hint.strip()
    if hint and (_TITLE_LINE.search(hint) or _BENGALI.search(hint)):
        return re.sub(r"\s+", " ", hint)
    if m := _SHORT_TITLE.search(" ".join(doc.text[:6000].split())):
        return m["title"].strip(" ,")
    best, best_score = "", 0.0
    for n, line in enumerate(_joined_title_lines(doc.text.split("\n")[:80])):
        if not (8 <= len(line) <= 200) or not _TITLE_LINE.search(line):
            continue
        words = normalise_title(line).split()
        english = sum(w in _ENGLISH for w in words) / max(1, len(words))
        score = english + min(len(words), 8) / 8 + (0.3 if _YEAR.search(line) else 0) - n * 0.01
        score += (0.4 if line.isupper() else 0) + (0.3 if n < 6 else 0)
        if not _could_be_title(line, words):
            continue
        if score > best_score:
            best, best_score = line, score
    if best:
        best = _SITE_SUFFIX.sub("", re.sub(r"^the\s+", "", best, flags=re.I))
        return best.title() if best.isupper() else best
    return title_from_filename(doc.path)


# "The Constitution of Pakistan on pakistani.org": a saved page names the site after the title
_SITE_SUFFIX = re.compile(r"\s+(?:on|at|[-|\u2013\u2014])\s+(?:www\.)?[\w-]+\.(?:org|com|net|gov|pk|int)\S*\s*$", re.I)
_NOT_TITLE_STARTS = ("whereas", "an act to", "act to", "it is hereby", "be it", "for the purpose", "in this", "no.", "no ")
# a sentence running on inside the line ("for the year 2022.The report provides ...", "for the
# year 2021. This report")
_RUN_ON = re.compile(r"\w\.[A-Z][a-z]|[a-z0-9]{3,}\.\s+[A-Z][a-z]+\s+[a-z]+")
# a sentence's verb: titles name things ("I am delighted to provide ...", "FIA has taken major
# steps ..." opened two FIA annual reports)
_SENTENCE_VERB = re.compile(r"\b(?:i am|we are|has|have|had|is|are|was|were)\b", re.I)


def _could_be_title(line: str, words: list[str]) -> bool:
    """False for lines that are clearly not a title: gazette notices, section headings ("3.
    Amendment of section 3 ..."), sentences, clauses cut off mid-way, and OCR noise (a title
    starts with a capital letter and holds no colon)."""
    low = line.lower()
    return not (
        len(words) < 2 or not line[0].isupper() or ":" in line or _RUN_ON.search(line) or _SENTENCE_VERB.search(line)
        or low.startswith(_NOT_TITLE_STARTS) or line.endswith((",", ";"))
        or re.match(r"(act|ordinance)\s+no\b", low) or re.search(r"\bthis (act|convention|protocol|ordinance)\b", low)
    )


# words a file name adds to a title: where the copy came from and what form it is in
_FILENAME_NOISE = {"federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk", "gazette", "ocr",
                   "consolidated", "scan", "scanned", "final", "copy", "text", "english", "eng"}


def title_from_filename(path: Path) -> str:
    """A title from the file name, the last resort: words in title case, without the words that
    name a copy's origin or form ("federal_", "_gazette", "_ocr")."""
    words = [w for w in re.split(r"[\s_\-.]+", path.stem) if w and w.lower() not in _FILENAME_NOISE]
    return " ".join(w if w.isupper() or w.isdigit() else w.capitalize() for w in words) or path.stem
_CONNECTOR_END = re.compile(r"\b(on|of|for|and|in|to|the|against|by|concerning)$", re.I)


def _joined_title_lines(lines: list[str]) -> list[str]:
    """Lines with a title broken across lines joined back ("SAARC CONVENTION ON" + "PREVENTING..."),
    plus each run of short capitalised lines read as one ("ANNUAL" / "ADMINISTRATION" /
    "REPORT 2023" / "FEDERAL INVESTIGATION" / "AGENCY"), beside the lines themselves."""
    out: list[str] = []
    carry = ""
    run: list[str] = []
    for raw in lines:
        line = " ".join(raw.split()).strip(" #*|")
        if line.isupper() and len(line) < 60 and line.lower() not in _BLOCK_ENDS:
            run.append(line)
        else:
            if len(run) > 1:
                out.append(" ".join(run[:6]))
            run = []
        if carry:
            line = f"{carry} {line}"
            carry = ""
        if _CONNECTOR_END.search(line) and len(line) < 150:
            carry = line
        out.append(line)
    return out


_BLOCK_ENDS = {"contents", "preamble", "arrangement of sections", "extraordinary", "published by authority"}


def detect_type(title: str) -> str:
    low = title.lower()
    return next((kind for kind, pattern in _TYPE_WORDS if re.search(pattern, low)), "act")


def _province_named(text: str) -> str | None:
    """The province or territory whose name ``text`` carries, if any."""
    low = text.lower()
    return next((code for code, pattern in _JURISDICTION_WORDS if re.search(pattern, low)), None)


def detect_jurisdiction(title: str, text: str, kind: str) -> str:
    if _BENGALI.search(title) or re.search(r"\bbangladesh\b", title, re.I):
        return "bangladesh"
    if kind in {"convention", "protocol", "declaration", "recommendation"}:
        return "international"
    if named := _province_named(title):
        return named
    head = text[:3000].lower()
    if re.search(r"provincial assembly of (the )?punjab", head):
        return "punjab"
    if re.search(r"provincial assembly of sindh", head):
        return "sindh"
    if (extent := _EXTENT.search(text[:6000])) and (named := _province_named(extent["where"])):
        return named
    if len(_BENGALI.findall(text[:5000])) > 200:
        return "bangladesh"
    return "federal"


def _slug(title: str) -> str:
    bare = normalise_title(re.sub(r"\b(1[89]\d\d|20\d\d)\b", " ", title))
    words = [w for w in bare.split() if w not in {"of", "and", "in", "for", "on", "to", "a"}]
    return "-".join(words[:6]) or "untitled"


_COUNTRY = {"federal": "pk", "international": "int", "bangladesh": "bd"}


def make_id(jurisdiction: str, kind: str, year: int | None, title: str) -> str:
    country = _COUNTRY.get(jurisdiction, f"pk-{jurisdiction}")
    return f"{country}/{kind}/{year or 'nd'}/{_slug(title)}"


def match_kb(title: str, year: int | None, jurisdiction: str, kb: KnowledgeBase) -> Any:
    """The knowledge-base instrument this title names, if any (same year, title or alias match).
    An exact name beats a longer one that merely contains it ("... Act, 1992" is the federal
    Act, not "... Act, 1992 (as adapted and amended in the Punjab)"), and an instrument of the
    detected jurisdiction beats another's."""
    want = normalise_title(re.sub(r"\b(1[89]\d\d|20\d\d)\b", " ", title))
    if not want:
        return None
    best, best_key = None, (False, False, 0)
    for inst in kb.instruments:
        if year and inst.year != year:
            continue
        if jurisdiction not in {inst.jurisdiction, "federal"} and inst.jurisdiction != "international":
            continue
        names = [inst.title, *inst.aliases]
        for name in names:
            n = normalise_title(re.sub(r"\b(1[89]\d\d|20\d\d)\b", " ", name))
            close = len(n) > 12 and (n in want or want in n) and min(len(n), len(want)) / max(len(n), len(want)) > 0.6
            key = (n == want, inst.jurisdiction == jurisdiction, len(n))
            if n and (n == want or close) and key > best_key:
                best, best_key = inst, key
    return best


_FILLER = {"of", "on", "and", "in", "for", "to", "a", "an", "by", "with", "against"}


def _content_words(text: str) -> str:
    return " ".join(w for w in normalise_title(text).split() if w not in _FILLER)


def match_kb_filename(path: Path, year: int | None, kb: KnowledgeBase) -> Any:
    """The knowledge-base instrument whose title the file name spells out (same year; small
    words such as "of" and "and" may be left out of the file name)."""
    name = f" {_content_words(path.stem.replace('_', ' '))} "
    best, best_len = None, 0
    for inst in kb.instruments:
        if year and inst.year != year:
            continue
        for title in (inst.title, *inst.aliases):
            n = _content_words(re.sub(r"\b(1[89]\d\d|20\d\d)\b", " ", re.sub(r"\([^)]*\)", " ", title)))
            if len(n) > 12 and f" {n} " in name and len(n) > best_len:
                best, best_len = inst, len(n)
    return best


def read_sidecar(path: Path) -> dict[str, Any]:
    """Overrides from ``<file>.qanoon.toml`` beside the file, if present."""
    side = path.with_name(path.name + ".qanoon.toml")
    if not side.exists():
        return {}
    try:
        return tomllib.loads(side.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{side}: invalid sidecar ({exc})") from None


def detect(doc: RawDocument, kb: KnowledgeBase, overrides: dict[str, Any] | None = None) -> DocumentMeta:
    """Metadata for ``doc``: detected, joined to the knowledge base, then overridden."""
    over = {**read_sidecar(doc.path), **(overrides or {})}
    title = over.get("title") or detect_title(doc)
    years = [int(y) for y in _YEAR.findall(title)] or [int(y) for y in _YEAR.findall(doc.path.stem)] or [
        int(y) for y in _YEAR.findall(doc.text[:1500])
    ]
    year = int(over["year"]) if over.get("year") else (years[0] if years else None)
    kind = over.get("type") or detect_type(title)
    jurisdiction = over.get("jurisdiction") or detect_jurisdiction(title, doc.text, kind)
    number_m = next(
        (m for m in (*_NUMBER.finditer(title), *_NUMBER.finditer(doc.text[:1500])) if not year or int(m["year"]) == year),
        None,
    )
    number = ""
    if number_m:
        word = (number_m["kind"] or kind if kind in {"act", "ordinance"} else "Act").capitalize()
        number = f"{word} {number_m['roman'].upper()} of {number_m['year']}"
    status = over.get("status") or str(doc.extra.get("status", "in_force")).replace("-", "_")
    amended = bool(_AMENDED.search(doc.path.name + " " + doc.text[:2000])) or doc.format == "json"
    version = over.get("version") or ("as amended" if amended else "as enacted")
    rank = {"as amended": 3, "as enacted": 2, "ocr": 1}.get(version, 2)
    if re.search(r"\bocr\b", doc.path.name, re.I) and not over.get("version"):
        version, rank = "ocr", 1
    meta = DocumentMeta(
        id=make_id(jurisdiction, kind, year, title), title=title, year=year,
        jurisdiction=jurisdiction, type=kind, status=status, number=number,
        version=version, version_rank=rank,
    )
    inst = kb.get(over["id"]) if over.get("id") else None
    if not over.get("id"):
        name_years = [int(y) for y in _YEAR.findall(doc.path.stem)]
        inst = match_kb(title, year, jurisdiction, kb) or match_kb_filename(doc.path, name_years[0] if name_years else year, kb)
    if inst is not None:
        meta = replace(
            meta, id=inst.id, title=inst.title, year=inst.year, jurisdiction=inst.jurisdiction,
            type=inst.type, status=inst.status, number=inst.number or number,
            short_names=inst.short_names, issuing_body=inst.issuing_body,
        )
    if over.get("id"):
        meta = replace(meta, id=over["id"])
    keep = {k: over[k] for k in ("jurisdiction", "type", "status", "title") if over.get(k)}
    return replace(meta, **keep) if keep else meta
