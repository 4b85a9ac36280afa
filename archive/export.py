"""The JSON form of an archived page: `wenyuan show --json`, `wenyuan export`, the HTTP API."""
from __future__ import annotations

from .ids import page_doc_id, snippet_doc_id
from .store import StoredPage


def page_json(page: StoredPage, related: list[dict]) -> dict:
    """A page's record, its related snippets (each with its own document id) and its origin."""
    return {
        "id": page.id,
        "doc_id": page_doc_id(page.id),
        "kind": "article",
        "record": page.record.to_dict() if page.record else None,
        "related": [{"position": r["position"], "snippet_id": r["snippet_id"],
                     "doc_id": snippet_doc_id(r["snippet_id"]), "text": r["text"], "url": r["url"]}
                    for r in related],
        "origin": {"url": page.url, "final_url": page.final_url, "paths": page.origins,
                   "imported_at": page.imported_at, "sha256": page.sha256, "size": page.size,
                   "form": page.form, "http_status": page.http_status},
        "status": page.status, "error": page.error, "is_latest": page.is_latest,
    }
