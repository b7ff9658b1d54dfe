"""Trainer briefs: sections, the side-by-side brief, questions from flags, HTML and escaping."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.cli import cli
from qanoon.search import QanoonError
from qanoon.search import brief as briefs

TOPIC = "minimum-marriage-age"
SECTIONS = (
    "## What the topic is",
    "## Key provisions by jurisdiction",
    "## Comparison",
    "## Harmonisation flags",
    "## International standards that apply",
    "## Questions for group work",
    "## Date and sources",
)
EVIL = "<script>alert(1)</script> [click](javascript:alert(2)) ![px](http://evil.invalid/p.png) a|b \\[x]"


@pytest.fixture(scope="module")
def marriage(kb_lib) -> dict:
    return briefs.build(kb_lib, TOPIC)


def test_topic_brief_has_every_section_in_order(marriage) -> None:
    md = briefs.to_markdown(marriage)
    positions = [md.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert md.startswith("# Training brief: Minimum marriage age\n")


def test_topic_brief_content(kb_lib, marriage) -> None:
    md = briefs.to_markdown(marriage)
    assert kb_lib.kb.topics[TOPIC]["definition"] in md  # what the topic is
    assert "### Sindh" in md and "**Sindh Child Marriages Restraint Act, 2013, s. 2**" in md  # key provisions, cited
    assert "| Jurisdiction | Provisions | Our summary | Facts |" in md  # compare_markdown reused
    assert "| Severity | Kind | Topic | Finding | Legal basis | Evidence | Status | Recommendation |" in md  # gaps_markdown reused
    flag = next(f for f in marriage["flags"] if f["kind"] == "divergence")
    assert f"`{flag['evidence'][0]['id']}`" in md  # flags come with evidence
    # international standards with Pakistan's status from the knowledge base
    cedaw = kb_lib.kb.get("un/convention/1979/cedaw")
    assert f"Pakistan: **acceded, {cedaw.pakistan.date}**" in md
    # the comparison table holds Pakistani rows only: international ones have their own section
    assert {r["jurisdiction"] for r in marriage["comparison"]["rows"]} <= set(briefs.PAKISTAN_ORDER)


def test_date_and_sources_come_from_the_cited_instruments(kb_lib, marriage) -> None:
    cited = [kb_lib.kb.get(s["id"]) for s in marriage["sources"]]
    assert all(cited) and marriage["holds_to"] == max(i.checked for i in cited)
    md = briefs.to_markdown(marriage)
    assert f"The knowledge base holds to {marriage['holds_to']}" in md
    cmra = kb_lib.kb.get("pk/act/1929/child-marriage-restraint")
    assert f"({cmra.source_url})" in md


def test_one_question_per_flag_kind_filled_from_the_flag(kb_lib, marriage) -> None:
    kinds = list(dict.fromkeys(f["kind"] for f in marriage["flags"]))
    assert [q["kind"] for q in marriage["questions"]] == kinds and len(kinds) >= 3
    by_id = {f["id"]: f for f in marriage["flags"]}
    for q in marriage["questions"]:
        flag = by_id[q["flag"]]
        assert "{" not in q["question"]  # every placeholder filled
        assert (
            flag["evidence"][0]["citation"] in q["question"]
            or flag["summary"] in q["question"]
            or all(briefs.JURISDICTIONS[j] in q["question"] for j in flag["jurisdictions"])
        )
    coverage = next(q for q in marriage["questions"] if q["kind"] == "coverage")
    assert "Gilgit-Baltistan" in coverage["question"] and "minimum marriage age" in coverage["question"]


def test_questions_differ_by_topic_not_by_hand(kb_lib) -> None:
    """The same template gives different questions on different topics."""
    a = briefs.build(kb_lib, "domestic-workers")["questions"]
    b = briefs.build(kb_lib, "home-based-workers")["questions"]
    qa = next(q["question"] for q in a if q["kind"] == "coverage")
    qb = next(q["question"] for q in b if q["kind"] == "coverage")
    assert qa != qb and "domestic workers" in qa and "home-based workers" in qb


def test_jurisdiction_limits_provisions_comparison_and_flags(kb_lib) -> None:
    d = briefs.build(kb_lib, TOPIC, ("punjab",))
    assert [p["jurisdiction"] for p in d["provisions"]] == ["punjab"]
    assert [r["jurisdiction"] for r in d["comparison"]["rows"]] == ["punjab"]
    assert d["flags"] and all("punjab" in f["jurisdictions"] for f in d["flags"])
    assert d["standards"]  # the international standards apply whatever the scope
    assert "*Scope: Punjab." in briefs.to_markdown(d)


def test_topic_by_label_and_unknown_topic_or_jurisdiction(kb_lib) -> None:
    assert briefs.build(kb_lib, "Domestic workers")["topic"] == "domestic-workers"
    with pytest.raises(QanoonError):
        briefs.build(kb_lib, "zzqx-nothing")
    with pytest.raises(QanoonError, match="not a jurisdiction"):
        briefs.build(kb_lib, TOPIC, ("atlantis",))


def test_trafficking_vs_smuggling_sets_the_two_offences_side_by_side(kb_lib) -> None:
    d = briefs.build(kb_lib, "trafficking-vs-smuggling")
    assert d["kind"] == "pair"
    assert d["pairing"] == kb_lib.compare_instruments("PTPA", "PSMA").to_dict()
    md = briefs.to_markdown(d)
    assert "## The two offences side by side" in md
    assert "| | Prevention of Trafficking in Persons Act, 2018 | Prevention of Smuggling of Migrants Act, 2018 |" in md
    for element in ("What the offence protects", "Consent", "Crossing a border", "Who investigates"):
        assert f"| **{element}** |" in md
    assert "**Prevention of Trafficking in Persons Act, 2018, s. 3**" in md
    assert "**Prevention of Smuggling of Migrants Act, 2018, s. 3**" in md
    titles = [s["title"] for s in d["standards"]]
    assert any("Trafficking in Persons" in t for t in titles) and any("Smuggling of Migrants" in t for t in titles)
    # every flag on the two subject areas, the Smuggling Protocol ratification flag among them: the
    # brief must not say "no flag" while `gaps` holds a high-severity one on the same law
    from qanoon.search.applicability import load_model

    areas = load_model().areas
    assert {f["topic"] for f in d["flags"]} <= set(areas["trafficking"].topics) | set(areas["smuggling"].topics)
    assert any(f["kind"] == "ratification" and "Smuggling of Migrants" in f["summary"] for f in d["flags"])
    assert {f.id for f in kb_lib.gaps("smuggling")} <= {f["id"] for f in d["flags"]}


def test_html_is_one_self_contained_a4_page(marriage) -> None:
    page = briefs.to_html(marriage)
    assert page.startswith("<!doctype html>") and page.count("<style>") == 1
    assert "@page { size: A4" in page and "<table>" in page
    assert "<script" not in page and "<link" not in page
    tags = _tags(page)
    assert not [t for t, a in tags if "src" in a or t in {"img", "iframe", "object", "link"}]  # nothing loaded
    links = [a["href"] for t, a in tags if t == "a"]
    assert links and all(h.startswith(("https://", "http://")) for h in links)  # only source links
    assert "<h2>Questions for group work</h2>" in page and "<ol>" in page


def _tags(page: str) -> list[tuple[str, dict]]:
    """Every start tag of ``page`` with its attributes."""
    found: list[tuple[str, dict]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(page)
    return found


def _poisoned(d: dict) -> dict:
    d = copy.deepcopy(d)
    d["definition"] = EVIL
    d["provisions"][0]["cells"][0]["summary"] = EVIL
    d["comparison"]["rows"][0]["cells"][0]["heading"] = EVIL
    d["flags"][0]["summary"] = EVIL
    d["flags"][0]["evidence"][0]["citation"] = EVIL
    d["standards"][0]["cells"][0]["summary"] = EVIL
    d["sources"][0]["source_url"] = "javascript:alert(5)"
    return d


def test_every_value_is_escaped_in_html(marriage) -> None:
    page = briefs.to_html(_poisoned(marriage))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page.replace("[click](javascript:alert(2))", "")  # only as text, never as a link
    tags = _tags(page)
    assert not [a for t, a in tags if t == "a" and not a["href"].startswith("http")] and not [t for t, _ in tags if t == "img"]
    assert "[click](javascript:alert(2))" in page  # the text itself survives
    # a pipe in a value does not split a table cell
    rows = [r for r in page.split("<tr>") if "a&#124;b" in r or "a|b" in r]
    assert rows and all("a|b" in r or "a&#124;b" in r for r in rows)


def test_markdown_keeps_values_inert(marriage) -> None:
    md = briefs.to_markdown(_poisoned(marriage))
    assert "<script>" not in md and "\\[click\\]\\(javascript:alert\\(2\\)\\)" in md


def test_cli_brief_writes_html_and_markdown(kb_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "tvs.html"
    res = CliRunner().invoke(
        cli, ["--home", str(kb_home), "brief", "trafficking-vs-smuggling", "--format", "html", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    res = CliRunner().invoke(cli, ["--home", str(kb_home), "brief", "domestic workers", "-j", "sindh"])
    assert res.exit_code == 0 and res.output.startswith("# Training brief: Domestic workers")


def test_cli_brief_errors_are_one_line(kb_home: Path) -> None:
    res = CliRunner().invoke(cli, ["--home", str(kb_home), "brief", "zzqx-nothing"])
    assert res.exit_code == 1 and res.output.count("\n") == 1 and "Error:" in res.output


@pytest.mark.parametrize("command", ["brief", "serve"])
def test_new_commands_have_help_with_an_example(command: str) -> None:
    out = CliRunner().invoke(cli, [command, "--help"]).output
    assert "Example" in out and f"qanoon {command}" in out


def test_a_brief_as_a_word_handout_and_a_slide_deck(kb_home: Path, tmp_path: Path) -> None:
    import docx
    import pptx
    from click.testing import CliRunner
    from qanoon.cli import cli

    run = CliRunner()
    for fmt in ("docx", "pptx"):
        out = tmp_path / f"marriage.{fmt}"
        res = run.invoke(cli, ["--home", str(kb_home), "brief", "minimum-marriage-age", "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
    word = docx.Document(str(tmp_path / "marriage.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "Training brief: Minimum marriage age"
    assert {"At a glance", "Map (schematic, not to scale)", "Questions for group work"} <= set(headings)
    grid, tiles = word.tables[0], word.tables[1]
    assert any(r.cells[0].text == "Khyber Pakhtunkhwa" and "16 years" in r.cells[2].text for r in grid.rows)
    assert sum(1 for r in tiles.rows for c in r.cells if c.text) == 7   # one tile per jurisdiction
    deck = pptx.Presentation(str(tmp_path / "marriage.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert titles[0] == "Training brief: Minimum marriage age"
    assert {"At a glance", "Map (schematic, not to scale)", "Questions for group work"} <= set(titles)
    map_slide = next(s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text.startswith("Map"))
    assert sum(1 for sh in map_slide.shapes if sh.has_text_frame and "Khyber" in sh.text_frame.text) == 1
    res = run.invoke(cli, ["--home", str(kb_home), "brief", "minimum-marriage-age", "--format", "pptx"])
    assert res.exit_code == 1 and "-o FILE.pptx" in res.output
