"""The structure parser on strings shaped like the real texts (heading rows, numbers, trees)."""

from __future__ import annotations

import pytest

from indexer.structure.eids import clean_num, provision_eid
from indexer.structure.headings import match_heading, order_key, roman_to_int, split_heading
from indexer.structure.tree import MAIN_KINDS, parse


@pytest.mark.parametrize(
    ("line", "style", "kind", "num"),
    [
        ("3. Trafficking in persons.-(1) Any person who recruits", "section", "section", "3"),  # gazette form
        ("13A. Power to exempt.— The Government may", "section", "section", "13A"),  # lettered insertion
        ("1[6. Inserted section.— text", "section", "section", "6"),  # amendment marker before the number
        ("2[ 13B. Another.— text", "section", "section", "13B"),
        ("Article 3", "article", "article", "3"),
        ("ARTICLE VII", "article", "article", "VII"),  # SAARC prints Roman article numbers
        ("Article  II", "article", "article", "II"),  # doubled space from PDF layout
        ("Art. 25A Right to education", "article", "article", "25A"),
        ("PART II", "section", "part", "II"),
        ("Chapter-I", "section", "chapter", "I"),  # Emigration Ordinance 1979
        ("CHAPTER III - OFFENCES", "section", "chapter", "III"),
        ("THE SCHEDULE", "section", "schedule", ""),
        ("SECOND SCHEDULE", "section", "schedule", "SECOND"),
        ("Section 19. \"Judge\".", "section", "section", "19"),  # PPC markdown
        ("11 Slavery, forced labour, etc. prohibited", "article", "article", "11"),  # Constitution markdown
        ("Rule 5. Licence fee.— text", "rule", "rule", "5"),
        ("l. Shor( title; ctlenl and com metrcemeol.-{ I ) This Act", "section", "section", "1"),  # OCR "l." (PSMA gazette)
        ("I6. Act notirn derogation.-The provisions", "section", "section", "16"),  # OCR "I6."
        ("337-A. Shajjah.— text", "section", "section", "337A"),  # hyphenated letter (pakistani.org PPC)
    ],
)
def test_heading_lines(line: str, style: str, kind: str, num: str) -> None:
    m = match_heading(line, style)
    assert m is not None and (m.kind, m.num) == (kind, num)


@pytest.mark.parametrize(
    "line",
    [
        "1.5 per cent of the wages",  # a decimal, not a section
        "The Government may, by notification,",  # running text
        "Artikel 3",  # a translation: recognised, but as foreign
    ],
)
def test_not_headings(line: str) -> None:
    m = match_heading(line, "section")
    assert m is None or m.foreign


@pytest.mark.parametrize(
    ("rest", "heading", "text"),
    [
        ("Trafficking in persons.-(1) Any person", "Trafficking in persons", "(1) Any person"),
        ("Definitions.— In this Act,", "Definitions", "In this Act,"),
        ("Short title, extent and commencement.__ (1) This Act", "Short title, extent and commencement", "(1) This Act"),
        ("Definitions:In this Ordinance", "Definitions", "In this Ordinance"),
        ("Punishment.", "Punishment", ""),
    ],
)
def test_split_heading(rest: str, heading: str, text: str) -> None:
    h, t, found = split_heading(rest)
    assert (h, t, found) == (heading, text, True)


@pytest.mark.parametrize(
    ("num", "cleaned"),
    [("(1)", "1"), ("13B", "13b"), (" VII ", "vii"), ("3(2)", "3-2"), ("", "nn")],
)
def test_clean_num(num: str, cleaned: str) -> None:
    assert clean_num(num) == cleaned


def test_eids_nest() -> None:
    assert provision_eid("subsection", "1", "sec_3") == "sec_3__subsec_1"
    assert provision_eid("clause", "a", "sec_3__subsec_1") == "sec_3__subsec_1__para_a"
    assert provision_eid("article", "VII") == "art_vii"


def test_order_and_roman() -> None:
    assert roman_to_int("XIV") == 14 and roman_to_int("IX") == 9 and roman_to_int("3") is None
    assert order_key("13A") > order_key("13") and order_key("VII") == (7, "")


def _sections(text: str, title: str = "") -> dict[str, str]:
    res = parse(text, title)
    return {p.num: p.heading for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS}


def test_contents_list_is_not_taken_for_sections() -> None:
    text = (
        "THE TEST ACT, 2020\nCONTENTS\n1. Short title\n2. Definitions\n3. Offence\n"
        "1. Short title.— This Act may be called the Test Act, 2020.\n"
        "2. Definitions.— In this Act the words below mean what they say here and nothing else.\n"
        "3. Offence.— Whoever does the forbidden thing shall be punished under this Act.\n"
    )
    res = parse(text)
    secs = [p for u in res.units for p, _ in u.walk() if p.kind == "section"]
    assert [s.num for s in secs] == ["1", "2", "3"]
    assert "forbidden thing" in secs[2].full_text


def test_heading_printed_before_its_number() -> None:
    # Punjab Code layout: "Heading.– (1) text" then the number on its own line.
    text = (
        "Short title and commencement.– (1) This Act may be cited as the Demo Act 2019.\n1.\n"
        "(2) It comes into force at once.\n"
        "Prohibition on employment.– No child under fifteen shall be employed in a household.\n3.\n"
        "Definitions.– In this Act words mean what they mean in ordinary usage of English.\n2.\n"
    )
    secs = _sections(text)
    assert secs.get("1") == "Short title and commencement"


def test_subsections_and_clauses() -> None:
    text = (
        "3. Offence.— (1) Whoever recruits a person for exploitation commits an offence.\n"
        "(2) In this section—\n(a) \"exploitation\" includes forced labour;\n(b) \"person\" includes a child.\n"
    )
    res = parse(text)
    sec = res.units[0]
    assert [c.eid for c in sec.children] == ["sec_3__subsec_1", "sec_3__subsec_2"]
    assert [c.eid for c in sec.children[1].children] == ["sec_3__subsec_2__para_a", "sec_3__subsec_2__para_b"]


def test_parts_and_chapters_nest_sections() -> None:
    text = "PART I\nPRELIMINARY\n1. Short title.— text of the first section here.\nPART II\nOFFENCES\n2. Offence.— text of the second section here.\n"
    res = parse(text)
    assert [u.kind for u in res.units] == ["part", "part"]
    assert res.units[1].children[0].eid == "sec_2"


def test_translation_after_english_is_left_out() -> None:
    text = (
        "Article 1\nPurpose\nThe purpose of this Protocol is to prevent harm.\n"
        "Article 2\nScope\nIt applies to the offences set out here.\n"
        "Artikel 1\nDoel\nHet doel van dit Protocol is schade te voorkomen.\n"
        "Artikel 2\nToepassingsgebied\nHet is van toepassing op de strafbare feiten.\n"
    )
    res = parse(text, "Protocol")
    arts = [p.num for u in res.units for p, _ in u.walk() if p.kind == "article"]
    assert arts == ["1", "2"]
    assert any("translation" in w for w in res.warnings)


def test_lost_section_number_is_recovered_from_order() -> None:
    text = (
        "1. Short title.— This Act may be called the Gap Act, 2020, for all purposes.\n"
        "Abolition of the system.— (1) The system stands abolished on the commencement of the Act.\n"
        "3. Penalty.— Whoever keeps the system alive is punished under this Act and other law.\n"
    )
    assert _sections(text) == {"1": "Short title", "2": "Abolition of the system", "3": "Penalty"}


def test_unstructured_text_is_kept_as_one_unit() -> None:
    res = parse("just some words with no numbered units at all")
    assert res.units[0].kind == "unit" and res.warnings


def test_lost_letters_are_restored_from_order() -> None:
    # The PPC Markdown export prints 337-A, 337-B as "Section 337- ...".
    text = (
        "### Section 337. Shajjah:\nWhoever causes hurt to the head or face is said to cause shajjah.\n"
        "### Section 337- Punishment of shajjah:\nWhoever causes shajjah shall be liable to arsh.\n"
        "### Section 337- Jurh:\nWhoever causes hurt on any part of the body other than the head is said to cause jurh.\n"
        "### Section 338. Isqat-i-Hamal:\nWhoever causes a woman with child to miscarry is said to cause isqat.\n"
    )
    assert list(_sections(text.replace("### ", ""))) == ["337", "337A", "337B", "338"]


def test_text_without_numbers_is_split_by_known_headings() -> None:
    # An OCR export that kept the headings but lost every section number (the PTPA gazette's).
    text = (
        "Short title, extent and commencement:\n(1) This Act may be called the Demo Act.\n"
        "Definitions\nIn this Act words mean what they say.\n"
        "Trafficking in persons\nWhoever traffics a person commits an offence.\n"
    )
    known = {"1": "Short title, extent and commencement", "2": "Definitions", "3": "Trafficking in persons", "4": "Aggravating circumstances"}
    res = parse(text, known=known)
    assert {p.num: p.heading for u in res.units for p, _ in u.walk() if p.kind == "section"} == {
        "1": "Short title, extent and commencement", "2": "Definitions", "3": "Trafficking in persons"}
    assert any("numbered from the knowledge base" in w for w in res.warnings)
