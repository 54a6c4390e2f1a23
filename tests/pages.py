"""A local HTTP server whose answers each test chooses: the web, without leaving the machine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    chunked: bool = False  # no Content-Length: the size is known only by reading


class Pages:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.routes: dict[str, Page | Callable[[], Page]] = {}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@contextmanager
def serve_pages() -> Iterator[Pages]:
    pages: Pages

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            pages.requests.append((self.command, self.path, dict(self.headers), body))
            route = pages.routes.get(self.path, Page(b"not found", status=404))
            page = route() if callable(route) else route
            time.sleep(page.delay)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(page.body), 8192):
                    chunk = page.body[start : start + 8192]
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

        do_GET = _answer
        do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    pages = Pages(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield pages
    finally:
        server.shutdown()
        server.server_close()


def article_html(
    *, title: str, paragraphs: list[str], site_name: str = "", published: str = ""
) -> bytes:
    """A news article page as outlets publish them: metadata in the head, menus around the text."""
    meta = [f'<meta property="og:title" content="{title}">']
    if site_name:
        meta.append(f'<meta property="og:site_name" content="{site_name}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{''.join(meta)}"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright. All rights reserved.</footer></body></html>"
    ).encode()
