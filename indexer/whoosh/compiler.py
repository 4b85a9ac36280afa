"""Syntax tree (indexer.syntax) → Whoosh query.

Query shape and the Whoosh hang: every query built here is searched with
block-quality optimizations OFF (see indexer.whoosh.search), which is what loops in
AndMaybeMatcher.skip_to_quality; the shapes below (AndMaybe, big ORs) are then
plain boolean merges, bounded by the number of units (MAX_UNITS).

Matching and cost: a plain query matches the pages holding at least one whole
unit (a query word as one of the page's words or verbatim in any field, or a
quoted phrase); the OR of every query bigram only ranks them. (Matching on any
shared bigram made nearly every page a match: every one was scored and counted.)
When no page holds any unit, indexer.whoosh.search falls back to matching on the
bigrams, so a query never returns nothing where some of it matches. A
one-character phrase anywhere is one term of the existence-only ``chars`` field;
scoped to a field it is CharInField. Plain queries (no operators) also carry a
``Plan`` that indexer.whoosh.evaluate evaluates set-at-a-time, with the same result.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from whoosh import matching
from whoosh import query as wq

from indexer.syntax import Group, Node, Not, Text, parse
from indexer.text import STOP_WORDS, bigrams, fold, jieba_words
from indexer.documents import TEXT_FIELDS

log = logging.getLogger(__name__)

MAX_UNITS = 48   # words beyond this add cost, not relevance
MAX_GRAMS = 64   # distinct query bigrams scored per field

# Ranking (measured with `python -m bench.relevance`): a page's score is BM25F
# over every query bigram in every text field plus every query word in the
# combined jieba ``words`` field — an OR, so partial matches always rank — and
# pages containing every query word (as a word or verbatim) get ALL_UNITS_BONUS,
# which puts them above all others. Query bigrams are weighted by where they
# fall in the query's segmentation (gram_weights): title queries 0.983 → 0.985
# MRR@10 at unchanged keyword-query MRR. Measured alternatives that did worse or
# no better (±0.002): per-word phrase boosts, phrases of adjacent word pairs,
# DisjunctionMax over a word's representations, search-mode query segmentation
# (also as extra sub-word terms), coordination bonuses per matched word (also as
# a coverage fraction), other BM25 B/K1, a heavier or lighter ``words`` field.
FIELD_BOOSTS = {"title": 3.0, "keywords": 2.0, "authors": 1.5, "abstract": 1.0,
                "body": 1.0, "source": 1.0}
WORDS_BOOST = 1.0
GRAM_BOOST = 1.0
CROSS_GRAM_BOOST = 0.8   # see gram_weights
STOP_GRAM_BOOST = 0.5
ALL_UNITS_BONUS = 1000.0
EXACT_SOURCE_BONUS = 100.0   # source:X on a page whose source is exactly X
MATCH_SCORE = 1.0  # what holding at least one unit (the match condition) scores

# ---- syntax tree ---------------------------------------------------------------


# ---- lexer ---------------------------------------------------------------------


# ---- parser --------------------------------------------------------------------


# ---- compiler ------------------------------------------------------------------

@dataclass
class Plan:
    """The meaning of a plain query (words and phrases, no operators), for
    indexer.whoosh.search's set-at-a-time evaluation: the matching documents are those
    holding at least one unit (a whole query term or phrase); a document's score is the sum of its scorers'
    scores (BM25F; constant for a ConstantScoreQuery/CharInField), plus
    ALL_UNITS_BONUS when it holds every unit (and there are two or more).
    Exactly what ``Compiled.query`` computes through Whoosh's matchers."""
    units: list[wq.Query]
    scorers: list[wq.Query]
    base: float = 0.0  # every matching document's score starts here
    # The words of the query's terms, each alone: what a page must hold one of when no
    # page holds a whole term (a partial match, indexer.whoosh.search.fallbacks).
    parts: list[wq.Query] = field(default_factory=list)


@dataclass
class Compiled:
    """A Whoosh query plus what highlighting needs to find in the text."""
    query: wq.Query
    needles: list[str]  # folded strings to mark in the stored text
    plan: Plan | None = None  # set for plain queries (see Plan)


class CharInField(wq.Query):
    """Documents whose field ``fieldname`` contains the folded character ``char``:
    every character starts a token, so these are the documents holding a bigram
    beginning with it (or the one-character tail). Computed as a set union of the
    expanded terms' postings (no per-document matcher tree), most frequent terms
    first, stopping as soon as every document holding the character anywhere (the
    ``chars`` field: an upper bound) is found. Scores a constant ``boost``."""

    def __init__(self, fieldname: str, char: str, boost: float = 1.0):
        self.fieldname = fieldname
        self.char = char
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return (type(other) is type(self) and self.fieldname == other.fieldname
                and self.char == other.char and self.boost == other.boost)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fieldname, self.char, self.boost))

    def __repr__(self) -> str:
        return f"CharInField({self.fieldname!r}, {self.char!r}, boost={self.boost})"

    def field(self) -> str:
        return self.fieldname

    def estimate_size(self, ixreader) -> int:
        return ixreader.doc_count_all()

    def matcher(self, searcher, context=None) -> matching.Matcher:
        r = searcher.reader()
        if self.fieldname not in r.schema:
            return matching.NullMatcher()
        terms = list(r.expand_prefix(self.fieldname, self.char))
        if not terms:
            return matching.NullMatcher()
        bound = (r.doc_frequency("chars", self.char)
                 if ("chars", self.char) in r else r.doc_count_all())
        terms.sort(key=lambda t: -r.doc_frequency(self.fieldname, t))
        ids: set[int] = set()
        for t in terms:
            ids.update(r.postings(self.fieldname, t).all_ids())
            if len(ids) >= bound:
                break
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(ids), all_weights=self.boost)


def char_anywhere(folded: str, boost: float = 1.0) -> wq.Query:
    """Documents containing the folded character anywhere: ONE existence-only term
    (the ``chars`` field, indexer.documents), scored as a constant."""
    return wq.ConstantScoreQuery(wq.Term("chars", folded), boost)


def phrase_query(fieldname: str, folded: str, boost: float = 1.0) -> wq.Query:
    """Exact substring query over one bigram field (the substring guarantee)."""
    if len(folded) == 1:
        # Every character starts a token: the bigrams beginning with it, or the tail.
        return CharInField(fieldname, folded, boost=boost)
    grams = bigrams(folded)[:-1]  # the tail token is not needed inside a phrase
    if len(grams) == 1:
        return wq.Term(fieldname, grams[0], boost=boost)
    return wq.Phrase(fieldname, grams, boost=boost)


def _content_spans(folded: str) -> list[tuple[str, int, int]]:
    return [(w, s, e) for w, s, e in jieba_words(folded)
            if w not in STOP_WORDS and any(c.isalnum() for c in w)]


def query_words(folded: str) -> list[str]:
    """Words of one plain query term, segmented as pages are (indexer.text.words)."""
    return [w for w, _, _ in _content_spans(folded)]


def gram_weights(term: str) -> list[tuple[str, float]]:
    """The distinct bigrams of one plain query term, each with its weight.

    A bigram inside one content word is full evidence. One that joins two adjacent
    content words (磷机 of 除磷/机理) is evidence that they stand together, but also
    matches unrelated words (磷机制): CROSS_GRAM_BOOST. One that pairs a character
    with a stop word or punctuation (想的, o的 of 思想的, wto的) says little about the
    topic and much about the function word: STOP_GRAM_BOOST. Without this, long
    queries (pasted titles) ranked pages sharing their function-word bigrams.
    """
    owner = {}
    for k, (_, s, e) in enumerate(_content_spans(term)):
        for i in range(s, e):
            owner[i] = k
    weights: dict[str, float] = {}
    for i in range(len(term) - 1):
        a, b = owner.get(i), owner.get(i + 1)
        if a is None or b is None:
            w = STOP_GRAM_BOOST
        elif a == b:
            w = 1.0
        else:
            w = CROSS_GRAM_BOOST
        g = term[i:i + 2]
        weights[g] = max(w, weights.get(g, 0.0))
    return list(weights.items())


@dataclass
class _Soft:
    """Clauses joined by juxtaposition: ``units`` must all match for the bonus,
    ``scorers`` rank (and any one of them is enough to match); ``parts`` are the
    units' words, for a partial match."""
    units: list[wq.Query] = field(default_factory=list)
    scorers: list[wq.Query] = field(default_factory=list)
    parts: list[wq.Query] = field(default_factory=list)


class _Compiler:
    def __init__(self) -> None:
        self.needles: list[str] = []
        self.plan: Plan | None = None

    def compile(self, node: Node) -> wq.Query:
        if isinstance(node, Text):
            return self.soft_query([node])
        if isinstance(node, Not):
            return wq.AndNot(wq.Every(), self.compile(node.child))
        if node.op == "or":
            return wq.Or([self.compile(c) for c in node.children])
        return self.juxtaposition(node)

    def juxtaposition(self, node: Group) -> wq.Query:
        must, texts, may, excluded = [], [], [], []
        for child, req in zip(node.children, node.required):
            if isinstance(child, Not):
                excluded.append(self.compile(child.child))
            elif req:
                must.append(self.compile(child))
            elif isinstance(child, Text):
                texts.append(child)
            else:
                may.append(self.compile(child))
        optional = []
        if texts:
            optional.append(self.soft_query(texts))
        optional.extend(may)
        if optional:
            soft = optional[0] if len(optional) == 1 else wq.Or(optional)
            q = wq.AndMaybe(wq.And(must), soft) if must else soft
        elif must:
            q = wq.And(must) if len(must) > 1 else must[0]
        else:
            q = wq.Every()
        if excluded:
            q = wq.AndNot(q, wq.Or(excluded))
        return q

    def soft_query(self, texts: list[Text]) -> wq.Query:
        soft = _Soft()
        for node in texts:
            self.add_text(node, soft)
        # A word or bigram repeated in the query counts once, as it does in BM25.
        units = _unique(soft.units)[:MAX_UNITS]
        scorers = _unique(soft.scorers)
        self.plan = Plan(units, scorers, parts=_unique(soft.parts)[:MAX_UNITS])
        base = scorers[0] if len(scorers) == 1 else wq.Or(scorers)
        if scorers != units:
            # (A ConstantScoreQuery of 0 scores 1: Whoosh's ListMatcher treats a zero
            # all_weights as "not given". Say 1, and let the plan say so too.)
            self.plan.base = MATCH_SCORE
            # Match: pages holding at least one whole unit (as a word or verbatim, in
            # any field, so segmentation differences lose nothing); rank: the full
            # bigram OR, on those pages only. Without this nearly every page shares
            # some query bigram, and every one of them was scored and counted.
            match = units[0] if len(units) == 1 else wq.Or(units)
            base = wq.AndMaybe(wq.ConstantScoreQuery(match, MATCH_SCORE), base)
        if len(units) < 2:
            return base
        return wq.AndMaybe(base, wq.ConstantScoreQuery(wq.And(units), ALL_UNITS_BONUS))

    def add_text(self, node: Text, soft: _Soft) -> None:
        folded = fold(node.text)
        anywhere = node.field is None
        fields = list(TEXT_FIELDS) if anywhere else [node.field]
        if node.field == "source" and not node.phrase:
            # The journal of exactly that name first, whether matched strictly or loosely.
            soft.scorers.extend(wq.ConstantScoreQuery(wq.Term("source_name", raw), EXACT_SOURCE_BONUS)
                                for raw in node.text.split())
        if node.field == "source" and not node.phrase and not node.fuzzy:
            # A journal's name is a name, not a bag of words: source:中国药学 is the pages
            # whose source holds 中国药学 (not every journal named 中国…), the journal of
            # exactly that name first. (source:中国药学~ opts in to the loose reading below:
            # names holding its words in any order, still exact name first.)
            for term in folded.split():
                self.needles.append(term)
                q = _any_field(fields, term)
                soft.units.append(q)
                soft.scorers.append(q)
            return
        if node.phrase:
            self.verbatim(folded, fields, soft)
            return
        for term in folded.split():
            words = query_words(term)
            if not words:
                # Punctuation or stop words only: still findable verbatim.
                self.verbatim(term, fields, soft)
                continue
            self.needles.extend(words)
            self.needles.append(term)
            held, required = [], []
            for w in words:
                if len(w) == 1 and len(term) > 1 and anywhere:
                    # 主 of 主成分分析: as a unit "contains 主" would match nearly every
                    # page; the one-character WORD keeps its meaning (and its cost).
                    held.append(wq.Term("words", w))
                    continue
                held.append(self.word_unit(w, fields, anywhere))
                required.append(held[-1])
                if anywhere:
                    soft.scorers.append(wq.Term("words", w, boost=WORDS_BOOST))
            soft.units.append(_whole_term(term, fields, held, required))
            soft.parts.extend(held)
            for g, weight in gram_weights(term)[:MAX_GRAMS]:
                soft.scorers.extend(wq.Term(f, g, boost=weight * GRAM_BOOST * FIELD_BOOSTS[f])
                                    for f in fields)
            if len(term) == 1:
                soft.scorers.append(_any_field(fields, term))

    def verbatim(self, folded: str, fields: list[str], soft: _Soft) -> None:
        """``folded`` as one exact substring: the unit, its own part, and a scorer."""
        self.needles.append(folded)
        q = _any_field(fields, folded)
        soft.units.append(q)
        soft.parts.append(q)
        soft.scorers.append(q)

    def word_unit(self, w: str, fields: list[str], anywhere: bool) -> wq.Query:
        """A word is present if it is one of the page's words or occurs verbatim."""
        verbatim = _any_field(fields, w)
        return wq.Or([wq.Term("words", w), verbatim]) if anywhere else verbatim


def _whole_term(term: str, fields: list[str], held: list[wq.Query], required: list[wq.Query]) -> wq.Query:
    """A term the user typed as one (深度学习) is a unit only whole: verbatim, or every one
    of its words of two or more characters, in any order and field (a page may segment
    主成分 where the query has 主 + 成分). A page with only 学习 is about something else:
    it is shown only when no page holds any whole term, as a partial match."""
    if len(held) == 1:
        return held[0]
    verbatim = _any_field(fields, term)
    if not required:
        return verbatim
    return wq.Or([verbatim, required[0] if len(required) == 1 else wq.And(required)])


def _unique(qs: list[wq.Query]) -> list[wq.Query]:
    return list(dict.fromkeys(qs))  # Whoosh queries compare and hash by value


def _any_field(fields: list[str], folded: str, boost: float = 1.0) -> wq.Query:
    if len(folded) == 1 and len(fields) > 1:
        return char_anywhere(folded, boost)
    qs = [phrase_query(f, folded, boost * FIELD_BOOSTS[f]) for f in fields]
    return qs[0] if len(qs) == 1 else wq.Or(qs)


def compile_query(q: str) -> Compiled:
    """Parse and compile a user query; raises QueryError for unusable input."""
    node = parse(q)
    comp = _Compiler()
    whoosh_q = comp.compile(node)
    needles = sorted({n for n in comp.needles if n.strip(" ")}, key=len, reverse=True)
    plain = isinstance(node, Text) or (
        isinstance(node, Group) and node.op == "and" and not any(node.required)
        and all(isinstance(c, Text) for c in node.children))
    return Compiled(whoosh_q, needles, comp.plan if plain else None)
