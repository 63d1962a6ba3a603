"""Kinesis lab views: the figures (:mod:`views.kinesis.figures`) and the page's presets
(:mod:`views.kinesis.presets`)."""
