"""The command line: open the dashboard, `check`, `export`, `diff` and `upgrade` a snapshot
headless, or `serve` the dashboard to a browser.

Exit status: 0 success; 2 invalid input (a bad file, bad arguments), with one line per
problem on stderr and never a traceback; `diff` exits 1 when the snapshots differ.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .core.loader import default_report_path, load_report
from .core.model import LANGS
from .core.outputs import DIFF_FORMATS, EXIT_CHANGED, EXIT_INVALID, EXIT_OK, EXPORT_FORMATS
from .core.problems import ReportError
from .core.safe import visible_line

if TYPE_CHECKING:
    from .core.model import Lang, Report
    from .ui.app import DashboardApp


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="response-dashboard",
        description="A terminal dashboard for a report snapshot (TOML).",
    )
    parser.add_argument("--report", type=Path, help="the snapshot to open (default: bundled)")
    parser.add_argument(
        "--lang", choices=LANGS, help="label language (default: as last time, or en)"
    )
    parser.add_argument(
        "--theme", help="a Textual theme name, e.g. textual-light (default: as last time)"
    )
    parser.add_argument(
        "--no-settings",
        action="store_true",
        help="ignore the remembered theme and language, and remember none "
        "(also RESPONSE_DASHBOARD_NO_SETTINGS=1)",
    )
    parser.add_argument("--compare", type=Path, metavar="OLD", help="show changes since OLD")
    parser.add_argument(
        "--read-only", action="store_true", help="follow the file, never edit or save it"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate a snapshot; exit 0 if valid, 2 if not")
    check.add_argument("path", nargs="?", type=Path, help="the snapshot (default: bundled)")

    export = sub.add_parser("export", help="write what the dashboard shows, headless")
    export.add_argument("--report", dest="export_report", type=Path, help="the snapshot")
    export.add_argument("--format", required=True, choices=(*EXPORT_FORMATS, "svg"))
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument(
        "--pane",
        default="overview",
        help="svg: the pane to draw: overview, units, townships, donations, figures or changes "
        "(changes needs --compare OLD before `export`)",
    )
    export.add_argument("--size", default="100x30", help="svg: terminal size WxH")
    export.add_argument("--lang", dest="export_lang", choices=LANGS, help="svg: language")

    diff = sub.add_parser("diff", help="list what changed between two snapshots")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--format", dest="diff_format", choices=DIFF_FORMATS, default="text")
    upgrade = sub.add_parser(
        "upgrade", help="rewrite a schema_version 1 snapshot as version 2, comments kept"
    )
    upgrade.add_argument("file", type=Path, help="the snapshot to upgrade in place")

    serve = sub.add_parser(
        "serve",
        help="serve the dashboard to a browser, one app per tab (needs the serve extra)",
        description="Serve the dashboard to a browser (textual-serve): one app per tab.",
    )
    serve.add_argument("--report", dest="serve_report", type=Path, help="the snapshot")
    serve.add_argument("--lang", dest="serve_lang", choices=LANGS, help="label language")
    serve.add_argument("--theme", dest="serve_theme", help="a Textual theme name")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--read-only",
        dest="serve_read_only",
        action="store_true",
        help="readers can look, not edit or save",
    )
    serve.add_argument("--open", action="store_true", help="open the default browser on it")
    return parser


def _port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {port}")
    return port


def _load(path: Path | None) -> Report:
    return load_report(path if path is not None else default_report_path())


class OutputError(Exception):
    """The output cannot be written: standard output closed, or a pipe whose reader has
    gone, or an output file that could not be written (it is left as it was)."""


def _stdout(content: str | bytes) -> None:
    """Write `content` to standard output and flush it, or raise `OutputError`."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (`>&-`)
        raise OutputError("standard output is closed")
    try:
        if isinstance(content, bytes):
            stream.buffer.write(content)
        else:
            stream.write(content)
        stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise OutputError("standard output is closed (broken pipe)") from None
    except OSError as exc:
        _silence_stdout()
        reason = (exc.strerror or type(exc).__name__).lower()
        raise OutputError(f"cannot write to standard output: {reason}") from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null: what is still buffered would otherwise fail
    again when the interpreter flushes it on the way out, with a second message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        sys.stdout = None


def _write(output: Path | None, content: str | bytes) -> None:
    """`content` to `output` the way a save writes (tui.core.save.write_file), or to stdout."""
    if output is None:
        _stdout(content)
        return
    from .core.save import SaveError, write_file  # tomli-w: only when a file is written

    data = content if isinstance(content, bytes) else content.encode("utf-8")
    try:
        write_file(output, data)
    except SaveError as exc:
        raise OutputError(visible_line(str(exc))) from None


def _plural(n: int, noun: str) -> str:
    """`1 township`, `2 townships`: `noun` is the plural form."""
    return f"{n} {noun[:-1] if n == 1 else noun}"


def _cmd_check(args: argparse.Namespace) -> int:
    path = args.path if args.path is not None else default_report_path()
    report = load_report(path)
    counts = ", ".join(_plural(n, noun) for noun, n in report.counts().items())
    _stdout(f"{visible_line(str(path))}: valid: {counts}\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    report = _load(args.export_report or args.report)
    if args.format == "svg":
        from .ui.screenshot import export_svg

        lang: Lang = args.export_lang or args.lang or "en"
        older = args.compare
        content: str | bytes = export_svg(
            report,
            pane=args.pane,
            size=args.size,
            lang=lang,
            compare=load_report(older) if older is not None else None,
            compare_name=older.name if older is not None else "",
        )
    else:
        from .core.export import export_text

        content = export_text(report, args.format)
    _write(args.output, content)
    return EXIT_OK


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from .core.save import SaveError
    from .core.upgrade import upgrade_file

    try:
        print(upgrade_file(args.file))
    except SaveError as exc:
        print(visible_line(str(exc)), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import ServeError, run

    path: Path = args.serve_report or args.report or default_report_path()
    # The report is checked before anything listens: a bad one gets `check`'s lines, and
    # no reader ever sees a dashboard that would not start.
    load_report(path)
    # The browser's dashboards start as the command line says: they neither read nor write
    # the remembered settings of whoever runs the server.
    lang = args.serve_lang or args.lang or "en"
    theme = args.serve_theme or args.theme
    if theme is not None:
        _check_theme(theme)
    try:
        run(
            path,
            host=args.host,
            port=args.port,
            lang=lang,
            theme=theme,
            read_only=args.serve_read_only or args.read_only,
            open_browser=args.open,
        )
    except ServeError as exc:
        print(f"response-dashboard serve: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _check_theme(theme: str) -> None:
    """A ValueError for a theme Textual does not have, before the server starts (each app
    would refuse it)."""
    from textual.theme import BUILTIN_THEMES

    if theme not in BUILTIN_THEMES:
        themes = ", ".join(sorted(BUILTIN_THEMES))
        raise ValueError(f"--theme: unknown theme {theme!r}; choose one of: {themes}")


def _cmd_diff(args: argparse.Namespace) -> int:
    from .core.diff import diff_reports, format_diff

    old, new = load_report(args.old), load_report(args.new)
    changes = diff_reports(old, new)
    _stdout(format_diff(changes, args.diff_format))
    return EXIT_CHANGED if changes else EXIT_OK


#: From this size on, the dashboard opens at once and loads the report behind a progress bar
#: (docs/benchmarks.md, "Loading in the app"). A smaller one is loaded
#: before the dashboard starts, so that its problems are printed before any screen is drawn.
LOAD_IN_APP_FROM = 2_000_000


def _large(path: Path) -> bool:
    try:
        info = path.stat()
    except (OSError, ValueError):
        return False  # the load says what is wrong
    return stat.S_ISREG(info.st_mode) and info.st_size >= LOAD_IN_APP_FROM


def _cmd_run(args: argparse.Namespace) -> int:
    from .core.save import load_snapshot, remove_stale_temps

    path: Path = args.report if args.report is not None else default_report_path()
    older: Path | None = args.compare
    # When either file is large, the dashboard opens at once and loads both behind its
    # progress bar (the report, then the older snapshot); their problems are printed when
    # it ends, as `check` prints them.
    in_app = _large(path) or (older is not None and _large(older))
    # One read gives the report, the stamp a save checks against and the comment lines;
    # its problems are the lines `check` prints.
    snapshot = None if in_app else load_snapshot(path)
    old = load_report(older) if older is not None and not in_app else None
    from .core.settings import load_settings, settings_ignored, settings_path
    from .ui.app import make_app

    if not args.read_only:
        remove_stale_temps(path)  # what a save killed mid-way left behind
    # The theme and language of last time, unless the command line gives them.
    settings = None if args.no_settings or settings_ignored() else load_settings(settings_path())
    theme = args.theme or (settings.theme if settings is not None else None)
    remembered_zh = settings is not None and settings.lang == "zh"
    lang: Lang = args.lang or ("zh" if remembered_zh else "en")
    report = snapshot.report if snapshot is not None else None

    def build(theme: str | None) -> DashboardApp:
        return make_app(
            report,
            lang=lang,
            theme=theme,
            compare=old,
            compare_name=older.name if older is not None else "",
            path=path,
            stamp=snapshot.stamp if snapshot is not None else None,
            comment_lines=snapshot.comment_lines if snapshot is not None else None,
            compare_path=older if in_app else None,
            read_only=args.read_only,
            settings=settings,
        )

    try:
        app = build(theme)
    except ValueError:
        if args.theme is not None or settings is None:
            raise
        # A remembered theme that this Textual does not have is ignored, with a notice.
        settings.problem = f"{settings.path}: unknown theme {theme!r}"
        settings.theme = None
        app = build(None)
    app.run()
    if app.load_problems:  # a large report that turned out invalid: printed as `check` does
        raise ReportError(list(app.load_problems))
    return app.return_code or EXIT_OK


COMMANDS = {
    "check": _cmd_check,
    "export": _cmd_export,
    "diff": _cmd_diff,
    "upgrade": _cmd_upgrade,
    "serve": _cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS.get(args.command, _cmd_run)(args)
    except ReportError as exc:
        for problem in exc.problems:
            print(visible_line(str(problem)), file=sys.stderr)
        return EXIT_INVALID
    except ValueError as exc:
        print(f"response-dashboard: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"response-dashboard: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OutputError as exc:
        print(f"response-dashboard: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    sys.exit(main())
