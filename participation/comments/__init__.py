"""Comments on a process (general discussion) or a proposal, with one level of replies."""
