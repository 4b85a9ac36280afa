"""The JSON forms of archived documents — a page (`wenyuan show --json`, `wenyuan export`,
the HTTP API) and an other-literature snippet (`wenyuan show s<id> --json`, the HTTP API)."""
from __future__ import annotations

from .ids import page_doc_id, snippet_doc_id, work_doc_id
from .store import Archive, StoredPage


def _copies(arc: Archive, work: int, details: bool) -> list[dict]:
    copies = []
    for pid in arc.copies(work):
        copy: dict = {"id": pid, "doc_id": page_doc_id(pid)}
        if details:
            rec = arc.page(pid).record
            copy.update(title=rec.title if rec else None, source=rec.source if rec else None)
        copies.append(copy)
    return copies


def work_json(arc: Archive, page_id: int, details: bool = True) -> dict | None:
    """The work a page is a copy of (indexer.works): its id, every latest copy (with
    their titles and sources when ``details``: an export leaves them out, each copy is
    exported too), and the other-literature snippets that cite it, with the pages
    showing them."""
    work = arc.work_of(page_id)
    if work is None:
        return None
    cited_by = [{"doc_id": snippet_doc_id(r["id"]), "text": r["text"],
                 "pages": [page_doc_id(p) for p in arc.pages_of_snippet(r["id"])]}
                for r in arc.citing_snippets(work)]
    return {"id": work_doc_id(work), "copies": _copies(arc, work, details), "cited_by": cited_by}


def page_json(page: StoredPage, related: list[dict], work: dict | None = None) -> dict:
    """A page's record, its related snippets (each with its own document id), its origin
    and its work (work_json)."""
    return {
        "id": page.id,
        "doc_id": page_doc_id(page.id),
        "kind": "article",
        "record": page.record.to_dict() if page.record else None,
        # ``cites``: the archived article the item is the opening of (indexer.works).
        "related": [{"position": r["position"], "snippet_id": r["snippet_id"],
                     "doc_id": snippet_doc_id(r["snippet_id"]), "text": r["text"], "url": r["url"],
                     "cites": page_doc_id(r["cites"]) if r.get("cites") else None}
                    for r in related],
        "origin": {"url": page.url, "final_url": page.final_url, "paths": page.origins,
                   "imported_at": page.imported_at, "sha256": page.sha256, "size": page.size,
                   "form": page.form, "http_status": page.http_status},
        "status": page.status, "error": page.error, "is_latest": page.is_latest,
        "work": work,
    }


def snippet_json(arc: Archive, snippet_id: int) -> dict:
    """A snippet's text, the pages that show it, and the archived articles it cites: the
    copies of the work it is the opening of (NotFoundError if there is no such snippet)."""
    text = arc.snippet(snippet_id)
    pages = []
    for pid in arc.pages_of_snippet(snippet_id):
        page = arc.page(pid)
        rec = page.record
        pages.append({"id": pid, "doc_id": page_doc_id(pid), "title": rec.title if rec else None,
                      "source": rec.source if rec else None, "url": page.url})
    work = arc.snippet_work(snippet_id)
    cites = [{"doc_id": c["doc_id"], "title": c["title"], "source": c["source"]}
             for c in _copies(arc, work, details=True)] if work is not None else []
    return {"id": snippet_id, "doc_id": snippet_doc_id(snippet_id), "kind": "related", "text": text,
            "pages": pages, "work": work_doc_id(work) if work is not None else None, "cites": cites}
