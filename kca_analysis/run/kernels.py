"""Fast kernel starts: fork kernels from a process that has already imported the libraries.

Starting an ipykernel costs a new interpreter, IPython and ipykernel (about half a second), and
every notebook then imports pandas, matplotlib, seaborn and this library (about another second).
A worker that runs many notebooks pays that once instead: it starts a *zygote*, a Python
process that imports those modules and then waits; each kernel is a ``fork()`` of it that starts
the ipykernel application on the connection file jupyter_client prepared. The kernel is still a
fresh process per notebook (no state is shared between notebooks; only modules already imported
and unused), and jupyter_client manages it like any other through :class:`ForkProvisioner`.

The zygote process itself is :mod:`kca_analysis.run.zygote`; this module is the side of the
runner and its workers. The zygote is started with the kernel environment (``PYTHONHASHSEED=0``
and the inline matplotlib backend, as a kernel would have them), so forked kernels behave like
spawned ones; ``KCA_KERNEL_LAUNCH=spawn`` turns the mechanism off.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from . import runtime

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


def preload_for(notebooks: Sequence[str]) -> list[str]:
    """Return what the zygote imports for a run of ``notebooks``.

    Preloading everything costs the zygote about 0.8 s; it pays when a notebook imports one
    of :data:`PRELOAD`'s third-party packages, as the collection's all do. Otherwise (the tests'
    fixtures) just the modules the notebooks name; a notebook that cannot be parsed, everything.

    Parameters
    ----------
    notebooks
        Paths of the notebooks the run executes.

    Returns
    -------
    list of str
        :func:`preload_modules`, or the modules the notebooks import, sorted.
    """
    heavy = {name.split(".")[0] for name in PRELOAD} - {"IPython"}
    named: set[str] = set()
    for path in notebooks:
        imported = _imported_modules(path)
        if imported is None or {name.split(".")[0] for name in imported} & heavy:
            return preload_modules()
        named |= imported
    return sorted(named)


def _imported_modules(path: str) -> set[str] | None:
    """The modules the code cells of a notebook import; ``None`` when unreadable."""
    import ast
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            cells = json.load(handle)["cells"]
        sources = ["".join(c["source"]) for c in cells if c.get("cell_type") == "code"]
        trees = [ast.parse(source) for source in sources]
    except (OSError, ValueError, KeyError, TypeError, SyntaxError):
        return None
    found = set()
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Seconds a worker waits for the zygote to listen.
CONNECT_TIMEOUT = 120
#: Seconds a refused connection is retried: the socket exists but nobody listens, which only
#: lasts between the zygote's bind and listen; longer, the zygote is gone.
REFUSED_GRACE = 1.0
#: The file, beside the socket, that holds the zygote's pid.
PID_FILE = "zygote.pid"


def enabled() -> bool:
    """Return whether kernels are forked (the default on Linux and macOS) or spawned.

    Returns
    -------
    bool
        False when ``KCA_KERNEL_LAUNCH=spawn`` or the platform has no ``fork``.
    """
    return os.environ.get("KCA_KERNEL_LAUNCH", "fork") != "spawn" and hasattr(os, "fork")


class Zygote:
    """A preloaded Python process that forks kernels on request.

    One per ``kca run`` (one per worker on Dask): it listens on a Unix socket that the workers
    connect to, and exits when its parent closes its standard input or dies
    (:mod:`kca_analysis.run.zygote` says how; its kernels die with it).

    Parameters
    ----------
    env
        The kernels' environment (the zygote's own; each request may replace it).
    folder
        A short private folder for the socket.
    modules
        What to import before forking (default :func:`preload_modules`).
    """

    def __init__(self, env: Mapping[str, str], folder: str, modules: Sequence[str] | None = None):
        env = dict(env)
        env["PYTHONHASHSEED"] = env.get("PYTHONHASHSEED", "0")
        env.setdefault("MPLBACKEND", INLINE_BACKEND)
        self.address = os.path.join(folder, "zygote.sock")
        modules = preload_modules() if modules is None else modules
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kca_analysis.run.zygote", self.address, *modules],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        # Workers waiting for the socket learn from this file whether the zygote is still alive.
        with open(os.path.join(folder, PID_FILE), "w", encoding="ascii") as handle:
            handle.write(str(self.process.pid))

    def wait_ready(self) -> None:
        """Block until the zygote has imported everything and listens.

        Raises
        ------
        RuntimeError
            When it exits instead.
        """
        assert self.process.stdout
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the kernel zygote did not start")

    def alive(self) -> bool:
        """Return whether the zygote process is still running.

        Returns
        -------
        bool
            True until it exits.
        """
        return self.process.poll() is None

    def close(self) -> None:
        """End the zygote: close its input, wait 5 s, then kill it."""
        with contextlib.suppress(Exception):
            self.process.stdin.close()  # the zygote exits at end of input
        with contextlib.suppress(Exception):
            self.process.wait(5)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class RunZygote:
    """The kernel zygote of one run, in a runtime folder (:mod:`kca_analysis.run.runtime`).

    Parameters
    ----------
    env
        The kernels' environment (:func:`kca_analysis.run.launch.kernel_env`).
    modules
        What the zygote imports (default :func:`preload_modules`; see :func:`preload_for`).
    """

    def __init__(self, env: Mapping[str, str], modules: Sequence[str] | None = None):
        self.folder = runtime.make_folder()
        self.zygote = Zygote(env, self.folder, modules)
        self.address = self.zygote.address

    def alive(self) -> bool:
        """Return whether the zygote still runs.

        Returns
        -------
        bool
            True until it exits.
        """
        return self.zygote.alive()

    def close(self) -> None:
        """Close this process's connections, stop the zygote and remove its folder."""
        close_clients()  # connections made by in-process (thread) workers
        self.zygote.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class ZygoteClient:
    """A connection to the zygote from a worker (process or thread).

    Parameters
    ----------
    address
        The zygote's socket; waited for up to :data:`CONNECT_TIMEOUT` seconds.

    Raises
    ------
    TimeoutError
        When the zygote does not listen in time.
    """

    def __init__(self, address: str):
        import socket

        # The zygote may still be importing: wait for it to listen (it does within seconds),
        # unless it is gone (killed, or it failed to start): then fail at once.
        started = time.monotonic()
        refused = None
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(address)
                break
            except (FileNotFoundError, ConnectionRefusedError) as error:
                self.sock.close()
                now = time.monotonic()
                if isinstance(error, ConnectionRefusedError):
                    refused = refused or now
                if (refused and now - refused > REFUSED_GRACE) or _zygote_gone(address):
                    raise RuntimeError(
                        f"the kernel zygote of {address} has exited; cannot fork a kernel"
                    ) from None
                if now - started > CONNECT_TIMEOUT:
                    raise TimeoutError(
                        f"the kernel zygote did not listen on {address} within {CONNECT_TIMEOUT} s"
                    ) from None
                time.sleep(0.02)
        self.reader = self.sock.makefile("r", encoding="utf-8")
        self.lock = threading.Lock()

    def fork(self, connection_file: str, cwd: str, env: Mapping[str, str], log: str) -> int:
        """Ask the zygote to fork a kernel.

        Parameters
        ----------
        connection_file
            The kernel's connection file, prepared by jupyter_client.
        cwd
            The kernel's working folder.
        env
            The kernel's environment.
        log
            Where the kernel's stdout and stderr go.

        Returns
        -------
        int
            The kernel's pid, which is also its process group.

        Raises
        ------
        RuntimeError
            When the zygote has exited.
        """
        request = {"connection_file": connection_file, "cwd": cwd, "env": dict(env), "log": log}
        with self.lock:
            self.sock.sendall((json.dumps(request) + "\n").encode("utf-8"))
            answer = self.reader.readline()
        if not answer:
            raise RuntimeError("the kernel zygote exited; cannot fork a kernel")
        return int(json.loads(answer)["pid"])

    def close(self) -> None:
        """Close the connection (the zygote keeps running)."""
        with contextlib.suppress(Exception):
            self.reader.close()
            self.sock.close()


def _zygote_gone(address: str) -> bool:
    """Whether the zygote of ``address`` has exited (its folder or its pid is gone)."""
    folder = os.path.dirname(address)
    if not os.path.isdir(folder):
        return True
    try:
        with open(os.path.join(folder, PID_FILE), encoding="ascii") as handle:
            pid = int(handle.read())
    except (OSError, ValueError):
        return False  # not written yet
    return not runtime.alive(pid)


_CLIENTS: dict[str, ZygoteClient] = {}
_CLIENTS_LOCK = threading.Lock()


def client(address: str) -> ZygoteClient:
    """Return this process's connection to the zygote at ``address`` (made on first use).

    Parameters
    ----------
    address
        The zygote's socket.

    Returns
    -------
    ZygoteClient
        Shared by the threads of this process.
    """
    with _CLIENTS_LOCK:
        if address not in _CLIENTS:
            _CLIENTS[address] = ZygoteClient(address)
        return _CLIENTS[address]


def close_clients() -> None:
    """Close every connection this process made to a zygote."""
    with _CLIENTS_LOCK:
        for connection in _CLIENTS.values():
            connection.close()
        _CLIENTS.clear()


class PidProcess:
    """The part of ``subprocess.Popen`` that jupyter_client's provisioner uses, for a pid that is
    not our child (the zygote reaps it).

    Parameters
    ----------
    pid
        The forked kernel's pid.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Return the kernel's status without waiting.

        Returns
        -------
        int or None
            ``None`` while it runs, else ``-SIGKILL`` (its real status is the zygote's to know).
        """
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
        """Wait for the kernel to end and return :meth:`poll`'s status.

        Parameters
        ----------
        timeout
            Seconds, or ``None`` to wait for ever.

        Returns
        -------
        int
            The return code.

        Raises
        ------
        subprocess.TimeoutExpired
            When it is still running after ``timeout``.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel, if it still exists.

        Parameters
        ----------
        signum
            A signal number.
        """
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """Send SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """Send SIGKILL."""
        self.send_signal(signal.SIGKILL)


def fork_provisioner(km, log: str | None, address: str):
    """Return a provisioner for ``km`` that forks the kernel from the zygote at ``address``.

    Parameters
    ----------
    km
        The kernel manager the provisioner serves.
    log
        Where the kernel's stdout and stderr go (``None``: nowhere).
    address
        The zygote's socket.

    Returns
    -------
    jupyter_client.provisioning.LocalProvisioner
        A subclass whose ``launch_kernel`` asks the zygote instead of spawning.
    """
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
