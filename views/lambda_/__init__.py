"""Figures and presets of the Lambda lab (``lambda_``: ``lambda`` is a Python keyword)."""
