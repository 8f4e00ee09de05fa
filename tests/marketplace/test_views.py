"""Marketplace pages as plain forms: registering a company, posting, contacting, a deal
agreed through the pages; fixed query counts; valid HTML."""

from __future__ import annotations

from participation.extensions import db
from participation.marketplace import services
from participation.marketplace.models import Company, Deal, MarketEntry
from tests.conftest import count_queries
from tests.marketplace import factories as f
from tests.test_html_validity import nu_errors, skip_without_checker


def test_a_resident_registers_a_company_and_the_office_confirms(app, client, make_user):
    resident = make_user("resident")
    client.login(resident)
    response = client.post_form(
        "/marktplatz/unternehmen/registrieren",
        {"name": "Tischlerei Linden", "sector": "crafts", "website": "https://t.example.org"},
    )
    assert response.status_code == 303
    company = db.session.query(Company).filter_by(name="Tischlerei Linden").one()
    assert company.status == "applied"
    assert "wartet auf die Bestätigung" in client.get("/marktplatz/mein-bereich").get_data(
        as_text=True
    )
    assert client.get("/marktplatz/eintraege/neu").status_code == 403
    services.decide_company(actor=make_user("coordinator"), company=company, confirm=True)
    assert client.get("/marktplatz/eintraege/neu").status_code == 200


def test_the_form_refuses_a_missing_sector_next_to_the_field(client, make_user):
    client.login(make_user("resident"))
    response = client.post_form("/marktplatz/unternehmen/registrieren", {"name": "Ohne"})
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Branche." in response.get_data(as_text=True)


def test_post_an_entry_and_find_it_with_filters(client, make_user):
    company, member = f.company(make_user)
    client.login(member)
    response = client.post_form(
        "/marktplatz/eintraege/neu",
        {
            "party": company.party_key,
            "kind": "offer",
            "category": "rooms",
            "title": "Besprechungsraum am Abend",
            "description": "Für 12 Personen, mit Beamer.",
            "district": "10",
            "publish": "y",
        },
    )
    assert response.status_code == 303
    assert "Besprechungsraum" in client.get("/marktplatz?art=biete&bezirk=10").get_data(
        as_text=True
    )
    assert "Besprechungsraum" not in client.get("/marktplatz?art=suche").get_data(as_text=True)
    assert "Besprechungsraum" not in client.get("/marktplatz?q=transporter").get_data(as_text=True)


def test_a_company_cannot_post_for_another(client, make_user):
    company, _member = f.company(make_user)
    _other, stranger = f.company(make_user)
    client.login(stranger)
    response = client.post_form(
        "/marktplatz/eintraege/neu",
        {
            "party": company.party_key,
            "kind": "offer",
            "category": "rooms",
            "title": "Fremd",
            "description": "Nicht unseres.",
        },
    )
    assert response.status_code == 403
    entry = f.entry(_member, company)
    response = client.post_form(f"/marktplatz/eintraege/{entry.id}/status", {"status": "closed"})
    assert response.status_code == 403
    assert db.session.get(MarketEntry, entry.id).status == "published"


def test_contact_form_says_what_is_shared_and_sends(client, make_user):
    owner, member = f.company(make_user)
    entry = f.entry(member, owner)
    sender_company, sender = f.company(make_user)
    client.login(sender)
    page = client.get(f"/marktplatz/eintraege/{entry.id}").get_data(as_text=True)
    assert "weil Sie Kontakt aufnehmen" in page
    response = client.post_form(
        f"/marktplatz/eintraege/{entry.id}/kontakt",
        {"party": sender_company.party_key, "body": "Hallo!", "reply_email": "r@example.org"},
    )
    assert response.status_code == 303
    assert f.mails_to(member.email, "market-message-") == 1


def test_a_deal_through_the_pages(client, make_user):
    giver, giver_member = f.company(make_user)
    receiver, receiver_member = f.company(make_user)
    client.login(giver_member)
    response = client.post_form(
        "/marktplatz/vereinbarungen/neu",
        {
            "own_party": giver.party_key,
            "own_side": "giver",
            "other_party": receiver.party_key,
            "what": "Ein Transporter für einen Tag",
            "category": "transport",
            "consent": "y",
        },
    )
    assert response.status_code == 303
    deal = db.session.query(Deal).one()
    other = client.application.test_client()
    other.login(receiver_member)
    assert other.post_form(f"/marktplatz/vereinbarungen/{deal.id}/zustimmen", {"consent": "y"})
    db.session.expire_all()
    assert db.session.get(Deal, deal.id).published_at is not None
    assert "Ein Transporter" in client.get("/marktplatz/vereinbarungen").get_data(as_text=True)


def _grow(make_user, n: int):
    company, member = f.company(make_user)
    for number in range(n):
        f.entry(member, company, title=f"Eintrag {number}")
    giver_member = member
    for number in range(n):
        _other, other_member = f.company(make_user)
        deal = services.propose_deal(
            actor=giver_member,
            data=services.DealInput(
                own_party=company.party_key,
                other_party=_other.party_key,
                own_side="giver",
                what=f"Sache {number}",
                category="material",
                consent=True,
            ),
        )
        services.answer_deal(actor=other_member, deal=deal, agree=True, consent=True)
    return member


PATHS = ("/marktplatz", "/marktplatz?art=biete&bezirk=10&q=eintrag", "/marktplatz/vereinbarungen")


def _counts(app, client) -> dict[str, int]:
    counts = {}
    for path in (*PATHS, "/marktplatz/mein-bereich", "/marktplatz/veranstaltungen"):
        with count_queries(app) as counter:
            response = client.get(path)
        if response.status_code == 200:
            counts[path] = counter.count
    return counts


def test_lists_take_a_fixed_number_of_queries(app, client, make_user):
    member = _grow(make_user, 2)
    signed_in = app.test_client()
    signed_in.login(member)
    small = (_counts(app, client), _counts(app, signed_in))
    _grow(make_user, 8)
    f.entry(member, services.parties_of(member)[0], title="Noch einer")
    large = (_counts(app, client), _counts(app, signed_in))
    assert small == large


def test_marketplace_pages_are_valid_html(app, client, make_user, tmp_path):
    skip_without_checker()
    company, member = f.company(make_user)
    entry = f.entry(member, company)
    office = make_user("coordinator")
    event = f.event(office)
    signed_in = app.test_client()
    signed_in.login(member)
    sender_company, sender = f.company(make_user)
    sender_client = app.test_client()
    sender_client.login(sender)
    pages = {
        "list": client.get("/marktplatz?art=biete").get_data(as_text=True),
        "entry (visitor)": client.get(f"/marktplatz/eintraege/{entry.id}").get_data(as_text=True),
        "entry (contact)": sender_client.get(f"/marktplatz/eintraege/{entry.id}").get_data(
            as_text=True
        ),
        "entry (contact error)": sender_client.post_form(
            f"/marktplatz/eintraege/{entry.id}/kontakt", {"party": sender_company.party_key}
        ).get_data(as_text=True),
        "area": signed_in.get("/marktplatz/mein-bereich").get_data(as_text=True),
        "new entry": signed_in.get("/marktplatz/eintraege/neu").get_data(as_text=True),
        "new deal": signed_in.get("/marktplatz/vereinbarungen/neu").get_data(as_text=True),
        "company": client.get(f"/marktplatz/unternehmen/{company.slug}").get_data(as_text=True),
        "register company": signed_in.get("/marktplatz/unternehmen/registrieren").get_data(
            as_text=True
        ),
        "event": signed_in.get(f"/marktplatz/veranstaltungen/{event.id}").get_data(as_text=True),
        "events": client.get("/marktplatz/veranstaltungen").get_data(as_text=True),
        "deals": client.get("/marktplatz/vereinbarungen").get_data(as_text=True),
    }
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors[:40])
