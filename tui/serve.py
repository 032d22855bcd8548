"""`response-dashboard serve`: the dashboard in a browser, one app process per browser tab.

The command line checks the report first (the lines and exit status of `check`), then
hands over to `tui.web`, which runs textual-serve. textual-serve starts the dashboard as a
shell command for every browser tab that connects; `child_command` builds that command:
the console script and the report by absolute path (the server's shell has its own
working directory and PATH), with the language, theme and read-only mode passed on, and
`--no-settings` (a tab never reads or changes the remembered settings of the server's user).

textual-serve is an optional extra (`pip install 'response-dashboard[serve]'`): this module
imports it only in `run`, so that the terminal dashboard never pays for it, and a `serve`
without it says how to install it rather than failing with a traceback.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from .core.safe import visible_line

#: What to run to get the extra, said when it is missing.
INSTALL_HINT = "pip install 'response-dashboard[serve]'"
#: Host names that always mean this machine (an address is checked as an address).
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class ServeError(Exception):
    """Why the server cannot start (port taken, extra missing): one line for the user."""


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # any other name may resolve to an address others can reach


def exposure_warning(host: str, port: int, *, read_only: bool) -> str:
    """The warning printed before listening on an address that is not loopback."""
    can = "read the report" if read_only else "read the report and edit and save the snapshot"
    advice = "" if read_only else " (--read-only turns editing and saving off)"
    return (
        f"response-dashboard serve: warning: listening on {host}:{port}, not on loopback: "
        f"anyone who can reach this port can {can}{advice}."
    )


def dashboard_script() -> list[str]:
    """The command that starts the dashboard in this environment, by absolute path.

    The console script beside this interpreter, as `pip install` puts it; without one (a
    checkout run with `python -m tui`), this interpreter running the package."""
    script = Path(sys.executable).parent / "response-dashboard"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "tui"]


def child_command(
    report: Path, *, lang: str = "en", theme: str | None = None, read_only: bool = False
) -> str:
    """The shell command textual-serve runs for each browser tab: the dashboard on `report`."""
    args = [*dashboard_script(), "--no-settings", "--report", str(report.resolve()), "--lang", lang]
    if theme is not None:
        args += ["--theme", theme]
    if read_only:
        args.append("--read-only")
    return shlex.join(args)


def run(
    report: Path,
    *,
    host: str,
    port: int,
    lang: str = "en",
    theme: str | None = None,
    read_only: bool = False,
    open_browser: bool = False,
) -> None:
    """Serve the dashboard on `report` until ctrl+c (or SIGTERM); `ServeError` if it cannot."""
    try:
        from .web import DashboardServer
    except ImportError as exc:
        # Only a missing textual-serve (or one of its own dependencies) is the user's to fix.
        if (exc.name or "").split(".")[0] not in ("textual_serve", "aiohttp", "aiohttp_jinja2"):
            raise
        raise ServeError(
            f"serve needs textual-serve, which is not installed: {INSTALL_HINT}"
        ) from None
    if not is_loopback(host):
        print(exposure_warning(host, port, read_only=read_only), file=sys.stderr, flush=True)
    command = child_command(report, lang=lang, theme=theme, read_only=read_only)
    mode = " (read-only)" if read_only else ""
    server = DashboardServer(
        command,
        host=host,
        port=port,
        title=visible_line(f"{report.name}{mode} · response-dashboard"),
        what=visible_line(f"{report}{mode}"),
        open_browser=open_browser,
    )
    server.run()
