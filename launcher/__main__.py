"""`python -m launcher`: the field app (see launcher.cli)."""

from launcher.cli import cli

if __name__ == "__main__":
    cli()
