"""Contributions of partner organisations: statements on processes, events and offers."""
