"""`python -m checker`: the same as the `warrant` command."""
from .cli import command

command()
