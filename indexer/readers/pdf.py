"""PDF through pdfminer.six, page by page.

pdfminer is imported inside ``extract_pages_text`` so that searching never loads it. Pages are
cleaned (running headers, page numbers, gazette price lines) before they are joined, and their
offsets kept so citations can name a page. A PDF without usable text is refused by name.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from indexer.clean import clean_pages
from indexer.errors import InputError, NoTextLayerError
from indexer.models import RawDocument

MIN_CHARS_PER_PAGE = 40
_WORD = re.compile(r"[A-Za-z]{2,}")


def extract_pages_text(path: Path, data: bytes) -> list[str]:
    """Text of every page, as pdfminer lays it out."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{path}: not a PDF (no %PDF header)")
    pages: list[str] = []
    try:
        for layout in extract_pages(io.BytesIO(data)):
            pages.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(f"{path}: encrypted PDF; supply an unlocked copy") from None
    except (PDFSyntaxError, PSException) as exc:
        raise InputError(f"{path}: damaged or truncated PDF ({exc.__class__.__name__})") from None
    except Exception as exc:  # pdfminer raises many internal types on broken files
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise InputError(f"{path}: encrypted PDF; supply an unlocked copy") from None
        raise InputError(f"{path}: unreadable PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if not pages:
        raise InputError(f"{path}: PDF has no pages (empty or truncated file)")
    return pages


def text_layer_quality(pages: list[str]) -> float:
    """Share of characters that belong to real-looking words (letters, 2+ long)."""
    text = "".join(pages)
    letters = sum(len(w) for w in _WORD.findall(text))
    visible = sum(1 for ch in text if not ch.isspace())
    return letters / visible if visible else 0.0


def read(path: Path, data: bytes) -> RawDocument:
    pages = extract_pages_text(path, data)
    chars = sum(len(p.strip()) for p in pages)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) * 0.1 or chars < MIN_CHARS_PER_PAGE:
        raise NoTextLayerError(
            f"{path}: no text layer ({len(pages)} scanned page(s)); OCR it or supply a text version"
        )
    pages = clean_pages(pages)
    offsets, parts, pos = [], [], 0
    for page in pages:
        offsets.append(pos)
        parts.append(page)
        pos += len(page) + 1
    warnings = []
    if text_layer_quality(pages) < 0.5:
        warnings.append(f"{path}: text layer looks garbled; results may be poor (OCR would help)")
    return RawDocument(
        path=path, format="pdf", text="\n".join(parts), page_offsets=tuple(offsets),
        warnings=tuple(warnings), extra={"pages": len(pages)},
    )
