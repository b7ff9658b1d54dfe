"""Readers: every format and encoding real files arrive in, and the refusals."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from qanoon.indexer import readers
from qanoon.indexer.errors import InputError, NoTextLayerError

from tests.conftest import needs_shared, shared_file


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Section 3 — child".encode(), "Section 3 — child"),
        (codecs.BOM_UTF8 + b"Article 3", "Article 3"),
        (codecs.BOM_UTF16_LE + "Article 3 — persons".encode("utf-16-le"), "Article 3 — persons"),
        ("Peshgi – advance £".encode("cp1252"), "Peshgi – advance £"),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    assert readers.read(write(tmp_path, "a.txt", data)).text == expected


URDU = "انسانی اسمگلنگ کی روک تھام کا قانون، ۲۰۱۸"


def test_one_cp1252_line_does_not_garble_a_utf8_file(tmp_path: Path) -> None:
    data = "Café Workers Act, 2020\n“Section 1”\n".encode() + "Peshgi – advance £\n".encode("cp1252") + "Naïve\n".encode()
    doc = readers.read(write(tmp_path, "mixed.txt", data))
    assert doc.text == "Café Workers Act, 2020\n“Section 1”\nPeshgi – advance £\nNaïve\n"
    assert doc.warnings == (f"{tmp_path / 'mixed.txt'}: line 3 not UTF-8; read as cp1252",)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = f"{URDU}\nSection 3. Trafficking in persons.\n"
    doc = readers.read(write(tmp_path, "a.txt", text.encode(encoding)))
    assert doc.text == text and "no byte-order mark" in doc.warnings[0]


def test_an_html_page_is_read_in_the_charset_it_declares(tmp_path: Path) -> None:
    urdu = "قانون انسداد اسمگلنگ"   # letters windows-1256 has
    page = f'<html><head><meta charset="windows-1256"><title>{urdu}</title></head><body><p>{urdu}</p></body></html>'
    doc = readers.read(write(tmp_path, "ur.html", page.encode("cp1256")))
    assert doc.title_hint == urdu and urdu in doc.text and not doc.warnings
    # the http-equiv form; and a page saved as UTF-8 that kept an old Latin-1 declaration
    old = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>Café</body></html>'
    doc = readers.read(write(tmp_path, "saved.html", old.encode("utf-8")))
    assert doc.text.strip() == "Café" and "declares cp1252 but is UTF-8" in doc.warnings[0]
    doc = readers.read(write(tmp_path, "latin.html", old.encode("cp1252")))
    assert doc.text.strip() == "Café" and not doc.warnings


def test_nul_bytes_are_dropped_with_a_warning(tmp_path: Path) -> None:
    doc = readers.read(write(tmp_path, "a.txt", b"Sec\x00tion 3 text"))
    assert doc.text == "Section 3 text" and doc.warnings


@pytest.mark.parametrize("name", ["junk.pdf", "junk.html", "junk.txt"])
def test_binary_junk_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match=name):
        readers.read(write(tmp_path, name, bytes(range(256)) * 50))


@pytest.mark.parametrize(("name", "data", "cause"), [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"   \n\n", "empty file"),
    ("x.docx", b"PK\x03\x04", "unsupported file type"),
    ("short.pdf", b"%PDF-1.4\n1 0 obj", "PDF"),
])
def test_refusals_name_file_and_cause(tmp_path: Path, name: str, data: bytes, cause: str) -> None:
    with pytest.raises(InputError) as err:
        readers.read(write(tmp_path, name, data))
    assert name in str(err.value) and cause in str(err.value) and "\n" not in str(err.value)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        readers.read(tmp_path / "nope.pdf")


def test_html_keeps_text_in_order_and_drops_chrome(tmp_path: Path) -> None:
    page = b"""<html><head><title>Demo Act, 2020</title><style>p{}</style><script>var x=1</script></head>
    <body><nav>Home | Laws</nav><h2>1. Short title.</h2><p>This Act is the Demo Act.</p>
    <ul><li>(a) first</li><li>(b) second</li></ul><table><tr><td>cell one</td><td>cell two</td></tr></table>
    <footer>copyright</footer></body></html>"""
    doc = readers.read(write(tmp_path, "a.html", page))
    assert doc.title_hint == "Demo Act, 2020"
    assert "var x" not in doc.text and "Home | Laws" not in doc.text and "copyright" not in doc.text
    lines = doc.text.splitlines()
    assert lines[0] == "1. Short title." and "(a) first" in lines and "cell one | cell two |" in doc.text


def test_markdown_renders_headings_as_lines(tmp_path: Path) -> None:
    doc = readers.read(write(tmp_path, "a.md", b"##Article 1\n\nText *here*.\n\n### Article 2\nMore."))
    assert doc.text.splitlines() == ["Article 1", "Text here.", "Article 2", "More."]


@pytest.mark.parametrize("name", ["statement.md", "statement.txt"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_front_matter_gives_the_title_and_stays_out_of_the_text(tmp_path: Path, name: str, newline: str) -> None:
    source = newline.join(['---', 'title: "Joint Statement of the Third Regional Meeting on Labour Migration."',
                           'date: "2009-01-01"', '---', '', 'The ministers met and agreed on six points.', ''])
    (tmp_path / name).write_text(source, encoding="utf-8", newline="")
    doc = readers.read(tmp_path / name)
    assert doc.title_hint == "Joint Statement of the Third Regional Meeting on Labour Migration"
    assert "date:" not in doc.text and "six points" in doc.text


def test_a_rule_line_later_in_the_text_is_not_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Intro line\n\n---\ntitle: not metadata\n---\n", encoding="utf-8")
    doc = readers.read(tmp_path / "a.md")
    assert doc.title_hint == "" and "not metadata" in doc.text


def test_xml_numbered_elements_become_headings(tmp_path: Path) -> None:
    xml = b'<doc n="Demo Declaration"><article number="1"><para>All are equal.</para></article></doc>'
    doc = readers.read(write(tmp_path, "a.xml", xml))
    assert doc.text.splitlines()[:2] == ["Article 1", "All are equal."]


def test_json_provisions(tmp_path: Path) -> None:
    data = b'{"title": "Demo Act, 2020", "provisions": [{"section": "3", "title": "Section 3. Offence", "content": "(1) text"}]}'
    doc = readers.read(write(tmp_path, "a.json", data))
    assert "3. Offence.\u2014 (1) text" in doc.text


@pytest.mark.parametrize(("title", "content", "heading", "text"), [
    # the title broke where the printed line did; the hyphen of "Non-criminalization" was lost
    ("Section 8. Non", "criminalization of migrants.___ Without prejudice", "Non-criminalization of migrants", "Without prejudice"),
    ("Section 54. Summoning of Majlis", "e-Shoora (Parliament).__ (1) The President",
     "Summoning of Majlis-e-Shoora (Parliament)", "(1) The President"),
    ("Section 4. Punishment for adult above", "eighteen marrying a child.- Whoever",
     "Punishment for adult above eighteen marrying a child", "Whoever"),
    # content in lower case that does not end a heading on its first line is the text itself
    ("Section 9. Prohibition of forced marriage", "whoever coerces a woman\nto marry shall be punished.",
     "Prohibition of forced marriage", "whoever coerces a woman"),
])
def test_json_title_cut_at_a_line_break_is_completed(tmp_path: Path, title: str, content: str, heading: str, text: str) -> None:
    data = json.dumps({"title": "Demo Act, 2020", "provisions": [{"section": "8", "title": title, "content": content}]})
    doc = readers.read(write(tmp_path, "a.json", data.encode()))
    assert f"8. {heading}.\u2014 {text}" in doc.text


def test_json_of_another_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="provisions"):
        readers.read(write(tmp_path, "a.json", b'{"rows": []}'))


@needs_shared
@pytest.mark.parametrize("rel", [
    "pk/federal_prevention-of-trafficking-in-persons-act-2018_gazette.pdf",
    "pk/federal_employment-of-children-act-1991_gazette.pdf",
])
def test_scanned_gazettes_are_named_as_having_no_text_layer(rel: str) -> None:
    from qanoon.indexer.readers import pdf

    path = shared_file(rel)
    with pytest.raises(NoTextLayerError) as err:
        pdf.read(path, path.read_bytes(), ocr=False)  # with OCR on, tests/test_ocr.py reads them
    assert path.name in str(err.value) and "no text layer" in str(err.value) and "OCR" in str(err.value)


@needs_shared
def test_pdf_pages_are_cleaned() -> None:
    doc = readers.read(shared_file("pk/federal_passports-act-1974.pdf"))
    assert doc.format == "pdf" and doc.page_offsets[0] == 0 and len(doc.page_offsets) == doc.extra["pages"]
    assert doc.page_at(len(doc.text) - 1) == doc.extra["pages"]


def test_markdown_keeps_numbers_of_ordered_list_items(tmp_path: Path) -> None:
    # "223. Escape from custody:" in the Penal Code Markdown is a section, not a list item.
    path = tmp_path / "code.md"
    path.write_text("Section 22. Arrest:\nWhoever arrests...\n\n23. Escape from custody:  \nWhoever escapes...\n\n"
                    "24. Resisting arrest:\nWhoever resists...\n\n1. ## The Land\nThe land is one.\n", encoding="utf-8")
    lines = readers.read(path).text.splitlines()
    assert "23. Escape from custody:" in lines and "24. Resisting arrest:" in lines and "1. The Land" in lines


@pytest.mark.parametrize("first_line", [
    "I am pleased to give you the agency’s annual report for the year 2021. This report",
    "The agency has taken major steps under the action plan and played a key",
])
def test_a_sentence_opening_a_report_is_not_its_title(first_line: str) -> None:
    # two FIA annual reports open with a foreword sentence; the title falls back to the file name
    # (and a sentence naming an "action plan" no longer makes a report an action plan)
    from qanoon.indexer.metadata import detect_title
    from qanoon.indexer.models import RawDocument

    doc = RawDocument(path=Path("federal_fia-annual-administration-report-2021.pdf"), format="pdf",
                      text=f"{first_line}\nrole in the work of the year.\n")
    assert detect_title(doc) == "Fia Annual Administration Report 2021"


@pytest.mark.parametrize("source", [
    "# Deep Act\n" + "\n".join("    " * i + f"- item {i}" for i in range(3000)),     # a list 3,000 deep
    "# Deep Act\n" + ">" * 3000 + " quoted",                                        # a quotation 3,000 deep
])
def test_markdown_nested_beyond_reason_is_refused_at_once(tmp_path: Path, source: str) -> None:
    with pytest.raises(InputError, match=r"deep\.md: lists or quotations nested \d+ levels deep"):
        readers.read(write(tmp_path, "deep.md", source.encode()))


def test_markdown_keeps_section_numbers_of_four_digits(tmp_path: Path) -> None:
    doc = readers.read(write(tmp_path, "code.md", b"# Big Code\n\n999. Offence.\n\n1000. Penalty.\n"))
    assert "1000. Penalty." in doc.text
