"""The kernel zygote process: preload the libraries once, then fork one kernel per request.

Started by :class:`kca_analysis.run.kernels.Zygote` as ``python -m kca_analysis.run.zygote
ADDRESS MODULE...``: it imports IPython, ipykernel and ``MODULE...``, listens on the Unix socket
``ADDRESS`` and, for each JSON request line (connection file, working folder, environment, log
file), forks a child that starts the ipykernel application and answers with the child's pid.
It exits when its standard input ends (the runner closed it, or died).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from .kernels import INLINE_BACKEND


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
    """Preload ``modules``, listen on ``address`` and fork a kernel for each request line.

    Runs as the zygote process (``python -m kca_analysis.run.zygote ADDRESS MODULE...``) until
    its standard input ends.

    Parameters
    ----------
    address
        The Unix socket to listen on.
    modules
        Imported first; a module that fails to import is skipped.
    """
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
