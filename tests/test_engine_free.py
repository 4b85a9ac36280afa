"""The engine-free half of indexer/: folding, the query syntax, the indexed documents and
highlighting work with no index and without importing whoosh (any backend shares them)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from archive.errors import QueryError
from archive.record import Record, RelatedItem
from conftest import ROOT
from indexer.documents import (LIST_SEPARATOR, article_document, char_set, document_digest, related_document,
                               related_id, with_words)
from indexer.highlight import ELLIPSIS, find_spans, highlight, mark
from indexer.syntax import MAX_NOTS, Group, Not, Text, parse, quote_phrase
from indexer.text import bigrams, fold, fold_with_map, words


def test_the_contract_and_the_engine_free_modules_import_without_whoosh():
    code = ("import sys, indexer.backend, indexer.text, indexer.syntax, indexer.documents, indexer.highlight, "
            "indexer.sync, indexer.opensearch, web.params, cli; "
            "print(sorted(m for m in sys.modules if m == 'whoosh' or m.startswith(('whoosh.', 'indexer.whoosh'))))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_folding_maps_every_folded_character_back_to_the_original():
    text = "創建ＡＢＣ　 網絡\u200b詐騙"
    folded, starts, ends = fold_with_map(text)
    assert folded == fold(text) == "创建abc 网络诈骗"
    i = folded.index("诈骗")
    assert text[starts[i]:ends[i + 1]] == "詐騙"


def test_bigrams_cover_every_character_once_with_a_one_character_tail():
    assert bigrams("反诈宣传") == ["反诈", "诈宣", "宣传", "传"]
    assert bigrams("") == []


def test_words_drop_stop_words_and_punctuation_and_keep_offsets():
    folded = fold("本文研究了电信网络诈骗的预警。")
    got = words(folded)
    assert all(folded[s:e] == w for w, s, e in got)
    assert "的" not in [w for w, _, _ in got] and "。" not in [w for w, _, _ in got]
    assert "诈骗" in [w for w, _, _ in got]


def test_plain_words_are_one_group_and_operators_build_the_tree():
    node = parse("绍兴反诈 诈骗")
    assert isinstance(node, Group) and node.op == "and" and [c.text for c in node.children] == ["绍兴反诈", "诈骗"]
    node = parse('"电信 网络" OR 预警 -石家庄')
    assert isinstance(node, Group) and node.op == "or"
    assert node.children[0] == Text("电信 网络", None, True)
    rest = node.children[1]
    assert isinstance(rest, Group) and isinstance(rest.children[1], Not)
    assert rest.children[1].child == Text("石家庄")


def test_field_prefixes_in_both_languages_name_document_fields():
    assert parse("篇名:反诈") == Text("反诈", "title")
    assert parse("来源：中国防伪报道") == Text("中国防伪报道", "source")
    node = parse("keyword:(预警 宣传)")
    assert all(c.field == "keywords" for c in node.children)


def test_malformed_queries_are_repaired_where_the_reading_is_obvious():
    assert parse('"未闭合的引号') == Text("未闭合的引号", None, True)
    assert parse("(反诈 诈骗") == parse("反诈 诈骗")
    assert parse("反诈 OR") == Text("反诈")
    assert parse(quote_phrase('他说"是"\\')) == Text('他说"是"\\', None, True)


@pytest.mark.parametrize("q", ["", "   ", "\x00\x01", "OR AND", "x" * 1001, " ".join(["-a"] * (MAX_NOTS + 1))])
def test_queries_with_nothing_to_search_or_over_budget_are_query_errors(q):
    with pytest.raises(QueryError):
        parse(q)


def test_an_article_document_carries_the_record_and_its_snippet_keys():
    rec = Record(title="电信网络诈骗预警研究", source="中国防伪报道", citations=3, year=2020,
                 authors=["王明", "李华"], keywords=["反诈", "预警"], body="正文",
                 related=[RelatedItem("其他文献一"), RelatedItem("其他文献一"), RelatedItem("其他文献二")])
    doc = article_document("p7", rec, "https://example.org/7.html")
    assert doc["id"] == doc["page_ids"] == "p7"
    assert doc["authors"] == LIST_SEPARATOR.join(["王明", "李华"])
    assert doc["source_name"] == "中国防伪报道" and doc["citations"] == 3 and doc["year"] == 2020
    assert len(doc["snippet_keys"].split(",")) == 2   # the same snippet twice is one key


def test_a_documents_digest_ignores_its_id_and_changes_with_its_text():
    a = article_document("p1", Record(title="标题", body="正文"))
    b = article_document("p2", Record(title="标题", body="正文"))
    c = article_document("p1", Record(title="标题", body="正文改了"))
    assert document_digest(a) == document_digest(b) != document_digest(c)
    assert with_words(a)["digest"] == document_digest(a)


def test_a_snippet_in_traditional_or_full_width_form_is_the_same_related_document():
    assert related_id("電信網絡詐騙 ＡＢＣ") == related_id("电信网络诈骗 abc")
    assert related_document("電信網絡")["kind"] == "related"


def test_char_set_is_the_distinct_folded_characters_of_the_text_fields():
    doc = article_document("p1", Record(title="創建", body="创建 Ａ"))
    assert char_set(doc) == "".join(sorted(set("创建 a")))


def test_spans_cover_the_original_characters_a_folded_needle_matched():
    text = "本文研究創建的方法，创建之后"
    assert find_spans(text, ["创建"]) == [(4, 6), (10, 12)]
    snippet, spans = highlight("前" * 300 + "创建" + "后" * 300, ["创建"], width=40)
    assert snippet.startswith(ELLIPSIS) and snippet.endswith(ELLIPSIS)
    assert mark(snippet, spans, "[", "]").count("[创建]") == 1
