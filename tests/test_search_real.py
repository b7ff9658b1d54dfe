"""Query understanding on real texts: citations, synonyms, spellings and suggestions answered from
full texts ingested beside the knowledge base (files from ../shared/corpus, read once)."""

from __future__ import annotations

from pathlib import Path

import pytest
from qanoon.search import Library, Options

from tests.conftest import CORPUS, needs_shared

pytestmark = needs_shared

FILES = [
    "pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json",
    "pk/federal_prevention-of-smuggling-of-migrants-act-2018_consolidated.json",
    "pk/federal_pakistan-penal-code-1860.md",
    "pk/federal_bonded-labour-system-abolition-act-1992_consolidated.json",
    "intl/un_trafficking-in-persons-protocol-2000.nl-treatydb.md",
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("real-home"))
    report = library.ingest([CORPUS / f for f in FILES], workers=1)
    assert [o.status for o in report.outcomes] == ["indexed"] * len(FILES)
    return library


def full_text(hit) -> bool:
    """The hit is shown from an ingested text, not from our summary alone."""
    return hit.version != "knowledge base" and bool(hit.text)


@pytest.mark.parametrize(("query", "instrument", "unit"), [
    ("PTPA s 3", "pk/act/2018/ptpa", "3"),
    ("s. 3(2) PTPA", "pk/act/2018/ptpa", "3(2)"),
    ("section 8 of the Prevention of Trafficking in Persons Act", "pk/act/2018/ptpa", "8"),
    ("PSMA s 6", "pk/act/2018/psma", "6"),
    ("PPC 371A", "pk/act/1860/ppc", "371A"),
    ("Article 3 Palermo Protocol", "un/protocol/2000/tip-protocol", "3"),
    # as Pakistani texts and charge sheets write them
    ("371-A PPC", "pk/act/1860/ppc", "371A"),
    ("u/s 366-B P.P.C.", "pk/act/1860/ppc", "366B"),
    ("PTPA section 3(2)", "pk/act/2018/ptpa", "3(2)"),
])
def test_citations_go_to_the_provision_in_the_full_text(lib: Library, query: str, instrument: str, unit: str) -> None:
    hit = lib.search(query).hits[0]
    assert (hit.instrument_id, hit.unit) == (instrument, unit) and hit.score == 1000.0
    assert full_text(hit)


@pytest.mark.parametrize(("query", "instrument", "number"), [
    ("human trafficking", "pk/act/2018/ptpa", "3"),          # = trafficking in persons
    ("people smuggling", "pk/act/2018/psma", "3"),           # = smuggling of migrants
    ("debt bondage", "pk/act/1992/bonded-labour", "4"),      # = bonded labour
    ("bonded labor system abolished", "pk/act/1992/bonded-labour", "4"),   # American spelling
])
def test_synonyms_and_spellings_reach_the_real_provision(lib: Library, query: str, instrument: str, number: str) -> None:
    top = [(h.instrument_id, h.number) for h in lib.search(query, Options(limit=5)).hits]
    assert (instrument, number) in top


def test_selling_a_person_for_prostitution_finds_the_penal_code_section(lib: Library) -> None:
    hits = lib.search("selling a person for prostitution", Options(limit=5)).hits
    assert ("pk/act/1860/ppc", "371A") in [(h.instrument_id, h.number) for h in hits]
    assert full_text(next(h for h in hits if h.number == "371A"))


def test_the_section_in_force_ranks_above_the_one_it_replaced(lib: Library) -> None:
    ppc = [h.number for h in lib.search("buying a minor for prostitution").hits if h.instrument_id == "pk/act/1860/ppc"]
    assert ppc.index("371B") < ppc.index("373")


def test_a_misspelling_is_corrected_from_the_words_of_the_texts(lib: Library) -> None:
    res = lib.search("trafiking of migrnts")
    assert res.suggestions and "trafficking" in res.suggestions[0]


def test_facets_count_the_full_texts(lib: Library) -> None:
    res = lib.search("smuggling of migrants", Options(facets=True))
    assert res.facets["jurisdiction"].get("federal", 0) > 0 and res.facets["type"].get("act", 0) > 0


def test_versions_collapse_into_one_hit_per_provision(lib: Library) -> None:
    hits = lib.search("trafficking in persons", Options(limit=40)).hits
    keys = [(h.instrument_id, h.number) for h in hits]
    assert len(keys) == len(set(keys))
    ptpa3 = next(h for h in hits if (h.instrument_id, h.number) == ("pk/act/2018/ptpa", "3"))
    assert full_text(ptpa3) and "knowledge base" in ptpa3.other_versions


def test_home_is_not_the_source_tree(lib: Library) -> None:
    assert Path(__file__).resolve().parent.parent not in Path(lib.home).resolve().parents
