"""How Qanoon writes a citation: ``Prevention of Trafficking in Persons Act, 2018, s. 3(2)``.

Shared by the index (stored with each unit) and every output, so one rule names a provision.
"""

from __future__ import annotations

_ABBREV = {"section": "s.", "article": "Art.", "rule": "r.", "schedule": "Schedule", "paragraph": "para."}


def unit_label(kind: str, unit: str) -> str:
    """``("section", "3(2)")`` → ``"s. 3(2)"``; ``("article", "VII")`` → ``"Art. VII"``. A
    subsection is cited by the kind of its unit: an article's clause is ``Art. 11(3)``."""
    abbr = _ABBREV.get(kind, "")
    if kind == "schedule":
        return unit if unit.lower().startswith(("schedule", "annex")) else f"Schedule {unit}".strip()
    return f"{abbr} {unit}".strip() if unit else ""


def format_citation(title: str, kind: str, unit: str) -> str:
    label = unit_label(kind, unit)
    return f"{title}, {label}" if label else title
