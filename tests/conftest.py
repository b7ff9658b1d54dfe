"""Shared fixtures. Tests on the real texts in ../shared skip, with the reason, where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not here (a user's clone has none); CI runs these"
)


def shared_file(rel: str) -> Path:
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture(scope="session")
def text_cache() -> Path:
    """PDF text extracted once and kept between test runs (by content hash), so the suite stays fast."""
    path = Path(os.environ.get("QANOON_TEST_CACHE", Path.home() / ".cache" / "qanoon-tests" / "text"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding only the embedded knowledge base (shared by read-only tests)."""
    from qanoon.search import Library

    home = tmp_path_factory.mktemp("kb-home")
    Library(home)
    return home


@pytest.fixture(scope="session")
def kb_lib(kb_home: Path):
    from qanoon.search import Library

    return Library(kb_home)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def read_cached(path: Path):
    """Read a real file as ingest does, with PDF (and OCR) text cached between test runs. A scan
    or a garbled text layer skips the test where Tesseract is missing: its text would be wrong."""
    from qanoon.indexer import ocr
    from qanoon.indexer.errors import NoTextLayerError
    from qanoon.indexer.ingest import _cached_read, file_hash

    data = path.read_bytes()
    cache = Path(os.environ.get("QANOON_TEST_CACHE", Path.home() / ".cache" / "qanoon-tests" / "text"))
    try:
        doc = _cached_read(path, data, file_hash(data), cache)
    except NoTextLayerError:
        if ocr.available():
            raise
        pytest.skip(f"{path.name}: a scan with no text layer, and OCR needs Tesseract, not installed here")
    if doc.extra.get("ocr_awaited"):
        pytest.skip(f"{path.name}: its text layer is garbled and OCR needs Tesseract, not installed here")
    return doc
