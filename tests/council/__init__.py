"""Council papers through OParl 1.1."""
