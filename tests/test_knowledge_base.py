"""The embedded knowledge base: valid, cited, in our own words, and true to the real texts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from difflib import SequenceMatcher

import pytest
from qanoon.indexer.corpus_format import CORPUS_DIR
from qanoon.indexer.jurisdictions import JURISDICTIONS
from qanoon.indexer.knowledge import default, validate

from tests.conftest import SHARED, needs_shared, shared_file

KB = default()


def test_knowledge_base_is_valid() -> None:
    assert validate() == []


def test_an_instrument_topic_must_be_in_the_vocabulary(tmp_path) -> None:
    from qanoon.indexer.corpus_format import load_topics
    from qanoon.indexer.knowledge import KnowledgeBaseError, load_instrument

    path = tmp_path / "x.md"
    path.write_text('+++\nid = "pk-kp/act/2015/x"\ntitle = "X Act, 2015"\nyear = 2015\njurisdiction = "kp"\n'
                    'type = "act"\ntopics = ["bonded-labor"]\n+++\nOverview.\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="unknown topic"):
        load_instrument(path, load_topics())


def test_a_damaged_vocabulary_file_is_a_one_line_error_naming_it(tmp_path) -> None:
    from qanoon.indexer.corpus_format import load_topics, split_front_matter, standards
    from qanoon.indexer.knowledge import KnowledgeBaseError

    for name in ("topics.toml", "standards.toml"):
        (tmp_path / name).write_text("[trafficking\nlabel = 'unclosed table'\n", encoding="utf-8")
    for read in (load_topics, standards):
        with pytest.raises(KnowledgeBaseError, match=r"\.toml: invalid TOML: .*line 1") as err:
            read(tmp_path)
        assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)
    with pytest.raises(KnowledgeBaseError, match="x.md: invalid TOML front matter"):
        split_front_matter("+++\nid = \n+++\nOverview.", tmp_path / "x.md")


def test_only_a_repealed_provision_is_replaced(tmp_path) -> None:
    from qanoon.indexer.corpus_format import load_topics
    from qanoon.indexer.knowledge import KnowledgeBaseError, load_instrument

    path = tmp_path / "x.md"
    path.write_text('+++\nid = "pk-kp/act/2015/x"\ntitle = "X Act, 2015"\nyear = 2015\njurisdiction = "kp"\ntype = "act"\n\n'
                    '[[provisions]]\nnum = "3"\nheading = "Offence"\nsummary = "In force."\ntopics = []\n'
                    'replaced_by = ["pk-kp/act/2015/x/sec_4"]\n+++\nOverview.\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="provision 3: replaced_by is for a repealed provision"):
        load_instrument(path, load_topics())


def test_no_recorded_absence_contradicts_a_law_we_hold() -> None:
    # "KP has no law on the marriage age" and a KP provision tagged with that topic cannot both
    # stand: gaps and comparisons would say both
    for n in KB.no_law:
        holding = [f"{i.id} {p.num}" for i in KB.instruments if i.jurisdiction == n.jurisdiction and i.status == "in_force"
                   for p in i.provisions if n.topic in p.topics] + \
                  [i.id for i in KB.instruments if i.jurisdiction == n.jurisdiction and n.topic in i.topics]
        assert not holding, (n.jurisdiction, n.topic, holding)


def test_every_fact_carries_a_citation() -> None:
    for inst in KB.instruments:
        for p in inst.provisions:
            for f in p.facts:
                assert f.citation.strip(), f"{inst.path}: provision {p.num}: fact {f.key} has no citation"


def test_every_instrument_has_an_official_source_and_metadata() -> None:
    """An official address, or a recorded note that none could be found (never silence)."""
    for inst in KB.instruments:
        assert inst.title and inst.year, inst.path
        assert inst.source_url.startswith("http") or "not located" in inst.source_name.lower(), inst.path
        if inst.jurisdiction == "international":
            assert inst.pakistan is not None, f"{inst.path}: international instrument without Pakistan's status"


def test_every_jurisdiction_is_covered_by_an_instrument_or_a_recorded_absence() -> None:
    present = {i.jurisdiction for i in KB.instruments} | {n.jurisdiction for n in KB.no_law}
    assert set(JURISDICTIONS) <= present


def test_required_instruments_are_present() -> None:
    ids = {i.id for i in KB.instruments}
    for required in ["pk/act/2018/ptpa", "pk/act/2018/psma", "pk/ordinance/1979/emigration", "pk/act/1974/passports",
                     "pk/ordinance/1981/exit-control", "pk/act/1946/foreigners", "pk/act/1974/fia", "pk/act/2010/aml",
                     "pk/act/2020/mla", "pk/act/1972/extradition", "pk/act/1860/ppc", "pk/constitution/1973/constitution",
                     "pk/act/1992/bonded-labour", "pk/act/1991/employment-of-children", "pk/act/1929/child-marriage-restraint",
                     "pk/act/2018/juvenile-justice", "pk/act/2020/zainab-alert", "pk/act/2010/organ-transplantation",
                     "pk/act/1976/fee-charging-agencies", "pk/act/2017/ncrc", "pk/ordinance/2002/pachto",
                     "pk-ict/act/2018/child-protection", "pk-ict/act/2022/domestic-workers", "pk-ict/act/2025/child-marriage-restraint",
                     "un/convention/2000/untoc", "un/protocol/2000/tip-protocol", "un/protocol/2000/som-protocol",
                     "ilo/convention/1930/c029", "ilo/protocol/2014/p029", "ilo/convention/1957/c105", "ilo/convention/1973/c138",
                     "ilo/convention/1999/c182", "ilo/convention/1949/c097", "ilo/convention/1975/c143", "ilo/convention/1997/c181",
                     "ilo/convention/2011/c189", "ilo/convention/2019/c190", "un/convention/1989/crc", "un/protocol/2000/opsc",
                     "un/convention/1979/cedaw", "un/convention/1990/icrmw", "un/declaration/1948/udhr",
                     "saarc/convention/2002/trafficking", "lon/convention/1926/slavery", "un/convention/1956/supplementary-slavery",
                     "pk/action-plan/2021/nap-tip-som"]:
        assert required in ids, required


def test_ppc_and_constitution_provisions_required() -> None:
    ppc = KB.get("pk/act/1860/ppc")
    assert ppc is not None
    for num in ["366A", "366B", "370", "371", "371A", "371B", "374"]:
        assert ppc.provision(num), num
    const = KB.get("pk/constitution/1973/constitution")
    for num in ["3", "11", "15", "25", "25A", "37"]:
        assert const.provision(num), num


@needs_shared
def test_corpus_is_in_our_own_words() -> None:
    tool = SHARED / "tools" / "verbatim.py"
    if not tool.exists():
        pytest.skip(f"{tool} is not here")
    out = subprocess.run([sys.executable, str(tool), "--max", "5", str(CORPUS_DIR)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def _words(text: str) -> set[str]:
    return set(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


TWINS = {
    "pk/act/2018/ptpa": "pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json",
    "pk/act/2018/psma": "pk/federal_prevention-of-smuggling-of-migrants-act-2018_consolidated.json",
    "pk/ordinance/1979/emigration": "pk/federal_emigration-ordinance-1979_consolidated.json",
    "pk/act/1974/passports": "pk/federal_passports-act-1974_consolidated.json",
    "pk/act/1946/foreigners": "pk/federal_foreigners-act-1946_consolidated.json",
    "pk/act/1992/bonded-labour": "pk/federal_bonded-labour-system-abolition-act-1992_consolidated.json",
    "pk/act/1991/employment-of-children": "pk/federal_employment-of-children-act-1991_consolidated.json",
    "pk-ict/act/2022/domestic-workers": "pk/ict_domestic-workers-act-2022_consolidated.json",
    "pk-ict/act/2018/child-protection": "pk/ict_child-protection-act-2018_consolidated.json",
    "pk/act/2020/zainab-alert": "pk/federal_zainab-alert-response-and-recovery-act-2020_consolidated.json",
}


@needs_shared
@pytest.mark.parametrize("instrument_id", sorted(TWINS))
def test_section_numbers_and_headings_match_the_consolidated_text(instrument_id: str) -> None:
    """Each covered section exists in the official consolidated text, with the same heading.

    Headings are compared by their words (at least 70% shared): a few headings were shortened
    to keep them under the verbatim tool's 12-word limit, and the consolidated files have typos.
    """
    inst = KB.get(instrument_id)
    twin = {p["section"].upper(): re.sub(r"^Section\s+\S+\s*", "", p["title"])
            for p in json.loads(shared_file(TWINS[instrument_id]).read_text(encoding="utf-8"))["provisions"]}
    checked = 0
    for p in inst.provisions:
        if p.kind != "section" or p.num.upper() not in twin:
            continue
        ours, theirs = _words(p.heading), _words(twin[p.num.upper()])
        shared = len(ours & theirs) / max(1, min(len(ours), len(theirs)))
        similar = SequenceMatcher(None, p.heading.lower(), twin[p.num.upper()].lower()).ratio()
        assert shared >= 0.7 or similar >= 0.8, f"{instrument_id} s. {p.num}: heading '{p.heading}' vs '{twin[p.num.upper()]}'"
        checked += 1
    assert checked >= 0.6 * len([p for p in inst.provisions if p.kind == "section"])


NUMBER_WORDS = {2: "two", 3: "three", 5: "five", 7: "seven", 10: "ten", 14: "fourteen",
                1_000_000: "one million", 2_000_000: "two million", 5_000_000: "five million", 10_000_000: "ten million"}


@needs_shared
@pytest.mark.parametrize(("instrument_id", "sections"), [("pk/act/2018/ptpa", ["3", "4"]), ("pk/act/2018/psma", ["3", "4", "5", "6"])])
def test_penalties_match_the_consolidated_text(instrument_id: str, sections: list[str]) -> None:
    content = {p["section"]: " ".join(re.sub(r"\d*\[|\]", "", p["content"]).split()).lower()
               for p in json.loads(shared_file(TWINS[instrument_id]).read_text(encoding="utf-8"))["provisions"]}
    inst = KB.get(instrument_id)
    checked = 0
    for num in sections:
        text = content[num] if num in content else " ".join(content.values())
        for f in inst.provision(num).facts:
            if f.key in {"max_prison_years", "min_prison_years", "max_fine_pkr", "min_fine_pkr"} and isinstance(f.value, int):
                word = NUMBER_WORDS.get(f.value)
                assert word and (word in text or str(f.value) in text), f"{instrument_id} s. {num}: {f.key}={f.value} not in the text"
                checked += 1
    assert checked >= len(sections)


def test_ptpa_s3_records_the_2025_change() -> None:
    facts = [f for f in KB.get("pk/act/2018/ptpa").provision("3").facts if f.key == "max_prison_years"]
    basic = next(f for f in facts if "basic" in f.applies_to)
    assert basic.value == 10 and basic.previous and basic.previous[0].value == 7


def test_a_replaced_provision_names_provisions_the_knowledge_base_holds() -> None:
    from qanoon.indexer.structure.eids import provision_eid

    held = {f"{i.id}/{provision_eid(p.kind, p.num)}" for i in KB.instruments for p in i.provisions}
    replaced = [(i.id, p) for i in KB.instruments for p in i.provisions if p.replaced_by]
    assert replaced
    for iid, p in replaced:
        assert p.status in {"repealed", "superseded"}
        assert set(p.replaced_by) <= held, f"{iid} {p.num}: {set(p.replaced_by) - held}"


def test_a_section_repealed_from_a_law_in_force_is_marked_repealed(kb_lib) -> None:
    from qanoon.search import Options

    # PPC s. 373 (buying a minor for prostitution) was repealed in 1979; s. 371B took its place
    top = [(h.number, h.status) for h in kb_lib.search("buying a minor for prostitution", Options(limit=3)).hits
           if h.instrument_id == "pk/act/1860/ppc"]
    # the section in force first, although the repealed one's heading is the question's words
    assert top[:2] == [("371B", "in_force"), ("373", "repealed")]
    asked = [h.number for h in kb_lib.search("buying a minor for prostitution", Options(limit=3, include_repealed=True)).hits]
    assert "373" in asked
    shown = kb_lib.show("PPC 373").to_dict()["provision"]
    assert shown["status"] == "repealed"
    # and where the law now is, wherever the status is shown
    from qanoon.search.render import show_text

    assert shown["replaced_by"] == ["Pakistan Penal Code, 1860, s. 371B"]
    assert show_text(kb_lib.show("PPC 373").to_dict()).splitlines()[0].endswith("[repealed; now Pakistan Penal Code, 1860, s. 371B]")
