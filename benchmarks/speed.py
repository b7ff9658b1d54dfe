"""Speed benchmark: ingest throughput and search latency.

    python benchmarks/speed.py [--corpus ../shared/corpus] [--queries N]

Prints: ingest of the whole corpus from a cold text cache (pages/s, MB/s), the same files
again with the cache warm into a fresh home, an unchanged re-ingest, the cold wall time of
`qanoon search` as a new process, and the warm median and 95th percentile of search latency
over the development queries. Figures are medians of one run on this machine; compare ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qanoon.search import Library  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the queries for latency")
    args = ap.parse_args()
    folders = [args.corpus / d for d in ("pk", "intl", "html") if (args.corpus / d).exists()]
    with tempfile.TemporaryDirectory() as tmp:
        cold = Library(Path(tmp) / "cold")
        t = time.perf_counter()
        report = cold.ingest(folders)
        secs = time.perf_counter() - t
        pages = sum(o.pages for o in report.outcomes)
        mb = sum(o.bytes for o in report.outcomes if o.status == "indexed") / 1e6
        print(f"ingest, cold cache: {len(report.by_status('indexed'))} files, {pages} PDF pages, {mb:.1f} MB in {secs:.1f} s "
              f"= {pages / secs:.1f} pages/s, {mb / secs:.2f} MB/s")
        warm = Path(tmp) / "warm"
        shutil.copytree(Path(tmp) / "cold" / "cache", warm / "cache")  # the text cache lives in the home
        t = time.perf_counter()
        Library(warm).ingest(folders)
        print(f"ingest, warm text cache (new index): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        cold.ingest(folders)
        print(f"re-ingest, nothing changed: {time.perf_counter() - t:.1f} s")
        exe = Path(sys.executable).with_name("qanoon")
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([str(exe), "--home", str(Path(tmp) / "cold"), "search", "punishment for trafficking a child"],
                           check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        print(f"cold `qanoon search` (new process): median {statistics.median(runs):.2f} s")
        queries = [ln.split("\t")[1] for ln in (SHARED / "eval" / "queries_dev.tsv").read_text().splitlines()
                   if ln and not ln.startswith("#")] if (SHARED / "eval").exists() else ["bonded labour", "PTPA s 3"]
        cold.search(queries[0])
        lat = []
        for _ in range(args.repeat):
            for q in queries:
                t = time.perf_counter()
                cold.search(q)
                lat.append(time.perf_counter() - t)
        lat.sort()
        print(f"warm search latency over {len(lat)} searches: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {lat[int(len(lat) * 0.95) - 1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
