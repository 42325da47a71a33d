"""The benchmark's own pieces: counting executions, timing a test command, the breakdown.

``make bench`` is never run by the tests (no test asserts a time); these check that what it
writes is read right: the execution log of a test run (``KCA_EXECUTION_LOG``, one JSON line
``{"notebook": ..., "by": "kca run" | "nbval"}`` per execution), the CPU of a command's
processes by kind, the split of a forced run's run log into its parts, the notebook runs the
commands compared are given (from the declarations, not from a parameter's name), and
``RESULTS.md`` as the book's parser reads it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kca_analysis import paths
from kca_analysis.run.book import pages, readme, sources

BENCHMARKS = paths.PROJECT_ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import breakdown  # noqa: E402
import cpu_use  # noqa: E402
import run_benchmarks  # noqa: E402
import suite_bench  # noqa: E402


def write_log(path: Path, entries) -> Path:
    """An execution log of ``(notebook, by)`` entries."""
    lines = [json.dumps({"notebook": notebook, "by": by}) for notebook, by in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_executions_are_counted_by_executor_and_fixtures_apart(tmp_path):
    log = write_log(
        tmp_path / "log.jsonl",
        [
            ("notebooks/03_trade.ipynb", "nbval"),
            ("notebooks/03_trade.ipynb", "kca run"),
            ("notebooks/country_profile.ipynb", "kca run"),
            (str(tmp_path / "fixture" / "notebooks" / "plot.ipynb"), "kca run"),
        ],
    )
    by, notebooks, fixtures = suite_bench.count_executions(log)
    assert by == {"kca run": 2, "nbval": 1}
    assert notebooks == {"03_trade": 2, "country_profile": 1}
    assert fixtures == 1


def test_no_log_is_not_measured_and_a_bad_line_is_named(tmp_path):
    assert suite_bench.count_executions(tmp_path / "none.jsonl") == (None, {}, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"notebook": "notebooks/01_history.ipynb", "by": "nbval"}\n["x"]\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: expected a JSON object"):
        suite_bench.count_executions(bad)
    bad.write_text("not json\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1:"):
        suite_bench.count_executions(bad)


FAKE_SUITE = (
    "import json, os, sys\n"
    "with open(os.environ['KCA_EXECUTION_LOG'], 'a') as log:\n"
    "    for by in ('nbval', 'kca run'):\n"
    "        log.write(json.dumps({'notebook': 'notebooks/01_history.ipynb', 'by': by}) + '\\n')\n"
    "print('2 passed')\n"
    "sys.exit(int(sys.argv[1]))\n"
)


def test_a_test_command_is_timed_with_its_executions(tmp_path):
    run = suite_bench.measure(tmp_path, (sys.executable, "-c", FAKE_SUITE, "0"), prepare=None)
    assert run.returncode == 0 and run.seconds > 0
    assert run.executions == {"kca run": 1, "nbval": 1} and run.fixtures == 0
    rows = suite_bench.measure_rows(run, a=run.seconds / 2, a0=run.seconds)
    assert rows[0].startswith("| (e)/(a) | 2.0 |") and rows[0].endswith("| met |")
    assert "| notebook executions per test run (the collection's notebooks) | 2 |" in rows[2]
    text = "\n".join(suite_bench.details(run))
    assert "passed" in text and "| nbval | 1 |" in text and "01_history 2" in text


def test_a_failing_test_command_is_reported_not_raised(tmp_path):
    run = suite_bench.measure(tmp_path, (sys.executable, "-c", FAKE_SUITE, "3"), prepare=None)
    assert run.returncode == 3 and "2 passed" in run.tail
    rows = suite_bench.measure_rows(run, a=run.seconds, a0=run.seconds)
    assert "(the suite failed)" in rows[0] and rows[0].endswith("**not met** |")
    assert "**failed** (exit 3)" in "\n".join(suite_bench.details(run))


def test_a_command_that_logs_nothing_says_so(tmp_path):
    run = suite_bench.measure(tmp_path, (sys.executable, "-c", "pass"), prepare=None)
    assert run.executions is None
    assert "not measured" in suite_bench.measure_rows(run, 1.0, 1.0)[2]
    assert "Nothing wrote `KCA_EXECUTION_LOG`" in "\n".join(suite_bench.details(run))


def run_log_entry() -> dict:
    """A forced run's run log line: two notebooks, the tables step, the runner's phases."""

    def notebook(run, seconds, svg, png, copied):
        phases = {"kernel_start": 0.5, "execute": 3.0, "figures_svg": svg, "figures_png": png}
        return {
            "run": run,
            "seconds": seconds,
            "phases": {**phases, "save": 0.1},
            "figures": {"drawn": 0 if copied else 4, "copied": 4 if copied else 0},
        }

    return {
        "seconds": 9.0,
        "phases": {"prepare": 0.1, "execute": 7.0, "commit": 0.2, "book": 1.5, "tables": 0.1},
        "runs": [
            notebook("01_history", 4.0, 1.0, 1.5, False),
            notebook("02_forums", 3.8, 0.5, 0.5, True),
            {"run": "tables", "seconds": 0.4, "phases": {}, "figures": {}},
        ],
    }


def test_a_forced_run_splits_into_its_parts():
    parts = breakdown.parts(run_log_entry(), wall=9.5)
    assert parts["outside"] == pytest.approx(0.5)
    assert parts["book"] == 1.5 and parts["execute"] == 7.0
    assert parts["kernel_start"] == 1.0 and parts["save"] == pytest.approx(0.2)
    assert parts["svg"] == 1.5 and parts["png"] == 2.0
    assert parts["cells"] == pytest.approx(6.0 - 3.5)  # the cells, figure saving excepted
    assert parts["other"] == pytest.approx(7.8 - (1.0 + 6.0 + 0.2))
    assert parts["step"] == 0.4 and parts["drawn"] == 4 and parts["copied"] == 4
    assert parts["run:01_history"] == 4.0 and parts["run:tables"] == 0.4
    text = "\n".join(breakdown.markdown([parts], [parts], {"kernel zygote": 1.0}))
    assert "The longest runs of (a), each on one worker" in text
    assert "01_history 4.0 s, 02_forums 3.8 s, tables 0.4 s." in text
    assert "| saving figures: PNG (drawn, or copied when unchanged) | sum | 2.00 | 2.00 |" in text


def test_profile_runs_take_the_declared_run_each_parameter():
    runs = run_benchmarks.notebook_runs()
    profiles = [extra for name, extra in runs if name == "country_profile"]
    assert len(profiles) == 5 and all(list(extra) == ["country"] for extra in profiles)
    assert {extra["country"] for extra in profiles} == {"UZB", "KAZ", "KGZ", "TJK", "TKM"}
    assert all(extra == {} for name, extra in runs if name != "country_profile")


def test_results_written_by_the_benchmark_parse_as_the_book_reads_them(tmp_path):
    samples = {key: [10.0, 11.0, 12.0] for key in ("a0", "a", "b", "c", "d")}
    samples["e"], samples["g"] = [40.0], [30.0]
    runs = [("01_history", {}), ("country_profile", {"country": "UZB"})]
    parts = [breakdown.parts(run_log_entry(), wall=9.5)]
    suite = suite_bench.SuiteRun(40.0, 0, {"nbval": 6, "kca run": 10}, fixtures=2)
    lines = run_benchmarks.summary(runs, samples, {"01_history": 150.0}, ((1, 1, 1),) * 2, 2)
    lines += run_benchmarks.measures(samples, {"01_history": 150.0}, suite)
    lines += breakdown.markdown(parts, parts, {"kernel zygote": 1.0})
    lines += suite_bench.details(suite)
    results = tmp_path / "RESULTS.md"
    results.write_text("\n".join(lines), encoding="utf-8")
    bench = sources.benchmark(results)
    assert "CPU" in bench.machine and bench.load.startswith("load average")
    assert bench.seconds("kca run --force") == 11.0
    assert bench.seconds("kca run --force --outputs NEW_FOLDER") == 11.0
    assert bench.seconds("make test") == 40.0
    labels = {label for label, _, _ in bench.timings.values()}
    assert labels == {"(a0)", "(a)", "(b)", "(c)", "(d)", "(e)", "(g)"}
    text = readme.requirements(bench, {"pandas": "3"}, {"python": "3.11.7"})
    assert "- `make test`: 40 s (median of the runs in `benchmarks/RESULTS.md`)" in text
    assert "- `make test-quick`: 30 s (median of the runs in `benchmarks/RESULTS.md`)" in text
    assert "- `kca run --force --outputs NEW_FOLDER`: 11 s" in text
    page = pages.reproduce_page(bench, {"sphinx": "9"}, {"python": "3.11.7"})
    assert "- `kca run --force`: 11 s (median)" in page


def test_the_floor_adds_its_parts_and_says_whether_the_target_can_be_reached():
    floor = suite_bench.Floor(a0=20.0, checks=15.0, check_runs=7, nbval=25.0)
    assert floor.seconds == 60.0
    rows = suite_bench.floor_rows(floor, a=10.0)
    assert "| 60.0 s |" in rows[0]
    assert rows[1].startswith("| (f)/(a) | 6.0 |") and "out of reach" in rows[1]
    assert "leaves 15.0 s" in suite_bench.floor_rows(floor, a=15.0)[1]
    text = "\n".join(suite_bench.floor_details(floor, 10.0, suite_bench.SuiteRun(100.0, 0)))
    assert "the 7 check runs" in text and "| (f) | 60.0 |" in text
    assert "(f) is 6.0 times (a)" in text and "The rest of (e), 40.0 s" in text


def test_the_floor_judges_the_target_by_the_parts_cpu_over_the_cores_when_measured():
    cpu = {"a0": 40.0, "checks": 30.0, "nbval": 30.0}
    floor = suite_bench.Floor(a0=20.0, checks=15.0, check_runs=7, nbval=25.0, cpu=cpu)
    assert floor.least == pytest.approx(100.0 / suite_bench.CORES)
    a = floor.least / 5.5  # the CPU bound alone is 5.5 times (a)
    rows = suite_bench.floor_rows(floor, a)
    assert "| (f) CPU: the three parts' CPU-s | 100.0 CPU-s |" in rows[1]
    assert rows[3].startswith("| (f) at least / (a) | 5.5 |") and "out of reach" in rows[3]
    roomy = suite_bench.floor_rows(floor, floor.least / 4.0)[3]
    assert f"leaves {floor.least / 4:.1f} s ({100.0 / 4:.0f} CPU-s) for every other test" in roomy
    text = "\n".join(suite_bench.floor_details(floor, a, None))
    assert "| `kca run --batch` of the 7 check runs, no book | 15.0 | 30.0 |" in text
    assert "| (f) | 60.0 | 100.0 |" in text
    assert f"these parts need 100 CPU-s, which take at least {floor.least:.1f} s" in text
    suite = suite_bench.SuiteRun(200.0, 0, cpu=cpu_use.CpuUse())
    suite.cpu.busy = 300.0
    text = "\n".join(suite_bench.floor_details(floor, floor.least / 4.0, suite))
    assert "(e) kept the machine busy 200 CPU-s" in text
    assert "would leave everything else 25 CPU-s" in text


@pytest.mark.parametrize(
    ("command", "parent", "kind"),
    [
        ("python -m kca_analysis.run.zygote /tmp/z.sock pandas", "python -m kca_analysis.run.zygote"
         " /tmp/z.sock pandas", cpu_use.KERNELS),
        ("python -m kca_analysis.run.zygote /tmp/z.sock pandas", "python -m kca_analysis.cli run",
         "kca run around the kernels (command, fork server, workers, zygote)"),
        ("python -m kca_analysis.cli run 01 --outputs /tmp/pytest-of-root/pytest-3/out", "",
         "kca run around the kernels (command, fork server, workers, zygote)"),
        ("python -c from multiprocessing.forkserver import main; main(8, 9)", "",
         "kca run around the kernels (command, fork server, workers, zygote)"),
        ("python -m kca_analysis.run.book /tmp/pytest-of-root/site", "", "the book (Sphinx)"),
        ("/proc/self/exe --type=renderer --lang=en-US", "", "Chromium (browser tests)"),
        ("python -m ipykernel_launcher -f kernel-1.json", "",
         "plain Jupyter kernels (nbval, JupyterLab)"),
        ("python -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=9)", "",
         "Dask cluster processes"),
        ("python -u -c import sys;exec(eval(sys.stdin.readline()))", "",
         "test processes (pytest and its xdist workers)"),
        ("python -m frictionless validate data/datapackage.json", "", cpu_use.OTHER),
    ],
)  # fmt: skip
def test_a_process_is_named_by_its_command_line_and_its_parent(command, parent, kind):
    assert cpu_use.kind_of(command, parent) == kind


BURN = (
    "import sys, time\n"
    "while time.process_time() < 0.6:\n"
    "    pass\n"
    "print('burnt', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_the_cpu_of_a_process_started_while_sampling_is_counted_by_kind():
    with cpu_use.CpuUse(interval=0.05) as use:
        child = subprocess.Popen(
            [sys.executable, "-c", BURN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout.readline() == "burnt\n"
    child.communicate("")  # it was still alive at the last sample
    count, seconds = use.by_kind[cpu_use.OTHER]
    assert count >= 1 and seconds >= 0.55
    assert use.busy >= 0.55 and use.seconds > 0
    assert use.sampled == pytest.approx(sum(s for _, s in use.by_kind.values()))


def test_the_cpu_table_gives_each_kind_its_share_and_what_was_not_sampled():
    use = cpu_use.CpuUse(interval=0.2)
    use.by_kind = {cpu_use.KERNELS: (10, 30.0), cpu_use.OTHER: (3, 10.0)}
    use.busy, use.seconds = 50.0, 25.0
    text = "\n".join(cpu_use.markdown(use, cores=2))
    assert "busy 50 CPU-s in these 25 s: 100% of its 2 cores" in text
    assert f"| {cpu_use.KERNELS} | 10 | 30.0 | 60% |" in text
    assert "| other processes | 3 | 10.0 | 20% |" in text
    assert "the rest of the machine | | 10.0 | 20% |" in text


def test_a_bad_proc_stat_line_is_named():
    assert cpu_use.busy_ticks("cpu 10 2 3 100 5 1 1 0 0 0") == 17
    with pytest.raises(ValueError, match="/proc/stat: expected 'cpu'"):
        cpu_use.busy_ticks("intr 1 2 3")
