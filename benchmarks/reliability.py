"""Reliability benchmark (issue 6): feed Qanoon bad inputs and odd queries, kill ingests with
SIGKILL at random moments, and count what went wrong.

    python benchmarks/reliability.py [--kills 15] [--seed 42]

Prints: bad inputs tried (and how many were handled as expected: one line naming the file and
the cause, the right exit code, the index unchanged by a failure), odd queries tried (and the
slowest answer), crashes survived, killed rebuilds survived (the old index must stay whole), and
corruptions found, which should be zero: an index that
does not open, holds a mix of two states, loses earlier content, or holds a record twice.
The inputs and checks are those of tests/test_reliability.py. Exit code 1 when anything failed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import test_reliability as T  # noqa: E402


def bad_inputs(home: Path, work: Path) -> tuple[int, list[str]]:
    """Each input of the battery, ingested alone. Returns (tried, problems)."""
    folder = work / "battery"
    folder.mkdir()
    problems = []
    cases = T.bad_inputs()
    for case in cases:
        path = T.write_case(folder, case)
        before = T.snapshot(home)
        code, out = T.cli_run(home, *case.args(), str(path))
        lines = [ln for ln in out.splitlines() if str(path) in ln]
        if "Traceback" in out:
            problems.append(f"{case.name}: traceback")
        elif case.status == "indexed":
            if code != 0 or not T.snapshot(home, (case.probe,))[1][0]:
                problems.append(f"{case.name}: should be indexed and found by {case.probe!r} (exit {code})")
        elif not (len(lines) == 1 and T.reason_ok(lines[0], case)):
            problems.append(f"{case.name}: expected one line '{case.status}: ... {case.reason}', got {lines}")
        elif code != 1:
            problems.append(f"{case.name}: exit code {code}, expected 1 (nothing ingested)")
        elif T.snapshot(home) != before:
            problems.append(f"{case.name}: the index changed")
    return len(cases), problems


def odd_queries(home: Path) -> tuple[int, float, list[str]]:
    problems, slowest = [], 0.0
    for q in T.QUERIES:
        start = time.monotonic()
        code, out = T.cli_run(home, "search", q)
        took = time.monotonic() - start
        slowest = max(slowest, took)
        if "Traceback" in out or code not in (0, 1) or not out.strip() or (code == 1 and len(out.strip().splitlines()) != 1):
            problems.append(f"query {q[:40]!r}: exit {code}, output {out[:120]!r}")
    return len(T.QUERIES), slowest, problems


def crashes(pristine: Path, work: Path, kills: int, seed: int, extra: tuple[str, ...] = ()) -> tuple[int, int, int, list[str]]:
    """Returns (survived, killed mid-ingest, corruptions, problems); ``extra`` ("--rebuild")
    kills rebuilds instead, which must leave the old index whole."""
    work = work / ("rebuild" if extra else "ingest")
    folder = T.crash_corpus(work / "corpus")
    before = T.snapshot(pristine, T.CRASH_QUERIES)
    done = work / "done"
    shutil.copytree(pristine, done)
    start = time.monotonic()
    proc = T.spawn_ingest(done, folder, *extra)
    if proc.wait(timeout=300) != 0:
        return 0, 0, 0, [f"the uninterrupted ingest failed: {proc.stderr.read().decode()[-300:]}"]
    duration = time.monotonic() - start
    after = T.snapshot(done, T.CRASH_QUERIES)
    rnd = random.Random(seed)
    half = kills // 2
    delays = sorted([rnd.uniform(0, duration) for _ in range(kills - half)] +
                    [rnd.uniform(duration / 2, duration) for _ in range(half)])
    survived = mid = corruptions = 0
    problems = []
    for i, delay in enumerate(delays):
        home = work / f"kill-{i}"
        shutil.copytree(pristine, home)
        mid += T.kill_after(T.spawn_ingest(home, folder, *extra), delay)
        try:
            state = T.snapshot(home, T.CRASH_QUERIES)
        except Exception as exc:  # the index does not open or answer
            corruptions += 1
            problems.append(f"kill at {delay:.2f} s: index unusable ({exc.__class__.__name__}: {exc})")
            continue
        if state not in (before, after):
            corruptions += 1
            problems.append(f"kill at {delay:.2f} s: index holds neither the previous nor the new content")
            continue
        code, out = T.cli_run(home, "ingest", *extra, "--workers", "1", "--wait", "0", str(folder))
        if code != 0 or T.snapshot(home, T.CRASH_QUERIES) != after:
            problems.append(f"kill at {delay:.2f} s: the next ingest did not recover ({out.strip()[-200:]})")
            continue
        try:
            T.assert_no_duplicates(home)
        except AssertionError as exc:
            corruptions += 1
            problems.append(f"kill at {delay:.2f} s: {exc}")
            continue
        survived += 1
        shutil.rmtree(home)
    return survived, mid, corruptions, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=15, help="SIGKILLs at random moments of an ingest")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qanoon-reliability-") as tmp:
        work = Path(tmp)
        pristine = work / "pristine"
        code, out = T.cli_run(pristine, "ingest", "--workers", "1", str(T.SAMPLE))
        if code != 0:
            sys.exit(f"cannot set up: {out}")
        home = work / "bad-input-home"
        shutil.copytree(pristine, home)
        tried, bad_problems = bad_inputs(home, work)
        n_queries, slowest, query_problems = odd_queries(pristine)
        survived, mid, corruptions, crash_problems = crashes(pristine, work, args.kills, args.seed)
        r_survived, r_mid, r_corruptions, rebuild_problems = crashes(pristine, work, args.kills, args.seed, ("--rebuild",))
    for p in bad_problems + query_problems + crash_problems + rebuild_problems:
        print("problem:", p)
    print(f"bad inputs tried: {tried} ({tried - len(bad_problems)} handled as expected)")
    print(f"odd queries tried: {n_queries} ({n_queries - len(query_problems)} answered clearly; slowest {slowest:.2f} s)")
    print(f"crashes survived: {survived} of {args.kills} SIGKILLs ({mid} while the ingest was running)")
    print(f"rebuilds killed and survived: {r_survived} of {args.kills} SIGKILLs ({r_mid} while the rebuild was running)")
    print(f"corruptions found: {corruptions + r_corruptions}")
    sys.exit(1 if bad_problems or query_problems or crash_problems or rebuild_problems else 0)


if __name__ == "__main__":
    main()
