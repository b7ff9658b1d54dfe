"""Ranking adjustments after the engine's BM25F: pure functions with named parameters."""

from __future__ import annotations

from typing import Any

REPEALED_FACTOR = 0.45
INSTRUMENT_RECORD_FACTOR = 0.5
SUBSECTION_FACTOR = 0.92
REPORT_FACTOR = 0.6


def adjust(fields: dict[str, Any], score: float, *, include_repealed: bool = False,
           repealed_factor: float = REPEALED_FACTOR, instrument_factor: float = INSTRUMENT_RECORD_FACTOR,
           subsection_factor: float = SUBSECTION_FACTOR, report_factor: float = REPORT_FACTOR) -> float:
    """The score a hit ranks by: repealed law, whole-instrument records, subsections and
    non-legislative reports count for less than the in-force provision itself."""
    if fields.get("status") in {"repealed", "superseded"} and not include_repealed:
        score *= repealed_factor
    if fields.get("record") == "instrument":
        score *= instrument_factor
    if fields.get("kind") == "subsection":
        score *= subsection_factor
    if fields.get("type") == "report":
        score *= report_factor
    return score


def version_preference(fields: dict[str, Any], as_enacted: bool = False) -> tuple[int, int]:
    """Sort key choosing which version of a provision to show: full text before our summary,
    then the most current (or, with ``as_enacted``, the earliest full text)."""
    rank = int(fields.get("version_rank") or 0)
    has_text = 1 if rank > 0 else 0
    return (has_text, -rank if as_enacted else rank)
