"""Relevance benchmark: nDCG@10, Recall@10 and MRR@10 on ../shared/eval, in two modes
(knowledge base alone; knowledge base plus all of ../shared/corpus ingested), each for Qanoon's
ranking and for two plain baselines, Whoosh's default BM25F over the same units with no
aliases, synonyms, citation handling or boosts:

- ``baseline``: Qanoon's own index (its analyzer: stop words and Snowball stems), the words
  typed searched in title, heading, summary and body at weight 1;
- ``stock``: Whoosh out of the box, a fresh in-memory index of the same units with ``TEXT``
  fields (Whoosh's StandardAnalyzer: no stemming) and ``MultifieldParser`` over the same four
  fields, terms OR-ed (Whoosh's default AND finds nothing for most questions).

    python benchmarks/relevance.py [--eval DIR] [--corpus DIR] [--mode kb|full|both] [--per-query]
    python benchmarks/relevance.py --queries benchmarks/heldout/queries.tsv --qrels benchmarks/heldout/qrels.tsv

Scoring follows ../shared/eval/README.md: a hit maps to the first instrument whose regex
matches its normalised "title year"; hits mapping to the same (instrument, section) collapse.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qanoon.indexer.ingest import ingest  # noqa: E402
from qanoon.indexer.kb_index import ensure_kb  # noqa: E402
from qanoon.indexer.store import cache_dir, open_backend  # noqa: E402
from qanoon.search.engine import Options, search  # noqa: E402
from qanoon.search.names import Names  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def load_tsv(path: Path) -> list[list[str]]:
    return [ln.rstrip("\n").split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


def norm_title(text: str) -> str:
    text = text.lower().replace("&", "and")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


def instrument_key(title: str, year: int | None, patterns: list[tuple[str, re.Pattern[str]]]) -> str | None:
    s = norm_title(f"{title} {year or ''}")
    return next((k for k, p in patterns if p.search(s)), None)


def arabic(num: str) -> str:
    from qanoon.indexer.structure.headings import roman_to_int

    if re.fullmatch(r"[IVXLC]+", num.upper()) and (v := roman_to_int(num)):
        return str(v)
    return num.upper()


class StockWhoosh:
    """The ``stock`` baseline: the provisions of a backend in a fresh in-memory Whoosh index
    built with Whoosh's defaults."""

    FIELDS = ("title", "heading", "summary", "body")

    def __init__(self, backend) -> None:
        from whoosh.fields import STORED, TEXT, Schema
        from whoosh.filedb.filestore import RamStorage
        from whoosh.qparser import MultifieldParser, OrGroup

        self.records = [r for r in backend.records(record="provision")]
        schema = Schema(i=STORED, **{f: TEXT() for f in self.FIELDS})
        self.ix = RamStorage().create_index(schema)
        with self.ix.writer() as w:
            for i, r in enumerate(self.records):
                w.add_document(i=i, **{f: str(r.get(f) or "") for f in self.FIELDS})
        self.parser = MultifieldParser(list(self.FIELDS), schema, group=OrGroup)

    def __call__(self, query: str) -> list[dict]:
        with self.ix.searcher() as s:
            return [self.records[h["i"]] for h in s.search(self.parser.parse(query), limit=60)]


def qanoon_ranking(backend, names, plain: bool):
    """Qanoon's search (or, with ``plain``, the ``baseline``) as a function from query to hits."""
    def ranked(query: str) -> list[dict]:
        res = search(backend, query, Options(limit=40, plain=plain), names=names)
        return [{"title": h.title, "year": h.year, "instrument_id": h.instrument_id, "number": h.number} for h in res.hits]
    return ranked


def evaluate(ranking, queries, qrels, patterns) -> dict[str, float]:
    """Mean nDCG@10, Recall@10 and MRR@10 of ``ranking`` (query -> hits) over ``queries``."""
    ndcg = recall = mrr = 0.0
    per = {}
    for qid, query in queries:
        judged = qrels.get(qid, {})
        ranked: list[tuple[str, str]] = []
        for h in ranking(query):
            key = instrument_key(h["title"], h.get("year"), patterns)
            pair = (key or f"?{h['instrument_id']}", arabic(h.get("number") or ""))
            if pair not in ranked:
                ranked.append(pair)
            if len(ranked) == 10:
                break
        gains = [(2 ** judged.get(p, 0) - 1) for p in ranked]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sorted((2 ** g - 1 for g in judged.values()), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        n = dcg / idcg if idcg else 0.0
        rel = {p for p, g in judged.items() if g > 0}
        r = len(rel & set(ranked)) / len(rel) if rel else 0.0
        first = next((i for i, p in enumerate(ranked) if judged.get(p, 0) > 0), None)
        m = 1 / (first + 1) if first is not None else 0.0
        ndcg, recall, mrr = ndcg + n, recall + r, mrr + m
        per[qid] = (round(n, 3), query, ranked[:3])
    k = len(queries)
    return {"ndcg@10": ndcg / k, "recall@10": recall / k, "mrr@10": mrr / k, "per_query": per}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval", type=Path, default=SHARED / "eval")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--queries", default="queries_dev.tsv", help="a file in --eval, or a path (e.g. benchmarks/heldout/queries.tsv)")
    ap.add_argument("--qrels", default="qrels_dev.tsv", help="a file in --eval, or a path")
    ap.add_argument("--mode", choices=["kb", "full", "both"], default="both")
    ap.add_argument("--home", type=Path, default=None, help="reuse a home (default: a temporary one)")
    ap.add_argument("--per-query", action="store_true")
    ap.add_argument("--engine", choices=["whoosh", "tantivy"], default=None, help="the engine of a new home (default: whoosh)")
    args = ap.parse_args()
    queries_file, qrels_file = (Path(f) if Path(f).exists() else args.eval / f for f in (args.queries, args.qrels))
    if not queries_file.exists():
        sys.exit(f"{queries_file}: not found (the eval set lives in ../shared/eval)")
    queries = [(q[0], q[1]) for q in load_tsv(queries_file)]
    qrels: dict[str, dict[tuple[str, str], int]] = {}
    for qid, inst, sec, grade in load_tsv(qrels_file):
        qrels.setdefault(qid, {})[(inst, arabic(sec))] = int(grade)
    patterns = [(k, re.compile(r)) for k, r in load_tsv(args.eval / "instruments.tsv")]
    modes = ["kb", "full"] if args.mode == "both" else [args.mode]
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            home = args.home or Path(tmp) / mode
            backend = open_backend(home, engine=args.engine)
            ensure_kb(backend)
            if mode == "full":
                t = time.perf_counter()
                ingest([args.corpus / d for d in ("pk", "intl", "html") if (args.corpus / d).exists()],
                       backend, cache_dir=cache_dir(home))
                print(f"(full-text ingest took {time.perf_counter() - t:.1f} s)")
            names = Names(backend)
            ours = evaluate(qanoon_ranking(backend, names, False), queries, qrels, patterns)
            base = evaluate(qanoon_ranking(backend, names, True), queries, qrels, patterns)
            stock = evaluate(StockWhoosh(backend), queries, qrels, patterns)
            print(f"mode={mode:4} queries={len(queries)}")
            for label, r in (("qanoon", ours), ("baseline", base), ("stock", stock)):
                print(f"  {label:9} nDCG@10={r['ndcg@10']:.3f}  Recall@10={r['recall@10']:.3f}  MRR@10={r['mrr@10']:.3f}")
            for label, r in (("baseline", base), ("stock", stock)):
                ratio = ours["ndcg@10"] / r["ndcg@10"] if r["ndcg@10"] else float("inf")
                print(f"  ratio nDCG@10 qanoon/{label} = {ratio:.2f}  (x1.3 needs nDCG@10 >= {1.3 * r['ndcg@10']:.3f})")
            if args.per_query:
                for qid, (n, q, top) in ours["per_query"].items():
                    print(f"    {qid} {n:.3f} {q} -> {top}")


if __name__ == "__main__":
    main()
