"""Helpers to read links out of delivered mails."""

import re


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail whose path starts with `path_prefix`."""
    body = message.get_content() if hasattr(message, "get_content") else str(message)
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s]*)", body)
    assert match, f"no link to {path_prefix} in mail:\n{body}"
    return match.group(1)


def mails_to(mails, address: str) -> list:
    return [m for m in mails if m["To"] == address]
