"""Qualification: trainings, workshops and networking meetings of the coordination office."""
