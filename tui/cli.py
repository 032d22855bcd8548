"""The command line: open the dashboard, or `check`, `export` and `diff` a snapshot headless.

Exit status: 0 success; 2 invalid input (a bad file, bad arguments), with one line per
problem on stderr and never a traceback; `diff` exits 1 when the snapshots differ.
"""

from __future__ import annotations

import argparse
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .core.loader import default_report_path, load_report
from .core.problems import ReportError
from .core.safe import visible_line

if TYPE_CHECKING:
    from .core.model import Lang, Report

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_INVALID = 2

TEXT_FORMATS = ("md", "json", "csv", "toml")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="response-dashboard",
        description="A terminal dashboard for a report snapshot (TOML).",
    )
    parser.add_argument("--report", type=Path, help="the snapshot to open (default: bundled)")
    parser.add_argument(
        "--lang", choices=("en", "zh"), help="label language (default: as last time, or en)"
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate a snapshot; exit 0 if valid, 2 if not")
    check.add_argument("path", nargs="?", type=Path, help="the snapshot (default: bundled)")

    export = sub.add_parser("export", help="write what the dashboard shows, headless")
    export.add_argument("--report", dest="export_report", type=Path, help="the snapshot")
    export.add_argument("--format", required=True, choices=(*TEXT_FORMATS, "svg"))
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument(
        "--pane",
        default="overview",
        help="svg: the pane to draw: overview, units, townships, donations, figures or changes "
        "(with --compare OLD before `export`, or else compared with the report itself)",
    )
    export.add_argument("--size", default="100x30", help="svg: terminal size WxH")
    export.add_argument("--lang", dest="export_lang", choices=("en", "zh"), help="svg: language")

    diff = sub.add_parser("diff", help="list what changed between two snapshots")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument(
        "--format", dest="diff_format", choices=("text", "json", "md"), default="text"
    )
    return parser


def _load(path: Path | None) -> Report:
    return load_report(path if path is not None else default_report_path())


def _write(output: Path | None, content: str | bytes) -> None:
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
    elif isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")


def _plural(n: int, noun: str) -> str:
    """`1 township`, `2 townships`: `noun` is the plural form."""
    return f"{n} {noun[:-1] if n == 1 else noun}"


def _cmd_check(args: argparse.Namespace) -> int:
    path = args.path if args.path is not None else default_report_path()
    report = load_report(path)
    counts = ", ".join(_plural(n, noun) for noun, n in report.counts().items())
    print(f"{visible_line(str(path))}: valid: {counts}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    report = _load(args.export_report or args.report)
    if args.format == "svg":
        from .ui.screenshot import export_svg

        lang: Lang = args.export_lang or args.lang or "en"
        compare = load_report(args.compare) if args.compare is not None else None
        name = args.compare.name if args.compare is not None else ""
        content: str | bytes = export_svg(
            report, pane=args.pane, size=args.size, lang=lang, compare=compare, compare_name=name
        )
    else:
        from .core.export import export_text

        content = export_text(report, args.format)
    _write(args.output, content)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from .core.diff import diff_reports, format_diff

    old, new = load_report(args.old), load_report(args.new)
    changes = diff_reports(old, new)
    sys.stdout.write(format_diff(changes, args.diff_format))
    return EXIT_CHANGED if changes else EXIT_OK


#: From this size on, the dashboard opens at once and loads the report behind a progress bar
#: (a 2 MB report takes about 60 ms to load; 60 MB, over a second). A smaller one is loaded
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

    remove_stale_temps(path)  # what a save killed mid-way left behind
    # The theme and language of last time, unless the command line gives them.
    settings = None if args.no_settings or settings_ignored() else load_settings(settings_path())
    theme = args.theme or (settings.theme if settings is not None else None)
    options = {
        "lang": args.lang or (settings.lang if settings is not None else None) or "en",
        "compare": old,
        "compare_name": older.name if older is not None else "",
        "path": path,
        "stamp": snapshot.stamp if snapshot is not None else None,
        "comment_lines": snapshot.comment_lines if snapshot is not None else None,
        "compare_path": older if in_app else None,
        "settings": settings,
    }
    report = snapshot.report if snapshot is not None else None
    try:
        app = make_app(report, theme=theme, **options)  # type: ignore[arg-type]
    except ValueError:
        if args.theme is not None or settings is None:
            raise
        # A remembered theme that this Textual does not have is ignored, with a notice.
        settings.problem = f"{settings.path}: unknown theme {theme!r}"
        settings.theme = None
        app = make_app(report, **options)  # type: ignore[arg-type]
    app.run()
    if app.load_problems:  # a large report that turned out invalid: printed as `check` does
        raise ReportError(list(app.load_problems))
    return app.return_code or EXIT_OK


COMMANDS = {"check": _cmd_check, "export": _cmd_export, "diff": _cmd_diff}


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
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    sys.exit(main())
