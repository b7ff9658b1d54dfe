"""PDF through pdfminer.six, page by page.

pdfminer is imported inside ``extract_pages_text`` so that searching never loads it. Pages are
cleaned (running headers, page numbers, gazette price lines) before they are joined, and their
offsets kept so citations can name a page. Pages with no usable text (a scan, or a garbled layer
left by an old OCR run) are read by OCR where Tesseract is installed (``indexer.ocr``); without
it, a PDF with no text layer is refused by name, with the command that installs it.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qanoon.indexer import ocr as ocr_mod
from qanoon.indexer.clean import clean_pages
from qanoon.indexer.errors import InputError, NoTextLayerError
from qanoon.indexer.models import RawDocument

MIN_CHARS_PER_PAGE = 40


def _has_image(obj: object) -> bool:
    from pdfminer.layout import LTImage

    if isinstance(obj, LTImage):
        return True
    try:
        return any(_has_image(child) for child in obj)  # type: ignore[attr-defined]
    except TypeError:
        return False


class _Collect(logging.Handler):
    """pdfminer's log messages, kept for the document's warnings instead of printed to stderr
    (where they were unnamed lines, some naming ``<_io.BytesIO object at 0x...>``)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = " ".join(record.getMessage().split())
        if text not in self.messages:
            self.messages.append(text)


@contextmanager
def pdfminer_messages(path: Path, warnings: list[str], keep: int = 3) -> Iterator[None]:
    """Route pdfminer's warnings into ``warnings``, one line each, naming the file."""
    logger = logging.getLogger("pdfminer")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        for text in handler.messages[:keep]:
            warnings.append(f"{path}: {_BYTES_IO.sub(str(path), text)}")
        if len(handler.messages) > keep:
            warnings.append(f"{path}: and {len(handler.messages) - keep} more PDF reader warning(s)")


_BYTES_IO = re.compile(r"<_io\.BytesIO object at 0x[0-9a-f]+>")


def extract_pages_text(path: Path, data: bytes, images: list[bool] | None = None, warnings: list[str] | None = None) -> list[str]:
    """Text of every page, as pdfminer lays it out; ``images``, when given, is filled with
    whether each page carries an image (a scan), since blank pages need no OCR; ``warnings``
    receives what pdfminer had to say, naming the file."""
    with pdfminer_messages(path, warnings if warnings is not None else []):
        return _extract(path, data, images)


def _extract(path: Path, data: bytes, images: list[bool] | None) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{path}: not a PDF (no %PDF header)")
    pages: list[str] = []
    try:
        # text boxes in page order, top to bottom: pdfminer's default flow puts some ILO and
        # provincial PDFs' article text before its "Article N" line, leaving articles empty
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams(boxes_flow=None)):
            pages.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
            if images is not None:
                images.append(_has_image(layout))
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


def read(
    path: Path, data: bytes, *, ocr: bool = True, ocr_lang: str = "eng", cache_dir: Path | None = None,
    ocr_workers: int | None = None, ocr_progress: ocr_mod.Progress | None = None,
) -> RawDocument:
    """Read a PDF's text layer; with ``ocr``, pages without usable text (or every page, when the
    whole layer is garbled) are read with Tesseract instead (see ``indexer.ocr``). OCR'd text is
    cached under ``cache_dir`` by content hash. An OCR'd document has ``extra["ocr"] = True``,
    ``extra["ocr_pages"]`` (the page numbers) and a warning saying so. A garbled layer kept
    because Tesseract is not installed has ``extra["ocr_awaited"] = True``."""
    images: list[bool] = []
    warnings: list[str] = []
    pages = extract_pages_text(path, data, images, warnings)
    chars = sum(len(p.strip()) for p in pages)
    no_layer = chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) * 0.1 or chars < MIN_CHARS_PER_PAGE
    ocr_done: list[int] = []
    ocr_awaited = False  # OCR was wanted but could not run: a reading not worth caching
    if no_layer:
        if not ocr:
            raise NoTextLayerError(
                f"{path}: no text layer ({len(pages)} scanned page(s)); OCR is off (drop --no-ocr) or supply a text version"
            )
        todo = [n for n, has_image in enumerate(images, 1) if has_image]
        if not todo:
            raise InputError(f"{path}: no text and no scanned images on its {len(pages)} page(s) (blank pages)")
    elif ocr and ocr_mod.layer_is_garbled(pages):
        todo = list(range(1, len(pages) + 1))
    elif ocr:
        todo = [n for n, page in enumerate(pages, 1) if not ocr_mod.text_quality(page).usable and page.strip()
                or (not page.strip() and len(pages) > 1)]
    else:
        todo = []
    if todo:
        try:
            texts = ocr_mod.ocr_pages(path, data, todo, lang=ocr_lang, cache_dir=cache_dir,
                                      workers=ocr_workers, progress=ocr_progress)
        except NoTextLayerError as exc:
            if no_layer:
                raise
            # a layer is there, only poor: keep it, and say how OCR would be had
            warnings.append(f"{path}: text layer looks garbled; kept as it is ({str(exc).removeprefix(f'{path}: ')})")
            ocr_awaited = True
            texts = {}
        whole = len(todo) == len(pages)
        for n, text in texts.items():
            # one blank or picture page in a good layer: keep OCR'd text only where it reads as text
            if whole or ocr_mod.text_quality(text).usable:
                pages[n - 1] = text
                ocr_done.append(n)
        ocr_done.sort()
    if not ocr_done and not no_layer and not ocr and ocr_mod.layer_is_garbled(pages):
        warnings.append(f"{path}: text layer looks garbled; results may be poor (OCR is off)")
    pages = clean_pages(pages)
    offsets, parts, pos = [], [], 0
    for page in pages:
        offsets.append(pos)
        parts.append(page)
        pos += len(page) + 1
    extra: dict = {"pages": len(pages)}
    if ocr_awaited:
        extra["ocr_awaited"] = True
    if ocr_done:
        extra.update(ocr=True, ocr_pages=ocr_done, ocr_lang=ocr_lang)
        which = "all pages" if len(ocr_done) == len(pages) else f"page(s) {_ranges(ocr_done)}"
        why = "no text layer" if no_layer else "text layer garbled" if len(ocr_done) == len(pages) else "no usable text"
        warnings.append(f"{path}: read by OCR ({which}; {why}); check quotations against the gazette")
    text = "\n".join(parts)
    if not text.strip():
        raise NoTextLayerError(f"{path}: no text found, even by OCR ({len(pages)} page(s))")
    return RawDocument(
        path=path, format="pdf", text=text, page_offsets=tuple(offsets),
        warnings=tuple(warnings), extra=extra,
    )


def _ranges(nums: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1-3, 7"``."""
    out: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
