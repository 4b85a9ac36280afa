"""Folding, tokens, offsets, highlights, and the quoted-substring guarantee."""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from indexer.whoosh.tokenizers import BigramTokenizer, WordTokenizer

from indexer.text import fold, fold_with_map
from indexer.syntax import quote_phrase
from indexer.whoosh.schema import build_schema
from indexer.documents import with_words
from indexer.highlight import find_spans, highlight, mark

# Mixed scripts, full-width forms, traditional characters, punctuation, spaces,
from indexer.whoosh.search import search
# invisible characters and multi-character folds (ﬁ, ß).
ALPHABET = ("创建創建体體发發绍兴反诈中国國学學的了一"
            "abcABCxyz0129ＡＢＣａｂ０９"
            "，。、；：！？,.;:-_()（）[]【】\"'“”「」\\/%"
            " \n\u3000\u00a0\u200bﬁß℃Ⅱ…″")

texts = st.text(alphabet=ALPHABET, min_size=0, max_size=40)


def test_fold_full_width_case_and_traditional():
    assert fold("ＡＢＣ") == "abc"
    assert fold("９６１１０") == "96110"
    assert fold("創建") == fold("创建") == "创建"
    assert fold("Whoosh") == fold("WHOOSH") == "whoosh"
    assert fold("ISSN　1671－2064") == "issn 1671-2064"
    assert fold("a \n\t b") == "a b"
    assert fold("zero\u200bwidth") == "zerowidth"


@given(texts)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(texts)
def test_fold_map_points_into_the_original(text):
    folded, starts, ends = fold_with_map(text)
    assert folded == fold(text)
    for i, c in enumerate(folded):
        assert c in fold(text[starts[i]:ends[i]]) or (c == " " and text[starts[i]:ends[i]].isspace())


@given(texts)
def test_fold_fast_path_equals_the_general_one(text):
    from indexer.text import _fold_general
    assert fold(text) == _fold_general(text)


@given(texts)
def test_fold_map_by_runs_equals_the_character_by_character_definition(text):
    from indexer.text import _fold_general, _fold_with_map_general, _fold_with_map_runs
    runs = _fold_with_map_runs(text)
    assert runs == _fold_with_map_general(text)
    assert runs[0] == _fold_general(text)


@given(texts)
def test_fold_map_fast_path_equals_the_general_one(text):
    from indexer.text import _fold_with_map_fast, _fold_with_map_general
    fast = _fold_with_map_fast(text)
    assert fast is None or fast == _fold_with_map_general(text)


@given(texts)
def test_bigram_offsets_slice_back_to_their_text(text):
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in BigramTokenizer()(text, positions=True, chars=True)]
    assert [p for _, p, _, _ in tokens] == list(range(len(tokens)))
    # Every folded character starts exactly one token.
    assert "".join(tok[0] for tok, _, _, _ in tokens) == fold(text)
    for tok, _, s, e in tokens:
        assert fold(text[s:e]).startswith(tok) or tok in fold(text[s:e])


@settings(deadline=None, max_examples=30)
@given(texts)
def test_word_offsets_slice_back_to_their_text(text):
    for t in WordTokenizer()(text, chars=True):
        assert t.text in fold(text[t.startchar:t.endchar])


def test_tokenizer_honours_tokenize_false_and_start_offsets():
    # Whoosh reuses one Token object: read each token while iterating.
    whole = [(t.text, t.pos, t.startchar, t.endchar) for t in BigramTokenizer()(
        "ＡＢ創", tokenize=False, positions=True, chars=True, start_pos=5, start_char=10)]
    assert whole == [("ab创", 5, 10, 13)]
    toks = [(t.text, t.pos, t.startchar, t.endchar) for t in BigramTokenizer()(
        "ab", positions=True, chars=True, start_pos=3, start_char=7)]
    assert toks == [("ab", 3, 7, 9), ("b", 4, 8, 9)]


def test_highlight_marks_exactly_the_matched_original_characters():
    text = "本文讨论創建平安城市的ＡＢＣ方法。"
    snippet, spans = highlight(text, [fold("创建"), fold("abc")])
    assert [snippet[s:e] for s, e in spans] == ["創建", "ＡＢＣ"]
    assert mark(snippet, spans, "[", "]") == "本文讨论[創建]平安城市的[ＡＢＣ]方法。"


@given(texts, st.data())
def test_find_spans_cover_exactly_the_needle(text, data):
    folded = fold(text)
    assume(folded.strip(" "))
    i = data.draw(st.integers(0, len(folded) - 1))
    needle = folded[i:i + data.draw(st.integers(1, 4))]
    spans = find_spans(text, [needle])
    assert spans, "an occurring needle is always found"
    for s, e in spans:
        assert needle in fold(text[s:e])


# ---- the guarantee: a quoted substring finds exactly the pages containing it ----

def _ram_searcher(docs: list[str]):
    ix = RamStorage().create_index(build_schema())
    w = ix.writer()
    for i, body in enumerate(docs):
        w.add_document(**with_words({"id": f"d{i}", "kind": "article", "body": body,
                                     "page_ids": f"d{i}"}))
    w.commit()
    return ix.searcher()


@settings(deadline=None, max_examples=120,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(texts, min_size=1, max_size=6), st.data())
def test_quoted_substring_recall_and_precision_are_exact(docs, data):
    k = data.draw(st.integers(0, len(docs) - 1))
    source = docs[k]
    assume(source)
    start = data.draw(st.integers(0, len(source) - 1))
    sub = source[start:start + data.draw(st.integers(1, 8))]
    needle = fold(sub)
    assume(needle)
    expected = {f"d{i}" for i, d in enumerate(docs) if needle in fold(d)}
    assert f"d{k}" in expected
    with _ram_searcher(docs) as searcher:
        result = search(searcher, quote_phrase(sub), per_page=100)
    assert {h["id"] for h in result["hits"]} == expected
    assert result["total"] == len(expected)
