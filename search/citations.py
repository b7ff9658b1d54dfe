"""Citation queries: ``PTPA s 3``, ``s. 3(2) PTPA``, ``section 8 of the Prevention of Trafficking
in Persons Act``, ``Article 3 Palermo Protocol``, ``C182 art 3``, ``PPC 371A``, ``Art 11
Constitution``. ``parse_citation`` splits the query into an instrument name and a provision;
``Names.resolve`` then says which instrument it is. One parser step, before free-text search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# "u/s" (under section) is how charge sheets and FIRs cite: "u/s 371-A PPC"
_UNIT_WORD = r"(?:s\.?|ss\.?|sec\.?|section|u/s\.?|art\.?|arts?\.?|article|r\.?|rule|para\.?|§)"
# "371A", and "371-A" or "25-A" as Pakistani texts often write them
_NUM = r"(?P<num>\d{1,3}(?:-?[A-Za-z]{1,3})?|[IVXLivxl]{1,6})"
_SUB = r"(?P<sub>(?:\s*\(\s*[0-9a-zA-Z]{1,4}\s*\))*)"

# Every form has a number: digits, or a roman numeral that ends a word. A query with neither is
# not a citation, and most queries are words alone: they need not compile the forms (a tenth
# of the imports of a cold search).
_MAYBE = re.compile(r"\d|[IVXLivxl]\b")


@lru_cache(maxsize=1)
def _forms() -> list[re.Pattern[str]]:
    return [
        # "PTPA s 3", "Constitution Art 11", "C182 art 3(a)", "Employment of Children Act 1991 s 2"
        re.compile(rf"^(?P<inst>.+?)[,\s]+{_UNIT_WORD}\s*{_NUM}{_SUB}\s*$", re.I),
        # "s. 3(2) PTPA", "section 8 of the Prevention of Trafficking in Persons Act", "Article 3 Palermo Protocol"
        re.compile(rf"^{_UNIT_WORD}\s*{_NUM}{_SUB}\s*(?:,|of|in|under)?\s+(?:the\s+)?(?P<inst>.+?)\s*$", re.I),
        # "PPC 371A", "UDHR 13": a name then a bare number
        re.compile(rf"^(?P<inst>[A-Za-z][\w&().' -]*?)\s+{_NUM}{_SUB}\s*$", re.I),
        # "371-A PPC": a bare number then a name of up to four words (one that names no law leaves
        # the query to free-text search)
        re.compile(rf"^{_NUM}{_SUB}\s+(?P<inst>[A-Za-z][\w&.'-]*(?:\s+[A-Za-z][\w&.'-]*){{0,3}})$", re.I),
    ]


@dataclass(frozen=True)
class Citation:
    instrument: str   # the name as typed
    number: str       # top-level number, upper case, no hyphen: 3, 13B, 371A (for 371-A), VII
    sub: tuple[str, ...] = ()  # subsection / clause path: ("2",), ("1", "a")

    @property
    def unit(self) -> str:
        return self.number + "".join(f"({s})" for s in self.sub)


def parse_citation(query: str) -> Citation | None:
    """Split a citation-shaped query, or None when it is not one."""
    q = " ".join(query.strip().split())
    if len(q) > 200 or not _MAYBE.search(q):
        return None
    for form in _forms():
        m = form.match(q)
        if m and m["inst"].strip(" ,."):
            sub = tuple(re.findall(r"\(\s*([0-9a-zA-Z]{1,4})\s*\)", m["sub"] or ""))
            return Citation(instrument=m["inst"].strip(" ,."), number=m["num"].upper().replace("-", ""), sub=sub)
    return None
