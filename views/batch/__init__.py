"""Views of the AWS Batch lab: its figures, control groups and the page's presets."""
