"""Dataset loading and validation, parse caching, training, evaluation and the example store."""
