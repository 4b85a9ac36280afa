"""The OpenAPI 3.0 description the app serves at /openapi.json, built from web.params."""
from __future__ import annotations

from archive import __version__

from .params import DOC_ID_PATTERN, SEARCH_PARAMS, Param

_STR = {"type": "string"}
_NSTR = {"type": "string", "nullable": True}
_INT = {"type": "integer"}
_NINT = {"type": "integer", "nullable": True}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}


def _obj(props: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": props, "required": required or list(props)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS = {
    "Error": _obj({"error": _obj({"code": _STR, "message": _STR})}),
    "Hit": _obj({
        "id": {"type": "string", "pattern": DOC_ID_PATTERN},
        "kind": {"type": "string", "enum": ["article", "related"]},
        "title": _STR, "source": _NSTR, "citations": _NINT, "year": _NINT, "issue": _NSTR, "url": _NSTR,
        "score": {"type": "number", "nullable": True},
        "snippet": _STR,
        "spans": {"type": "array", "items": {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2}},
        "title_spans": {"type": "array", "items": {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2}},
        "highlight": _STR,
        "pages": {"type": "array", "items": {"type": "string", "pattern": DOC_ID_PATTERN}},
        # One hit per work (indexer.works): its id, its copies (a snippet: its cuts of one
        # text), the others' ids, and for an article the snippets citing it.
        "work": _NSTR, "copies": {"type": "integer", "minimum": 1},
        "copy_ids": {"type": "array", "items": {"type": "string", "pattern": DOC_ID_PATTERN}},
        "cited_by_snippets": {"type": "integer", "minimum": 0},
    }),
    "SearchResult": _obj({
        "query": _STR, "total": {"type": "integer", "minimum": 0}, "page": _INT, "per_page": _INT,
        "took_ms": {"type": "number"}, "timed_out": {"type": "boolean"}, "partial": {"type": "boolean"},
        "hits": {"type": "array", "items": _ref("Hit")},
        "facets": _obj({"source": _COUNTS, "kind": _COUNTS, "year": _COUNTS}),
    }),
    "Record": {**_obj({
        "title": _STR, "source": _NSTR, "citations": _NINT, "uploader": _NSTR,
        "authors": {"type": "array", "items": _STR}, "keywords": {"type": "array", "items": _STR},
        "abstract": _NSTR, "body": _STR,
        "related": {"type": "array", "items": _obj({"text": _STR, "url": _NSTR})},
        "encoding": _STR, "year": _NINT, "issue": _NSTR,
    }), "nullable": True},
    "Page": _obj({
        "id": _INT, "doc_id": _STR, "kind": {"type": "string", "enum": ["article"]},
        "record": _ref("Record"),
        "related": {"type": "array", "items": _obj({
            "position": _INT, "snippet_id": _INT, "doc_id": _STR, "text": _STR, "url": _NSTR,
            "cites": _NSTR})},
        "origin": _obj({
            "url": _NSTR, "final_url": _NSTR, "paths": {"type": "array", "items": _STR},
            "imported_at": _STR, "sha256": _STR, "size": _INT, "form": _NSTR, "http_status": _NINT}),
        "status": _STR, "error": _NSTR, "is_latest": {"type": "boolean"},
        "work": {**_obj({
            "id": _STR,
            "copies": {"type": "array", "items": _obj({"id": _INT, "doc_id": _STR, "title": _NSTR,
                                                        "source": _NSTR})},
            "cited_by": {"type": "array", "items": _obj({"doc_id": _STR, "text": _STR,
                                                          "pages": {"type": "array", "items": _STR}})},
        }), "nullable": True},
    }),
    "Snippet": _obj({
        "id": _INT, "doc_id": _STR, "kind": {"type": "string", "enum": ["related"]}, "text": _STR,
        "pages": {"type": "array", "items": _obj({
            "id": _INT, "doc_id": _STR, "title": _NSTR, "source": _NSTR, "url": _NSTR})},
        # The archived articles the snippet is the opening of: its work's copies (indexer.works).
        "work": _NSTR,
        "cites": {"type": "array", "items": _obj({"doc_id": _STR, "title": _NSTR, "source": _NSTR})},
    }),
    "Stats": _obj({
        "pages": _INT, "latest_pages": _INT, "records": _INT, "failed": _INT, "not_articles": _INT, "snippets": _INT,
        "works": _INT, "works_with_copies": _INT, "most_copies": _INT, "snippets_resolved": _INT,
        "rejected": _INT, "bytes": _INT, "sources": _COUNTS, "encodings": _COUNTS, "forms": _COUNTS,
    }),
    "Health": _obj({"status": {"type": "string", "enum": ["ok"]}, "archive": {"type": "boolean"},
                    "index": {"type": "boolean"}}),
}

_ERRORS = {
    "400": "A parameter or the id is malformed, or the query cannot be understood.",
    "404": "No such document.",
    "405": "Method not allowed (the Allow header lists the ones that are).",
    "500": "Unexpected failure (logged); a generic message.",
    "503": "No archive or no search index yet (the first import is building it); retry after Retry-After.",
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _responses(ok: dict, errors: tuple[str, ...]) -> dict:
    out = {"200": ok}
    for code in errors:
        out[code] = _json(_ref("Error"), _ERRORS[code])
    return out


def _query_param(p: Param) -> dict:
    return {"name": p.name, "in": "query", "required": p.required, "description": p.description,
            "schema": p.schema()}


_ID_PARAM = {"name": "id", "in": "path", "required": True,
             "description": "p<page id> for an article, s<snippet id> for an other-literature snippet.",
             "schema": {"type": "string", "pattern": DOC_ID_PATTERN}, "example": "p1"}


def build_openapi() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "wenyuan (文渊)", "version": __version__,
                 "description": "Full-text search over an archive of saved Chinese journal pages. "
                                "Every failure answers {\"error\": {\"code\", \"message\"}}."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search articles and other-literature snippets (same JSON as `wenyuan search --json`)",
                "operationId": "search",
                "parameters": [_query_param(p) for p in SEARCH_PARAMS],
                "responses": _responses(_json(_ref("SearchResult"), "One page of hits, with facets."),
                                        ("400", "405", "500", "503")),
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document: a page (as `wenyuan show --json`) or a snippet and its pages",
                "operationId": "document",
                "parameters": [_ID_PARAM],
                "responses": _responses(
                    _json({"oneOf": [_ref("Page"), _ref("Snippet")]}, "The page or the snippet."),
                    ("400", "404", "405", "500", "503")),
            }},
            "/api/documents/{id}/raw": {"get": {
                "summary": "A page's original bytes, as a download (never rendered as this site's page)",
                "operationId": "raw",
                "parameters": [_ID_PARAM],
                "responses": _responses(
                    {"description": "The bytes exactly as archived; HTML and text carry the detected charset.",
                     "content": {t: {"schema": {"type": "string", "format": "binary"}}
                                 for t in ("text/html", "text/plain", "message/rfc822",
                                           "application/octet-stream")}},
                    ("400", "404", "405", "500", "503")),
            }},
            "/api/documents/{id}/view": {"get": {
                "summary": "A page as it was saved, for a sandboxed iframe (CSP sandbox: no scripts, "
                           "nothing fetched; an MHTML file's HTML part)",
                "operationId": "view",
                "parameters": [_ID_PARAM],
                "responses": _responses(
                    {"description": "The stored HTML or text with its detected charset.",
                     "content": {t: {"schema": {"type": "string"}} for t in ("text/html", "text/plain")}},
                    ("400", "404", "405", "500", "503")),
            }},
            "/api/stats": {"get": {
                "summary": "Figures about the archive (same JSON as `wenyuan stats --json`)",
                "operationId": "stats",
                "responses": _responses(_json(_ref("Stats"), "The figures."), ("405", "500", "503")),
            }},
            "/healthz": {"get": {
                "summary": "Liveness, and whether the archive and the index exist yet",
                "operationId": "health",
                "responses": _responses(_json(_ref("Health"), "The server is up."), ("405", "500")),
            }},
        },
        "components": {"schemas": SCHEMAS},
    }
