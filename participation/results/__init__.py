"""The results report of a process: what was said, what became of it, what comes next."""
