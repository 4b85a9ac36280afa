"""MHTML ("Save as single file") → the page's HTML part, still as bytes.

The standard library's ``email`` package decodes the MIME structure and the transfer
encodings (quoted-printable, base64). Extractors that skip this step read
``charset=3D"utf-8"`` literally, or the base64 as text.
"""
from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass

_MIME_HEAD = re.compile(rb"^(?:[\x21-\x7e]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*){1,40}", re.M)


@dataclass(frozen=True)
class MhtmlPart:
    payload: bytes          # the decoded HTML part, in its own charset
    charset: str | None     # the part's declared charset, if any
    url: str | None         # Snapshot-Content-Location / Content-Location, if any


def looks_like_mhtml(data: bytes) -> bool:
    """True when the bytes start like a MIME message with a multipart or HTML body."""
    head = data[:4096].lstrip()
    if not _MIME_HEAD.match(head):
        return False
    lowered = head.lower()
    return b"mime-version:" in lowered or b"content-type: multipart/" in lowered or \
        b"content-type:multipart/" in lowered


def extract_html(data: bytes) -> MhtmlPart | None:
    """The first text/html part (else the first text part) of an MHTML message, or None."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    url = msg.get("Snapshot-Content-Location") or msg.get("Content-Location")
    best = None
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype == "text/html":
            best = part
            break
        if best is None and ctype.startswith("text/"):
            best = part
    if best is None:
        return None
    payload = best.get_payload(decode=True)
    if payload is None:
        return None
    return MhtmlPart(payload=payload, charset=best.get_content_charset(),
                     url=url or best.get("Content-Location"))
