"""Supports of proposals and ratings of comments, counted exactly under concurrency."""
