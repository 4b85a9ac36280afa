"""wenyuan's archive: fetch → store → decode → parse. The source of truth for every page."""

__version__ = "0.1.0"
