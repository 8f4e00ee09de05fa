"""Shared test data of the practice examples."""

# An example with every kind of field filled, for the page checks (axe, Nu checker).
RICH = {
    "scope": "district",
    "district_code": "10",
    "action_field_slugs": ("wohnen",),
    "target_groups": ("seniors",),
    "texts": {"worked": "**Gut**", "not_worked": "Wenig", "resources": "Zwei Leute"},
    "numbers": {"staff_days": 3, "participants": 40},
    "contact": "Stadtbezirksmanagement",
    "contact_email": "sbm@example.org",
}
