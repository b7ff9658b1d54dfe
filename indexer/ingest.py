"""Ingest files into the index: discover, read and parse in parallel, then write once.

Flow: ``discover`` lists supported files (and what it skipped, with why); each new or changed
file is hashed, read (PDF text cached by content hash in the home folder), described and
parsed in a worker process; then every record is written in one transaction. A file that fails
is reported and changes nothing; the others go in. Re-ingesting an unchanged file does nothing;
a changed file replaces its previous version.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qanoon.indexer import ocr as ocr_tools
from qanoon.indexer import readers
from qanoon.indexer.backend import Backend
from qanoon.indexer.clean import clean_text
from qanoon.indexer.corpus_format import KB_DOC
from qanoon.indexer.errors import InputError, NoTextLayerError, QanoonError
from qanoon.indexer.kb_index import PIPELINE_VERSION
from qanoon.indexer.knowledge import KnowledgeBase, default
from qanoon.indexer.metadata import detect, read_sidecar
from qanoon.indexer.models import RawDocument
from qanoon.indexer.processes import die_with_parent
from qanoon.indexer.readers import pdf as pdf_reader
from qanoon.indexer.records import MAX_UNIT_CHARS, unit_records
from qanoon.indexer.structure.tree import parse

CACHED_FORMATS = {".pdf"}
# Bump when a reader changes the text it extracts (the text cache is keyed by it).
READER_VERSION = "5"  # 5: garbled layers kept for want of Tesseract, cached by 4, are read again


@dataclass
class FileOutcome:
    path: str
    status: str            # "indexed" | "unchanged" | "failed" | "skipped"
    reason: str = ""
    instrument_id: str = ""
    title: str = ""
    units: int = 0
    pages: int = 0
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def units(self) -> int:
        return sum(o.units for o in self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": len(self.outcomes), "indexed": len(self.by_status("indexed")),
            "unchanged": len(self.by_status("unchanged")), "failed": len(self.by_status("failed")),
            "skipped": len(self.by_status("skipped")), "units": self.units,
            "outcomes": [vars(o) for o in self.outcomes],
        }


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Supported files under ``paths``; everything else as skipped or failed outcomes.

    Folders are walked without following symbolic links (so a link loop cannot trap the walk),
    and a link to a file outside the folder is not read (a link to /etc/passwd would otherwise be
    indexed and served). A file named directly must exist and be of a supported type; one that
    cannot be looked at (permission denied) fails alone, and the rest go on.
    """
    files: list[Path] = []
    other: list[FileOutcome] = []
    for path in paths:
        try:
            _discover_one(path, files, other)
        except OSError as exc:
            other.append(FileOutcome(str(path), "failed", f"cannot read ({exc.strerror or exc})"))
    return files, other


def _discover_one(path: Path, files: list[Path], other: list[FileOutcome]) -> None:
    """``discover`` for one path: a file named directly, or a folder walked."""
    if not path.is_dir():
        if not path.exists():
            other.append(FileOutcome(str(path), "failed", "no such file or folder"))
        elif not readers.is_supported(path):
            other.append(FileOutcome(str(path), "failed", f"unsupported file type '{path.suffix or '(none)'}'"))
        else:
            files.append(path)
        return
    inside = path.resolve()
    for root, dirs, names in os.walk(path, followlinks=False, onerror=lambda e: other.append(
            FileOutcome(str(e.filename), "failed", f"cannot list folder ({e.strerror or e})"))):
        dirs.sort()
        for name in [d for d in dirs if (Path(root) / d).is_symlink()]:
            other.append(FileOutcome(str(Path(root) / name), "skipped", "symbolic link to a folder (not followed)"))
        for name in sorted(names):
            p = Path(root) / name
            if name.endswith(".qanoon.toml") or name.startswith("."):
                continue
            if p.is_symlink() and not p.exists():
                other.append(FileOutcome(str(p), "skipped", "broken symbolic link"))
            elif p.is_symlink() and not p.resolve().is_relative_to(inside):
                other.append(FileOutcome(str(p), "skipped", "symbolic link to a file outside the folder (not followed)"))
            elif readers.is_supported(p):
                files.append(p)
            else:
                other.append(FileOutcome(str(p), "skipped", f"unsupported type '{p.suffix or '(none)'}'"))


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: Path, data: bytes, cache_dir: Path | None, ocr: bool, ocr_lang: str) -> RawDocument:
    """``readers.read``, with the OCR options for PDFs (OCR'd pages cached under ``cache_dir/ocr``)."""
    if path.suffix.lower() == ".pdf":
        return pdf_reader.read(path, data, ocr=ocr, ocr_lang=ocr_lang, cache_dir=cache_dir / "ocr" if cache_dir else None)
    return readers.read(path, data)


def _cached_read(
    path: Path, data: bytes, digest: str, cache_dir: Path | None, *, ocr: bool = True, ocr_lang: str = "eng",
) -> RawDocument:
    """Read a file, reusing the extracted text of a PDF seen before (by content hash and OCR options)."""
    variant = "" if ocr and ocr_lang == "eng" else f"-ocr-{ocr_lang}" if ocr else "-no-ocr"
    cache = cache_dir / f"{digest}{variant}.r{READER_VERSION}.json" if cache_dir and path.suffix.lower() in CACHED_FORMATS else None
    raw = _cache_entry(cache, ocr)
    if raw is not None:
        if raw.get("no_text_layer"):  # a scan seen before: pdfminer takes long to find nothing
            raise NoTextLayerError(f"{path}: {raw['no_text_layer']}")
        with suppress(KeyError):  # else a damaged entry: read again from the file
            return RawDocument(
                path=path, format=raw["format"], text=raw["text"], page_offsets=tuple(raw["page_offsets"]),
                warnings=tuple(w.replace(raw["path"], str(path)) for w in raw["warnings"]),
                title_hint=raw["title_hint"], extra=raw["extra"],
            )
    try:
        doc = _read(path, data, cache_dir, ocr, ocr_lang)
    except NoTextLayerError as exc:
        if cache:
            _write_cache(cache, {"no_text_layer": str(exc).removeprefix(f"{path}: "), "ocr_awaited": "install with" in str(exc)})
        raise
    if cache:
        _write_cache(cache, {
            "path": str(path), "format": doc.format, "text": doc.text, "page_offsets": list(doc.page_offsets),
            "warnings": list(doc.warnings), "title_hint": doc.title_hint, "extra": doc.extra,
            "ocr_awaited": bool(doc.extra.get("ocr_awaited")),
        })
    return doc


def _cache_entry(cache: Path | None, ocr: bool) -> dict[str, Any] | None:
    """The cache entry to reuse, if any. An entry made while OCR awaited the install of
    Tesseract (a scan, or a garbled layer kept as it was) holds until the install: then the file
    is read again, with OCR. Until then a re-ingest does not spend a minute on each scan finding
    the same nothing."""
    if cache is None or not cache.exists():
        return None
    try:
        raw = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or (raw.get("ocr_awaited") and ocr and ocr_tools.available()):
        return None
    return raw


def _write_cache(cache: Path, entry: dict[str, Any]) -> None:
    """Write a cache entry atomically (a reader never sees half a file)."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(entry), encoding="utf-8")
    os.replace(tmp, cache)


class FileTimeout(BaseException):
    """Raised by the per-file alarm. Not an ``Exception``, so that a reader's catch-all
    (pdfminer raises many types, and pdf.py catches them all) cannot turn it into another error."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise FileTimeout


def process_file(
    path: Path, data: bytes, digest: str, overrides: dict[str, Any], cache_dir: Path | None,
    timeout: float | None = None, kb: KnowledgeBase | None = None, *, ocr: bool = True, ocr_lang: str = "eng",
) -> tuple[FileOutcome, list[dict[str, Any]]]:
    """Read, describe and parse one file into index records. Never raises for a bad file."""
    kb = kb or default()
    outcome = FileOutcome(str(path), "failed", bytes=len(data))
    use_alarm = bool(timeout) and hasattr(signal, "SIGALRM")
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
        # re-armed every 50 ms: an alarm that lands in a place that swallows exceptions (a
        # garbage-collector callback, a destructor) is raised again until it reaches the reader
        # (with a second between tries, a file read in under a second could slip past its limit)
        signal.setitimer(signal.ITIMER_REAL, float(timeout), 0.05)
    try:
        doc = _cached_read(path, data, digest, cache_dir, ocr=ocr, ocr_lang=ocr_lang)
        doc = doc.with_text(clean_text(doc.text), doc.page_offsets)
        meta = detect(doc, kb, overrides)
        inst = kb.get(meta.id)
        known = {p.num: p.heading for p in inst.provisions if p.kind in {"section", "article"}} if inst else None
        parsed = parse(doc.text, meta.title, known=known)
        source = {"file": str(path.resolve()), "sha256": digest, "format": doc.format,
                  **{k: v for k, v in read_sidecar(path).items() if k.startswith("retrieved")}}
        records = list(unit_records(meta, parsed, doc, doc_key(digest), kb, source))
    except QanoonError as exc:
        outcome.reason = str(exc).removeprefix(f"{path}: ")
        return outcome, []
    except FileTimeout:
        outcome.reason = f"took longer than {timeout:g} s (the limit; raise --timeout)"
        return outcome, []
    except RecursionError:
        outcome.reason = "structure too deeply nested to read"
        return outcome, []
    except MemoryError:
        outcome.reason = "not enough memory to read it"
        return outcome, []
    except Exception as exc:  # a bug in a reader or the parser must not stop the other files
        outcome.reason = f"internal error while reading ({exc.__class__.__name__}: {str(exc)[:120]}); please report it"
        return outcome, []
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    outcome.status = "indexed"
    outcome.instrument_id, outcome.title = meta.id, meta.title
    outcome.units = sum(1 for r in records if r["record"] == "provision")
    outcome.pages = int(doc.extra.get("pages", 0))
    outcome.warnings = [*doc.warnings, *parsed.warnings]
    if parts := sum(1 for r in records if r["record"] == "provision" and "(continued, part" in r["data"]["citation"]):
        outcome.warnings.append(f"{parts} continuation record(s): a unit longer than {MAX_UNIT_CHARS:,} characters is kept in parts")
    if outcome.units == 0:
        outcome.warnings.append("no provisions found")
    return outcome, records


def _worker(args: tuple[Any, ...]) -> tuple[FileOutcome, list[dict[str, Any]]]:
    *job, options = args
    return process_file(*job, **options)


def doc_key(digest: str) -> str:
    """The id of a document version in the index: its content hash and the pipeline version, so
    that a Qanoon whose readers or parser changed reads every file again on the next ingest."""
    return hashlib.sha256(f"{PIPELINE_VERSION}:{digest}".encode()).hexdigest()[:16]


def registered(backend: Backend) -> dict[str, str]:
    """Ingested files: source path → document key (from the instrument records)."""
    out = {}
    for rec in backend.records(record="instrument"):
        src = rec.get("data", {}).get("source", {})
        if rec.get("doc_id") != KB_DOC and src.get("file"):
            out[src["file"]] = rec.get("doc_id", "")
    return out


# Called after each file read: its outcome, and the bytes read so far of all the files to read
# (a progress bar counts bytes: a file count reached 92% in seconds, then sat on one large PDF).
Progress = Callable[[FileOutcome, int, int], None]


def ingest(
    paths: Iterable[Path], backend: Backend, *, cache_dir: Path | None = None,
    overrides: dict[str, Any] | None = None, workers: int | None = None,
    max_bytes: int = readers.DEFAULT_MAX_BYTES, timeout: float | None = 300.0,
    progress: Progress | None = None, kb: KnowledgeBase | None = None,
    ocr: bool = True, ocr_lang: str = "eng",
) -> IngestReport:
    """Ingest ``paths`` (files or folders) into ``backend``; see the module docstring."""
    files, others = discover([Path(p) for p in paths])
    report = IngestReport(outcomes=list(others))
    known = registered(backend)
    known_hashes = set(known.values())
    jobs = []
    first_of: dict[tuple[str, str], Path] = {}     # (content hash, extension) → first file read with it
    copies: list[tuple[Path, Path]] = []           # (file, the earlier file with the same content)
    for path in files:
        try:
            data = readers.read_bytes(path, max_bytes)
        except InputError as exc:
            report.outcomes.append(FileOutcome(str(path), "failed", str(exc).removeprefix(f"{path}: ")))
            continue
        digest = file_hash(data)
        if doc_key(digest) in known_hashes:
            report.outcomes.append(FileOutcome(str(path), "unchanged", "already indexed (same content)"))
            continue
        key = (doc_key(digest), path.suffix.lower())
        if key in first_of:
            copies.append((path, first_of[key]))
            continue
        first_of[key] = path
        jobs.append((path, data, digest, overrides or {}, cache_dir, timeout, {"ocr": ocr, "ocr_lang": ocr_lang}))
    results: list[tuple[FileOutcome, list[dict[str, Any]], Path]] = []
    n_workers = min(workers or os.cpu_count() or 1, len(jobs))
    total = sum(len(job[1]) for job in jobs)
    size = {job[0]: len(job[1]) for job in jobs}
    done = 0
    if n_workers > 1:
        with ProcessPoolExecutor(max_workers=n_workers, initializer=die_with_parent) as pool:
            futures = {pool.submit(_worker, job): job[0] for job in jobs}
            for fut in as_completed(futures):
                try:
                    outcome, records = fut.result()
                except Exception as exc:  # BrokenProcessPool: the worker died (killed, out of memory)
                    outcome = FileOutcome(str(futures[fut]), "failed", f"reader process died ({exc.__class__.__name__})")
                    records = []
                results.append((outcome, records, futures[fut]))
                done += size[futures[fut]]
                if progress:
                    progress(outcome, done, total)
    else:
        for job in jobs:
            *args, options = job
            outcome, records = process_file(*args, kb=kb, **options)
            results.append((outcome, records, job[0]))
            done += size[job[0]]
            if progress:
                progress(outcome, done, total)
    good = [(o, r, p) for o, r, p in results if o.status == "indexed"]
    if good:
        with backend.transaction() as txn:
            # Another ingest may have committed while these files were read: look again, under
            # the write lock, so that nothing is added twice and the right old version goes.
            known = registered(backend)
            known_hashes = set(known.values())
            for outcome, records, path in good:
                digest = records[0]["doc_id"] if records else ""
                if digest and digest in known_hashes:
                    outcome.status, outcome.reason, outcome.units = "unchanged", "already indexed (same content)", 0
                    continue
                old = known.get(str(path.resolve()))
                if old:
                    txn.delete_doc(old)
                for rec in records:
                    txn.add(rec)
                known_hashes.add(digest)
    by_path = {p: o for o, _r, p in results}
    for path, first in copies:   # a copy fares as the file it copies
        o = by_path[first]
        if o.status in ("indexed", "unchanged"):
            results.append((FileOutcome(str(path), "unchanged", f"same content as {first}"), [], path))
        else:
            results.append((FileOutcome(str(path), "failed", f"{o.reason} (same content as {first.name})"), [], path))
    report.outcomes.extend(o for o, _r, _p in sorted(results, key=lambda t: str(t[2])))
    return report
