"""Council papers (Drucksachen) from the council information system through OParl 1.1."""
