"""Outgoing mail: an outbox written with the action, delivered after commit."""
