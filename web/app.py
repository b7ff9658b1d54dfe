"""The WSGI application and its server: routing, content negotiation, the one error path.

Parts:
- ``Request``: the parts of a WSGI environ the views read (path, bounded query parameters,
  whether JSON is wanted);
- ``ROUTES``: path patterns to views (``web.views``); unit ids hold slashes, so the id routes
  take the rest of the path, and views look the id up in the index, never on disk;
- ``App``: a WSGI callable over one ``Library``. Each answer is one ``Page`` dict rendered as
  HTML (``web.pages``) or JSON, a ``Download``, or an error rendered from one error dict;
- ``make_server`` and ``serve``: the standard library's ``wsgiref`` server, answering from a
  bounded pool of threads (so that a browser's idle pre-connections or one slow request cannot
  stall the rest), in one worker process per core sharing the listening socket.

Read-only: only GET and HEAD are answered. Every response forbids scripts and outside assets
through its Content-Security-Policy, on top of the escaping in ``web.markup``.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import sys
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer
from wsgiref.simple_server import make_server as _wsgiref_server

from qanoon.indexer.processes import die_with_parent
from qanoon.search import QanoonError
from qanoon.search.results import UNOFFICIAL
from qanoon.web import pages, views
from qanoon.web.markup import href

if TYPE_CHECKING:
    from qanoon.search import Library

MAX_QUERY_STRING = 2048
MAX_PATH = 600
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Server", "Qanoon"),   # set here, wsgiref writes no "WSGIServer/0.2 CPython/3.x" of its own
]

ROUTES: list[tuple[re.Pattern[str], Callable[..., Any]]] = [
    (re.compile(r"/"), views.index),
    (re.compile(r"/search"), views.search),
    (re.compile(r"/provision/(?P<uid>.+)"), views.provision),
    (re.compile(r"/instrument/(?P<iid>.+)"), views.instrument),
    (re.compile(r"/instruments"), views.instruments),
    (re.compile(r"/compare"), views.compare),
    (re.compile(r"/gaps"), views.gaps),
    (re.compile(r"/brief"), views.brief),
    (re.compile(r"/plan"), views.plan),
]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    accept: str = ""
    query_string: str = ""

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> Request:
        # wsgiref hands PATH_INFO over percent-decoded and as latin-1; the URL bytes were UTF-8.
        path = environ.get("PATH_INFO", "") or "/"
        try:
            path = path.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            raise views.BadRequest("the path is not valid UTF-8") from None
        qs = environ.get("QUERY_STRING", "") or ""
        if len(qs) > MAX_QUERY_STRING:
            raise views.HTTPError(414, f"the query string is too long: {len(qs)} characters; the limit is {MAX_QUERY_STRING}")
        if len(path) > MAX_PATH:
            raise views.HTTPError(414, f"the path is too long: {len(path)} characters; the limit is {MAX_PATH}")
        try:
            query = parse_qs(qs, keep_blank_values=False, max_num_fields=40, errors="replace")
        except ValueError:
            raise views.BadRequest("too many query parameters") from None
        return cls(environ.get("REQUEST_METHOD", "GET").upper(), path, query, environ.get("HTTP_ACCEPT", ""), qs)

    def get(self, name: str) -> str:
        values = self.query.get(name)
        return values[0] if values else ""

    def all(self, name: str) -> list[str]:
        return self.query.get(name, [])

    @property
    def wants_json(self) -> bool:
        """``?format=json``, or an Accept header that asks for JSON and not for HTML."""
        return self.get("format").lower() == "json" or _accepts_json(self.accept)


Response = tuple[int, list[tuple[str, str]], bytes]
_FORMAT_JSON = re.compile(r"(?:^|&)format=json(?:&|$)", re.I)


def _accepts_json(accept: str) -> bool:
    accept = accept.lower()
    return "application/json" in accept and "text/html" not in accept


class Answers:
    """The last pages served, by path and query, kept while the index stays as it was: in a
    workshop the room asks what the trainer asks, and a page is the same for all of them. Any
    commit or rebuild (``Backend.generation``) empties it; it holds at most ``MAX_PAGES`` pages
    and ``MAX_BYTES`` bytes."""

    MAX_PAGES = 512
    MAX_BYTES = 64 * 1024 * 1024

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._pages: OrderedDict[tuple[str, str, bool], Response] = OrderedDict()
        self._bytes = 0
        self._generation: object = None
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bool]) -> tuple[Response | None, object]:
        """The page kept for ``key``, if any, and the index generation it must be kept under."""
        generation = self.lib.backend.generation()
        with self._lock:
            if generation != self._generation:
                self._pages.clear()
                self._bytes, self._generation = 0, generation
                return None, generation
            answer = self._pages.get(key)
            if answer is not None:
                self._pages.move_to_end(key)
            return answer, generation

    def put(self, key: tuple[str, str, bool], answer: Response, generation: object) -> None:
        """Keep a page made on the index of ``generation`` (not if a commit came in between)."""
        size = len(answer[2])
        if size > self.MAX_BYTES // 16:
            return
        with self._lock:
            if generation != self._generation or key in self._pages:
                return
            self._pages[key] = answer
            self._bytes += size
            while len(self._pages) > self.MAX_PAGES or self._bytes > self.MAX_BYTES:
                _, old = self._pages.popitem(last=False)
                self._bytes -= len(old[2])


class App:
    """The web app over one library: ``App(lib)`` is a WSGI callable."""

    def __init__(self, lib: Library, allowed_hosts: set[str] | None = None) -> None:
        self.lib = lib
        self.answers = Answers(lib)
        # With a loopback bind, only loopback names may appear in Host (a guard against DNS rebinding).
        self.allowed_hosts = allowed_hosts

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, headers, body = self.respond(environ)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers + [("Content-Length", str(len(body)))])
        return [b"" if environ.get("REQUEST_METHOD", "GET").upper() == "HEAD" else body]

    def respond(self, environ: dict[str, Any]) -> Response:
        # known before the request is parsed, so that even a malformed request gets JSON if it asked
        wants_json = bool(_FORMAT_JSON.search(environ.get("QUERY_STRING", "") or "")) or _accepts_json(
            environ.get("HTTP_ACCEPT", "")
        )
        try:
            req = Request.from_environ(environ)
            self._check_host(environ)
            if req.method not in {"GET", "HEAD"}:
                raise views.HTTPError(405, f"{req.method[:10]} is not allowed: this app only reads (GET or HEAD)")
            view, kwargs = self._route(req.path)
            key = (req.path, environ.get("QUERY_STRING", ""), wants_json)
            cached, generation = self.answers.get(key)
            if cached is not None:
                return cached
            result = view(self.lib, req, **kwargs)   # views only read: no lock between requests
            answer = self._download(result) if isinstance(result, views.Download) else self._page(result, req, wants_json)
            self.answers.put(key, answer, generation)
            return answer
        except views.HTTPError as exc:
            return self._error(exc.status, exc.message, wants_json)
        except QanoonError as exc:
            return self._error(400, str(exc), wants_json)
        except Exception:  # a bug: the log gets the traceback, the visitor one line
            traceback.print_exc(file=sys.stderr)
            return self._error(500, "internal error; the server log has the details", wants_json)

    def _check_host(self, environ: dict[str, Any]) -> None:
        host = environ.get("HTTP_HOST", "")
        if not host or self.allowed_hosts is None:
            return
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.lower() not in self.allowed_hosts:
            raise views.BadRequest(f"unexpected Host header '{host[:60]}': open the app at http://127.0.0.1:<port>/")

    @staticmethod
    def _route(path: str) -> tuple[Callable[..., Any], dict[str, str]]:
        if len(path) > 1:
            path = path.rstrip("/")
        for pattern, view in ROUTES:
            m = pattern.fullmatch(path)
            if m:
                return view, m.groupdict()
        raise views.NotFound(f"no page at {path[:100]}")

    def _page(self, page: views.Page, req: Request, wants_json: bool) -> Response:
        if wants_json:
            return self._json(200, page.data)
        json_url = href(req.path, **{k: v for k, v in req.query.items() if k != "format"}, format="json")
        body = pages.layout(page.title, pages.TEMPLATES[page.template](page.data), page.data.get("notice", UNOFFICIAL), json_url)
        return 200, [("Content-Type", "text/html; charset=utf-8"), *SECURITY_HEADERS], body.encode("utf-8")

    @staticmethod
    def _json(status: int, data: Any) -> Response:
        body = json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        return status, [("Content-Type", "application/json; charset=utf-8"), *SECURITY_HEADERS], body

    @staticmethod
    def _download(d: views.Download) -> Response:
        disposition = "inline" if d.inline else "attachment"
        return (
            200,
            [
                ("Content-Type", d.content_type),
                ("Content-Disposition", f'{disposition}; filename="{d.filename}"'),
                *SECURITY_HEADERS,
            ],
            d.body.encode("utf-8"),
        )

    def _error(self, status: int, message: str, wants_json: bool) -> Response:
        """The one error path: one dict, as JSON or as a page."""
        data = {"error": {"status": status, "title": HTTPStatus(status).phrase, "message": message}}
        if wants_json:
            status, headers, body = self._json(status, data)
        else:
            page = pages.layout(f"{status} {HTTPStatus(status).phrase}", pages.error_page(data), UNOFFICIAL, "?format=json")
            headers, body = [("Content-Type", "text/html; charset=utf-8"), *SECURITY_HEADERS], page.encode("utf-8")
        if status == 405:
            headers.append(("Allow", "GET, HEAD"))
        return status, headers, body


class _PooledServer(WSGIServer):
    """A WSGI server that answers from a bounded pool of threads: a slow request does not hold
    up the others, and a room of clients cannot start a thread each. The listen backlog holds a
    workshop room's worth of connections waiting to be accepted."""

    request_queue_size = 256
    threads = 16

    def server_activate(self) -> None:
        super().server_activate()
        self._pool: ThreadPoolExecutor | None = None
        self._free = threading.BoundedSemaphore(self.threads)

    def get_request(self) -> tuple[Any, Any]:
        # A connection is accepted only when a thread is free to answer it: while every thread
        # is busy, the next one stays in the shared listen queue for an idle worker process
        # (accepting ahead had queued requests behind a busy worker while another sat idle).
        self._free.acquire()
        try:
            return super().get_request()
        except BaseException:
            self._free.release()
            raise

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._pool is None:   # made in the process that serves (after a fork, not before)
            self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="qanoon-web")
        try:
            self._pool.submit(self._process, request, client_address)
        except RuntimeError:   # the pool is shutting down: the connection is closed unanswered
            self._free.release()
            raise

    def _process(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._free.release()

    def server_close(self) -> None:
        super().server_close()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away or timed out is one log line, not a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (TimeoutError, ConnectionError, socket.timeout)):
            sys.stderr.write(f"{client_address[0]} - connection ended: {exc.__class__.__name__}\n")
            return
        super().handle_error(request, client_address)


class _Handler(WSGIRequestHandler):
    timeout = 30  # seconds an idle connection is kept
    quiet = False
    # the Server header names the app, not the Python version it runs on
    server_version = "Qanoon"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own error pages (414 URI too long, 431 headers too large)
        carry the same security headers as the app's."""
        self._error_page = True
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        if getattr(self, "_error_page", False):
            for name, value in SECURITY_HEADERS:
                if name != "Server":   # send_response wrote it
                    self.send_header(name, value)
        super().end_headers()

    def handle(self) -> None:
        """As wsgiref's, but a request whose client has already gone (it closed the connection
        while waiting in the queue) is not answered: a thousand abandoned requests used to keep
        the server busy for the minute it took to compute answers nobody would read."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(414)
            return
        if not self.parse_request() or _gone(self.connection):
            return
        handler = ServerHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True)
        handler.request_handler = self
        handler.run(self.server.get_app())


def _gone(sock: socket.socket) -> bool:
    """Whether the client closed its end: the socket reads as ended without waiting."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def make_server(lib: Library, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> WSGIServer:
    """A server bound to ``host:port`` (port 0: a free port; see ``server.server_port``)."""
    allowed = LOOPBACK if host in LOOPBACK else None
    handler = type("Handler", (_Handler,), {"quiet": quiet})
    server_class = _PooledServer
    if ":" in host:  # an IPv6 address
        server_class = type("Server6", (_PooledServer,), {"address_family": socket.AF_INET6})
    return _wsgiref_server(host, port, App(lib, allowed), server_class=server_class, handler_class=handler)


def serve(lib: Library, host: str = "127.0.0.1", port: int = 8000, echo: Callable[[str], None] = print,
          processes: int = 0) -> None:
    """Serve until interrupted (Ctrl-C), from ``processes`` worker processes (default: one per
    core) sharing the listening socket, each with its pool of threads: Python runs one thread
    at a time, so only processes use a second core. What every process needs (the flags, the
    instrument names) is computed once before they start, and shared."""
    server = make_server(lib, host, port)
    shown = f"[{host}]" if ":" in host else host
    processes = processes or os.cpu_count() or 1
    echo(f"Qanoon is serving on http://{shown}:{server.server_port}/ (read-only; Ctrl-C to stop)")
    if host not in LOOPBACK:
        echo(f"warning: bound to {host}, so other machines on the network can reach this app")
    children: list[int] = []
    try:
        if processes > 1 and hasattr(os, "fork"):
            _ = (lib.flags, lib.flags_by_section, lib.names)   # computed once in the parent, shared with the workers
            for _ in range(processes):
                pid = os.fork()
                if pid == 0:   # a worker: serve until the parent goes
                    die_with_parent()
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    try:
                        server.serve_forever()
                    finally:
                        os._exit(0)
                children.append(pid)
            for pid in children:
                os.waitpid(pid, 0)
        else:
            server.serve_forever()
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        for pid in children:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        server.server_close()
