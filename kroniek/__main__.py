from kroniek.cli import cli

cli()
