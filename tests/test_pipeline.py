"""``kca run`` on small fixture notebooks: outputs, cache, failures, interrupts, determinism.

The fixture notebooks in ``tests/fixtures/notebooks/`` import almost nothing, so each execution
costs about a kernel start. Runs go to temporary folders (``--outputs``), never to ``outputs/``.
"""

from __future__ import annotations

import errno
import functools
import gc
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

import pytest

from kca_analysis.countries import CENTRAL_ASIA_ISO3
from kca_analysis.run import execlog, launch, pipeline, plan

from .kca_helpers import COMPARED, FIXTURES, KCA, ROOT, kca, kept, tree
from .kca_helpers import wait_for as _wait_for

# Every test here reads a run of the fixture notebooks: left out of the quick lane.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """One full run of the fixtures into a module-wide folder (other tests copy it).

    Its notebook executions are logged (``KCA_EXECUTION_LOG``) to the third item returned.
    """
    outputs = tmp_path_factory.mktemp("outputs")
    log = tmp_path_factory.mktemp("log") / "executions.jsonl"
    result = kca("run", "--jobs", "2", outputs=outputs, env={**os.environ, execlog.ENV: str(log)})
    assert result.returncode == 0, result.stdout + result.stderr
    return outputs, result, log


@pytest.fixture()
def outputs(first_run, tmp_path):
    """A private copy of the first run's outputs."""
    copy = tmp_path / "outputs"
    shutil.copytree(first_run[0], copy)
    return copy


def test_run_writes_the_outputs_layout(first_run):
    outputs, *_ = first_run
    files = set(tree(outputs))
    assert {"figures/plot_bars.svg", "figures/plot_bars.png", "tables/plot_values.csv"} <= files
    for code in CENTRAL_ASIA_ISO3:
        assert f"notebooks/country_profile_{code}.ipynb" in files
        assert f"tables/country_profile_{code.lower()}_facts.csv" in files
        assert f"site/country_profile_{code}.html" in files
    assert "notebooks/01_fast.ipynb" in files
    assert "site/index.html" in files and "manifest.json" in files
    # The profile fixture declares country with run_each: its runs are listed together, in order.
    index = (outputs / "site" / "index.html").read_text()
    assert "<h2>Country profile fixture<" in index  # the book's home page
    assert index.index("Uzbekistan (UZB)") < index.index("Turkmenistan (TKM)")
    assert not [f for f in files if f.startswith(".tmp-staging")]
    assert (outputs / "tables" / "plot_values.csv").read_text() == (
        "country,value\nUZB,0.3\nKAZ,2183539.0\n"
    )


def test_progress_has_a_start_and_an_end_line_per_notebook_and_a_summary(first_run):
    _, result, _ = first_run
    lines = result.stdout.splitlines()
    for run_id in ("01_fast", "02_plot", "country_profile_TKM"):
        assert any(line.split()[:2] == ["start", run_id] for line in lines)
        (end,) = [line for line in lines if line.split()[:2] == ["ok", run_id]]
        assert end.rstrip().endswith("s")  # seconds
    assert lines[-1].startswith("done: 9 ok, 0 cached, 0 failed in ")


def test_manifest_records_every_output(first_run):
    outputs, *_ = first_run
    text = (outputs / "manifest.json").read_text()
    manifest = json.loads(text)
    assert text == json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    on_disk = {k for k in tree(outputs) if k.startswith(("figures/", "tables/"))}
    assert set(manifest["outputs"]) == on_disk
    for path, entry in manifest["outputs"].items():
        assert entry["sha256"] == hashlib.sha256((outputs / path).read_bytes()).hexdigest()
        assert set(entry) == {"sha256", "run", "notebook", "parameters", "inputs"}
    bars = manifest["outputs"]["figures/plot_bars.svg"]
    assert bars["run"] == "02_plot" and bars["parameters"] == {"title": "Trade"}
    assert bars["notebook"].endswith("tests/fixtures/notebooks/02_plot.ipynb")
    assert manifest["packages"]["papermill"] and manifest["packages"]["python"]
    profile = manifest["runs"]["country_profile_KGZ"]
    assert profile["parameters"] == {"country": "KGZ"}
    assert profile["executed"] == "notebooks/country_profile_KGZ.ipynb"
    assert not re.search(r"\d{4}-\d\d-\d\d[T ]\d\d:", text)
    for key in ("start_time", "end_time", "duration", "date", "elapsed"):
        assert f'"{key}"' not in text


def test_run_log_has_the_timings(first_run):
    outputs, *_ = first_run
    entry = json.loads((outputs / "run-log.jsonl").read_text().splitlines()[-1])
    assert {r["run"] for r in entry["runs"]} >= {"01_fast", "country_profile_UZB"}
    assert all(r["seconds"] > 0 for r in entry["runs"])


def test_executed_notebook_shows_where_outputs_went_not_the_staging_folder(first_run):
    outputs, *_ = first_run
    nb = json.loads((outputs / "notebooks" / "01_fast.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    source = "".join(injected[0]["source"])
    assert ".tmp-staging" not in json.dumps(nb)
    assert f"output_dir = {json.dumps(os.path.relpath(outputs, FIXTURES))}" in source


def test_each_notebook_execution_is_logged_once(first_run):
    _, _, log = first_run
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert all(line["by"] == "kca run" for line in lines)
    names = sorted(Path(line["notebook"]).name for line in lines)
    assert names == sorted(
        ["01_fast.ipynb", "02_plot.ipynb", "03_fail.ipynb", "04_sleep.ipynb"]
        + ["country_profile.ipynb"] * len(CENTRAL_ASIA_ISO3)
    )
    assert {line["notebook"].rsplit("/", 1)[0] for line in lines} == {"tests/fixtures/notebooks"}


def test_cached_run_executes_nothing_and_does_not_import_papermill(outputs, tmp_path):
    before = kept(outputs)
    log = tmp_path / "executions.jsonl"
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1", execlog.ENV: str(log)}
    result = kca("run", outputs=outputs, env=env)
    assert result.returncode == 0, result.stderr
    assert not log.exists()
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["cached"] * 9
    assert lines[-1].startswith("done: 0 ok, 9 cached, 0 failed")
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    for heavy in ("papermill", "nbclient", "jupyter_client", "pandas", "matplotlib", "nbconvert"):
        assert heavy not in imported
    assert kept(outputs) == before


def test_cache_is_invalidated_by_a_missing_output(outputs):
    (outputs / "tables" / "fail_ok.csv").unlink()
    result = kca("run", "--no-site", outputs=outputs)
    assert result.returncode == 0, result.stderr
    assert "ok      03_fail" in result.stdout
    assert "cached  01_fast" in result.stdout
    assert (outputs / "tables" / "fail_ok.csv").read_text() == "ok\n"


def test_two_forced_runs_are_byte_identical(first_run, tmp_path):
    # The first run (two workers, into an empty folder) executed everything; a forced run with one
    # worker into the same folder (executed notebooks and pages show its path) must give the
    # same bytes. The folder is put back as it was, whatever happens, for the other tests.
    # KCA_REUSE_FIGURES=0: the figures are drawn again, not copied from the first run's cache.
    outputs = first_run[0]
    once = tree(outputs, COMPARED)
    shutil.copytree(outputs, tmp_path / "kept")
    env = {**os.environ, "KCA_REUSE_FIGURES": "0"}
    try:
        result = kca("run", "--force", "--jobs", "1", outputs=outputs, env=env)
        assert result.returncode == 0, result.stderr
        assert not [line for line in result.stdout.splitlines() if line.startswith("cached")]
        assert tree(outputs, COMPARED) == once
    finally:
        shutil.rmtree(outputs)
        shutil.copytree(tmp_path / "kept", outputs)


def test_forked_and_spawned_kernels_give_the_same_outputs(first_run, tmp_path):
    # Kernels are forked from a preloaded zygote by default (kernels.py); spawning them is the
    # plain jupyter_client way. Both must give the same bytes.
    outputs = tmp_path / "spawned"
    env = {**os.environ, "KCA_KERNEL_LAUNCH": "spawn"}
    result = kca("run", "02", "01", "--no-site", outputs=outputs, env=env)
    assert result.returncode == 0, result.stderr
    spawned = tree(outputs, ("figures", "tables"))
    assert spawned == tree(first_run[0], tuple(spawned))
    assert set(spawned) == {
        "figures/plot_bars.png",
        "figures/plot_bars.svg",
        "tables/fast_values.json",
        "tables/plot_values.csv",
    }


def test_non_default_run_goes_to_runs_and_leaves_defaults_alone(outputs):
    before = kept(outputs)
    result = kca("run", "01", "-p", "label=million_usd", "-p", "flag=yes", outputs=outputs)
    assert result.returncode == 0, result.stderr
    folder = outputs / "runs" / "01_fast" / "flag-true__label-million_usd"
    values = json.loads((folder / "tables" / "fast_values.json").read_text())
    assert values["label"] == "million_usd" and values["flag"] is True
    assert (folder / "01_fast.ipynb").is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["outputs"]) == {"tables/fast_values.json"}
    after = {k: v for k, v in kept(outputs).items() if not k.startswith("runs/")}
    assert after == before
    again = kca("run", "01", "-p", "label=million_usd", "-p", "flag=yes", outputs=outputs)
    assert "cached  01_fast/flag-true__label-million_usd" in again.stdout


def test_a_value_is_data_never_code(outputs, tmp_path):
    hostile = "\"); open('PWNED','w').write('x'); (\"\nline two \\\" ''' \\n {x} %s"
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    result = kca("run", "01", "-p", f"label={hostile}", notebooks=notebooks, outputs=outputs)
    assert result.returncode == 0, result.stderr
    (written,) = (outputs / "runs" / "01_fast").glob("*/tables/fast_values.json")
    assert json.loads(written.read_text())["label"] == hostile
    for folder in (notebooks, ROOT, outputs, tmp_path):
        assert not list(folder.rglob("PWNED"))


def test_failure_keeps_previous_outputs_and_saves_the_failed_notebook(tmp_path, outputs):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    before = kept(outputs)
    path = notebooks / "03_fail.ipynb"
    path.write_text(path.read_text().replace("fail = False", "fail = True"))
    (notebooks / "01_fast.ipynb").write_text(
        (notebooks / "01_fast.ipynb").read_text().replace('label = \\"hello\\"', 'label = \\"x\\"')
    )
    result = kca("run", "03", "01", notebooks=notebooks, outputs=outputs)
    assert result.returncode == 1
    assert "FAILED 03_fail" in result.stdout
    assert "ValueError: fixture failure on purpose" in result.stdout
    assert "first line: if fail:" in result.stdout
    assert "cell In [4]" in result.stdout
    failed = json.loads((outputs / "failed" / "03_fail.ipynb").read_text())
    assert "papermill-error-cell-tag" in json.dumps(failed)
    assert kept(outputs) == before
    assert not (outputs / ".tmp-staging").exists()


def _gone(pid: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        status = Path(f"/proc/{pid}/status")
        if status.is_file() and "zombie" in status.read_text():
            return True
        time.sleep(0.1)
    return False


def _sleeping_run(outputs: Path, tmp_path: Path) -> tuple[subprocess.Popen, int]:
    pid_file = tmp_path / "kernel.pid"
    command = [
        *KCA, "run", "04", "-p", "seconds=300", "-p", f"pid_file={pid_file}",
        "--notebooks-dir", str(FIXTURES), "--outputs", str(outputs),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    return process, int(_wait_for(pid_file))


def _finish(process: subprocess.Popen, seconds: float) -> tuple[bytes, bytes]:
    """Wait for ``process``; if it hangs, kill its process group so that no kernel outlives us."""
    try:
        return process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise


def test_ctrl_c_leaves_outputs_whole_and_stops_the_kernel(outputs, tmp_path):
    before = kept(outputs)
    process, kernel = _sleeping_run(outputs, tmp_path)
    process.send_signal(signal.SIGINT)
    out, err = _finish(process, 120)
    assert process.returncode == 130, out + err
    assert b"interrupted" in err
    assert _gone(kernel)
    assert kept(outputs) == before
    assert not (outputs / ".tmp-staging").exists()


def test_killed_kernel_fails_the_run_and_leaves_outputs_whole(outputs, tmp_path):
    before = kept(outputs)
    process, kernel = _sleeping_run(outputs, tmp_path)
    os.kill(kernel, signal.SIGKILL)
    out, err = _finish(process, 300)
    assert process.returncode == 1, out + err
    assert b"FAILED 04_sleep" in out and b"DeadKernelError" in out
    assert kept(outputs) == before
    assert list((outputs / "failed").glob("04_sleep*.ipynb"))


# --- the executor seam and the kernel retry (in-process, threads) ----------------------------


IN_PROCESS = (
    # Threads of an in-process executor keep their own asyncio loops and kernel-client sockets
    # until the interpreter exits: expected there, not a leak of the (process) workers.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
)


def in_process(test):
    """Mark an in-process test; collect its garbage before it ends, under its warning filters."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        try:
            return test(*args, **kwargs)
        finally:
            gc.collect()

    for mark in IN_PROCESS:
        wrapper = mark(wrapper)
    return wrapper


class CountingExecutor(Executor):
    """A custom Executor (as a cluster engine would provide) that counts what it was given."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.submitted: list[str] = []

    def submit(self, fn, /, *args, **kwargs):
        self.submitted.append(args[0].job.run_id)
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@in_process
def test_any_executor_can_run_the_jobs_and_a_port_race_is_retried_once(tmp_path, monkeypatch):
    real = launch.start_kernel_once
    failures = []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise __import__("zmq").ZMQError(errno.EADDRINUSE, "Address already in use")
        return real(*args, **kwargs)

    monkeypatch.setattr(launch, "start_kernel_once", flaky)
    step_calls = []

    def step(output_dir):
        step_calls.append(output_dir)
        Path(output_dir, "tables").mkdir(parents=True)
        Path(output_dir, "tables", "step.csv").write_text("a\n1\n")

    steps = [plan.step_job("tables", function=step)]
    jobs = pipeline.plan(["tables", "01"], notebooks_dir=FIXTURES, steps=steps)
    executor = CountingExecutor()
    stream = tmp_path / "progress.txt"
    with open(stream, "w") as handle:
        report = pipeline.run(
            jobs,
            outputs_dir=tmp_path / "out",
            notebooks_dir=FIXTURES,
            executor=executor,
            stream=handle,
            build_site=False,
        )
    executor.shutdown()
    assert report.exit_code == 0, stream.read_text()
    assert executor.submitted == ["tables", "01_fast"]
    assert len(step_calls) == 1
    (fast,) = [r for r in report.results if r.run_id == "01_fast"]
    assert fast.kernel_retries == 1 and "address already in use" in fast.retry_reasons[0]
    assert "kernel start retried once: ZMQ address already in use" in stream.read_text()
    assert (tmp_path / "out" / "tables" / "step.csv").read_text() == "a\n1\n"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["runs"]["tables"]["kind"] == "step"


@in_process
def test_a_missing_step_function_fails_loudly(tmp_path):
    steps = [plan.step_job("tables", "kca_analysis.no_such_module:write_standard_tables")]
    jobs = pipeline.plan(["tables"], notebooks_dir=FIXTURES, steps=steps)
    with open(tmp_path / "progress.txt", "w") as handle:
        report = pipeline.run(
            jobs,
            outputs_dir=tmp_path / "out",
            notebooks_dir=FIXTURES,
            executor=ThreadPoolExecutor(1),
            stream=handle,
        )
    assert report.exit_code == 1
    assert "ModuleNotFoundError" in report.results[0].error
    assert "FAILED tables" in (tmp_path / "progress.txt").read_text()


#: Executes a fixture notebook the way a worker does, in a new interpreter that imports nothing
#: first, then prints the exit code and what the fork server preloads that it never imported.
_WORKER_IMPORTS = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import kca_analysis.run.lean
from kca_analysis.run import pipeline, workers
notebooks, outputs = Path(sys.argv[1]), Path(sys.argv[2])
with ThreadPoolExecutor(1) as pool:
    report = pipeline.run(pipeline.plan(["01"], notebooks_dir=notebooks), outputs_dir=outputs,
                          notebooks_dir=notebooks, executor=pool, build_site=False,
                          stream=sys.stderr)
unused = [m for m in workers.WORKER_PRELOAD[1:] if m not in sys.modules]
print(json.dumps({"exit_code": report.exit_code, "unused": unused}))
"""


def test_the_workers_fork_server_preloads_only_what_executing_a_notebook_imports(tmp_path):
    # Every run waits for the fork server's imports before its first job: a module there that
    # executing a notebook never imports (nbconvert was one) only delays every run.
    result = subprocess.run(
        [*KCA[:1], "-c", _WORKER_IMPORTS, str(FIXTURES), str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"exit_code": 0, "unused": []}, result.stderr
