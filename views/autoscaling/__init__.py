"""The Auto Scaling lab's views: figures, control groups and presets of its three pages."""
