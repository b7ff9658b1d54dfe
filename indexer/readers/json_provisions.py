"""JSON law records with a ``provisions`` list (the Pakistan Code seed format).

Each record ``{"section": "3", "title": "Section 3. Trafficking in persons", "content": ...}``
becomes the printed shape ``3. Trafficking in persons.— content``, so one structure parser
serves every format. JSON of any other shape is refused with the reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from qanoon.indexer.errors import InputError
from qanoon.indexer.models import RawDocument
from qanoon.indexer.readers.text import decode
from qanoon.indexer.structure.headings import split_heading

_TITLE_PREFIX = re.compile(r"^\s*(section|article|rule|art\.?|s\.)\s*[\w.]+\s*[.:\-—]\s*", re.I)

# A title cut at a line break, the heading's end opening the content ("Section 8. Non" +
# "criminalization of smuggled migrants.___ Without..."). Where the line broke a hyphenated word
# the hyphen was lost: "Non-", "self-", "well-", "Majlis-e-Shoora" and "qatl-i-amd" take it back.
_HYPHEN_LOST = re.compile(r"\b(?:non|self|well|anti|cross|co|re)$", re.I)


def _complete(heading: str, content: str) -> tuple[str, str]:
    """The whole heading and the text after it, when the content's first line goes on with the
    heading and ends it; otherwise the two as given ("whoever coerces..." is the text itself)."""
    first, _, more = content.partition("\n")
    hyphen = _HYPHEN_LOST.search(heading) or first.startswith(("e-", "i-"))
    whole, rest, found = split_heading(f"{heading}{'-' if hyphen else ' '}{first}")
    return (whole, f"{rest}\n{more}".rstrip()) if found else (heading, content)


def read(path: Path, data: bytes) -> RawDocument:
    source, warnings = decode(data, path)
    try:
        record = json.loads(source)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("provisions"), list):
        raise InputError(f"{path}: JSON without a 'provisions' list is not a law text Qanoon can read")
    title = str(record.get("title_en") or record.get("title") or "")
    blocks = [title] if title else []
    kind = "Article" if "constitution" in title.lower() else ""
    for item in record["provisions"]:
        if not isinstance(item, dict):
            continue
        num = str(item.get("section") or "").strip()
        heading = _TITLE_PREFIX.sub("", str(item.get("title") or "")).strip().rstrip(".")
        content = str(item.get("content") or "").strip()
        if not num:
            blocks.append(content)
            continue
        label = f"{kind} {num}" if kind else f"{num}."
        runs_on = re.search(r"\.\s+[A-Z]|[⸺―—]", heading)
        if not runs_on and heading and content[:1].islower():
            heading, content = _complete(heading, content)
        if runs_on:
            # the record's title runs on into the text ("Definitions. In this Act, ..."): the
            # structure parser finds where the heading ends
            blocks.append(f"{label} {heading} {content}")
        else:
            blocks.append(f"{label} {heading}.— {content}" if heading else f"{label} {content}")
    extra = {k: record[k] for k in ("status", "issued_date", "in_force_date", "url", "short_name") if k in record}
    return RawDocument(
        path=path, format="json", text="\n".join(blocks), title_hint=title,
        warnings=tuple(warnings), extra=extra,
    )
