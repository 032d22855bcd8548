"""Where the command line writes: a closed or broken standard output, a full disk, a FIFO.

- With standard output closed (`>&-`) or a pipe whose reader is gone, `check`, `export`
  and `diff` exit 2 with one line on stderr, never a traceback.
- `export -o FILE` writes as a save does (temporary file, fsync, rename): a write that
  fails leaves FILE as it was, even when FILE is the snapshot being exported.
- A FIFO put where a file was (after the path was looked at, before it was opened) is
  refused with a problem line; nothing waits for a writer that never comes.

The commands run in processes of their own; each has a timeout, only so that a hang fails
the test instead of stopping the suite.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import save

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINIMAL = TESTS / "minimal.toml"
SUMS = TESTS / "hostile" / "decimal-sums.toml"
COMMANDS = {
    "check": ["check", str(MINIMAL)],
    "export-md": ["export", "--report", str(MINIMAL), "--format", "md"],
    "export-json": ["export", "--report", str(MINIMAL), "--format", "json"],
    "diff": ["diff", str(MINIMAL), str(SUMS)],
    "diff-json": ["diff", str(MINIMAL), str(SUMS), "--format", "json"],
}


def cli(args: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "tui", *args], cwd=REPO, timeout=120, stderr=subprocess.PIPE,
        **options,
    )  # fmt: skip


def one_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- standard output ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(COMMANDS))
def test_closed_stdout_exits_2_with_one_line(name: str) -> None:
    done = cli(COMMANDS[name], preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert one_line(done.stderr) == "response-dashboard: standard output is closed"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_broken_pipe_exits_2_with_one_line(name: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        done = cli(COMMANDS[name], stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert one_line(done.stderr) == "response-dashboard: standard output is closed (broken pipe)"


# --- export -o ---------------------------------------------------------------------------------


def _limit_file_size(limit: int) -> None:
    # Past `limit` bytes a write fails with EFBIG, as a full disk fails with ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_export_onto_itself_on_a_full_disk_leaves_the_snapshot_intact(tmp_path: Path) -> None:
    snapshot = tmp_path / "report.toml"
    shutil.copyfile(MINIMAL, snapshot)
    before = snapshot.read_bytes()
    args = ["export", "--report", str(snapshot), "--format", "toml", "-o", str(snapshot)]
    done = cli(args, preexec_fn=lambda: _limit_file_size(100), stdout=subprocess.DEVNULL)
    assert done.returncode == 2
    assert one_line(done.stderr).startswith(f"response-dashboard: {snapshot}: not written: ")
    assert snapshot.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.toml"]  # no temporary file


def test_a_failing_write_leaves_the_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.md"
    out.write_text("the previous export\n", encoding="utf-8")

    def full(self: object, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(save._TempFile, "write_all", full)
    assert main(["export", "--report", str(MINIMAL), "--format", "md", "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"response-dashboard: {out}: not written: No space left on device\n"
    )
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_export_keeps_the_mode_and_follows_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["export", "--report", str(MINIMAL), "--format", "json", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("{\n")
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_export_to_a_new_file(tmp_path: Path) -> None:
    out = tmp_path / "new.csv"
    assert main(["export", "--report", str(MINIMAL), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("figure_id,")


# --- a FIFO where a file was ---------------------------------------------------------------

# The path looks like a regular file to every stat (they are shown another file), and is a
# FIFO when it is opened: what a FIFO renamed into place between the two would do.
RACE = """
import os, pathlib, sys
fifo, decoy = sys.argv[1], sys.argv[2]
real_stat = os.stat
def stat(path, *args, **kwargs):
    return real_stat(decoy if os.fspath(path) == fifo else path, *args, **kwargs)
os.stat = stat
pathlib.Path.stat = lambda self, **kwargs: stat(self, **kwargs)
from tui.core.loader import load_report
from tui.core.problems import ReportError
from tui.core.save import load_snapshot
for load in (load_report, load_snapshot):
    try:
        load(pathlib.Path(fifo))
    except ReportError as exc:
        print(exc)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_put_in_place_after_the_stat_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "report.toml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-c", RACE, str(fifo), str(MINIMAL)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    line = f"{fifo}:1:1: (file): not a regular file (expected a TOML report file)"
    assert done.stdout.splitlines() == [line, line], done.stderr[-2000:]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_check_of_a_fifo_does_not_wait(tmp_path: Path) -> None:
    fifo = tmp_path / "report.toml"
    os.mkfifo(fifo)
    done = cli(["check", str(fifo)], stdout=subprocess.DEVNULL)
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"{fifo}:1:1: (file): not a regular file (expected a TOML report file)"
    )


APP_RACE = (
    RACE.split("from tui.core.loader")[0]
    + """
import asyncio
from tui.ui.app import make_app

async def main():
    app = make_app(None, path=pathlib.Path(fifo))
    async with app.run_test() as pilot:
        for _ in range(200):  # the load ends the app; `q` is there if it does not
            if not app.is_running:
                break
            await pilot.pause(0.05)
        if app.is_running:
            await pilot.press("q")
    print(app.return_code, *app.load_problems)

asyncio.run(main())
"""
)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_the_dashboard_on_a_fifo_put_in_place_after_the_stat_ends(tmp_path: Path) -> None:
    fifo = tmp_path / "report.toml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-c", APP_RACE, str(fifo), str(MINIMAL)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    line = f"{fifo}:1:1: (file): not a regular file (expected a TOML report file)"
    assert done.stdout.strip() == f"2 {line}", done.stderr[-2000:]
