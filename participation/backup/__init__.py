"""Backup and restore: SQLite's online backup with an integrity check; pg_dump and
pg_restore for PostgreSQL."""
