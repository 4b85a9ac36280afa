"""The record: what a page becomes once parsed (see shared/pages-dev/README.md)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

RECORD_KEYS = ("title", "source", "citations", "uploader", "authors", "keywords",
               "abstract", "body", "related", "encoding", "year", "issue")


@dataclass
class RelatedItem:
    """One entry of a page's other-literature list: its text as shown, and its link."""
    text: str
    url: str | None = None


@dataclass
class Record:
    title: str = ""
    source: str | None = None
    citations: int | None = None
    uploader: str | None = None
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    body: str = ""
    related: list[RelatedItem] = field(default_factory=list)
    encoding: str = "utf-8"
    year: int | None = None    # the publication year (2013年第02期, 2013, 39(1), 发表时间 2013-…)
    issue: str | None = None   # the issue as shown (第02期, 39(1))
    # Why the page is not an article (a result list, a help page), or None. Such a page is
    # archived but gets no title or body and is not indexed as an article.
    not_article: str | None = None

    def to_dict(self) -> dict:
        """The record as JSON-ready data, with exactly RECORD_KEYS."""
        d = asdict(self)
        return {k: d[k] for k in RECORD_KEYS}

    @classmethod
    def from_dict(cls, d: dict) -> "Record":
        related = [RelatedItem(**r) if isinstance(r, dict) else RelatedItem(str(r))
                   for r in d.get("related") or []]
        return cls(**{**{k: d.get(k) for k in RECORD_KEYS if k in d}, "related": related})
