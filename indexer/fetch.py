"""Download official texts whose addresses the knowledge base records, into the home cache.

Only what is asked for is fetched, one file per instrument, saved under ``<home>/downloads``
with its retrieval date and address in a sidecar (so the ingested document records where it
came from and when). Offline, or when a server fails, it says so plainly and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qanoon.indexer.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
_EXT = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt", "application/xhtml+xml": ".html"}


@dataclass
class Download:
    instrument_id: str
    url: str
    path: Path | None = None
    error: str = ""


def _ext(url: str, content_type: str) -> str:
    kind = content_type.split(";")[0].strip().lower()
    if kind in _EXT:
        return _EXT[kind]
    suffix = Path(urllib.request.urlparse(url).path).suffix.lower()
    return suffix if suffix in {".pdf", ".html", ".htm", ".txt", ".md", ".xml"} else ".html"


def download(instrument_id: str, url: str, folder: Path, timeout: float = 30.0) -> Download:
    """Fetch one address; never raises for a network failure (the error is in the result)."""
    result = Download(instrument_id, url)
    if not url.startswith(("http://", "https://")):
        result.error = "no web address recorded"
        return result
    try:
        req = urllib.request.Request(url, headers={"User-Agent": "qanoon/0.1 (+legal research tool)"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only, checked above)
            data = resp.read(MAX_BYTES + 1)
            ctype = resp.headers.get("Content-Type", "")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        result.error = f"could not reach {urllib.request.urlparse(url).netloc or url} ({reason})"
        return result
    if len(data) > MAX_BYTES:
        result.error = f"larger than {MAX_BYTES // (1024 * 1024)} MB; not saved"
        return result
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", instrument_id.lower()).strip("-")
    path = folder / f"{slug}{_ext(url, ctype)}"
    path.write_bytes(data)
    today = dt.date.today().isoformat()
    path.with_name(path.name + ".qanoon.toml").write_text(
        f'id = "{instrument_id}"\nretrieved_from = "{url}"\nretrieved_on = "{today}"\n', encoding="utf-8"
    )
    result.path = path
    return result


def fetch_all(targets: dict[str, str], folder: Path, progress: Callable[[Download], None] | None = None,
              timeout: float = 30.0) -> list[Download]:
    """Download every (instrument id → address); report each as it finishes."""
    if not targets:
        raise InputError("nothing to fetch: no instrument with a recorded web address matches")
    out = []
    for iid, url in targets.items():
        d = download(iid, url, folder, timeout)
        out.append(d)
        if progress:
            progress(d)
    return out
