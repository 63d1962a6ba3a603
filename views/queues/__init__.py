"""Figures and presets of the queues lab (SQS & SNS)."""
