"""Subcommands of ``casework``, one module per group (see ``simulator.cli``)."""
