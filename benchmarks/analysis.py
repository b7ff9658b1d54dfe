"""Analysis benchmark (legal-analysis issue): what the gap flags and checklists say, and how
right they are against findings written blind from the real texts.

    python benchmarks/analysis.py [--findings benchmarks/analysis_expected/findings.toml]

Prints:
- flags by kind and severity, and how many are confirmed;
- checklist verdicts (met / partly / not met / not assessed) per area and jurisdiction, and
  whether two jurisdictions governed by different laws ever get the same checklist;
- precision against the blind findings: each (flag, jurisdiction) pair is right where a finding
  of the same kind on the same jurisdiction and subject says the gap holds, wrong where one says
  it does not, unjudged otherwise; recall is the share of holding findings some flag raises;
- "no law" claims that a finding contradicts (the target is none);
- per jurisdiction, the legislative action plan's actions by type, and the share of its flags
  that lead to at least one action (none where the House's rules of procedure are not recorded);
- the flag audit: every flag read against the real texts, right / wrong / doubtful
  (``benchmarks/flag_audit.py``; the target is 95% right);
- whether three PYTHONHASHSEED values give the same flags in the same order.

Matching is general: the same kind and jurisdiction, and the same topic or the same subject area
(corpus/applicability.toml); a flag made from an element of a standard is judged only by findings
that cite no article of a standard or one of the same article (a finding on the SOM Protocol's
definition, Arts. 3 and 6, does not judge a flag on its Art. 11); a ratification flag matches
the finding that names its treaty.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import flag_audit  # noqa: E402
from qanoon.indexer.jurisdictions import PAKISTAN  # noqa: E402
from qanoon.indexer.knowledge import default  # noqa: E402
from qanoon.search.applicability import applicable, load_model  # noqa: E402
from qanoon.search.assessment import load_standards  # noqa: E402
from qanoon.search.checklist import checklist  # noqa: E402
from qanoon.search.gaps import find_gaps  # noqa: E402
from qanoon.search.plan import ACTION_TYPES, build_plan  # noqa: E402


def same_subject(a: str, b: str) -> bool:
    model = load_model()
    if a == b:
        return True
    area_a, area_b = model.area_of(a), model.area_of(b)
    return area_a is not None and area_a is area_b


_STANDARD_REF = re.compile(r"^(?:ILO\s+)?(.+?)\s+Arts?\.\s*(.+)$")


def articles(citation: str) -> set[tuple[str, str]]:
    """The standards' articles a citation names, as (standard, top-level article number):
    "PSMA s. 3; SOM Protocol Arts. 3, 6(1)(c)" gives {("som protocol", "3"), ("som protocol", "6")}.
    Sections of Pakistani laws ("s.", "ss.") and the Constitution are not standards."""
    out = set()
    for part in citation.split(";"):
        m = _STANDARD_REF.match(part.strip())
        if m and not m.group(1).lower().startswith("constitution"):
            out |= {(m.group(1).lower(), n) for n in re.findall(r"\d+", re.sub(r"\([^)]*\)", "", m.group(2)))}
    return out


def judges(finding: dict, flag: dict) -> bool:
    """Whether a finding speaks to a flag: the same kind and jurisdiction (checked by the caller),
    the same subject, and, where both cite articles of a standard, at least one in common (a
    finding on the SOM Protocol's definition, Arts. 3 and 6, says nothing of its Art. 11)."""
    if flag["kind"] == "ratification":
        return any(e["instrument_id"].split("/")[-1] in finding["id"] for e in flag["evidence"])
    if not same_subject(finding["topic"], flag["topic"]):
        return False
    flag_articles = articles(flag.get("standard", {}).get("citation", "")) if flag.get("standard", {}).get("element") else set()
    finding_articles = articles(finding.get("citation", ""))
    return not (flag_articles and finding_articles) or bool(flag_articles & finding_articles)


def judge(flags: list[dict], findings: list[dict]) -> dict:
    right, wrong, unjudged, not_assessed = [], [], [], []
    raised: set[str] = set()
    for f in flags:
        for j in f["jurisdictions"]:
            if f["kind"] == "coverage" and f["values"].get(j) == "not assessed":
                not_assessed.append((f["id"], j))   # says only "no law of its own; the rest not assessed"
                continue
            hits = [x for x in findings if x["kind"] == f["kind"] and x["jurisdiction"] == j and judges(x, f)]
            if any(x["holds"] for x in hits):
                right.append((f["id"], j))
                raised |= {x["id"] for x in hits if x["holds"]}
            elif hits:
                wrong.append((f["id"], j, [x["id"] for x in hits]))
            else:
                unjudged.append((f["id"], j))
    holding = [x for x in findings if x["holds"]]
    no_law_wrong = [w for w in wrong if w[0].startswith("coverage-")]
    return {"right": right, "wrong": wrong, "unjudged": unjudged, "not_assessed": not_assessed,
            "recall": (len(raised), len(holding)), "no_law_wrong": no_law_wrong}


def flags_digest(seed: str) -> str:
    code = "import json; from qanoon.search.gaps import find_gaps; from qanoon.indexer.knowledge import default; " \
           "print(json.dumps([f.to_dict() for f in find_gaps(default())], sort_keys=True))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": seed})
    return hashlib.sha256(out.stdout.encode()).hexdigest()[:12]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=Path, default=ROOT / "benchmarks" / "analysis_expected" / "findings.toml")
    ap.add_argument("--list", action="store_true", help="also list every wrong and unjudged pair")
    args = ap.parse_args()
    kb = default()
    flags = [f.to_dict() for f in find_gaps(kb)]
    print(f"flags: {len(flags)} ({sum(f['confirmed'] for f in flags)} confirmed)")
    by = Counter((f["kind"], f["severity"]) for f in flags)
    for kind in sorted({k for k, _ in by}):
        print(f"  {kind:<15} " + "  ".join(f"{s} {by[(kind, s)]}" for s in ("high", "medium", "low")))

    print("\nchecklist verdicts (met / partly / not met / not assessed):")
    std = load_standards()
    same = 0
    for area in std.areas():
        seen: dict[tuple, tuple] = {}
        for j in PAKISTAN:
            c = checklist(kb, j, area).to_dict()
            counts = c["counts"]
            print(f"  {area:<14} {j:<12} {counts['met']:>3} {counts['partly']:>3} {counts['not_met']:>3} {counts['not_assessed']:>3}"
                  f"   {c['applicability']['status']}")
            # the governing laws that were assessed in this area: incidental laws tagged with one of
            # its topics (a child protection Act with a clause on child victims) change nothing
            assessed = {a.instrument for a in std.assessments if a.element in {e.id for e in std.of_area(area)}}
            laws = tuple(sorted(g["instrument_id"] for g in c["applicability"]["governing"] if g["instrument_id"] in assessed))
            items = tuple((i["standard"], i["status"], tuple(e["id"] for e in i["evidence"])) for i in c["items"])
            for other_laws, other_items in seen.values():
                if other_laws != laws and other_items == items and any(s != "not_assessed" for _, s, _ in items):
                    same += 1
            seen[j] = (laws, items)
    print(f"  pairs of jurisdictions with different governing laws and the same checklist: {same}")

    print("\nlegislative action plans (actions by type; flags of the jurisdiction that lead to an action):")
    flag_objects = find_gaps(kb)
    for j in PAKISTAN:
        p = build_plan(kb, j, flag_objects).to_dict()
        c = p["counts"]
        share = f"{c['flags_with_action']}/{c['flags']} ({c['flags_with_action'] / c['flags']:.0%})" if c["flags"] else "0/0"
        print(f"  {j:<12} " + "  ".join(f"{t} {c[t]}" for t in ACTION_TYPES) + f"   flags with an action: {share}"
              + ("" if p["rules"] else "   (no rules of procedure recorded)"))

    findings = tomllib.loads(args.findings.read_text(encoding="utf-8"))["finding"]
    r = judge(flags, findings)
    judged = len(r["right"]) + len(r["wrong"])
    print(f"\nagainst {len(findings)} blind findings ({sum(x['holds'] for x in findings)} holding):")
    print(f"  (flag, jurisdiction) pairs: {len(r['right'])} right, {len(r['wrong'])} wrong, {len(r['unjudged'])} unjudged, "
          f"{len(r['not_assessed'])} 'not assessed' coverage notes")
    print(f"  precision: {len(r['right']) / judged:.3f}" if judged else "  precision: n/a")
    print(f"  recall: {r['recall'][0]} of {r['recall'][1]} holding findings raised ({r['recall'][0] / r['recall'][1]:.3f})")
    print(f"  'no law' claims contradicted by a finding: {len(r['no_law_wrong'])}")
    if args.list:
        for w in r["wrong"]:
            print("  wrong:", *w)
        for u in r["unjudged"]:
            print("  unjudged:", *u)
    print(f"  applicability: 'no law' only where nothing applies: "
          f"{all(applicable(kb, f['jurisdictions'][0], f['topic']).status in {'none', 'unknown'} for f in flags if f['kind'] == 'coverage')}")
    print()
    flag_audit.report(flags)   # every flag read against the real texts (benchmarks/flag_audit/)
    digests = {flags_digest(s) for s in ("0", "1", "12345")}
    print(f"\nsame flags, same order under PYTHONHASHSEED 0, 1, 12345: {len(digests) == 1} ({', '.join(sorted(digests))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
