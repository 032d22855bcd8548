"""A plain, non-editable install finds the bundled report from any directory.

The project is installed with pip into a fresh virtual environment, and its console script and
`python -m tui` are run from a temporary directory, far from the checkout. Slow (a build and an
install): in the exhaustive tier, left out by `-m "not exhaustive"`.

The new environment gets its dependencies (textual, rich, tomli-w, toml-rs) from the test
environment through a `.pth` file, not from the network. `venv --system-site-packages` would
not do: made from inside a virtual environment it exposes the *base* interpreter's packages,
not the test environment's. The `.pth` lists plain directories, so the `.pth` files in them
(among them the editable install of this checkout) are not run: `tui` can only come from the
new install.
"""

from __future__ import annotations

import importlib.util
import os
import re
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tests.known import title
from tui.core.loader import load_report

pytestmark = pytest.mark.exhaustive

REPO = Path(__file__).resolve().parent.parent
BIN = "Scripts" if sys.platform == "win32" else "bin"
SUMMARY = re.compile(
    r"^(?P<path>.+report\.toml): valid: \d+ units, \d+ townships, \d+ figures, "
    r"\d+ donations, \d+ receipts$"
)


def _env() -> dict[str, str]:
    """The environment for the installed tools: nothing that points back at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.pop("VIRTUAL_ENV", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _dependency_dirs() -> list[str]:
    """Where the test environment's packages are: its site directories, in path order."""
    dirs = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    dirs += site.getsitepackages()
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]


class Installed:
    def __init__(self, venv: Path, workdir: Path) -> None:
        self.venv = venv
        self.workdir = workdir
        self.python = venv / BIN / "python"
        self.script = venv / BIN / "response-dashboard"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=self.workdir,
            env=_env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("install")
    venv, workdir = root / "venv", root / "elsewhere"
    workdir.mkdir()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = Installed(venv, workdir)
    purelib = target.run(
        target.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
    ).stdout.strip()
    assert Path(purelib).is_dir(), purelib
    (Path(purelib) / "_test_environment.pth").write_text(
        "\n".join(_dependency_dirs()) + "\n", encoding="utf-8"
    )
    # --ignore-installed: the test environment's own (editable) install of the project is
    # visible through the .pth; pip must neither count it as installed nor touch it.
    command: list[str | Path] = [
        target.python, "-m", "pip", "install", "--no-deps", "--ignore-installed", "--quiet",
    ]  # fmt: skip
    if importlib.util.find_spec("hatchling") is not None:
        command += ["--no-build-isolation", "--no-index"]
    # else pip builds in isolation and fetches hatchling (network or pip's cache).
    result = target.run(*command, REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def test_the_package_comes_from_the_new_install(installed: Installed) -> None:
    result = installed.run(installed.python, "-c", "import tui; print(tui.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed.venv)
    assert installed.script.is_file()


def _check_summary(result: subprocess.CompletedProcess[str], installed: Installed) -> None:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    match = SUMMARY.match(result.stdout.strip())
    assert match, result.stdout
    # The bundled report inside the installed package, not the checkout's data/.
    assert Path(match["path"]).is_relative_to(installed.venv)


def test_check_finds_the_bundled_report(installed: Installed) -> None:
    _check_summary(installed.run(installed.script, "check"), installed)


def test_python_m_tui_check_finds_the_bundled_report(installed: Installed) -> None:
    _check_summary(installed.run(installed.python, "-m", "tui", "check"), installed)


def test_export_md_of_the_bundled_report(installed: Installed) -> None:
    result = installed.run(installed.script, "export", "--format", "md")
    assert result.returncode == 0, result.stderr
    bundled = load_report(REPO / "data" / "report.toml")
    assert result.stdout.startswith(f"# {title(bundled).zh}\n")
    for figure in bundled.iter_figures():
        assert figure.excerpt in result.stdout, figure.id


def test_installed_check_of_an_invalid_file_exits_2(installed: Installed) -> None:
    bad = installed.workdir / "bad.toml"
    bad.write_text("schema_version = [\n", encoding="utf-8")
    result = installed.run(installed.script, "check", bad)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:")
    assert "Traceback" not in result.stderr
