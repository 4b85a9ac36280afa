"""The index in OpenSearch's terms: an index template and ``_bulk`` lines made from the
same documents (indexer.documents) and the same analysis (indexer.text) as the Whoosh
index. ``wenyuan export --format opensearch -o DIR`` writes both (``write_export``);
docs/scale-out.md says how an OpenSearch backend would serve indexer.backend's contract.
Engine-free: nothing here imports Whoosh or an OpenSearch client.

Why the tokens are exported pre-analyzed. Every searchable field goes out twice: its
text as the page has it (for display and highlighting, not indexed) and ``<field>_tokens``,
OUR tokens of it joined with TOKEN_SEP, which the template's analyzer only splits apart
(a ``pattern`` tokenizer on the separator, no filters). OpenSearch then indexes exactly
the terms and positions Whoosh does: the folded character bigrams at positions 0..n-1
(the last one the 1-character tail), so a ``match_phrase`` over consecutive bigrams is
the same exact-substring test as ours (indexer.text's substring guarantee), and the
rjieba words of ``words``, so plain words meet the same terms. No OpenSearch analyzer
(icu, smartcn, ik) segments like rjieba or folds like ``fold`` (our one-to-one
traditional → simplified table, full-width forms, dropped format characters), and any
difference would change what matches, not only how it ranks. The separator can never
be part of a token: U+001F is a control character that ``fold`` turns into a space
(Python counts the information separators U+001C–U+001F as whitespace; the other Cc, Cf
and Cs characters are dropped), so no folded text, hence no bigram or word, holds it.

Where the scores still differ, honestly (what matches does not):

- idf: Lucene's BM25 uses ln(1 + (N - n + 0.5) / (n + 0.5)) with N the documents that
  have the field; Whoosh uses ln(N / (n + 1)) + 1 with N all documents. Rare terms
  weigh about the same, common ones differently.
- tf: Lucene (since 8.0) drops BM25's constant (k1 + 1) factor, and the average field
  length is taken over the documents holding the field (Whoosh: over all documents, so
  snippets, which have only a body, shorten its average title); both keep field lengths
  lossily, in one byte, but quantize differently.
- per field: OpenSearch scores BM25 per field and a ``bool`` sums the clauses, as our
  compiled OR of per-field terms does (Whoosh's "BM25F" is the same per-field sum, with
  one B and K1), so that part agrees; a phrase is scored by Lucene on its phrase
  frequency, by us as the sum of its terms' scores where it occurs.
- bonuses: ALL_UNITS_BONUS and EXACT_SOURCE_BONUS (indexer.whoosh.compiler) are not
  in the index; the query adds them as ``constant_score`` clauses in the ``should`` of a
  ``bool`` (docs/scale-out.md), which puts the all-words pages first as ours do.
- statistics are per shard unless searched with ``dfs_query_then_fetch``: the template
  asks for one shard, enough for millions of pages.

Two things OpenSearch cannot take are dropped here, on purpose: a word token longer than
Lucene's term limit (MAX_TERM_BYTES of UTF-8; rjieba keeps a 36 000-letter run as one
word, and Lucene would reject the whole document), and the ``words`` text itself (only
its tokens are indexed; Whoosh does not store it either). ``chars`` (the distinct
folded characters) goes out as a keyword array, ``snippet_keys`` as a list.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.documents import SCHEMA_VERSION, TEXT_FIELDS, with_words
from indexer.text import ANALYZER_VERSION, bigrams, fold, words

TOKEN_SEP = "\u001f"        # between exported tokens; fold() never lets it through
TOKENS = "_tokens"          # the suffix of a field holding our tokens
ANALYZER = "wenyuan_tokens"
TOKENIZER = "wenyuan_split"
SIMILARITY = "wenyuan_bm25"
BM25_K1 = 1.2               # whoosh.scoring.BM25F's defaults, which the index uses
BM25_B = 0.75
MAX_TERM_BYTES = 32766      # Lucene's IndexWriter.MAX_TERM_LENGTH (UTF-8 bytes)
# indexer.backend's MAX_PAGE × MAX_PER_PAGE (not imported: this module stays free of it):
# every page the API allows is then one from/size search, as Whoosh ranks the top
# page × per_page. `search --all` goes further with search_after (docs/scale-out.md).
MAX_RESULT_WINDOW = 1000 * 100
TEMPLATE_FILE = "index-template.json"
DOCUMENTS_FILE = "documents.ndjson"

# Shown, never searched: in _source only.
STORED_ONLY = ("url", "issue", "uploader", "page_ids", "snippet_key", "digest")
# Characters json.dumps(ensure_ascii=False) leaves raw that line-splitting tools other
# than the bulk API (str.splitlines, JavaScript) take for line ends: escaped.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_RE = re.compile("[\x85\u2028\u2029]")
# OpenSearch's rules for an index name (lower case, no \ / * ? " < > | space , # :).
_INDEX_NAME = re.compile(r"[a-z0-9][^A-Z\\/*?\"<>| ,#:]{0,254}")


def tokens_field(name: str) -> str:
    """The field holding our tokens of text field ``name`` (``words`` for the words)."""
    return name + TOKENS


def _tokens_mapping(index_options: str) -> dict:
    return {"type": "text", "analyzer": ANALYZER, "search_analyzer": ANALYZER,
            "index_options": index_options, "similarity": SIMILARITY}


def _keyword(doc_values: bool = True) -> dict:
    # 8191 characters is at most 32764 bytes of UTF-8: a longer value (a hostile
    # "source") is kept in _source but not indexed, rather than failing its document.
    return {"type": "keyword", "ignore_above": 8191, "doc_values": doc_values}


def mapping_properties() -> dict:
    """The ``mappings.properties`` of the index (see index_template)."""
    props: dict[str, dict] = {
        "id": _keyword(),                    # the wenyuan id, also the _id
        "kind": _keyword(),                  # filter, facet
        "source_name": _keyword(),           # exact journal name: filter, facet, bonus
        "citations": {"type": "integer"},    # sort
        "year": {"type": "integer"},         # range filter, sort, facet
        "work": _keyword(),                  # one hit per work: collapse on it
        "completeness": {"type": "integer"},  # which copy of a work a hit shows
        # Existence only (keywords index no frequencies, positions or norms) and never
        # aggregated or sorted on: no doc values.
        "chars": _keyword(doc_values=False),
        "snippet_keys": _keyword(doc_values=False),
        tokens_field("words"): _tokens_mapping("freqs"),   # ranking only: no positions
    }
    for name in TEXT_FIELDS:
        # The text as shown. ``text`` with ``index: false`` rather than a keyword: a
        # keyword builds doc values unless told not to, and a term (or doc value) over
        # 32766 bytes fails the document — a body is often longer. An unindexed text
        # field has no postings, norms, doc values or length limit: it lives in _source.
        props[name] = {"type": "text", "index": False}
        props[tokens_field(name)] = _tokens_mapping("positions")   # phrases need positions
    for name in STORED_ONLY:
        props[name] = {"type": "keyword", "index": False, "doc_values": False}
    return props


def index_template(name: str = "wenyuan") -> dict:
    """The body of ``PUT _index_template/<name>``: a composable index template for the
    index ``name`` and the generations ``name-*`` a rebuild creates behind the alias."""
    return {
        "index_patterns": [name, f"{name}-*"],
        # Above the catch-all templates (priority 0) that would otherwise overlap.
        "priority": 100,
        "_meta": {"wenyuan": {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION}},
        "template": {
            "settings": {
                # idf and average lengths are per shard: one shard scores like one index.
                "number_of_shards": 1,
                "max_result_window": MAX_RESULT_WINDOW,
                "similarity": {SIMILARITY: {"type": "BM25", "k1": BM25_K1, "b": BM25_B}},
                "analysis": {
                    # Split OUR tokens apart, nothing else: no lowercase, no stemming,
                    # no stop words — the tokens are final (see the module docstring).
                    "tokenizer": {TOKENIZER: {"type": "pattern", "pattern": TOKEN_SEP}},
                    "analyzer": {ANALYZER: {"type": "custom", "tokenizer": TOKENIZER,
                                            "char_filter": [], "filter": []}},
                },
            },
            "mappings": {
                # A field this module does not know fails its document instead of being
                # guessed into a mapping.
                "dynamic": "strict",
                # The version stamp, as the Whoosh index carries it: a backend refuses
                # an index built by another analyzer or schema (wenyuan reindex).
                "_meta": {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION},
                # The tokens are derived, like Whoosh's unstored postings: indexed, not
                # kept in _source (they are three times the text). Re-export to rebuild.
                "_source": {"excludes": ["*" + TOKENS]},
                "properties": mapping_properties(),
            },
        },
    }


# Fields whose document value is their source value as it is.
_PLAIN_FIELDS = (frozenset(n for n in mapping_properties() if not n.endswith(TOKENS))
                 - {"chars", "snippet_keys"} - set(TEXT_FIELDS))


def _joined(tokens: Iterable[str]) -> str:
    return TOKEN_SEP.join(tokens)


def text_tokens(value: str) -> list[str]:
    """The tokens of one text field, as BigramTokenizer indexes them."""
    return bigrams(fold(value))


def word_tokens(value: str) -> list[str]:
    """The tokens of the ``words`` field, as WordTokenizer indexes them, minus any word
    Lucene cannot index (over MAX_TERM_BYTES)."""
    return [w for w, _, _ in words(fold(value)) if len(w.encode("utf-8")) <= MAX_TERM_BYTES]


def source_of(doc: dict) -> dict:
    """The ``_source`` of one document of indexer.documents. ``doc`` may be as
    article_document / related_document make it or already through with_words (it has a
    ``digest`` then); the derived fields are the same either way."""
    full = doc if "digest" in doc else with_words(doc)
    out: dict = {}
    for name, value in full.items():
        if value is None:
            continue   # as the Whoosh writer skips it
        if name == "words":
            out[tokens_field("words")] = _joined(word_tokens(value))
        elif name == "chars":
            out["chars"] = list(value)
        elif name == "snippet_keys":
            out["snippet_keys"] = [k.strip() for k in value.split(",") if k.strip()]
        elif name in TEXT_FIELDS:
            out[name] = value
            out[tokens_field(name)] = _joined(text_tokens(value))
        elif name in _PLAIN_FIELDS:
            out[name] = value
        else:
            raise ValueError(f"document {full.get('id')!r} has a field the OpenSearch mapping lacks: {name!r}")
    return out


def _json_line(obj: dict) -> str:
    # ensure_ascii=False keeps Chinese readable and the file a third the size; control
    # characters (newlines, TOKEN_SEP) are escaped by json.dumps in any case.
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text) + "\n"


def bulk_lines(docs: Iterable[dict], index: str = "wenyuan") -> Iterator[str]:
    """NDJSON for the ``_bulk`` API: per document an ``index`` action naming its stable
    wenyuan id (``p12``, ``s3``) as ``_id`` — loading an export again overwrites rather
    than duplicates — then its source. Every line ends with ``\\n``, the last one too."""
    for doc in docs:
        yield _json_line({"index": {"_index": index, "_id": doc["id"]}})
        yield _json_line(source_of(doc))


def _write_atomically(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_export(archive, out_dir: str | os.PathLike, index: str = "wenyuan") -> dict:
    """Write ``out_dir/index-template.json`` and ``out_dir/documents.ndjson`` for every
    document the index should hold (indexer.sync.all_documents), creating ``out_dir``.
    Refuses (StoreError) when either file exists. Each file is written to a ``.tmp``
    and renamed into place, so an interrupted export leaves no half file. Returns the
    counts: ``{"documents": n, "pages": articles, "snippets": related}``."""
    from archive.errors import StoreError
    from indexer.sync import all_documents   # loads the Whoosh index code: here, not at import

    if not _INDEX_NAME.fullmatch(index) or index in (".", ".."):
        raise StoreError(f"{index!r} is not an OpenSearch index name (lower case, no spaces or \\/*?\"<>|,#:)")
    out = Path(out_dir)
    template_path, docs_path = out / TEMPLATE_FILE, out / DOCUMENTS_FILE
    for path in (template_path, docs_path):
        if path.exists():
            raise StoreError(f"{path} exists already: remove it or export to another folder")
    counts = {"documents": 0, "pages": 0, "snippets": 0}

    def counted() -> Iterator[dict]:
        for doc in all_documents(archive):
            counts["documents"] += 1
            counts["snippets" if doc.get("kind") == "related" else "pages"] += 1
            yield doc

    try:
        out.mkdir(parents=True, exist_ok=True)
        _write_atomically(docs_path, bulk_lines(counted(), index))
        try:
            _write_atomically(template_path, [json.dumps(index_template(index), ensure_ascii=False, indent=2)
                                              + "\n"])
            os.replace(docs_path.with_name(docs_path.name + ".tmp"), docs_path)
            os.replace(template_path.with_name(template_path.name + ".tmp"), template_path)
        finally:
            for path in (docs_path, template_path):
                path.with_name(path.name + ".tmp").unlink(missing_ok=True)
    except OSError as e:
        raise StoreError(f"cannot write the OpenSearch export to {out}: {e.strerror or e}") from e
    return counts
