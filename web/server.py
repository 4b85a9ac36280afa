"""Running the app on uvicorn: in the foreground (``wenyuan serve``) or in a thread (tests, benchmarks).

One process, one event loop; request handlers run in Starlette's thread pool. Searches
are CPU-bound, so more threads add no throughput (the GIL): the search backend lets two run at
a time (indexer.whoosh.index.SEARCH_SLOTS), so that one slow search never blocks the cheap ones.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from .app import create_app


def config(app, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=False,
                          server_header=False, lifespan="on")


def serve(home: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          allowed_hosts: tuple[str, ...] = (), token: str | None = None, open_browser: bool = False) -> None:
    """Serve the archive at ``home`` until interrupted (Ctrl-C / SIGTERM shut down gracefully).

    With ``workers`` > 1, uvicorn's supervisor runs that many processes, each building
    its own app (and search index reader) with ``create_app`` from $WENYUAN_HOME (and
    the allowed hosts and token from the environment). ``open_browser``: open the page
    in the default browser once the server listens.
    """
    allowed = list(allowed_hosts) + ([host] if host not in ("0.0.0.0", "::", "") else [])
    if workers == 1:
        server = uvicorn.Server(config(create_app(home, allowed_hosts=allowed, token=token), host, port))
        if open_browser:
            threading.Thread(target=_open_when_up, args=(server, host, token), daemon=True).start()
        server.run()
        return
    if open_browser and port:
        threading.Thread(target=_open_when_up, args=(None, host, token, port), daemon=True).start()
    os.environ["WENYUAN_HOME"] = str(home)
    os.environ["WENYUAN_ALLOWED_HOSTS"] = ",".join(allowed)
    if token:
        os.environ["WENYUAN_TOKEN"] = token
    uvicorn.run("web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info",
                access_log=False, server_header=False, lifespan="on")


def _open_when_up(server: uvicorn.Server | None, host: str, token: str | None, port: int = 0,
                  timeout: float = 60.0) -> None:
    """Open the page in a browser once ``server`` has started (or, for several workers,
    once ``port`` accepts connections). A token goes in the URL once, to set the cookie."""
    import socket
    import webbrowser

    name = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.started:
            port = server.servers[0].sockets[0].getsockname()[1]
            break
        if server is None:
            try:
                socket.create_connection((name, port), timeout=1).close()
                break
            except OSError:
                pass
        time.sleep(0.1)
    else:
        return
    netloc = f"[{name}]:{port}" if ":" in name else f"{name}:{port}"
    webbrowser.open(f"http://{netloc}/" + (f"?token={token}" if token else ""))


@contextmanager
def running(app, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 60.0) -> Iterator[str]:
    """Serve ``app`` from a background thread; yields its base URL (port 0: an ephemeral port)."""
    server = uvicorn.Server(config(app, host, port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="wenyuan-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
