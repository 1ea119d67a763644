"""A run over many files: which inputs to check, where each output goes, the run's settings."""
