"""The Whoosh schema of indexer.documents' fields, and the version stamp an index must carry.

Postings are kept to what search needs (indexing time is dominated by the
writer's per-posting work): the text fields hold bigrams WITH positions (quoted
phrases need them) but no character offsets (highlights are recomputed from the
stored text); the combined ``words`` field holds jieba words with frequencies
only (ranking needs no positions).
"""
from __future__ import annotations

from whoosh import fields, formats

from indexer.documents import SCHEMA_VERSION, TEXT_FIELDS
from indexer.text import ANALYZER_VERSION
from indexer.whoosh.tokenizers import BigramTokenizer, CharSetTokenizer, WordTokenizer


def version_stamp() -> dict:
    """What an index must have been built with to be opened by this code."""
    return {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION}


def _bigram_text(stored: bool = True) -> fields.TEXT:
    return fields.TEXT(analyzer=BigramTokenizer(), phrase=True, stored=stored)


def _chars_field() -> fields.KEYWORD:
    """The document's distinct folded characters, existence only (no frequencies,
    positions or lengths): one-character phrases anywhere (see indexer.whoosh.compiler)."""
    f = fields.KEYWORD(stored=False, scorable=False, analyzer=CharSetTokenizer())
    f.format = formats.Existence()
    return f


def build_schema() -> fields.Schema:
    """A fresh schema instance (Whoosh pickles it into the index)."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # A column too: facet counts read it per matching document.
        kind=fields.ID(stored=True, sortable=True),
        # Exact source name: filter and facet. The bigram "source" field serves queries.
        source_name=fields.ID(stored=False, sortable=True),
        citations=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        # The publication year: filter (a range), sort and facet. The issue is shown only.
        year=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        issue=fields.STORED(),
        uploader=fields.STORED(),
        url=fields.STORED(),
        page_ids=fields.STORED(),
        # An article's work (indexer.works): one hit per work, copies counted. A column.
        work=fields.ID(stored=True, sortable=True),
        # Which copy of a work a hit shows: indexer.documents.completeness, a column only.
        completeness=fields.NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),
        # Article: the digests of its snippets' keys. Snippet: its own (stored).
        snippet_keys=fields.KEYWORD(stored=False, commas=True, scorable=False),
        snippet_key=fields.STORED(),
        digest=fields.STORED(),
        chars=_chars_field(),
        words=fields.TEXT(analyzer=WordTokenizer(), phrase=False, stored=False),
        **{name: _bigram_text() for name in TEXT_FIELDS},
    )

