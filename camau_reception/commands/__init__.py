"""Command-line sub-commands, one module per area, each with ``register(cli)``."""
