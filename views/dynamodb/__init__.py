"""The DynamoDB lab's views: its figures, metric numbers and captions (:mod:`views.dynamodb.figures`)
and the page's named scenarios (:mod:`views.dynamodb.presets`)."""
