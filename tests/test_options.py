"""`make_app`'s keywords are the options: `AppKeywords` names every field of `AppOptions`, and
`make_app` refuses a keyword that is not one."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, get_type_hints

import pytest

from tui.core.model import Report
from tui.ui.app import make_app
from tui.ui.options import AppKeywords, AppOptions


def test_the_keywords_are_the_fields_of_the_options() -> None:
    names = [field.name for field in fields(AppOptions)]
    assert list(AppKeywords.__annotations__) == names
    assert get_type_hints(AppKeywords) == get_type_hints(AppOptions)


def test_an_unknown_keyword_is_refused(report: Report) -> None:
    typo: dict[str, Any] = {"compare_nmae": "old.toml"}
    with pytest.raises(TypeError, match="compare_nmae"):
        make_app(report, **typo)


def test_options_and_keywords_combine(report: Report) -> None:
    app = make_app(report, AppOptions(lang="zh", compare_name="a"), compare_name="b")
    assert app.lang == "zh" and app.options.compare_name == "b"
