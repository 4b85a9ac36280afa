"""A prefiltered pattern finds exactly what the plain pattern finds, only faster."""
from __future__ import annotations

import re

import pytest

from archive import labels as L
from archive import parse as parse_mod
from archive.blocks import render
from archive.decode import decode
from archive.regex import first_characters, prefiltered

from conftest import OWN_PAGES, PAGES_DEV


@pytest.mark.parametrize("pattern, first", [
    ("abc", "[a]"),
    ("a*b", "[ab]"),
    ("(?:x|)y", "[xy]"),
    (r"\s*[:：]", r"[:\s：]"),
    (r"^(首页|返回)$", "[返首]"),
    (r"(?<=[a-z])\d+次", r"[\d]"),
])
def test_the_first_characters_of_a_pattern_are_worked_out(pattern, first):
    assert first_characters(pattern) == first


@pytest.mark.parametrize("pattern", ["", "a?", "^$", "[^a]b", "a|.b", r"\W+x", "x*(?=y)"])
def test_a_pattern_that_may_start_anywhere_or_match_nothing_is_left_as_it_is(pattern):
    assert first_characters(pattern) is None
    assert prefiltered(pattern).pattern == pattern


def test_a_case_blind_pattern_is_left_as_it_is():
    assert prefiltered("ab|cd", re.I).pattern == "ab|cd"


def _page_lines() -> list[str]:
    lines = []
    for folder in (PAGES_DEV, OWN_PAGES):
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".htm")):
            text = decode(path.read_bytes()).text
            lines += [parse_mod.line_form(ln.text) for ln in render(text).lines]
    assert len(lines) > 300
    # And the same lines spaced out and glued, as sites write labels.
    return lines + [" ".join(t) for t in lines[:300]] + [t.replace(" ", "") for t in lines[:300]]


@pytest.mark.parametrize("pattern", [
    "|".join(f"(?:{p})" for p in L.BOILERPLATE_PATTERNS),
    parse_mod._LABEL_RE.pattern,
])
def test_prefiltered_parser_patterns_match_real_lines_exactly_as_the_plain_ones(pattern):
    plain, fast = re.compile(pattern), prefiltered(pattern)
    assert fast.pattern != pattern
    found = 0
    for text in _page_lines():
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, text
        found += len(want)
    assert found > 20
