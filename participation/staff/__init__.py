"""The staff area /verwaltung."""
