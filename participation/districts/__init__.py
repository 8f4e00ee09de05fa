"""Districts, quarters and action fields: the city's reference data."""
