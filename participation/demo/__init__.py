"""Demo data for `make run` and for looking at every page with real content."""
