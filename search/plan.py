"""A legislative action plan: one jurisdiction's gap flags turned into what its members can do in
their own House, and under which rule.

For each flag the plan works out who can act and on what basis (``competence``): the House
itself where it can legislate on the law at fault, Parliament where the law is federal criminal
law or on the Federal Legislative List, the federal executive for ratifying a treaty. It then
proposes actions a member can take, each tied to a rule of the House's rules of procedure
(``corpus/instruments/*`` of type ``rules-of-procedure``, tagged with the ``procedure-*`` topics):

- a **bill** to amend the House's own law, or to enact one in place of a federal Act that still
  governs a devolved subject, with a drafting outline (a training specimen): each element of
  the standard, today's verdict, and a model provision of another Pakistani jurisdiction;
- a **resolution** urging the authority that can act, where the House cannot;
- **questions** to the department that administers the law, drawn from the duties the governing
  laws set (the bodies they require);
- a **call-attention notice** where the matter is law and order (trafficking, smuggling);
- a **reference to a standing committee** for each subject area with gaps.

No action is proposed without a rule of procedure recorded in the knowledge base for it, and a
Provincial Assembly is never asked to do what only Parliament or the federal executive can do.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from qanoon.indexer.corpus_format import readable
from qanoon.indexer.errors import QueryError
from qanoon.indexer.jurisdictions import JURISDICTIONS, PAKISTAN
from qanoon.indexer.knowledge import CuratedProvision, Instrument, KnowledgeBase
from qanoon.indexer.structure.eids import provision_eid
from qanoon.search.applicability import PROVINCES, Area, applicable, load_model
from qanoon.search.assessment import element_verdicts, load_standards
from qanoon.search.gaps.measures import measures_of
from qanoon.search.gaps.model import Flag
from qanoon.search.implementation import load_records, records_for

ACTION_TYPES = ("bill", "resolution", "question", "call-attention", "committee")
ACTION_LABELS = {"bill": "Bills", "resolution": "Resolutions", "question": "Oversight questions",
                 "call-attention": "Call-attention notices", "committee": "References to standing committees"}
# the procedure topics (corpus/topics.toml) whose rules govern each action, in order of preference
PROCEDURE = {
    "bill": ("procedure-private-members-bill", "procedure-government-bill"),
    "resolution": ("procedure-resolution",),
    "question": ("procedure-question",),
    "call-attention": ("procedure-call-attention",),
    "committee": ("procedure-committee-referral", "procedure-committee-oversight"),
}
# the House whose members act for each jurisdiction: Parliament legislates for the capital territory
HOUSE = {"federal": "federal", "ict": "federal", "punjab": "punjab", "sindh": "sindh", "kp": "kp",
         "balochistan": "balochistan", "gb": "gb", "ajk": "ajk"}
HOUSE_NAMES = {"federal": "National Assembly", "punjab": "Provincial Assembly of the Punjab",
               "sindh": "Provincial Assembly of Sindh", "kp": "Provincial Assembly of Khyber Pakhtunkhwa",
               "balochistan": "Provincial Assembly of Balochistan", "gb": "Gilgit-Baltistan Assembly",
               "ajk": "Azad Jammu and Kashmir Legislative Assembly"}
_SEVERITY = {"high": 0, "medium": 1, "low": 2}
_DIRECTNESS = {"bill": 0, "committee": 1, "question": 2, "call-attention": 3, "resolution": 4}
SPECIMEN = "Training specimen, not legal drafting: check every element against the texts before use."


@dataclass(frozen=True)
class Competence:
    """Who can act on a flag, and why."""

    who: str             # "house" (the jurisdiction's own legislature), "parliament" or "federal-executive"
    legislate: bool      # whether the House itself can pass the law that closes the gap
    basis: str


@dataclass(frozen=True)
class RuleRef:
    """The rule of procedure that governs an action, with what a member needs to know of it."""

    instrument_id: str
    eid: str
    citation: str
    heading: str
    notice: tuple[str, ...]      # "15 days (question (starred or unstarred))"
    moved_by: tuple[str, ...]
    conditions: tuple[str, ...]  # admissibility and limits
    confirmed: bool


@dataclass
class OutlineItem:
    requirement: str
    standard: str
    verdict: str                 # today's verdict: met | partly | not_met | not_assessed, or a value
    models: list[str] = field(default_factory=list)   # "Sindh: SCMRA s. 2(a) (18)"


@dataclass
class Action:
    type: str
    title: str
    severity: str
    competence: Competence
    rule: RuleRef
    flags: list[dict[str, Any]]          # id, summary, severity, confirmed, citations
    addressed_to: str = ""
    outline: list[OutlineItem] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.outline:
            d["specimen"] = SPECIMEN
        return d


@dataclass
class Plan:
    jurisdiction: str
    house: str
    rules: str                           # the rules of procedure's title, "" when none is recorded
    topic: str
    actions: list[Action]
    advocacy: list[str]
    not_actionable: list[dict[str, str]]  # flag id and why the House cannot act on it
    flags: int                           # flags of the jurisdiction considered

    def sections(self) -> dict[str, list[Action]]:
        return {t: [a for a in self.actions if a.type == t] for t in ACTION_TYPES if any(a.type == t for a in self.actions)}

    def to_dict(self) -> dict[str, Any]:
        acted = {f["id"] for a in self.actions for f in a.flags}
        return {
            "jurisdiction": self.jurisdiction, "label": JURISDICTIONS[self.jurisdiction], "house": self.house,
            "rules": self.rules, "topic": self.topic, "specimen": SPECIMEN,
            "sections": {t: [a.to_dict() for a in acts] for t, acts in self.sections().items()},
            "advocacy": self.advocacy, "not_actionable": self.not_actionable,
            "counts": {"flags": self.flags, "flags_with_action": len(acted),
                       **{t: sum(a.type == t for a in self.actions) for t in ACTION_TYPES}},
        }


# --- rules of procedure -----------------------------------------------------------------------


def rules_of(kb: KnowledgeBase, house: str) -> Instrument | None:
    """The House's rules of procedure in the knowledge base, if recorded."""
    return next((i for i in kb.instruments if i.type == "rules-of-procedure" and i.jurisdiction == house
                 and i.status == "in_force"), None)


def rule_for(rules: Instrument, action: str) -> RuleRef | None:
    """The rule for an action: the provisions tagged with its procedure topic (the first topic
    that has any), cited together, the first one with a notice period leading."""
    for topic in PROCEDURE[action]:
        provs = [p for p in rules.provisions if topic in p.topics]
        if provs:
            break
    else:
        return None
    lead = next((p for p in provs if any(f.key == "notice_days" for f in p.facts)), provs[0])
    facts = [f for p in provs for f in p.facts]
    name = rules.short_names[0] if rules.short_names else rules.title
    nums = [lead.num, *(p.num for p in provs if p is not lead)]
    return RuleRef(
        instrument_id=rules.id, eid=provision_eid(lead.kind, lead.num),
        citation=f"{name} {'r.' if len(nums) == 1 else 'rr.'} {', '.join(nums)}", heading=lead.heading,
        notice=tuple(f"{readable('notice_days', f.value)} day{'' if f.value == 1 else 's'}"
                     + (f" ({f.applies_to})" if f.applies_to else "") + ("" if f.confirmed else " (unconfirmed)")
                     for f in facts if f.key == "notice_days"),
        moved_by=tuple(str(f.value) + ("" if f.confirmed else " (unconfirmed)") for f in facts if f.key == "moved_by"),
        conditions=tuple(str(f.value) + ("" if f.confirmed else " (unconfirmed)")
                         for f in facts if f.key in {"admissibility", "limit"}),
        confirmed=all(f.confirmed for f in facts) and bool(facts),
    )


# --- who can act ------------------------------------------------------------------------------

TREATY_BASIS = ("Ratifying a treaty is for the Federal Government: external affairs and the implementing of treaties "
                "are on the Federal Legislative List (Part I, entry 3), and the Federation's executive authority "
                "reaches every matter on which Parliament legislates (Constitution Art. 97)")


def _law_at_fault(kb: KnowledgeBase, flag: Flag, jurisdiction: str) -> Instrument | None:
    """The Pakistani law a flag finds wanting where ``jurisdiction`` is concerned: its own law
    among the evidence first, else the first law of the evidence that governs there."""
    laws = [i for e in flag.evidence if (i := kb.get(e.instrument_id)) and i.jurisdiction in PAKISTAN]
    own = [i for i in laws if HOUSE[i.jurisdiction] == HOUSE[jurisdiction]]
    return (own or laws or [None])[0]


def competence(kb: KnowledgeBase, flag: Flag, jurisdiction: str) -> Competence:
    """Who can close the gap a flag finds in ``jurisdiction``, and on what basis."""
    house = HOUSE[jurisdiction]
    if flag.kind == "ratification":
        return Competence("federal-executive", False, TREATY_BASIS)
    area = _area(flag)
    law = _law_at_fault(kb, flag, jurisdiction)
    parliament = house == "federal"
    if law is None or HOUSE[law.jurisdiction] == house:
        what = "its own law" if law else "a law on the subject"
        basis = ("Parliament makes the law of the Federation and of the Islamabad Capital Territory (Constitution Art. 142(a), (d))"
                 if parliament else f"the Assembly legislates on matters not on the Federal Legislative List (Constitution Art. 142(c)): {what}")
        return Competence("house", True, basis)
    # a federal Act, seen from a province
    subject = area.subject if area else "criminal"
    if subject == "devolved" and jurisdiction in PROVINCES:
        return Competence("house", True, (
            f"the subject is provincial since the Eighteenth Amendment; the federal {law.title} governs {JURISDICTIONS[jurisdiction]} "
            "only until the Assembly enacts its own law (Constitution Arts. 142(c), 270AA(6))"))
    if subject == "federal":
        return Competence("parliament", False, (
            f"the {law.title} is on a subject of the Federal Legislative List, where only Parliament legislates "
            "(Constitution Art. 142(a))"))
    return Competence("parliament", False, (
        f"the {law.title} is an Act of Parliament: a Provincial Assembly cannot amend it, and a provincial law that "
        "conflicts with it is void to the extent of the conflict (Constitution Arts. 142(b), 143)"))


def _acts_here(flag: Flag, jurisdiction: str) -> bool:
    """Whether the flag asks something of this jurisdiction: a divergence of values is closed by
    those below the highest value, not by those already at it."""
    if flag.kind != "divergence" or jurisdiction not in flag.values:
        return True
    numbers = [_number(v) for v in flag.values.values()]
    mine = _number(flag.values[jurisdiction])
    return mine is None or None in numbers or mine < max(n for n in numbers if n is not None)


def _number(value: Any) -> float | None:
    """A flag's shown value as a number: 18, "3 years", "1 month" (in years); the lowest of a list."""
    if isinstance(value, list):
        found = [_number(v) for v in value]
        return None if not found or None in found else min(n for n in found if n is not None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    m = re.fullmatch(r"([\d.]+) (year|month)s?", str(value))
    return float(m.group(1)) / (12 if m.group(2) == "month" else 1) if m else None


# --- drafting outline -------------------------------------------------------------------------


def _short(inst: Instrument) -> str:
    return inst.short_names[0] if inst.short_names else inst.title


def _models(kb: KnowledgeBase, element: str, law: Instrument | None) -> list[str]:
    """Provisions of other Pakistani laws recorded as meeting an element, confirmed first."""
    found = sorted((a for a in load_standards().assessments if a.element == element and a.verdict == "met"),
                   key=lambda a: (not a.confirmed, a.instrument))
    out = []
    for a in found:
        inst = kb.get(a.instrument)
        if inst and inst.jurisdiction in PAKISTAN and (law is None or inst.id != law.id):
            where = ", ".join(f"s. {p}" for p in a.provisions) if a.provisions else ""
            out.append(f"{JURISDICTIONS[inst.jurisdiction]}: {_short(inst)} {where}".strip()
                       + ("" if a.confirmed else " (unconfirmed)"))
    return out[:2]


def outline(kb: KnowledgeBase, jurisdiction: str, area: Area | None, law: Instrument | None,
            flags: list[Flag]) -> list[OutlineItem]:
    """The elements a bill should cover: each element of the area's standards with today's
    verdict for the law that applies, and a model provision where another Pakistani law meets it;
    then each figure a flag found below its standard."""
    items = []
    if area and area.id in load_standards().areas():
        for v in element_verdicts(kb, jurisdiction, area.id)[1]:
            models = _models(kb, v.element.id, law) if v.verdict != "met" else []
            items.append(OutlineItem(v.element.requirement, v.element.citation, v.verdict, models))
    for f in flags:
        if f.kind == "below-standard" and "element" in f.standard:
            continue   # its element is in the list above
        mine = f.values.get(jurisdiction)
        today = f"today {readable_value(mine)}" if mine is not None else f.kind
        if "value" in f.standard:
            today += f"; the standard {f.standard['value']}"
        items.append(OutlineItem(f.recommendation, f.standard.get("citation", "") or f.kind, today, _figure_models(kb, f, jurisdiction)))
    return items


def readable_value(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _figure_models(kb: KnowledgeBase, f: Flag, jurisdiction: str) -> list[str]:
    """For a flag on a figure (an age, a penalty): the provisions elsewhere in Pakistan that
    already have the value the flag asks for (the standard's, or the highest of a divergence)."""
    if f.kind == "below-standard" and "value" in f.standard:
        target = f.standard["value"]
        for m, values in measures_of(kb, f.topic):
            if any(v.evidence.citation == f.evidence[0].citation for v in values):
                return list(dict.fromkeys(f"{JURISDICTIONS[v.jurisdiction]}: {v.evidence.citation} ({readable(m['key'], v.value)})"
                                          for v in values if v.jurisdiction != jurisdiction
                                          and isinstance(v.value, (int, float)) and v.value >= target))[:2]
        return []
    if f.kind == "divergence":
        numbers = [e.value for e in f.evidence if isinstance(e.value, (int, float)) and not isinstance(e.value, bool)]
        if numbers and len(numbers) == len(f.evidence):
            return [f"{JURISDICTIONS[e.jurisdiction]}: {e.citation}" for e in f.evidence if e.value == max(numbers)
                    and e.jurisdiction not in (jurisdiction, HOUSE[jurisdiction])][:2]
    return []


# --- oversight questions and advocacy ---------------------------------------------------------


def _administered(kb: KnowledgeBase, jurisdiction: str, area: Area) -> list[Instrument]:
    """The laws on an area that this House's government administers: a province's own Acts and
    the federal Acts it administers on a devolved subject; for Parliament, every federal law
    that governs (not the Constitution)."""
    routes = {"own", "federal-continuing"} if HOUSE[jurisdiction] != "federal" else {"own", "federal-ict", "federal-criminal", "federal-list"}
    return [i for g in applicable(kb, jurisdiction, area.id).governing if g.route in routes and (i := kb.get(g.instrument_id))]


def _duties(kb: KnowledgeBase, jurisdiction: str, area: Area) -> list[tuple[Instrument, CuratedProvision, str]]:
    """What those laws require, as (law, provision, what): the bodies their provisions on the
    area set up, then whatever ``corpus/implementation.toml`` records about them in this
    jurisdiction (rules to be made, funds, committees) that no body fact names."""
    laws = _administered(kb, jurisdiction, area)
    out = [(inst, p, str(f.value)) for inst in laws for p in inst.provisions
           if p.status != "repealed" and set(p.topics) & set(area.topics) for f in p.facts if f.key == "body"]
    seen = {(inst.id, p.num) for inst, p, _ in out}
    for inst in laws:
        for r in load_records():
            p = inst.provision(r.provision) if r.instrument == inst.id and r.jurisdiction == jurisdiction else None
            if p and (inst.id, p.num) not in seen:
                seen.add((inst.id, p.num))
                out.append((inst, p, r.body))
    return out


def _duty_question(jurisdiction: str, inst: Instrument, p: CuratedProvision, body: str) -> str:
    """An oversight question on a body the law requires; where the knowledge base records what
    became of it (``corpus/implementation.toml``), the question says so and asks what followed."""
    place = JURISDICTIONS[jurisdiction]
    known = records_for(jurisdiction, inst.id, p.num)
    if known:
        r = known[0]
        return (f"On the {body} ({_short(inst)} s. {p.num}): the knowledge base records {r.sentence()}: {r.summary} "
                f"What is its state across {place} now, and what has the Government done since?")
    return (f"On the {body} ({_short(inst)} s. {p.num}): has the Government set this up in {place}, "
            "when did it last meet, and what has it reported?")


def _department(area: Area | None, house: str) -> str:
    return (area.department("federal" if house == "federal" else "province") if area else "") \
        or "department that administers the law"


# --- the plan ---------------------------------------------------------------------------------


def _flag_ref(f: Flag) -> dict[str, Any]:
    return {"id": f.id, "summary": f.summary, "severity": f.severity, "confirmed": f.confirmed, "kind": f.kind,
            "citations": [e.citation for e in f.evidence]}


def build_plan(kb: KnowledgeBase, jurisdiction: str, flags: list[Flag], topic: str = "") -> Plan:
    """The action plan for ``jurisdiction`` from ``flags`` (already limited to a topic if any)."""
    if jurisdiction not in PAKISTAN:
        raise QueryError(f"'{jurisdiction}': a plan is made for a legislature of Pakistan: {', '.join(PAKISTAN)}")
    house = HOUSE[jurisdiction]
    rules = rules_of(kb, house)
    mine = [f for f in flags if jurisdiction in f.jurisdictions or f.kind == "ratification"]
    mine = [f for f in mine if not (f.kind == "coverage" and f.values.get(jurisdiction) == "not assessed")]
    not_actionable: list[dict[str, str]] = []
    if rules is None:
        for f in mine:
            not_actionable.append({"id": f.id, "reason": f"the {HOUSE_NAMES[house]}'s rules of procedure are not in the knowledge base"})
        return Plan(jurisdiction, HOUSE_NAMES[house], "", topic, [], [], not_actionable, len(mine))

    groups: dict[tuple[str, str], list[tuple[Flag, Competence]]] = {}
    areas: dict[str, Area | None] = {}
    for f in mine:
        if not _acts_here(f, jurisdiction):
            not_actionable.append({"id": f.id, "reason": f"{JURISDICTIONS[jurisdiction]} already has the highest value"})
            continue
        comp = competence(kb, f, jurisdiction)
        law = _law_at_fault(kb, f, jurisdiction)
        area = _area(f)
        areas.setdefault(area.id if area else f.topic, area)
        key = ("bill", law.id if law and comp.who == "house" and HOUSE[law.jurisdiction] == house
               else f"enact:{area.id if area else f.topic}") if comp.legislate else \
              ("resolution", f"{comp.who}:{law.id if law and f.kind != 'ratification' else f.kind}")
        groups.setdefault(key, []).append((f, comp))

    actions: list[Action] = []
    for (kind, key), items in groups.items():
        rule = rule_for(rules, kind)
        group_flags = [f for f, _ in items]
        if rule is None:
            not_actionable += [{"id": f.id, "reason": f"no rule of the {HOUSE_NAMES[house]} for a {kind} is recorded"}
                               for f in group_flags]
            continue
        comp = items[0][1]
        law = _law_at_fault(kb, group_flags[0], jurisdiction)
        area = _area(group_flags[0])
        if kind == "bill":
            amend = law is not None and not key.startswith("enact:")
            title = (f"Bill to amend the {law.title}" if amend else
                     f"Bill for a {JURISDICTIONS[jurisdiction]} law on {(area.label if area else group_flags[0].topic).lower()}"
                     + (f", in place of the federal {law.title}" if law and law.jurisdiction == "federal" else ""))
            out = outline(kb, jurisdiction, area, law if amend else None, group_flags)
            actions.append(Action("bill", title, _worst(group_flags), comp, rule, [_flag_ref(f) for f in group_flags],
                                  addressed_to=HOUSE_NAMES[house], outline=out))
        else:
            whom = "the Federal Government" if comp.who == "federal-executive" else "Parliament and the Federal Government"
            if group_flags[0].kind == "ratification":
                treaties = sorted({_short(i) for f in group_flags for e in f.evidence
                                   if (i := kb.get(e.instrument_id)) and i.jurisdiction == "international"})
                title = f"Resolution urging {whom} to ratify: {'; '.join(treaties) or 'the instruments flagged'}"
            else:
                title = f"Resolution urging {whom} to amend the {law.title if law else 'federal law'}"
            actions.append(Action("resolution", title, _worst(group_flags), comp, rule,
                                  [_flag_ref(f) for f in group_flags], addressed_to=whom))

    advocacy: dict[tuple[str, str], str] = {}   # one item per body, under the first area that names it
    acted = [f for (_, _), items in groups.items() for f, _ in items]
    asked: set[tuple[str, str]] = set()
    for area in areas.values():
        area_flags = [f for f in acted if _area(f) is area and f.kind != "ratification"]
        if area is None or not area_flags:
            continue
        dept = _department(area, house)
        duties = [d for d in _duties(kb, jurisdiction, area) if (d[0].id, d[1].num) not in asked]   # each duty once
        asked |= {(inst.id, p.num) for inst, p, _ in duties}
        questions = [_duty_question(jurisdiction, inst, p, body) for inst, p, body in duties]
        questions += [f"What does the department plan to do about this finding: {f.summary}" for f in area_flags[:2]]
        comp = Competence("house", False, "the House holds the government to account for the departments that "
                          "administer the law in force here, whoever made it")
        proposed = [("question", f"Questions to the {dept} on {area.label.lower()}", questions),
                    ("committee", f"Move that the standing committee for the {dept} examine the gaps on {area.label.lower()}", [])]
        if area.subject == "criminal":   # enforcement of the criminal law is a matter of law and order
            proposed.append(("call-attention", f"Call-attention notice on enforcement against {area.label.lower()}", []))
        for kind, title, extra in proposed:
            if not (rule := rule_for(rules, kind)):
                continue
            actions.append(Action(kind, title, _worst(area_flags), comp, rule, [_flag_ref(f) for f in area_flags],
                                  addressed_to=dept, questions=extra))
        for inst, p, body in duties:
            if "district" in body.lower() or "district" in p.summary.lower():
                advocacy.setdefault((body, f"{_short(inst)} s. {p.num}"), (
                    f"{area.label}: in each district of the constituency, ask the district administration about the "
                    f"{body} ({_short(inst)} s. {p.num}): has it been set up, and does it meet?"))
    actions.sort(key=lambda a: (ACTION_TYPES.index(a.type), _SEVERITY[a.severity], _DIRECTNESS[a.type], a.title))
    return Plan(jurisdiction, HOUSE_NAMES[house], rules.title, topic, actions, list(advocacy.values()), not_actionable, len(mine))


def _area(f: Flag) -> Area | None:
    """The subject area of a flag: the one it was raised in (an element's flag carries its
    area), else its topic's."""
    model = load_model()
    return model.areas.get(f.area) or model.area_of(f.topic)


def _worst(flags: list[Flag]) -> str:
    return min((f.severity for f in flags), key=_SEVERITY.__getitem__)
