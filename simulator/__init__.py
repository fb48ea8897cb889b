"""Casework Simulator: practise individual social casework interviews offline."""

__version__ = "0.1.0"
