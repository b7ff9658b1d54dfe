"""Jurisdiction names as people write them, resolved to the codes of the knowledge base.

One resolver for the CLI, the library and the web app, so that ``-j Sindh``, ``-j KPK`` and
``?jurisdiction=Azad Kashmir`` all mean what they say, and an unknown name is refused with the
list of names accepted instead of giving an empty answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qanoon.indexer.errors import QueryError

JURISDICTIONS = {
    "federal": "Federal",
    "ict": "Islamabad Capital Territory",
    "punjab": "Punjab",
    "sindh": "Sindh",
    "kp": "Khyber Pakhtunkhwa",
    "balochistan": "Balochistan",
    "gb": "Gilgit-Baltistan",
    "ajk": "Azad Jammu and Kashmir",
    "international": "International",
}
# The federation and the seven units whose law Qanoon compares, in the order tables show them.
PAKISTAN = ("federal", "ict", "punjab", "sindh", "kp", "balochistan", "gb", "ajk")

# Other names in use, as keys after ``_key`` (lower case, '&' read as 'and', no punctuation).
_ALIASES = {
    "pakistan": "federal", "national": "federal", "federation": "federal", "fed": "federal", "pk": "federal",
    "islamabad": "ict", "islamabadcapitalterritory": "ict", "capitalterritory": "ict", "federalcapital": "ict",
    "punjabprovince": "punjab", "panjab": "punjab",
    "sind": "sindh",
    "kpk": "kp", "nwfp": "kp", "khyberpakhtunkhwa": "kp", "khyberpakhtoonkhwa": "kp", "khyberpakhtunkhawa": "kp",
    "northwestfrontierprovince": "kp", "pakhtunkhwa": "kp",
    "baluchistan": "balochistan", "balochistanprovince": "balochistan",
    "gilgitbaltistan": "gb", "gilgit": "gb", "northernareas": "gb",
    "azadjammuandkashmir": "ajk", "azadkashmir": "ajk", "ajandk": "ajk", "azadjammukashmir": "ajk", "stateofazadjammuandkashmir": "ajk",
    "intl": "international", "un": "international", "ilo": "international", "standards": "international",
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and"))


_LOOKUP = {**{_key(code): code for code in JURISDICTIONS}, **{_key(label): code for code, label in JURISDICTIONS.items()}, **_ALIASES}


def accepted(pakistan_only: bool = False) -> str:
    """The codes a user may type, for error messages."""
    return ", ".join(PAKISTAN if pakistan_only else JURISDICTIONS)


def resolve(name: str, *, pakistan_only: bool = False) -> str:
    """The code for ``name`` (any case, common variants); a ``QueryError`` listing the accepted
    names for anything else."""
    code = _LOOKUP.get(_key(name))
    if code is None or (pakistan_only and code not in PAKISTAN):
        kind = "a jurisdiction of Pakistan" if pakistan_only else "a jurisdiction"
        raise QueryError(f"'{name.strip()[:40]}' is not {kind}; use one of: {accepted(pakistan_only)} "
                         "(names such as KPK, Islamabad, Gilgit-Baltistan or Azad Kashmir work too)")
    return code


def resolve_all(names: Iterable[str], *, pakistan_only: bool = False) -> tuple[str, ...]:
    """Each name resolved, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(resolve(n, pakistan_only=pakistan_only) for n in names if n.strip()))
