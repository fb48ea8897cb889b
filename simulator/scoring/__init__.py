"""Scoring: the rule engine that judges each reply, and the session scores built on it."""
