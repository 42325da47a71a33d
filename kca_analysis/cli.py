"""The ``kca`` command: ``kca run``, ``kca results``, ``kca list``, ``kca check``.

Imports are lazy on purpose: ``kca run`` with everything cached must answer in well under a
second and a half, so this module and :mod:`kca_analysis.run` load only the standard library
(and the foundation) until something has to be executed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

USAGE_EXAMPLES = """examples:
  kca run                                  every notebook, the five country profiles, the site
  kca run 03_trade -p value_unit=million_usd
  kca run 03 -p countries=UZB,KAZ --force
  kca run country_profile -p country=Kazakhstan
  kca run 01_history -p countries=UZB,KAZ --sweep start_year=1992,1995,2000
  kca run 01_history --sweep countries=UZB,KAZ,KGZ,TJK,TKM --sweep start_year=1992,2000
  kca run 01_history --sweep start_year=1992,2000 --dask local:2
  kca results 01_history
  kca list
"""

RUN_NOTES = """parameters, sweeps and batches:
  -p NAME=VALUE      one value for every run; a list is comma-separated and is ONE value:
                     -p countries=UZB,KAZ is one run with both countries
  --sweep NAME=V1,V2 one run per value, a comma separates runs; several --sweep give the
                     cartesian product. For a list parameter each value is one list whose items
                     are joined with '+': --sweep countries=UZB,KAZ+TJK is two runs, [UZB] and
                     [KAZ, TJK]. A value list starting with '[' is JSON (for values holding ','
                     or '+'): --sweep 'compare_with=[["Japan"], ["DAC Countries, Total"]]'
  --batch FILE       a JSON list of {"notebook": NAME, "parameters": {...}, "sweep": {...}}
                     entries, run together; values are -p texts or JSON values of their type
  Every value of every run is checked (kind, type, allowed values, not_after) before anything
  runs; a bad one exits 2 with what is valid (kca list). A run whose values are all defaults is
  the notebook's default run (outputs/); any other run has its own folder,
  outputs/runs/<notebook>/<slug>/, cached like any other.

results:
  A notebook records its headline results with kca_analysis.files.record_results(output_dir,
  ...). After each kca run, outputs/runs/<notebook>/results.csv has one row per run of that
  notebook in the command: run, status (ok, failed, discarded), every parameter, every recorded
  value, error. kca results NOTEBOOK prints it.

dask:
  --dask local[:N]   a dask.distributed LocalCluster of N worker processes (default: CPU count)
  --dask ADDRESS     the scheduler at ADDRESS (tcp://host:8786). Workers need the same locked
                     environment (make env) and the repository at the same path; outputs come
                     back to this process, which stages and commits them as for a local run.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kca",
        description="Run and check the kca-notebooks collection.",
        epilog=USAGE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="execute notebooks with papermill and write outputs/",
        epilog=RUN_NOTES + "\n" + USAGE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="03_trade, 03, country_profile or tables (default: all, plus the tables step)",
    )
    run.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter for every run; checked against its declared kind and allowed "
        "values (kca list)",
    )
    run.add_argument(
        "--sweep",
        action="append",
        default=[],
        metavar="NAME=V1,V2",
        help="run once per value (a comma separates runs; '+' joins the items of a list value); "
        "several --sweep give the cartesian product (see below)",
    )
    run.add_argument(
        "--batch",
        default=None,
        metavar="FILE",
        help="run the entries of a JSON batch file (see below) instead of NOTEBOOK -p --sweep",
    )
    run.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="execute on Dask: a scheduler address, or local[:N] for a LocalCluster of N workers",
    )
    run.add_argument(
        "-j", "--jobs", type=int, default=None, help="parallel workers (default: CPU count)"
    )
    run.add_argument("--force", action="store_true", help="execute even what is cached")
    _common(run)
    run.add_argument("--no-site", action="store_true", help="do not rebuild outputs/site/")
    run.add_argument(
        "--timeout", type=int, default=None, help="seconds allowed per cell (default: none)"
    )

    listing = commands.add_parser("list", help="show the notebooks and their parameters")
    _common(listing)

    results = commands.add_parser(
        "results", help="print a notebook's results table (outputs/runs/NOTEBOOK/results.csv)"
    )
    results.add_argument("notebook", metavar="NOTEBOOK", help="01_history, 01, ...")
    results.add_argument("--csv", action="store_true", help="print the CSV text as it is")
    _common(results)

    check = commands.add_parser(
        "check", help="check the data and the paper's claims", add_help=False
    )
    check.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--outputs",
        default=None,
        metavar="DIR",
        help="outputs folder (default: $KCA_OUTPUTS_DIR or outputs/)",
    )
    parser.add_argument(
        "--notebooks-dir",
        default=None,
        metavar="DIR",
        help="notebook folder (default: $KCA_NOTEBOOKS_DIR or notebooks/); another folder "
        "runs without the tables step",
    )


def _notebooks_dir(args: argparse.Namespace):
    from pathlib import Path

    chosen = args.notebooks_dir or os.environ.get("KCA_NOTEBOOKS_DIR")
    return Path(chosen).resolve() if chosen else None


def cmd_run(args: argparse.Namespace) -> int:
    """``kca run``: plan (every value checked), then execute what is not cached.

    Parameters
    ----------
    args
        The parsed command line.

    Returns
    -------
    int
        0 when everything succeeded or was cached, 1 when a run failed.

    Raises
    ------
    UsageError
        For a bad ``--jobs``, notebook name, parameter, sweep, batch file or ``--dask`` (exit 2,
        before any kernel starts).
    """
    from kca_analysis.run import pipeline
    from kca_analysis.run.errors import UsageError

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs expects a positive number, got {args.jobs}")
    if args.dask is not None:
        from kca_analysis.run.cluster import parse_spec

        parse_spec(args.dask)
    notebooks_dir = _notebooks_dir(args)
    if args.batch is not None:
        if args.notebooks or args.parameter or args.sweep:
            raise UsageError("--batch takes no NOTEBOOK, -p or --sweep: put them in the file")
        from kca_analysis.run.sweep import read_batch

        jobs = pipeline.plan_batch(read_batch(args.batch), notebooks_dir=notebooks_dir)
    else:
        jobs = pipeline.plan(
            args.notebooks, args.parameter, sweeps=args.sweep, notebooks_dir=notebooks_dir
        )
    if not jobs:
        print("kca run: no notebooks found", file=sys.stderr)
        return 0
    report = pipeline.run(
        jobs,
        outputs_dir=args.outputs,
        notebooks_dir=notebooks_dir,
        force=args.force,
        workers=args.jobs,
        build_site=not args.no_site,
        timeout=args.timeout,
        full=not (args.notebooks or args.parameter or args.sweep or args.batch),
        dask=args.dask,
    )
    return report.exit_code


def cmd_results(args: argparse.Namespace) -> int:
    """``kca results NOTEBOOK``: print the notebook's results table.

    Parameters
    ----------
    args
        The parsed command line.

    Returns
    -------
    int
        0.

    Raises
    ------
    UsageError
        For an unknown notebook (exit 2).
    PipelineError
        When the notebook has no results table yet (exit 1).
    """
    from kca_analysis.run import results
    from kca_analysis.run.manifest import outputs_root
    from kca_analysis.run.notebooks import discover, select

    (notebook,) = select(discover(_notebooks_dir(args)), [args.notebook])
    text = results.read_table(outputs_root(args.outputs), notebook.name)
    print(text if args.csv else results.aligned(text), end="")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """``kca list``: each notebook, its inputs and each parameter's kind, default and values.

    Parameters
    ----------
    args
        The parsed command line.

    Returns
    -------
    int
        0.
    """
    from kca_analysis.run.notebooks import discover
    from kca_analysis.run.parameters import allowed, run_each_values

    notebooks = discover(_notebooks_dir(args))
    if not notebooks:
        print("no notebooks found")
    for notebook in notebooks:
        print(f"{notebook.name}  ({notebook.title})")
        if notebook.inputs is None:
            print("  inputs: not declared in metadata kca.inputs: every file under data/")
        else:
            print(f"  inputs: {', '.join(notebook.inputs) or '(none)'}")
        each = notebook.run_each
        if each is not None:
            values = ", ".join(map(str, run_each_values(each)))
            print(f"  runs once per {each.name} by default ({each.name} = {values})")
        if not notebook.defaults:
            print("  parameters: (none)")
        width = max((len(name) for name in notebook.defaults), default=0)
        for name, default in notebook.defaults.items():
            parameter = notebook.parameter(name)
            kind = f"{parameter.kind or 'undeclared'} ({parameter.type})"
            print(f"  -p {name + '=...':<{width + 4}}  {kind:<22} default {default!r}")
            print(f"      allowed: {allowed(parameter)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``kca check``: delegate to :func:`kca_analysis.data.check.main`.

    Parameters
    ----------
    args
        ``args.args`` holds everything after ``check``.

    Returns
    -------
    int
        The checks' exit status.
    """
    from kca_analysis.data.check import main as check_main  # the lead's module

    return int(check_main(list(args.args)) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kca`` console script.

    Parameters
    ----------
    argv
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0, 1 (a run failed), 2 (bad usage) or 130 (interrupted).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        # Everything after "check" belongs to the checks module, options included.
        return cmd_check(argparse.Namespace(args=argv[1:]))
    args = _parser().parse_args(argv)
    from kca_analysis.run.errors import PipelineError

    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "results":
            return cmd_results(args)
        return cmd_check(args)
    except PipelineError as error:
        print(f"kca {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(
            f"kca {args.command}: interrupted; outputs left as they were before this run",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
