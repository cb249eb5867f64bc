"""`python -m checker.cli`: the same as the `warrant` command."""
import sys

from . import main

sys.exit(main())
