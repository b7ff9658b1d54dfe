"""Qanoon: a knowledge base and search engine for Pakistan's law on trafficking in persons,
smuggling of migrants and migration governance.

The project root is the ``qanoon`` package (``pyproject.toml`` maps it), so that installed
import names are Qanoon's own (``qanoon.indexer``, ``qanoon.search``, ``qanoon.web``,
``qanoon.cli``) while the source tree keeps its top-level folders. The embedded knowledge base
(``corpus/``) ships inside the package as data.
"""
