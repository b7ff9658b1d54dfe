"""The legislative action plan (issue 17): who can act on each flag, under which rule, with what
evidence; on hand-made flags for each competence rule, then on the embedded knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.cli import cli
from qanoon.indexer.knowledge import default
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.applicability import PROVINCES, load_model
from qanoon.search.assessment import load_standards
from qanoon.search.gaps import find_gaps
from qanoon.search.gaps.model import Evidence, Flag
from qanoon.search.plan import ACTION_TYPES, HOUSE, PROCEDURE, build_plan, competence, rules_of

KB = default()
FLAGS = find_gaps(KB)
WITH_RULES = [j for j in HOUSE if rules_of(KB, HOUSE[j])]


def flag(kind: str, topic: str, *laws: str, jurisdictions: tuple[str, ...] = ("punjab",)) -> Flag:
    return Flag(kind=kind, topic=topic, summary="s", recommendation="r", severity="high",
                evidence=[Evidence(i, "", i, KB.get(i).jurisdiction) for i in laws], jurisdictions=list(jurisdictions))


# --- who can act ----------------------------------------------------------------------------


@pytest.mark.parametrize(("f", "jurisdiction", "who", "legislate", "basis"), [
    # the province's own Act: the Assembly amends it
    (flag("below-standard", "bonded-labour-abolition", "pk-punjab/act/1992/bonded-labour"), "punjab", "house", True, "142(c)"),
    # a federal Act still governing a devolved subject: the Assembly may enact its own law in its place
    (flag("below-standard", "bonded-labour-abolition", "pk/act/1992/bonded-labour", jurisdictions=("balochistan",)),
     "balochistan", "house", True, "270AA"),
    # federal criminal law: a province cannot amend it (a conflicting provincial law is void)
    (flag("below-standard", "trafficking-offence", "pk/act/2018/ptpa"), "punjab", "parliament", False, "143"),
    # a subject of the Federal Legislative List: Parliament alone
    (flag("below-standard", "recruitment-fees", "pk/ordinance/1979/emigration"), "punjab", "parliament", False, "142(a)"),
    # Parliament amends federal law, for the Federation and for the capital territory
    (flag("below-standard", "trafficking-offence", "pk/act/2018/ptpa", jurisdictions=("ict",)), "ict", "house", True, "142(a)"),
    # ratifying a treaty is for the Federal Government, whoever asks
    (flag("ratification", "ratification", "ilo/convention/2011/c189", jurisdictions=("federal",)), "punjab", "federal-executive", False,
     "Art. 97"),
])
def test_competence(f: Flag, jurisdiction: str, who: str, legislate: bool, basis: str) -> None:
    c = competence(KB, f, jurisdiction)
    assert (c.who, c.legislate) == (who, legislate) and basis in c.basis


def test_a_province_already_at_the_highest_value_is_not_asked_to_act() -> None:
    plan = build_plan(KB, "punjab", [f for f in FLAGS if f.id == "divergence-marriage-age-girls"])
    assert not plan.actions and "already has the highest value" in plan.not_actionable[0]["reason"]
    # penalties are shown as "3 years", "1 month": the capital territory's three years for the man and the
    # parent are the highest, its one year for solemnising is not
    penalties = [f for f in FLAGS if f.kind == "divergence" and f.topic == "minimum-marriage-age" and "prison" in f.summary]
    ict = build_plan(KB, "ict", penalties)
    acted = {r["id"] for a in ict.actions for r in a.flags}
    assert len(penalties) == 3 and len(acted) == 1 and "solemnis" in next(f.summary for f in penalties if f.id in acted)
    kp = build_plan(KB, "kp", [f for f in FLAGS if f.id == "divergence-marriage-age-girls"])
    assert kp.not_actionable and "rules of procedure are not in the knowledge base" in kp.not_actionable[0]["reason"]


# --- the embedded knowledge base ------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", WITH_RULES)
def test_every_action_names_a_rule_of_its_house_that_exists(jurisdiction: str) -> None:
    plan = build_plan(KB, jurisdiction, FLAGS)
    assert plan.actions
    for a in plan.actions:
        rules = KB.get(a.rule.instrument_id)
        assert rules is not None and rules.type == "rules-of-procedure" and rules.jurisdiction == HOUSE[jurisdiction]
        provision = next(p for p in rules.provisions if provision_eid(p.kind, p.num) == a.rule.eid)
        assert set(provision.topics) & set(PROCEDURE[a.type]), (a.title, a.rule.citation)
        assert a.flags and all(f["citations"] for f in a.flags)


@pytest.mark.parametrize("jurisdiction", [j for j in WITH_RULES if j in PROVINCES])
def test_no_provincial_action_asks_for_what_only_parliament_or_the_federal_government_can_do(jurisdiction: str) -> None:
    model = load_model()
    by_id = {f.id: f for f in FLAGS}
    for a in build_plan(KB, jurisdiction, FLAGS).actions:
        for ref in a.flags:
            f = by_id[ref["id"]]
            if a.type == "bill":
                assert f.kind != "ratification", a.title
                area = model.areas.get(f.area) or model.area_of(f.topic)
                laws = [KB.get(e.instrument_id) for e in f.evidence if KB.get(e.instrument_id)]
                federal_only = [i for i in laws if i.jurisdiction == "federal"] and not [i for i in laws if i.jurisdiction == jurisdiction]
                # a bill on a federal Act only where the subject is devolved (the Assembly replaces it)
                assert not federal_only or (area and area.subject == "devolved"), (a.title, f.id)
            if f.kind == "ratification":
                assert a.type in {"resolution", "question", "committee"} and a.competence.who != "house" or a.type != "bill"
        if a.type == "resolution":
            assert a.competence.who in {"parliament", "federal-executive"} and "urging" in a.title
    ratify = [a for a in build_plan(KB, jurisdiction, FLAGS).actions if "ratify" in a.title]
    assert ratify and all(a.type == "resolution" and a.competence.who == "federal-executive" for a in ratify)


@pytest.mark.parametrize("jurisdiction", WITH_RULES)
def test_every_bill_outline_gives_verdicts_and_a_model_provision_where_one_exists(jurisdiction: str) -> None:
    met = {a.element for a in load_standards().assessments if a.verdict == "met"
           and KB.get(a.instrument) and KB.get(a.instrument).jurisdiction in HOUSE}
    bills = [a for a in build_plan(KB, jurisdiction, FLAGS).actions if a.type == "bill"]
    assert bills
    elements = {e.citation + e.requirement: e.id for e in load_standards().elements}
    for b in bills:
        assert b.outline, b.title
        for item in b.outline:
            assert item.verdict
            el = elements.get(item.standard + item.requirement)
            if el and item.verdict in {"not_met", "partly", "not_assessed"} and el in met:
                assert item.models, (b.title, item.standard)
        assert "Training specimen" in b.to_dict()["specimen"]


def test_the_plan_is_grouped_by_action_and_ordered_by_severity() -> None:
    plan = build_plan(KB, "punjab", FLAGS)
    kinds = [a.type for a in plan.actions]
    assert kinds == sorted(kinds, key=ACTION_TYPES.index)
    for acts in plan.sections().values():
        order = [{"high": 0, "medium": 1, "low": 2}[a.severity] for a in acts]
        assert order == sorted(order)
    counts = plan.to_dict()["counts"]
    assert counts["bill"] >= 2 and counts["resolution"] and counts["call-attention"] and counts["flags_with_action"] <= counts["flags"]
    # the same input, the same plan
    assert json.dumps(build_plan(KB, "punjab", FLAGS).to_dict()) == json.dumps(plan.to_dict())


def test_oversight_questions_come_from_the_duties_the_law_sets() -> None:
    plan = build_plan(KB, "punjab", [f for f in FLAGS if f.area == "forced-labour" or f.topic == "bonded-labour-abolition"])
    questions = [q for a in plan.actions if a.type == "question" for q in a.questions]
    assert any("District Vigilance Committees (Punjab BLSA s. 15)" in q for q in questions)
    assert not any("AMLA" in q for q in questions)   # a federal body is not the Punjab Labour Department's to answer for
    assert any("District Vigilance Committees" in x for x in plan.advocacy)


def test_what_the_knowledge_base_records_of_a_duty_goes_into_the_question() -> None:
    from qanoon.search.implementation import load_records

    records = load_records()
    assert records
    for r in records:   # each record names a provision that exists, in a law of the knowledge base
        assert KB.get(r.instrument) and KB.get(r.instrument).provision(r.provision), (r.instrument, r.provision)
        assert r.source and r.as_of and r.summary
    questions = [q for a in build_plan(KB, "punjab", FLAGS).actions for q in a.questions]
    # the Punjab Domestic Workers Act's rules: no body fact, but a record says they were still a draft in 2025
    rules = [q for q in questions if "(PDWA s. 39)" in q]
    assert len(rules) == 1 and "knowledge base records a report of 2025-01" in rules[0] and "draft" in rules[0]
    assert len(questions) == len(set(questions))   # each duty is asked about once, under one subject area


def test_a_house_without_recorded_rules_gets_no_action_and_says_why() -> None:
    plan = build_plan(KB, "sindh", FLAGS)
    assert not plan.actions and plan.not_actionable
    assert all("Provincial Assembly of Sindh's rules of procedure are not in the knowledge base" in x["reason"]
               for x in plan.not_actionable)


def test_the_capital_territory_is_planned_in_the_national_assembly() -> None:
    plan = build_plan(KB, "ict", FLAGS)
    assert plan.house == "National Assembly" and plan.rules.startswith("Rules of Procedure and Conduct of Business")
    assert any(a.type == "bill" and "Domestic Workers Act" in a.title for a in plan.actions)


# --- the command and the brief --------------------------------------------------------------


def test_plan_command(kb_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "punjab.md"
    r = runner.invoke(cli, ["--home", str(kb_home), "plan", "-j", "Punjab", "--topic", "forced-labour", "--format", "md", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Legislative action plan: Punjab (forced-labour)") and "Punjab Assembly Rules" in text
    assert "Training specimen, not legal drafting" in text
    r = runner.invoke(cli, ["--home", str(kb_home), "plan", "-j", "KPK", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["jurisdiction"] == "kp"
    r = runner.invoke(cli, ["--home", str(kb_home), "plan", "-j", "sindhh"])
    assert r.exit_code == 1 and "sindhh" in r.output and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1
    r = runner.invoke(cli, ["--home", str(kb_home), "plan", "-j", "punjab"])
    assert r.exit_code == 0 and "BILLS" in r.output and "rule: Punjab Assembly Rules" in r.output


def test_a_brief_can_carry_a_plan(kb_home: Path) -> None:
    r = CliRunner().invoke(cli, ["--home", str(kb_home), "brief", "bonded-labour-abolition", "--plan", "punjab"])
    assert r.exit_code == 0, r.output
    assert "## Legislative action plan: Punjab" in r.output and "Bill to amend the Bonded Labour System" in r.output
