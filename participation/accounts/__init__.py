"""Accounts: registration, verification, sign-in, profile and role assignments."""
