"""robots.txt as RFC 9309 reads it: groups per user agent, longest match wins, ``*`` and ``$``.

``urllib.robotparser`` takes the first matching rule rather than the longest and knows no
wildcards, so sites that write ``Disallow: /`` then ``Allow: /articles/`` would be read
backwards; this small parser follows the RFC instead. Pure: text in, rules out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .urls import normalize_escapes

# RFC 9309 §2.5: crawlers must parse at least 500 KiB; what lies past the limit is ignored.
MAX_ROBOTS_BYTES = 500 * 1024

_LINE = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")
_PRODUCT = re.compile(r"[A-Za-z_-]+")


def _agent_token(value: str) -> str:
    """A user-agent line names its leading product token: `FOO BAR` and `Foo/1.2` name
    `foo` (as the reference parser reads them); `*` is every agent."""
    if value.startswith("*"):
        return "*"
    m = _PRODUCT.match(value)
    return m.group().lower() if m else value.lower()


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[tuple[bool, str]] = field(default_factory=list)   # (allow, pattern)
    crawl_delay: float | None = None


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


@dataclass
class RobotsRules:
    """The rules of one robots.txt that apply to one user agent."""
    rules: list[tuple[bool, str, re.Pattern[str]]] = field(default_factory=list)
    crawl_delay: float | None = None

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls()

    @classmethod
    def disallow_all(cls) -> RobotsRules:
        return cls([(False, "/", re.compile(re.escape("/")))])

    @classmethod
    def parse(cls, text: str | bytes, user_agent: str) -> RobotsRules:
        """The rules of ``text`` for ``user_agent``; its product token (the part before '/')
        is matched case-insensitively against each group's user-agent lines."""
        if isinstance(text, bytes):
            text = text[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        token = user_agent.split("/", 1)[0].strip().lower()
        groups: list[_Group] = []
        current: _Group | None = None
        in_agents = False
        for raw in text.lstrip("\ufeff").splitlines():
            m = _LINE.match(raw.split("#", 1)[0])
            if not m:
                continue
            key, value = m.group(1).lower(), m.group(2)
            if key in ("user-agent", "useragent"):
                if not in_agents:
                    current = _Group()
                    groups.append(current)
                    in_agents = True
                current.agents.append(_agent_token(value))
                continue
            if current is None:
                continue          # rules before any user-agent line belong to no group
            if key in ("allow", "disallow"):
                # Only a rule ends the list of agents a group is for: a Sitemap, a
                # Crawl-delay or an unknown line between two User-agent lines does not
                # (RFC 9309 §2.2.4: other records must not interfere).
                in_agents = False
                if value:         # an empty Disallow means nothing is disallowed
                    current.rules.append((key == "allow", normalize_escapes(value)))
            elif key == "crawl-delay":
                try:
                    delay = float(value)
                except ValueError:
                    continue
                if delay >= 0 and current.crawl_delay is None:
                    current.crawl_delay = delay
        mine = [g for g in groups if token and any(a == token for a in g.agents)]
        chosen = mine or [g for g in groups if "*" in g.agents]
        rules = [(allow, pat, _pattern_regex(pat)) for g in chosen for allow, pat in g.rules]
        delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
        return cls(rules, delays[0] if delays else None)

    def allows(self, path: str) -> bool:
        """Whether ``path`` (path and query of a URL) may be fetched: the longest matching
        pattern decides, and Allow wins a tie (RFC 9309 §2.2.2)."""
        path = normalize_escapes(path or "/")
        if path == "/robots.txt":
            return True
        best_len, best_allow = -1, True
        for allow, pattern, regex in self.rules:
            if regex.match(path) and (len(pattern) > best_len or (len(pattern) == best_len and allow)):
                best_len, best_allow = len(pattern), allow
        return best_allow
