"""``python -m factcheck``: the same command as ``factcheck``."""

import sys

from .cli import main

sys.exit(main())
