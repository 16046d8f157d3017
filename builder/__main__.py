"""`python -m builder`: the command line of :mod:`builder.cli`."""

import sys

from builder.cli import main

sys.exit(main())
