"""Proposals (Vorschläge) residents make in the dialogue phase of a process."""
