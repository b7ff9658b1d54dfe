"""Qanoon's search layer and public API.

The CLI and the web app use only these names.
"""

from qanoon.indexer.errors import QanoonError
from qanoon.search.engine import Options
from qanoon.search.library import Library

__all__ = ["Library", "Options", "QanoonError"]
