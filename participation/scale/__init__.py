"""A city-sized data set for the benchmark (`flask bench-data`), and the check that its
stored counters agree with the rows."""
