"""The kernel zygote process: preload the libraries once, then fork one kernel per request.

Started by :class:`kca_analysis.run.kernels.Zygote` as ``python -m kca_analysis.run.zygote
ADDRESS MODULE...``: it imports IPython, ipykernel and ``MODULE...``, listens on the Unix socket
``ADDRESS`` and, for each JSON request line (connection file, working folder, environment, log
file), forks a child that starts the ipykernel application and answers with the child's pid.

Nothing outlives the process that started the zygote:

- the zygote exits, removing its socket and folder, when its standard input ends (the runner
  closed it, or died: the pipe closes with the runner's last file descriptor, whatever killed
  it) or, as a backstop, when its parent process changes (checked every
  :data:`PARENT_POLL_SECONDS`). It does not use the parent-death signal itself: that signal
  follows the *thread* that started the process, and the zygote of a Dask worker is started
  from one of the worker's pool threads, which may end before the worker does;
- each kernel asks for SIGKILL when the zygote dies (``prctl(PR_SET_PDEATHSIG)``, see
  :func:`kca_analysis.run.runtime.die_with_parent`): the zygote forks from its only thread, so
  the signal fires exactly when the zygote ends, at once and whatever killed it. ipykernel's own
  parent poll is also turned on (``parent_handle``: once a second, the portable fallback); it
  would otherwise be off, because ipykernel reads ``JPY_PARENT_PID`` when ``kernelapp`` is
  imported, which here happens in the zygote, before any kernel exists.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import selectors
import shutil
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from . import runtime
from .kernels import INLINE_BACKEND

#: Seconds between two checks that the zygote's parent is still the process that started it.
PARENT_POLL_SECONDS = 0.5


def _child(request: Mapping[str, Any], zygote: int) -> None:  # pragma: no cover - forked kernel
    os.setsid()
    runtime.die_with_parent(signal.SIGKILL, zygote)
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
    os.environ["JPY_PARENT_PID"] = str(zygote)
    sys.argv = [
        "ipykernel_launcher",
        "-f",
        request["connection_file"],
        f"--IPKernelApp.parent_handle={zygote}",
    ]
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
    """Preload ``modules``, listen on ``address`` and fork a kernel for each request line.

    Runs as the zygote process (``python -m kca_analysis.run.zygote ADDRESS MODULE...``) until
    its standard input ends or its parent changes; then removes its socket and its folder.

    Parameters
    ----------
    address
        The Unix socket to listen on.
    modules
        Imported first; a module that fails to import is skipped.
    """
    import socket

    parent = os.getppid()
    runtime.preload()
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
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        _loop(server, selector, parent)
    finally:
        server.close()
        with contextlib.suppress(OSError):
            os.unlink(address)
        folder = os.path.dirname(address)
        if os.path.basename(folder).startswith(runtime.PREFIX):  # a folder made for this zygote
            shutil.rmtree(folder, ignore_errors=True)


def _loop(server, selector, parent: int) -> None:  # pragma: no cover - zygote process
    """Serve fork requests until the input ends or the parent changes."""
    buffers: dict[Any, bytes] = {}
    zygote = os.getpid()
    while os.getppid() == parent:
        for key, _ in selector.select(PARENT_POLL_SECONDS):
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
                        _child(request, zygote)
                    connection.sendall((json.dumps({"pid": pid}) + "\n").encode("utf-8"))


if __name__ == "__main__":  # pragma: no cover
    serve(sys.argv[1], sys.argv[2:])
    # Nothing to flush or finalise: skip the interpreter's teardown of everything preloaded.
    os._exit(0)
