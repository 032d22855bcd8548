"""The command palette's commands (`ctrl+p`): every action where it applies, a jump to any unit,
township or figure by name in either language, and the exports.

- Actions come from the key table (`tui.ui.keys`): an action is offered when one of its keys
  is active where the focus is (Textual's `Screen.active_bindings`, which asks each node's
  `check_action`), so the palette offers exactly what the keys would do, with the key beside it.
- A jump opens the detail of a unit, township or figure; its name matches in English or in
  the Chinese original.
- An export writes the report shown as Markdown, JSON or CSV to a new file in the current
  folder and says which.

Report data reaches the palette as `Content` only: Textual parses a `str` prompt (and the
help line) as markup, so the prompt is built here, highlighted by hand, and the help line
holds the interface's own words only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..core.labels import Label
from ..core.safe import visible_line
from ..widgets.text import safe_line
from .keys import KEY_DISPLAY, KEYS, Key
from .messages import ShowFigure, ShowSubject

if TYPE_CHECKING:
    from ..core.model import Lang, Report, Township, Unit

#: The exports offered, with the name of each format.
EXPORTS: dict[str, Label] = {
    "md": Label("Markdown", "Markdown"),
    "json": Label("JSON", "JSON"),
    "csv": Label("CSV", "CSV"),
}

_UNIT = Label("Unit", "单位")
_TOWNSHIP = Label("Township", "乡镇")
_FIGURE = Label("Figure", "数字")
_OPEN = Label("Open its detail", "打开详情")
_EXPORT = Label("Export {name}", "导出 {name}")
_EXPORT_HELP = Label(
    "Write the report to a new file in the current folder", "把报告写入当前文件夹中的新文件"
)
_EXPORTED = Label("Exported", "已导出")
_EXPORTED_TO = Label("Wrote {name}.", "已写入 {name}。")
_NOT_EXPORTED = Label("Not exported", "未导出")

_KEYS_BY_ACTION: dict[str, Key] = {}
for _key in KEYS:
    if _key.palette:
        _KEYS_BY_ACTION.setdefault(_key.action, _key)


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One command: what it is called, what the search matches, its help line, what it does."""

    title: str
    #: Matched against the query: the title, and for data the name in the other language.
    search: str
    help: str
    run: Callable[[], object]


def key_display(key: str) -> str:
    """A Textual key name as the help writes it (`question_mark` is `?`)."""
    return KEY_DISPLAY.get(key, key)


def export_report(report: Report, fmt: str, stem: str, folder: Path) -> Path:
    """Write `report` as `fmt` to a new file `stem.fmt` in `folder` (`stem-2.fmt`, … when
    that exists: an export never replaces a file); the file written."""
    from ..core.export import export_text

    content = export_text(report, fmt)
    target = folder / f"{stem}.{fmt}"
    n = 1
    while True:
        try:
            with target.open("x", encoding="utf-8") as out:
                out.write(content)
            return target
        except FileExistsError:
            n += 1
            target = folder / f"{stem}-{n}.{fmt}"


class DashboardCommands(Provider):
    """The dashboard's own commands (Textual's theme and screenshot commands stay beside)."""

    @property
    def _lang(self) -> Lang:
        return "zh" if getattr(self.app, "lang", "en") == "zh" else "en"

    def _action_commands(self) -> Iterator[PaletteCommand]:
        lang = self._lang
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            key = _KEYS_BY_ACTION.get(binding.action)
            if key is None or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            name = key.command_label
            keys = " ".join(key_display(k) for k in key.key_list)
            title = f"{name.pick(lang)} ({keys})"
            yield PaletteCommand(
                title,
                f"{title} {name.en} {name.zh}",
                key.tooltip.pick(lang),
                partial(self.app.run_action, binding.action, active.node),
            )

    def _report(self) -> Report | None:
        from .app import DashboardApp

        app = self.app
        if not isinstance(app, DashboardApp) or app.loading:
            return None
        return app.report

    def _data_commands(self, report: Report) -> Iterator[PaletteCommand]:
        lang = self._lang
        other: Lang = "en" if lang == "zh" else "zh"
        open_help = _OPEN.pick(lang)
        subjects: list[tuple[Label, Unit | Township]] = [(_UNIT, unit) for unit in report.units]
        subjects += [(_TOWNSHIP, township) for township in report.townships]
        for kind, subject in subjects:
            name, other_name = safe_line(subject.name.get(lang)), safe_line(subject.name.get(other))
            yield PaletteCommand(
                f"{kind.pick(lang)}: {name} · {other_name}",
                f"{name} {other_name}",
                open_help,
                partial(self.app.post_message, ShowSubject(subject.id)),
            )
        for figure in report.figures_by_id.values():
            label, other_label = (
                safe_line(figure.label.get(lang)),
                safe_line(figure.label.get(other)),
            )
            yield PaletteCommand(
                f"{_FIGURE.pick(lang)}: {label} · {other_label}",
                f"{label} {other_label}",
                open_help,
                partial(self.app.post_message, ShowFigure(figure.id)),
            )

    def _export_commands(self, report: Report) -> Iterator[PaletteCommand]:
        lang = self._lang
        for fmt, name in EXPORTS.items():
            title = _EXPORT.format(lang, name=name.pick(lang)) + f" ({fmt})"
            yield PaletteCommand(
                title,
                title,
                _EXPORT_HELP.pick(lang),
                partial(self._export, report, fmt),
            )

    def _export(self, report: Report, fmt: str) -> None:
        lang = self._lang
        path = getattr(self.app, "path", None)
        stem = path.stem if isinstance(path, Path) else "report"
        try:
            written = export_report(report, fmt, stem, Path.cwd())
        except (OSError, ValueError) as exc:
            self.app.notify(
                visible_line(f"{type(exc).__name__}: {exc}"),
                title=_NOT_EXPORTED.pick(lang),
                severity="error",
                markup=False,
            )
            return
        self.app.notify(
            visible_line(_EXPORTED_TO.format(lang, name=written.name)),
            title=_EXPORTED.pick(lang),
            markup=False,
        )

    def commands(self) -> list[PaletteCommand]:
        """Every command the palette offers here and now."""
        found = list(self._action_commands())
        report = self._report()
        if report is not None:
            found += self._export_commands(report)
            found += self._data_commands(report)
        return found

    def _highlighted(self, title: str, query: str) -> Content:
        # `Matcher.highlight` parses its text as markup: the title (which may hold a unit's
        # name) is highlighted here instead, on a `Content` that is never parsed.
        matcher = self.matcher(query)
        content = Content(title)
        _, offsets = matcher.fuzzy_search.match(matcher.query, title)
        for offset in offsets:
            if not title[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content

    async def discover(self) -> Hits:
        # With nothing typed: the actions and the exports; the data is found by searching.
        report = self._report()
        found = list(self._action_commands())
        if report is not None:
            found += self._export_commands(report)
        for command in found:
            yield DiscoveryHit(Content(command.title), command.run, command.title, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = max(matcher.match(command.title), matcher.match(command.search))
            if score > 0:
                yield Hit(
                    score,
                    self._highlighted(command.title, query),
                    command.run,
                    command.title,
                    command.help,
                )
