from kernelpilot.agent.cli import main

main()
