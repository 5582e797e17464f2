"""The scoring model: spaCy features, scikit-learn classifiers and their versioned artifacts."""
