"""Partner organisations of the civic-engagement network."""
