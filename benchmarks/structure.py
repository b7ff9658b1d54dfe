"""Structure benchmark: how many sections of the real texts are found with the right number
and heading, checked against the section lists of their ``_consolidated.json`` twins.

    python benchmarks/structure.py [--corpus ../shared/corpus] [--misses]

Prints, for every PDF (OCR where needed), Markdown, text or HTML file whose instrument has a consolidated twin, the
share of the twin's sections that the parser finds (number, and heading at least 80% alike),
and the total over all such files. The JSON files themselves are not counted: they are the
answer key.

A section counts as "printed in the file" when its number and its heading are printed together:
the start of the key's heading (its first 40 characters, lower-cased, punctuation folded to
spaces) is found within ``WINDOW`` characters before or after the section number printed as a
token (``213``, ``213.``, ``##213##``, ``Article 213``, ``171-D``, or ``171-`` where an export
lost the letter) in the reader's text, as the parser sees it. A heading found anywhere in
the file is not enough: short headings ("Definitions", "Repeal") occur in any long text, and an
export that stops early (the Constitution Markdown ends at Article 212) would otherwise be said
to print the sections it lacks. The rule is strict the other way too: sections whose number an
OCR export dropped (the ``_ocr.md`` files print few numbers) or garbled (``lt.`` for ``11.``) are
not counted as printed, though the parser may still find them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qanoon.indexer import readers  # noqa: E402
from qanoon.indexer.clean import clean_text  # noqa: E402
from qanoon.indexer.errors import QanoonError  # noqa: E402
from qanoon.indexer.ingest import _cached_read, file_hash  # noqa: E402
from qanoon.indexer.knowledge import default  # noqa: E402
from qanoon.indexer.metadata import detect  # noqa: E402
from qanoon.indexer.structure.headings import split_heading  # noqa: E402
from qanoon.indexer.structure.tree import MAIN_KINDS, parse  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


WINDOW = 100  # characters either way of the section number (in the normalised text)


def printed_together(body: str, num: str, heading: str) -> bool:
    """Whether ``heading`` (its normalised start) is printed within ``WINDOW`` characters of
    ``num`` printed as a token; ``body`` is the file's text already passed through ``norm``."""
    head = norm(heading)[:40]
    if not head:
        return False
    digits, letters = re.match(r"(\d*)(.*)", num.lower()).groups()
    # "171D" may be printed "171-D" or, in an export that lost the letter, "171-"
    letter = f"(?: ?{re.escape(letters)})?" if digits and letters else re.escape(letters)
    token = re.compile(rf"(?<![a-z0-9]){re.escape(digits)}{letter}(?![a-z0-9])")
    # the heading must start within the window: it may run on beyond it
    return any(head in body[max(m.start() - WINDOW, 0): m.end() + WINDOW + len(head)] for m in token.finditer(body))


def key_heading(title: str) -> str:
    """The heading in an answer-key title: without "Section N." and without the text that some
    titles run on into ("Definitions. In this Act, unless...")."""
    title = re.sub(r"^Section\s+\S+\s*", "", title).replace("\xad", ".— ")
    heading, _text, found = split_heading(title)
    return heading if found and heading else title


def same_heading(key: str, ours: str) -> bool:
    """At least 80% alike, or one contains the other; or ours starts the key's title (some key
    titles run on into the section's text beyond what ``key_heading`` can cut)."""
    a, b = norm(key), norm(ours)
    return bool(b) and (SequenceMatcher(None, a, b).ratio() >= 0.8 or a in b or (len(b) >= 4 and a.startswith(b)))


def read_cached(path: Path):
    """Read as ingest does (OCR included, where Tesseract is installed), with the text cache."""
    data = path.read_bytes()
    cache = Path.home() / ".cache" / "qanoon-tests" / "text"
    return _cached_read(path, data, file_hash(data), cache)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--misses", action="store_true", help="list each missed section: number, key heading, ours")
    args = ap.parse_args()
    kb = default()
    twins: dict[str, dict[str, str]] = {}
    others: list[tuple[Path, str]] = []
    for path in sorted(args.corpus.rglob("*")):
        if not path.is_file() or not readers.is_supported(path):
            continue
        if path.suffix == ".pdf" and "report" in path.name:
            continue  # annual reports are not legislation and have no twin
        try:
            doc = read_cached(path)
        except QanoonError:
            continue
        meta = detect(doc, kb)
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            twins[meta.id] = {p["section"].upper(): key_heading(p["title"]) for p in data["provisions"]}
        else:
            others.append((path, meta.id))
    total = found = total_present = found_present = 0
    per_instrument: dict[str, tuple[set[str], set[str]]] = {}   # id -> (found in some file, printed in some file)
    for path, iid in others:
        if iid not in twins:
            continue
        doc = read_cached(path)
        meta = detect(doc, kb)
        inst = kb.get(meta.id)
        known = {p.num: p.heading for p in inst.provisions if p.kind in {"section", "article"}} if inst else None
        res = parse(clean_text(doc.text), meta.title, known=known)
        got = {p.num.upper(): p.heading for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS}
        ok = {num for num, head in twins[iid].items() if num in got and same_heading(head, got[num])}
        body = norm(doc.text)
        present = {num for num, head in twins[iid].items() if printed_together(body, num, head)}
        inst_ok, inst_present = per_instrument.setdefault(iid, (set(), set()))
        inst_ok |= ok
        inst_present |= present
        total += len(twins[iid])
        found += len(ok)
        total_present += len(present)
        found_present += len(ok & present)
        print(f"{len(ok):4}/{len(twins[iid]):<4} {len(ok) / len(twins[iid]):6.1%}   of those printed in the file: "
              f"{len(ok & present):4}/{len(present):<4} {len(ok & present) / max(len(present), 1):6.1%}  {path.name}")
        if args.misses:
            for num in sorted(set(twins[iid]) - ok):
                mark = "printed" if num in present else "absent "
                print(f"      miss {mark} {num:>6}  key: {twins[iid][num][:50]!r}  ours: {got.get(num, '-')[:50]!r}")
    print(f"sections found with the right number and heading: {found}/{total} = {found / max(total, 1):.1%} of the twins' lists")
    print(f"  of the sections whose heading is printed in the file: {found_present}/{total_present} = "
          f"{found_present / max(total_present, 1):.1%}")
    # per instrument, as the index holds it: a section counts once, found in any of its files
    for iid, (ok, pr) in sorted(per_instrument.items()):
        print(f"  {len(ok):4}/{len(twins[iid]):<4} of the twin's list; {len(ok & pr):4}/{len(pr):<4} of those printed  {iid}")
    i_total = sum(len(twins[iid]) for iid in per_instrument)
    i_found = sum(len(ok) for ok, _ in per_instrument.values())
    i_printed = sum(len(pr) for _, pr in per_instrument.values())
    i_found_printed = sum(len(ok & pr) for ok, pr in per_instrument.values())
    print(f"per instrument ({len(per_instrument)}, any of its files): {i_found}/{i_total} = {i_found / max(i_total, 1):.1%} "
          f"of the twins' lists; {i_found_printed}/{i_printed} = {i_found_printed / max(i_printed, 1):.1%} of those printed")


if __name__ == "__main__":
    main()
