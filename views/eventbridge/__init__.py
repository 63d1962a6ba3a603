"""EventBridge & SAM lab views: events and matches over time, deliveries per target, matches per kind; presets."""
