"""wenyuan's one exception tree.

    WenyuanError                 base: every error the library raises on purpose
    ├── NotAPageError            input is not a page (empty, binary, archive, too large); has .path, .reason
    ├── DecodeError              bytes could not be turned into text at all
    ├── StoreError               the archive could not be read or written
    │   └── NotFoundError        no page or snippet with that id
    ├── IndexStateError          the search index is missing, locked or stale
    ├── QueryError               a search query could not be understood
    └── SearchCancelled          a search was stopped because its client went away

Each carries the context a user needs (a path, an id) and reads as one sentence:
the CLI prints ``str(error)`` and exits non-zero; the HTTP layer maps the class to
a status code. Nothing outside this module raises bare ``Exception``s on purpose.
"""
from __future__ import annotations


class WenyuanError(Exception):
    """Base of every error wenyuan raises deliberately."""


class NotAPageError(WenyuanError):
    """The input is not a page we can parse: it is refused, never half-parsed."""

    def __init__(self, reason: str, path: str | None = None):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)

    def with_path(self, path: str) -> "NotAPageError":
        return NotAPageError(self.reason, path)


class DecodeError(WenyuanError):
    """The bytes could not be decoded as text in any encoding we know."""


class StoreError(WenyuanError):
    """The archive (blobs or catalog) could not be read or written."""


class NotFoundError(StoreError):
    """No page or snippet with the requested id."""


class IndexStateError(WenyuanError):
    """The search index is missing, locked, or built by another analyzer version."""


class QueryError(WenyuanError):
    """A search query could not be understood."""


class SearchCancelled(WenyuanError):
    """A search was stopped part-way because nobody is waiting for its answer any more."""
