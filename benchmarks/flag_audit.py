"""Flag audit (legal-analysis issue): every flag ``qanoon gaps`` prints, checked by a careful
reader against the real texts, with the verdict recorded per flag.

    python benchmarks/flag_audit.py list [--area AREA]   # the flags to check, with fingerprints
    python benchmarks/flag_audit.py                      # how many are audited, and how many right

An audit entry in ``benchmarks/flag_audit/*.toml`` names a flag by id and by fingerprint (a hash
of everything the flag claims: its summary, recommendation, evidence and basis), so a flag whose
wording or evidence changed after it was checked counts as not audited until it is read again.

Verdicts: ``right`` (the flag's claim holds on the real text, including its "no law" or "not met"
claim and its citations), ``wrong`` (it does not), ``doubtful`` (the texts we hold cannot settle
it; counted as not right). Precision is right / audited, the target is 0.95, with no wrong claim
that a jurisdiction has no law.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "benchmarks" / "flag_audit"
sys.path.insert(0, str(ROOT))

from qanoon.indexer.knowledge import default  # noqa: E402
from qanoon.search.gaps import find_gaps  # noqa: E402

VERDICTS = ("right", "wrong", "doubtful")


def fingerprint(flag: dict) -> str:
    """What a reader checked: a change to any claim of the flag makes the audit stale."""
    claim = {k: flag.get(k) for k in ("kind", "summary", "recommendation", "evidence", "basis", "jurisdictions")}
    return hashlib.sha256(json.dumps(claim, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def load_audit() -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for path in sorted(AUDIT.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("flag", []):
            if entry.get("verdict") not in VERDICTS:
                raise SystemExit(f"{path}: flag {entry.get('id')}: verdict must be one of {', '.join(VERDICTS)}")
            entries[entry["id"]] = entry | {"file": path.name}
    return entries


def tally(flags: list[dict], audit: dict[str, dict]) -> dict:
    """Per flag: its audit verdict if the audit read this very claim, else ``unaudited``/``stale``."""
    state: dict[str, str] = {}
    for flag in flags:
        entry = audit.get(flag["id"])
        if entry is None:
            state[flag["id"]] = "unaudited"
        elif entry.get("fingerprint") != fingerprint(flag):
            state[flag["id"]] = "stale"
        else:
            state[flag["id"]] = entry["verdict"]
    counts = Counter(state.values())
    audited = sum(counts[v] for v in VERDICTS)
    no_law_wrong = [f["id"] for f in flags if f["kind"] == "coverage" and state[f["id"]] == "wrong"]
    return {"state": state, "counts": counts, "audited": audited,
            "precision": counts["right"] / audited if audited else None, "no_law_wrong": no_law_wrong}


def report(flags: list[dict]) -> None:
    r = tally(flags, load_audit())
    c = r["counts"]
    print(f"flag audit: {len(flags)} flags; {r['audited']} audited against the real texts "
          f"({c['right']} right, {c['wrong']} wrong, {c['doubtful']} doubtful), "
          f"{c['stale']} changed since audited, {c['unaudited']} not audited")
    if r["precision"] is not None:
        print(f"  audited precision: {r['precision']:.3f} (target 0.95)")
    print(f"  wrong 'no law' (coverage) claims: {len(r['no_law_wrong'])}")
    for fid, s in r["state"].items():
        if s not in ("right",):
            print(f"  {s}: {fid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="report", choices=("report", "list"))
    parser.add_argument("--area", help="only flags of this subject area (the flag's 'area'; 'none' for flags with none)")
    args = parser.parse_args()
    flags = [f.to_dict() for f in find_gaps(default())]
    if args.command == "list":
        audit = load_audit()
        for f in flags:
            if args.area is not None and (f.get("area") or "none") != args.area:
                continue
            entry = audit.get(f["id"], {})
            mark = entry.get("verdict", "unaudited") if entry.get("fingerprint") == fingerprint(f) else (
                "stale" if entry else "unaudited")
            print(f"## {f['id']}  fingerprint={fingerprint(f)}  [{mark}]")
            print(json.dumps({k: f[k] for k in ("kind", "area", "topic", "severity", "summary", "recommendation",
                                                "basis", "evidence")}, indent=1, ensure_ascii=False))
        return 0
    report(flags)
    return 0


if __name__ == "__main__":
    sys.exit(main())
