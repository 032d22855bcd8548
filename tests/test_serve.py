"""`response-dashboard serve`: the dashboard in a browser (textual-serve).

Without a browser: the arguments (an invalid report gets `check`'s lines, a port in use one
line, an address that is not loopback a warning), the child command, who may connect, and
a clean stop on ctrl+c with the child apps ended. With headless Chromium (marked
`exhaustive`; skipped, saying why, only when no Chromium is installed): the Overview, the
keys `2` `j` `l` read back from the page's terminal, a screenshot (kept under the test's
tmp path, and copied to `$RESPONSE_DASHBOARD_ARTIFACTS` when that names a folder), a
second tab with an app of its own, and `--read-only` refusing ctrl+s.
"""

from __future__ import annotations

import asyncio
import os
import queue
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import aiohttp
import pytest

from tests.devtools import Page, chromium, end_process, find_browser
from tui.cli import main
from tui.core.loader import default_report_path
from tui.serve import child_command, dashboard_script, exposure_warning, is_loopback

HERE = Path(__file__).resolve().parent
INVALID = HERE / "invalid"
#: Where a screenshot is also copied, when set (the README's picture is made so).
ARTIFACTS = os.environ.get("RESPONSE_DASHBOARD_ARTIFACTS")
#: The browser window: the terminal fits it (about 120 x 32 cells at 16 px).
WINDOW = (1200, 760)

needs_browser = pytest.mark.skipif(
    find_browser() is None,
    reason="no Chromium installed (Debian: apt-get install chromium fonts-noto-cjk; "
    ".ci/run installs them)",
)


def free_port() -> int:
    """A port nothing listens on now, on loopback (the system picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    """A copy of the bundled report, for a served dashboard to follow (and maybe save)."""
    (tmp_path / "served").mkdir()
    target = tmp_path / "served" / "report.toml"
    shutil.copyfile(default_report_path(), target)
    return target


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # The name (field 2) is in parentheses and may hold spaces: split after it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def wait_until(condition: object, what: str, timeout: float = 20) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"waited {timeout} s for {what}")


class Served:
    """A `response-dashboard serve` process, started in its own process group; its output
    is read on threads as it comes."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*dashboard_script(), "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            start_new_session=True,  # ctrl+c in a terminal reaches the whole group
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        self._out: queue.Queue[str] = queue.Queue()
        self._err: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self._out.put)),
            threading.Thread(target=self._read, args=(self.process.stderr, self._err.append)),
        ]
        for reader in self._readers:
            reader.start()
        try:
            self.banner = self._out.get(timeout=30)
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"the server did not start: {self.stderr}") from None

    @staticmethod
    def _read(stream: IO[str], keep: Callable[[str], None]) -> None:
        for line in stream:
            keep(line)

    @property
    def stderr(self) -> str:
        return "".join(self._err)

    @property
    def stdout(self) -> str:
        lines = [self.banner]
        while not self._out.empty():
            lines.append(self._out.get_nowait())
        return "".join(lines)

    def interrupt(self, timeout: float = 20) -> int:
        """ctrl+c as a terminal sends it (to the whole group); the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        status = self.process.wait(timeout)
        for reader in self._readers:
            reader.join(timeout)
        return status

    def stop(self) -> None:
        """End the server (and, if it hangs, its whole group)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGINT)
                self.process.wait(15)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                end_process(self.process)
        for reader in self._readers:
            reader.join(10)


@pytest.fixture
def serve() -> Iterator[type[Served]]:
    """Start servers with `serve(*args)`; every one is stopped after the test."""
    started: list[Served] = []

    class Tracked(Served):
        def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
            super().__init__(*args, env=env)
            started.append(self)

    yield Tracked
    for server in started:
        server.stop()


# --- the arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["syntax-bad-value.toml", "several-problems.toml", "value-string.toml"]
)
def test_an_invalid_report_gets_the_lines_of_check_and_no_server(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = INVALID / name
    assert path.is_file(), f"fixture {name} missing"
    assert main(["check", str(path)]) == 2
    check = capsys.readouterr()
    port = free_port()
    assert main(["serve", "--report", str(path), "--port", str(port)]) == 2
    served = capsys.readouterr()
    assert served.err == check.err
    assert f"{path}:" in served.err
    assert served.out == ""
    with socket.socket() as probe:  # nothing listens: the report was refused first
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_missing_report_is_refused_as_check_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.toml"
    assert main(["check", str(missing)]) == 2
    check = capsys.readouterr().err
    assert main(["serve", "--report", str(missing), "--port", str(free_port())]) == 2
    assert capsys.readouterr().err == check
    assert "nowhere.toml" in check


def test_a_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"response-dashboard serve: port {port} on 127.0.0.1 is in use (another server?): "
        "choose another with --port\n"
    )


def test_an_address_that_is_not_loopback_is_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes, then the
    # bind fails, so nothing is ever reachable from outside.
    port = free_port()
    assert main(["serve", "--host", "192.0.2.1", "--port", str(port)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == exposure_warning("192.0.2.1", port, read_only=False)
    assert "anyone who can reach this port can read the report and edit and save" in err[0]
    assert err[1].startswith(f"response-dashboard serve: cannot listen on 192.0.2.1:{port}: ")
    assert len(err) == 2


def test_the_warning_of_a_read_only_server_does_not_speak_of_saving() -> None:
    warning = exposure_warning("0.0.0.0", 8000, read_only=True)
    assert "can read the report." in warning
    assert "save" not in warning


def test_loopback_is_told_from_other_addresses() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org", "10.0.0.1"):
        assert not is_loopback(host), host


def test_a_bad_port_is_refused_by_the_argument_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "70000"])
    assert stopped.value.code == 2
    assert "expected a port from 0 to 65535, got 70000" in capsys.readouterr().err


def test_without_textual_serve_serve_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "tui.web", raising=False)
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.setitem(sys.modules, "textual_serve.app_service", None)
    assert main(["serve", "--port", str(free_port())]) == 2
    assert capsys.readouterr().err == (
        "response-dashboard serve: serve needs textual-serve, which is not installed: "
        "pip install 'response-dashboard[serve]'\n"
    )


def test_the_child_command_names_everything_by_absolute_path(tmp_path: Path) -> None:
    odd = tmp_path / "a folder" / "报告 'one'.toml"
    odd.parent.mkdir()
    relative = Path(os.path.relpath(odd))
    words = shlex.split(child_command(relative, lang="zh", theme="nord", read_only=True))
    assert Path(words[0]).is_absolute()
    assert words[-7:] == ["--report", str(odd), "--lang", "zh", "--theme", "nord", "--read-only"]
    plain = shlex.split(child_command(odd))
    assert "--read-only" not in plain and "--theme" not in plain
    # A tab neither starts from nor changes the server user's remembered settings.
    assert "--no-settings" in words and "--no-settings" in plain


# --- the server, without a browser ---------------------------------------------------------


async def _open_app(url: str, *, origin: str | None = None) -> tuple[int, bytes]:
    """Connect as the page does; the handshake's status and the app's first output."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            socket_ = await session.ws_connect(f"{url}ws?width=100&height=30", headers=headers)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status, b""
        output = b""
        async with socket_:
            deadline = time.monotonic() + 30
            while b"Overview" not in output and time.monotonic() < deadline:
                message = await socket_.receive(timeout=deadline - time.monotonic())
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                output += message.data
        return 101, output


def test_ctrl_c_stops_cleanly_and_ends_the_child_apps(
    serve: type[Served], snapshot_file: Path
) -> None:
    server = serve("--report", str(snapshot_file))
    assert server.banner == (
        f"Serving {snapshot_file} at {server.url}: one dashboard per browser tab; ctrl+c stops.\n"
    )

    async def connect_and_stay() -> list[int]:
        headers = {"Origin": server.url.rstrip("/")}
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(f"{server.url}ws?width=100&height=30", headers=headers)
            output = b""
            deadline = time.monotonic() + 30
            while b"Overview" not in output and time.monotonic() < deadline:
                message = await ws.receive(timeout=deadline - time.monotonic())
                assert message.type == aiohttp.WSMsgType.BINARY, message
                output += message.data
            assert b"Overview" in output
            children = children_of(server.process.pid)
            assert len(children) == 1, children  # this connection's app
            status = await asyncio.to_thread(server.interrupt)
            assert status == 0, server.stderr
            return children

    children = asyncio.run(connect_and_stay())
    err = server.stderr
    assert "Traceback" not in err and "Error" not in err, err
    assert server.stdout.endswith("Stopping: ending 1 dashboard…\n"), server.stdout
    for pid in children:
        assert not Path(f"/proc/{pid}").exists(), f"child app {pid} outlived the server"


def test_only_pages_of_this_server_may_open_an_app(serve: type[Served]) -> None:
    server = serve()
    status, _ = asyncio.run(_open_app(server.url, origin="http://evil.example"))
    assert status == 403
    status, output = asyncio.run(_open_app(server.url, origin=server.url.rstrip("/")))
    assert status == 101
    assert b"Overview" in output


def test_on_loopback_it_answers_to_its_own_names_only(serve: type[Served]) -> None:
    server = serve()

    async def index(host: str) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.get(server.url, headers={"Host": host}) as response,
        ):
            return response.status, await response.text()

    status, page = asyncio.run(index(f"rebound.example:{server.port}"))
    assert status == 403
    status, page = asyncio.run(index(f"localhost:{server.port}"))
    assert status == 200
    # The page's addresses are the ones asked for; its font is the bundled one.
    assert f'data-session-websocket-url="ws://localhost:{server.port}/ws"' in page
    assert "fonts.googleapis.com" not in page
    assert "static/fonts/RobotoMono-VariableFont_wght.ttf" in page


def test_open_starts_the_default_browser_on_the_address(
    serve: type[Served], tmp_path: Path
) -> None:
    opened = tmp_path / "opened.txt"
    fake = tmp_path / "browser.sh"
    fake.write_text(f'#!/bin/sh\necho "$1" > {shlex.quote(str(opened))}\n')
    fake.chmod(0o755)
    server = serve("--open", env={"BROWSER": str(fake)})
    wait_until(opened.exists, "the browser to be started")
    wait_until(lambda: opened.read_text().strip() != "", "the address to be written")
    assert opened.read_text().strip() == server.url


# --- in a browser --------------------------------------------------------------------------


def keep(shot: Path) -> Path:
    """Copy a screenshot to `$RESPONSE_DASHBOARD_ARTIFACTS`, when that names a folder."""
    if ARTIFACTS:
        folder = Path(ARTIFACTS)
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, folder / shot.name)
    return shot


async def open_dashboard(page: Page, url: str) -> str:
    await page.open(url)
    text = await page.wait_for(
        lambda t: "1 Overview" in t and "Donations" in t and "Tongren" in t, "the Overview"
    )
    # The footer shows once the app knows that the terminal has the keyboard; a focus
    # that comes before the app's own first blur is lost, so it is given again until then.
    for _ in range(20):
        await page.focus_terminal()
        try:
            await page.wait_for(lambda t: "Quit" in t, "the footer", timeout=1.5)
            return text
        except TimeoutError:
            await page.evaluate("document.querySelector('.xterm-helper-textarea').blur()")
    raise TimeoutError("the footer never showed: the terminal did not take the keyboard")


async def cursor_row(page: Page, screen: str) -> str:
    """The text of the row the table's cursor is on: the one row with a background of its
    own among the table's rows."""
    backgrounds = await page.backgrounds()
    rows = screen.splitlines()
    # Below the pane bar, the file bar, the table's top border and its header; without the
    # footer.
    table = [y for y in range(4, len(rows)) if rows[y].strip()][:-1]
    counts = Counter(backgrounds[y] for y in table)
    odd = [y for y in table if counts[backgrounds[y]] == 1]
    assert len(odd) == 1, f"no single cursor row among {[(y, backgrounds[y]) for y in table]}"
    return rows[odd[0]]


@pytest.mark.exhaustive
@needs_browser
async def test_the_dashboard_in_a_browser(
    serve: type[Served], snapshot_file: Path, tmp_path: Path
) -> None:
    server = serve("--report", str(snapshot_file))
    async with chromium(WINDOW) as browser:
        page = await browser.new_page()
        overview = await open_dashboard(page, server.url)
        assert "report.toml" in overview
        await page.press("2")
        units = await page.wait_for(lambda t: "Name" in t and "Measures" in t, "the Units")
        assert "Tongren County" in await cursor_row(page, units)
        await page.press("j")
        await asyncio.sleep(0.5)
        assert "Party organisations" in await cursor_row(page, await page.screen_text())
        await page.press("l")
        chinese = await page.wait_for(
            lambda t: "2 单位" in t and "名称" in t and "q 退出" in t.splitlines()[-1],
            "labels and footer in 中文",
        )
        assert "全县各级党组织和党员干部" in await cursor_row(page, chinese)
        assert "黄南州同仁县" in chinese
        shot = await page.screenshot(tmp_path / "serve.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn dashboard, not a blank page
    keep(shot)


@pytest.mark.exhaustive
@needs_browser
async def test_a_second_tab_gets_an_app_of_its_own(serve: type[Served]) -> None:
    server = serve()
    async with chromium(WINDOW) as browser:
        first, second = await browser.new_page(), await browser.new_page()
        await open_dashboard(first, server.url)
        await open_dashboard(second, server.url)
        assert len(children_of(server.process.pid)) == 2
        await first.press("4")
        await first.wait_for(lambda t: "Itemised" in t or "itemised" in t, "Donations")
        await second.press("l")
        await second.wait_for(lambda t: "1 概览" in t, "labels in 中文 in the second tab")
        # Each tab kept its own pane and language.
        one, two = await first.screen_text(), await second.screen_text()
        assert "1 Overview" in one and "概览" not in one
        assert "itemised" in one.lower() and "itemised" not in two.lower()
        await first.call("Page.close")
        wait_until(lambda: len(children_of(server.process.pid)) == 1, "the closed tab's app to end")


@pytest.mark.exhaustive
@needs_browser
async def test_read_only_refuses_ctrl_s(
    serve: type[Served], snapshot_file: Path, tmp_path: Path
) -> None:
    before = snapshot_file.read_bytes(), snapshot_file.stat().st_mtime_ns
    server = serve("--report", str(snapshot_file), "--read-only")
    assert "(read-only)" in server.banner
    async with chromium(WINDOW) as browser:
        page = await browser.new_page()
        screen = await open_dashboard(page, server.url)
        footer = (await page.screen_text()).splitlines()[-1]
        assert "^s Read-only" in footer and "Save" not in footer
        assert "read-only" in screen.splitlines()[1]  # the file bar
        await page.press("ctrl+s")
        await page.wait_for(
            lambda t: "editing and saving are off" in t, "the read-only notice", timeout=10
        )
        await page.press("?")
        help_text = await page.wait_for(lambda t: "The file (read-only)" in t, "the help")
        assert "Off: read-only, no editing or saving" in help_text
        keep(await page.screenshot(tmp_path / "serve-read-only.png"))
    assert (snapshot_file.read_bytes(), snapshot_file.stat().st_mtime_ns) == before
    assert sorted(p.name for p in snapshot_file.parent.iterdir()) == ["report.toml"]
