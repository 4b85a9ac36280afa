"""What an other-literature snippet cites: the archived articles that it is the opening of.

A page's "其他文献" list shows other papers cut short: their abstract (or body) up to
some length. When the archive holds such a paper too, the snippet resolves to it: the
article whose folded abstract or body opening starts with the snippet's folded text
(whitespace and a trailing ellipsis ignored; folding makes traditional and simplified,
full-width and half-width alike). Candidates come from the index, a phrase search on
the snippet's opening, so this costs one search whatever the archive's size.
"""
from __future__ import annotations

from indexer.backend import SearchBackend
from indexer.syntax import quote_phrase
from indexer.text import fold

MIN_CHARS = 12        # shorter snippets ("引言", a bare title) would open too many papers
PROBE_CHARS = 40      # the snippet's opening searched as a phrase
CANDIDATES = 20       # articles whose opening is checked
OPENING_FIELDS = ("abstract", "body")


def opening_key(text: str) -> str:
    """The folded text without whitespace or a trailing ellipsis: what a prefix is tested on."""
    return "".join(fold(text or "").split()).rstrip(".…")


def resolve_snippet(index: SearchBackend, text: str) -> list[dict]:
    """The articles ``text`` is the opening of, as ``{"doc_id", "title", "source"}``, best
    first (empty when the snippet is too short to say)."""
    key = opening_key(text)
    if len(key) < MIN_CHARS:
        return []
    probe = " ".join(text.split()).rstrip(".…")[:PROBE_CHARS]
    found = index.search(quote_phrase(probe), kind="article", per_page=CANDIDATES)
    out = []
    for hit in found["hits"]:
        doc = index.document(hit["id"]) or {}
        if any(opening_key(doc.get(name) or "").startswith(key) for name in OPENING_FIELDS):
            out.append({"doc_id": hit["id"], "title": hit.get("title") or None, "source": hit.get("source")})
    return out


def with_citations(snippet: dict, index: SearchBackend | None) -> dict:
    """archive.export.snippet_json's dict with ``cites`` added (empty without an index)."""
    snippet["cites"] = resolve_snippet(index, snippet.get("text") or "") if index is not None else []
    return snippet
