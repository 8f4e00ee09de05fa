"""Atom and iCalendar feeds of the public content: processes, proposals, results, network."""
