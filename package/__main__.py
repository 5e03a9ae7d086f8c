"""`python -m kernelpilot`: the same CLI as the `kernelpilot` command."""

from kernelpilot.agent.cli import main

main()
