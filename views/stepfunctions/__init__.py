"""Views of the Step Functions vs SWF lab: its figures, the SWF panel and the page's presets."""
