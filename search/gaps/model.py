"""What a gap flag is. A flag with no evidence is a bug: ``Flag.__post_init__`` refuses one."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Evidence:
    """A provision (or instrument, when ``eid`` is empty) that shows why a flag was raised."""

    instrument_id: str
    eid: str
    citation: str
    jurisdiction: str
    value: Any = None
    note: str = ""
    confirmed: bool = True

    @property
    def id(self) -> str:
        return f"{self.instrument_id}/{self.eid}" if self.eid else self.instrument_id


@dataclass
class Flag:
    kind: str
    topic: str
    summary: str
    recommendation: str
    severity: str
    evidence: list[Evidence]
    jurisdictions: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    standard: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    basis: str = ""         # the legal basis: which law applies there and why, or the standard's article
    confirmed: bool = True  # False when any of the evidence, or the applicability it rests on, is unconfirmed
    checked: str = ""       # when the facts behind the flag were last checked against the sources
    area: str = ""          # the subject area (corpus/applicability.toml) the flag belongs to

    def __post_init__(self) -> None:
        if not self.evidence:
            raise ValueError(f"flag '{self.summary}' has no evidence")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity}")
        if any(not e.confirmed for e in self.evidence):
            self.confirmed = False
        if not self.id:
            key = "-".join([self.kind, self.topic, *sorted(self.jurisdictions)] + [e.instrument_id.split("/")[-1] for e in self.evidence[:1]])
            self.id = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [{**asdict(e), "id": e.id} for e in self.evidence]
        return d
