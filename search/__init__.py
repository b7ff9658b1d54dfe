"""Qanoon's search layer and public API.

The CLI and the web app use only these names.
"""

from indexer.errors import QanoonError
from search.engine import Options
from search.library import Library

__all__ = ["Library", "Options", "QanoonError"]
