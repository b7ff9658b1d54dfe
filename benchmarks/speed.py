"""Speed benchmark: ingest throughput, and search latency side by side per engine and scale.

    python benchmarks/speed.py [--corpus ../shared/corpus] [--scales 1,10,50] [--engines whoosh,tantivy]
                               [--no-ingest] [--repeat 3]

Prints, in one run on one machine:
- ingest of the whole shared corpus from a cold text cache (pages/s, MB/s), the same files again
  with the cache warm into a fresh home, and an unchanged re-ingest (skip with --no-ingest);
- per engine (tantivy where it is installed) and scale: the units indexed; Qanoon's warm search
  median and 95th percentile over the development and held-out questions; the plain engine
  query over the same index (the words typed, four fields, the engine's stock scoring: what the
  engine costs on its own); the median of five cold `qanoon search` runs as new processes; the
  peak memory (RSS) of the process that searched; and, on Whoosh, Qanoon's median with its query
  evaluated by Whoosh itself rather than by the block scorer (`indexer/whoosh_scoring.py`);
- the import floor: a new process running `import click, whoosh`; and per engine and scale its
  own cold search, with no Qanoon code (`engine cold`: the engine opens the index and runs the
  plain query in a new process), below which a cold `qanoon search` cannot go.
Cold runs and the floor run with Python's bytecode cache on, as on a user's machine, each after
one unmeasured run.

Scale 1 is the shared corpus ingested. Scale N adds N-1 copies of every ingested provision as
distinct instruments (own ids, titles and documents), written straight to the index: the texts
are real, the collection is N times the size. Homes are kept in benchmarks/out/speed/ and reused
while their index is of this version's schema. Figures are from one run: compare the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "benchmarks" / "out" / "speed"
sys.path.insert(0, str(ROOT))

from qanoon.indexer.backend import schema_is_current  # noqa: E402
from qanoon.search import Library  # noqa: E402
from qanoon.search.engine import Options  # noqa: E402


def questions() -> list[str]:
    files = [SHARED / "eval" / "queries_dev.tsv", *sorted((ROOT / "benchmarks").glob("heldout*/queries.tsv"))]
    qs = [ln.split("\t")[1] for f in files if f.exists() for ln in f.read_text(encoding="utf-8").splitlines()
          if ln and not ln.startswith("#")]
    return qs or ["bonded labour", "PTPA s 3", "punishment for trafficking a child"]


def folders(corpus: Path) -> list[Path]:
    return [corpus / d for d in ("pk", "intl", "html") if (corpus / d).exists()]


def ingest_figures(corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cold = Library(Path(tmp) / "cold")
        t = time.perf_counter()
        report = cold.ingest(folders(corpus))
        secs = time.perf_counter() - t
        pages = sum(o.pages for o in report.outcomes)
        mb = sum(o.bytes for o in report.outcomes if o.status == "indexed") / 1e6
        print(f"ingest, cold cache: {len(report.by_status('indexed'))} files, {pages} PDF pages, {mb:.1f} MB in {secs:.1f} s "
              f"= {pages / secs:.1f} pages/s, {mb / secs:.2f} MB/s")
        warm = Path(tmp) / "warm"
        shutil.copytree(Path(tmp) / "cold" / "cache", warm / "cache")  # the text cache lives in the home
        t = time.perf_counter()
        Library(warm).ingest(folders(corpus))
        print(f"ingest, warm text cache (new index): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        cold.ingest(folders(corpus))
        print(f"re-ingest, nothing changed: {time.perf_counter() - t:.1f} s")
        OUT.mkdir(parents=True, exist_ok=True)
        if not (OUT / "text-cache").exists():
            shutil.copytree(Path(tmp) / "cold" / "cache", OUT / "text-cache")


def units(lib: Library) -> int:
    return sum(1 for r in lib.backend.records(record="provision"))


def build(engine: str, scale: int, corpus: Path) -> Path:
    """The home of ``engine`` at ``scale``, built (or reused) under benchmarks/out/speed."""
    home = OUT / f"{engine}-{scale}x"
    marker = home / "speed-units.json"
    base = OUT / f"{engine}-1x"
    if marker.exists() and schema_is_current(home / "index"):
        return home
    shutil.rmtree(home, ignore_errors=True)
    if scale == 1:
        if (OUT / "text-cache").exists():
            shutil.copytree(OUT / "text-cache", home / "cache")
        lib = Library(home, engine=engine)
        t = time.perf_counter()
        lib.ingest(folders(corpus))
        print(f"  ({engine} 1x: ingest {time.perf_counter() - t:.0f} s)", flush=True)
    else:
        build(engine, 1, corpus)
        shutil.copytree(base, home, ignore=shutil.ignore_patterns("speed-units.json", "cache"))
        lib = Library(home)
        originals = [r for r in Library(base).backend.records(record="provision") if r.get("doc_id") != "kb"]
        t = time.perf_counter()
        for n in range(2, scale + 1):
            with lib.backend.transaction() as txn:
                for r in originals:
                    txn.add(copy_of(r, n))
        print(f"  ({engine} {scale}x: {len(originals) * (scale - 1)} copied units written in {time.perf_counter() - t:.0f} s)", flush=True)
    marker.write_text(json.dumps({"units": units(Library(home))}))
    return home


def copy_of(record: dict, n: int) -> dict:
    """A provision as the n-th distinct instrument: its own ids, title and document."""
    r = {k: v for k, v in record.items() if v is not None}
    r["instrument_id"] = f"{record['instrument_id']}-copy{n}"
    r["doc_id"] = f"{record['doc_id']}-copy{n}"
    r["id"] = f"{record['id']}-copy{n}"
    r["title"] = f"{record.get('title', '')} (copy {n})"
    return r


def measure(home: Path, repeat: int) -> dict:
    """Run in a child process: warm latencies of Qanoon and of the plain engine query, and RSS."""
    lib = Library(home)
    qs = questions()
    for q in qs:
        lib.search(q)
    ours, plain = [], []
    for _ in range(repeat):
        for q in qs:
            t = time.perf_counter()
            lib.search(q)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            lib.search(q, Options(plain=True))
            plain.append(time.perf_counter() - t)
    rss_mb = peak_rss_mb()   # before counting reads every record
    stock: list[float] = []
    if type(lib.backend).__name__ == "WhooshBackend":
        # Qanoon's query as Whoosh itself evaluates it, without the block scorer: what that buys
        from qanoon.indexer import whoosh_backend

        whoosh_backend.top_documents = lambda *args: None
        for _ in range(repeat):
            for q in qs:
                t = time.perf_counter()
                lib.search(q)
                stock.append(time.perf_counter() - t)
    return {"units": units(lib), "ours": ours, "plain": plain, "stock": stock, "questions": len(qs), "rss_mb": rss_mb}


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program. Linux keeps
    ``ru_maxrss`` across exec, so a child of the process that has just built a large home
    reported the builder's peak (551 MB for tantivy at 50x); ``VmHWM`` belongs to the program."""
    with suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bytecode_env() -> dict[str, str]:
    """The environment with Python's bytecode cache on, as a user's Python has it (some
    sandboxes set PYTHONDONTWRITEBYTECODE, which makes every new process compile the package)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _median_run(cmd: list[str], runs: int) -> float:
    """The median time of ``runs`` runs of ``cmd`` as new processes, after one unmeasured run
    that writes the bytecode cache."""
    env = _bytecode_env()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


COLD_QUESTION = "punishment for trafficking a child"


def cold(home: Path) -> float:
    exe = Path(sys.executable).with_name("qanoon")
    return _median_run([str(exe), "--home", str(home), "search", COLD_QUESTION], 5)


def floor() -> float:
    return _median_run([sys.executable, "-c", "import click, whoosh"], 5)


# The engine's own cold search, with no Qanoon code: import click and the engine, open the index,
# score the question's words (analysed here, as the index holds them) over the four text fields
# of the plain query, and read the ten best records. What a cold `qanoon search` cannot go below.
_ENGINE_COLD = {
    "whoosh": """import click
from whoosh import index
from whoosh.query import Or, Term
ix = index.open_dir({folder!r})
with ix.searcher() as s:
    for hit in s.search(Or([Term(f, t) for f in {fields!r} for t in {words!r}]), limit=10):
        hit.fields()
""",
    "tantivy": """import click, tantivy
ix = tantivy.Index.open({folder!r})
s = ix.searcher()
q = tantivy.Query.boolean_query([(tantivy.Occur.Should, tantivy.Query.term_query(ix.schema, f, t))
                                 for f in {fields!r} for t in {words!r}])
for _, address in s.search(q, 10).hits:
    s.doc(address)
""",
}


def engine_cold(engine: str, home: Path) -> float:
    from qanoon.indexer.analysis import terms

    program = _ENGINE_COLD[engine].format(folder=str(home / "index"), fields=["title", "heading", "summary", "body"],
                                          words=terms(COLD_QUESTION))
    return _median_run([sys.executable, "-c", program], 5)


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[max(int(len(xs) * 0.95) - 1, 0)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--scales", default="1,10,50")
    ap.add_argument("--engines", default="whoosh,tantivy")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the questions for latency")
    ap.add_argument("--no-ingest", action="store_true", help="skip the ingest figures")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)   # the child process
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    if not args.no_ingest:
        ingest_figures(args.corpus)
    engines = [e for e in args.engines.split(",") if e != "tantivy" or _has_tantivy()]
    base = floor()
    print(f"import floor (new process, import click, whoosh): {base * 1000:.0f} ms")
    print(f"{'engine':8} {'scale':>5} {'units':>8} | {'Qanoon median':>13} {'p95':>6} | {'plain query':>11} {'ratio':>5} | "
          f"{'cold':>6} {'x floor':>7} {'engine cold':>11} {'x floor':>7} | {'RSS MB':>6} | {'Whoosh-evaluated':>16}")
    for scale in (int(s) for s in args.scales.split(",")):
        for engine in engines:
            home = build(engine, scale, args.corpus)
            child = subprocess.run([sys.executable, __file__, "--measure", str(home), "--repeat", str(args.repeat)],
                                   check=True, capture_output=True, text=True)
            m = json.loads(child.stdout.strip().splitlines()[-1])
            med, plain = statistics.median(m["ours"]), statistics.median(m["plain"])
            c, ec = cold(home), engine_cold(engine, home)
            stock = f"{statistics.median(m['stock']) * 1000:>13.1f} ms" if m["stock"] else f"{'-':>16}"
            print(f"{engine:8} {scale:>4}x {m['units']:>8} | {med * 1000:>10.1f} ms {p95(m['ours']) * 1000:>6.1f} | "
                  f"{plain * 1000:>8.1f} ms {med / plain:>5.2f} | {c:>5.2f}s {c / base:>7.2f} {ec:>10.2f}s {ec / base:>7.2f} | "
                  f"{m['rss_mb']:>6.0f} | {stock}",
                  flush=True)


def _has_tantivy() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        print("(tantivy is not installed: pip install 'qanoon[tantivy]' to measure it)")
        return False
    return True


if __name__ == "__main__":
    main()
