"""Views of the EMR lab: its figures and the page's presets."""
