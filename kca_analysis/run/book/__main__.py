"""``python -m kca_analysis.run.book ROOT WORK SITE``: the child process that builds the book."""

import sys

from .build import main

sys.exit(main())
