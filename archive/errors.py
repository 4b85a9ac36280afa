"""wenyuan's one exception tree.

    WenyuanError                 base: every error wenyuan raises on purpose
    ├── NotAPageError            input is not a page (empty, binary, archive, too large); has .path, .reason
    ├── StoreError               the archive could not be read or written
    │   ├── NotFoundError        no page or snippet with that id
    │   └── ArchiveMissing       there is no archive (catalog) at the home folder yet
    ├── IndexStateError          the search index is missing, locked, stale, written for another
    │                            whoosh3, or unreadable; the message says which, and that
    │                            ``wenyuan reindex`` rebuilds it
    ├── QueryError               a search query or option could not be understood
    ├── SearchCancelled          a search was stopped because its client went away
    ├── FetchError               (archive.crawl.errors) a URL could not be fetched; its own subtree
    └── ApiError                 (web.errors) an HTTP answer given on purpose: status, code, message

Each carries the context a user needs (a path, an id) and reads as one sentence.
The edges turn them into messages in one place each: the CLI's command group
(``cli._Commands.invoke``) prints ``str(error)`` and exits non-zero (2 for a bad
query); the HTTP layer (``web.errors.from_library``) maps the class to a status.
Anything else that escapes is a bug in wenyuan, and is said to be one: a one-line
"internal error" in the CLI, a logged 500 ``internal_error`` over HTTP — never a
"damaged index" that a reindex would not cure.
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


class StoreError(WenyuanError):
    """The archive (blobs or catalog) could not be read or written."""


class NotFoundError(StoreError):
    """No page or snippet with the requested id."""


class ArchiveMissing(StoreError):
    """There is no catalog at the home folder yet."""


class IndexStateError(WenyuanError):
    """The search index is missing, locked, or built by another analyzer version."""


class QueryError(WenyuanError):
    """A search query could not be understood."""


class SearchCancelled(WenyuanError):
    """A search was stopped part-way because nobody is waiting for its answer any more."""
