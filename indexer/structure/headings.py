"""Heading patterns: every way a real text starts a Part, Chapter, section or Article.

Each pattern is a verbose regex with a comment on the quirk it answers; ``match_heading`` tries
them in order on one line and returns a ``HeadingMatch`` or None. Roman numbers are read by
``roman_to_int`` so that Article VII sorts after Article VI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ROMAN_RE = r"(?:[IVXL]{1,7})"


def roman_to_int(text: str) -> int | None:
    """``"XIV"`` → 14; None when ``text`` is not a Roman numeral."""
    text = text.upper()
    if not text or not re.fullmatch(r"[IVXLC]+", text):
        return None
    total, prev = 0, 0
    for ch in reversed(text):
        val = _ROMAN[ch]
        total = total - val if val < prev else total + val
        prev = max(prev, val)
    return total


@dataclass(frozen=True)
class HeadingMatch:
    """One heading line: the unit's kind, its number as printed, the rest of the line, and how
    sure the pattern is (explicit ``Article 3`` beats a bare ``3``)."""

    kind: str
    num: str
    rest: str
    confidence: float
    foreign: bool = False
    quoted: bool = False     # printed inside quotation marks (see ``SECTION_QUOTED``)


# "PART II", "Part III: Prevention", "PART-IV". Roman or Arabic numbers, short line.
PART = re.compile(r"^\s*PART[\s\-–—]+(?P<num>" + ROMAN_RE + r"|\d{1,2}[A-Z]?)\b\.?\s*[:.\-–—]?\s*(?P<rest>.{0,100})$", re.I)

# "CHAPTER I", "Chapter-I", "CHAPTER 3 - OFFENCES".
CHAPTER = re.compile(r"^\s*CHAPTER[\s\-–—]+(?P<num>" + ROMAN_RE + r"|\d{1,2}[A-Z]?)\b\.?\s*[:.\-–—]?\s*(?P<rest>.{0,100})$", re.I)

# "THE SCHEDULE", "SECOND SCHEDULE", "Schedule II" (schedules restart numbering).
# Also '"THE SCHEDULE-I"' in quotes and 'THE SCHEDULE-II51' with a footnote number stuck on (AML Act PDF).
SCHEDULE = re.compile(
    r"^\s*[“\"'\[]*\s*(?:THE\s+)?(?P<ord>FIRST|SECOND|THIRD|FOURTH|FIFTH)?\s*SCHEDULE\s*[-–—]?\s*(?P<num>" + ROMAN_RE
    + r"(?![a-z])|\d{1,2})?\d{0,3}[”\"']?\s*[:.\-–—]?\s*(?P<rest>.{0,100})$",
    re.I,
)

# "Article 3", "ARTICLE VII", "Art. 25A", "Article 3 - Use of terms". Explicit word: trusted.
ARTICLE = re.compile(
    r"^\s*(?:\d{1,2}\s*\[|\[)?\s*(?:ARTICLE|Article|Art\.)\s+(?P<num>\d{1,4}[A-Z]{0,3}|" + ROMAN_RE + r")\b\s*[.:\-–—]?\s*(?P<rest>.*)$"
)

# A translation that follows the English text: "Artikel 3" (Dutch), "Artículo 3", "Article premier".
FOREIGN_ARTICLE = re.compile(r"^\s*(?:Artikel|ARTIKEL|Artículo|Articolo|Artigo|Artykuł)\s+(?P<num>\d{1,3}|" + ROMAN_RE + r")\b\s*(?P<rest>.*)$")

# "Section 3. Trafficking" / "Sec. 3" spelled out.
# "Section 337- Punishment of shajjah": a Markdown export that lost the letter of 337-A; the
# number is kept with its hyphen ("337-") and lettered from the order of sections.
# "Section 332 Hurt:" (same export) puts no mark between the number and the heading.
SECTION_WORD = re.compile(
    r"^\s*(?:SECTION|Section|Sec\.)\s+(?P<num>\d{1,4}(?:-?[A-Z]{1,3})?)(?:(?P<dash>-)\s+|\s*[.:\-–—]\s*|\s+(?=[A-Z]))(?P<rest>.*)$"
)

# "171- Bribery:" (Penal Code Markdown): the lost-letter form without the word "Section". Only a
# heading on its own line (closed by a colon or full stop), so that list items ("1- The...") in
# running text are not taken.
LETTER_LOST = re.compile(r"^\s*(?P<num>\d{1,3})-\s+(?P<rest>[A-Z\"“][^\n]{1,158}[:.])\s*$")

# "Rule 5." in rules.
RULE_WORD = re.compile(r"^\s*(?:RULE|Rule)\s+(?P<num>\d{1,4}[A-Z]{0,2})\s*[.:\-–—]\s*(?P<rest>.*)$")

# The printed section form: "3. Trafficking in persons.-(1) ...", "13A. ...", "1.Short title",
# amendment markers before it: "1[6. Inserted section", "2[13A. ...". Not "1.5" (decimals)
# and not a year ("1860. ..."). A bar after the number is an OCR speck ("7. | Presumption").
SECTION = re.compile(
    r"^\s*(?:\d{1,2}\s*\[|\[)?\s*(?P<num>\d{1,4}(?:-?[A-Z]{1,3})?)\s*\.(?!\d)\s*(?:\|\s*)?(?P<rest>.*)$"
)

# A section printed inside the quotation marks of the Act that inserted it ("371A. Selling person
# ..., Penal Code Markdown): weaker evidence, since an amending Act quotes the sections it inserts
# into another law; the order of numbers decides.
SECTION_QUOTED = re.compile(r"^\s*[\"“‘']\s*(?P<num>\d{1,4}(?:-?[A-Z]{1,3})?)\s*\.(?!\d)\s*(?P<rest>[A-Z].*)$")

# OCR misreads digits in gazette scans: "l." or "I." for "1.", "I6." for "16.", "2O." for "20."
# (seen in the PSMA 2018 gazette's text layer). Only in section-style texts, read as digits.
SECTION_OCR = re.compile(r"^\s*(?P<num>(?=[0-9lIO]*[lIO])(?=[0-9lIO]*[0-9lI])[0-9lIO]{1,3})\s*\.(?!\d)\s*(?P<rest>[A-Z].*)$")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})

# Noisier OCR (Tesseract on 100-dpi gazette scans): stray marks before the number ("‘16,", "_ 15»",
# "‘e "7,"),
# a comma, colon or "»" for the full stop ("9, Cognizance", "2: Definitions"), "i"/"L"/"]" for "1"
# ("i. Short title", "L2. Display", "i1. Maintenance", "]. Short title"), a stray bar after it
# ("7. | Presumption").
# Trusted only when the line then reads as a section heading: closed by a dash ("Repeal.—(1)"),
# or a short title-case line on its own ("21, Repeal and Savings,").
SECTION_NOISY = re.compile(
    r"^[\s_'‘’\"“|.»]*(?:[a-z][\s_'‘’\"“|.»]+)?(?P<num>(?=[0-9lIiLO]*[0-9])[0-9lIiLO]{1,3}|[lIiL\]])(?P<suffix>[A-Z]?)\s*[.,:;»]\s*[|_]?\s*[‘'\"“]?"
    r"(?P<rest>[A-Z].*)$"
)
_NOISY_DIGITS = str.maketrans({"l": "1", "I": "1", "i": "1", "L": "1", "O": "0", "]": "1"})
# the dash may be doubled by OCR: "ZARRA.-—{1) The" (ZARRA gazette)
_NOISY_HEADING = re.compile(r"^[A-Z][^.;]{2,120}?\s*[.:,]?\s*(?:[-_]{0,2}[—–⸻]|[-_]{1,2}\s*[({A-Z])")
_NOISY_SHORT = re.compile(r"^[A-Z][A-Za-z’' ]{2,60}[.,]?$")

# A bare number line ("11" then the heading on the next line, or "11 Slavery, forced labour").
# Markdown and HTML exports of the Constitution print articles like this. Weak evidence.
BARE = re.compile(r"^\s*(?P<num>\d{1,4}[A-Z]{0,2})(?:\s+(?P<rest>[A-Z][^:;]{2,90}))?\s*$")

# Subsection "(1)", clause "(a)", sub-clause "(i)".
SUBSECTION = re.compile(r"^\s*\((?P<num>\d{1,3}[A-Z]?)\)\s*(?P<rest>.*)$")
CLAUSE = re.compile(r"^\s*\((?P<num>[a-z]{1,2}|[a-z]{1,2}[a-z]?)\)\s*(?P<rest>.*)$")

# Where a section's heading ends and its text begins: ".—", ".-", ".__", ":-", ".⸻", "—".
# A footnote number may sit between the full stop and the dash: "Sanctions for reporting entities.25– If"
# (AML Act PDF).
HEADING_END = re.compile(
    r"\s*(?:[.:](?:\d{1,3}(?=\s*[—–⸻―]))?\s*[—–\-_⸻―]+|[—⸻―]+|:\s*$|:\s*(?=[A-Z(])|\.\s*(?=\(\d)|\.\s*$"
    # "Indemnity. No suit shall lie..." : a full stop, then the words a provision's text starts with
    # (with or without the space: "Saving.Nothing in this Ordinance", Emigration Ordinance PDF)
    r"|\.\s*(?=(?:The|Every|No|Whoever|Any|If|Where|In|Nothing|Subject|Notwithstanding|Save|When|Whenever|Except|All|It|Unless|Such|A|An)\b)"
    # "...residents for benefit Whoever intentionally": OCR lost the ".—"; a capital "Whoever" starts a sentence
    r"|\s(?=Whoever\b))\s*"
)


# A heading closed by a dash (".—", ":—"): stronger evidence of the heading's end than a colon.
_DASH_END = re.compile(r"[.:]\s*[—–⸻―]")


def split_heading(rest: str) -> tuple[str, str, bool]:
    """Split ``"Trafficking in persons.-(1) Whoever..."`` into heading and text.

    Returns (heading, text, found) where ``found`` says a heading terminator was seen. A colon
    inside a heading that a dash closes later on the line ("Modified: Application of Certain
    Laws.—(1)", an OCR misreading) does not end it.
    """
    m = HEADING_END.search(rest)
    if m and m.group().strip() == ":" and (d := _DASH_END.search(rest, m.end())) and d.start() <= 160 \
            and "." not in rest[m.end():d.start()]:
        m = HEADING_END.search(rest, d.start())
    if m and m.start() > 0 and m.start() <= 160:
        # "Schedule-—" (OCR); Markdown exports leave bold marks around headings ('"Oath":**')
        return rest[: m.start()].strip(" .:-_*"), rest[m.end():].strip(), True
    return "", rest.strip(), False


# Footnote and amendment markers printed inside a heading: "Power of 335[Majlis-e-Shoora
# (Parliament)] 335 to legislate" (Constitution Markdown), "Definitions1" (a note number stuck on).
_MARK_OPEN = re.compile(r"\b\d{1,4}\[\s*")
_MARK_CLOSE = re.compile(r"\s*\]\s*\d{1,4}\b")
_MARK_TRAILING = re.compile(r"(?<=[a-z])\d{1,3}$")


def strip_marks(heading: str) -> str:
    """A heading without the footnote markers an export printed in it: the heading is what users
    read and search, and "335[" is none of its words. A closing bracket left without its opening
    one ("Duty of 7[District Coordination Officer] and other") goes too."""
    heading = _MARK_CLOSE.sub("", _MARK_OPEN.sub("", heading))
    depth, kept = 0, []
    for ch in heading:
        if ch == "]" and depth == 0:
            continue
        depth += {"[": 1, "]": -1}.get(ch, 0)
        kept.append(ch)
    return _MARK_TRAILING.sub("", "".join(kept)).strip()


# The opening of an operative sentence, not a heading: treaties print no article headings, and
# the first line of an article ("States Parties shall prohibit ...", "For the purposes of this
# Convention, ...", "Everyone has the right ...") must not be taken for one.
_SENTENCE = re.compile(
    r"\b(?:shall|must)\b|^(?:for the purposes? of|states parties|each member|every member|everyone|no one|any member)\b", re.I
)


def looks_like_heading(line: str) -> bool:
    """A short line that starts with a capital and does not read as a running sentence."""
    line = line.strip().lstrip("\"“‘'[(")
    return 2 < len(line) <= 160 and line[:1].isupper() and not line.endswith(",")


def reads_as_sentence(line: str) -> bool:
    """The first line of an Article's text rather than its heading (treaties print none). Only
    for Articles: a Penal Code heading may say "shall" ("Cases in which qisas for hurt shall not
    be enforced")."""
    return bool(_SENTENCE.search(line.strip().lstrip("\"“‘'[(")))


def clean_printed(num: str) -> str:
    """A printed number as Qanoon keeps it: ``"337-A"`` → ``"337A"``."""
    return num.replace("-", "").upper()


def match_heading(line: str, style: str) -> HeadingMatch | None:
    """The heading a line starts, if any. ``style`` is "article" or "section" (the document's
    usual unit, which decides what a bare ``3.`` means)."""
    if m := FOREIGN_ARTICLE.match(line):
        return HeadingMatch("article", m["num"], m["rest"], 1.0, foreign=True)
    # "Chapter XVI shall be liable ...": a wrapped sentence that cites a chapter, not a heading
    if (m := PART.match(line)) and not m["rest"][:1].islower():
        return HeadingMatch("part", m["num"].upper(), m["rest"], 1.0)
    if (m := CHAPTER.match(line)) and not m["rest"][:1].islower():
        return HeadingMatch("chapter", m["num"].upper(), m["rest"], 1.0)
    if m := ARTICLE.match(line):
        return HeadingMatch("article", m["num"].upper(), m["rest"], 1.0)
    if (m := SCHEDULE.match(line)) and len(line.strip()) < 90:
        num = m["ord"] or m["num"] or ""
        return HeadingMatch("schedule", num.upper(), m["rest"], 0.9)
    unit = "article" if style == "article" else "rule" if style == "rule" else "section"
    if m := SECTION_WORD.match(line):
        return HeadingMatch("section", clean_printed(m["num"]) + ("-" if m["dash"] else ""), m["rest"], 1.0)
    if unit == "section" and (m := LETTER_LOST.match(line)):
        return HeadingMatch("section", m["num"] + "-", m["rest"], 0.9)
    if m := RULE_WORD.match(line):
        return HeadingMatch("rule", m["num"].upper(), m["rest"], 1.0)
    if (m := SECTION.match(line)) and int(re.match(r"\d+", m["num"])[0]) < 10000:   # years: see tree._no_stray_years
        return HeadingMatch(unit, clean_printed(m["num"]), m["rest"], 0.9)
    if unit == "section" and (m := SECTION_QUOTED.match(line)):
        return HeadingMatch(unit, clean_printed(m["num"]), m["rest"], 0.5, quoted=True)
    if unit == "section" and (m := SECTION_OCR.match(line)):
        return HeadingMatch(unit, m["num"].translate(_OCR_DIGITS), m["rest"], 0.7)
    if unit == "section" and (m := SECTION_NOISY.match(line)) and (
        _NOISY_HEADING.match(m["rest"]) or _NOISY_SHORT.match(m["rest"].strip())
    ):
        num = m["num"].translate(_NOISY_DIGITS) + m["suffix"]
        if 0 < int(re.match(r"\d+", num)[0]) < 1000:
            rest = m["rest"] if _NOISY_HEADING.match(m["rest"]) else m["rest"].strip().rstrip(".,") + ".—"
            return HeadingMatch(unit, num, rest, 0.6)
    if m := BARE.match(line):
        return HeadingMatch(unit, m["num"].upper(), m["rest"] or "", 0.5)
    return None


def order_key(num: str) -> tuple[int, str]:
    """Sort key of a printed number: ``"13A"`` → (13, "a"); ``"VII"`` → (7, "")."""
    if (val := roman_to_int(num)) is not None and not num.isdigit():
        return val, ""
    m = re.match(r"(\d+)([A-Za-z]*)", num)
    return (int(m[1]), m[2].lower()) if m else (0, num.lower())
