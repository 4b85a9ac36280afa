"""The index lifecycle and search behaviour, on real Whoosh indexes in tmp_path."""
from __future__ import annotations

import json
import threading
import time

import pytest
from whoosh import query as wq

from archive.errors import IndexStateError, QueryError
from archive.record import Record, RelatedItem
from indexer.whoosh.arrays import VERSION as ARRAYS_VERSION
from indexer.whoosh.index import STAMP_FILE, SearchIndex
from indexer.documents import article_document, related_document

from conftest import fixture_records  # noqa: E402

PAGES = [
    ("p1", Record(title="绍兴市开展反电信诈骗宣传", source="浙江日报", citations=5,
                  authors=["王明", "李华"], keywords=["反诈", "宣传"],
                  body="绍兴公安近日在全市开展宣传活动，重点是反诈。創建平安城市 ISSN 1671-2064。",
                  related=[RelatedItem("绍兴反诈工作的经验")])),
    ("p2", Record(title="杭州反诈中心成立", source="杭州日报", citations=12,
                  authors=["张三"], keywords=["反诈中心"], body="杭州市反诈中心今日成立。",
                  related=[RelatedItem("绍兴反诈 工作的经验")])),  # the same snippet, spaced
    ("p3", Record(title="水运工程施工管理", source="浙江日报", citations=30,
                  authors=["赵六"], keywords=["水运工程", "全过程管理"],
                  abstract="探讨水运工程项目全过程管理的有效性，得分99.84。",
                  body="水运工程项目作为我国航运和水利的重要组成部分。")),
    ("p4", Record(title="Deep Learning for Search", source="计算机学报", citations=None,
                  keywords=["search"], body="ＡＢＣ methods, 96110 samples.")),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = SearchIndex.create(tmp_path_factory.mktemp("ix") / "index")
    with index.batch() as b:
        for pid, rec in PAGES:
            b.add(article_document(pid, rec, url=f"https://example.org/{pid}"))
        b.add(related_document("绍兴反诈工作的经验"))
    yield index
    index.close()


def ids(result):
    return [h["id"] for h in result["hits"]]


def test_result_shape_is_plain_json(ix):
    r = ix.search("反诈")
    json.dumps(r)
    assert set(r) >= {"query", "total", "page", "per_page", "took_ms", "hits", "facets"}
    hit = r["hits"][0]
    assert set(hit) >= {"id", "kind", "title", "source", "citations", "url", "score",
                        "highlight", "pages"}
    assert "«反诈»" in hit["highlight"]


def test_facets_count_all_matches_not_just_the_page(ix):
    r = ix.search("反诈", per_page=1)
    assert r["total"] == 3 and len(r["hits"]) == 1
    assert r["facets"]["source"] == {"杭州日报": 1, "浙江日报": 1}
    assert r["facets"]["kind"] == {"article": 2, "related": 1}


def test_sort_by_citations_and_paginate(ix):
    r = ix.search("浙江 OR 杭州 OR 反诈 OR 水运", sort="citations", kind="article", per_page=2)
    assert ids(r) == ["p3", "p2"]
    r2 = ix.search("浙江 OR 杭州 OR 反诈 OR 水运", sort="citations", kind="article",
                   per_page=2, page=2)
    assert ids(r2) == ["p1"]


def test_filters_by_kind_and_exact_source(ix):
    related = ix.search("反诈", kind="related")["hits"]
    assert [(h["kind"], h["pages"]) for h in related] == [("related", ["p1", "p2"])]
    assert set(ids(ix.search("反诈", source="杭州日报"))) == {"p2"}
    assert ix.search("反诈", source="杭州")["total"] == 0  # exact names only


@pytest.mark.parametrize("q, expected", [
    ("title:反诈", {"p2"}), ("篇名:反诈", {"p2"}), ("标题：水运", {"p3"}),
    ("source:杭州", {"p2"}), ("来源:浙江日报", {"p1", "p3"}),
    ("keyword:全过程管理", {"p3"}), ("关键词:宣传", {"p1"}),
    ("author:张三", {"p2"}), ("作者:李华", {"p1"}),
    ("abstract:99.84", {"p3"}), ("摘要:有效性", {"p3"}),
    ("body:平安", {"p1"}), ("全文:航运", {"p3"}),
])
def test_field_prefixes_in_both_languages(ix, q, expected):
    # Partial matches may follow (杭州日报 shares 日报), but never ahead of full ones.
    assert set(ids(ix.search(q))[:len(expected)]) == expected


def test_unspaced_query_finds_non_adjacent_words(ix):
    # 绍兴 and 反诈 are never adjacent in p1's text.
    assert "p1" in ids(ix.search("绍兴反诈"))[:2]
    assert ids(ix.search("绍兴反诈", kind="article"))[0] == "p1"


def test_pages_with_all_terms_rank_first_and_partial_matches_still_return(ix):
    r = ix.search("杭州 反诈 中心")
    assert ids(r)[0] == "p2"
    partial = ix.search("水运 不存在的词语")
    assert ids(partial) == ["p3"]


def test_operators(ix):
    assert set(ids(ix.search("反诈 -杭州", kind="article"))) == {"p1"}
    assert set(ids(ix.search("反诈 NOT 杭州", kind="article"))) == {"p1"}
    assert set(ids(ix.search("水运 OR 杭州"))) == {"p2", "p3"}
    assert set(ids(ix.search("(绍兴 OR 杭州) AND 反诈", kind="article"))) == {"p1", "p2"}


def test_folding_in_search(ix):
    assert ids(ix.search('"创建平安"')) == ["p1"]
    assert ids(ix.search('"abc"')) == ["p4"]
    assert ids(ix.search("96110")) == ["p4"]
    assert ids(ix.search('"1671-2064"')) == ["p1"]
    assert ids(ix.search("DEEP learning"))[0] == "p4"
    assert ids(ix.search('"創"')) == ["p1"]  # one character, quoted


@pytest.mark.parametrize("q", [
    '"unbalanced', "(绍兴 OR", "绍兴)", "AND", "OR OR", "NOT", "-", "title:", "篇名：",
    "\x00\x01\x02", "绍兴\x07反诈", "((((", '""', "a" * 10_000, "反诈 AND", "AND 反诈",
    ":", "title:title:", "“未闭合", "\\", '"\\"', "NOT NOT 反诈", "-(-反诈)",
])
def test_malformed_queries_give_a_result_or_a_query_error(ix, q):
    try:
        r = ix.search(q)
    except QueryError as e:
        assert "\n" not in str(e) and str(e)
    else:
        assert isinstance(r["total"], int)


def test_bad_options_are_query_errors(ix):
    with pytest.raises(QueryError):
        ix.search("反诈", sort="date")
    with pytest.raises(QueryError):
        ix.search("反诈", page=0)


def test_update_by_id_dedupes_within_a_batch(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    with index.batch() as b:
        b.add(article_document("x", Record(title="旧标题")))
        b.add(article_document("x", Record(title="新标题")))
    with index.batch() as b:
        b.add(article_document("x", Record(title="最新标题")))
    assert index.count() == 1
    assert index.document("x")["title"] == "最新标题"
    index.close()


def test_error_in_batch_writes_nothing(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    with pytest.raises(RuntimeError), index.batch() as b:
        b.add(article_document("x", Record(title="标题")))
        raise RuntimeError("boom")
    assert index.count() == 0
    index.close()


def test_locked_writer_is_an_index_state_error(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    other = SearchIndex.open(tmp_path / "ix")
    w = other._ix.writer()  # another writer holds the lock
    try:
        with pytest.raises(IndexStateError, match="locked"), index.batch() as b:
            b.add(article_document("x", Record(title="标题")))
    finally:
        w.cancel()
    index.close()
    other.close()


def test_readers_see_new_commits(tmp_path):
    writer = SearchIndex.create(tmp_path / "ix")
    reader = SearchIndex.open(tmp_path / "ix")
    assert reader.search("反诈")["total"] == 0
    writer.add_documents([article_document("x", Record(title="反诈"))])
    assert ids(reader.search("反诈")) == ["x"]
    writer.close()
    reader.close()


def test_version_stamp_mismatch_asks_for_reindex(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    gen = (tmp_path / "ix" / "CURRENT").read_text().strip()
    index.close()
    stamp = tmp_path / "ix" / gen / STAMP_FILE
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "analyzer_version": -1}))
    with pytest.raises(IndexStateError, match="wenyuan reindex"):
        SearchIndex.open(tmp_path / "ix")


def test_an_index_written_without_postings_arrays_asks_for_reindex(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.add_documents([article_document("p1", Record(title="水运工程"))])
    gen = (tmp_path / "ix" / "CURRENT").read_text().strip()
    index.close()
    stamp = tmp_path / "ix" / gen / STAMP_FILE
    old = json.loads(stamp.read_text())
    assert old["writer"] == "wenyuan" and old["postings_arrays"] == ARRAYS_VERSION
    del old["postings_arrays"]   # as an index written before them is stamped
    stamp.write_text(json.dumps(old))
    with pytest.raises(IndexStateError, match="postings arrays.*wenyuan reindex"):
        SearchIndex.open(tmp_path / "ix")


def test_a_segment_whose_postings_arrays_are_damaged_is_searched_through_whooshs_blocks(tmp_path):
    import indexer.whoosh.evaluate as ev

    index = SearchIndex.create(tmp_path / "ix")
    with index.batch() as b:
        for pid, rec in PAGES:
            b.add(article_document(pid, rec))
    queries = ["反诈", '"创建平安"', "水运 OR 杭州 -宣传", "title:反诈", '"反诈中心"']
    ev._READER_DATA.clear()

    def results(idx):
        return [{k: v for k, v in idx.search(q).items() if k != "took_ms"} for q in queries]
    before = results(index)
    assert [type(d.arrays()).__name__ for d in ev._READER_DATA.values()] == ["PostingArrays"]
    gen = tmp_path / "ix" / (tmp_path / "ix" / "CURRENT").read_text().strip()
    (arrays,) = gen.glob("*.wya")
    index.close()
    arrays.write_bytes(arrays.read_bytes()[:100])   # cut short, as by a full disk
    ev._READER_DATA.clear()
    with SearchIndex.open(tmp_path / "ix") as again:
        assert results(again) == before
        assert [d.arrays() for d in ev._READER_DATA.values()] == [None]   # read from the blocks
        assert before[0]["total"] == 2 and before[1]["total"] == 1


def test_missing_index_asks_for_reindex(tmp_path):
    with pytest.raises(IndexStateError, match="wenyuan reindex"):
        SearchIndex.open(tmp_path / "nothing")


def test_rebuild_swaps_in_and_failed_rebuild_keeps_the_old(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.add_documents([article_document("old", Record(title="旧的文章"))])
    reader = SearchIndex.open(tmp_path / "ix")
    assert ids(reader.search("文章")) == ["old"]

    def failing():
        yield article_document("new1", Record(title="新的文章"))
        raise OSError("archive unreadable")

    with pytest.raises(OSError):
        index.rebuild(failing())
    assert ids(index.search("文章")) == ["old"]
    assert ids(reader.search("文章")) == ["old"]
    assert not [p for p in (tmp_path / "ix").iterdir() if p.name.endswith(".tmp")]

    n = index.rebuild([article_document("new1", Record(title="新的文章")),
                       article_document("new2", Record(title="另一篇文章"))])
    assert n == 2
    assert set(ids(index.search("文章"))) == {"new1", "new2"}
    assert set(ids(reader.search("文章"))) == {"new1", "new2"}  # noticed the swap
    index.close()
    reader.close()


def test_search_keeps_working_during_a_rebuild(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.add_documents([article_document("old", Record(title="旧的文章"))])
    reader = SearchIndex.open(tmp_path / "ix")
    seen = []

    def slow_docs():
        for i in range(3):
            seen.append(ids(reader.search("文章")))
            yield article_document(f"n{i}", Record(title="新的文章"))

    index.rebuild(slow_docs())
    assert seen == [["old"]] * 3
    index.close()
    reader.close()


# ---- the Whoosh hang (AndMaybeMatcher.skip_to_quality, whoosh #446/#461) ----

def _corpus(n: int) -> list[str]:
    texts = [r["abstract"] + r["title"] for r in fixture_records()]
    return [t[(i // len(texts)) * 20:] for i, t in enumerate(texts * (n // len(texts) + 1))][:n]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    index = SearchIndex.create(tmp_path_factory.mktemp("big") / "index")
    index.rebuild(article_document(f"d{i}", Record(body=t)) for i, t in enumerate(_corpus(3000)))
    yield index
    index.close()


def test_or_of_60_bigrams_returns_quickly(big):
    texts = _corpus(40)
    searcher = big.searcher()
    worst = 0.0
    for t in texts[:20]:
        grams = list(dict.fromkeys(t[i:i + 2] for i in range(len(t) - 1)))[:60]
        terms = [wq.Term("body", g) for g in grams]
        # The shapes our queries build: an OR of many bigrams, AndMaybe'd with an AND.
        q = wq.AndMaybe(wq.Or(terms), wq.ConstantScoreQuery(wq.And(terms[:3]), 1000.0))
        started = time.perf_counter()
        result = big.search(t[:61], per_page=10)
        worst = max(worst, time.perf_counter() - started)
        assert result["hits"] and not result["timed_out"]
        started = time.perf_counter()
        searcher.search(q, limit=10, optimize=False)
        worst = max(worst, time.perf_counter() - started)
    assert worst < 3.0


def test_search_is_bounded_in_time(big):
    r = big.search(_corpus(1)[0][:200], time_limit=0.001)
    assert isinstance(r["total"], int)  # partial results, flagged
    assert r["timed_out"] in (True, False)


def test_search_from_another_thread(big):
    out = []
    query = _corpus(1)[0][:4]   # a word that is certainly in the corpus, with or without shared/
    t = threading.Thread(target=lambda: out.append(big.search(query, time_limit=5)))
    t.start()
    t.join(30)
    assert out and out[0]["total"] > 0


def test_dash_run_is_a_subtitle_separator_not_a_negation(ix):
    # A pasted title "主标题 --副标题": "--x" must not exclude x, while "-x" still does.
    assert "p2" in ids(ix.search("反诈 --杭州"))
    assert "p2" not in ids(ix.search("反诈 -杭州"))


def test_query_bigrams_weighted_by_their_place_in_the_segmentation():
    from indexer.whoosh.compiler import CROSS_GRAM_BOOST, STOP_GRAM_BOOST, gram_weights

    weights = dict(gram_weights("生物除磷的机理"))
    assert weights["生物"] == 1.0                   # inside a word
    assert weights["物除"] == CROSS_GRAM_BOOST      # joins two adjacent content words
    assert weights["磷的"] == STOP_GRAM_BOOST       # pairs with a stop word
    assert STOP_GRAM_BOOST < CROSS_GRAM_BOOST < 1.0


def test_unchanged_documents_are_not_rewritten(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    snippet = related_document("反诈宣传的经验", doc_id="s1")
    index.add_documents([snippet])
    generation = index._ix.latest_generation()
    index.add_documents([snippet])          # e.g. the snippet appeared on one more page
    assert index._ix.latest_generation() == generation
    index.add_documents([related_document("反诈宣传的新经验", doc_id="s1")])
    assert index._ix.latest_generation() > generation
    assert index.count() == 1
    index.close()


def test_snippet_pages_follow_the_articles_that_show_it(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    shown = Record(title="甲", related=[RelatedItem("反诈宣传的经验")])
    index.add_documents([article_document("p1", shown), article_document("p10", shown),
                         related_document("反诈宣传的经验", doc_id="s1")])
    assert index.search("经验", kind="related")["hits"][0]["pages"] == ["p1", "p10"]
    index.add_documents([article_document("p1", Record(title="甲"))])   # re-parsed without it
    assert index.search("经验", kind="related")["hits"][0]["pages"] == ["p10"]
    index.close()


# ---- plain queries: set-at-a-time evaluation (indexer.whoosh.compiler.Plan) ----

def _whoosh_path(monkeypatch):
    """Make indexer.whoosh.search evaluate through Whoosh's matchers and collectors."""
    import indexer.whoosh.search as search_mod

    monkeypatch.setattr(search_mod, "_arrays_apply", lambda searcher: False)


PLAIN_QUERIES = ["反诈", "绍兴反诈", "杭州 反诈 中心", "水运 不存在的词语", '"创建平安"', '"反"', "title:反诈",
                 "keyword:全过程管理", "ISSN 1671-2064", "经验", "绍兴水利", "宣传部 杭州水利"]
# With operators: the same tree evaluated in arrays (indexer.whoosh.evaluate.run_query).
OPERATOR_QUERIES = ["反诈 -杭州", "反诈 NOT 杭州", "水运 OR 杭州", "(绍兴 OR 杭州) AND 反诈", "NOT 反诈",
                    "title:反诈 OR keyword:全过程管理", '"反诈中心" OR 水运 -工程', "反诈 AND 宣传 OR search",
                    "((反诈)) -(杭州 OR 水运)", "-杭州", "AND 反诈", 'title:"诈" OR author:六',
                    "source:浙江日报 OR 反诈 -宣传 -中心"]


@pytest.mark.parametrize("q", PLAIN_QUERIES + OPERATOR_QUERIES)
@pytest.mark.parametrize("opts", [{}, {"kind": "article"}, {"source": "浙江日报"}])
def test_queries_give_what_whoosh_gives(ix, monkeypatch, q, opts):
    _assert_as_whoosh_gives(ix, monkeypatch, q, opts)


def _assert_as_whoosh_gives(index, monkeypatch, q, opts):
    """wenyuan's evaluation of q, then Whoosh's own (the fast paths off): the same totals,
    facets, hits and scores."""
    fast = index.search(q, **opts)
    _whoosh_path(monkeypatch)
    slow = index.search(q, **opts)
    assert fast["total"] == slow["total"]
    assert fast["facets"] == slow["facets"]
    assert [(h["id"], h["score"]) for h in fast["hits"]] == [(h["id"], h["score"]) for h in slow["hits"]]


@pytest.fixture(scope="module")
def ix_in_segments(tmp_path_factory):
    """The same pages, one segment each, one of them replaced (a deletion in an older
    segment): searches join the segments into one document space."""
    index = SearchIndex.create(tmp_path_factory.mktemp("ixs") / "index")
    for pid, rec in PAGES + [("p2", Record(title="杭州反诈中心成立", source="杭州日报", citations=3,
                                           body="杭州市反诈中心今日成立，水运部门参加。"))]:
        with index.batch() as b:
            b.add(article_document(pid, rec, url=f"https://example.org/{pid}"))
    with index.batch() as b:
        b.add(related_document("绍兴反诈工作的经验"))
    with index.reading() as s:
        assert len(s.leaf_searchers()) == 6 and s.reader().has_deletions()
    yield index
    index.close()


@pytest.mark.parametrize("q", PLAIN_QUERIES + OPERATOR_QUERIES)
@pytest.mark.parametrize("opts", [{}, {"kind": "article"}, {"sort": "citations"}])
def test_queries_over_several_segments_give_what_whoosh_gives(ix_in_segments, monkeypatch, q, opts):
    _assert_as_whoosh_gives(ix_in_segments, monkeypatch, q, opts)


def test_plain_queries_give_what_whoosh_gives_on_a_bigger_index(big, monkeypatch):
    texts = _corpus(30)
    queries = [q for q in [t[5:9] + " " + t[40:43] for t in texts] + [t[100:108] for t in texts]
               if q.strip()]
    fast = [big.search(q, per_page=20) for q in queries]
    _whoosh_path(monkeypatch)
    slow = [big.search(q, per_page=20) for q in queries]
    for q, a, b in zip(queries, fast, slow):
        assert a["total"] == b["total"], q
        assert a["facets"] == b["facets"], q
        assert [h["id"] for h in a["hits"]] == [h["id"] for h in b["hits"]], q


def test_a_query_sharing_no_whole_word_still_returns_partial_matches(ix):
    # 宣传部 is one word that no page holds; p1 holds 宣传.
    r = ix.search("宣传部")
    assert "p1" in ids(r) and r["partial"] is True
    assert ix.search("宣传")["partial"] is False


def test_a_term_typed_as_one_matches_whole_and_its_words_alone_only_as_a_partial_match(tmp_path):
    # 深度学习 is segmented 深度 + 学习: a page with 学习 alone is about something else.
    index = SearchIndex.create(tmp_path / "index")
    index.add_documents([
        article_document("p1", Record(title="基于深度学习的图像识别方法", body="卷积网络的深度学习。")),
        article_document("p2", Record(title="大学生学习策略研究", body="学习动机与学习方法。")),
        article_document("p3", Record(title="地下管线深度探测技术", body="探测深度可达十米。")),
        article_document("p4", Record(title="遥感影像分类", body="遥感影像的监督分类。")),
    ])
    r = index.search("深度学习")
    assert ids(r) == ["p1"] and r["partial"] is False
    r = index.search("深度学习 遥感")           # each whole term matches; neither word alone does
    assert sorted(ids(r)) == ["p1", "p4"] and r["partial"] is False
    index.delete(["p1"])
    r = index.search("深度学习")                 # no page holds the whole term: its words, flagged
    assert sorted(ids(r)) == ["p2", "p3"] and r["partial"] is True
    index.close()


@pytest.mark.parametrize("q", ["qwertyuiop", "Transformer", "searching", "Deeper"])
def test_a_latin_word_no_page_holds_matches_nothing(ix, q):
    # Sharing "er" or "ea" with a page says nothing: Latin words match whole or not at all.
    r = ix.search(q)
    assert r["total"] == 0 and r["hits"] == [] and r["partial"] is False


def test_one_character_phrase_scoped_to_a_field_is_exact(ix):
    assert ids(ix.search('title:"诈"')) and set(ids(ix.search('title:"诈"'))) == {"p1", "p2"}
    assert ids(ix.search('author:"六"')) == ["p3"]
    assert ix.search('title:"稀"')["total"] == 0


def test_sort_by_citations_puts_unknown_counts_last(ix):
    for q in ("search 水运", "search OR 水运"):      # a plain query and an operator query
        r = ix.search(q, sort="citations", kind="article")
        assert ids(r) == ["p3", "p4"], q              # p4 has no citation count


def test_plain_queries_skip_deleted_and_replaced_documents(tmp_path, monkeypatch):
    index = SearchIndex.create(tmp_path / "ix")
    index.add_documents([article_document(f"x{i}", Record(title=f"反诈宣传第{i}期", body="绍兴反诈"))
                         for i in range(30)])
    index.add_documents([article_document("x3", Record(title="水运工程", body="航运"))])  # replaces x3
    index.delete(["x5"])
    fast = index.search("反诈 宣传", per_page=100)
    assert fast["total"] == 28 and not {"x3", "x5"} & set(ids(fast))
    _whoosh_path(monkeypatch)
    slow = index.search("反诈 宣传", per_page=100)
    assert [(h["id"], h["score"]) for h in fast["hits"]] == [(h["id"], h["score"]) for h in slow["hits"]]
    assert fast["facets"] == slow["facets"]
    index.close()


# ---- operator queries on a bigger index ----

def _reference_scores(searcher, q) -> dict[int, float]:
    """Each matching document's score by the matchers' definitions (a compound sums its
    matching parts; AndMaybe adds b where it matches; AndNot keeps a's), with every
    leaf scored by Whoosh alone. Whoosh's own tree walk does not always get there: an
    AndMaybe under an And can miss its optional part (whoosh3 3.54)."""
    t = type(q)
    if t in (wq.Or, wq.And):
        if len(q.subqueries) == 1:
            return _reference_scores(searcher, q.subqueries[0])
        parts = [_reference_scores(searcher, c) for c in q.subqueries]
        docs = set().union(*parts) if t is wq.Or else set(parts[0]).intersection(*parts[1:])
        return {d: q.boost * sum(p.get(d, 0.0) for p in parts) for d in docs}
    if t is wq.AndNot:
        gone = _reference_scores(searcher, q.b)
        return {d: v for d, v in _reference_scores(searcher, q.a).items() if d not in gone}
    if t is wq.AndMaybe:
        extra = _reference_scores(searcher, q.b)
        return {d: v + extra.get(d, 0.0) for d, v in _reference_scores(searcher, q.a).items()}
    if t is wq.ConstantScoreQuery:
        return dict.fromkeys(_reference_scores(searcher, q.child), q.score or 1.0)
    return {h.docnum: h.score for h in searcher.search(q, limit=None, optimize=False)}


def test_operator_queries_match_and_score_by_the_matchers_definitions_on_a_bigger_index(big):
    from indexer.whoosh.compiler import compile_query

    texts = _corpus(20)
    queries = []
    for t in texts:
        a, b, c = t[5:7], t[40:42], t[80:82]
        queries += [f"{a} OR {b}", f"{a} -{b}", f"({a} OR {b}) AND {c}", f"NOT {a}", f'"{t[10:14]}" OR {c} -{b}']
    searcher = big.searcher()
    for q in queries:
        got = big.search(q, per_page=20)
        scores = _reference_scores(searcher, compile_query(q).query)
        assert got["total"] == len(scores), q
        assert got["facets"]["kind"] == ({"article": len(scores)} if scores else {}), q
        best = sorted(scores, key=lambda d: (-scores[d], d))[:20]
        expected = [(searcher.stored_fields(d)["id"], round(scores[d], 4)) for d in best]
        assert [(h["id"], h["score"]) for h in got["hits"]] == expected, q


def test_an_excluded_word_excludes_every_page_holding_it(big):
    # Whoosh's own AndNot walk let a page holding the excluded word through (黑龙 -经济
    # kept a page about 黑龙江's 经济); the arrays evaluation must not. (An excluded
    # word excludes pages holding it verbatim or as a word; a two-character string
    # that segments into two words is two units, hence the filter.)
    from indexer.whoosh.compiler import query_words

    pairs = [(t[5:7], t[i:i + 2]) for t in _corpus(60) for i in range(40, 60, 2)]
    pairs = [(a, b) for a, b in pairs if query_words(b) == [b]][:40]
    assert len(pairs) >= 10
    for a, b in pairs:
        for hit in big.search(f"{a} -{b}", per_page=100)["hits"]:
            body = big.document(hit["id"])["body"]
            assert b not in body, (a, b, hit["id"])


def test_operator_queries_sorted_by_citations_rank_ties_by_relevance(ix):
    # p1 (5 citations) and p2 (12) both hold 反诈; p3 (30) holds 水运; p4 has no count.
    r = ix.search("反诈 OR 水运 OR search", sort="citations", kind="article")
    assert ids(r) == ["p3", "p2", "p1", "p4"]


def test_a_cancelled_search_stops_with_search_cancelled(big):
    from archive.errors import SearchCancelled

    gone = threading.Event()
    gone.set()
    for q in (_corpus(1)[0][:6], _corpus(1)[0][:2] + " -" + _corpus(1)[0][3:5]):
        with pytest.raises(SearchCancelled):
            big.search(q, cancelled=gone)


def test_searches_on_many_threads_agree_with_one_thread_while_commits_land(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    texts = _corpus(400)
    index.add_documents(article_document(f"d{i}", Record(body=t)) for i, t in enumerate(texts))
    queries = [t[5:9] for t in texts[:12]] + [f"{t[5:7]} OR {t[30:32]} -{t[50:52]}" for t in texts[:12]]
    expected = {q: [h["id"] for h in index.search(q, per_page=20)["hits"]] for q in queries}
    errors, mismatches = [], []

    def searcher_thread(k):
        try:
            for j in range(40):
                q = queries[(k + j) % len(queries)]
                got = [h["id"] for h in index.search(q, per_page=20)["hits"]]
                if got != expected[q]:
                    mismatches.append(q)
        except Exception as e:   # any error at all fails the test below
            errors.append(repr(e))

    threads = [threading.Thread(target=searcher_thread, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    # Meanwhile commits land (documents no query matches: answers stay the same), so
    # searchers are replaced under the running searches.
    for n in range(5):
        index.add_documents([article_document(f"extra{n}", Record(title="ZZZ"))])
    for t in threads:
        t.join(120)
    index.close()
    assert not errors and not mismatches


def test_a_snippet_cut_mid_text_shows_ellipses_and_never_opens_on_punctuation():
    from indexer.highlight import highlight, mark

    text = "开头的句子。" + "前文" * 60 + "，、：反诈宣传活动在全市展开" + "后文" * 100
    snippet, spans = highlight(text, ["反诈"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet[1] not in "，、：。 "
    assert [snippet[s:e] for s, e in spans] == ["反诈"]
    assert "«反诈»" in mark(snippet, spans, "«", "»")
    whole, _ = highlight("反诈宣传", ["反诈"])
    assert whole == "反诈宣传"                        # nothing cut, no ellipsis
    unmatched, none = highlight("甲" * 300, ["乙"])
    assert none == [] and unmatched.endswith("…") and not unmatched.startswith("…")


def test_a_source_query_means_that_journal_not_every_name_sharing_its_words(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    journals = [("a", "中国药学"), ("b", "中国药学杂志"), ("c", "中国农业科学"), ("d", "药学研究"),
                ("e", "中国中药杂志")]
    index.add_documents(article_document(i, Record(title=f"论文{i}", source=s, body="正文")) for i, s in journals)
    for q in ("source:中国药学", "来源:中国药学"):
        r = index.search(q)
        assert ids(r) == ["a", "b"], q                 # the exact name first, then names holding it
    assert set(ids(index.search("source:中国"))) == {"a", "b", "c", "e"}
    assert index.search("source:中国医学")["total"] == 0   # no partial match on a journal's name
    index.close()


def test_year_filter_sort_and_facet_agree_with_whoosh(tmp_path, monkeypatch):
    index = SearchIndex.create(tmp_path / "ix")
    index.add_documents(article_document(f"d{i}", Record(title=f"研究{i}", body="研究方法",
                                                         year=2000 + i % 12 if i % 13 else None, citations=i))
                        for i in range(60))
    cases = [{"year": (2005, 2007)}, {"year": (2005, 2007), "sort": "year"}, {"sort": "year"},
             {"year": (2011, 2011), "sort": "citations"}]
    fast = [index.search("研究", per_page=100, **opts) for opts in cases]
    assert fast[0]["total"] == sum(1 for i in range(60) if i % 13 and 5 <= i % 12 <= 7)
    years = [index.document(h["id"]).get("year") for h in fast[2]["hits"]]
    known = [y for y in years if y is not None]
    assert known == sorted(known, reverse=True) and years[len(known):] == [None] * (len(years) - len(known))
    assert "2005" in fast[0]["facets"]["year"] and "2004" not in fast[0]["facets"]["year"]
    _whoosh_path(monkeypatch)
    slow = [index.search("研究", per_page=100, **opts) for opts in cases]
    for opts, a, b in zip(cases, fast, slow):
        assert (a["total"], a["facets"]) == (b["total"], b["facets"]), opts
        assert [h["id"] for h in a["hits"]] == [h["id"] for h in b["hits"]], opts
    index.close()
