from samarbeid_cli.cli import main

main()
