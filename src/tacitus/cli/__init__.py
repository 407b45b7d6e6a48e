"""The `tacitus` command line (Typer): one module per command, each a thin wrapper."""
