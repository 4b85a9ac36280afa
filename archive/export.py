"""The JSON forms of archived documents — a page (`wenyuan show --json`, `wenyuan export`,
the HTTP API) and an other-literature snippet (`wenyuan show s<id> --json`, the HTTP API)."""
from __future__ import annotations

from .ids import page_doc_id, snippet_doc_id
from .store import Archive, StoredPage


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


def snippet_json(arc: Archive, snippet_id: int) -> dict:
    """A snippet's text and the pages that show it (NotFoundError if there is none)."""
    text = arc.snippet(snippet_id)
    pages = []
    for pid in arc.pages_of_snippet(snippet_id):
        page = arc.page(pid)
        rec = page.record
        pages.append({"id": pid, "doc_id": page_doc_id(pid), "title": rec.title if rec else None,
                      "source": rec.source if rec else None, "url": page.url})
    return {"id": snippet_id, "doc_id": snippet_doc_id(snippet_id), "kind": "related", "text": text,
            "pages": pages}
