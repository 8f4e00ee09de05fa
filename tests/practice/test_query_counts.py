"""The collection, the staff list and the export cost a fixed number of queries."""

from __future__ import annotations

import pytest


def _examples(make_example, number: int) -> None:
    for n in range(number):
        make_example(
            f"Beispiel {n}",
            scope="district",
            district_code="10",
            action_field_slugs=("wohnen",),
            target_groups=("seniors", "families"),
        )


@pytest.mark.parametrize("number", [2, 30])
def test_collection_for_visitors(client, make_example, assert_max_queries, number):
    _examples(make_example, number)
    with assert_max_queries(9):  # 8 and the feature switches' one read
        assert client.get("/praxisbeispiele?zielgruppe=seniors&q=beispiel").status_code == 200
    with assert_max_queries(6):
        assert client.get("/praxisbeispiele.json").status_code == 200


@pytest.mark.parametrize("number", [2, 30])
def test_collection_and_staff_list_signed_in(
    client, office, make_example, assert_max_queries, number
):
    _examples(make_example, number)
    make_example("Entwurf", publish=False)
    client.login(office)
    with assert_max_queries(14):
        assert client.get("/praxisbeispiele").status_code == 200
    with assert_max_queries(14):
        assert client.get("/verwaltung/praxisbeispiele").status_code == 200
