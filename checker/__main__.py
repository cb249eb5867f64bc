"""`python -m checker`: the same as the `warrant` command."""
import sys

from .cli import main

sys.exit(main())
