"""Förderfonds zur Anerkennungskultur: calls, applications, jury scores, decisions."""
