"""Helpers of the browser tests: free ports and local servers started and stopped by their PID."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def is_listening(port: int) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


def log_tail(log: Path | None, lines: int = 40) -> str:
    """The last lines of a server's log, for failure messages."""
    if log is None or not log.is_file():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


def wait_until_up(
    url: str, proc: subprocess.Popen, timeout: float, log: Path | None = None
) -> float:
    """Poll ``url`` until it answers 200; return the seconds it took.

    Fails early when the process exits, and after ``timeout`` seconds, with the server's log.
    """
    start = time.monotonic()
    last = "no answer"
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"{proc.args[0]} (pid {proc.pid}) exited with {proc.returncode} before "
                f"{url.split('?')[0]} answered\n{log_tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
            error.close()
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        if time.monotonic() - start > timeout:
            raise TimeoutError(
                f"{url.split('?')[0]} did not answer within {timeout:.0f} s ({last})\n"
                f"{log_tail(log)}"
            )
        time.sleep(0.25)


def stop_process(proc: subprocess.Popen, grace: float = 20) -> None:
    """Stop ``proc`` by its PID: SIGTERM, wait ``grace`` seconds, then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def assert_not_listening(ports: list[int], what: str, timeout: float = 10) -> None:
    """Fail unless none of ``ports`` accepts connections (allowing ``timeout`` s to close)."""
    deadline = time.monotonic() + timeout
    left = [p for p in ports if is_listening(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = [p for p in left if is_listening(p)]
    assert not left, f"{what}: still listening on 127.0.0.1 port(s) {left} after stopping"
