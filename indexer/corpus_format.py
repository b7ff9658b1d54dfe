"""The embedded knowledge base's format, without its data model: where its files are, the
kinds of instrument, status and fact they may name, how a fact reads, and the TOML readers.
A search uses these and reads the model itself from the cache (``search.derived``), so they
are kept apart from ``knowledge``, whose frozen records took a cold search 3-8 ms to build.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from qanoon.indexer.errors import KnowledgeBaseError

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
KB_DOC = "kb"   # the document id of the knowledge base's records in an index

TYPES = {
    "constitution", "act", "ordinance", "rules", "convention", "protocol", "recommendation",
    "declaration", "model-law", "action-plan", "report", "regulation",
    "rules-of-procedure",   # a House's own rules: how members act, not law that applies to a subject
}
STATUSES = {"in_force", "repealed", "not_in_force", "superseded"}
PAKISTAN_STATUSES = {"ratified", "acceded", "signed", "not_party", "not_applicable"}
FACT_KEYS = {
    "max_prison_years", "min_prison_years", "max_fine_pkr", "min_fine_pkr", "fine_or_prison",
    "death_penalty", "life_imprisonment", "age", "investigating_agency", "trial_court",
    "bailable", "cognizable", "compoundable", "body", "standard",
    "notice_days", "moved_by", "limit", "admissibility",   # rules of procedure
}
# Facts whose value is true or false (corpus/README.md, fact keys): a question about the one answer
# ("non-bailable") asks about the same fact as one about the other.
YES_NO_FACT_KEYS = frozenset({"death_penalty", "life_imprisonment", "bailable", "cognizable", "compoundable"})


def readable(key: str, value: Any) -> Any:
    """A fact's value as people read it: a prison term in months or years (0.083 years is
    "1 month"); every other value as recorded."""
    if key.endswith("_years") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 1:
            months = round(value * 12)
            return f"{months} month" + ("" if months == 1 else "s")
        return f"{value:g} year" + ("" if value == 1 else "s")
    return value


# What each kind of fact is called, and its value, in the words of a brief or a terminal:
# "Maximum fine: Rs 1,000,000", not "max_fine_pkr: 1000000" (JSON keeps the keys and raw values).
FACT_LABELS = {
    "max_prison_years": "Maximum prison term", "min_prison_years": "Minimum prison term",
    "max_fine_pkr": "Maximum fine", "min_fine_pkr": "Minimum fine", "fine_or_prison": "Penalty",
    "death_penalty": "Death penalty", "life_imprisonment": "Life imprisonment", "age": "Age",
    "investigating_agency": "Investigating agency", "trial_court": "Trial court", "bailable": "Bail",
    "cognizable": "Arrest without warrant", "compoundable": "Compounding", "body": "Body set up",
    "standard": "Standard", "notice_days": "Notice", "moved_by": "Who may move", "limit": "Limit",
    "admissibility": "Admissible when",
}
_COMBINATIONS = {"alternative": "prison or a fine", "cumulative": "prison and a fine", "either_or_both": "prison, a fine or both"}
_YES_NO = {"bailable": ("bailable", "not bailable"), "cognizable": ("cognizable: police may arrest without a warrant",
           "non-cognizable: no arrest without a warrant"), "compoundable": ("compoundable", "not compoundable")}


def fact_label(key: str) -> str:
    return FACT_LABELS.get(key, key.replace("_", " ").capitalize())


def fact_value(key: str, value: Any) -> str:
    """A fact's value as a sentence would say it: "Rs 1,000,000", "14 years", "not bailable"."""
    if isinstance(value, bool):
        yes, no = _YES_NO.get(key, ("yes", "no"))
        return yes if value else no
    if key.endswith("_pkr") and isinstance(value, (int, float)):
        return f"Rs {value:,.0f}"
    if key == "fine_or_prison":
        return _COMBINATIONS.get(str(value), str(value))
    if key in {"age", "notice_days"} and isinstance(value, (int, float)):
        unit = "year" if key == "age" else "day"
        return f"{value:g} {unit}" + ("" if value == 1 else "s")
    return str(readable(key, value))


def fact_sentence(f: dict[str, Any]) -> str:
    """One fact as a line: "Maximum fine (child victim): Rs 2,000,000"."""
    qual = f" ({f['applies_to']})" if f.get("applies_to") else ""
    return f"{fact_label(f['key'])}{qual}: {fact_value(f['key'], f['value'])}"


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split ``+++``-fenced TOML front matter from the Markdown body."""
    if not text.startswith("+++"):
        raise KnowledgeBaseError(f"{path}: no TOML front matter (the file must start with +++)")
    end = text.find("\n+++", 3)
    if end < 0:
        raise KnowledgeBaseError(f"{path}: front matter is not closed with +++")
    return parse_toml(text[3:end], path, "TOML front matter"), text[end + 4 :].strip()


def parse_toml(text: str, path: Path, what: str = "TOML") -> dict[str, Any]:
    """``text`` (of ``path``) parsed, or a one-line error naming the file. ``tomllib`` is
    imported here: a search reads the knowledge base and its vocabulary from the cache
    (``search.derived``) and parses no TOML."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path}: invalid {what}: {exc}") from None


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML file ``path``, parsed (``parse_toml``)."""
    return parse_toml(path.read_text(encoding="utf-8"), path)


@lru_cache(maxsize=1)
def standards(corpus_dir: Path = CORPUS_DIR) -> dict[str, Any]:
    """``corpus/standards.toml``: the measures gaps compare, and where federal law is the law."""
    path = corpus_dir / "standards.toml"
    return read_toml(path)


def load_topics(corpus_dir: Path = CORPUS_DIR) -> dict[str, dict[str, Any]]:
    """The topic vocabulary, read once per process (query understanding reads it three ways);
    callers must not change it."""
    return _topics(corpus_dir / "topics.toml")


@lru_cache(maxsize=4)
def _topics(path: Path) -> dict[str, dict[str, Any]]:
    return read_toml(path)
