"""The HTTP service: a Starlette app built by ``create_app(home)`` over the library.

Routes only translate: parse parameters (web.params), call one library function
(web.reader), render JSON. Every failure leaves through ``_error_response`` as
``{"error": {"code", "message"}}`` (web.errors). Handlers are plain functions, so
Starlette runs them in its thread pool: a search (CPU-bound) never blocks the
event loop, and each request's catalog connection lives and dies on the thread
that serves it. The search route alone is async, to hand its worker thread a
``cancelled`` event that is set when the client hangs up; searches run side by
side (the backend's searcher leases: indexer.whoosh.index).
"""
from __future__ import annotations

import functools
import hmac
import logging
import os
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.errors import ArchiveMissing, IndexStateError, WenyuanError
from archive.store import default_home
from indexer.backend import MAX_QUERY_CHARS

from .errors import ApiError, envelope, from_library
from .openapi import build_openapi
from .params import check_doc_id, parse_params
from .reader import Library

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"

# The search page loads only its own script and style; nothing inline, no frames, no plugins.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Archived bytes are served as a download into a sandbox: never a page of this origin.
RAW_CSP = "sandbox; default-src 'none'"
# The original page shown in the search page's iframe: sandboxed (no scripts, no forms, an
# opaque origin), its inline styles kept, nothing fetched from anywhere; framed by us only.
VIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
SECURITY_HEADERS = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "wenyuan_token"


def create_app(home: str | Path | None = None, *, allowed_hosts: Iterable[str] | None = None,
               token: str | None = None) -> Starlette:
    """The ASGI app serving the archive at ``home`` (default: $WENYUAN_HOME, else the user's).

    Requests must name one of ``allowed_hosts`` (besides the loopback names) in their
    ``Host`` header, which stops DNS rebinding from a browser; with a ``token``, every
    request but /healthz must carry it. Both default to $WENYUAN_ALLOWED_HOSTS (comma
    separated) and $WENYUAN_TOKEN, which is how ``serve --workers N`` hands them on."""
    if allowed_hosts is None:
        allowed_hosts = [h for h in os.environ.get("WENYUAN_ALLOWED_HOSTS", "").split(",") if h]
    token = token if token is not None else os.environ.get("WENYUAN_TOKEN") or None
    library = Library(Path(home) if home else default_home())
    openapi = build_openapi()
    index_html = (STATIC / "index.html").read_bytes()

    def page(request: Request) -> Response:
        return Response(index_html, media_type="text/html; charset=utf-8", headers={"cache-control": "no-cache"})

    async def search(request: Request) -> Response:
        params = parse_params(request.query_params)
        q = params.pop("q")
        params["all_copies"] = params.pop("copies") == "all"
        gone = threading.Event()

        async def watch() -> None:
            # Nothing more arrives on a GET until the client hangs up: then its
            # search, still running in a worker thread, is stopped (SearchCancelled).
            while (await request.receive())["type"] != "http.disconnect":
                pass
            gone.set()

        outcome: dict = {}
        async with anyio.create_task_group() as tg:
            tg.start_soon(watch)
            try:
                outcome["result"] = await anyio.to_thread.run_sync(
                    functools.partial(library.search, q, cancelled=gone, **params))
            except Exception as e:   # raised below, outside the task group (no ExceptionGroup)
                outcome["error"] = e
            tg.cancel_scope.cancel()
        if "error" in outcome:
            raise outcome["error"]
        return JSONResponse(outcome["result"])

    def document(request: Request) -> Response:
        q = request.query_params.get("q") or None
        if q is not None and len(q) > MAX_QUERY_CHARS:
            raise ApiError(400, "bad_parameter", f"q is longer than {MAX_QUERY_CHARS} characters")
        return JSONResponse(library.document(check_doc_id(request.path_params["id"]), q))

    def raw(request: Request) -> Response:
        r = library.raw(check_doc_id(request.path_params["id"]))
        return Response(r.data, headers={
            "content-type": r.media_type,
            "content-disposition": f'attachment; filename="{r.filename}"',
            "content-security-policy": RAW_CSP,
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-cache",
        })

    def view(request: Request) -> Response:
        r = library.view(check_doc_id(request.path_params["id"]))
        return Response(r.data, headers={
            "content-type": r.media_type,
            "content-disposition": "inline",
            "content-security-policy": VIEW_CSP,
            "x-frame-options": "SAMEORIGIN",
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-cache",
        })

    def stats(request: Request) -> Response:
        return JSONResponse(library.stats())

    def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "archive": (library.home / "catalog.sqlite").exists(),
                             "index": library.has_index()})

    def schema(request: Request) -> Response:
        return JSONResponse(openapi)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(_warm_up, library)
        try:
            yield
        finally:
            library.close()

    routes = [
        Route("/", page),
        Route("/api/search", search),
        Route("/api/documents/{id}", document),
        Route("/api/documents/{id}/raw", raw),
        Route("/api/documents/{id}/view", view),
        Route("/api/stats", stats),
        Route("/healthz", health),
        Route("/openapi.json", schema),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={ApiError: _error_response, WenyuanError: _error_response,
                                        HTTPException: _error_response})
    app.add_middleware(CatchAll)
    app.add_middleware(Guard, allowed_hosts=set(LOOPBACK_NAMES) | {h.lower() for h in allowed_hosts}, token=token)
    app.add_middleware(SecurityHeaders)
    app.state.library = library
    return app


def _warm_up(library: Library) -> None:
    """Load jieba's dictionary and open the index before the first request needs them."""
    try:
        library.index().warm_up()
    except (IndexStateError, ArchiveMissing) as e:   # none yet, stale or damaged: searches answer 503 saying so
        log.warning("%s", e)


def _error_response(request: Request, exc: Exception) -> Response:
    """The one place every handled failure becomes the envelope."""
    if isinstance(exc, WenyuanError):
        exc = from_library(exc)
    if isinstance(exc, ApiError):
        return JSONResponse(envelope(exc.code, _without_paths(request, exc.message)), exc.status,
                            headers=exc.headers)
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        code, message = "not_found", f"nothing at {request.url.path[:200]}"
    elif exc.status_code == 405:
        code, message = "method_not_allowed", f"{request.method} is not allowed here"
    else:
        code, message = "http_error", str(exc.detail)
    return JSONResponse(envelope(code, message), exc.status_code, headers=exc.headers)


def _without_paths(request: Request, message: str) -> str:
    """A library message with the server's archive folder written as ``<archive>``: HTTP
    clients learn nothing of the server's file system."""
    library = getattr(request.app.state, "library", None)
    if library is None:
        return message
    for home in {str(library.home.resolve()), str(library.home)}:
        message = message.replace(home, "<archive>")
    return message


class CatchAll:
    """Anything unexpected: log it with its traceback, answer 500 with a generic envelope."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("unexpected error serving %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = JSONResponse(envelope("internal_error", "internal error: the server log has the details"),
                                    500)
            await response(scope, receive, send)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


class Guard:
    """Who may ask: a ``Host`` header naming an allowed host, and the token when one is set
    (``Authorization: Bearer …``, the cookie, or ``?token=`` once, which sets the cookie
    so the page's own requests carry it)."""

    def __init__(self, app: ASGIApp, allowed_hosts: set[str], token: str | None) -> None:
        self.app, self.allowed_hosts, self.token = app, allowed_hosts, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = _host_name(request.headers.get("host", ""))
        if host not in self.allowed_hosts:
            response = JSONResponse(envelope("bad_host", "this server does not answer to that host name "
                                                         "(serve --allowed-host NAME adds one)"), 400)
            await response(scope, receive, send)
            return
        set_cookie = False
        if self.token and scope["path"] != "/healthz":
            given = request.query_params.get("token")
            set_cookie = given is not None and hmac.compare_digest(given, self.token)
            auth = request.headers.get("authorization", "")
            bearer = auth[7:] if auth.lower().startswith("bearer ") else None
            offered = [t for t in (given, bearer, request.cookies.get(TOKEN_COOKIE)) if t]
            if not any(hmac.compare_digest(t, self.token) for t in offered):
                response = JSONResponse(envelope("unauthorized", "this server needs its token: "
                                                                 "Authorization: Bearer TOKEN, or ?token=TOKEN"),
                                        401, headers={"www-authenticate": "Bearer"})
                await response(scope, receive, send)
                return

        async def with_cookie(message: Message) -> None:
            if set_cookie and message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict")
            await send(message)

        await self.app(scope, receive, with_cookie)


def _host_name(header: str) -> str:
    """`example.org:8000` → `example.org`; `[::1]:8000` → `::1`."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h
