"""Qanoon's local, read-only web app (``qanoon serve``), built on ``search.Library`` alone.

``App(lib)`` is the WSGI application; ``make_server`` and ``serve`` run it on the standard
library's ``wsgiref``. Modules: ``markup`` (the one place that escapes), ``views`` (one dict
per page), ``pages`` (HTML from those dicts), ``app`` (routing, JSON, errors, server).
"""

from qanoon.web.app import App, make_server, serve

__all__ = ["App", "make_server", "serve"]
