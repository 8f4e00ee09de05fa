"""The coordination office's workflow: lifecycle, review, answers and results."""
