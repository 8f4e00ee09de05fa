"""Residents stay informed: events, the notification centre, interests, digests and mails."""
