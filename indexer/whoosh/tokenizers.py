"""Whoosh tokenizers over indexer.text: what the schema's fields run at index and query time.

STABLE IMPORT PATH: Whoosh pickles the schema, and with it the tokenizer classes
below, into every index. Moving or renaming ``BigramTokenizer``,
``WordTokenizer`` or ``CharSetTokenizer`` makes existing indexes unopenable; changing what they emit
makes existing indexes wrong. Either way bump ``indexer.documents.SCHEMA_VERSION`` (a move) or
``indexer.text.ANALYZER_VERSION`` (new output) so that
opening an old index asks for ``wenyuan reindex`` instead of silently
mismatching.
"""
from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from indexer.text import fold, fold_with_map, words


class _OffsetTokenizer(Tokenizer):
    """Shared plumbing: honour Whoosh's tokenizer keywords for (text, start, end) spans."""

    def _spans(self, folded: str) -> Iterator[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh asks for the value as one token (e.g. term queries): fold only.
            t.original = t.text = fold(value)
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        if chars:
            folded, starts, ends = fold_with_map(value)
        else:
            folded, starts, ends = fold(value), [], []
        for pos, (text, s, e) in enumerate(self._spans(folded)):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[starts[s]:ends[e - 1]] if chars else text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + starts[s]
                t.endchar = start_char + ends[e - 1]
            yield t


class BigramTokenizer(_OffsetTokenizer):
    """Overlapping character bigrams over the whole folded text, plus a 1-char tail.

    Positions are folded-character indexes, so phrase queries over bigrams are
    exact substring tests (see the module docstring).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def _spans(self, folded: str) -> Iterator[tuple[str, int, int]]:
        n = len(folded)
        for i in range(n):
            j = min(i + 2, n)
            yield folded[i:j], i, j


class WordTokenizer(_OffsetTokenizer):
    """jieba words of the folded text, for ranking (indexed without positions)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def _spans(self, folded: str) -> Iterator[tuple[str, int, int]]:
        return iter(words(folded))


class CharSetTokenizer(Tokenizer):
    """One token per character of the value, which is already folded text
    (``indexer.documents.with_words`` passes the distinct folded characters of all
    text fields). Not folded again: the value's characters ARE the terms, and a
    query asks for ``fold(x)`` directly. Used by an existence-only field."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, ch in enumerate(value if tokenize else [value]):
            t.text = t.original = ch
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + pos
                t.endchar = t.startchar + len(ch)
            yield t
