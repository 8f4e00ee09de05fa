"""The DCAT-AP.de catalogue: parsed with rdflib in both serialisations, every mandatory
(and the recommended ones the city's portal harvests) class and property present, and
every distribution's address answers 200 with the media type the catalogue states."""

from __future__ import annotations

import warnings
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from participation.opendata.catalog import DCATDE, VCARD
from participation.opendata.datasets import DATASETS
from tests.opendata.conftest import fetch

LICENSE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
HANNOVER = URIRef("http://dcat-ap.de/def/politicalGeocoding/regionalKey/032410001001")
MUNICIPALITY = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
FILE_TYPES = {
    "text/csv": URIRef("http://publications.europa.eu/resource/authority/file-type/CSV"),
    "application/json": URIRef("http://publications.europa.eu/resource/authority/file-type/JSON"),
}

CATALOG_PROPERTIES = (
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.publisher,
    DCAT.dataset,
    DCTERMS.language,
    FOAF.homepage,
    DCTERMS.modified,
)
DATASET_PROPERTIES = (
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.identifier,
    DCAT.distribution,
    DCTERMS.publisher,
    DCAT.contactPoint,
    DCAT.theme,
    DCAT.keyword,
    DCTERMS.issued,
    DCTERMS.modified,
    DCTERMS.spatial,
    DCATDE.politicalGeocodingURI,
    DCATDE.politicalGeocodingLevelURI,
    DCATDE.contributorID,
)
DISTRIBUTION_PROPERTIES = (
    DCAT.accessURL,
    DCAT.downloadURL,
    DCTERMS.format,
    DCAT.mediaType,
    DCTERMS.license,
    DCATDE.licenseAttributionByText,
    DCTERMS.modified,
    DCAT.byteSize,
)


def _graph(client, name: str, rdf_format: str, media_type: str) -> Graph:
    response = fetch(client, f"/opendata/{name}")
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.headers["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    with warnings.catch_warnings():
        # rdflib's own JSON-LD parser builds a ConjunctiveGraph, which rdflib deprecates.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=response.get_data(), format=rdf_format)


@pytest.fixture
def graph(client, generated):
    turtle = _graph(client, "catalog.ttl", "turtle", "text/turtle")
    json_ld = _graph(client, "catalog.jsonld", "json-ld", "application/ld+json")
    assert isomorphic(turtle, json_ld)
    return turtle


def _one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert values, (subject, predicate)
    return values[0]


def test_catalog_has_its_mandatory_properties(graph):
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    for predicate in CATALOG_PROPERTIES:
        assert (catalog, predicate, None) in graph, predicate
    publisher = _one(graph, catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert _one(graph, publisher, FOAF.name) == Literal("Landeshauptstadt Hannover", lang="de")
    assert len(list(graph.objects(catalog, DCAT.dataset))) == len(DATASETS)


def test_every_dataset_has_its_mandatory_properties(graph):
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(DATASETS)
    for dataset in datasets:
        for predicate in DATASET_PROPERTIES:
            assert (dataset, predicate, None) in graph, (dataset, predicate)
        contact = _one(graph, dataset, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert (contact, VCARD.fn, None) in graph
        assert str(_one(graph, contact, VCARD.hasEmail)).startswith("mailto:")
        assert str(_one(graph, dataset, DCAT.theme)).startswith(
            "http://publications.europa.eu/resource/authority/data-theme/"
        )
        assert _one(graph, dataset, DCATDE.politicalGeocodingURI) == HANNOVER
        assert _one(graph, dataset, DCATDE.politicalGeocodingLevelURI) == MUNICIPALITY
        titles = {t.language for t in graph.objects(dataset, DCTERMS.title)}
        assert "de" in titles
        assert len(list(graph.objects(dataset, DCAT.distribution))) == 2


def test_the_sparql_view_finds_every_distribution_complete(graph):
    """The harvester's question, as SPARQL: datasets with a licensed, typed download."""
    rows = graph.query(
        """
        SELECT ?dataset ?download ?media ?format ?size WHERE {
          ?catalog a dcat:Catalog ; dcat:dataset ?dataset .
          ?dataset a dcat:Dataset ; dct:title ?title ; dct:description ?description ;
                   dcat:distribution ?distribution .
          ?distribution a dcat:Distribution ; dcat:accessURL ?access ;
                        dcat:downloadURL ?download ; dcat:mediaType ?media ;
                        dct:format ?format ; dct:license ?license ; dcat:byteSize ?size ;
                        dcatde:licenseAttributionByText ?attribution .
          FILTER (?license = <http://dcat-ap.de/def/licenses/dl-by-de/2.0>)
          FILTER (lang(?title) = "de")
        }
        """,
        initNs={"dcat": DCAT, "dct": DCTERMS, "dcatde": DCATDE},
    )
    assert len({row.download for row in rows}) == 2 * len(DATASETS)


def test_every_distribution_answers_with_its_media_type_and_size(client, graph):
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * len(DATASETS)
    for distribution in distributions:
        for predicate in DISTRIBUTION_PROPERTIES:
            assert (distribution, predicate, None) in graph, (distribution, predicate)
        assert _one(graph, distribution, DCTERMS.license) == LICENSE
        media = str(_one(graph, distribution, DCAT.mediaType)).rsplit("media-types/", 1)[1]
        assert _one(graph, distribution, DCTERMS.format) == FILE_TYPES[media]
        for predicate in (DCAT.accessURL, DCAT.downloadURL):
            url = urlsplit(str(_one(graph, distribution, predicate)))
            assert url.scheme and url.netloc  # absolute, from BASE_URL
            response = fetch(client, url.path)
            assert response.status_code == 200, url.path
            assert response.mimetype == media
            size = int(_one(graph, distribution, DCAT.byteSize))
            assert len(response.get_data()) == size
