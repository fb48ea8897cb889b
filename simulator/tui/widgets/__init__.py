"""Widgets of the interview room, one feature per module."""
