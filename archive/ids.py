"""Public document ids: ``p<page id>`` for an archived page, ``s<snippet id>`` for a
distinct other-literature snippet. The index, the CLI and the HTTP API all speak them."""
from __future__ import annotations


def page_doc_id(page_id: int) -> str:
    return f"p{page_id}"


def snippet_doc_id(snippet_id: int) -> str:
    return f"s{snippet_id}"


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
