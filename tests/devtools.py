"""A small client of Chromium's DevTools protocol, for the tests of `response-dashboard serve`.

Headless Chromium is started with `--remote-debugging-port=0` and says on stderr where its
protocol listens; each tab is a `Page`, driven over its own websocket with aiohttp (which
textual-serve brings). The page's terminal (xterm.js) is not reachable from the page's
scripts, so a script run before the page's own catches it as textual-serve's client stores
it (`this.terminal = new Terminal(...)`), and `Page.screen_text` reads its buffer.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp

#: Debian's `chromium`, or another name for the same browser.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Keeps every terminal textual-serve's client makes in `window.__terminals`: an inherited
#: setter runs on the client's `this.terminal = ...`, stores the value, and gives the object
#: the ordinary property it would have had.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer) { (window.__terminals = window.__terminals || []).push(value); }
  },
});
"""

#: The rows of the first terminal, as text (wide characters once each), or null before one.
READ_SCREEN = """
(() => {
  const term = (window.__terminals || [])[0];
  if (!term) { return null; }
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""

#: The background colour of each row's second cell (the table's cursor row has its own).
READ_BACKGROUNDS = """
(() => {
  const term = (window.__terminals || [])[0];
  if (!term) { return null; }
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const cell = line ? line.getCell(1) : null;
    rows.push(cell ? cell.getBgColorMode() + ":" + cell.getBgColor() : "");
  }
  return rows;
})()
"""

#: Key names to what `Input.dispatchKeyEvent` needs: key, code, key code, text.
_KEYS: dict[str, tuple[str, str, int, str]] = {
    "escape": ("Escape", "Escape", 27, ""),
    "enter": ("Enter", "Enter", 13, "\r"),
    "tab": ("Tab", "Tab", 9, ""),
}
_CTRL = 2  # the DevTools protocol's modifier bit for ctrl


def find_browser() -> str | None:
    """The path of a Chromium on this machine, or None."""
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    return None


class Page:
    """One tab, driven over its DevTools websocket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        """Send one protocol command and return its result (events on the way are skipped)."""
        number = next(self._ids)
        await self.socket.send_json({"id": number, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer to {method} in {timeout} s")
            message = await self.socket.receive(timeout=left)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise ConnectionError(f"the DevTools connection ended during {method}")
            answer = json.loads(message.data)
            if answer.get("id") == number:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        """Load `url`, with the terminal catcher in place before the page's scripts run."""
        await self.call("Page.enable")
        # Several tabs of one headless browser: only one would have the focus, and an
        # element of the others would never get a focus event.
        await self.call("Emulation.setFocusEmulationEnabled", enabled=True)
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await self.call("Page.navigate", url=url)

    async def screen_text(self) -> str:
        """What the terminal shows, row by row ("" before it exists)."""
        return await self.evaluate(READ_SCREEN) or ""

    async def backgrounds(self) -> list[str]:
        """Each row's background colour (at its second cell), as xterm.js keeps it."""
        return list(await self.evaluate(READ_BACKGROUNDS) or [])

    async def wait_for(self, want: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """Wait until the screen's text satisfies `want`; the text then. TimeoutError says
        `what` was awaited and shows the screen as it last was."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = await self.screen_text()
            if want(text):
                return text
            await asyncio.sleep(0.2)
        raise TimeoutError(f"waited {timeout} s for {what}; the screen shows:\n{text}")

    async def focus_terminal(self) -> None:
        """Give the terminal the keyboard (textual-serve tells the app; the footer shows)."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def press(self, *keys: str) -> None:
        """Press keys as a person would: `2`, `j`, `escape`, `ctrl+s`."""
        for key in keys:
            modifiers = 0
            if key.startswith("ctrl+"):
                modifiers, key = _CTRL, key.removeprefix("ctrl+")
            if key in _KEYS:
                name, code, key_code, text = _KEYS[key]
            else:
                name, text, key_code = key, key, ord(key.upper())
                code = f"Key{key.upper()}" if key.isalpha() else f"Digit{key}"
            if modifiers:
                text = ""  # xterm.js makes the control character from the key itself
            down: dict[str, Any] = {
                "type": "keyDown" if text else "rawKeyDown",
                "key": name,
                "code": code,
                "windowsVirtualKeyCode": key_code,
                "modifiers": modifiers,
            }
            if text:
                down["text"] = text
            await self.call("Input.dispatchKeyEvent", **down)
            await self.call(
                "Input.dispatchKeyEvent",
                type="keyUp",
                key=name,
                code=code,
                windowsVirtualKeyCode=key_code,
                modifiers=modifiers,
            )
            await asyncio.sleep(0.15)  # one key at a time, as typed

    async def screenshot(self, path: Path) -> Path:
        """Save the page as it is drawn now, as a PNG."""
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


class Browser:
    """A headless Chromium with its DevTools endpoint; `new_page` opens a tab."""

    def __init__(self, process: subprocess.Popen[bytes], endpoint: str) -> None:
        self.process = process
        self.endpoint = endpoint  # http://127.0.0.1:PORT
        self.session = aiohttp.ClientSession()
        self._sockets: list[aiohttp.ClientWebSocketResponse] = []

    async def new_page(self) -> Page:
        """A new, blank tab."""
        async with self.session.put(f"{self.endpoint}/json/new?about:blank") as response:
            target = await response.json(content_type=None)
        socket = await self.session.ws_connect(
            target["webSocketDebuggerUrl"], max_msg_size=64 * 1024 * 1024
        )
        self._sockets.append(socket)
        return Page(socket)

    async def close(self) -> None:
        for socket in self._sockets:
            with contextlib.suppress(Exception):
                await socket.close()
        await self.session.close()


def start_chromium(executable: str, profile: Path, size: tuple[int, int]) -> Browser:
    """Start headless Chromium; the caller ends it (`end_process`)."""
    process = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    # It says where its protocol listens on its first lines: read them within a bound.
    deadline = time.monotonic() + 30
    os.set_blocking(process.stderr.fileno(), False)
    buffered = b""
    while time.monotonic() < deadline:
        chunk = process.stderr.read()
        if chunk:
            buffered += chunk
            if match := re.search(rb"DevTools listening on ws://([\d.]+:\d+)/", buffered):
                _drain(process)
                return Browser(process, f"http://{match.group(1).decode()}")
        elif process.poll() is not None:
            break
        time.sleep(0.05)
    lines = buffered.decode("utf-8", "replace").splitlines()[-10:]
    end_process(process)
    raise RuntimeError("chromium did not start its DevTools endpoint:\n" + "\n".join(lines))


def _drain(process: subprocess.Popen[bytes]) -> None:
    """Keep reading the browser's stderr on a thread, so that a full pipe never blocks it."""
    import threading

    stream = process.stderr
    assert stream is not None
    os.set_blocking(stream.fileno(), True)

    def discard() -> None:
        with open(os.devnull, "wb") as sink:
            shutil.copyfileobj(stream, sink)

    threading.Thread(target=discard, daemon=True).start()


def end_process(process: subprocess.Popen[Any], timeout: float = 10) -> None:
    """Ask a process to end (SIGTERM), and kill it when it does not within `timeout`."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


@contextlib.asynccontextmanager
async def chromium(size: tuple[int, int] = (1280, 800)) -> AsyncIterator[Browser]:
    """A headless Chromium for the block, ended after it whatever happens."""
    executable = find_browser()
    assert executable is not None, "the caller skips when there is no browser"
    with tempfile.TemporaryDirectory(prefix="rd-chromium-") as profile:
        browser = start_chromium(executable, Path(profile), size)
        try:
            yield browser
        finally:
            await browser.close()
            end_process(browser.process)
