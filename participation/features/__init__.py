"""Feature switches: modules of the portal that the administrator turns on and off."""
