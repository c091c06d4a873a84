from litetts_cli.cli.app import main

main()
