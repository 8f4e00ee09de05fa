"""Politics as an audience: council members read their district's work before it is public."""
