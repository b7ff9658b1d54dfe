"""OCR of scanned gazettes (issue 8): the text-layer judge, the OCR'd section lists against the
``_consolidated.json`` twins, the cache, and the message when Tesseract is missing.

OCR'd pages are cached between runs in ~/.cache/qanoon-tests/ocr (or $QANOON_TEST_CACHE/../ocr),
so only the first run pays for Tesseract (about a minute for the 20 pages on 2 cores).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from qanoon.indexer import ocr
from qanoon.indexer.clean import clean_text
from qanoon.indexer.errors import NoTextLayerError
from qanoon.indexer.ingest import _cached_read, file_hash
from qanoon.indexer.knowledge import default
from qanoon.indexer.metadata import detect
from qanoon.indexer.readers import pdf
from qanoon.indexer.structure.tree import MAIN_KINDS, parse

from tests.conftest import needs_shared, shared_file

needs_tesseract = pytest.mark.skipif(
    not ocr.available(), reason=f"tesseract or pdftoppm is not installed ({ocr.INSTALL})"
)

PTPA = "pk/federal_prevention-of-trafficking-in-persons-act-2018_gazette.pdf"
ECA = "pk/federal_employment-of-children-act-1991_gazette.pdf"
PSMA = "pk/federal_prevention-of-smuggling-of-migrants-act-2018_gazette.pdf"


@pytest.fixture(scope="session")
def ocr_cache() -> Path:
    base = os.environ.get("QANOON_TEST_CACHE")
    path = Path(base).parent / "ocr" if base else Path.home() / ".cache" / "qanoon-tests" / "ocr"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ocr_sections(path: Path, cache: Path) -> tuple[dict[str, str], dict]:
    doc = pdf.read(path, path.read_bytes(), cache_dir=cache)
    extra = doc.extra
    doc = doc.with_text(clean_text(doc.text), doc.page_offsets)
    res = parse(doc.text, detect(doc, default()).title)
    out: dict[str, str] = {}
    for unit in res.units:
        for p, _ in unit.walk():
            if p.kind in MAIN_KINDS:
                out.setdefault(p.num.upper(), p.heading)
    return out, extra


def twin_sections(path: Path) -> list[str]:
    twin = path.with_name(path.name.replace("_gazette.pdf", "_consolidated.json"))
    data = json.loads(shared_file(str(twin.relative_to(twin.parents[1]))).read_text(encoding="utf-8"))
    return [p["section"].upper() for p in data["provisions"] if re.fullmatch(r"\d+[A-Z]*", p["section"].upper())]


def twin_headings(path: Path) -> dict[str, str]:
    """Section → heading in the twin; its titles run on into the text, so cut at the heading's end."""
    from qanoon.indexer.structure.headings import split_heading

    twin = path.with_name(path.name.replace("_gazette.pdf", "_consolidated.json"))
    out = {}
    for p in json.loads(twin.read_text(encoding="utf-8"))["provisions"]:
        title = re.sub(r"^Section\s+\S+\s*", "", p["title"])
        head, _text, found = split_heading(title)
        out[p["section"].upper()] = head if found and head else title
    return out


def alike(key: str, ours: str) -> bool:
    from difflib import SequenceMatcher

    a, b = (" ".join(re.sub(r"[^a-z0-9]+", " ", t.lower()).split()) for t in (key, ours))
    return bool(b) and (SequenceMatcher(None, a, b).ratio() >= 0.8 or a in b or (len(b) >= 4 and a.startswith(b)))


# --- judging a text layer (no Tesseract needed) --------------------------------------------


def test_clean_statute_text_scores_as_usable() -> None:
    text = ("3. Trafficking in persons.—(1) Any person who recruits, harbours, transports, provides or obtains "
            "another person, or attempts to do so, for compelled labour or commercial sex acts through the use "
            "of force, fraud or coercion, commits an offence of trafficking in persons and shall be punished "
            "with imprisonment which may extend to seven years or with fine which may extend to one million rupees.")
    q = ocr.text_quality(text)
    assert q.judged and q.usable and q.score > 0.85


def test_garbled_layer_scores_as_unusable() -> None:
    text = ("(a) the offent,e is committed within the territory ofPakistan; (b) the offen( e is committed on board "
            "a vessel oraircrali drat is registered under rhe larvs ofPakistan al lhe time ofcommission ofthe "
            "oifence: (c) the offcn,ie is committed oulside the tenitory of Pakislan by a citizen of Pakistrn. "
            "2. Defilitiors-tn this Acl. unless lhere is anything repugnant in the subject or context - "
            "(b) 'Code' n,e8ns the Code ofcriminal Procedure. lt9t; (c) 'Governrnent' Deans the Federal Govemnrent;")
    q = ocr.text_quality(text)
    assert q.judged and q.score < ocr.USABLE_DOCUMENT and ocr.layer_is_garbled([text]), q


def test_a_list_of_names_is_not_taken_for_garbage() -> None:
    names = "\n".join(f"{n:02d} Mr. Muhammad Aslam Hayat, PSP" for n in range(1, 30))
    assert ocr.text_quality(names).usable


@needs_shared
def test_psma_gazette_layer_is_judged_garbled_and_clean_pdfs_are_not() -> None:
    path = shared_file(PSMA)
    assert ocr.layer_is_garbled(pdf.extract_pages_text(path, path.read_bytes()))
    for rel in ("pk/federal_passports-act-1974.pdf", "pk/federal_emigration-ordinance-1979.pdf"):
        clean = shared_file(rel)
        assert not ocr.layer_is_garbled(pdf.extract_pages_text(clean, clean.read_bytes())), rel


# --- Tesseract missing -----------------------------------------------------------------------


@needs_shared
def test_without_tesseract_a_scan_is_named_with_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither tesseract nor pdftoppm on it
    path = shared_file(PTPA)
    with pytest.raises(NoTextLayerError) as err:
        pdf.read(path, path.read_bytes(), cache_dir=tmp_path / "cache")
    msg = str(err.value)
    assert "\n" not in msg and path.name in msg and "apt-get install tesseract-ocr poppler-utils" in msg


@needs_shared
def test_without_tesseract_a_garbled_layer_is_kept_with_a_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    path = shared_file(PSMA)
    doc = pdf.read(path, path.read_bytes(), cache_dir=tmp_path)
    assert "ocr" not in doc.extra and doc.extra["ocr_awaited"]
    assert any("garbled" in w and ocr.INSTALL in w for w in doc.warnings)


@needs_shared
@pytest.mark.parametrize("rel", [PSMA, PTPA], ids=["garbled layer", "scan"])
def test_a_file_read_for_want_of_tesseract_is_read_again_once_it_is_installed(
        rel: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # until the install, a re-ingest reuses what the first read found (pdfminer takes long to
    # find nothing in a scan); after it, the cached text must not stand in for OCR
    from qanoon.indexer import ingest as ingest_mod

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    path = shared_file(rel)
    data = path.read_bytes()

    def read() -> str:
        try:
            return _cached_read(path, data, file_hash(data), tmp_path).text
        except NoTextLayerError:
            return "no text layer"

    first = read()
    monkeypatch.setattr(ingest_mod, "_read", lambda *a: pytest.fail("read again without Tesseract"))
    assert read() == first
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    again: list[Path] = []

    def read_with_ocr(p: Path, *_: object) -> None:   # stands in for the OCR run, which is slow
        again.append(p)
        raise NoTextLayerError(f"{p}: read again")

    monkeypatch.setattr(ingest_mod, "_read", read_with_ocr)
    assert read() == "no text layer" and again == [path]


@needs_shared
def test_ocr_off_names_the_scan_without_running_tesseract(tmp_path: Path) -> None:
    path = shared_file(ECA)
    with pytest.raises(NoTextLayerError, match="no text layer") as err:
        pdf.read(path, path.read_bytes(), ocr=False, cache_dir=tmp_path)
    assert path.name in str(err.value)


# --- OCR of the real gazettes ----------------------------------------------------------------


@needs_shared
@needs_tesseract
@pytest.mark.parametrize(("rel", "expected"), [
    (PTPA, [str(n) for n in range(1, 17)]),
    (ECA, [str(n) for n in range(1, 22)]),
    (PSMA, None),
])
def test_ocr_gazette_sections_match_the_twin(rel: str, expected: list[str] | None, ocr_cache: Path) -> None:
    path = shared_file(rel)
    found, extra = ocr_sections(path, ocr_cache)
    assert extra.get("ocr") is True and extra["ocr_pages"] == list(range(1, extra["pages"] + 1))
    if expected is not None:
        assert list(found) == expected
    twin = twin_sections(path)
    hits = [s for s in twin if s in found]
    assert len(hits) >= 0.9 * len(twin), f"{rel}: {len(hits)}/{len(twin)}; missing {sorted(set(twin) - set(hits))}"
    headings = twin_headings(path)
    same = [s for s in twin if s in found and alike(headings[s], found[s])]
    assert len(same) >= 0.9 * len(twin), f"{rel}: headings alike for {len(same)}/{len(twin)}"


@needs_shared
@needs_tesseract
def test_ocr_marks_the_document_and_names_the_police_and_fia_in_ptpa_s8(ocr_cache: Path) -> None:
    path = shared_file(PTPA)
    doc = pdf.read(path, path.read_bytes(), cache_dir=ocr_cache)
    assert any("read by OCR" in w for w in doc.warnings)
    text = re.sub(r"\s+", " ", doc.text)
    start = text.index("8. Investigating")
    s8 = text[start:text.index("Cognizance", start)]
    assert "police" in s8 and "Federal Investigation Agency" in s8


@needs_shared
@needs_tesseract
def test_ocr_cache_is_reused_and_progress_is_per_page(ocr_cache: Path, tmp_path: Path) -> None:
    path = shared_file(PSMA)
    data = path.read_bytes()
    ocr.ocr_pages(path, data, n_pages=5, cache_dir=ocr_cache)  # warm (a no-op after the first run)
    seen: list[tuple[int, int, int]] = []
    pages = ocr.ocr_pages(path, data, n_pages=5, cache_dir=ocr_cache, progress=lambda *a: seen.append(a))
    assert sorted(pages) == [1, 2, 3, 4, 5] and [s[0] for s in seen] == [1, 2, 3, 4, 5] and seen[-1][1] == 5
    # with the tools gone, a cached file is still read: the cache needs no Tesseract
    old = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)
        assert ocr.ocr_pages(path, data, n_pages=5, cache_dir=ocr_cache) == pages
    finally:
        os.environ["PATH"] = old


@needs_shared
@needs_tesseract
def test_show_ptpa_s8_from_a_home_holding_only_the_ocrd_gazette(ocr_cache: Path, tmp_path: Path) -> None:
    """`qanoon show "PTPA s 8"` answers from the OCR'd gazette (the full text, not only our
    summary), names the police and the FIA, and says the text was read by OCR."""
    import json
    import shutil

    from click.testing import CliRunner
    from qanoon.cli import cli

    home = tmp_path / "home"
    shutil.copytree(ocr_cache, home / "cache" / "text" / "ocr")  # reuse the pages OCR'd by the tests above
    gazette = shared_file("pk/federal_prevention-of-trafficking-in-persons-act-2018_gazette.pdf")
    runner = CliRunner()
    res = runner.invoke(cli, ["--home", str(home), "ingest", "--workers", "1", str(gazette)])
    assert res.exit_code == 0, res.output
    shown = json.loads(runner.invoke(cli, ["--home", str(home), "show", "PTPA s 8", "--json"]).output)["provision"]
    text = " ".join(shown["text"].lower().split())
    assert "police" in text and "federal investigation agency" in text
    assert shown["source"].get("ocr") is True
    assert "OCR" in runner.invoke(cli, ["--home", str(home), "show", "PTPA s 8"]).output
