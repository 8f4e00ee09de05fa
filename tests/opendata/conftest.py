"""The feeds' world (one of everything public, and of everything that must stay out) and
helpers to read the generated open-data files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.feeds.conftest import NEVER, World, world  # noqa: F401 - the fixture, shared


def fetch(client, path: str, **kwargs):
    """The response with its body read and its file closed (files are sent streamed)."""
    response = client.get(path, buffered=True, **kwargs)
    response.close()
    return response


def read_csv(client, name: str) -> list[list[str]]:
    response = fetch(client, f"/opendata/{name}.csv")
    assert response.status_code == 200, name
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_json(client, name: str) -> dict:
    response = fetch(client, f"/opendata/{name}.json")
    assert response.status_code == 200, name
    return json.loads(response.get_data().decode("utf-8"))


@pytest.fixture
def generated(app, request):
    """The files written by the job's code, after the world is in the database."""
    request.getfixturevalue("world")
    from participation.opendata import generate

    return generate.generate()
