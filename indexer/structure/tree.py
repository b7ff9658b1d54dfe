"""Build the typed tree of an instrument from its cleaned text.

Stages, in the manner of bluebell's parser:
1. ``normalise``: guarantees one unit start per line where the text allows it (see docstring);
2. ``find_candidates``: every line that could start a Part, Chapter, section, Article or Schedule;
3. ``choose``: the candidates that really are units. A table of contents repeats every section
   number, schedules restart numbering, and stray lines start with numbers, so the main units
   kept are the heaviest *rising* sequence of numbers (a weighted longest increasing
   subsequence): real sections have headings and bodies, contents entries have neither;
4. ``build``: nest Parts > Chapters > sections > subsections > clauses and give eIds.

Nothing is refused: text before the first unit is the preamble, and a document with no units
becomes one unnumbered unit plus a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from qanoon.indexer.models import Provision
from qanoon.indexer.structure.eids import provision_eid
from qanoon.indexer.structure.headings import (
    CLAUSE,
    SUBSECTION,
    HeadingMatch,
    looks_like_heading,
    match_heading,
    order_key,
    reads_as_sentence,
    split_heading,
    strip_marks,
)

MAIN_KINDS = {"section", "article", "rule"}
_MID_LINE_UNIT = re.compile(r"(?<=[.;:])\s+(?=\(\d{1,2}\)\s+[A-Z])")


@dataclass
class Candidate:
    line: int          # line index of the number
    start_line: int    # first line of the unit (the heading line when it precedes the number)
    match: HeadingMatch
    heading: str = ""
    first_text: str = ""
    skip_lines: int = 0  # lines after ``line`` consumed as heading
    weight: float = 0.0
    body_chars: int = 0


@dataclass
class ParseResult:
    units: list[Provision]
    preamble: str
    warnings: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Guarantees: ``\\n`` line ends, no tabs, no blank-only lines, and a subsection marker that
    follows a heading terminator on the same line (``Definitions.- (1) In this...``) kept in place
    (``find_candidates`` splits it)."""
    text = text.replace("\t", " ")
    # unpaired bold marks left at line ends by Markdown exports ("...ten rupees:**")
    lines = [re.sub(r"\*\*\s*$", "", re.sub(r" {2,}", " ", ln)).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


# A heading closed by a dash: ".—", ".-", ".__", ":—" (stronger evidence than a full stop).
_DASHED = re.compile(r"[.:]\s*[—–\-_⸻―]")
# A colon that closes a heading: at the line end or before the text's first capital or "(1)".
_COLON_END = re.compile(r":\s*(?:$|(?=[A-Z(]))")


def _heading_line(line: str, after: str) -> bool:
    """A heading on a line of its own. A trailing comma ("Resignation," in the Constitution
    Markdown) is a typo, not a running sentence, when the line is short and the next line does
    not go on in lower case."""
    if line.endswith(","):
        return len(line) <= 60 and looks_like_heading(line[:-1]) and not after[:1].islower()
    return looks_like_heading(line) and len(line) <= 100


def _wrapped(rest: str, nxt: str) -> bool:
    """A heading wrapped onto the next line, which goes on in lower case and closes it early
    with a dash or a colon: "29. Reciprocal arrangements ... for" / "transfer of accused
    persons.— (1) Where..." (AML Act PDF); "388. Extortion by threat ... imprisonment" / "for
    life, etc.:" (Penal Code Markdown)."""
    if nxt.startswith("(") or match_heading(nxt, "section"):
        return False
    if _DASHED.search(nxt[:120]):
        return True
    return nxt[:1].islower() and bool(_COLON_END.search(nxt[:60])) and looks_like_heading(rest)


def _heading_for(lines: list[str], i: int, m: HeadingMatch) -> tuple[str, str, int, int]:
    """Heading, first text, lines consumed after ``i``, and the unit's start line."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    after = lines[i + 2] if i + 2 < len(lines) else ""
    prev = lines[i - 1] if i > 0 else ""
    if m.rest.strip():
        heading, text, found = split_heading(m.rest)
        if not found and _wrapped(m.rest, nxt):
            nh, nt, _ = split_heading(f"{m.rest.strip()} {nxt}")
            return nh, nt, 1, i
        if not found and looks_like_heading(m.rest) and len(m.rest) <= 100 and not m.rest.rstrip().endswith((",", ";")):
            # "11 Slavery, forced labour, etc. prohibited" or "Article 3 Use of terms"
            if i + 1 < len(lines) and not lines[i + 1][:1].islower():
                return m.rest.strip().rstrip(".:"), "", 0, i
        return heading, text, 0, i
    nh, nt, nfound = split_heading(nxt)
    ph, pt, pfound = split_heading(prev)
    # (judge the heading part of a line, not the whole line: the text may run on for a page)
    prev_dashed = bool(pfound and pt and _DASHED.search(prev) and looks_like_heading(ph) and not match_heading(prev, "section"))
    if nfound and looks_like_heading(nh) and not match_heading(nxt, "section") and not (prev_dashed and not _DASHED.search(nxt)):
        return nh, nt, 1, i
    if m.confidence >= 1.0 and _heading_line(nxt, after) and not match_heading(nxt, "section"):
        # "Article VII" then "EXTRADITION OR PROSECUTION" on its own line
        return nxt.strip().rstrip(".:,"), "", 1, i
    if pfound and pt and looks_like_heading(ph) and not match_heading(prev, "section"):
        # Punjab Code layout: the heading line is printed before its section number.
        return ph, pt, 0, i - 1
    if _heading_line(nxt, after) and not match_heading(nxt, "section"):
        return nxt.strip().rstrip(".:,"), "", 1, i
    return "", "", 0, i


def find_candidates(lines: list[str], style: str) -> tuple[list[Candidate], int | None]:
    """All possible unit starts, and the line where a translation begins (if any)."""
    out: list[Candidate] = []
    foreign_at = None
    for i, line in enumerate(lines):
        m = match_heading(line, style)
        if m is None:
            continue
        if m.foreign:
            if any(c.match.kind == "article" for c in out):
                foreign_at = i
                break
            continue
        heading, first, skip, start = _heading_for(lines, i, m)
        if m.kind == "article" and reads_as_sentence(heading):   # a treaty's text, not a heading
            heading, first, skip = "", m.rest.strip(), 0
        if m.kind in {"part", "chapter", "schedule"}:
            heading = heading or (m.rest.strip() or (lines[i + 1] if i + 1 < len(lines) and len(lines[i + 1]) < 80 else "")).strip(" .:-")
        out.append(Candidate(line=i, start_line=start, match=m, heading=strip_marks(heading), first_text=first, skip_lines=skip))
    return _join_numbered_rows(out), foreign_at


def _footnote_readings(cands: list[Candidate]) -> list[Candidate]:
    """A printed section number may carry a footnote number stuck on ("111. [Power to take
    security ...] Omitted" is s. 11 with note 1, Child Marriage Restraint Act PDF): each
    "dd." also offers the reading without its last digit, weaker, and the order of numbers
    (``choose_main``) picks one reading per line."""
    out = []
    for c in cands:
        out.append(c)
        if c.match.kind in MAIN_KINDS and c.match.confidence == 0.9 and re.fullmatch(r"\d{2,3}", c.match.num):
            out.append(replace(c, match=replace(c.match, num=c.match.num[:-1], confidence=0.5)))
    return out


def _join_numbered_rows(cands: list[Candidate]) -> list[Candidate]:
    """One unit from two rows that print the same number, the heading alone on the first and the
    text on the next ("174.Suits and proceedings" / "174.The Federation may sue...", Constitution
    Markdown): the first row's heading, the second row's text. Both rows print the number the
    same way, so that a numbered paragraph ("17. States Parties shall...") before an "Article 17"
    heading is not taken for it."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev and c.match.kind in MAIN_KINDS and (prev.match.kind, prev.match.num) == (c.match.kind, c.match.num)
                and prev.match.confidence == c.match.confidence
                and c.line == prev.line + 1 + prev.skip_lines and prev.heading and not prev.first_text):
            c.heading, c.first_text, c.start_line = prev.heading, c.match.rest.strip(), prev.start_line
            out[-1] = c
        else:
            out.append(c)
    return out


def _drop_boilerplate_headings(cands: list[Candidate], lines: list[str]) -> None:
    """A heading text that repeats on 3 or more main units, and on at least a quarter of them,
    is boilerplate printed with every unit, not a heading: the Dutch treaty database repeats its
    status line ("Treedt in werking op een nader te bepalen tijdstip") under every "### Article N".
    Such a unit gets the real heading when one follows the boilerplate line on its own (short,
    not numbered, not closed by the full stop of a sentence or the colon that opens a list), else
    none; the boilerplate line stays out of the unit's text."""
    mains = [c for c in cands if c.match.kind in MAIN_KINDS]
    counts = Counter(_norm_heading(c.heading) for c in mains if c.heading)
    boiler = {h for h, k in counts.items() if k >= 3 and k >= len(mains) / 4}
    for c in mains:
        if _norm_heading(c.heading) not in boiler:
            continue
        c.heading = ""
        if c.skip_lines:  # the boilerplate was the line after the number: a heading may follow it
            j = c.line + 1 + c.skip_lines
            line, after = (lines[j] if j < len(lines) else ""), (lines[j + 1] if j + 1 < len(lines) else "")
            if line and len(line) <= 80 and _heading_line(line, after) and not line.endswith((":", ".")) \
                    and not match_heading(line, "section"):
                c.heading, c.skip_lines = line.strip().rstrip(","), c.skip_lines + 1


def _letter_lost_suffixes(cands: list[Candidate]) -> None:
    """Give ``"337-"`` (an export that dropped the letter of 337-A) the next letter after the
    last section of that number: 337, 337-, 337- → 337, 337A, 337B."""
    last: dict[str, str] = {}
    for c in cands:
        num = c.match.num
        if num.endswith("-") and num[:-1].isdigit():
            base = num[:-1]
            prev = last.get(base, "")
            letter = chr(ord(prev[-1]) + 1) if prev and prev[-1].isalpha() and prev[-1] < "Z" else "A"
            c.match = replace(c.match, num=base + letter)
            last[base] = c.match.num
        elif c.match.kind in MAIN_KINDS:
            base = re.match(r"\d+", num)
            if base:
                last[base[0]] = num


def _weigh(cands: list[Candidate], lines: list[str], end: int) -> None:
    """Weight each candidate by how sure its pattern is, whether it has a heading, and whether
    it has a body. Where a text spells its units out (``Article VII``, ``Section 3``) three or
    more times, bare numbers (``3.``) are numbered paragraphs inside them and weigh little."""
    spelled = sum(1 for c in cands if c.match.kind in MAIN_KINDS and c.match.confidence >= 1.0)
    for k, c in enumerate(cands):
        # the body runs to the next candidate at least as sure as this one
        nxt = next((d.start_line for d in cands[k + 1 :] if d.match.confidence >= c.match.confidence), end)
        body = " ".join(lines[c.line + 1 + c.skip_lines : max(nxt, c.line + 1)])
        c.body_chars = len(body) + len(c.first_text)
        w = c.match.confidence * (1.6 if c.heading else 1.0)
        if c.body_chars < 25:
            w *= 0.15  # a contents entry: a number and maybe a heading, no text
        if spelled >= 3 and c.match.confidence < 1.0:
            w *= 0.2
        c.weight = w


def choose_main(cands: list[Candidate]) -> list[Candidate]:
    """The heaviest strictly rising sequence of main-unit numbers (a weighted longest
    increasing subsequence), in O(n log n) with a Fenwick tree of prefix maxima over the ranked
    numbers, so that a text with many thousand sections is parsed in seconds. Among equally
    heavy chains the earliest predecessor wins, as a left-to-right scan would choose."""
    mains = [c for c in cands if c.match.kind in MAIN_KINDS]
    if not mains:
        return []
    keys = [order_key(c.match.num) for c in mains]
    rank = {k: r for r, k in enumerate(sorted(set(keys)), 1)}
    size = len(rank)
    tree: list[tuple[float, int]] = [(0.0, 1)] * (size + 1)   # (best chain weight, -its last index)

    def query(r: int) -> tuple[float, int]:
        out = (0.0, 1)
        while r > 0:
            out = max(out, tree[r])
            r -= r & -r
        return out

    def update(r: int, value: tuple[float, int]) -> None:
        while r <= size:
            tree[r] = max(tree[r], value)
            r += r & -r

    best = [0.0] * len(mains)
    back = [-1] * len(mains)
    order = sorted(range(len(mains)), key=lambda i: (mains[i].line, i))
    start = 0
    while start < len(order):   # candidates on one line cannot follow each other: query all, then update
        end = start
        while end < len(order) and mains[order[end]].line == mains[order[start]].line:
            end += 1
        for j in order[start:end]:
            value, neg = query(rank[keys[j]] - 1)
            best[j], back[j] = value + mains[j].weight, (-neg if value > 0 else -1)
        for j in order[start:end]:
            update(rank[keys[j]], (best[j], -j))
        start = end
    j = max(range(len(mains)), key=best.__getitem__)
    chain = []
    while j >= 0:
        chain.append(mains[j])
        j = back[j]
    return chain[::-1]


# OCR leaves marks before a heading whose number it lost: a misread number ("lt. Investigating
# agency.—"), stray punctuation ("‘ Repeal.—"), or a short misread word ("one? “Hours and Period
# of Work.—(1)"); and may drop the dash before "(1)" ("National Committee ... Child (1) The ...").
_OCR_JUNK = r"(?:[^\w\s]{1,3}\s*|[0-9lIiLOSt]{1,3}[.,:;»]\s*|[a-z]{1,4}[^\w\s]?\s+[^\w\s]{0,2})?"
_DASH_HEADING = re.compile(
    r"^" + _OCR_JUNK + r"(?P<head>[A-Z][^.:]{3,120}?)\s*(?:[.:]?\s*[—–⸻]|\s[({]1[)}]\s*(?=[A-Z]))"
    r"|^" + _OCR_JUNK + r"(?P<head2>[A-Z][^.:]{3,120}?)[.:]\s*[-_]{1,2}\s"
)


def _key_text(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def fill_gaps(
    mains: list[Candidate], lines: list[str], end: int, style: str, cands: list[Candidate] | None = None,
) -> list[Candidate]:
    """Recover sections whose number the layout lost, using the order of sections.

    Between kept sections ``n`` and ``n + k`` (and after the last one), a line that starts with
    a heading closed by a dash (``Abolition of bonded labour system.— (1) ...``), or with a
    heading the contents list printed, is taken as the next number. Between two kept sections,
    a section heading whose number broke the order (OCR read ``15»`` as ``13»``) is taken too.
    Inferred units get a lower confidence and their number is an inference, not a reading.
    """
    misread = {c.line: c for c in cands or () if c.match.kind in MAIN_KINDS and c.heading and c.body_chars >= 25}
    if not mains:
        return mains
    contents = {_key_text(ln.rstrip(". ")) for ln in lines[: mains[0].start_line] if 3 < len(ln) < 110}
    unit = mains[0].match.kind
    out: list[Candidate] = []
    bounds = [(a, b.start_line) for a, b in zip(mains, mains[1:], strict=False)] + [(mains[-1], end)]
    nexts = [order_key(b.match.num) for b in mains[1:]] + [(10**6, "")]
    for (a, stop), nkey in zip(bounds, nexts, strict=True):
        out.append(a)
        akey = order_key(a.match.num)
        if akey[1] or not a.match.num.isdigit():
            continue
        expected = akey[0] + 1
        if expected >= nkey[0] and nkey[0] != 10**6:
            continue
        for i in range(a.line + 1 + a.skip_lines, stop):
            if nkey[0] != 10**6 and expected >= nkey[0]:
                break
            if nkey[0] != 10**6 and (c := misread.get(i)) and c.line not in {x.line for x in mains}:
                hm = HeadingMatch(unit, str(expected), lines[i], 0.4)
                out.append(Candidate(line=i, start_line=c.start_line, match=hm, heading=c.heading,
                                     first_text=c.first_text, skip_lines=c.skip_lines, weight=0.4))
                expected += 1
                continue
            m = _DASH_HEADING.match(lines[i])
            group = ("head" if m["head"] else "head2") if m else ""
            head, head_end = (m[group], m.end(group)) if m else ("", 0)
            if not head and (prefix := lines[i].split(".")[0]) and _key_text(prefix) in contents and len(prefix) > 8:
                head, head_end = prefix, len(prefix)
            if not head or (nkey[0] == 10**6 and _key_text(head) not in contents):
                continue
            rest = lines[i][head_end:].lstrip(" .:—–-_⸻")
            hm = HeadingMatch(unit, str(expected), lines[i], 0.4)
            out.append(Candidate(line=i, start_line=i, match=hm, heading=head.strip(), first_text=rest, weight=0.4))
            expected += 1
    return out


def _no_stray_years(cands: list[Candidate]) -> list[Candidate]:
    """A main unit numbered with four digits counts only where one of the ten numbers before it
    came earlier (section 1000 after 999): a line that starts "2018." after section 40 is a
    year, not section 2018."""
    seen: set[int] = set()
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.line):
        n = order_key(c.match.num)[0]
        if c.match.kind not in MAIN_KINDS or n < 1000 or seen & set(range(n - 10, n)):
            out.append(c)
            if c.match.kind in MAIN_KINDS:
                seen.add(n)
    return out


def choose(cands: list[Candidate], lines: list[str], end: int, style: str) -> list[Candidate]:
    """Main units from ``choose_main`` and ``fill_gaps``; Parts and Chapters whose first
    following main unit was kept; Schedules after the last main unit."""
    mains = _quoted_between_neighbours(fill_gaps(choose_main(_no_stray_years(cands)), lines, end, style, cands))
    # Schedules come last: numbered items after a schedule heading that follows most of the
    # sections are the schedule's contents (lists of offences, occupations), not sections.
    schedules = [c for c in cands if c.match.kind == "schedule"]
    if mains and schedules:
        half = mains[len(mains) // 2].line
        cut = next((c.line for c in schedules if c.line > half), None)
        if cut is not None:
            mains = [c for c in mains if c.line < cut]
    inferred = [c for c in mains if c.match.confidence == 0.4]
    kept_lines = {c.line for c in mains}
    kept = {id(c) for c in mains}   # by identity: a line may offer two readings of its number
    # an inferred unit replaces the misread candidate on its line (OCR "13»" for 15): one unit a line
    inferred_lines = {c.line for c in inferred}
    last_main = mains[-1].line if mains else -1
    chosen = list(inferred)
    for idx, c in enumerate(cands):
        kind = c.match.kind
        if c.line in inferred_lines and kind in MAIN_KINDS:
            continue
        if id(c) in kept:
            chosen.append(c)
        elif kind in {"part", "chapter"}:
            nxt = next((d for d in cands[idx + 1 :] if d.match.kind in MAIN_KINDS | {"part", "chapter"}), None)
            if nxt is not None and nxt.line in kept_lines:
                chosen.append(c)
        elif kind == "schedule" and c.line > last_main >= 0:
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.line)


# the end of a quotation: a closing quotation mark at the end of a line, before any full stop
_QUOTE_CLOSE = re.compile(r"[\"”’']\s*[.;,]?\s*$")


def _mark_quoted_runs(cands: list[Candidate], lines: list[str]) -> None:
    """Every unit inside a quotation that a quoted unit opens is quoted too, up to the line the
    quotation closes on: an amending Act quotes the whole run of sections it inserts."""
    quoted_until = -1
    for c in cands:
        if c.match.kind not in MAIN_KINDS:
            continue
        if c.line <= quoted_until:
            c.match = replace(c.match, quoted=True)
        elif c.match.quoted:
            quoted_until = next((j for j in range(c.line, min(len(lines), c.line + 300)) if _QUOTE_CLOSE.search(lines[j])), c.line)


def _quoted_between_neighbours(mains: list[Candidate]) -> list[Candidate]:
    """Quoted sections kept only where they fill a place between two unquoted ones ("371A"
    between 371 and 371B): an amending Act's quoted insertions into another law, which follow
    its own sections, are not its sections."""
    out = []
    for i, c in enumerate(mains):
        if c.match.quoted:
            before = next((d for d in reversed(mains[:i]) if not d.match.quoted), None)
            after = next((d for d in mains[i + 1:] if not d.match.quoted), None)
            if not (before and after and order_key(before.match.num) < order_key(c.match.num) < order_key(after.match.num)):
                continue
        out.append(c)
    return out


def split_subunits(text: str, parent_eid: str) -> tuple[str, list[Provision]]:
    """Split a section's body into subsections ``(1)`` and clauses ``(a)``.

    When the layout detached the markers from their text (a column of ``(1) (2) (3)`` with the
    sentences below, as pdfminer gives for some PDFs), the body is kept whole.
    """
    lines = _MID_LINE_UNIT.sub("\n", text).split("\n")
    bare_markers = sum(1 for ln in lines if re.fullmatch(r"\s*\(\w{1,4}\)\s*", ln))
    if bare_markers >= 2:
        return text, []
    own: list[str] = []
    subs: list[Provision] = []
    current: Provision | None = None
    clause: Provision | None = None
    expected_sub = 1
    for ln in lines:
        ms = SUBSECTION.match(ln)
        if ms and order_key(ms["num"])[0] == expected_sub:
            expected_sub += 1
            current = Provision(kind="subsection", num=ms["num"], text=ms["rest"],
                                eid=provision_eid("subsection", ms["num"], parent_eid))
            subs.append(current)
            clause = None
            continue
        mc = CLAUSE.match(ln)
        if mc and not (clause and re.fullmatch(r"[ivx]+", mc["num"]) and clause.num not in {"h", "u", "w"}):
            holder = current
            eid_parent = holder.eid if holder else parent_eid
            clause = Provision(kind="clause", num=mc["num"], text=mc["rest"],
                               eid=provision_eid("clause", mc["num"], eid_parent))
            (holder.children if holder else subs).append(clause)
            continue
        target = clause or current
        if target is not None:
            target.text = f"{target.text}\n{ln}".strip()
        else:
            own.append(ln)
    return "\n".join(own).strip(), subs


def _unique(eid: str, seen: dict[str, int]) -> str:
    seen[eid] = seen.get(eid, 0) + 1
    return eid if seen[eid] == 1 else f"{eid}_{seen[eid]}"


def build(lines: list[str], chosen: list[Candidate], end: int, offsets: list[int]) -> list[Provision]:
    """Nest the chosen units and fill their text."""
    roots: list[Provision] = []
    part: Provision | None = None
    chapter: Provision | None = None
    seen: dict[str, int] = {}
    starts = [c.start_line for c in chosen] + [end]
    for c, nxt in zip(chosen, starts[1:], strict=True):
        kind = c.match.kind
        body_lines = lines[c.line + 1 + c.skip_lines : max(nxt, c.line + 1)]
        if c.start_line < c.line:  # heading printed before the number: its text is the first line
            body_lines = [c.first_text] + body_lines
        elif c.first_text:
            body_lines = [c.first_text] + body_lines
        body = "\n".join(ln for ln in body_lines if ln)
        eid = _unique(provision_eid(kind, c.match.num or "nn"), seen)
        unit = Provision(kind=kind, num=c.match.num, heading=c.heading, eid=eid, start=offsets[c.start_line])
        if kind in MAIN_KINDS:
            unit.text, unit.children = split_subunits(body, eid)
        else:
            unit.text = body if kind == "schedule" else ""
        if kind == "part":
            part, chapter = unit, None
            roots.append(unit)
        elif kind == "chapter":
            chapter = unit
            (part.children if part else roots).append(unit)
        elif kind == "schedule":
            part = chapter = None
            roots.append(unit)
        else:
            holder = chapter or part
            (holder.children if holder else roots).append(unit)
    return roots


def guess_style(text: str, title: str) -> str:
    """"article" for constitutions and treaties, "rule" for rules, else "section"."""
    t = title.lower()
    if re.search(r"constitution|convention|protocol|declaration|covenant|charter|treaty", t):
        return "article"
    if re.search(r"\brules\b", t):
        return "rule"
    return "section"


def _norm_heading(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# A heading that runs on into its text on the same line, as OCR exports print them: "Penalties -
# (1) Whoever...", "3. Prohibition on Employment - No child...", "Abetment and conspiracy (1) Any".
_RUN_ON_HEADING = re.compile(r"^(?:\d{1,3}[A-Z]?\.\s*)?(?P<head>[A-Z][^:;—–(]{2,118}?)\s*(?:\s-\s|[—–:]|\((?=1\)))")


def _heading_texts(line: str) -> list[str]:
    """What on ``line`` could be a unit's heading: the whole line when short, and the part
    before a dash, colon or "(1)" when the heading runs on into the text."""
    out = [line] if len(line) <= 120 else []
    if m := _RUN_ON_HEADING.match(line):
        out.append(m["head"])
    return out


def match_known_headings(lines: list[str], known: dict[str, str], style: str, end: int) -> list[Candidate]:
    """Units found by their headings alone, numbered from ``known`` (number → heading, from the
    knowledge base), for texts that print no numbers at all (some OCR exports). Only headings
    that stand on their own line, or start a line and run on into its text, and read at least
    85% alike count; numbers must rise."""
    from difflib import SequenceMatcher

    wanted = {num: _norm_heading(h) for num, h in known.items() if len(_norm_heading(h)) >= 5}
    unit = "article" if style == "article" else "section"
    found: list[Candidate] = []
    for i, line in enumerate(lines[:end]):
        for text in _heading_texts(line):
            head = _norm_heading(text)
            if not head:
                continue
            best = max(wanted.items(), key=lambda kv: SequenceMatcher(None, head, kv[1]).ratio(), default=None)
            if best and SequenceMatcher(None, head, best[1]).ratio() >= 0.85:
                hm = HeadingMatch(unit, best[0], line, 0.35)
                heading = text.strip(" .:-—")
                rest = line[len(text):].lstrip(" .:-—–") if text != line else ""
                found.append(Candidate(line=i, start_line=i, match=hm, heading=heading, first_text=rest, weight=1.0))
                break
    return choose_main(found)


_BEYOND_LIMIT = re.compile(r"(?:Section|Article|Rule|SECTION|ARTICLE|RULE)?\s*\d{5,}[A-Z]?\s*\.\s+\S")


def parse(text: str, title: str = "", style: str | None = None, known: dict[str, str] | None = None) -> ParseResult:
    """Split an instrument's text into its units. ``known`` (number → heading, from the knowledge
    base) lets a text that prints no section numbers be split by its headings."""
    style = style or guess_style(text, title)
    lines = normalise(text).split("\n")
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    warnings: list[str] = []
    beyond = sum(1 for ln in lines if _BEYOND_LIMIT.match(ln))
    if beyond:   # the heading patterns read numbers of up to four digits: say so, not silently merge
        warnings.append(f"{beyond} line(s) numbered 10000 or above were not read as sections (the limit is 9999)")
    cands, foreign_at = find_candidates(lines, style)
    end = len(lines)
    if foreign_at is not None:
        end = foreign_at
        warnings.append(f"text after line {foreign_at + 1} is a translation and was left out")
    _drop_boilerplate_headings(cands, lines)
    _mark_quoted_runs(cands, lines)
    _letter_lost_suffixes(cands)
    cands = _footnote_readings(cands)
    _weigh(cands, lines, end)
    chosen = choose(cands, lines, end, style)
    mains = sum(1 for c in chosen if c.match.kind in MAIN_KINDS)
    # numbers inferred from the order of sections (``fill_gaps``) are not printed numbers
    printed = sum(1 for c in chosen if c.match.kind in MAIN_KINDS and c.match.confidence > 0.4)
    if known and printed < 0.3 * len(known):
        by_heading = match_known_headings(lines, known, style, end)
        if len(by_heading) > mains:
            chosen = by_heading
            warnings.append("the text prints few or no section numbers: units found by their headings, numbered from the knowledge base")
    if not chosen:
        warnings.append("no numbered sections or articles found; kept as one unnumbered unit")
        body = "\n".join(lines[:end])
        return ParseResult(units=[Provision(kind="unit", num="", text=body, eid="nn")], preamble="", warnings=warnings)
    preamble = "\n".join(lines[: chosen[0].start_line])
    return ParseResult(units=build(lines, chosen, end, offsets), preamble=preamble, warnings=warnings)
