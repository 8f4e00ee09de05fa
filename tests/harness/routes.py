"""The route table, read from the app: what the harnesses iterate over."""

from __future__ import annotations

from flask import Flask

# The areas that need a sign-in or a role; everything else with GET is public.
NON_PUBLIC_PATHS = ("/verwaltung", "/konto")
# Public but not pages (files, machine-readable, helpers for forms).
NOT_PAGES = {
    "static",
    "pages.sitemap",
    "pages.robots",
    "pages.favicon",
    "pages.healthz",
    "security.security_txt",
    # The sign-in's second step: a page only while a sign-in waits for its code.
    "security.second_factor",
    "accounts.check_pseudonym",
    "accounts.registered",
    # Atom and iCalendar feeds (tests/feeds checks them as documents of their kind).
    "feeds.processes",
    "feeds.district_processes",
    "feeds.proposals",
    "feeds.results",
    "feeds.news",
    "feeds.events",
    "feeds.phases",
    "feeds.district_dialogues",
    "feeds.events_calendar",
    "feeds.meetings",
    # The JSON API (tests/api checks its answers; schemathesis its document).
    "api.index",
    "api.openapi",
    "api.districts",
    "api.action_fields",
    "api.processes",
    "api.register",
    "api.partners",
    "api.contributions",
    "api.accountability",
    # Open-data files: CSV, JSON and the DCAT-AP.de catalogue (tests/opendata checks them).
    "opendata.download",
    # The Vorhabenliste's one-page PDF (tests/council checks it with pypdf).
    "councillors.planned_brief",
    # An attendee's certificate of attendance (tests/qualification reads it with pypdf).
    "qualification.certificate_pdf_by_link",
    # The practice examples' exchange document (tests/practice checks it).
    "practice.export",
    # A holder's certificate as a PDF (tests/certificates checks it with pypdf).
    "certificates.download_pdf",
    # The callback form's confirmation (only after a request; nothing to find by search).
    "volunteerphone.thanks",
    # The marketplace's pages for members of a company or partner (visitors are sent to
    # sign in; tests/marketplace checks them signed in).
    "marketplace.new_entry",
    "marketplace.area",
    "marketplace.register_company",
    "marketplace.new_deal",
}


def rules(app: Flask):
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def public_get_paths(app: Flask) -> list[str]:
    """Public HTML pages without URL arguments, plus one per district."""
    paths = []
    for rule in rules(app):
        if "GET" not in rule.methods or rule.arguments or rule.endpoint in NOT_PAGES:
            continue
        if rule.rule.startswith(NON_PUBLIC_PATHS):
            continue
        paths.append(rule.rule)
    paths += [f"/bezirke/{n:02d}" for n in range(1, 14)]
    return paths
