"""/mitmachen: every way to take part in one place, also on every district page (issue 20)."""
