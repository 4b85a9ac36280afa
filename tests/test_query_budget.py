"""Hostile queries: every query is answered within its time limit or refused with our own
error, whatever its operators, nesting and length (on a real Whoosh index)."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import QueryError
from archive.record import Record
from indexer.whoosh.index import SearchIndex
from indexer.syntax import MAX_DEPTH, MAX_NOTS, MAX_ORS, MAX_TERMS
from indexer.whoosh.compiler import compile_query
from indexer.documents import article_document

WORDS = ["相关", "文献", "标题", "反诈", "诈骗", "水运", "工程", "管理", "研究", "教学", "学生", "the", "of"]
TEXTS = ["".join(WORDS[(i * 7 + j * 3) % len(WORDS)] + "的" for j in range(60)) for i in range(400)]
LIMIT = 1.0


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    ix = SearchIndex.create(tmp_path_factory.mktemp("budget") / "index")
    ix.rebuild(article_document(f"p{i}", Record(title=t[:12], body=t, citations=i % 7))
               for i, t in enumerate(TEXTS * 5))
    yield ix
    ix.close()


def test_the_reported_stall_query_is_refused_at_once():
    for q in ("相关 OR 文献 -标题 " * 60, "NOT " * 249 + "x", "(" * 250 + "反诈" + ")" * 250,
              " OR ".join(["文献"] * 100)):
        started = time.perf_counter()
        with pytest.raises(QueryError):
            compile_query(q)
        assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("q", [
    "(" * MAX_DEPTH + "反诈" + ")" * MAX_DEPTH,
    " ".join(f"-词{i}" for i in range(MAX_NOTS)) + " 反诈",
    " OR ".join(["文献"] * (MAX_ORS + 1)),
    " AND ".join(WORDS * 5)[: 6 * MAX_TERMS],
])
def test_queries_at_the_budget_are_answered(index, q):
    result = index.search(q, time_limit=LIMIT)
    assert isinstance(result["total"], int)


def test_a_long_plain_query_is_not_refused(index):
    pasted = " ".join(["teaching", "research", "students", "of"] * 25)   # 100 words, no operators
    assert isinstance(index.search(pasted, time_limit=LIMIT)["total"], int)


_atom = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS).map(lambda w: f'"{w}的"'),
                  st.sampled_from(["title:", "作者:", "来源:"]).flatmap(lambda f: st.sampled_from(WORDS).map(
                      lambda w: f + w)))
_query = st.recursive(
    _atom,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" ", " AND ", " OR ", " -", " NOT "]), inner).map("".join),
        inner.map(lambda q: f"({q})"),
        inner.map(lambda q: f"-{q}")),
    max_leaves=120)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_query, _query.map(lambda q: (q + " ") * 8)).map(lambda q: q[:1000]))
def test_no_query_takes_longer_than_its_limit_or_raises_anything_but_a_query_error(index, q):
    started = time.perf_counter()
    try:
        result = index.search(q, time_limit=LIMIT, sort="citations" if len(q) % 2 else "relevance")
    except QueryError:
        return
    assert isinstance(result["total"], int)
    # The limit plus a margin for building the result on a shared, noisy machine.
    assert time.perf_counter() - started < LIMIT + 3.0
