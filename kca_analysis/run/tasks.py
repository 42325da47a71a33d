"""What a worker is given and what it reports: :class:`Task` and :class:`Result`.

Both are plain, picklable records, shared by the runner (:mod:`.pipeline`, :mod:`.staging`),
the workers (:mod:`.workers`) and the execution itself (:mod:`.execute`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .launch import KERNEL_NAME

if TYPE_CHECKING:
    from .plan import Job


@dataclass(frozen=True)
class Task:
    """What a worker needs to execute one job (picklable for process pools)."""

    job: Job
    stage: str  # absolute folder for this job's files
    notebooks_dir: str
    final_output_dir: str  # shown in the executed notebook instead of the staging folder
    kernel_name: str = KERNEL_NAME
    env: dict[str, str] = field(default_factory=dict)
    timeout: int | None = None
    #: Socket of the kernel zygote (kernels.py) to fork kernels from; "" spawns them.
    zygote: str = ""
    #: A file the runner made in its staging folder: a remote worker that sees it shares the
    #: runner's filesystem and writes there; one that does not sends the files back.
    marker: str = ""
    #: Figure files the kernel may copy instead of drawing (:mod:`.figure_cache`): path
    #: relative to the run's outputs folder -> ``{"path", "sha256"}``.
    reusable_figures: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Result:
    """What a worker reports back."""

    run_id: str
    status: str  # "ok" or "failed"
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    error: str = ""
    failed_notebook: str = ""
    kernel_retries: int = 0
    retry_reasons: list[str] = field(default_factory=list)
    peak_rss_mb: float | None = None
    reads: list[str] = field(default_factory=list)
    #: Seconds spent in each phase (kernel start, execution, figures per format, saving), for
    #: the run log.
    phases: dict[str, float] = field(default_factory=dict)
    #: Every figure file the kernel saved (:func:`.figure_cache.read_log`): file, format,
    #: seconds, whether it was copied, sha256.
    figures: list[dict[str, Any]] = field(default_factory=list)
    #: The values the notebook recorded (:mod:`kca_analysis.run.results`); None for a step.
    recorded: dict[str, Any] | None = None
    #: Files of the run sent back by a remote worker that does not share the runner's
    #: filesystem (:mod:`kca_analysis.run.cluster`): path relative to the run's staging
    #: folder -> bytes; empty otherwise.
    files: dict[str, bytes] = field(default_factory=dict)
