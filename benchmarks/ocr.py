"""OCR benchmark: pages per second of Tesseract on the scanned gazettes, and the time of a cached
re-ingest of the same files.

    .venv/bin/python benchmarks/ocr.py [--workers N] [PDF ...]

By default it reads the three gazettes of ../shared/corpus/pk that need OCR (two scans, one
garbled layer). The first pass runs with an empty cache (every page OCR'd); then the same files
are read again from the cache, and ingested into a fresh index whose home holds the OCR'd pages
(what a user's re-ingest costs after ``rebuild`` or a changed parser).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qanoon.indexer import ocr  # noqa: E402
from qanoon.indexer.readers import pdf  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pk"
DEFAULT = [
    CORPUS / "federal_prevention-of-trafficking-in-persons-act-2018_gazette.pdf",
    CORPUS / "federal_employment-of-children-act-1991_gazette.pdf",
    CORPUS / "federal_prevention-of-smuggling-of-migrants-act-2018_gazette.pdf",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--workers", type=int, default=None, help="OCR threads (default: all cores)")
    ap.add_argument("--lang", default="eng")
    args = ap.parse_args()
    files = args.pdfs or DEFAULT
    if missing := [f for f in files if not f.exists()]:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if not ocr.available():
        print(f"tesseract/pdftoppm not installed: {ocr.INSTALL}", file=sys.stderr)
        return 2

    from qanoon.indexer.store import cache_dir
    from qanoon.search import Library

    with tempfile.TemporaryDirectory(prefix="qanoon-bench-ocr-") as tmp:
        cache = Path(tmp) / "ocr"
        total_pages, total_time = 0, 0.0
        for f in files:
            data = f.read_bytes()
            n = len(pdf.extract_pages_text(f, data))
            t0 = time.perf_counter()
            def show(done: int, todo: int, _page: int, name: str = f.name) -> None:
                print(f"\r  {name}: page {done}/{todo}", end="", file=sys.stderr)

            ocr.ocr_pages(f, data, n_pages=n, lang=args.lang, cache_dir=cache, workers=args.workers, progress=show)
            dt = time.perf_counter() - t0
            print(file=sys.stderr)
            total_pages += n
            total_time += dt
            print(f"{f.name}: {n} pages in {dt:.1f} s ({n / dt:.2f} pages/s)")
        print(f"OCR: {total_pages} pages in {total_time:.1f} s = {total_pages / total_time:.2f} pages/s "
              f"({args.workers or 'all'} workers, dpi {ocr.DEFAULT_DPI}, psm {ocr.PSM})")

        t0 = time.perf_counter()
        for f in files:
            pdf.read(f, f.read_bytes(), ocr_lang=args.lang, cache_dir=cache)
        print(f"read again from the OCR cache: {time.perf_counter() - t0:.2f} s for {len(files)} files")

        # a user's second ingest: a fresh index whose home already holds the OCR'd pages
        home = Path(tmp) / "home"
        shutil.copytree(cache, cache_dir(home) / "ocr")
        lib = Library(home)
        t0 = time.perf_counter()
        report = lib.ingest(files)
        dt = time.perf_counter() - t0
        print(f"cached re-ingest (fresh index, OCR cache warm): {dt:.2f} s, "
              f"{len(report.by_status('indexed'))} files, {report.units} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
