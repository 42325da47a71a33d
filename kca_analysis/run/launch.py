"""Start and stop one kernel: the project's ipykernel, forked or spawned, retried once, watched.

A kernel is started in the notebooks folder with :func:`kernel_env` (a fixed hash seed), either
forked from the run's zygote (:mod:`kca_analysis.run.kernels`) or spawned by jupyter_client; a
port race or a start timeout is retried once. Every kernel alive in this process is known, so
that an interrupt or a terminated worker stops them all. jupyter_client and ipykernel are
imported only when a kernel is started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

KERNEL_NAME = "python3"
#: Seconds to wait for a kernel to start and answer.
KERNEL_START_TIMEOUT = 60

#: Kernel managers alive in this process, so that an interrupt can stop them.
_ACTIVE_KERNELS: set[Any] = set()


def _retryable(error: BaseException) -> str | None:
    """Why a kernel start failure is worth one retry (a port race or a start timeout)."""
    text = str(error)
    if "Address already in use" in text or getattr(error, "errno", None) == 98:
        return f"ZMQ address already in use ({text})"
    if isinstance(error, TimeoutError) or "didn't respond" in text or "timed out" in text.lower():
        return f"kernel start timeout ({text})"
    return None


def _kernel_spec_manager():
    """A spec manager whose ``python3`` is this interpreter's ipykernel, whatever else is installed.

    A ``python3`` kernelspec in the user's folders could point at another Python; the notebooks
    must run in the project's environment.
    """
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ProjectKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            if kernel_name == KERNEL_NAME:
                spec = get_kernel_dict()
                spec["argv"][0] = sys.executable
                return KernelSpec(resource_dir=RESOURCES, **spec)
            return super().get_kernel_spec(kernel_name)

    return ProjectKernelSpecManager()


def start_kernel_once(
    kernel_name: str,
    cwd: str,
    env: Mapping[str, str],
    timeout: int,
    log: str | None = None,
    zygote: str = "",
):
    """Start a kernel in ``cwd`` and wait until it answers.

    The client's channels are started and the kernel has answered on them, so nbclient can use
    it as it is (one readiness check instead of two).

    Parameters
    ----------
    kernel_name
        The kernel spec (``python3``: this interpreter's ipykernel).
    cwd
        The kernel's working folder (``notebooks/``).
    env
        The kernel's environment (:func:`kernel_env`).
    timeout
        Seconds to wait for the kernel to answer.
    log
        A file for the kernel's own stdout and stderr, or ``None``.
    zygote
        The socket of the run's zygote to fork the kernel from; ``""`` spawns it.

    Returns
    -------
    tuple
        ``(manager, client)``: an ``AsyncKernelManager`` and its started client.

    Raises
    ------
    Exception
        Whatever stopped the start (the kernel is stopped first).
    """
    # The asynchronous manager: nbclient's watch for a dead kernel only works with async clients.
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    from . import kernels

    km = AsyncKernelManager(kernel_name=kernel_name, kernel_spec_manager=_kernel_spec_manager())
    _ACTIVE_KERNELS.add(km)
    try:
        streams = {}
        if zygote:
            # Fork the kernel from a process that has the libraries imported (kernels.py).
            import uuid

            km.kernel_id = str(uuid.uuid4())
            # Beside the zygote's socket, so that a killed run's files go with its folder.
            km.connection_file = os.path.join(
                os.path.dirname(zygote), f"kernel-{km.kernel_id}.json"
            )
            km.provisioner = kernels.fork_provisioner(km, log, zygote)
        elif log:
            handle = open(log, "ab")  # noqa: SIM115 - the kernel process keeps its own copy
            streams = {"stdout": handle, "stderr": handle}
        try:
            run_sync(km.start_kernel)(cwd=cwd, env=dict(env), **streams)
        finally:
            for handle in set(streams.values()):
                handle.close()
        client = km.client()
        client.start_channels()
        try:
            run_sync(_wait_ready)(client, timeout)
        except BaseException:
            client.stop_channels()
            raise
    except BaseException:
        stop_kernel(km)
        raise
    return km, client


async def _wait_ready(client, timeout: float) -> None:
    """Wait until the kernel answers ``kernel_info`` on shell and reports idle on IOPub.

    jupyter_client's ``wait_for_ready`` ends by listening to IOPub for 0.2 s of silence; seeing
    the idle status of our own request proves the IOPub subscription is live without that pause.
    """
    import time as clock
    from queue import Empty

    deadline = clock.monotonic() + timeout
    while True:
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"kernel start timed out: no answer in {timeout} s")
        msg_id = client.kernel_info()
        try:
            while True:
                reply = await client.get_shell_msg(timeout=remaining)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        except Empty:
            continue
        try:
            while True:
                message = await client.get_iopub_msg(timeout=0.1)
                if (
                    message["parent_header"].get("msg_id") == msg_id
                    and message["msg_type"] == "status"
                    and message["content"].get("execution_state") == "idle"
                ):
                    return
        except Empty:
            continue  # IOPub was not subscribed yet: ask again


def start_kernel(
    kernel_name: str,
    cwd: str,
    env: Mapping[str, str],
    timeout: int,
    log: str | None = None,
    zygote: str = "",
):
    """Start a kernel, retrying once after a port race or a start timeout.

    Parameters
    ----------
    kernel_name
        The kernel spec (``python3``: this interpreter's ipykernel).
    cwd
        The kernel's working folder (``notebooks/``).
    env
        The kernel's environment (:func:`kernel_env`).
    timeout
        Seconds to wait for the kernel to answer.
    log
        A file for the kernel's own stdout and stderr, or ``None``.
    zygote
        The socket of the run's zygote to fork the kernel from; ``""`` spawns it.

    Returns
    -------
    tuple
        ``(manager, client, reasons)``; ``reasons`` lists the failures that were retried.

    Raises
    ------
    Exception
        A failure that is not worth a retry, or the second one.
    """
    reasons: list[str] = []
    for attempt in (1, 2):
        try:
            return (*start_kernel_once(kernel_name, cwd, env, timeout, log, zygote), reasons)
        except Exception as error:  # noqa: BLE001 - classified just below
            reason = _retryable(error)
            if reason is None or attempt == 2:
                raise
            reasons.append(reason)
    raise AssertionError("unreachable")  # pragma: no cover


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        return None
    return None


class PeakMemory:
    """Follow a kernel's peak resident memory (Linux ``VmHWM``) while it runs, in MB.

    nbclient stops the kernel as soon as the last cell is done, so the value is sampled in the
    background; the peak can only miss growth in the last tenth of a second.
    """

    def __init__(self, km, interval: float = 0.1):
        import threading

        self.pid = getattr(getattr(km, "provisioner", None), "pid", None)
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(interval,), daemon=True)
        if self.pid:
            self._thread.start()

    def _watch(self, interval: float) -> None:
        while True:
            value = _vm_hwm_mb(self.pid)
            if value is not None:
                self.peak = max(self.peak or 0.0, value)
            if self._stop.wait(interval):
                return

    def stop(self) -> float | None:
        """Stop sampling and return the peak.

        Returns
        -------
        float or None
            The peak resident memory in MB, or ``None`` when it could not be read.
        """
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        return self.peak


def stop_kernel(km, *, graceful: bool = True) -> None:
    """Stop a kernel at once: kill its process group, then let the manager clean up.

    Parameters
    ----------
    km
        The kernel's manager.
    graceful
        Also let the manager clean up (False in a signal handler: kill only).
    """
    _ACTIVE_KERNELS.discard(km)
    with contextlib.suppress(Exception):
        pgid = getattr(km.provisioner, "pgid", None)
        if pgid:
            os.killpg(pgid, signal.SIGKILL)
    if graceful:
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)


def stop_all_kernels(*, graceful: bool = True) -> None:
    """Stop every kernel this process started and has not stopped yet.

    Parameters
    ----------
    graceful
        Also let each manager clean up (False in a signal handler: kill only).
    """
    for km in list(_ACTIVE_KERNELS):
        stop_kernel(km, graceful=graceful)


def kernel_env(extra: Mapping[str, str]) -> dict[str, str]:
    """Return the environment of a kernel: ours, ``extra``, and a fixed hash seed.

    Parameters
    ----------
    extra
        Variables added or replaced.

    Returns
    -------
    dict
        With ``PYTHONHASHSEED=0`` unless set, so that set iteration order is the same each run.
    """
    env = {**os.environ, **extra}
    env.setdefault("PYTHONHASHSEED", "0")  # set iteration order the same in every run
    return env
