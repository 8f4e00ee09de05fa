"""Participation processes (Beteiligungsverfahren) and their phases."""
