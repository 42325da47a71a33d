"""A killed ``kca run`` leaves nothing behind: no process, no runtime folder, outputs whole.

Each test starts the sleeping fixture (``04_sleep``, whose kernel writes its pid and sleeps),
kills part of the run with SIGKILL, and then requires, within 5 seconds (polled; a bound on
correctness, not a speed target), that no process of the run is left: the main process, the
fork server, the workers, the kernel zygote and the forked kernel. The committed outputs must be
unchanged, and the next ``kca run`` must succeed and leave no runtime folder. Every run uses a
private temporary directory (``TMPDIR``), so that runs of other people on the machine are never
looked at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from kca_analysis.run import runtime

from .kca_helpers import (
    FIXTURES,
    KCA,
    ROOT,
    command_line,
    descendants,
    identity,
    kca,
    kept,
    wait_for,
    wait_until_gone,
)

# Every test here kills a run of a fixture notebook: left out of the quick lane.
pytestmark = pytest.mark.slow

#: Seconds within which nothing of a killed run may be left.
BOUND = 5.0


@pytest.fixture(scope="module")
def committed(tmp_path_factory):
    """Outputs of a small successful run, copied by each test."""
    outputs = tmp_path_factory.mktemp("committed")
    result = kca("run", "01", "02", "--no-site", outputs=outputs)
    assert result.returncode == 0, result.stdout + result.stderr
    return outputs


@pytest.fixture()
def outputs(committed, tmp_path):
    copy = tmp_path / "outputs"
    shutil.copytree(committed, copy)
    return copy


@pytest.fixture()
def private_tmp():
    """A short private TMPDIR (a Unix socket path must stay under about 100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="kk", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _env(private_tmp: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(private_tmp)}


def sleeping_run(outputs: Path, private_tmp: Path, name: str = "kernel.pid"):
    """Start ``kca run 04`` sleeping 300 s in its own session; return it and its kernel's pid."""
    pid_file = private_tmp / name
    command = [
        *KCA, "run", "04", "-p", "seconds=300", "-p", f"pid_file={pid_file}",
        "--notebooks-dir", str(FIXTURES), "--outputs", str(outputs),
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_env(private_tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        return process, int(wait_for(pid_file))
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise


def _child_running(parent: int, text: str) -> int:
    """The pid of the child of ``parent`` whose command line contains ``text``."""
    for pid, _ in sorted(descendants(parent)):
        if text in command_line(pid) and _parent(pid) == parent:
            return pid
    raise AssertionError(f"no child of {parent} runs {text!r}")


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def victim(kind: str, main: int, kernel: int) -> tuple[int, bool]:
    """The pid to kill for ``kind`` and whether to kill its whole process group."""
    if kind == "process group":
        return main, True
    if kind == "main process":
        return main, False
    if kind == "zygote":
        return _parent(kernel), False  # a kernel is forked by the zygote
    forkserver = _child_running(main, "multiprocessing.forkserver")
    return _child_running(forkserver, "multiprocessing.forkserver"), False  # a worker


def _described(processes) -> str:
    return "; ".join(f"{pid}: {command_line(pid)[:120]}" for pid, _ in sorted(processes))


@pytest.mark.parametrize("kind", ["process group", "main process", "worker", "zygote"])
def test_killed_run_leaves_no_process_no_folder_and_outputs_whole(
    kind, outputs, private_tmp, tmp_path
):
    before = kept(outputs)
    process, kernel = sleeping_run(outputs, private_tmp)
    run = descendants(process.pid) | {identity(process.pid), identity(kernel)}
    assert identity(kernel) in descendants(process.pid)  # the kernel belongs to the run
    pid, group = victim(kind, process.pid, kernel)
    try:
        if group:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
        left = wait_until_gone(run, BOUND)
        assert not left, f"still running {BOUND} s after the kill: {_described(left)}"
    finally:  # whatever happened, nothing of this run outlives the test
        for pid, _ in descendants(process.pid) | ({identity(kernel)} - {None}):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.communicate()
    after = {k: v for k, v in kept(outputs).items() if not k.startswith(".tmp-staging/")}
    assert after == before

    # The next run succeeds, executing a kernel of its own, and removes what the killed run left.
    again = kca(
        "run", "04", "-p", "seconds=0.5", "--no-site", outputs=outputs, env=_env(private_tmp)
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "ok      04_sleep/seconds-0.5" in again.stdout
    assert not list(private_tmp.glob("kca-*"))
    assert not (outputs / ".tmp-staging").exists()
    unchanged = {k: v for k, v in kept(outputs).items() if not k.startswith(("runs/", "site/"))}
    assert unchanged == {k: v for k, v in before.items() if not k.startswith(("runs/", "site/"))}


def test_two_runs_at_once_leave_each_other_alone(outputs, private_tmp, tmp_path):
    first, kernel = sleeping_run(outputs, private_tmp)
    try:
        (folder,) = private_tmp.glob(f"kca-{first.pid}-*")
        second = kca("run", "01", "-p", "n=7", outputs=tmp_path / "b", env=_env(private_tmp))
        assert second.returncode == 0, second.stdout + second.stderr
        # The second run cleaned the runtime folders of dead runs only: the first one's is alive.
        assert folder.is_dir() and (folder / "zygote.sock").exists()
        assert identity(kernel) in descendants(first.pid)
        assert [p.name for p in private_tmp.glob("kca-*")] == [folder.name]
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=120)
        assert first.returncode == 130
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.communicate()
    assert not wait_until_gone({identity(kernel)} - {None}, BOUND)
    assert not list(private_tmp.glob("kca-*"))


# --- runtime folders, without a run ------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stale_runtime_folders_are_removed_and_live_ones_kept(private_tmp):
    me = os.getpid()
    live = Path(runtime.make_folder(str(private_tmp)))
    assert live.name.startswith(f"kca-{me}-{runtime.process_start(me)}-")
    dead = private_tmp / f"kca-{_dead_pid()}-123-abcdefgh"
    reused = private_tmp / f"kca-{me}-1-abcdefgh"  # our pid, another start time: not us
    unknown = private_tmp / "kca-notes"  # not a name the runner makes
    legacy_dead = private_tmp / "kca-abcd1234"
    legacy_live = private_tmp / "kca-live1234"
    legacy_other = private_tmp / "kca-backup12"  # a name like ours, no socket: not surely ours
    for folder in (dead, reused, unknown, legacy_dead, legacy_live, legacy_other):
        folder.mkdir()
    os.utime(legacy_other, (0, 0))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(legacy_live / "zygote.sock"))
    server.listen(1)
    gone = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    gone.bind(str(legacy_dead / "zygote.sock"))
    gone.close()  # the socket file stays, nobody listens: its zygote is dead
    try:
        removed = runtime.remove_stale(str(private_tmp))
    finally:
        server.close()
    assert removed == sorted(str(p) for p in (dead, legacy_dead, reused))
    assert live.is_dir() and unknown.is_dir() and legacy_live.is_dir() and legacy_other.is_dir()


def test_alive_tells_a_process_from_a_reused_pid():
    me = os.getpid()
    assert runtime.alive(me, runtime.process_start(me))
    assert not runtime.alive(me, "1")
    assert not runtime.alive(_dead_pid())
