"""``kca run --dask``: the same runs on a Dask cluster, byte for byte, and a worker that dies.

Clusters are ``dask.distributed.LocalCluster`` s of worker processes on this machine, started by
``kca run --dask local:2`` itself, or by a helper process whose scheduler address is given to
``kca run --dask ADDRESS``, as a remote cluster would be.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from kca_analysis.cli import main
from kca_analysis.run import cluster, fingerprint, notebooks, plan
from kca_analysis.run.book.notebook import sanitize
from kca_analysis.run.errors import UsageError

from .kca_helpers import (
    FIXTURES,
    KCA,
    ROOT,
    descendants,
    identity,
    kca,
    tree,
    wait_for,
    wait_until_gone,
)

#: A sweep over three notebooks, figures included.
BATCH = [
    {"notebook": "01_fast", "sweep": {"n": [1, 2], "countries": ["UZB", "KAZ,TJK"]}},
    {"notebook": "02_plot", "sweep": {"title": ["Trade", "Aid"]}},
    {"notebook": "country_profile", "sweep": {"country": ["KAZ", "KGZ"]}},
]

#: A LocalCluster in its own process, as a remote scheduler: prints its address, then waits.
SCHEDULER = """
import sys
from dask.distributed import LocalCluster
cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                       host="127.0.0.1", dashboard_address=None)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()
cluster.close()
"""


def _compared(outputs: Path) -> dict[str, str]:
    """Every output, the executed notebooks as the book shows them (papermill's times and ids
    taken out, :func:`kca_analysis.run.book.notebook.sanitize`), but not the run's logs nor the
    runner's cache (it records the executed notebooks' checksums)."""
    found = {}
    for k, v in tree(outputs).items():
        if k.startswith(("run-log.jsonl", ".tmp-lock", ".cache/")):
            continue
        if k.endswith(".ipynb"):
            shown = sanitize(nbformat.read(outputs / k, as_version=4))
            v = hashlib.sha256(nbformat.writes(shown).encode()).hexdigest()
        found[k] = v
    return found


@pytest.mark.slow
def test_a_sweep_on_a_two_worker_local_cluster_gives_the_bytes_of_a_local_run(tmp_path):
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(BATCH))
    # Both runs write to the same folder (executed notebooks show its path). Without the book:
    # it is made in this process from the files compared here, whatever executed them.
    outputs = tmp_path / "outputs"
    local = kca("run", "--batch", str(batch), "--jobs", "2", "--no-site", outputs=outputs)
    assert local.returncode == 0, local.stdout + local.stderr
    expected = _compared(outputs)
    outputs.rename(tmp_path / "local")
    on_dask = kca("run", "--batch", str(batch), "--dask", "local:2", "--no-site", outputs=outputs)
    assert on_dask.returncode == 0, on_dask.stdout + on_dask.stderr
    assert "dask    2 Dask worker(s), 2 thread(s) (LocalCluster at tcp://127.0.0.1:" in (
        on_dask.stdout
    )
    assert [line.split()[0] for line in on_dask.stdout.splitlines()].count("ok") == 8
    assert {"figures/plot_bars.svg", "runs/02_plot/title-Aid/figures/plot_bars.png"} <= set(
        expected
    )
    assert {"runs/01_fast/results.csv", "manifest.json", "notebooks/02_plot.ipynb"} <= set(expected)
    assert "runs/02_plot/title-Aid/02_plot.ipynb" in expected
    assert _compared(outputs) == expected
    assert not (outputs / ".tmp-staging").exists()
    # The same runs again on Dask: everything is cached, the cluster is not even started.
    again = kca("run", "--batch", str(batch), "--dask", "local:2", "--no-site", outputs=outputs)
    assert again.returncode == 0
    assert "dask " not in again.stdout and again.stdout.splitlines()[-1].startswith("done: 0 ok")


@pytest.fixture()
def scheduler():
    """The address of a one-worker LocalCluster running in a helper process (with a nanny)."""
    helper = subprocess.Popen(
        [sys.executable, "-c", SCHEDULER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        address = helper.stdout.readline().strip()
        assert address.startswith("tcp://"), address
        yield address, helper.pid
    finally:  # end of input closes the cluster; kill it if it does not close in time
        with contextlib.suppress(subprocess.TimeoutExpired):
            helper.communicate(input="", timeout=60)
        if helper.poll() is None:
            os.killpg(helper.pid, signal.SIGKILL)
            helper.communicate()


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.slow
def test_a_killed_worker_takes_its_kernel_along_and_the_run_is_retried(scheduler, tmp_path):
    address, helper = scheduler
    private = Path(tempfile.mkdtemp(prefix="kd", dir="/tmp"))
    pid_file = private / "kernel.pid"
    outputs = tmp_path / "out"
    command = [
        *KCA, "run", "04", "-p", "seconds=2", "-p", f"pid_file={pid_file}", "--dask", address,
        "--notebooks-dir", str(FIXTURES), "--outputs", str(outputs),
    ]  # fmt: skip
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        kernel = int(wait_for(pid_file))
        pid_file.unlink()
        zygote = _parent(kernel)
        worker = _parent(zygote)
        assert identity(worker) in descendants(helper)  # a worker of the cluster
        doomed = {identity(worker), identity(zygote), identity(kernel)}
        os.kill(worker, signal.SIGKILL)
        assert not wait_until_gone(doomed, 5.0)
        # The scheduler runs the task again on the worker the nanny restarts.
        second = int(wait_for(pid_file))
        assert second != kernel
        out, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
        shutil.rmtree(private, ignore_errors=True)
    assert run.returncode == 0, out.decode() + err.decode()
    (folder,) = (outputs / "runs" / "04_sleep").glob("pid_file-*")
    assert (folder / "tables" / "sleep_done.csv").read_text() == "done\n"
    assert not (outputs / ".tmp-staging").exists() and not (outputs / "failed").exists()


def test_an_unreachable_scheduler_fails_the_command(tmp_path, monkeypatch, capsys):
    import socket

    # In this process, so that the connection gives up after 1 s instead of the runner's 10 s.
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(
        ["run", "01", "--dask", f"tcp://127.0.0.1:{port}", "--notebooks-dir", str(FIXTURES),
         "--outputs", str(tmp_path / "out")]
    )  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err


def test_a_worker_whose_copy_differs_refuses_to_run(tmp_path):
    source = json.loads((FIXTURES / "01_fast.ipynb").read_text())
    source["metadata"]["kca"]["inputs"] = ["data/paper/table1_trade.csv"]
    (tmp_path / "01_fast.ipynb").write_text(json.dumps(source))
    notebook = notebooks.read_notebook(tmp_path / "01_fast.ipynb")
    (same,) = plan.notebook_jobs(notebook, {}, fingerprint.Hasher())
    assert cluster.verify(same) == ""
    runner = fingerprint.Hasher()
    runner._files["data/paper/table1_trade.csv"] = "0" * 64  # the runner's copy of the file
    (job,) = plan.notebook_jobs(notebook, {}, runner)
    why = cluster.verify(job)
    assert "this worker's copy of the repository differs" in why
    assert "data/paper/table1_trade.csv" in why


@pytest.mark.parametrize("spec", ["local:x", "local:0", "", "localhost"])
def test_a_bad_dask_spec_is_refused(spec):
    if spec == "localhost":  # an address: read as one, not as local
        assert cluster.parse_spec(spec) == ("address", None)
        return
    with pytest.raises(UsageError):
        cluster.parse_spec(spec)
