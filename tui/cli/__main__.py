"""`python -m tui.cli`: the same as the `calepin` console script."""

from tui.cli import main

main()
