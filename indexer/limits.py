"""The limits of a search, in one table read by the library (indexer.search, indexer.query),
the HTTP parameters (web.params, and so the OpenAPI schema) and the CLI's options.

No engine import here: the CLI reads it to build its options before any index is opened.
"""
from __future__ import annotations

SORTS = ("relevance", "citations", "year")
YEARS = (1900, 2100)   # the years a --year / year= filter may name
KINDS = ("article", "related")
MAX_QUERY_CHARS = 1000
MAX_PAGE = 1000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
