"""Amazon MQ vs SQS lab views: the broker beside SQS over time, the decision table; presets."""
