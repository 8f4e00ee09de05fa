"""The staff area shows each staff user what their roles let them do."""


def test_district_manager_sees_their_district(client, make_user):
    client.login(make_user("district_manager", district="10"))
    html = client.get("/verwaltung").get_data(as_text=True)
    assert "Stadtbezirk Linden-Limmer" in html
    assert "Texte der Pflichtseiten" not in html


def test_coordinator_sees_operator_tasks(client, make_user):
    client.login(make_user("coordinator"))
    html = client.get("/verwaltung").get_data(as_text=True)
    assert (
        "Texte der Pflichtseiten bearbeiten" in html
        and "Rückmeldungen zur Barrierefreiheit" in html
    )


def test_residents_and_partners_are_refused(client, make_user):
    client.login(make_user("resident"))
    assert client.get("/verwaltung").status_code == 403
    client.logout()
    client.login(make_user("partner_member"))
    assert client.get("/verwaltung").status_code == 403


def test_feedback_list_is_paginated_with_fixed_queries(
    app, client, make_user, db, assert_max_queries
):
    from participation.pages.models import AccessibilityFeedback

    client.login(make_user("coordinator"))

    def queries_for(total):
        db.session.add_all(AccessibilityFeedback(message=f"Barriere {n}") for n in range(total))
        db.session.commit()
        with assert_max_queries(20) as counter:
            assert client.get("/verwaltung/rueckmeldungen").status_code == 200
        return counter.count

    few = queries_for(3)
    many = queries_for(60)
    assert few == many
    html = client.get("/verwaltung/rueckmeldungen?seite=3").get_data(as_text=True)
    assert "Seite 3 von 4" in html
    assert client.get("/verwaltung/rueckmeldungen?seite=-5").status_code == 200
    assert client.get("/verwaltung/rueckmeldungen?seite=abc").status_code == 200
