"""Gap flags: one table per kind on a tiny knowledge base built here, then the embedded one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.cli import cli
from qanoon.indexer.knowledge import CuratedProvision, Fact, Instrument, KnowledgeBase, NoLaw, PakistanStatus, default
from qanoon.search.applicability import applicable
from qanoon.search.compare import compare_topic
from qanoon.search.gaps import KINDS, find_gaps


def inst(iid: str, jurisdiction: str, provisions: list[CuratedProvision], **kw) -> Instrument:
    return Instrument(id=iid, title=kw.pop("title", iid), year=2000, jurisdiction=jurisdiction, type=kw.pop("type", "act"),
                      status=kw.pop("status", "in_force"), path=Path("x.md"), short_names=(iid.split("/")[-1].upper(),),
                      provisions=tuple(provisions), **kw)


def prov(num: str, topics: list[str], facts: list[Fact] = (), summary: str = "s", **kw) -> CuratedProvision:
    return CuratedProvision(num=num, kind="section", heading=f"h{num}", summary=summary, topics=tuple(topics), facts=tuple(facts), **kw)


def age(value: int, applies_to: str) -> Fact:
    return Fact(key="age", value=value, citation=f"X s. 2 ({applies_to})", applies_to=applies_to)


TOPICS = default().topics
CRC = inst("un/convention/1989/crc", "international", [prov("1", ["definition-of-child"], [age(18, "child")])],
           pakistan=PakistanStatus("ratified"))
CEDAW = inst("un/convention/1979/cedaw", "international", [prov("16", ["minimum-marriage-age"])], pakistan=PakistanStatus("ratified"))


def kb(*instruments: Instrument, no_law: tuple[NoLaw, ...] = ()) -> KnowledgeBase:
    return KnowledgeBase(instruments=(CRC, CEDAW, *instruments), no_law=no_law, topics=TOPICS)


def kinds(flags) -> list[tuple[str, str, tuple[str, ...]]]:
    return sorted((f.kind, f.topic, tuple(f.jurisdictions)) for f in flags)


@pytest.mark.parametrize(("instruments", "expected"), [
    # two provinces set girls' marriage age 16 and 18: divergence
    ([inst("a/punjab", "punjab", [prov("2", ["minimum-marriage-age"], [age(16, "marriage girls")])]),
      inst("a/sindh", "sindh", [prov("2", ["minimum-marriage-age"], [age(18, "marriage girls")])])],
     [("divergence", "minimum-marriage-age", ("punjab", "sindh"))]),
    # the same value everywhere: no divergence
    ([inst("a/punjab", "punjab", [prov("2", ["minimum-marriage-age"], [age(18, "marriage girls")])]),
      inst("a/sindh", "sindh", [prov("2", ["minimum-marriage-age"], [age(18, "marriage girls")])])], []),
])
def test_divergence(instruments, expected) -> None:
    assert kinds(KINDS["divergence"](kb(*instruments))) == expected


def test_below_standard() -> None:
    flags = KINDS["below-standard"](kb(inst("a/kp", "kp", [prov("2", ["definition-of-child"], [age(14, "child")])])))
    assert kinds(flags) == [("below-standard", "definition-of-child", ("kp",))]
    assert flags[0].standard["value"] == 18 and flags[0].evidence[1].instrument_id == "un/convention/1989/crc"
    assert not KINDS["below-standard"](kb(inst("a/kp", "kp", [prov("2", ["definition-of-child"], [age(18, "child")])])))


def test_coverage_says_no_law_only_where_an_absence_is_recorded() -> None:
    dw = [inst("a/punjab", "punjab", [prov("3", ["domestic-workers"])])]
    recorded = NoLaw("sindh", "domestic-workers", "2026-11-28", "none", "code", True)
    flags = {f.jurisdictions[0]: f for f in KINDS["coverage"](kb(*dw, no_law=(recorded,))) if f.topic == "domestic-workers"}
    assert "recorded absence" in flags["sindh"].summary and flags["sindh"].severity == "high"
    assert flags["sindh"].basis.startswith("no law applies (recorded absence")
    # nothing recorded for KP: not assessed, so no "has no law" claim at all
    assert "kp" not in flags and "punjab" not in flags
    assert applicable(kb(*dw), "kp", "domestic-workers").status == "unknown"


def test_a_federal_law_that_still_governs_is_not_a_coverage_gap() -> None:
    # the federal bonded labour Act is Islamabad's law (Constitution Art. 142(d)) and, on a
    # devolved subject, stays in force in a province until the province replaces it (Art. 270AA(6))
    # (every province now has its own bonded labour Act, so the continuing route is shown with the
    # 1929 child marriage Act in KP, which no KP law has replaced)
    laws = [inst("pk/act/1992/bonded-labour", "federal", [prov("4", ["bonded-labour-abolition"])]),
            inst("a/punjab", "punjab", [prov("4", ["bonded-labour-abolition"])])]
    no_law = (NoLaw("ict", "bonded-labour-abolition", "2026-11-28", "", "x", True),)
    assert not [f for f in KINDS["coverage"](kb(*laws, no_law=no_law)) if f.topic == "bonded-labour-abolition"]
    marriage = [inst("pk/act/1929/child-marriage-restraint", "federal", [prov("2", ["minimum-marriage-age"])])]
    kp_none = (NoLaw("kp", "minimum-marriage-age", "2026-11-28", "", "x", True),)
    assert not [f for f in KINDS["coverage"](kb(*marriage, no_law=kp_none)) if f.topic == "minimum-marriage-age"
                and "kp" in f.jurisdictions]
    routes = {j: applicable(kb(*laws), j, "bonded-labour-abolition") for j in ("ict", "gb")}
    routes["kp"] = applicable(kb(*marriage), "kp", "minimum-marriage-age")
    assert routes["ict"].status == "federal" and routes["ict"].governing[0].route == "federal-ict"
    assert routes["kp"].governing[0].route == "federal-continuing" and "270AA(6)" in routes["kp"].basis
    # federal Acts reach Gilgit-Baltistan only as adopted there: unknown, never "no law"
    assert routes["gb"].status == "unknown" and "not assessed" in routes["gb"].basis


def test_a_law_known_without_its_provisions_covers_its_province() -> None:
    # the KP bonded labour Act is known from the press, its text not seen: KP has a law, so no
    # "has no law" flag; its evidence is marked unconfirmed
    laws = [inst("a/punjab", "punjab", [prov("4", ["bonded-labour-abolition"])]),
            inst("a/kp", "kp", [], topics=("bonded-labour-abolition",))]
    recorded = NoLaw("sindh", "bonded-labour-abolition", "2026-11-28", "", "x", True)
    flags = [f for f in KINDS["coverage"](kb(*laws, no_law=(recorded,))) if f.topic == "bonded-labour-abolition"]
    assert "kp" not in {f.jurisdictions[0] for f in flags}
    sindh = next(f for f in flags if f.jurisdictions == ["sindh"])
    assert any(e.instrument_id == "a/kp" and not e.confirmed and e.eid == "" for e in sindh.evidence)
    row = next(r for r in compare_topic(kb(*laws), "bonded-labour-abolition").rows if r.jurisdiction == "kp")
    assert not row.cells and "a/kp is known to exist" in row.absence and row.status == "own"


def test_the_capital_territory_row_names_the_federal_law_that_governs_it() -> None:
    row = next(r for r in compare_topic(default(), "bonded-labour-abolition").rows if r.jurisdiction == "ict")
    assert not row.cells and "relies on federal law: Bonded Labour System (Abolition) Act, 1992" in row.absence
    assert "142(d)" in row.basis


def test_every_comparison_row_names_the_governing_law_and_its_basis() -> None:
    rows = {r.jurisdiction: r for r in compare_topic(default(), "trafficking-offence").rows}
    assert "Prevention of Trafficking in Persons Act, 2018" in rows["punjab"].governing and "142(b)" in rows["punjab"].basis
    assert rows["ajk"].status == "unknown" and "not known" in rows["ajk"].absence   # federal Acts reach AJK only as adopted
    marriage = {r.jurisdiction: r for r in compare_topic(default(), "minimum-marriage-age").rows}
    # Sindh's own 2013 Act replaced the 1929 Act there: the 1929 Act is not shown as governing Sindh
    assert marriage["sindh"].status == "own" and "Child Marriage Restraint Act, 1929" not in marriage["sindh"].governing
    assert marriage["kp"].status == "federal" and "Child Marriage Restraint Act, 1929" in marriage["kp"].governing
    for r in [*rows.values(), *marriage.values()]:
        if r.jurisdiction != "international":
            assert r.governing and r.status in {"own", "federal", "none", "unknown"}


def test_provinces_that_punish_the_same_conduct_differently_are_flagged() -> None:
    from qanoon.indexer.corpus_format import readable

    assert (readable("max_prison_years", 0.083), readable("max_prison_years", 0.5), readable("max_prison_years", 3)) == \
        ("1 month", "6 months", "3 years")
    assert readable("age", 18) == 18
    from qanoon.search.reports import fact_text

    assert "**1 month**" in fact_text({"key": "max_prison_years", "value": 0.083, "applies_to": "solemnising"})
    flags = [f for f in KINDS["divergence"](default()) if f.summary.startswith("Longest prison term")]
    # one flag per measure, though all three share the marriage-age topic and the same laws
    assert len({f.id for f in flags}) == len(flags) == 3
    solemniser = next(f for f in flags if "solemnising" in f.summary)
    # KP is still governed by the federal 1929 Act (one month); Sindh's own Act says three years
    assert solemniser.values["kp"] == "1 month" and solemniser.values["sindh"] == "3 years"
    assert "federal" not in solemniser.values   # a devolved subject: the federal Act counts where it governs


def test_the_same_conduct_under_overlapping_statutes_is_flagged() -> None:
    flags = {f.id: f for f in KINDS["divergence"](default())}
    bail = flags["divergence-bonded-labour-bailable"]
    # bailable under the bonded labour Acts, not bailable under the trafficking Act, in one province
    assert "bailable under BLSAA s. 17" in bail.summary and "not bailable under PTPA s. 9" in bail.summary
    # Balochistan's own bonded labour Act (2021, text not seen) replaced the federal one there, so the
    # overlap is now recorded in the capital territory and the Punjab only
    assert "In Islamabad Capital Territory and Punjab" in bail.summary and bail.severity == "medium"
    assert "punjab" in bail.jurisdictions and bail.basis


def test_arrest_and_trial_forum_of_the_same_conduct_are_compared() -> None:
    # a fixture: the bonded labour Act makes the offence non-cognizable, the trafficking Act cognizable
    def law(iid: str, offence: str, procedure: str, cognizable: bool, court: str, applies_to: str = "") -> Instrument:
        facts = [Fact(key="cognizable", value=cognizable, citation=f"{iid} s. {procedure}"),
                 Fact(key="trial_court", value=court, citation=f"{iid} s. {procedure}", applies_to=applies_to)]
        return inst(iid, "federal", [prov(offence, ["forced-labour"], [Fact(key="max_prison_years", value=5, citation="c")]),
                                     prov(procedure, ["forced-labour"], facts)])
    flags = {f.id: f for f in KINDS["divergence"](kb(
        law("pk/act/1992/bonded-labour", "11", "17", False, "Magistrate of the first class"),
        law("pk/act/2018/ptpa", "3", "9", True, "Court of Session", "basic offence")))}
    arrest = flags["divergence-bonded-labour-cognizable"]
    assert "not cognizable under pk/act/1992/bonded-labour s. 17" in arrest.summary
    assert "cognizable under pk/act/2018/ptpa s. 9" in arrest.summary and "at once" in arrest.summary
    assert flags["divergence-bonded-labour-trial_court"].values == {
        "pk/act/1992/bonded-labour s. 17": "Magistrate of the first class", "pk/act/2018/ptpa s. 9": "Court of Session"}
    # the evidence is the provision that holds the fact, not the offence it is about
    assert [e.eid for e in arrest.evidence] == ["sec_17", "sec_9"]


def test_the_trial_forum_of_migrant_smuggling_differs_between_two_statutes() -> None:
    court = {f.id: f for f in KINDS["divergence"](default())}["divergence-arranging-unlawful-departure-trial_court"]
    assert "Special Court (Central) under PSMA s. 10" in court.summary and "Emigration Ordinance s. 24" in court.summary
    assert {e.eid for e in court.evidence} == {"sec_10", "sec_24"}


def test_evidence_that_rests_on_reports_is_marked_unconfirmed() -> None:
    from qanoon.search.reports import gaps_markdown, gaps_table

    flags = [f.to_dict() for f in KINDS["coverage"](default()) if f.topic == "home-based-workers"]
    assert "(unconfirmed)" in gaps_table(flags) and "| unconfirmed, checked 2026-11-28 |" in gaps_markdown(flags)


def test_no_coverage_flag_denies_a_law_that_applies() -> None:
    # every "has no law" flag of the embedded knowledge base: applicability finds no law there,
    # neither the jurisdiction's own nor a federal one, and an absence is recorded
    base = default()
    for f in KINDS["coverage"](base):
        j = f.jurisdictions[0]
        app = applicable(base, j, f.topic)
        assert app.status in {"none", "unknown"} and app.absence, f.summary
        on_topic = [i.id for i in base.instruments if i.jurisdiction == j and i.status == "in_force"
                    and (f.topic in i.topics or any(f.topic in p.topics for p in i.provisions))]
        assert not on_topic, (f.summary, on_topic)
        if app.status == "unknown":
            assert "not assessed" in f.summary and f.severity == "low" and not f.confirmed


def test_outdated_reference_to_repealed_law() -> None:
    old = inst("a/old", "federal", [], status="repealed", repealed_by="a/new", title="Old Ordinance")
    new = inst("a/new", "federal", [prov("16", ["trafficking-offence"], summary="repeals the Old Ordinance")])
    user = inst("a/fia", "federal", [prov("S", ["investigating-agency"], refers_to=("a/old",))])
    flags = KINDS["outdated"](kb(old, new, user))
    assert kinds(flags) == [("outdated", "investigating-agency", ("federal",))]


def test_ratification() -> None:
    som = inst("un/protocol/2000/som", "international", [prov("6", ["smuggling-offence"])], type="protocol",
               pakistan=PakistanStatus("not_party"))
    flags = KINDS["ratification"](kb(som))
    assert kinds(flags) == [("ratification", "smuggling-offence", ("federal",))]


def test_every_flag_needs_evidence() -> None:
    from qanoon.search.gaps.model import Flag

    with pytest.raises(ValueError):
        Flag(kind="coverage", topic="x", summary="s", recommendation="r", severity="high", evidence=[])


def test_embedded_knowledge_base_surfaces_the_known_gaps() -> None:
    flags = find_gaps(default())
    summaries = " ".join(f.summary for f in flags)
    assert {f.kind for f in flags} == set(KINDS)
    assert any(f.kind == "divergence" and f.topic == "minimum-marriage-age" for f in flags)
    assert any(f.kind == "below-standard" and f.topic == "hazardous-work-age" for f in flags)
    assert any(f.kind == "coverage" and f.topic == "domestic-workers" and "balochistan" in f.jurisdictions for f in flags)
    for treaty in ("Smuggling of Migrants", "Domestic Workers Convention", "Migrant Workers and Members of Their Families"):
        assert treaty in summaries
    assert any(f.kind == "outdated" and "Prevention and Control of Human Trafficking Ordinance" in f.summary for f in flags)


def test_gaps_json_evidence_resolves_with_show(kb_home: Path) -> None:
    runner = CliRunner()
    flags = json.loads(runner.invoke(cli, ["--home", str(kb_home), "gaps", "--format", "json"]).output)
    assert {f["kind"] for f in flags} == set(KINDS)
    ids = {e["id"] for f in flags for e in f["evidence"]}
    for eid in sorted(ids):
        res = runner.invoke(cli, ["--home", str(kb_home), "show", eid, "--json"])
        assert res.exit_code == 0, f"{eid}: {res.output}"


def test_search_hits_carry_their_flags(kb_lib) -> None:
    # the federal 1929 Act still lets girls marry at 16 where no provincial law replaced it
    hit = kb_lib.search("Child Marriage Restraint Act 1929 s 2").hits[0]
    assert hit.jurisdiction == "federal" and any(f["kind"] == "below-standard" for f in hit.flags)
    # Punjab's girls' age of 16 was struck down (2024) and replaced (2026): no longer below the standard
    punjab = kb_lib.search("marriage age girls Punjab").hits[0]
    assert punjab.jurisdiction == "punjab" and not any(f["kind"] == "below-standard" for f in punjab.flags)


def test_compare_topic_rows(kb_lib) -> None:
    comp = kb_lib.compare("minimum marriage age").to_dict()
    rows = {r["jurisdiction"]: r for r in comp["rows"] if r["jurisdiction"] != "international"}
    assert list(rows) == ["federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk"]
    assert rows["sindh"]["cells"] and "recorded absence" in rows["gb"]["absence"]
    assert any(r["jurisdiction"] == "international" for r in comp["rows"])


def test_compare_two_instruments_teaches_the_difference(kb_lib) -> None:
    pairing = kb_lib.compare_instruments("PTPA", "PSMA").to_dict()
    elements = [e["element"] for e in pairing["elements"]]
    assert {"Consent", "Exploitation", "Crossing a border", "Who is the victim"} <= set(elements)


def test_checklist_marks_elements(kb_lib) -> None:
    items = kb_lib.checklist("Sindh", "trafficking").items
    assert {i.status for i in items} <= {"met", "partly", "not_met", "not_assessed"}
    non_punishment = next(i for i in items if "Art. 2(b)" in i.standard or "non-punish" in i.element.lower())
    assert non_punishment.evidence[0]["id"] == "pk/act/2018/ptpa" and non_punishment.reason


@pytest.mark.parametrize("fmt", ["table", "md", "html", "json"])
def test_compare_and_gaps_formats(kb_home: Path, fmt: str) -> None:
    runner = CliRunner()
    for args in (["compare", "domestic-workers"], ["gaps", "domestic-workers"], ["compare", "PTPA", "PSMA"],
                 ["checklist", "-j", "kp", "--topic", "smuggling"]):
        res = runner.invoke(cli, ["--home", str(kb_home), *args, "--format", fmt])
        assert res.exit_code == 0, res.output
        if fmt == "html":
            assert res.output.startswith("<!doctype html>") and "<script" not in res.output
        if fmt == "json":
            json.loads(res.output)


def test_a_comparison_leads_with_a_grid_and_a_schematic_map() -> None:
    from qanoon.search import tilemap

    c = compare_topic(default(), "minimum-marriage-age")
    grid = {g.jurisdiction: g for g in c.grid}
    assert c.measure == "Minimum marriage age for girls"
    kp = grid["kp"]
    assert kp.status == "federal" and kp.first == 16 and "Child Marriage Restraint Act, 1929" in kp.governing
    assert "Minimum marriage age for girls: 16 years (CMRA s. 2(a))" in kp.values and kp.basis
    assert grid["gb"].status == "unknown" and grid["gb"].first is None
    picture = tilemap.svg(c.to_dict()["grid"], c.measure)
    assert picture.startswith("<svg") and picture.count("<rect") == 7 and "\n" not in picture
    assert "Khyber Pakhtunkhwa" in picture and ">16<" in picture and "schematic, not to scale" in picture
    # no value recorded for a topic: tiles say whose law applies
    plain = tilemap.svg(compare_topic(default(), "home-based-workers").to_dict()["grid"])
    assert "own law" in plain and "Own law, federal law, no law, not assessed" in plain


def test_the_map_appears_on_the_web_in_html_exports_and_in_briefs(kb_home: Path) -> None:
    r = CliRunner().invoke(cli, ["--home", str(kb_home), "compare", "minimum-marriage-age", "--format", "html"])
    assert r.exit_code == 0 and "<svg" in r.output and "Governing law" in r.output
    r = CliRunner().invoke(cli, ["--home", str(kb_home), "compare", "minimum-marriage-age", "--format", "md"])
    assert "<svg" not in r.output and "| Jurisdiction | Governing law | Values | Basis | Status |" in r.output
    r = CliRunner().invoke(cli, ["--home", str(kb_home), "brief", "minimum-marriage-age", "--format", "html"])
    assert r.exit_code == 0 and "<svg" in r.output


def test_laws_that_fall_short_alike_are_all_named() -> None:
    # In Islamabad both the Penal Code and the federal bonded labour Act fall short of C029
    # Art. 25 "in part": the flag names both, each with its reason, and asks to amend either,
    # instead of naming whichever law's id sorts first.
    flags = [f for f in find_gaps(default(), kinds=("below-standard",))
             if f.standard.get("element") == "c029-adequate-penalties" and "ict" in f.jurisdictions]
    assert len(flags) == 1
    flag = flags[0]
    named = {e.instrument_id for e in flag.evidence if e.jurisdiction != "international"}
    assert named == {"pk/act/1860/ppc", "pk/act/1992/bonded-labour"}
    assert "and only in part by the Bonded Labour System (Abolition) Act, 1992" in flag.summary
    assert flag.recommendation.startswith("Amend the Pakistan Penal Code, 1860 or the Bonded Labour System (Abolition) Act, 1992 so that they do")
    # a law that applies there and was recorded as not assessed keeps the flag unconfirmed
    open_flags = [f for f in find_gaps(default(), kinds=("below-standard",)) if "Not assessed: the" in f.summary]
    assert open_flags and not any(f.confirmed for f in open_flags)
    organs = next(f for f in open_flags if f.id == "below-standard-tip-purpose-organs-pk-act-2018-ptpa")
    assert set(organs.jurisdictions) == {"punjab", "sindh", "kp"}
    assert "Not assessed: the " in organs.summary and "the Sindh Transplantation of Human Organs and Tissues Act, 2013 (Sindh)" in organs.summary
