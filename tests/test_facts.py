"""Fact extraction from the real texts (the consolidated JSON contents are fed in directly)."""

from __future__ import annotations

import json
import re

import pytest
from qanoon.indexer.facts import extract, words_to_number

from tests.conftest import needs_shared, shared_file


@pytest.mark.parametrize(("words", "number"), [
    ("fourteen", 14), ("one million", 1_000_000), ("ten million", 10_000_000), ("fifty thousand", 50_000),
    ("5,00,000", 500_000), ("two hundred", 200), ("twenty-one", 21), ("nonsense", None),
])
def test_words_to_number(words: str, number: int | None) -> None:
    assert words_to_number(words) == number


def facts(text: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in extract(text, "c"):
        assert f.extracted and f.citation == "c"
        out.setdefault(f.key, []).append(f.value)
    return out


def section(rel: str, num: str) -> str:
    data = json.loads(shared_file(rel).read_text(encoding="utf-8"))
    return next(p["content"] for p in data["provisions"] if p["section"] == num)


def test_alternative_penalty_wording() -> None:
    f = facts("shall be punished with imprisonment which may extend to seven years or with fine which may extend to one million rupees or with both.")
    assert f == {"max_prison_years": [7], "max_fine_pkr": [1_000_000], "fine_or_prison": ["either_or_both"]}


def test_age_in_a_definition() -> None:
    f = extract('(a) "child" means a person who has not attained the age of fifteen years;', "c")
    assert [(x.key, x.value, x.applies_to) for x in f] == [("age", 15, "child")]


PTPA = "pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json"
PSMA = "pk/federal_prevention-of-smuggling-of-migrants-act-2018_consolidated.json"


@needs_shared
@pytest.mark.parametrize(("rel", "num", "expected"), [
    ("pk/federal_employment-of-children-act-1991_consolidated.json", "2", {"age": [18, 14]}),
    ("pk/ict_domestic-workers-act-2022_consolidated.json", "3", {"age": [16]}),
    (PTPA, "3", {"max_prison_years": [10, 14], "max_fine_pkr": [1_000_000, 2_000_000], "fine_or_prison": ["cumulative"]}),
    (PTPA, "4", {"min_prison_years": [14], "max_fine_pkr": [2_000_000], "fine_or_prison": ["cumulative"]}),
    (PSMA, "3", {"max_prison_years": [10], "max_fine_pkr": [10_000_000], "fine_or_prison": ["cumulative"]}),
    (PSMA, "4", {"max_prison_years": [10], "min_prison_years": [3], "max_fine_pkr": [5_000_000], "fine_or_prison": ["cumulative"]}),
    (PSMA, "5", {"max_prison_years": [5], "min_prison_years": [2], "max_fine_pkr": [2_000_000], "fine_or_prison": ["cumulative"]}),
    (PSMA, "6", {"max_prison_years": [14], "min_prison_years": [7], "max_fine_pkr": [10_000_000], "fine_or_prison": ["cumulative"]}),
    (PTPA, "9", {"cognizable": [True], "bailable": [False]}),
    (PSMA, "11", {"investigating_agency": ["FIA"]}),
])
def test_facts_from_consolidated_texts(rel: str, num: str, expected: dict) -> None:
    assert facts(section(rel, num)) == expected


@needs_shared
def test_punjab_domestic_workers_act_s3_age_15() -> None:
    from qanoon.indexer import readers
    from qanoon.indexer.clean import clean_text
    from qanoon.indexer.structure.tree import parse

    doc = readers.read(shared_file("pk/punjab_domestic-workers-act-2019.pdf"))
    s3 = next(p for u in parse(clean_text(doc.text)).units for p, _ in u.walk() if p.kind == "section" and p.num == "3")
    assert facts(s3.full_text).get("age") == [15]


@needs_shared
def test_ptpa_penalties_as_enacted_from_the_gazette_ocr() -> None:
    text = shared_file("pk/federal_prevention-of-trafficking-in-persons-act-2018_ocr.md").read_text(encoding="utf-8")
    s3 = text[text.index("# Trafficking in persons"): text.index("# In this section")]
    f = facts(s3)
    assert f["max_prison_years"] == [7, 10] and f["max_fine_pkr"] == [1_000_000] and f["fine_or_prison"] == ["either_or_both"]
    assert re.search(r"seven years", s3)
