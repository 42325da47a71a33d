"""Fast kernel starts: fork kernels from a process that has already imported the libraries.

Starting an ipykernel costs a new interpreter, IPython and ipykernel (about half a second), and
every notebook then imports pandas, matplotlib, seaborn and this library (about another second).
A worker that runs many notebooks pays that once instead: it starts a *zygote*, a Python
process that imports those modules and then waits; each kernel is a ``fork()`` of it that starts
the ipykernel application on the connection file jupyter_client prepared. The kernel is still a
fresh process per notebook (no state is shared between notebooks; only modules already imported
and unused), and jupyter_client manages it like any other through :class:`ForkProvisioner`.

The zygote is started with the kernel environment (``PYTHONHASHSEED=0`` and the inline
matplotlib backend, as a kernel would have them), so forked kernels behave like spawned ones;
``KCA_KERNEL_LAUNCH=spawn`` turns the mechanism off.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

#: Imported by the zygote before it forks kernels; a module that fails to import is skipped.
#: The library's own modules are added by name (see :func:`preload_modules`).
PRELOAD: tuple[str, ...] = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "seaborn",
    "yaml",
    "IPython.display",
)
#: Parts of the library a notebook never imports: the runner itself, the command line, curation.
NOT_PRELOADED = frozenset({"run", "cli", "curate", "__main__"})


def library_modules(folder: str | None = None, prefix: str = "kca_analysis.") -> list[str]:
    """Return the names of the library's modules, found on disk (nothing is imported).

    Packages are walked into, except those of :data:`NOT_PRELOADED` (at any depth); the runner
    never imports the analysis layers, it only names them for the zygote.

    Parameters
    ----------
    folder
        The package folder (default: ``kca_analysis/``).
    prefix
        The dotted name of that package, with a trailing dot.

    Returns
    -------
    list of str
        Dotted module and package names, sorted.
    """
    import pkgutil

    folder = folder or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for module in pkgutil.iter_modules([folder]):
        if module.name in NOT_PRELOADED:
            continue
        found.append(prefix + module.name)
        if module.ispkg:
            found.extend(
                library_modules(os.path.join(folder, module.name), f"{prefix}{module.name}.")
            )
    return sorted(found)


def preload_modules() -> list[str]:
    """Return the modules the zygote imports: :data:`PRELOAD`, then the library's modules.

    Returns
    -------
    list of str
        Dotted names, in import order.
    """
    return [*PRELOAD, *library_modules()]


INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Seconds a worker waits for the zygote to listen.
CONNECT_TIMEOUT = 120


def enabled() -> bool:
    """Whether kernels are forked (the default on Linux and macOS) or spawned."""
    return os.environ.get("KCA_KERNEL_LAUNCH", "fork") != "spawn" and hasattr(os, "fork")


class Zygote:
    """A preloaded Python process that forks kernels on request.

    One per ``kca run``: started by the main process, it listens on a Unix socket that every
    worker connects to (``KCA_ZYGOTE`` names it), and exits when the main process closes its
    standard input (or dies).
    """

    def __init__(self, env: Mapping[str, str], folder: str, modules: Sequence[str] | None = None):
        env = dict(env)
        env["PYTHONHASHSEED"] = env.get("PYTHONHASHSEED", "0")
        env.setdefault("MPLBACKEND", INLINE_BACKEND)
        self.address = os.path.join(folder, "zygote.sock")
        modules = preload_modules() if modules is None else modules
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kca_analysis.run.kernels", self.address, *modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )

    def wait_ready(self) -> None:
        """Block until the zygote has imported everything and listens."""
        assert self.process.stdout
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the kernel zygote did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.process.stdin.close()  # the zygote exits at end of input
        with contextlib.suppress(Exception):
            self.process.wait(5)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class ZygoteClient:
    """A connection to the zygote from a worker (process or thread)."""

    def __init__(self, address: str):
        import socket

        # The zygote may still be importing: wait for it to listen (it does within seconds).
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(address)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"the kernel zygote did not listen on {address} within {CONNECT_TIMEOUT} s"
                    ) from None
                time.sleep(0.02)
        self.reader = self.sock.makefile("r", encoding="utf-8")
        self.lock = threading.Lock()

    def fork(self, connection_file: str, cwd: str, env: Mapping[str, str], log: str) -> int:
        """Fork a kernel; return its pid (also its process group)."""
        request = {"connection_file": connection_file, "cwd": cwd, "env": dict(env), "log": log}
        with self.lock:
            self.sock.sendall((json.dumps(request) + "\n").encode("utf-8"))
            answer = self.reader.readline()
        if not answer:
            raise RuntimeError("the kernel zygote exited; cannot fork a kernel")
        return int(json.loads(answer)["pid"])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.reader.close()
            self.sock.close()


_CLIENTS: dict[str, ZygoteClient] = {}
_CLIENTS_LOCK = threading.Lock()


def client(address: str) -> ZygoteClient:
    """This process's connection to the zygote at ``address`` (made on first use)."""
    with _CLIENTS_LOCK:
        if address not in _CLIENTS:
            _CLIENTS[address] = ZygoteClient(address)
        return _CLIENTS[address]


def close_clients() -> None:
    with _CLIENTS_LOCK:
        for connection in _CLIENTS.values():
            connection.close()
        _CLIENTS.clear()


class PidProcess:
    """The part of ``subprocess.Popen`` that jupyter_client's provisioner uses, for a pid that is
    not our child (the zygote reaps it)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
                with open(f"/proc/{self.pid}/stat") as handle:
                    if handle.read().split(")")[-1].split()[0] == "Z":
                        self.returncode = -signal.SIGKILL
            except (ProcessLookupError, FileNotFoundError):
                self.returncode = -signal.SIGKILL
            except OSError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork_provisioner(km, log: str | None, address: str):
    """A provisioner for ``km`` that forks the kernel from the zygote at ``address``."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            connection_file = cmd[cmd.index("-f") + 1]
            env = kwargs.get("env") or dict(os.environ)
            cwd = kwargs.get("cwd") or os.getcwd()
            pid = client(address).fork(connection_file, str(cwd), env, log or os.devnull)
            self.process = PidProcess(pid)
            self.pid = pid
            self.pgid = pid
            return self.connection_info

    return ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


# --------------------------------------------------------------------------------------------
# The zygote itself (``python -m kca_analysis.run.kernels MODULE ...``)
# --------------------------------------------------------------------------------------------


def _child(request: Mapping[str, Any]) -> None:  # pragma: no cover - runs in the forked kernel
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    code = 0
    try:
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never return into the zygote's loop


def serve(address: str, modules: Sequence[str]) -> None:  # pragma: no cover - zygote process
    """Preload ``modules``, listen on ``address`` and fork a kernel for each request line."""
    import selectors
    import socket

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    kernel_modules = (
        "IPython",
        "ipykernel.kernelapp",
        "ipykernel.ipkernel",
        "ipykernel.zmqshell",
        "jupyter_client.asynchronous",
        "zmq.asyncio",
    )
    for name in (*kernel_modules, *modules):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    # Children are reaped automatically; each kernel resets this to the default after the fork.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(address)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(address)
    server.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(server, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)  # end of input: the parent is gone
    buffers: dict[Any, bytes] = {}
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        for key, _ in selector.select():
            if key.fileobj is sys.stdin:
                if not sys.stdin.readline():
                    return
            elif key.fileobj is server:
                connection, _ = server.accept()
                buffers[connection] = b""
                selector.register(connection, selectors.EVENT_READ)
            else:
                connection = key.fileobj
                data = connection.recv(65536)
                if not data:
                    selector.unregister(connection)
                    connection.close()
                    buffers.pop(connection, None)
                    continue
                buffers[connection] += data
                while b"\n" in buffers[connection]:
                    line, _, rest = buffers[connection].partition(b"\n")
                    buffers[connection] = rest
                    request = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        server.close()
                        _child(request)
                    connection.sendall((json.dumps({"pid": pid}) + "\n").encode("utf-8"))


if __name__ == "__main__":  # pragma: no cover
    serve(sys.argv[1], sys.argv[2:])
