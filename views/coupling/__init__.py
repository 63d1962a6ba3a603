"""Figures and presets of the loose vs tight coupling lab."""
