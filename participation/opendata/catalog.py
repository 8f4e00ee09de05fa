"""The DCAT-AP.de catalogue of the open data: one dcat:Catalog, a dcat:Dataset for each
dataset and a dcat:Distribution for each of its files, with what the city's open-data
portal (and GovData behind it) needs to harvest them."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from participation.opendata.datasets import DATASETS, Links

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
IANA = "https://www.iana.org/assignments/media-types/"
GEOCODING_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
REGIONAL_KEY = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/"


def _texts(text) -> list[Literal]:
    """The German text, and the English one where the translations have it."""
    german = str(text)
    with force_locale("en"):
        english = str(text)
    literals = [Literal(german, lang="de")]
    if english != german:
        literals.append(Literal(english, lang="en"))
    return literals


def _moment(iso: str) -> Literal:
    return Literal(datetime.fromisoformat(iso).isoformat(timespec="seconds"), datatype=XSD.dateTime)


def build(manifest: dict, links: Links) -> Graph:
    """The catalogue of the generation that `manifest` describes."""
    from participation.opendata.generate import FORMATS, LICENSE_URI, attribution

    config = current_app.config
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
    ):
        graph.bind(prefix, namespace)
    page = links("opendata.index")
    modified = _moment(manifest["generated_at"])
    issued = _moment(manifest["first_generated_at"])

    publisher = URIRef(config["OPENDATA_PUBLISHER_URL"])
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(config["OPENDATA_PUBLISHER"], lang="de")))

    contact = URIRef(f"{page}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(config["OPENDATA_CONTACT_NAME"], lang="de")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{config['OPENDATA_CONTACT_EMAIL']}")))
    graph.add((contact, VCARD.hasURL, URIRef(page)))

    catalog = URIRef(f"{page}#katalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"Offene Daten: {config['SITE_NAME']}", lang="de")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "Die öffentlichen Daten des Beteiligungsportals: Verfahren, Vorschläge mit "
                "den Antworten der Verwaltung, Zahlen der Ergebnisberichte, Antworten nach "
                "Stadtbezirk und die Partnerorganisationen des Netzwerks.",
                lang="de",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.language, LANGUAGE))
    graph.add((catalog, FOAF.homepage, URIRef(links("pages.home"))))
    graph.add((catalog, DCTERMS.issued, issued))
    graph.add((catalog, DCTERMS.modified, modified))
    graph.add((catalog, DCTERMS.license, URIRef(LICENSE_URI)))

    geocoding = URIRef(REGIONAL_KEY + config["OPENDATA_REGIONAL_KEY"])
    for slug, dataset in DATASETS.items():
        node = URIRef(f"{page}#{slug}")
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        for literal in _texts(dataset.title):
            graph.add((node, DCTERMS.title, literal))
        for literal in _texts(dataset.description):
            graph.add((node, DCTERMS.description, literal))
        graph.add((node, DCTERMS.identifier, Literal(f"{page}#{slug}")))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCAT.theme, URIRef(DATA_THEME + dataset.theme)))
        for keyword in dataset.keywords:
            graph.add((node, DCAT.keyword, Literal(keyword, lang="de")))
        graph.add((node, DCTERMS.language, LANGUAGE))
        graph.add((node, DCTERMS.issued, issued))
        graph.add((node, DCTERMS.modified, modified))
        graph.add((node, DCAT.landingPage, URIRef(f"{page}#{slug}")))
        graph.add((node, DCTERMS.spatial, geocoding))
        graph.add((node, DCATDE.politicalGeocodingURI, geocoding))
        graph.add((node, DCATDE.politicalGeocodingLevelURI, GEOCODING_LEVEL))
        graph.add((node, DCATDE.contributorID, URIRef(config["OPENDATA_CONTRIBUTOR_ID"])))
        graph.add((node, DCTERMS.accrualPeriodicity, _frequency(config)))
        for kind in ("csv", "json"):
            name = f"{slug}.{kind}"
            described = manifest["files"][name]
            served, file_type, media_type = FORMATS[kind]
            url = URIRef(links("opendata.download", name=name))
            distribution = URIRef(f"{page}#{slug}-{kind}")
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            for literal in _texts(dataset.title):
                graph.add(
                    (
                        distribution,
                        DCTERMS.title,
                        Literal(f"{literal} ({kind.upper()})", lang=literal.language),
                    )
                )
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add((distribution, DCTERMS.format, URIRef(FILE_TYPE + file_type)))
            graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
            graph.add((distribution, DCTERMS.license, URIRef(LICENSE_URI)))
            graph.add(
                (distribution, DCATDE.licenseAttributionByText, Literal(attribution(), lang="de"))
            )
            graph.add((distribution, DCTERMS.issued, issued))
            graph.add((distribution, DCTERMS.modified, modified))
            graph.add(
                (
                    distribution,
                    DCAT.byteSize,
                    Literal(described["bytes"], datatype=XSD.nonNegativeInteger),
                )
            )
    return graph


def _frequency(config) -> URIRef:
    """How often the files are written again (EU frequency vocabulary)."""
    minutes = config["OPENDATA_REGENERATE_MINUTES"]
    code = "HOURLY" if minutes <= 60 else "DAILY" if minutes <= 1440 else "WEEKLY"
    return URIRef(f"http://publications.europa.eu/resource/authority/frequency/{code}")
