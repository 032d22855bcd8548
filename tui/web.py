"""The web server of `response-dashboard serve`: textual-serve's `Server`, made to stop cleanly.

textual-serve (1.1.x) gives the page (its bundled xterm.js client) and, per websocket, an
`AppService` that runs the dashboard as a child process. What this subclass changes:

- Start and stop. It binds before it says anything, so that a port in use is one line and
  exit status 2 (`ServeError`), not a traceback; ctrl+c and SIGTERM stop it: every child
  app is asked to quit, and one that has not ended after `CHILD_GRACE_SECONDS` is killed.
- Who may connect. On loopback the page is served only to the names of this machine (a
  web page elsewhere cannot rebind its own name to 127.0.0.1 and read the report), and the
  websocket that drives an app is accepted only from a page of this server (a page of
  another site could otherwise open it from the reader's browser: websockets are not bound
  by the same-origin policy).
- The page. Its addresses are those the browser asked for (textual-serve writes the
  address it listens on, `0.0.0.0` when all, which no browser can reach), and its font is
  the Roboto Mono that textual-serve bundles, declared in the page, instead of a link to
  Google's font service, which an offline reader cannot reach and an online one need not.
- Its messages: one line each, no logo, no tracebacks with local variables.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
import webbrowser
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from .serve import ServeError, is_loopback

log = logging.getLogger("textual-serve")

#: How long a child app has to end after it is asked to quit, before it is killed.
CHILD_GRACE_SECONDS = 5.0
#: How long the server waits for open connections to close as it stops.
SHUTDOWN_SECONDS = 3.0
#: textual-serve's link to Google's fonts, replaced by `_FONT_FACE`.
_FONT_LINK = re.compile(
    r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/>'
)
_FONT_FACE = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
        font-weight: 100 700;
      }
    </style>"""
_PAGE = "app_index.html"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _page_template(templates: Path) -> str:
    """textual-serve's page, with the bundled font declared instead of Google's linked."""
    page = (templates / _PAGE).read_text(encoding="utf-8")
    return _FONT_LINK.sub(lambda _: _FONT_FACE, page, count=1)


class DashboardServer(Server):
    """Serves the dashboard command, one child app per websocket (browser tab)."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        what: str,
        open_browser: bool = False,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        #: What is served, as the start-up line names it.
        self.what = what
        self.open_browser = open_browser
        #: The child apps running, one per open websocket.
        self.services: set[AppService] = set()
        #: Set to stop the server (by ctrl+c, SIGTERM, or a test).
        self.stopping: asyncio.Event | None = None
        #: The port listened on, once listening (the one asked for, or the one given for 0).
        self.bound_port: int | None = None

    def initialize_logging(self) -> None:
        # textual-serve logs with Rich tracebacks that show local variables; one plain
        # line a problem is what a terminal running a server wants.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("response-dashboard serve: %(message)s"))
        log.handlers[:] = [handler]
        log.setLevel(logging.WARNING)
        log.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        """Nothing here: `run` says where it listens once it does (textual-serve says so
        here, before it knows whether the port is free)."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._same_origin])
        page = _page_template(Path(self.templates_path))
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({_PAGE: page}))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _same_origin(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a request for another name on loopback, and a websocket from another site."""
        asked = request.host
        if is_loopback(self.host) and not is_loopback(urlsplit(f"//{asked}").hostname or ""):
            raise web.HTTPForbidden(text="This server answers to the names of its machine only.")
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and urlsplit(origin).netloc != asked:
            raise web.HTTPForbidden(text="The dashboard is opened from its own page only.")
        return await handler(request)

    @aiohttp_jinja2.template(_PAGE)
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with the addresses the browser used to reach it."""
        base = f"{request.scheme}://{request.host}"
        socket = ("wss" if request.scheme == "https" else "ws") + base[len(request.scheme) :]
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        return {
            "font_size": font_size,
            "app_websocket_url": f"{socket}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: a child app of its own, ended when the tab goes."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as exc:  # a broken connection: one line, and the server goes on
            log.warning("a browser connection ended: %s: %s", type(exc).__name__, exc)
        finally:
            if service is not None:
                await _end(service)
                self.services.discard(service)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """End every child app, all at once, before the connections are closed."""
        await asyncio.gather(*(_end(service) for service in list(self.services)))

    def run(self) -> None:
        """Listen until ctrl+c or SIGTERM; `ServeError` when the address cannot be had."""
        self.initialize_logging()
        asyncio.run(self._run())

    async def _run(self) -> None:
        self.stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stopping.set)
        runner = web.AppRunner(
            await self._make_app(), handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as exc:
                raise ServeError(_bind_problem(self.host, self.port, exc)) from None
            self.bound_port = _port_of(runner, self.port)
            shown_host = f"[{self.host}]" if ":" in self.host else self.host
            url = f"http://{shown_host}:{self.bound_port}/"
            print(
                f"Serving {self.what} at {url}: one dashboard per browser tab; ctrl+c stops.",
                flush=True,
            )
            if self.open_browser:
                # The browser is started on a thread: it may take a while to return.
                await asyncio.to_thread(webbrowser.open, url)
            await self.stopping.wait()
            count = len(self.services)
            print(
                f"Stopping: ending {count} dashboard{'' if count == 1 else 's'}…"
                if count
                else "Stopping.",
                flush=True,
            )
        finally:
            await runner.cleanup()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)


async def _end(service: AppService) -> None:
    """Ask a child app to quit; kill it if it has not ended within `CHILD_GRACE_SECONDS`."""
    with contextlib.suppress(Exception):  # it may be gone already: then nothing to end
        await asyncio.wait_for(service.stop(), CHILD_GRACE_SECONDS)
    # textual-serve keeps the process private and never kills it; a child that ignores
    # the quit would outlive the server.
    process = getattr(service, "_process", None)
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(process.wait(), CHILD_GRACE_SECONDS)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _port_of(runner: web.AppRunner, asked: int) -> int:
    """The port listened on: the one asked for, or the one the system gave for 0."""
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    """One line on why `host:port` cannot be listened on."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use (another server?): choose another with --port"
    if exc.errno == errno.EACCES:
        return f"port {port} on {host} needs privileges: choose one above 1023 with --port"
    reason = exc.strerror or str(exc)
    return f"cannot listen on {host}:{port}: {reason}"
