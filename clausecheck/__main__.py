"""``python -m clausecheck``."""

from clausecheck.cli import main

main()
