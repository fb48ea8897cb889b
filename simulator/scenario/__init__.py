"""Scenarios: the model, the YAML loader with positions, validation, conditions."""
