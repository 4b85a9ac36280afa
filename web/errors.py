"""The HTTP layer's one error shape and the one place library errors become statuses.

Every failure answers ``{"error": {"code": str, "message": str}}``:

    400 bad_parameter        a query parameter is missing, malformed or out of range
    400 bad_query            the search query cannot be understood (QueryError)
    400 bad_id               a document id is not p<digits> or s<digits>
    404 not_found            no such document, file or route
    405 method_not_allowed   the route exists, not with this method (Allow says which)
    503 index_unavailable    no search index yet (the first import is building it), or a stale one
    503 archive_unavailable  no archive yet
    503 cancelled            the search was stopped because its client went away (nobody reads it)
    500 store_error          the archive could not be read (a damaged blob, an I/O error)
    500 internal_error       anything unexpected: logged with its traceback, answered generically
"""
from __future__ import annotations

from archive.errors import ArchiveMissing, IndexStateError, QueryError, SearchCancelled, StoreError, WenyuanError

# Seconds a client should wait before retrying a 503 (an import commits every few seconds).
RETRY_AFTER = "5"


class ApiError(WenyuanError):
    """An answer the HTTP layer gives on purpose: status, code, one-sentence message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def from_library(e: WenyuanError) -> ApiError:
    """Map an error the library raised on purpose to an HTTP answer."""
    if isinstance(e, ApiError):
        return e
    if isinstance(e, QueryError):
        return ApiError(400, "bad_query", f"bad query: {e}")
    if isinstance(e, IndexStateError):
        return ApiError(503, "index_unavailable", str(e), {"Retry-After": RETRY_AFTER})
    if isinstance(e, SearchCancelled):
        return ApiError(503, "cancelled", str(e))
    if isinstance(e, ArchiveMissing):
        return ApiError(503, "archive_unavailable", str(e), {"Retry-After": RETRY_AFTER})
    return ApiError(500, "store_error" if isinstance(e, StoreError) else "internal_error", str(e))


def envelope(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}
