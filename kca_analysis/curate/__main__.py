"""``python -m kca_analysis.curate``: see :func:`kca_analysis.curate.command.main`."""

import sys

from kca_analysis.curate.command import main

sys.exit(main())
