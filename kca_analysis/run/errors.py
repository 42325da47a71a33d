"""The two errors that stop ``kca run``, with the exit code each gives."""

from __future__ import annotations


class PipelineError(Exception):
    """A problem that stops ``kca run``; ``exit_code`` is what the command exits with."""

    exit_code = 1


class UsageError(PipelineError):
    """A bad notebook name or parameter value given by the user: the command exits 2."""

    exit_code = 2
