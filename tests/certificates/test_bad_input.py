"""The code in the path gets every payload family (the harness covers query parameters and
the code form's `code`): never a 5xx, never new markup, never an evaluated template."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.harness.test_bad_input import PAYLOADS, judge_query_response
from tests.harness.xss import dangerous_features


def _path_segment(payload: str) -> str:
    return quote(payload.encode("utf-8", "surrogatepass"), safe="")


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "resident"])
def test_payloads_in_the_code_of_the_path(client, make_user, make_certificate, signed_in):
    make_certificate(make_user("resident"))
    template = "/bescheinigungen/{}"
    if signed_in:
        client.login(make_user("resident"))
        template = "/konto/bescheinigungen/{}.pdf"
    with client.get(template.format("A" * 32), buffered=True) as base:
        base_html = base.get_data(as_text=True)
    with client.get("/gibt-es-nicht-404", buffered=True) as error_page:
        base_features = dangerous_features(base_html) | dangerous_features(
            error_page.get_data(as_text=True)
        )
    problems = []
    for _family, payload in PAYLOADS:
        if len(payload) > 5000:
            continue  # URLs that long are refused by every server before the app
        with client.get(template.format(_path_segment(payload)), buffered=True) as response:
            # Judged as a query parameter is: no 5xx, no new markup, no evaluated template.
            problems += judge_query_response(response, "path", payload, base_html, base_features)
    assert problems == [], "\n".join(problems[:40])
