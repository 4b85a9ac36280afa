"""The HTTP API's parameters as data: one table read by validation and by the OpenAPI schema.

Every limit comes from the search-backend contract (indexer.backend), which the engine
enforces, so the schema, the 400 answers and the search itself agree.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from archive.errors import QueryError
from indexer.backend import (DEFAULT_PER_PAGE, KINDS, MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, SORTS, YEARS,
                             parse_years)

from .errors import ApiError

MAX_SOURCE_CHARS = 200
# "p<page id>" or "s<snippet id>", ASCII digits only, small enough for SQLite's INTEGER.
DOC_ID = re.compile(r"[ps][0-9]{1,18}")
DOC_ID_PATTERN = "^[ps][0-9]{1,18}$"
_Y = "(19[0-9]{2}|20[0-9]{2}|2100)"   # indexer.backend.YEARS
YEAR_PATTERN = f"^{_Y}(-{_Y})?$"


@dataclass(frozen=True)
class Param:
    name: str
    type: str                      # "string" | "integer"
    description: str
    required: bool = False
    default: str | int | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None

    def schema(self) -> dict:
        s: dict = {"type": self.type}
        for key, value in (("default", self.default), ("minimum", self.minimum), ("maximum", self.maximum),
                           ("minLength", self.min_length), ("maxLength", self.max_length)):
            if value is not None:
                s[key] = value
        if self.enum:
            s["enum"] = list(self.enum)
        if self.pattern:
            s["pattern"] = self.pattern
        return s


SEARCH_PARAMS = (
    Param("q", "string", "The query: words, \"exact phrases\", AND/OR/NOT, -word, field prefixes "
          "(title:/篇名: source:/来源: keyword:/关键词: author:/作者: abstract:/摘要: body:/全文:).",
          required=True, min_length=1, max_length=MAX_QUERY_CHARS),
    Param("page", "integer", "Page of results, from 1.", default=1, minimum=1, maximum=MAX_PAGE),
    Param("per_page", "integer", "Hits per page.", default=DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE),
    Param("kind", "string", "Only articles, or only other-literature snippets.", enum=KINDS),
    Param("source", "string", "Only documents from this source (exact journal name, as in the facets).",
          min_length=1, max_length=MAX_SOURCE_CHARS),
    Param("year", "string", f"Only documents published in this year or range of years (2015, 2010-2015; "
          f"{YEARS[0]}–{YEARS[1]}).", pattern=YEAR_PATTERN),
    Param("sort", "string", "Order of the hits (year: newest first).", default="relevance", enum=SORTS),
    Param("copies", "string", "one: the copies of one paper (from any site, form or script) are one hit, "
          "which counts and names the others; all: every copy is a hit.", default="one", enum=("one", "all")),
)


def parse_params(query: Mapping[str, str], table: tuple[Param, ...] = SEARCH_PARAMS) -> dict:
    """Validated keyword arguments from a query string, or ApiError(400) naming the bad one."""
    out: dict = {}
    for p in table:
        raw = query.get(p.name)
        if raw is None:
            if p.required:
                raise ApiError(400, "bad_parameter", f"the parameter {p.name!r} is required")
            out[p.name] = p.default
            continue
        if raw == "":
            raise ApiError(400, "bad_parameter", f"the parameter {p.name!r} must not be empty")
        if p.type == "integer":
            value = _integer(p.name, raw)
            if (p.minimum is not None and value < p.minimum) or (p.maximum is not None and value > p.maximum):
                raise ApiError(400, "bad_parameter",
                               f"{p.name} must be between {p.minimum} and {p.maximum}, not {value}")
            out[p.name] = value
            continue
        if p.max_length is not None and len(raw) > p.max_length:
            raise ApiError(400, "bad_parameter", f"{p.name} is too long ({len(raw)} characters; "
                                                 f"the limit is {p.max_length})")
        if p.enum and raw not in p.enum:
            raise ApiError(400, "bad_parameter", f"unknown {p.name} {raw[:40]!r}: use one of {', '.join(p.enum)}")
        out[p.name] = raw
    if out.get("year"):
        try:
            out["year"] = parse_years(out["year"])
        except QueryError as e:
            raise ApiError(400, "bad_parameter", f"year: {e}") from None
    return out


def _integer(name: str, raw: str) -> int:
    # ASCII digits only: int() would also take " 7", "٧" or "1_000".
    if not re.fullmatch(r"-?[0-9]{1,18}", raw):
        raise ApiError(400, "bad_parameter", f"{name} must be a whole number, not {raw[:40]!r}")
    return int(raw)


def check_doc_id(doc_id: str) -> str:
    if not DOC_ID.fullmatch(doc_id):
        raise ApiError(400, "bad_id", f"{doc_id[:40]!r} is not a document id: use p<page id> for an "
                                      f"article or s<snippet id> for an other-literature snippet")
    return doc_id
