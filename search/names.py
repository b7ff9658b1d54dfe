"""Instrument names: resolve what people type (PTPA, C29, Palermo Protocol, a full title) to
instrument ids. The names come from the index (titles, short names, aliases of every
instrument it holds) and from ``corpus/aliases.toml``; they are data, not code."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any

from qanoon.indexer.analysis import terms
from qanoon.indexer.backend import Backend
from qanoon.indexer.corpus_format import CORPUS_DIR, read_toml

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BRACKETED = re.compile(r"\([^()]*\)")


def norm_name(text: str) -> str:
    """Lower case, punctuation to spaces, ``the`` dropped, dotted abbreviations closed up
    ("P.P.C." is "ppc"), ILO numbers as ``c182`` (from "C 0182", "Convention No. 182" or
    "Convention 182")."""
    text = text.lower().replace("&", " and ")
    # dotted abbreviations, as court papers write them: "P.P.C." is PPC
    text = re.sub(r"\b[a-z]{1,2}(?:\.[a-z]{1,2})+\b\.?", lambda m: m.group(0).replace(".", "") + " ", text)
    text = re.sub(r"\b([cpr])\s*0*(\d{1,3})\b", r"\1\2", text)
    # "ILO Convention No. 182", "Convention 182" are C182 (a year has four digits)
    text = re.sub(r"\b(?:ilo\s+)?(c)onvention\s+(?:no\.?\s*)?0*(\d{1,3})\b", r"\1\2", text)
    text = re.sub(r"[^0-9a-z\u0980-\u09ff]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


class Names:
    """Name → instrument id table."""

    def __init__(self, backend: Backend, aliases_file: Path = CORPUS_DIR / "aliases.toml") -> None:
        self.table: dict[str, set[str]] = {}
        # each instrument's metadata as the index keeps it (``DocumentMeta.to_dict``): plain
        # dictionaries, so that reading the table back from the cache builds no model classes
        self.info: dict[str, dict[str, Any]] = {}
        for rec in backend.records(record="instrument"):
            iid = rec["instrument_id"]
            if iid not in self.info and rec.get("data", {}).get("meta"):
                self.info[iid] = rec["data"]["meta"]
            names = [rec.get("title", ""), *str(rec.get("names") or "").split(" | ")]
            for name in names:
                self.add(name, iid, int(rec.get("year") or 0))
        if aliases_file.exists():
            for iid, names in read_toml(aliases_file).items():
                for name in names:
                    self.add(name, iid, 0)

    def add(self, name: str, iid: str, year: int) -> None:
        """``name``, and the same without its year and without its bracketed words: people write
        "Fee-Charging Employment Agencies Act" for the "(Regulation)" Act."""
        for variant in dict.fromkeys((name, _BRACKETED.sub(" ", name))):
            key = norm_name(variant)
            if not key:
                continue
            self.table.setdefault(key, set()).add(iid)
            bare = norm_name(_YEAR.sub(" ", variant))
            if bare and bare != key:
                self.table.setdefault(bare, set()).add(iid)
            if year and str(year) not in key:
                self.table.setdefault(f"{bare} {year}", set()).add(iid)

    def resolve(self, text: str) -> str | None:
        """The one instrument ``text`` names, or None if it names none or several."""
        key = norm_name(text)
        ids = self.table.get(key, set())
        if len(ids) == 1:
            return next(iter(ids))
        if len(ids) > 1:  # prefer the federal or in-force one, e.g. "Child Marriage Restraint Act"
            ranked = sorted(ids, key=lambda i: (self.info.get(i, {}).get("jurisdiction") != "federal",
                                                self.info.get(i, {}).get("status") == "repealed"))
            return ranked[0]
        return self._by_title_words(text)

    def _by_title_words(self, text: str) -> str | None:
        """The one instrument whose title has every word of ``text`` (as stems, in any order):
        people write "Sindh child marriage act" for the Sindh Child Marriages Restraint Act.
        Only in citations and look-ups; in a free-text query such words are the question."""
        words = set(terms(text))
        if len(words) < 2:
            return None
        found = [iid for iid, stems in self._title_stems.items() if words <= stems]
        return found[0] if len(found) == 1 else None

    @cached_property
    def _title_stems(self) -> dict[str, frozenset[str]]:
        return {iid: frozenset(terms(meta["title"])) for iid, meta in self.info.items()}

    def find_in(self, query: str) -> list[tuple[str, str]]:
        """Instrument names that occur inside a free-text query: (name as normalised, id)."""
        q = f" {norm_name(query)} "
        found = []
        for name, ids in self.table.items():
            if len(ids) == 1 and f" {name} " in q and (len(name) >= 3 or name.isupper()):
                found.append((name, next(iter(ids))))
        # keep the longest names only (a title contains shorter aliases)
        found.sort(key=lambda t: -len(t[0]))
        kept: list[tuple[str, str]] = []
        for name, iid in found:
            if not any(name in k for k, _ in kept):
                kept.append((name, iid))
        return kept
