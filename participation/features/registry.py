"""The switchable modules and the routes that belong to each (data, not code paths).

A module names its blueprints and, where another feature serves a part of it (feeds, the
API), single endpoints. Names that no registered blueprint carries are allowed: a module
may be listed before (or without) its code, and then simply has nothing to switch.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Module:
    name: str
    label: str
    description: str
    blueprints: frozenset[str]
    endpoints: frozenset[str] = frozenset()
    # Open-data datasets (participation/opendata/datasets.py slugs) of the module.
    datasets: frozenset[str] = frozenset()


MODULES: dict[str, Module] = {
    module.name: module
    for module in (
        Module(
            "network",
            _l("Netzwerk Bürgermitwirkung"),
            _l(
                "Partnerorganisationen, ihre Beiträge (Stellungnahmen, Veranstaltungen, "
                "Angebote), Netzwerktreffen, Arbeitsgruppen und Wahlen, mit Feeds, API und "
                "offenen Daten."
            ),
            blueprints=frozenset(
                {
                    "network",
                    "network_staff",
                    "partners",
                    "partners_staff",
                    "contributions",
                    # Reporting and moderating network items (participation/moderation).
                    "moderation_network",
                    "volunteerphone",
                    "volunteerphone_staff",
                    "marketplace",
                    "marketplace_staff",
                    "engagementcert",
                    "fund",
                    "fund_staff",
                    "volunteering",
                    "volunteering_staff",
                }
            ),
            endpoints=frozenset(
                {
                    "feeds.news",
                    "feeds.events",
                    "feeds.events_calendar",
                    "feeds.meetings",
                    "api.partners",
                    "api.partner",
                    "api.contributions",
                }
            ),
            datasets=frozenset({"partnerorganisationen"}),
        ),
        Module(
            "qualification",
            _l("Qualifizierung und Qualitätssicherung"),
            _l("Fortbildungen, Arbeitshilfen und Checklisten, Praxisbeispiele."),
            blueprints=frozenset(
                {
                    "qualification",
                    "qualification_staff",
                    "workaids",
                    "workaids_staff",
                    "practice",
                    "practice_staff",
                }
            ),
        ),
    )
}

_BY_BLUEPRINT = {bp: m.name for m in MODULES.values() for bp in m.blueprints}
_BY_ENDPOINT = {ep: m.name for m in MODULES.values() for ep in m.endpoints}
_BY_DATASET = {ds: m.name for m in MODULES.values() for ds in m.datasets}


def module_of(endpoint: str | None) -> str | None:
    """The module an endpoint belongs to, or None for the portal's core."""
    if not endpoint:
        return None
    if endpoint in _BY_ENDPOINT:
        return _BY_ENDPOINT[endpoint]
    blueprint = endpoint.rpartition(".")[0]
    return _BY_BLUEPRINT.get(blueprint)


def module_of_dataset(slug: str) -> str | None:
    return _BY_DATASET.get(slug)
