"""URLs: canonical form (so each page is fetched once) and the links a page points to.

Pure functions: strings in, strings out; nothing here touches the network or the archive.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are in a path or query (RFC 3986 reserved + unreserved, and '%').
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                  b"-._~:/?#[]@!$&'()*+,;=")
_HEX = frozenset(b"0123456789abcdefABCDEF")


def normalize_escapes(part: str) -> str:
    """RFC 3986 §6.2.2: upper-case hex, decode escaped unreserved characters, escape the
    characters a URL may not contain (spaces, non-ASCII as UTF-8, a stray '%')."""
    raw = part.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x25:  # '%'
            if i + 2 < len(raw) and raw[i + 1] in _HEX and raw[i + 2] in _HEX:
                value = int(raw[i + 1:i + 3], 16)
                out += bytes([value]) if value in _UNRESERVED else b"%" + raw[i + 1:i + 3].upper()
                i += 3
                continue
            out += b"%25"
        elif b in _SAFE:
            out.append(b)
        else:
            out += b"%%%02X" % b
        i += 1
    return out.decode("ascii")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, segment by segment (empty segments are kept: '//' is not '/')."""
    segments = path.split("/")
    if not any(seg in (".", "..") for seg in segments):
        return path
    out: list[str] = []
    for seg in segments[1:]:
        if seg == ".":
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if host.startswith("["):
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def canonicalize(url: str) -> str | None:
    """The canonical form of an http(s) URL, or None for anything else.

    Fragment dropped, scheme and host lower-cased (an IDN host in punycode), default port
    removed, percent-encoding normalized, dot segments resolved, empty path → "/", an
    empty query dropped. Query parameters keep their order: reordering them is not
    always harmless.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = _remove_dot_segments(normalize_escapes(parts.path)) or "/"
    if not path.startswith("/"):
        path = "/" + path
    query = normalize_escapes(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The host name a URL points at (lower case, no port): the unit of scope and politeness."""
    return (urlsplit(url).hostname or "").lower()


def authority_of(url: str) -> str:
    """host[:port] (the port only when it is not the scheme's default): the unit of a
    crawl's scope, so that another port of the same host is another site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host:
        host = f"[{host}]"
    return host if port in (None, _DEFAULT_PORTS.get(parts.scheme)) else f"{host}:{port}"


def is_internal(host: str) -> bool:
    """A loopback, private, link-local or reserved address, or a localhost name: where a
    page from the public web must never send the crawler."""
    import ipaddress

    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_unspecified


def redirect_refusal(current: str, target: str) -> str | None:
    """Why a redirect from ``current`` to ``target`` must not be followed, or None."""
    if is_internal(host_of(target)) and not is_internal(host_of(current)):
        return f"a public page redirects to an internal address ({authority_of(target)})"
    return None


def site_of(url: str) -> str:
    """scheme://host[:port], the unit robots.txt applies to (RFC 9309 §2.3)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def path_of(url: str) -> str:
    """Path and query, what robots.txt rules are matched against."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class Scope:
    """Which URLs the crawl may follow: the seed hosts (or any host), include/exclude regexes."""

    def __init__(self, hosts: set[str], *, any_host: bool = False, include: str | None = None,
                 exclude: str | None = None):
        self.hosts = hosts
        self.any_host = any_host
        self.include = re.compile(include) if include else None
        self.exclude = re.compile(exclude) if exclude else None

    def allows_host(self, url: str) -> bool:
        # A scope stored before ports counted names bare hosts; it still means any port.
        return self.any_host or authority_of(url) in self.hosts or host_of(url) in self.hosts

    def allows(self, url: str) -> bool:
        if not self.allows_host(url):
            return False
        if self.include and not self.include.search(url):
            return False
        return not (self.exclude and self.exclude.search(url))


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.hrefs: list[str] = []
        self.nofollow = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if tag in ("a", "area") and "href" in a:
            self.hrefs.append(a["href"])
        elif tag == "base" and "href" in a and self.base is None:
            self.base = a["href"]
        elif tag == "meta" and a.get("name", "").lower() in ("robots", "wenyuan"):
            directives = {d.strip().lower() for d in a.get("content", "").split(",")}
            self.nofollow |= bool(directives & {"nofollow", "none"})


def extract_links(html: str, page_url: str) -> list[str]:
    """Absolute http(s) URLs of a page's <a>/<area> links, in page order, without repeats,
    resolved against <base href> or the page URL. A page whose robots meta says
    ``nofollow`` (or ``none``) yields no links."""
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:   # html.parser gives up on some malformed markup; keep what it found
        pass
    if parser.nofollow:
        return []
    base = urljoin(page_url, parser.base.strip()) if parser.base else page_url
    return resolve_all(base, parser.hrefs)


def resolve_all(base: str, hrefs: list[str | None]) -> list[str]:
    """Canonical absolute URLs of ``hrefs`` resolved against ``base``; others dropped."""
    seen: dict[str, None] = {}
    for href in hrefs:
        if not href:
            continue
        href = href.strip()
        if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
            continue
        try:
            absolute = urljoin(base, href)
        except ValueError:
            continue
        canon = canonicalize(absolute)
        if canon:
            seen.setdefault(canon)
    return list(seen)
