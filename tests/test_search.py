"""Search over the embedded knowledge base: citations, names, synonyms, ranking, results."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qanoon.indexer.analysis import terms
from qanoon.search import Options
from qanoon.search.citations import parse_citation
from qanoon.search.query import detect_fact_keys, detect_topics, expand


@pytest.mark.parametrize(("query", "instrument", "number", "sub"), [
    ("PTPA s 3", "PTPA", "3", ()),
    ("s. 3(2) PTPA", "PTPA", "3", ("2",)),
    ("section 8 of the Prevention of Trafficking in Persons Act", "Prevention of Trafficking in Persons Act", "8", ()),
    ("Article 3 Palermo Protocol", "Palermo Protocol", "3", ()),
    ("C182 art 3", "C182", "3", ()),
    ("PPC 371A", "PPC", "371A", ()),
    ("Art 11 Constitution", "Constitution", "11", ()),
    ("Employment of Children Act 1991 s 2", "Employment of Children Act 1991", "2", ()),
    ("SAARC TIP Convention Art VII", "SAARC TIP Convention", "VII", ()),
    # a letter after a hyphen, as Pakistani texts often write it
    ("Art. 25-A Constitution", "Constitution", "25A", ()),
    ("section 366-A PPC", "PPC", "366A", ()),
    ("PPC 371-A", "PPC", "371A", ()),
    # the number first, and "u/s" (under section) as charge sheets write it
    ("371-A PPC", "PPC", "371A", ()),
    ("u/s 371-A PPC", "PPC", "371A", ()),
])
def test_parse_citation(query: str, instrument: str, number: str, sub: tuple[str, ...]) -> None:
    c = parse_citation(query)
    assert c is not None and (c.instrument, c.number, c.sub) == (instrument, number, sub)


@pytest.mark.parametrize("query", ["punishment for trafficking a child", "bonded labour", "",
                                   "18 years minimum age for marriage of girls"])
def test_not_citations(query: str) -> None:
    assert parse_citation(query) is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="sSaArtVIiLlxX0123456789 ().-,/PCbc", max_size=24))
def test_the_quick_check_never_turns_away_a_citation(query: str) -> None:
    """Queries without a number are not parsed (a cold search need not compile the forms): no
    form may match one of them."""
    from qanoon.search import citations

    q = " ".join(query.split())
    if not citations._MAYBE.search(q):
        assert not any(form.match(q) for form in citations._forms())


@pytest.mark.parametrize(("query", "citation"), [
    ("PTPA s 3", "Prevention of Trafficking in Persons Act, 2018, s. 3"),
    ("s. 3(2) PTPA", "Prevention of Trafficking in Persons Act, 2018, s. 3"),
    ("section 8 of the Prevention of Trafficking in Persons Act", "Prevention of Trafficking in Persons Act, 2018, s. 8"),
    ("Article 3 Palermo Protocol", "Art. 3"),
    ("C182 art 3", "Worst Forms of Child Labour Convention, 1999 (No. 182), Art. 3"),
    ("C29 art 2", "Forced Labour Convention, 1930 (No. 29), Art. 2"),
    ("PPC 371A", "Pakistan Penal Code, 1860, s. 371A"),
    ("Art 11 Constitution", "Constitution of the Islamic Republic of Pakistan, 1973, Art. 11"),
    ("Article 25-A of the Constitution", "Constitution of the Islamic Republic of Pakistan, 1973, Art. 25A"),
    ("section 371-A PPC", "Pakistan Penal Code, 1860, s. 371A"),
    ("370 PPC", "Pakistan Penal Code, 1860, s. 370"),
    ("u/s 366-B P.P.C.", "Pakistan Penal Code, 1860, s. 366B"),   # dotted, as court papers write it
    ("Convention 182 art 3", "Worst Forms of Child Labour Convention, 1999 (No. 182), Art. 3"),
    ("ILO Convention No. 29 Article 2", "Forced Labour Convention, 1930 (No. 29), Art. 2"),
    # a title's words in other forms, when they fit one law only
    ("Sindh child marriage act s 3", "Sindh Child Marriages Restraint Act, 2013, s. 3"),
    # a title without its bracketed words, as people write it
    ("Fee-Charging Employment Agencies Act s 7", "Fee-Charging Employment Agencies (Regulation) Act, 1976, s. 7"),
    ("section 4 of the Bonded Labour System Act", "Bonded Labour System (Abolition) Act, 1992, s. 4"),
])
def test_citation_goes_straight_to_the_provision(kb_lib, query: str, citation: str) -> None:
    hit = kb_lib.search(query).hits[0]
    assert hit.citation.endswith(citation) and hit.score == 1000.0


def test_a_provision_the_law_does_not_have_is_said_not_guessed(kb_lib) -> None:
    res = kb_lib.search("PTPA s 99")
    assert res.interpreted_as == "Prevention of Trafficking in Persons Act, 2018 has no provision 99 in the index"
    assert [(h.instrument_id, h.number) for h in res.hits] == [("pk/act/2018/ptpa", "")]


def test_words_that_fit_several_titles_name_no_law(kb_lib) -> None:
    # the federal, Sindh, Punjab, ICT and Balochistan child marriage laws all fit
    assert kb_lib.names.resolve("child marriage act") is None
    assert kb_lib.names.resolve("marriage") is None


def test_a_number_before_words_that_name_no_law_is_searched_as_words(kb_lib) -> None:
    res = kb_lib.search("18 years minimum age")
    assert res.hits and res.hits[0].score != 1000.0 and not res.interpreted_as.startswith("citation")


def test_punishment_for_trafficking_a_child_finds_ptpa_s3_first(kb_lib) -> None:
    hit = kb_lib.search("punishment for trafficking a child").hits[0]
    assert (hit.instrument_id, hit.number) == ("pk/act/2018/ptpa", "3")


def test_who_investigates_migrant_smuggling(kb_lib) -> None:
    top = [(h.instrument_id, h.number) for h in kb_lib.search("who investigates migrant smuggling").hits[:3]]
    assert ("pk/act/2018/psma", "11") in top


def test_an_acronym_answers_for_the_words_it_stands_for(kb_lib) -> None:
    # "South Asian" is what SAARC stands for: its trafficking convention's extradition article
    # is the answer even though neither its title nor its text says "South Asian"
    top = kb_lib.search("South Asian rules on extradition for trafficking").hits[0]
    assert (top.instrument_id, top.number) == ("saarc/convention/2002/trafficking", "VII")


def test_synonyms_and_spelling_variants() -> None:
    assert "debt bondage" in expand("bonded labour law")
    assert "labor" in expand("forced labour") or "forced labor" in expand("forced labour")
    assert "penalty" in expand("punishment for smuggling")
    assert "trafficking-offence" in detect_topics("human trafficking cases")
    # the words of procedure: a court takes "cognizance" of an offence on a complaint
    assert "cognizance" in expand("who can file a complaint against a child marriage")


def test_the_longer_topic_name_wins() -> None:
    # "minimum age" alone is the employment age; inside "minimum age for marriage" it is not,
    # and its employment synonyms must not pull child-labour law into a marriage question
    assert "minimum-employment-age" in detect_topics("minimum age for employing a domestic worker")
    assert detect_topics("state duty to set a minimum age for marriage") == ["minimum-marriage-age"]
    assert "child labour" not in expand("state duty to set a minimum age for marriage")
    assert "child labour" in expand("minimum age for employing a domestic worker")


def test_a_denied_word_asks_for_nothing() -> None:
    # "non-punishment" of victims is their immunity, not the penalty for an offence
    assert detect_fact_keys("non-punishment of trafficking victims") == set()
    assert detect_fact_keys("victims not punished for crimes they were forced into") == set()
    assert "penalty" not in expand("non-punishment of trafficking victims")
    assert "non-punishment-victims" in detect_topics("non-punishment of trafficking victims")
    # a yes-or-no fact is asked about by either answer
    assert detect_fact_keys("non-bailable offences of trafficking") == {"bailable"}
    assert detect_fact_keys("penalty for trafficking") == {"max_prison_years"}


def test_the_non_punishment_principle_finds_it_not_penalties(kb_lib) -> None:
    top = [(h.instrument_id, h.number) for h in kb_lib.search("non-punishment of trafficking victims").hits[:3]]
    assert top[0] == ("pk/act/2018/ptpa", "6")
    assert ("ilo/protocol/2014/p029", "4") in top


def test_an_age_for_another_purpose_is_not_the_age_asked_for(kb_lib) -> None:
    from qanoon.search.ranking import records_fact

    employment_age = {"topics": ["minimum-employment-age"], "data": {"facts": [{"key": "age", "applies_to": "employment"}]}}
    marriage_age = {"topics": ["minimum-marriage-age"], "data": {"facts": [{"key": "age", "applies_to": "marriage girls"}]}}
    words = frozenset({"duti", "fix", "marriag", "age"})
    assert records_fact(marriage_age, {"age"}, ["minimum-marriage-age"], words)
    assert not records_fact(employment_age, {"age"}, ["minimum-marriage-age"], words)
    assert records_fact(employment_age, {"age"}, ["minimum-marriage-age"], words | {"employ"})  # asked for by name
    assert records_fact(employment_age, {"age"}, [], words)   # a question on no known topic
    top = [(h.instrument_id, h.number) for h in kb_lib.search("duty of states to fix a marriage age").hits[:3]]
    assert ("ilo/convention/1973/c138", "2") not in top and top[0] == ("un/convention/1979/cedaw", "16")


def test_coverage_finds_a_word_in_its_other_forms() -> None:
    from qanoon.search.ranking import Coverage

    # the analyser puts "sale" on "sell" and "women" on "woman": the text has every word asked
    words = frozenset(terms("selling women"))
    assert Coverage(words)({"body": "the sale of women and children"}) == 1.0
    assert Coverage(words)({"body": "the sale of goods"}) < 1.0


def test_coverage_reads_the_words_stored_with_the_record() -> None:
    from qanoon.indexer.cover import distinct_words
    from qanoon.search.ranking import Coverage

    words = frozenset(terms("penalty for smuggling"))
    record = {"heading": "Penalty", "body": "Whoever smuggles migrants shall be punished."}
    assert distinct_words(record) == " be migrants penalty punished shall smuggles whoever"
    assert Coverage(words)(record) == 1.0
    # the index's words are what counts (worked out once when the record was written)
    assert Coverage(words)({**record, "words": " penalty"}) < 1.0


def test_misspelling_gets_a_suggestion(kb_lib) -> None:
    res = kb_lib.search("trafiking")
    assert any("trafficking" in s for s in res.suggestions)


def test_a_misspelling_among_known_words_gets_a_suggestion(kb_lib) -> None:
    # "penalty" alone finds many provisions; the unknown word is still pointed out
    res = kb_lib.search("trafiking penalty")
    assert len(res.hits) >= 3 and res.suggestions == ["trafficking penalty"]
    assert kb_lib.search("trafficking penalty").suggestions == []


def test_no_hits_says_what_to_try(kb_lib) -> None:
    res = kb_lib.search("zzzqqq xxyyzz")
    assert not res.hits and "try" in res.message


@pytest.mark.parametrize("query", ['"unclosed quote', "(unbalanced", "title:foo", "*", "a*", "قانون", "x" * 10000])
def test_odd_queries_are_answered(kb_lib, query: str) -> None:
    res = kb_lib.search(query)
    assert isinstance(res.total, int)


def test_filters(kb_lib) -> None:
    hits = kb_lib.search("domestic workers", Options(jurisdiction=("punjab",), limit=20)).hits
    assert hits and {h.jurisdiction for h in hits} == {"punjab"}
    hits = kb_lib.search("forced labour", Options(type=("convention",), limit=20)).hits
    assert hits and {h.type for h in hits} == {"convention"}


def test_repealed_law_ranks_below_law_in_force(kb_lib) -> None:
    hits = kb_lib.search("trafficking in persons offence", Options(limit=30)).hits
    ids = [h.instrument_id for h in hits]
    assert "pk/ordinance/2002/pachto" not in ids[:3]
    assert ids.index("pk/act/2018/ptpa") < ids.index("pk/ordinance/2002/pachto") if "pk/ordinance/2002/pachto" in ids else True


def test_one_hit_per_provision(kb_lib) -> None:
    hits = kb_lib.search("bonded labour", Options(limit=50)).hits
    keys = [(h.instrument_id, h.number) for h in hits]
    assert len(keys) == len(set(keys))


def test_group_by_instrument(kb_lib) -> None:
    hits = kb_lib.search("child labour", Options(limit=30, group_by="instrument")).hits
    counts: dict[str, int] = {}
    for h in hits:
        counts[h.instrument_id] = counts.get(h.instrument_id, 0) + 1
    assert max(counts.values()) <= 3


def test_facets(kb_lib) -> None:
    res = kb_lib.search("minimum age", Options(facets=True))
    assert {"jurisdiction", "type", "topics"} <= set(res.facets) and sum(res.facets["jurisdiction"].values()) > 0


def test_json_shape(kb_lib) -> None:
    d = kb_lib.search("PTPA s 3").to_dict()
    assert {"query", "total", "hits"} <= set(d)
    hit = d["hits"][0]
    for key in ("id", "instrument_id", "title", "year", "jurisdiction", "type", "number", "unit", "heading",
                "citation", "snippet", "score", "source"):
        assert key in hit
    assert hit["id"] == "pk/act/2018/ptpa/sec_3"


def test_show_provision_and_instrument(kb_lib) -> None:
    prov = kb_lib.show("Constitution Art 11").to_dict()["provision"]
    assert prov["number"] == "11" and prov["facts"] is not None
    inst = kb_lib.show("PSMA").to_dict()
    assert inst["kind"] == "instrument" and inst["instrument"]["id"] == "pk/act/2018/psma" and inst["contents"]
    assert kb_lib.show("pk/act/2018/ptpa/sec_3").hit.number == "3"


def test_show_unknown_is_a_clear_error(kb_lib) -> None:
    from qanoon.search import QanoonError

    with pytest.raises(QanoonError, match="no provision"):
        kb_lib.show("PTPA s 99")


def test_heading_focus_prefers_a_heading_that_names_what_is_asked() -> None:
    from qanoon.indexer.analysis import terms
    from qanoon.search.ranking import heading_focus

    query = set(terms("minimum wage for domestic workers"))
    title = set(terms("Domestic Workers Act, 2019"))

    def focus(heading: str) -> float:
        return heading_focus(set(terms(heading)), title, query)

    # the title already says "domestic workers": a heading naming the rest, and little else, wins
    assert focus("Minimum wage") > focus("Recommendation of minimum wages for domestic workers") > 1.0
    assert focus("Recommendation of minimum wages for domestic workers") > focus("Prohibition to pay below the minimum rate of wages")
    assert focus("Contribution to the fund") == 1.0


def test_coverage_counts_a_synonym_and_weighs_rare_words() -> None:
    from qanoon.indexer.analysis import term_set
    from qanoon.search.query import equivalents
    from qanoon.search.ranking import Coverage

    query = "penalty for employing an illegal immigrant"
    words = term_set(query)
    says_penalty = {"body": "Penalty for employing an illegal immigrant."}
    says_imprisonment = {"body": "Whoever employs an illegal immigrant shall be liable to imprisonment."}
    says_nothing_of_it = {"body": "Whoever employs an illegal immigrant shall report it."}
    # the law's "imprisonment" answers the question's "penalty": as covered as the words themselves
    assert Coverage(words, equivalents(query))(says_imprisonment) == Coverage(words)(says_penalty) == 1.0
    assert Coverage(words, equivalents(query))(says_nothing_of_it) < 1.0
    # a missing rare word costs more than a missing common one
    rarity = dict.fromkeys(words, 1.0) | {next(iter(term_set("immigrant"))): 4.0}
    no_immigrant = {"body": "Penalty for employing an illegal worker."}
    no_illegal = {"body": "Penalty for employing an immigrant."}
    assert Coverage(words, rarity=rarity)(no_illegal) > Coverage(words, rarity=rarity)(no_immigrant)


def test_only_a_true_synonym_met_as_a_phrase_stands_in_for_the_words_typed() -> None:
    from qanoon.indexer.analysis import term_set
    from qanoon.search.query import equivalents
    from qanoon.search.ranking import Coverage

    query = "money laundering of proceeds from human trafficking"
    words = term_set(query)
    # a topic's other names ("attachment of property") widen the search but are not synonyms
    assert not any(set(term_set("attachment of property")) == set(alt) for _, alts in equivalents(query) for alt in alts)
    # "trafficking in persons" answers "human trafficking" as a phrase, not as words scattered
    # over the title and the text
    phrase = {"title": "Money Laundering Act", "body": "the proceeds of trafficking in persons"}
    scattered = {"title": "Money Laundering Act for Persons", "body": "the proceeds of trafficking"}
    assert Coverage(words, equivalents(query))(phrase) == 1.0
    assert Coverage(words, equivalents(query))(scattered) < 1.0
    # in order, at most two words apart: "trafficking of the persons" still says it, but not with
    # three words between, nor in the other order
    near = {"title": "Money Laundering Act", "body": "the proceeds of trafficking of the persons"}
    far = {"title": "Money Laundering Act", "body": "the proceeds of trafficking of all the persons"}
    backwards = {"title": "Money Laundering Act", "body": "the proceeds of persons trafficking"}
    assert Coverage(words, equivalents(query))(near) == 1.0
    assert Coverage(words, equivalents(query))(far) < 1.0 and Coverage(words, equivalents(query))(backwards) < 1.0


def test_words_of_how_people_ask_are_not_what_they_ask_about(kb_lib) -> None:
    from qanoon.search.query import understand

    u = understand("can parents still sell their child into labour", kb_lib.names)
    assert u.terms == ["parent", "sell", "child", "labour"]


def test_a_heading_naming_the_question_in_other_words_is_focused() -> None:
    from qanoon.indexer.analysis import term_set
    from qanoon.search.query import equivalents
    from qanoon.search.ranking import heading_focus, in_query_words

    query = "definition of trafficking in persons"
    words, title = term_set(query), term_set("Trafficking in Persons Protocol")
    use_of_terms = in_query_words(term_set("Use of terms"), equivalents(query))
    assert heading_focus(use_of_terms, title, words) == heading_focus(term_set("Definitions"), title, words) > 1.0
    assert heading_focus(term_set("Use of terms"), title, words) == 1.0   # without the synonym: not focused


def test_heading_focus_orders_provisions_within_an_instrument_not_instruments() -> None:
    from qanoon.search.engine import focus_within_instruments

    def rec(iid: str, heading: str) -> dict:
        return {"instrument_id": iid, "heading": heading, "title": "Domestic Workers Act" if iid == "a" else "Penal Code"}

    scored = [(10.0, rec("a", "Recommendation of committee")), (8.0, rec("a", "Minimum wage")), (9.0, rec("b", "Minimum wage"))]
    after = {(f["instrument_id"], f["heading"]): s for s, f in focus_within_instruments(scored, {"minimum", "wage"})}
    assert after[("a", "Minimum wage")] > after[("a", "Recommendation of committee")]
    assert after[("b", "Minimum wage")] == 9.0 and after[("a", "Minimum wage")] == 8.0   # best-focused keep their score


@pytest.mark.parametrize(("query", "instrument", "number"), [
    # acronyms of bodies and licences are searched as what they stand for
    ("BE&OE", "pk/ordinance/1979/emigration", "3"),
    ("OEP", "pk/ordinance/1979/emigration", "12"),
    ("FIA", "pk/act/1974/fia", "3"),
    # a question for a fact finds the provision that records it
    ("minimum age for domestic work in Punjab", "pk-punjab/act/2019/domestic-workers", "3"),
    ("is smuggling of migrants bailable", "pk/act/2018/psma", "9"),
])
def test_the_provision_asked_for_is_in_the_top_three(kb_lib, query: str, instrument: str, number: str) -> None:
    top = [(h.instrument_id, h.number) for h in kb_lib.search(query).hits[:3]]
    assert (instrument, number) in top


def test_an_acronym_of_a_body_does_not_narrow_search_to_one_instrument(kb_lib) -> None:
    found = {h.instrument_id for h in kb_lib.search("FIA investigates migrant smuggling").hits[:5]}
    assert "pk/act/2018/psma" in found


def test_formal_provisions_rank_low_unless_asked_for(kb_lib) -> None:
    # "Repeal and Savings" names the 1938 Employment of Children Act; it is not the answer
    assert kb_lib.search("employment of children").hits[0].heading != "Repeal and Savings"
    assert kb_lib.search("power to make rules under the emigration ordinance").hits[0].heading == "Power to make rules"


def test_a_named_law_with_nothing_inside_is_searched_for_elsewhere(kb_lib) -> None:
    res = kb_lib.search("repeal of PACHTO")
    assert (res.hits[0].instrument_id, res.hits[0].number) == ("pk/act/2018/ptpa", "16")
    assert "searched every instrument" in res.interpreted_as


def test_a_citation_query_returns_the_provision_alone(kb_lib) -> None:
    res = kb_lib.search("Art 11 Constitution", Options(limit=10))
    assert [h.citation for h in res.hits] == ["Constitution of the Islamic Republic of Pakistan, 1973, Art. 11"]


def test_a_named_province_missing_from_the_results_is_said(kb_lib) -> None:
    from qanoon.search.engine import own_law

    # the knowledge base holds only ss. 1-2 of Sindh's bonded labour Act: the federal penalties
    # lead, and the answer must not let them pass for Sindh's
    res = kb_lib.search("Sindh bonded labour punishment", Options(limit=3))
    assert all(h.jurisdiction != "sindh" for h in res.hits)
    assert "nothing from Sindh among these results; --jurisdiction sindh" in res.message
    assert "nothing from" not in kb_lib.search("Punjab domestic workers minimum wage", Options(limit=3)).message
    # federal law is the capital territory's own (Constitution Art. 142(d))
    assert own_law(["ict"]) == {"ict", "federal"} and own_law(["sindh"]) == {"sindh"}


def test_organized_does_not_find_organ_transplants(kb_lib) -> None:
    # "organized" shared the stem of "organ": nine of its ten hits were the transplantation Act
    hits = kb_lib.search("organized", Options(limit=10)).hits
    assert hits and not any("Transplantation" in h.title for h in hits)
    assert any("Organized Crime" in h.title or "organised" in (h.summary or "").lower() for h in hits)


@pytest.mark.parametrize(("query", "suggestion"), [
    ("trafiking penalty", "trafficking penalty"),   # a typo keeps its first letter
    ("bonded labur", "bonded labour"),
    ("fake visa", None),                             # a real word is not "corrected" to another ("fate")
    ("chid labour", "child labour"),                 # a short word with a letter dropped is a typo
    ("benami", None),                                # nor is a word of Urdu legal usage ("became")
])
def test_did_you_mean_corrects_typos_not_words(kb_lib, query: str, suggestion: str | None) -> None:
    assert kb_lib.search(query).suggestions == ([suggestion] if suggestion else [])


def test_no_hits_but_a_correction_that_has_some_shows_them(kb_lib) -> None:
    res = kb_lib.search("smugglng")
    assert res.hits and res.hits[0].instrument_id == "pk/act/2018/psma"
    assert res.interpreted_as == "no results for 'smugglng'; showing results for 'smuggling'"


@pytest.mark.parametrize(("query", "kind", "says"), [
    ("does Punjab have its own trafficking law", "own-law",
     "No law of its own on trafficking offence: in Punjab the federal Prevention of Trafficking in Persons Act, 2018 applies."),
    ("does KPK have its own bonded labour law", "own-law", "Yes: Khyber Pakhtunkhwa has its own law on bonded labour abolition"),
    ("what has Pakistan not ratified", "ratification", "Domestic Workers Convention, 2011 (No. 189): not a party"),
    ("difference between trafficking and smuggling", "difference", "Crossing a border: PTPA: "),
    ("minimum marriage age in each province", "across", "  Khyber Pakhtunkhwa: 16 years (CMRA s. 2(a))"),
])
def test_questions_about_the_law_as_a_whole_get_a_direct_answer(kb_lib, query: str, kind: str, says: str) -> None:
    a = kb_lib.search(query).answer
    assert a and a["kind"] == kind and a["more"].startswith("qanoon ")
    assert any(line.startswith(says) for line in a["lines"]), a["lines"]


def test_a_question_about_one_provision_gets_no_direct_answer(kb_lib) -> None:
    assert kb_lib.search("punishment for trafficking a child").answer is None
    assert kb_lib.search("who investigates migrant smuggling").answer is None
