"""Public document ids: ``p<page id>`` for an archived page, ``s<snippet id>`` for a
distinct other-literature snippet, ``w<page id>`` for a work (the pages carrying one
paper). The index, the CLI and the HTTP API all speak them."""
from __future__ import annotations


def page_doc_id(page_id: int) -> str:
    return f"p{page_id}"


def snippet_doc_id(snippet_id: int) -> str:
    return f"s{snippet_id}"


def work_doc_id(work_id: int) -> str:
    """A work (indexer.works) is named after its first copy: ``w12`` is the work of p12."""
    return f"w{work_id}"


def group_doc_id(snippet_id: int) -> str:
    """A group of snippets that are one text cut at other lengths, none of them resolved
    to a work (indexer.works), is named after its first snippet: ``g7`` is that of s7."""
    return f"g{snippet_id}"


def parse_doc_id(doc_id: str) -> tuple[str, int] | None:
    """'p12' → ('page', 12), 's7' → ('snippet', 7); None for anything else."""
    digits = doc_id[1:]
    if len(doc_id) > 1 and doc_id[0] in "ps" and digits.isascii() and digits.isdigit() and len(digits) <= 18:
        return ("page" if doc_id[0] == "p" else "snippet", int(digits))
    return None


def parse_user_id(text: str) -> tuple[str, int] | None:
    """What a user may type for a document: ``p12`` or ``12`` (a page), ``s7`` (a snippet)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return ("page", int(text))
    return parse_doc_id(text.lower())
