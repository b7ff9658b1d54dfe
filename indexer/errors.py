"""The one exception family Qanoon raises for a user's mistake or a bad file.

Every message is one line naming the file (or query) and the cause, so the CLI can print it
as it is, without a traceback.
"""

from __future__ import annotations


class QanoonError(Exception):
    """Base of every error meant for the user."""


class InputError(QanoonError):
    """A file that cannot be read: missing, unsupported, corrupt, empty or too large."""


class NoTextLayerError(InputError):
    """A PDF whose pages carry no usable text (a scanned gazette)."""


class KnowledgeBaseError(QanoonError):
    """A knowledge-base file in corpus/ that breaks the format of corpus/README.md."""


class IndexStateError(QanoonError):
    """The index cannot be used: locked by another ingest, or written by an older schema."""


class QueryError(QanoonError):
    """A query or citation that cannot be answered as asked."""
