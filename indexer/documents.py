"""The two kinds of indexed document, as plain dicts any search backend takes.

An *article* is one saved journal page; a *related* document is one distinct
"other literature" snippet, with the ids of every page it appears on.

A snippet's pages are not stored on its document: each article lists the keys of
its snippets (``snippet_keys``, the catalog's ``archive.store.snippet_key``
digested), and search asks the articles which of them carry a snippet's key. So
a snippet that appears on one more page leaves its own document unchanged, and the
writer skips rewriting unchanged documents (``digest``): on sites where the same
other-literature entries recur on page after page, most snippet writes vanish.

No engine here: indexer.whoosh.schema maps these fields to Whoosh's, indexer.opensearch to
OpenSearch's.
"""
from __future__ import annotations

import hashlib
import json

from archive.record import Record
from archive.store import snippet_key
from indexer.text import ANALYZER_VERSION, fold


# Bump whenever fields change; together with ANALYZER_VERSION it forms the stamp.
SCHEMA_VERSION = 6  # 2: snippet pages via snippet_keys; digest; 3: chars, kind column; 4: year, issue;
# 5: the tokenizers moved to indexer.whoosh.tokenizers (their path is pickled into the schema);
# 6: work, completeness


# Searchable text fields (bigram-analyzed, stored for display and highlighting).
TEXT_FIELDS = ("title", "authors", "keywords", "abstract", "body", "source")

# Multi-valued record fields are stored joined with this separator.
LIST_SEPARATOR = "; "


def completeness(record: Record) -> int:
    """How complete a copy of a work is, for picking the one a hit shows: the longest
    text first, then the most fields filled."""
    filled = sum(1 for v in (record.title, record.source, record.citations, record.uploader, record.authors,
                             record.keywords, record.abstract, record.body, record.related, record.year,
                             record.issue) if v not in (None, "", []))
    return min(len(record.abstract or "") + len(record.body or ""), 2**26) * 16 + filled


def article_document(page_id: str, record: Record, url: str | None = None, work: str | None = None) -> dict:
    """The indexed form of one parsed page; ``work``: the id of its work (indexer.works)."""
    keywords = LIST_SEPARATOR.join(record.keywords or [])
    authors = LIST_SEPARATOR.join(record.authors or [])
    doc = {
        "id": page_id,
        "kind": "article",
        "title": record.title or "",
        "authors": authors,
        "keywords": keywords,
        "abstract": record.abstract or "",
        "body": record.body or "",
        "source": record.source or "",
        "page_ids": page_id,
        "completeness": completeness(record),
    }
    if work:
        doc["work"] = work
    if record.source:
        doc["source_name"] = record.source
    if record.citations is not None:
        doc["citations"] = max(0, int(record.citations))
    if record.year is not None:
        doc["year"] = int(record.year)
    if record.issue:
        doc["issue"] = record.issue
    if record.uploader:
        doc["uploader"] = record.uploader
    if url:
        doc["url"] = url
    keys = dict.fromkeys(k for k in (snippet_digest(item.text) for item in record.related or []) if k)
    if keys:
        doc["snippet_keys"] = ",".join(keys)
    return doc


def snippet_digest(text: str) -> str:
    """A short digest of the catalog's snippet key: equal for the same snippet row."""
    key = snippet_key(text)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16] if key else ""


def related_id(text: str) -> str:
    """A stable id for an other-literature snippet: equal after folding ⇒ same id."""
    digest = hashlib.sha1(" ".join(fold(text).split()).encode("utf-8")).hexdigest()
    return "rel-" + digest[:20]


def related_document(text: str, url: str | None = None, doc_id: str | None = None,
                     work: str | None = None) -> dict:
    """The indexed form of one distinct snippet. Its pages are the articles whose
    ``snippet_keys`` hold its key, so the document does not change as pages come.
    ``work``: the work it resolves to, or its group of cuts of one text (indexer.works):
    search shows one hit for them, the longest cut (``completeness``) first."""
    doc = {
        "id": doc_id or related_id(text),
        "kind": "related",
        "body": text,
        "snippet_key": snippet_digest(text),
        "completeness": len(text),
    }
    if work:
        doc["work"] = work
    if url:
        doc["url"] = url
    return doc


def with_work(digest: str, work: str | None) -> str:
    """The digest a document is stored with once its work is given (the work, like the
    ids, is not known where documents are prepared): a page given another work is
    written again."""
    return digest if not work else hashlib.sha1(f"{digest}:{work}".encode("ascii")).hexdigest()


def document_digest(doc: dict) -> str:
    """What a document's indexed form is made of: equal digests (for the same id),
    identical documents. The id fields and the work are left out: a worker prepares a
    page before the catalog has given it either (see indexer.whoosh.postings, with_work)."""
    items = sorted((k, v) for k, v in doc.items() if k not in ("id", "page_ids", "work"))
    blob = json.dumps([ANALYZER_VERSION, SCHEMA_VERSION, items], ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def char_set(doc: dict) -> str:
    """The distinct folded characters of every searchable text field, sorted."""
    seen: set[str] = set()
    for name in TEXT_FIELDS:
        if doc.get(name):
            seen.update(fold(doc[name]))
    return "".join(sorted(seen))


def with_words(doc: dict) -> dict:
    """Add the derived fields — ranking-only ``words`` (the text of the main
    searchable fields), ``chars`` (see char_set) — and the document's ``digest``."""
    parts = [doc.get(name) or "" for name in ("title", "keywords", "abstract", "body")]
    out = {**doc, "words": "\n".join(p for p in parts if p),
           "digest": with_work(document_digest(doc), doc.get("work"))}
    chars = char_set(doc)
    if chars:
        out["chars"] = chars
    return out
