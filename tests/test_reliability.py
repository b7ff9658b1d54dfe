"""Reliability (issue 6): bad input, killed and concurrent ingests, an old schema, odd queries.

Every bad input gives one line naming the file and the cause (no traceback), a non-zero exit code
when nothing could be ingested, and leaves the index as it was. A killed ingest leaves an index
that opens and answers from its previous content, and the next ingest recovers on its own.

The input generators at the top (``minimal_pdf``, ``synthetic_act``, ``bad_inputs``) are also
used by ``benchmarks/reliability.py``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from qanoon.indexer.backend import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
QANOON = [sys.executable, "-c", "from qanoon import cli; cli.main()"]
SAMPLE = ROOT / "tests" / "fixtures" / "sample-act-2021.txt"
PROBE = "sample workshop"   # answered by the sample act in every test home


# --- input generators ------------------------------------------------------------------------

def minimal_pdf(pages: list[str | None], encrypt: bool = False, bad_font: bool = False) -> bytes:
    """A small valid PDF: one page per item (text in Helvetica, or an empty page for None).
    With ``encrypt``, a standard security handler whose password is not empty, so no reader can
    open it without one. With ``bad_font``, a font descriptor without its bounding box, about
    which pdfminer logs a warning."""
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    if bad_font:
        objs[3] = b"<< /Type /Font /Subtype /TrueType /BaseFont /Odd /FontDescriptor 90 0 R >>"
        objs[90] = b"<< /Type /FontDescriptor /FontName /Odd /Flags 32 /FontBBox [0 0 nil] >>"
    kids, nxt = [], 4
    for text in pages:
        pid, nxt = nxt, nxt + 1
        if text:
            cid, nxt = nxt, nxt + 1
            esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops = ["BT /F1 10 Tf 12 TL 40 800 Td", *(f"({ln}) Tj T*" for ln in esc.split("\n")), "ET"]
            stream = "\n".join(ops).encode("latin-1", "replace")
            objs[cid] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
            objs[pid] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % cid)
        else:
            objs[pid] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
        kids.append(pid)
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    enc = 0
    if encrypt:
        enc, nxt = nxt, nxt + 1
        objs[enc] = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (i, objs[i])
    size, xref = max(objs) + 1, len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i] if i in offsets else b"0000000000 65535 f \n"
    trailer = b"<< /Size %d /Root 1 0 R" % size
    if enc:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"ab" * 16, b"ab" * 16)
    out += b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def synthetic_act(name: str, year: int, sections: int = 12, word: str = "") -> str:
    """The printed shape of a Pakistani Act, with a distinctive ``word`` in every section."""
    word = word or name.split()[0].lower()
    lines = [f"THE {name.upper()} ACT, {year}", f"ACT No. {sections % 20 + 1} OF {year}",
             f"An Act to provide for {word} matters.", "It is hereby enacted as follows:—"]
    lines.append(f"1. Short title and commencement.— (1) This Act may be called the {name} Act, {year}.")
    lines.append("(2) It shall come into force at once.")
    for n in range(2, sections + 1):
        lines.append(f"{n}. Duty number {n} on {word}.— (1) Every {word} officer shall keep register {n} "
                     f"of recruiting agents and migrant workers.")
        lines.append(f"(2) Whoever contravenes sub-section (1) shall be punished with fine of {n} thousand rupees.")
    return "\n".join(lines) + "\n"


@dataclass
class Case:
    name: str          # file name inside the battery folder
    data: bytes | None  # None: the case builds itself (missing path, symlink loop)
    status: str        # expected outcome when named on the command line: "failed" | "indexed" | "skipped"
    reason: str = ""   # part of the one-line cause (alternatives separated by " | ")
    probe: str = ""    # for "indexed": a query the new file must answer
    timeout: float = 60.0  # --timeout for this file (generous: test machines are slow and busy)

    def args(self) -> tuple[str, ...]:
        return ("ingest", "--workers", "1", "--timeout", f"{self.timeout:g}")


def bad_inputs() -> list[Case]:
    """The battery of issue 6, with the expected outcome of each input."""
    act = SAMPLE.read_text(encoding="utf-8")
    good_pdf = minimal_pdf([act[:600], act[600:]])
    rnd = random.Random(6)
    junk = bytes(rnd.getrandbits(8) for _ in range(20000))
    nested_act = synthetic_act("Nestedtag Protection", 2019, 4)
    nested = ("<html><head><title>Nestedtag Protection Act, 2019</title><script>"
              + "var scriptonlyword = 1;" * 20000 + "</script><style>p{}</style></head><body>"
              + "<div><span>" * 40000 + "".join(f"<p>{ln}</p>" for ln in nested_act.splitlines())
              + "</span></div>" * 40000 + "</body></html>")
    return [
        Case("empty.txt", b"", "failed", "empty file"),
        Case("blank.md", b"  \n\t\n", "failed", "empty file"),
        Case("zero-bytes.pdf", b"", "failed", "empty file"),
        Case("truncated.pdf", good_pdf[: len(good_pdf) // 2], "failed", "damaged or truncated"),
        Case("truncated-late.pdf", good_pdf[: len(good_pdf) * 9 // 10], "failed", "PDF"),
        Case("encrypted.pdf", minimal_pdf([act], encrypt=True), "failed", "encrypted PDF"),
        # Blank pages: no text, and no scanned images to OCR.
        Case("empty-pages.pdf", minimal_pdf([None] * 2000), "failed", "no text and no scanned images", timeout=30),
        Case("junk.pdf", junk, "failed", "not a PDF"),
        Case("junk.html", junk, "failed", "binary content"),
        Case("junk.txt", junk, "failed", "binary content"),
        Case("junk-high-bytes.txt", bytes(b | 0x80 for b in junk), "failed", "binary content or an unknown encoding"),
        Case("junk.json", junk, "failed", "binary content"),
        Case("not-provisions.json", b'{"a": 1}', "failed", "'provisions' list"),
        Case("broken.xml", b"<law><section number='1'>text</law", "failed", "not well-formed XML"),
        Case("nested.html", nested.encode(), "indexed", probe="nestedtag register"),
        Case("cp1252.txt", synthetic_act("Windowsenc Protection", 2011, 3).replace("rupees", "rupees \u2014 caf\u00e9")
             .encode("cp1252"), "indexed", probe="windowsenc register"),
        Case("utf16-bom.txt", synthetic_act("Utfsixteen Protection", 2012, 3).encode("utf-16"), "indexed",
             probe="utfsixteen register"),
        Case("nul-bytes.txt", synthetic_act("Nulbyte Protection", 2013, 3).replace(" ", " \x00").encode(), "indexed",
             probe="nulbyte register"),
        Case("long-line.txt", (synthetic_act("Longline Protection", 2014, 3).rstrip("\n") + " "
                               + "longlinewordlonglinewordlonglineword " * 136_000).encode(), "indexed",
             probe="longline register"),
        # encodings of round two: one cp1252 line in a UTF-8 file, UTF-16 without its mark, a declared charset
        Case("mixed-line.txt", synthetic_act("Mixedenc Protection", 2015, 3).encode() + "Peshgi \u2013 \u00a3 5\n".encode("cp1252"),
             "indexed", probe="mixedenc register"),
        Case("utf16-nobom.txt", synthetic_act("Nobomsixteen Protection", 2016, 3).encode("utf-16-le"), "indexed",
             probe="nobomsixteen register"),
        Case("charset-1256.html", ('<html><head><meta charset="windows-1256"><title>Charsetzone Protection Act, 2017</title>'
                                   "</head><body><p>\u0642\u0627\u0646\u0648\u0646</p>"
                                   + "".join(f"<p>{ln}</p>" for ln in synthetic_act("Charsetzone Protection", 2017, 3).splitlines())
                                   + "</body></html>").encode("cp1256"), "indexed", probe="charsetzone register"),
        Case("deep.md", ("# Deep Act\n" + "\n".join("    " * i + f"- item {i}" for i in range(3000))).encode(), "failed",
             "nested 2999 levels deep"),
        Case("unknown.docx", b"PK\x03\x04 not really a docx", "failed", "unsupported file type '.docx'"),
        Case("no-such-file.txt", None, "failed", "no such file"),
        Case("loop", None, "skipped", "symbolic link to a folder"),
    ]


def reason_ok(line: str, case: Case) -> bool:
    return line.startswith(case.status) and any(r in line for r in case.reason.split(" | "))


def write_case(folder: Path, case: Case) -> Path:
    path = folder / case.name
    if case.name == "loop":
        path.mkdir(exist_ok=True)
        if not (path / "self").is_symlink():
            os.symlink(path, path / "self")
    elif case.data is not None:
        path.write_bytes(case.data)
    return path


# --- helpers ------------------------------------------------------------------------------------

def cli_run(home: Path, *args: str, timeout: float = 120):
    """The ``qanoon`` command in-process (click's runner): exit code and all output."""
    from qanoon import cli

    res = CliRunner().invoke(cli.cli, ["--home", str(home), *args], catch_exceptions=True)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def snapshot(home: Path, queries: tuple[str, ...] = (PROBE,)) -> tuple:
    """What the index holds and answers: every record's identity and text, and the ids each
    query finds. The embedded knowledge base, and what records derive from it (topics, facts),
    are left out: they change whenever corpus/ is edited, which no test here is about."""
    from qanoon.indexer.corpus_format import KB_DOC
    from qanoon.search import Library, Options

    lib = Library(home)
    keep = ("id", "doc_id", "record", "instrument_id", "eid", "number", "kind", "heading", "body", "title")
    records = sorted(
        json.dumps([r.get(k) for k in keep] + [r.get("data", {}).get("source", {})], default=str)
        for r in lib.backend.records() if r.get("doc_id") != KB_DOC
    )
    answers = tuple(tuple(sorted(h.id for h in lib.search(q, Options(limit=200)).hits if h.version != "knowledge base"))
                    for q in queries)
    return tuple(records), answers


def records_by_id(home: Path) -> dict[str, int]:
    from qanoon.indexer.store import open_backend

    counts: dict[str, int] = {}
    for rec in open_backend(home).records():
        counts[rec["id"]] = counts.get(rec["id"], 0) + 1
    return counts


def assert_no_duplicates(home: Path) -> None:
    dups = {k: v for k, v in records_by_id(home).items() if v > 1}
    assert not dups, f"records indexed twice: {list(dups)[:5]}"


@pytest.fixture(scope="module")
def base_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the knowledge base and the sample act (copied by tests that change it)."""
    home = tmp_path_factory.mktemp("rel") / "home"
    code, out = cli_run(home, "ingest", "--workers", "1", str(SAMPLE))
    assert code == 0, out
    return home


@pytest.fixture()
def fresh_home(base_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(base_home, home)
    return home


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    folder = tmp_path_factory.mktemp("battery")
    cases = bad_inputs()
    for case in cases:
        write_case(folder, case)
    return folder, cases


# --- 1. bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [c.name for c in bad_inputs()])
def test_bad_input_one_line_and_index_untouched(name: str, battery, fresh_home: Path) -> None:
    folder, cases = battery
    case = next(c for c in cases if c.name == name)
    path = folder / name
    before = snapshot(fresh_home)
    start = time.monotonic()
    code, out = cli_run(fresh_home, *case.args(), str(path))
    assert time.monotonic() - start < 30
    assert "Traceback" not in out
    if case.status == "indexed":
        assert code == 0, out
        assert "1 indexed" in out
        hits = snapshot(fresh_home, (case.probe,))[1][0]
        assert hits, f"{name}: nothing found for {case.probe!r}\n{out}"
        return
    lines = [ln for ln in out.splitlines() if str(path) in ln]
    assert len(lines) == 1, out
    assert reason_ok(lines[0], case), out
    assert code == 1, f"nothing was ingested, so the exit code must say so\n{out}"
    assert snapshot(fresh_home) == before


def test_indexed_oddities_keep_their_text(battery, fresh_home: Path) -> None:
    """Scripts are not text; the cp1252 and UTF-16 files read right; NULs are gone with a warning."""
    from qanoon.search import Library

    folder, _ = battery
    code, out = cli_run(fresh_home, "ingest", "--workers", "1", *(str(folder / n) for n in
                        ("nested.html", "cp1252.txt", "utf16-bom.txt", "nul-bytes.txt")))
    assert code == 0 and "4 indexed" in out, out
    assert "not UTF-8; read as cp1252" in out and "NUL bytes removed" in out
    lib = Library(fresh_home)
    assert not lib.search("scriptonlyword").hits
    body = " ".join(h.text for h in lib.search("windowsenc café rupees").hits)
    assert "café" in body and "\u2014" in body
    assert "\x00" not in " ".join(h.text for h in lib.search("nulbyte register").hits)


def test_folder_goes_on_past_bad_files_and_lists_failures_last(battery, fresh_home: Path) -> None:
    folder, cases = battery
    mixed = fresh_home.parent / "mixed"
    # (without the slow ones: the 5 MB line, and the 2,000 pages that OCR, where installed, would read)
    shutil.copytree(folder, mixed, symlinks=True, ignore=shutil.ignore_patterns("long-line.txt", "empty-pages.pdf"))
    (mixed / "good-act.txt").write_text(synthetic_act("Goodfolder Protection", 2020, 4))
    code, out = cli_run(fresh_home, "ingest", "--workers", "2", str(mixed))
    assert code == 0, out
    assert "Traceback" not in out
    lines = out.strip().splitlines()
    assert lines[-1].endswith("failed") and "indexed" in lines[-1]
    failed = [ln for ln in lines if ln.startswith("failed: ")]
    n_failed = sum(1 for c in cases if c.status == "failed" and c.data is not None and c.name != "empty-pages.pdf"
                   and c.name.endswith((".pdf", ".txt", ".html", ".json", ".xml", ".md")))
    assert len(failed) == n_failed, out
    # junk.html, junk.txt, junk.json and junk.pdf hold the same bytes: each fails with its own line
    assert all(any(f"/{n}: " in ln for ln in failed) for n in ("junk.html", "junk.txt", "junk.json", "junk.pdf"))
    assert any("unknown.docx" in ln and ln.startswith("skipped") for ln in lines)
    assert any("loop/self" in ln and "symbolic link" in ln for ln in lines)
    assert snapshot(fresh_home, ("goodfolder register",))[1][0]


def test_limits_are_configurable_and_reported(battery, fresh_home: Path, tmp_path: Path) -> None:
    folder, _ = battery
    before = snapshot(fresh_home)
    big = tmp_path / "big-act.txt"
    big.write_text(synthetic_act("Bigfile Protection", 2021, 400))
    code, out = cli_run(fresh_home, "ingest", "--max-size", "0.01", str(big))
    assert code == 1 and "over the 10,485-byte limit (--max-size)" in out, out
    # A slow PDF: 2,000 pages cannot be read in 10 ms, whatever the machine.
    code, out = cli_run(fresh_home, "ingest", "--workers", "1", "--timeout", "0.01", str(folder / "empty-pages.pdf"))
    assert code == 1, out
    assert "empty-pages.pdf: took longer than 0.01 s (the limit; raise --timeout)" in out, out
    assert snapshot(fresh_home) == before


def test_file_disappears_or_changes_while_read(fresh_home: Path, tmp_path: Path, monkeypatch) -> None:
    from qanoon.indexer import readers
    from qanoon.search import Library

    gone = tmp_path / "gone-act.txt"
    gone.write_text(synthetic_act("Vanishing Protection", 2015, 3))
    real_read_bytes = Path.read_bytes

    def vanish(self: Path) -> bytes:
        if self.name == gone.name:
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", vanish)
    before = snapshot(fresh_home)
    report = Library(fresh_home).ingest([gone], workers=1)
    (outcome,) = report.outcomes
    assert outcome.status == "failed" and "No such file" in outcome.reason
    assert snapshot(fresh_home) == before
    monkeypatch.undo()

    # Changed while read: the index holds exactly the bytes that were read (and their hash);
    # the next ingest sees the new content and replaces the old version.
    changing = tmp_path / "changing-act.txt"
    changing.write_text(synthetic_act("Firstdraft Protection", 2016, 3))
    real = readers.read_bytes

    def read_then_change(path: Path, max_bytes: int = readers.DEFAULT_MAX_BYTES) -> bytes:
        data = real(path, max_bytes)
        path.write_text(synthetic_act("Seconddraft Protection", 2016, 3))
        return data

    monkeypatch.setattr(readers, "read_bytes", read_then_change)
    assert Library(fresh_home).ingest([changing], workers=1).outcomes[0].status == "indexed"
    monkeypatch.undo()
    def finds(word: str) -> bool:
        return any(word in h.instrument_id for h in Library(fresh_home).search(f"{word} register").hits)

    assert finds("firstdraft") and not finds("seconddraft")
    assert Library(fresh_home).ingest([changing], workers=1).outcomes[0].status == "indexed"
    assert finds("seconddraft") and not finds("firstdraft")
    assert_no_duplicates(fresh_home)


def test_a_bug_in_a_reader_fails_one_file_only(fresh_home: Path, tmp_path: Path, monkeypatch) -> None:
    from qanoon.indexer.readers import FORMATS
    from qanoon.search import Library

    def broken(path: Path, data: bytes):
        raise ValueError("simulated reader bug")

    monkeypatch.setitem(FORMATS, ".xml", broken)
    (tmp_path / "a.xml").write_text("<law/>")
    (tmp_path / "b-act.txt").write_text(synthetic_act("Survivor Protection", 2017, 3))
    report = Library(fresh_home).ingest([tmp_path / "a.xml", tmp_path / "b-act.txt"], workers=1)
    status = {Path(o.path).name: (o.status, o.reason) for o in report.outcomes}
    assert status["b-act.txt"][0] == "indexed"
    assert status["a.xml"][0] == "failed" and "internal error" in status["a.xml"][1]


def test_empty_folder_exits_non_zero(fresh_home: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out = cli_run(fresh_home, "ingest", str(tmp_path / "empty"))
    assert code == 1 and "nothing to ingest" in out


# --- 2. crashes and concurrency ---------------------------------------------------------------

def crash_corpus(folder: Path, files: int = 4, sections: int = 10) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
             "kilo", "lima", "mike", "november", "oscar", "papa"]
    for i in range(files):
        (folder / f"act-{i:02d}.txt").write_text(synthetic_act(f"{words[i].title()}zone Protection", 1990 + i, sections))
    act = synthetic_act("Pdfzone Protection", 2022, 20)
    (folder / "act-pdf.pdf").write_bytes(minimal_pdf([act[i:i + 700] for i in range(0, len(act), 700)]))
    return folder


CRASH_QUERIES = (PROBE, "alphazone", "pdfzone")


def spawn_ingest(home: Path, folder: Path, *extra: str, workers: int = 2) -> subprocess.Popen:
    return subprocess.Popen([*QANOON, "--home", str(home), "ingest", "--workers", str(workers), *extra, str(folder)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the ingest (and its reader processes) after ``delay`` s; False if it ended first."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def test_sigkill_at_many_moments_never_corrupts(base_home: Path, tmp_path: Path) -> None:
    folder = crash_corpus(tmp_path / "corpus")
    pristine = base_home
    before = snapshot(pristine, CRASH_QUERIES)   # (also brings its knowledge base up to date)
    # The normal run, for its duration and the state it ends in. Run twice and take the shorter
    # time, so that the moments below fall while an ingest is still running even when the
    # machine was busier during one reference run than during the killed ones.
    durations = []
    for n in range(2):
        done_home = tmp_path / f"done-{n}"
        shutil.copytree(pristine, done_home)
        start = time.monotonic()
        proc = spawn_ingest(done_home, folder)
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
        durations.append(time.monotonic() - start)
    duration = min(durations)
    after = snapshot(done_home, CRASH_QUERIES)
    assert after != before

    rnd = random.Random(42)   # 15 moments: 8 anywhere, 7 in the second half, where files are read and written
    delays = sorted([rnd.uniform(0.0, duration) for _ in range(8)] + [rnd.uniform(duration / 2, duration) for _ in range(7)])
    killed = 0
    for i, delay in enumerate(delays):
        home = tmp_path / f"kill-{i}"
        shutil.copytree(pristine, home)
        start = time.monotonic()
        if kill_after(spawn_ingest(home, folder), delay):
            killed += 1
        else:
            # This run ended first, quicker than the reference (the machine's speed varies):
            # the same moment of a run as quick as this one, once more, from the start.
            took = time.monotonic() - start
            shutil.rmtree(home)
            shutil.copytree(pristine, home)
            killed += kill_after(spawn_ingest(home, folder), delay * took / duration)
        state = snapshot(home, CRASH_QUERIES)   # opens, answers, and holds one of the two states
        assert state in (before, after), f"kill at {delay:.2f} s of {duration:.2f} s left a mixed index"
        # The next ingest recovers on its own: no stale lock (no waiting allowed), no duplicates.
        code, out = cli_run(home, "ingest", "--workers", "1", "--wait", "0", str(folder))
        assert code == 0, out
        assert snapshot(home, CRASH_QUERIES) == after
        assert_no_duplicates(home)
        shutil.rmtree(home)
    assert killed >= 12, f"only {killed} of 15 ingests were still running when killed"


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_reader_processes_die_with_a_sigkilled_ingest(base_home: Path, tmp_path: Path) -> None:
    folder = crash_corpus(tmp_path / "corpus")
    for attempt in range(5):
        home = tmp_path / f"home-{attempt}"
        shutil.copytree(base_home, home)
        proc = spawn_ingest(home, folder, workers=3)
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.02)
        if proc.poll() is not None:
            continue   # this ingest ended before its workers were seen: try again
        os.kill(proc.pid, signal.SIGKILL)   # the ingest only, not its process group
        proc.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        for w in left:   # leave no orphan behind, even when the test fails
            os.kill(w, signal.SIGKILL)
        assert not left, f"reader processes {left} outlived the killed ingest"
        return
    pytest.fail("no ingest ran long enough to be killed with its reader processes running")


def test_pdf_reader_warnings_are_one_line_each_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd-font-act-2020.pdf"
    path.write_bytes(minimal_pdf([synthetic_act("Oddfont Protection", 2020, 4)], bad_font=True))
    proc = subprocess.run([*QANOON, "--home", str(tmp_path / "home"), "ingest", "--no-ocr", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "FontBBox" not in proc.stderr and "BytesIO" not in proc.stderr   # not printed raw by pdfminer
    from qanoon.indexer.readers import pdf

    doc = pdf.read(path, path.read_bytes(), ocr=False)
    assert any(w.startswith(f"{path}: ") and "FontBBox" in w for w in doc.warnings)
    assert not any("BytesIO" in w for w in doc.warnings)


def test_sigkill_while_the_index_is_first_created(tmp_path: Path) -> None:
    """Killed while creating a new home (index and knowledge base): the next run makes it whole."""
    rnd = random.Random(7)
    for i in range(2):
        home = tmp_path / f"new-{i}"
        proc = subprocess.Popen([*QANOON, "--home", str(home), "list"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        kill_after(proc, rnd.uniform(0.3, 2.5))
        code, out = cli_run(home, "list")
        assert code == 0 and "instruments" in out.splitlines()[-1], out


def test_second_ingest_waits_with_a_message_or_stops_clearly(fresh_home: Path, tmp_path: Path) -> None:
    from qanoon.indexer.store import open_backend

    act = tmp_path / "waiting-act.txt"
    act.write_text(synthetic_act("Waiting Protection", 2018, 3))
    backend = open_backend(fresh_home)
    holder = backend.transaction()
    holder.__enter__()  # another "ingest" holds the write lock
    held = True
    try:
        run = [*QANOON, "--home", str(fresh_home), "ingest", "--workers", "1"]
        res = subprocess.run([*run, "--wait", "0", str(act)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert res.returncode == 1 and "another ingest is writing" in res.stderr and "Traceback" not in res.stderr
        res = subprocess.run([*run, "--wait", "1", str(act)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert res.returncode == 1 and "waiting up to 1 s" in res.stderr and "still writing" in res.stderr
        # With time to wait: it says it waits; once the other ingest ends, it writes.
        proc = subprocess.Popen([*run, "--wait", "60", str(act)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()
        assert "waiting up to 60 s" in first, first
        holder.__exit__(None, None, None)
        held = False
        out, err = proc.communicate(timeout=60)
    finally:
        if held:
            holder.__exit__(None, None, None)
    assert proc.returncode == 0 and "1 indexed" in out, err
    assert snapshot(fresh_home, ("waiting register",))[1][0]


def test_two_ingests_at_once_never_both_write(fresh_home: Path, tmp_path: Path) -> None:
    folder = crash_corpus(tmp_path / "corpus", files=4, sections=10)
    a = spawn_ingest(fresh_home, folder)
    b = spawn_ingest(fresh_home, folder)
    assert a.wait(timeout=120) == 0 and b.wait(timeout=120) == 0, (a.stderr.read(), b.stderr.read())
    assert_no_duplicates(fresh_home)
    from qanoon.search import Library

    titles = [i["title"] for i in Library(fresh_home).list() if "zone" in (i["title"] or "").lower()]
    assert len(titles) == 5, titles


def test_searches_during_an_ingest_answer_from_the_last_commit(fresh_home: Path, tmp_path: Path) -> None:
    from qanoon.search import Library, Options

    folder = crash_corpus(tmp_path / "corpus", files=6, sections=15)
    before = snapshot(fresh_home, CRASH_QUERIES)[1]
    proc = spawn_ingest(fresh_home, folder)
    seen = set()
    while proc.poll() is None:
        lib = Library(fresh_home)
        seen.add(tuple(tuple(sorted(h.id for h in lib.search(q, Options(limit=200)).hits if h.version != "knowledge base"))
                       for q in CRASH_QUERIES))
    assert proc.returncode == 0
    after = snapshot(fresh_home, CRASH_QUERIES)[1]
    assert seen  # searched at least once while the ingest ran (how many states it saw depends on timing)
    for answers in seen:   # each search (its own searcher) sees the commit before or the one after
        assert all(a in (b, c) for a, b, c in zip(answers, before, after, strict=True)), "a search saw a half-written index"


def test_searches_during_a_rebuild_see_the_old_index_then_the_new(fresh_home: Path, tmp_path: Path) -> None:
    from qanoon.search import Library, Options

    folder = crash_corpus(tmp_path / "corpus", files=6, sections=15)
    before = snapshot(fresh_home, CRASH_QUERIES)[1]
    proc = spawn_ingest(fresh_home, folder, "--rebuild")
    seen, errors = set(), []
    lib = Library(fresh_home)   # a long-lived reader, as the web app is
    while proc.poll() is None:
        try:
            seen.add(tuple(tuple(sorted(h.id for h in lib.search(q, Options(limit=200)).hits if h.version != "knowledge base"))
                           for q in CRASH_QUERIES))
        except Exception as exc:   # an empty or half-built index answered with an error
            errors.append(repr(exc))
    assert proc.returncode == 0, proc.stderr.read()
    assert not errors, errors[:3]
    after = snapshot(fresh_home, CRASH_QUERIES)[1]
    assert after != before and seen
    for answers in seen:   # each search (its own searcher) sees the old index or the new one
        assert all(a in (b, c) for a, b, c in zip(answers, before, after, strict=True)), "a search saw a half-built index"
    assert not list(fresh_home.glob(".index-*")), "the staging folder was left behind"


def test_a_killed_rebuild_leaves_the_old_index_whole(base_home: Path, tmp_path: Path) -> None:
    folder = crash_corpus(tmp_path / "corpus", files=4, sections=10)
    before = snapshot(base_home, CRASH_QUERIES)
    start = time.monotonic()
    probe = tmp_path / "probe"
    shutil.copytree(base_home, probe)
    assert spawn_ingest(probe, folder, "--rebuild").wait(timeout=120) == 0
    duration = time.monotonic() - start
    rnd = random.Random(11)
    for i, delay in enumerate(sorted(rnd.uniform(0.0, duration) for _ in range(6))):
        home = tmp_path / f"kill-{i}"
        shutil.copytree(base_home, home)
        kill_after(spawn_ingest(home, folder, "--rebuild"), delay)
        assert snapshot(home, CRASH_QUERIES) in (before, snapshot(probe, CRASH_QUERIES)), f"kill at {delay:.2f} s"
        code, out = cli_run(home, "ingest", "--rebuild", "--workers", "1", "--wait", "5", str(folder))   # and a rebuild then works
        assert code == 0, out
        assert not list(home.glob(".index-*")), "a killed rebuild's staging folder was not cleared"


def test_an_older_schema_is_detected_and_rebuild_is_explained(fresh_home: Path) -> None:
    schema = fresh_home / "index" / "qanoon-schema.json"
    schema.write_text(json.dumps({"schema_version": 1}))
    code, out = cli_run(fresh_home, "search", "trafficking")
    assert code == 1 and "older version of Qanoon" in out and "qanoon ingest --rebuild" in out, out
    assert len(out.strip().splitlines()) == 1 and "Traceback" not in out
    code, out = cli_run(fresh_home, "ingest", "--rebuild", "--workers", "1", str(SAMPLE))
    assert code == 0, out
    assert snapshot(fresh_home)[1][0]
    schema.write_text("{not json")
    code, out = cli_run(fresh_home, "list")
    assert code == 1 and "--rebuild" in out and "Traceback" not in out


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_an_older_index_holding_only_the_knowledge_base_is_made_anew(engine: str, tmp_path: Path) -> None:
    # a home made by `qanoon search` alone has no files to rebuild from: a new release's schema
    # must not stop it; nothing of the user's is in it, so opening makes it again
    if engine == "tantivy":
        pytest.importorskip("tantivy", reason="the tantivy engine is not installed (pip install 'qanoon[tantivy]')")
    home = tmp_path / "home"
    from qanoon.search import Library

    Library(home, engine=engine)
    schema = home / "index" / "qanoon-schema.json"
    schema.write_text(json.dumps({"schema_version": 1, "engine": engine}))
    code, out = cli_run(home, "search", "bonded labour")
    assert code == 0 and "Bonded Labour" in out, out
    assert json.loads(schema.read_text()) == {"schema_version": SCHEMA_VERSION, "engine": engine}


# --- 3. queries -------------------------------------------------------------------------------------

QUERIES = [
    '"unbalanced quote', "trafficking (child", "a) b] c} ((", "foo:bar", "title:trafficking",
    "x" * 10_000, "trafficking " * 1000, "*", "a*", "?", "traffick*", "انسانی اسمگلنگ",
    "پاکستان میں انسانی سمگلنگ کی سزا", "٣ دفعہ", "AND OR NOT", "\x00", '"' * 500, "PTPA s 3(((", "s 3 " * 60,
    "section " + "1" * 300, "the", "PTPA s 999",
]


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_odd_queries_get_a_fast_clear_answer(query: str, base_home: Path) -> None:
    start = time.monotonic()
    code, out = cli_run(base_home, "search", query)
    assert time.monotonic() - start < 5, "too slow"
    assert "Traceback" not in out and out.strip()
    if code == 1:
        assert len(out.strip().splitlines()) == 1 and out.startswith("Error:")
    else:
        assert code == 0
    if query.strip("*? ") in ("", "a"):
        assert "wildcards" in out and "no results" in out
    if query.startswith(("foo:", "title:")):
        assert "field syntax" in out
    if "انسانی" in query:
        assert "English" in out
    if len(query) > 5000:
        assert "shortened" in out


def test_empty_query_is_a_one_line_error(base_home: Path) -> None:
    code, out = cli_run(base_home, "search", "   ")
    assert code == 1 and out.startswith("Error: empty query") and len(out.strip().splitlines()) == 1
