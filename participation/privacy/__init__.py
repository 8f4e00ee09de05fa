"""Residents' data rights: export of what is stored about them, deletion, storage limits."""
