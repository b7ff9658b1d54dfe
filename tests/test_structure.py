"""The structure parser on strings shaped like the real texts (heading rows, numbers, trees)."""

from __future__ import annotations

import pytest
from qanoon.indexer.structure.eids import clean_num, provision_eid
from qanoon.indexer.structure.headings import match_heading, order_key, roman_to_int, split_heading
from qanoon.indexer.structure.tree import MAIN_KINDS, parse


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
        "Chapter XVI shall be liable to punishment of ta'zir",  # a wrapped sentence citing a chapter (PPC s. 109)
        "Part III of this Act applies",
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


@pytest.mark.parametrize(
    ("rest", "heading", "text"),
    [
        # a footnote number between the full stop and the dash (AML Act PDF)
        ("Penalties for reporting firms.12– If any firm fails", "Penalties for reporting firms", "If any firm fails"),
        # no space after the full stop (Emigration Ordinance PDF)
        ("Saving.Nothing in this Act applies to envoys.", "Saving", "Nothing in this Act applies to envoys."),
        # OCR lost the ".—"; a capital "Whoever" can only start the text (PSMA gazette)
        ("Offence of hiding migrants for gain Whoever hides", "Offence of hiding migrants for gain", "Whoever hides"),
        # a colon inside a heading that a dash closes later (OCR of the ECA gazette)
        ("Modified: Use of Other Laws on Penalties.—(1) Where", "Modified: Use of Other Laws on Penalties", "(1) Where"),
    ],
)
def test_split_heading_quirks(rest: str, heading: str, text: str) -> None:
    assert split_heading(rest) == (heading, text, True)


def test_heading_loses_footnote_markers() -> None:
    # Constitution Markdown: "Power of 335[Majlis-e-Shoora (Parliament)] 335 to legislate..."
    text = (
        "12\nPower of 41[the Assembly (Council)] 41 to decide for 42[two] 42 or more Districts by consent.\n"
        "(1) If two District Councils ask for it, the Assembly may decide the matter for them.\n"
        "13\nDuty of 7[Area Officer] and other officers.\nThe Area Officer shall see that this Act is obeyed.\n"
        "14\nInterpretation3\nIn this Act words mean what they say in ordinary English usage.\n"
    )
    assert _sections(text, "Constitution") == {
        "12": "Power of the Assembly (Council) to decide for two or more Districts by consent",
        "13": "Duty of Area Officer and other officers",
        "14": "Interpretation",
    }


def test_heading_with_a_stray_comma_on_its_own_line() -> None:
    # Constitution Markdown: "206" then "Resignation," then the text.
    text = (
        "20\nRemoval.\nA member may be removed by a vote of two thirds of the Council.\n"
        "21\nRetirement,\n(1) A member may retire by writing under his hand addressed to the Chair.\n"
    )
    assert _sections(text, "Constitution")["21"] == "Retirement"


def test_heading_row_and_text_row_with_the_same_number() -> None:
    # Constitution Markdown: "174.Suits and proceedings" then "174.The Federation may sue...".
    text = (
        "40. Lost property\nProperty with no owner vests in the Council for the use of the Council.\n"
        "41.Claims and actions\n41.The Council may sue and be sued in its own name for any claim.\n"
        "42. Courts\nThe courts hear the Council's claims as they hear any other claim.\n"
    )
    res = parse(text, "Constitution")
    arts = [p for u in res.units for p, _ in u.walk() if p.kind == "article"]
    assert [(a.num, a.heading) for a in arts] == [("40", "Lost property"), ("41", "Claims and actions"), ("42", "Courts")]
    assert "may sue and be sued" in arts[1].full_text


def test_heading_wrapped_onto_a_line_closed_by_a_colon() -> None:
    # Penal Code Markdown: "Section 388. Extortion by threat ... imprisonment" / "for life, etc.:"
    text = (
        "Section 40. Threat of accusation of a grave offence punishable with imprisonment\n"
        "for life, etc.:\nWhoever threatens another with a false accusation is punished.\n"
        "41. Notice to persons taking part in a sale and registration of names by, officer of\n"
        "sales: Before any sale, each buyer shall give his name to the officer of sales.\n"
    )
    assert _sections(text) == {
        "40": "Threat of accusation of a grave offence punishable with imprisonment for life, etc",
        "41": "Notice to persons taking part in a sale and registration of names by, officer of sales",
    }


def test_lost_letters_without_the_word_section_and_a_bare_section_word() -> None:
    # Penal Code Markdown: "171- Bribery:" and "Section 332 Hurt:".
    text = (
        "Section 50. Wearing a false badge:\nWhoever wears a badge he may not wear is punished.\n"
        "Section 50- \"Voter\" defined:\nA For this Chapter a voter is a person on the roll.\n"
        "50- Bribery of voters:\nB. Whoever pays a voter to vote commits bribery of voters.\n"
        "50- Undue pressure on voters:\nC. Whoever threatens a voter commits undue pressure.\n"
        "Section 51 Harm:\nWhoever causes pain to any person is said to cause harm.\n"
    )
    assert _sections(text) == {
        "50": "Wearing a false badge", "50A": '"Voter" defined', "50B": "Bribery of voters",
        "50C": "Undue pressure on voters", "51": "Harm",
    }


def test_ocr_bracket_for_one_and_doubled_dash() -> None:
    # ZARRA gazette OCR: "]. Short title ...—{1) This Act" and "4, Superintendence ... ZARRA.-—{1) The".
    text = (
        "]. Short title and commencement—{1) This Act may be called the Demo Act, 2020.\n"
        "(2) It comes into force at once.\n"
        "2. Definitions.— In this Act words mean what they mean in ordinary usage.\n"
        "3. Board.— There shall be a Board to run the Agency under this Act.\n"
        "4, Oversight of the Agency.-—{1) The oversight of the Agency vests in the Board.\n"
        "5. Repeal.— The Old Demo Act is repealed by this Act.\n"
    )
    secs = _sections(text)
    assert secs["1"] == "Short title and commencement" and secs["4"] == "Oversight of the Agency"


def test_misread_number_replaced_by_the_inferred_one() -> None:
    # ECA gazette OCR: "13» Modified: ..." between 14 and 16 is section 15, and only section 15.
    text = (
        "13. Health.—(1) The Government may make rules for the health of the workers.\n"
        "14. Penalties.—(1) Whoever breaks this Act shall be punished with a fine.\n"
        "13» Modified: Use of Other Laws on Penalties.—(1) Where any person is convicted, other laws apply.\n"
        "16. Procedure.— Every offence under this Act is cognizable by a Magistrate.\n"
    )
    res = parse(text)
    secs = [(p.num, p.heading) for u in res.units for p, _ in u.walk() if p.kind == "section"]
    assert secs == [("13", "Health"), ("14", "Penalties"), ("15", "Modified: Use of Other Laws on Penalties"), ("16", "Procedure")]


def test_known_headings_that_run_on_into_the_text() -> None:
    # ECA OCR Markdown: "Penalties - (1) Whoever..." and "3. Prohibition on Employment - No child...".
    text = (
        "Short Title and Commencement - (1) This Act may be called the Demo Act.\n"
        "Definitions\nIn this Act words mean what they say.\n"
        "3. Prohibition on Work - No child shall be made to work in a mine.\n"
        "Penalties (1) Whoever breaks this Act shall be punished.\n"
    )
    known = {"1": "Short title and commencement", "2": "Definitions", "3": "Prohibition on work", "4": "Penalties",
             "5": "Rules", "6": "Repeal"}
    res = parse(text, known=known)
    secs = {p.num: p.heading for u in res.units for p, _ in u.walk() if p.kind == "section"}
    assert secs == {"1": "Short Title and Commencement", "2": "Definitions", "3": "Prohibition on Work", "4": "Penalties"}


def test_a_status_line_repeated_under_every_article_is_not_a_heading() -> None:
    # The Dutch treaty database prints its status line under every "### Article N".
    status = "Nog niet van kracht voor het Rijk"
    text = (
        f"Demo Convention\n{status}\n"
        f"Article 1\n{status}\nFor the purpose of this Convention:\na) a worker is a person who works.\n"
        f"Article 2\n{status}\nScope\nThis Convention applies to all workers in the household.\n"
        f"Article 3\n{status}\n1. Each Member shall protect workers.\n2. Each Member shall report yearly.\n"
        f"Article 4\n{status}\nEach Member shall take measures to ensure that workers enjoy their rights fully.\n"
    )
    res = parse(text, "Convention")
    arts = [p for u in res.units for p, _ in u.walk() if p.kind == "article"]
    assert [(a.num, a.heading) for a in arts] == [("1", ""), ("2", "Scope"), ("3", ""), ("4", "")]
    assert all(status not in a.full_text for a in arts)
    assert "For the purpose of this Convention" in arts[0].full_text


def test_headings_shared_by_a_few_units_are_kept() -> None:
    # "Punishment" twice among many sections is a real heading, not boilerplate.
    body = "Whoever does the thing described in the section before is punished under this Act."
    text = "".join(f"{n}. Offence number {n}.— {body}\n" for n in range(1, 9))
    text += f"9. Punishment.— {body}\n10. Punishment.— {body}\n"
    secs = _sections(text)
    assert secs["9"] == secs["10"] == "Punishment"


def test_a_quoted_section_between_its_neighbours_is_a_section() -> None:
    text = "\n".join([
        "1. Short title.— This Act may be called the Sample Act, 2020.",
        "2. Selling a sample.— Whoever sells a sample commits an offence.",
        '"2A. Buying a sample.— Whoever buys a sample commits an offence.',
        "3. Punishment.— An offence under this Act is punishable with fine.",
    ])
    res = parse(text, "Sample Act, 2020")
    assert [p.num for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS] == ["1", "2", "2A", "3"]


def test_an_amending_acts_quoted_insertions_are_not_its_sections() -> None:
    text = "\n".join([
        "1. Short title.— This Act may be called the Sample (Amendment) Act, 2021.",
        "2. Insertion of new section.— In the Sample Act, 2020, after section 14, the following shall be inserted, namely:—",
        '"15. Records.— The Authority shall keep records of samples.',
        '16. Returns.— The Authority shall file returns every year."',
    ])
    res = parse(text, "Sample (Amendment) Act, 2021")
    assert [p.num for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS][:2] == ["1", "2"]
    assert "15" not in [p.num for u in res.units for p, _ in u.walk() if p.kind in MAIN_KINDS]


def test_an_articles_first_sentence_is_not_its_heading_but_a_section_heading_may_say_shall() -> None:
    treaty = "\n".join([
        "Article 1", "States Parties shall prohibit the sale of samples.",
        "Article 2", "Use of terms", "For the purposes of this Protocol, a sample is any small thing.",
    ])
    arts = {p.num: p for u in parse(treaty, "Sample Protocol").units for p, _ in u.walk() if p.kind == "article"}
    assert arts["1"].heading == "" and "prohibit the sale of samples" in arts["1"].full_text
    assert arts["2"].heading == "Use of terms"
    act = "\n".join([
        "1. Short title.— This Act may be called the Sample Act, 2020.",
        "2. Cases in which a sample shall not be seized.— No sample kept for study may be seized.",
    ])
    secs = {p.num: p.heading for u in parse(act, "Sample Act, 2020").units for p, _ in u.walk() if p.kind == "section"}
    assert secs["2"] == "Cases in which a sample shall not be seized"


def test_a_footnote_number_stuck_on_a_section_number_is_read_off() -> None:
    # Child Marriage Restraint Act PDF: "111. [Power to take security ...] Omitted" is s. 11
    # with note 1, and "2[12. Power to issue injunction" follows it
    body = "Whoever does the thing described in the section before is punished under this Act."
    text = "".join(f"{n}. Offence number {n}.— {body}\n" for n in range(1, 11))
    text += "111. [Power to take security from Complainant.] Omitted, by the Ordinance, 1961.\n"
    text += f"2[12. Power to issue injunction.— {body}\n13. Appeals.— {body}\n"
    assert list(_sections(text)) == [str(n) for n in range(1, 14)]


def test_a_real_section_111_keeps_its_number() -> None:
    body = "Whoever does the thing described in the section before is punished under this Act."
    text = "".join(f"{n}. Offence number {n}.— {body}\n" for n in range(105, 115))
    assert list(_sections(text)) == [str(n) for n in range(105, 115)]


def _code(n: int) -> str:
    return "THE BIG CODE, 2020\n\n" + "\n".join(f"{i}. Heading number {i}.— Whoever does thing {i} shall be punished." for i in range(1, n + 1))


def test_section_numbers_of_four_digits_are_read() -> None:
    # 999 used to be the last section number read: 1,500 sections became 999 units, silently
    res = parse(_code(1500), "The Big Code, 2020")
    assert [u.num for u in res.units] == [str(i) for i in range(1, 1501)] and not res.warnings


def test_numbers_beyond_the_limit_are_reported() -> None:
    res = parse(_code(10_050), "The Big Code, 2020")
    assert len(res.units) == 9999
    assert res.warnings == ["51 line(s) numbered 10000 or above were not read as sections (the limit is 9999)"]


def test_a_year_at_the_start_of_a_line_is_not_a_section() -> None:
    text = ("THE SMALL ACT, 2018\n\n1. Short title.— This Act may be called the Small Act.\n"
            "2. Offence.— Whoever does it shall be punished.\n2018. The year in which it was passed.\n"
            "3. Repeal.— The old Act is repealed.\n")
    assert [u.num for u in parse(text, "The Small Act, 2018").units] == ["1", "2", "3"]
