"""wenyuan's HTTP service: a JSON search API and the search page (``wenyuan serve``).

    app.py      the app factory (create_app), routes, the error boundary, security headers
    params.py   the API's parameters as data: validation and the OpenAPI schema read it
    openapi.py  the OpenAPI description served at /openapi.json
    reader.py   what the routes read: the shared search index, per-request catalog connections
    server.py   uvicorn: `wenyuan serve` (optionally several worker processes), or a thread for tests
    errors.py   the one error envelope and the library-error → HTTP-status map
    static/     the search page: plain HTML, CSS and JS, no CDN
"""
