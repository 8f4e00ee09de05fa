"""Newsletters of the coordination office and the network: subscriptions, issues, sending."""
