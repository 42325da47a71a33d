"""The ``kca`` command: ``kca run``, ``kca list``, ``kca check``.

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
  kca list
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
        epilog=USAGE_EXAMPLES,
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
        help="set a parameter; checked against its declared kind and allowed values (kca list)",
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
        For a bad ``--jobs``, notebook name or parameter (exit 2, before any kernel starts).
    """
    from kca_analysis.run import pipeline
    from kca_analysis.run.errors import UsageError

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs expects a positive number, got {args.jobs}")
    notebooks_dir = _notebooks_dir(args)
    jobs = pipeline.plan(args.notebooks, args.parameter, notebooks_dir=notebooks_dir)
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
        full=not args.notebooks and not args.parameter,
    )
    return report.exit_code


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
