"""The structure parser on the real documents in ../shared/corpus, checked against the section
lists of their ``_consolidated.json`` twins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from qanoon.indexer import readers
from qanoon.indexer.clean import clean_text
from qanoon.indexer.knowledge import default
from qanoon.indexer.metadata import detect
from qanoon.indexer.structure.tree import MAIN_KINDS, parse

from tests.conftest import needs_shared, read_cached, shared_file

pytestmark = needs_shared


def sections(path: Path) -> dict[str, str]:
    doc = read_cached(path)
    doc = doc.with_text(clean_text(doc.text), doc.page_offsets)
    meta = detect(doc, default())
    res = parse(doc.text, meta.title)
    out: dict[str, str] = {}
    for unit in res.units:
        for p, _ in unit.walk():
            if p.kind in MAIN_KINDS:
                out.setdefault(p.num.upper(), p.heading)
    return out


def twin_sections(rel: str) -> list[str]:
    data = json.loads(shared_file(rel).read_text(encoding="utf-8"))
    return [p["section"].upper() for p in data["provisions"] if re.fullmatch(r"\d+[A-Z]*", p["section"].upper())]


@pytest.mark.parametrize(("pdf", "twin"), [
    ("pk/federal_passports-act-1974.pdf", "pk/federal_passports-act-1974_consolidated.json"),
    ("pk/federal_emigration-ordinance-1979.pdf", "pk/federal_emigration-ordinance-1979_consolidated.json"),
    ("pk/federal_bonded-labour-system-abolition-act-1992.pdf", "pk/federal_bonded-labour-system-abolition-act-1992_consolidated.json"),
    ("pk/federal_prevention-of-smuggling-of-migrants-act-2018_gazette.pdf",
     "pk/federal_prevention-of-smuggling-of-migrants-act-2018_consolidated.json"),
])
def test_every_section_of_the_twin_is_found(pdf: str, twin: str) -> None:
    found = sections(shared_file(pdf))
    missing = [s for s in twin_sections(twin) if s not in found]
    assert not missing, f"{pdf}: sections not found: {missing}"


def test_punjab_domestic_workers_act_sections_1_to_39() -> None:
    found = sections(shared_file("pk/punjab_domestic-workers-act-2019.pdf"))
    assert list(found) == [str(n) for n in range(1, 40)]
    assert found["3"] == "Prohibition on employment"


def test_trafficking_protocol_articles_once_each_without_the_dutch_copy() -> None:
    path = shared_file("intl/un_trafficking-in-persons-protocol-2000.nl-treatydb.md")
    doc = readers.read(path)
    res = parse(clean_text(doc.text), "Protocol")
    arts = [p.num for u in res.units for p, _ in u.walk() if p.kind == "article"]
    assert arts == [str(n) for n in range(1, 21)]


def test_saarc_convention_roman_articles() -> None:
    found = sections(shared_file("intl/saarc_convention-preventing-combating-trafficking-women-children-prostitution-2002.pdf"))
    assert list(found) == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
    assert found["VII"] == "EXTRADITION OR PROSECUTION"


def test_amendment_markers_are_kept_in_the_text() -> None:
    doc = readers.read(shared_file("pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json"))
    res = parse(clean_text(doc.text), "Prevention of Trafficking in Persons Act, 2018")
    s3 = next(p for u in res.units for p, _ in u.walk() if p.kind == "section" and p.num == "3")
    assert "Act No. IX of 2025" in s3.full_text and "1[" in s3.full_text


@pytest.mark.parametrize(("rel", "num", "heading"), [
    ("pk/federal_prevention-of-smuggling-of-migrants-act-2018_consolidated.json", "8", "Non-criminalization of smuggled migrants"),
    ("pk/federal_constitution-of-pakistan-1973_consolidated.json", "13", "Protection against double punishment and self-incrimination"),
    ("pk/federal_constitution-of-pakistan-1973_consolidated.json", "54", "Summoning and prorogation of Majlis-e-Shoora (Parliament)"),
    ("pk/federal_pakistan-penal-code-1860_consolidated.json", "498B", "Prohibition of forced marriage"),
])
def test_consolidated_titles_cut_at_a_line_break_are_whole(rel: str, num: str, heading: str) -> None:
    """The consolidated records cut a title where the printed line broke ("Section 8. Non" and
    "criminalization of smuggled migrants.___ Without..."): search showed "Non" as the heading."""
    doc = readers.read(shared_file(rel))
    res = parse(clean_text(doc.text), doc.title_hint)
    found = {p.num: p.heading for u in res.units for p, _ in u.walk() if p.kind in {"section", "article"}}
    assert found[num] == heading


@pytest.mark.parametrize(("rel", "instrument_id", "jurisdiction"), [
    ("pk/federal_prevention-of-trafficking-in-persons-act-2018_consolidated.json", "pk/act/2018/ptpa", "federal"),
    ("pk/federal_prevention-of-trafficking-in-persons-act-2018_ocr.md", "pk/act/2018/ptpa", "federal"),
    ("pk/punjab_domestic-workers-act-2019.pdf", "pk-punjab/act/2019/domestic-workers", "punjab"),
    ("intl/un_trafficking-in-persons-protocol-2000.nl-treatydb.md", "un/protocol/2000/tip-protocol", "international"),
    ("html/bd_labour-act-2006.bdlaws.html", None, "bangladesh"),
    # same title, two jurisdictions: the extent clause tells the federal Act from Punjab's
    ("pk/federal_bonded-labour-system-abolition-act-1992.pdf", "pk/act/1992/bonded-labour", "federal"),
    ("pk/federal_bonded-labour-system-abolition-act-1992_consolidated.json", "pk/act/1992/bonded-labour", "federal"),
    ("pk/punjab_bonded-labour-system-abolition-act-1992-as-amended-punjab.pdf", "pk-punjab/act/1992/bonded-labour", "punjab"),
    ("html/pk-federal_constitution-1973-part2-ch1-fundamental-rights.pakistani-org.html", "pk/constitution/1973/constitution", "federal"),
])
def test_versions_of_one_instrument_share_its_id(rel: str, instrument_id: str | None, jurisdiction: str) -> None:
    meta = detect(readers.read(shared_file(rel)), default())
    assert meta.jurisdiction == jurisdiction
    if instrument_id:
        assert meta.id == instrument_id


@pytest.mark.parametrize(("rel", "title"), [
    # "shall be called" in an amending Act's short-title clause
    ("pk/ict_child-protection-amendment-act-2022_gazette.pdf", "Islamabad Capital Territory Child Protection (Amendment) Act, 2022"),
    ("pk/federal_juvenile-justice-system-amendment-act-2022_gazette.pdf", "Juvenile Justice System (Amendment) Act, 2022"),
    # an OCR text too garbled for any title line: the file name, without "federal_" and "_gazette"
    ("pk/federal_criminal-law-second-amendment-act-2016_gazette.pdf", "Criminal Law Second Amendment Act 2016"),
    # a joint statement with its title in front matter and again in the text
    ("intl/other_bali-process-2nd-ministerial-conference-joint-statement-au-2003.txt",
     "Second Regional Ministerial Conference on People Smuggling, Trafficking in Persons and Related Transnational Crime"),
])
def test_titles_of_gazettes_and_statements(rel: str, title: str) -> None:
    assert detect(read_cached(shared_file(rel)), default()).title == title


@pytest.mark.parametrize(("rel", "expected"), [
    ("pk/federal_constitution-of-pakistan-1973.md", {
        "144": "Power of Majlis-e-Shoora (Parliament) to legislate for one or more Provinces by consent",
        "174": "Suits and proceedings", "206": "Resignation"}),
    ("pk/federal_pakistan-penal-code-1860.md", {
        "171B": "Bribery", "171D": "Personation at elections", "223": "Escape from confinement or custody negligently suffered by public servant",
        "332": "Hurt"}),
    ("pk/federal_emigration-ordinance-1979.pdf", {"27": "Saving"}),
    ("pk/federal_zainab-alert-recovery-and-response-act-2020_gazette.pdf", {
        "1": "Short title, extent and commencement", "4": "Superintendence and administration of ZARRA"}),
    ("pk/federal_anti-money-laundering-act-2010.pdf", {"2": "Definitions", "7I": "Sanctions for reporting entities"}),
    ("pk/federal_prevention-of-smuggling-of-migrants-act-2018_gazette.pdf", {
        "5": "Offence of harbouring illegal residents for benefit"}),
])
def test_headings_of_sections_the_parser_used_to_miss(rel: str, expected: dict[str, str]) -> None:
    found = sections(shared_file(rel))
    assert {num: found.get(num) for num in expected} == expected


def test_dutch_status_line_is_not_taken_for_article_headings() -> None:
    # ilo_c189 (Dutch treaty database) repeats "Treedt in werking op een nader te bepalen tijdstip"
    # under every "### Article N".
    path = shared_file("intl/ilo_c189-domestic-workers-convention-2011.nl-treatydb.md")
    res = parse(clean_text(readers.read(path).text), "Domestic Workers Convention")
    arts = [p for u in res.units for p, _ in u.walk() if p.kind == "article"]
    assert [a.num for a in arts] == [str(n) for n in range(1, 28)]
    assert not any("Treedt in werking" in a.heading or "Treedt in werking" in a.full_text for a in arts)


@pytest.mark.parametrize("rel", [
    "intl/ilo_c182-worst-forms-of-child-labour-convention-1999.pdf",
    "intl/ilo_c029-forced-labour-convention-1930.pdf",
    "pk/sindh_home-based-workers-act-2018.pdf",
])
def test_pdf_text_is_read_in_page_order_so_no_unit_is_left_empty(rel: str) -> None:
    """pdfminer's default flow put some articles' text before their "Article N" line."""
    doc = read_cached(shared_file(rel))
    res = parse(clean_text(doc.text), detect(doc, default()).title)
    units = [p for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS]
    assert units and not [p.num for p in units if not p.full_text.strip()]


def test_a_child_of_14_or_below_is_recorded_as_under_15() -> None:
    # gaps compare every definition of child as the age below which a person is a child
    text = read_cached(shared_file("pk/sindh_home-based-workers-act-2018.pdf")).text
    assert re.search(r"child\W{0,3}\s*means a person who is 14 years or below", text)
    sec2 = default().get("pk-sindh/act/2018/home-based-workers").provision("2")
    assert [f.value for f in sec2.facts if f.key == "age"] == [15]
