"""Work aids (Arbeitshilfen): guides, templates and checklists of the coordination office,
with versions; and interactive checklists attached to processes."""
