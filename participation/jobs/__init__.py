"""Background jobs: one queue (RQ on Redis) with the database as the record that survives."""
