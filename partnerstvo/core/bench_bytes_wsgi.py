"""`make bench`: the fastest answer gunicorn can give, as an anchor beside nginx.

A WSGI application that serves the files under ``BENCH_BYTES_DIR`` (``<path>/index.html``) from
memory, with no framework at all, run by gunicorn with the platform's own configuration: whatever
a cached page costs on top of this is ours; the gap between this and nginx is gunicorn's.
"""

import os
from pathlib import Path

_root = Path(os.environ["BENCH_BYTES_DIR"])
_pages = {
    "/" + str(path.parent.relative_to(_root)) + "/": path.read_bytes()
    for path in _root.rglob("index.html")
}


def application(environ, start_response):
    body = _pages.get(environ.get("PATH_INFO", ""))
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return []
    start_response(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
