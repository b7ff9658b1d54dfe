"""OCR for scanned gazettes: render pages with poppler's ``pdftoppm``, read them with Tesseract.

Both are run as programs (``subprocess``), so OCR adds no Python dependency; where either is
missing, ``ocr_pages`` raises ``NoTextLayerError`` naming the file and the one command that installs
them. Pages are read in parallel (threads: the work happens in the child processes, each told to
use one core), a progress callback hears of every page, and each page's text is cached by the
file's content hash, the languages and the resolution, so a re-ingest or a resumed run reads no
page twice.

``text_quality`` judges a text layer, not only its presence: the share of lower-case words that
are real words (from the legal vocabulary of ``corpus/`` and a list of common English words),
less a penalty for odd character mixes (``ofPakistan``, ``pa)ment``, ``REcTsTERED``). A clean page
of an Act scores about 0.9; the garbled layer of the PSMA 2018 gazette scores 0.3-0.7.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qanoon.indexer.errors import NoTextLayerError

INSTALL = "apt-get install tesseract-ocr poppler-utils"
DEFAULT_DPI = 300
# Tesseract page segmentation: 4 reads one column of lines of varying size, which keeps a section
# number on the line of its heading where 3 (automatic) splits hanging indents into columns.
PSM = 4
PAGE_TIMEOUT = 120.0           # seconds for one page (render + OCR)
USABLE_PAGE = 0.5              # below this, a page's text layer is not worth keeping
USABLE_DOCUMENT = 0.75         # below this on average, the whole layer is an old, bad OCR run
MIN_WORDS = 20                 # fewer lower-case words than this: too little text to judge

Progress = Callable[[int, int, int], None]   # (pages done, pages to do, page number just read)

_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
_STRIP = "\"'“”‘’`()[]{}<>.,;:!?-—–_*|"
_LOWER_WORD = re.compile(r"[a-z]{2,}")
# letters broken by a non-letter ("pa)ment", "offent,e", "i€signaled") or a capital inside
# a lower-case run ("ofPakistan", "REcTsTERED", "lN")
_ODD = re.compile(r"[A-Za-z][^A-Za-z\-'’/&.]+[A-Za-z]|[a-z][A-Z]")
_COMMON = """a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every few for from
further had has have having he her here hers him his how however i if in into is it its itself just least
less like made make many may me might more most much must my neither no nor not now of off often on once
only or other otherwise our out over own per same she should since so some such than that the their them
then there these they this those through thus to too under until up upon us very was we were what when
where whether which while who whom whose why will with within without would yet you your
hereby herein hereof hereto thereof therein thereto thereunder whereas whereof said shall unless""".split()


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Lower-case words known to be real: common English plus every word of the legal texts in
    ``corpus/`` (about 6,000 words of statute English)."""
    words = set(_COMMON)
    if _CORPUS_DIR.is_dir():
        for path in _CORPUS_DIR.rglob("*.md"):
            try:
                words.update(_LOWER_WORD.findall(path.read_text(encoding="utf-8", errors="replace").lower()))
            except OSError:
                continue
    return frozenset(words)


@dataclass(frozen=True)
class TextQuality:
    """How real a page's text looks. ``score`` is ``known - 2 * odd``; ``words`` is the number of
    lower-case words it was judged on (names and tables are mostly capitalised or numbers, so
    judging lower-case words keeps a list of officers' names from looking garbled)."""

    known: float
    odd: float
    words: int
    chars: int

    @property
    def score(self) -> float:
        return self.known - 2 * self.odd

    @property
    def judged(self) -> bool:
        return self.words >= MIN_WORDS

    @property
    def usable(self) -> bool:
        """Worth keeping: some text, and either too little to judge or judged fair."""
        return self.chars >= 40 and (not self.judged or self.score >= USABLE_PAGE)


def text_quality(text: str) -> TextQuality:
    """Score one page's text (see ``TextQuality``)."""
    vocab = vocabulary()
    tokens = [t.strip(_STRIP) for t in text.split()]
    tokens = [t for t in tokens if t]
    lower = [t for t in tokens if _LOWER_WORD.fullmatch(t)]
    known = sum(1 for t in lower if t in vocab)
    odd = sum(1 for t in tokens if _ODD.search(t) and not re.fullmatch(r"[A-Z0-9().,\-/]+", t))
    chars = sum(1 for ch in text if not ch.isspace())
    return TextQuality(
        known=known / len(lower) if lower else 0.0, odd=odd / len(tokens) if tokens else 0.0,
        words=len(lower), chars=chars,
    )


def layer_is_garbled(pages: list[str]) -> bool:
    """True when the pages that carry text score, on average (weighted by words), below
    ``USABLE_DOCUMENT``: a layer left by a bad OCR run, better read again than patched."""
    judged = [q for q in map(text_quality, pages) if q.judged]
    if not judged:
        return False
    total = sum(q.words for q in judged)
    return sum(q.score * q.words for q in judged) / total < USABLE_DOCUMENT


# --- running the programs ------------------------------------------------------------------


def missing_tools() -> list[str]:
    return [tool for tool in ("pdftoppm", "tesseract") if shutil.which(tool) is None]


def available() -> bool:
    return not missing_tools()


@lru_cache(maxsize=4)
def installed_languages(tesseract: str = "tesseract") -> frozenset[str]:
    try:
        out = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(ln.strip() for ln in (out.stdout + out.stderr).splitlines()[1:] if ln.strip() and " " not in ln.strip())


def check_tools(path: Path, lang: str) -> None:
    """Raise ``NoTextLayerError`` (one line: the file, what is missing, the command) unless
    ``pdftoppm``, ``tesseract`` and the language data for ``lang`` are all installed."""
    if missing := missing_tools():
        raise NoTextLayerError(
            f"{path}: no usable text layer, and OCR needs {' and '.join(missing)}, not installed; install with: {INSTALL}"
        )
    have = installed_languages()
    lacking = [code for code in lang.split("+") if code and code not in have]
    if have and lacking:
        pkgs = " ".join(f"tesseract-ocr-{code}" for code in lacking)
        raise NoTextLayerError(
            f"{path}: OCR language {'+'.join(lacking)} is not installed; install with: apt-get install {pkgs}"
        )


def _cache_folder(cache_dir: Path, digest: str, lang: str, dpi: int) -> Path:
    return cache_dir / digest[:2] / f"{digest}-{lang}-{dpi}-psm{PSM}"


class _Runner:
    """Runs child processes and kills them all if the caller is interrupted (the ingest's
    per-file alarm, Ctrl-C), so no Tesseract keeps running for a file given up on."""

    def __init__(self) -> None:
        self.procs: set[subprocess.Popen[bytes]] = set()
        self.lock = threading.Lock()
        self.stopped = False

    def run(self, cmd: list[str], timeout: float) -> bytes:
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}   # one core per page: pages run in parallel
        with self.lock:
            if self.stopped:
                raise RuntimeError("OCR stopped")
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            self.procs.add(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise RuntimeError(f"{cmd[0]} took longer than {timeout:g} s") from None
        finally:
            with self.lock:
                self.procs.discard(proc)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {err.decode(errors='replace').strip()[-200:]}")
        return out

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for proc in self.procs:
                proc.kill()


def _ocr_page(runner: _Runner, pdf: Path, tmp: Path, page: int, lang: str, dpi: int) -> str:
    root = tmp / f"p{page}"
    runner.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(page), "-l", str(page),
                str(pdf), str(root)], PAGE_TIMEOUT)
    image = root.with_suffix(".pgm")
    try:
        out = runner.run(["tesseract", str(image), "stdout", "-l", lang, "--psm", str(PSM)], PAGE_TIMEOUT)
    finally:
        image.unlink(missing_ok=True)
    return out.decode("utf-8", errors="replace").replace("\f", "")


def ocr_pages(
    path: Path, data: bytes, pages: list[int] | None = None, *, n_pages: int | None = None,
    lang: str = "eng", dpi: int = DEFAULT_DPI, cache_dir: Path | None = None,
    workers: int | None = None, progress: Progress | None = None,
) -> dict[int, str]:
    """OCR the given 1-based ``pages`` of the PDF in ``data`` (all ``n_pages`` when None).

    Returns page number → text. Cached pages are not read again; ``progress`` is called after
    every page (cached ones included). Raises ``NoTextLayerError`` when the programs are
    missing or a page cannot be read.
    """
    if pages is None:
        if n_pages is None:
            raise ValueError("pass pages or n_pages")
        pages = list(range(1, n_pages + 1))
    digest = hashlib.sha256(data).hexdigest()
    folder = _cache_folder(cache_dir, digest, lang, dpi) if cache_dir else None
    result: dict[int, str] = {}
    todo: list[int] = []
    for page in pages:
        hit = folder / f"{page:04d}.txt" if folder else None
        if hit and hit.exists():
            try:
                result[page] = hit.read_text(encoding="utf-8")
                continue
            except OSError:
                pass
        todo.append(page)
    total = len(pages)
    done = 0
    for page in sorted(result):
        done += 1
        if progress:
            progress(done, total, page)
    if not todo:
        return result
    check_tools(path, lang)
    runner = _Runner()
    n_workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    with tempfile.TemporaryDirectory(prefix="qanoon-ocr-") as tmpname:
        tmp = Path(tmpname)
        pdf = tmp / "in.pdf"
        pdf.write_bytes(data)
        pool = ThreadPoolExecutor(max_workers=n_workers)
        try:
            futures = {pool.submit(_ocr_page, runner, pdf, tmp, page, lang, dpi): page for page in todo}
            for fut in as_completed(futures):
                page = futures[fut]
                try:
                    text = fut.result()
                except (RuntimeError, OSError) as exc:
                    raise NoTextLayerError(f"{path}: OCR of page {page} failed ({exc})") from None
                result[page] = text
                if folder:
                    folder.mkdir(parents=True, exist_ok=True)
                    tmpfile = folder / f"{page:04d}.{os.getpid()}.{threading.get_ident()}.tmp"
                    tmpfile.write_text(text, encoding="utf-8")
                    os.replace(tmpfile, folder / f"{page:04d}.txt")
                done += 1
                if progress:
                    progress(done, total, page)
        except BaseException:
            runner.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    return result
