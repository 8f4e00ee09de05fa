"""Residents follow processes they care about and hear when something happens."""
