"""Freiwilligentelefon: the volunteer phone line of the network (hours, roster, callbacks)."""
