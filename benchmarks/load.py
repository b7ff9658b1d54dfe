"""Load benchmark of the web app: a workshop room of trainees at once.

    python benchmarks/load.py [--home DIR] [--clients 1 20 50] [--seconds 20] [--think 0] [--distinct]

Starts ``qanoon serve`` on a home holding the embedded knowledge base and the real texts of
``../shared/corpus`` (ingested once into ``--home``, default ``benchmarks/out/load-home``), then,
for each number of clients, runs that many clients for ``--seconds``: each asks for a page from a
fixed mix (searches from ``../shared/eval/queries_dev.tsv``, a provision, an instrument, the gaps
matrix, a comparison, a plan), waits for the whole answer, pauses ``--think`` seconds, and asks
again. The app keeps the pages it served until the index changes, so this mix, warmed first,
measures a room asking what the trainer asks; ``--distinct`` draws from over a thousand
different searches instead (every question alone and with each jurisdiction filter) and makes
every request unique, so that none is answered from memory: it measures the search itself.
Prints per number of clients: requests served, throughput, median, 95th percentile and slowest
latency, and errors. Figures are of one run on this machine; compare ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
QANOON = [sys.executable, "-m", "qanoon.cli"]
PAGES = ["/provision/pk/act/2018/ptpa/sec_3", "/instrument/pk/act/2018/psma", "/gaps", "/compare?topic=minimum-marriage-age",
         "/plan?jurisdiction=punjab&topic=forced-labour", "/gaps?topic=minimum-marriage-age&jurisdiction=kp"]


def questions() -> list[str]:
    files = [SHARED / "eval" / "queries_dev.tsv", *sorted((ROOT / "benchmarks").glob("heldout*/queries.tsv"))]
    return [line.split("\t", 1)[1].strip() for f in files if f.exists()
            for line in f.read_text(encoding="utf-8").splitlines()[1:] if "\t" in line and not line.startswith("#")]


def urls(distinct: bool = False) -> list[str]:
    """The mix: the development questions and six other pages; with ``distinct``, every
    question of the development and held-out sets, alone and with each jurisdiction filter,
    so that almost no page is asked twice in a run (the web app keeps pages it served)."""
    queries = questions() if distinct else questions()[:20]
    queries = queries or ["punishment for trafficking a child", "who investigates migrant smuggling", "bonded labour"]
    filters = ["", *(f"&jurisdiction={j}" for j in ("federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk"))]
    searches = [f"/search?q={urllib.parse.quote_plus(q)}{f}" for q in queries for f in (filters if distinct else [""])]
    return searches + PAGES


def ensure_home(home: Path) -> None:
    if (home / "index").exists():
        return
    folders = [str(SHARED / "corpus" / d) for d in ("pk", "intl", "html") if (SHARED / "corpus" / d).exists()]
    print(f"ingesting the shared corpus into {home} (once) ...", flush=True)
    subprocess.run([*QANOON, "--home", str(home), "ingest", *folders], check=False, capture_output=True, cwd=ROOT)


def run(base: str, clients: int, seconds: float, think: float, pool: list[str], unique: bool = False) -> dict:
    """``unique``: every request carries its own ``req`` number (a parameter the app ignores),
    so none is answered from the pages the app keeps."""
    latencies: list[float] = []
    slowest: list[tuple[float, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rnd = random.Random(seed)
        while time.monotonic() < stop:
            url = base + rnd.choice(pool)
            if unique:
                url += ("&" if "?" in url else "?") + f"req={seed}-{rnd.getrandbits(48)}"
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as resp:
                    resp.read()
                ok = True
            except (urllib.error.URLError, OSError) as exc:
                ok = False
                with lock:
                    errors.append(f"{url}: {exc}")
            elapsed = time.perf_counter() - start
            if ok:
                with lock:
                    latencies.append(elapsed)
                    slowest.append((elapsed, url.removeprefix(base).split("&req=")[0].split("?req=")[0]))
            if think:
                time.sleep(rnd.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")
    return {"clients": clients, "requests": len(lat), "per_s": len(lat) / wall, "median": statistics.median(lat) if lat else float("nan"),
            "p95": p95, "max": lat[-1] if lat else float("nan"), "errors": errors, "slowest": sorted(slowest, reverse=True)[:3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, default=ROOT / "benchmarks" / "out" / "load-home")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 20, 50])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--think", type=float, default=0.0, help="mean seconds a client waits between requests")
    ap.add_argument("--distinct", action="store_true", help="over a thousand different searches, not warmed, every "
                    "request made unique: measures searching, not the pages the app keeps")
    args = ap.parse_args()
    ensure_home(args.home)
    server = subprocess.Popen([*QANOON, "--home", str(args.home), "serve", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        line = server.stdout.readline() if server.stdout else ""
        base = line.split()[4].rstrip("/")
        pool = urls(args.distinct)
        for url in (PAGES if args.distinct else pool):   # warm: every page once (the searches too, unless distinct)
            with urllib.request.urlopen(base + url, timeout=120) as resp:
                resp.read()
        print(f"{len(pool)} pages in the mix{' (searches not warmed)' if args.distinct else ''}; think time {args.think:g} s; "
              f"{args.seconds:g} s per run")
        print("clients  requests   req/s   median    p95      max   errors")
        for n in args.clients:
            r = run(base, n, args.seconds, args.think, pool, unique=args.distinct)
            print(f"{r['clients']:>7} {r['requests']:>9} {r['per_s']:>7.1f} {r['median']:>7.3f}s {r['p95']:>6.3f}s {r['max']:>7.3f}s"
                  f" {len(r['errors']):>6}")
            for e in r["errors"][:3]:
                print("   ", e)
            for secs, path in r["slowest"]:
                print(f"    slowest: {secs:.3f}s {path[:90]}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
