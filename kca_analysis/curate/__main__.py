"""``python -m kca_analysis.curate``: see :func:`kca_analysis.curate.main`."""

import sys

from kca_analysis.curate import main

sys.exit(main())
