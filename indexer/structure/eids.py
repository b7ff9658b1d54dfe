"""Stable element ids in the spirit of Akoma Ntoso eIds (``sec_3__subsec_1``).

The parent's eId, ``__``, a short alias for the kind, ``_`` and the cleaned number. Sections and
articles are unique within an instrument, so their eIds do not carry Part or Chapter prefixes:
the same section keeps the same id in the gazette, the OCR text and the consolidated version.
"""

from __future__ import annotations

import re

KIND_ALIASES = {
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "subsection": "subsec",
    "clause": "para",
    "subclause": "subpara",
    "article": "art",
    "paragraph": "para",
    "rule": "rule",
    "schedule": "sched",
    "preamble": "preamble",
    "unit": "nn",
}


def clean_num(num: str) -> str:
    """Lower-case a printed number and keep only letters, digits and dots.

    >>> clean_num("(1)"), clean_num("13B"), clean_num(" VII "), clean_num("3(2)")
    ('1', '13b', 'vii', '3-2')
    """
    num = num.strip().strip("()[]").strip()
    num = re.sub(r"[()\[\]]+", "-", num).strip("-")
    num = re.sub(r"[^0-9A-Za-z.\-]+", "", num)
    return num.lower() or "nn"


def provision_eid(kind: str, num: str, parent: str = "") -> str:
    """The eId of a unit of ``kind`` numbered ``num`` under ``parent``."""
    own = f"{KIND_ALIASES.get(kind, kind)}_{clean_num(num)}"
    return f"{parent}__{own}" if parent else own
