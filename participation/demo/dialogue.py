"""Demo contributions: proposals, comments, replies, supports and ratings in every process
that has had a dialogue, made through the services as on the day they were written."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.comments import services as comments
from participation.core.clock import CITY_TIMEZONE, local_today, travel
from participation.districts.services import list_quarters
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals import services as proposals
from participation.proposals.models import Proposal
from participation.votes import services as votes

DEMO_RESIDENTS = (
    ("anwohnerin.linden@example.org", "Gartenfreundin"),
    ("radfahrer.nord@example.org", "Radler aus Vahrenheide"),
    ("eltern.sued@example.org", "Elternrat Südstadt"),
    ("senior.mitte@example.org", "Herbert M."),
    ("studi.nord@example.org", "Kim aus der Nordstadt"),
    ("nachbar.ricklingen@example.org", "Nachbar*in Ricklingen"),
)

# Per process: (title, body, category index or None, supporters, comments), where a comment
# is (author index, text, replies as (author index, text)).
IDEAS = (
    (
        "Mehr Schatten durch Bäume und Sonnensegel",
        "Im Sommer ist es auf den Flächen sehr heiß. Große Bäume oder Sonnensegel über den "
        "Sitzplätzen würden helfen, dass Familien länger bleiben können.",
        1,
        5,
        (
            (
                1,
                "Sonnensegel sind schnell gebaut, Bäume brauchen Jahre. Am besten beides.",
                ((2, "Genau, erst Segel, dann Bäume, die später den Schatten übernehmen."),),
            ),
            (3, "Bitte auch an Trinkwasser denken, ein Trinkbrunnen wäre toll.", ()),
        ),
    ),
    (
        "Barrierefreier Zugang für alle",
        "Die Wege sollten ohne Stufen erreichbar sein, mit festem Belag für Rollstühle, "
        "Rollatoren und Kinderwagen.",
        2,
        4,
        ((4, "Auch Bänke mit Armlehnen helfen älteren Menschen beim Aufstehen.", ()),),
    ),
    (
        "Sichere Querung an der Hauptstraße",
        "Viele Kinder kommen über die Hauptstraße. Eine Ampel oder ein Zebrastreifen mit "
        "Mittelinsel würde den Weg sicherer machen.",
        None,
        3,
        (
            (
                0,
                "Morgens um acht ist es dort wirklich gefährlich.",
                ((5, "Das kann ich bestätigen, ich wohne direkt daneben."),),
            ),
        ),
    ),
    (
        "Treffpunkt für Jugendliche",
        "Es fehlt ein Ort, an dem sich Jugendliche treffen können, ohne jemanden zu stören: "
        "ein überdachter Unterstand mit Sitzgelegenheiten.",
        0,
        2,
        (),
    ),
)


def demo_residents() -> list:
    users = []
    for email, pseudonym in DEMO_RESIDENTS:
        user = accounts.find_by_email(email)
        if user is None:
            from participation.demo.services import DEMO_PASSWORD

            user = accounts.create_user(
                email=email, password=DEMO_PASSWORD, pseudonym=pseudonym, verified=True
            )
            accounts.grant_role(actor=None, user=user, role="resident")
        users.append(user)
    return users


def _moment(day) -> datetime:
    return datetime.combine(day, time(10, 0), CITY_TIMEZONE).astimezone(UTC)


def seed_dialogue(staff_by_district: dict) -> int:
    """Add the demo contributions to every public process whose dialogue has begun and that
    has none yet; returns how many proposals were added."""
    residents = demo_residents()
    today = local_today()
    added = 0
    processes = db.session.scalars(
        select(Process).where(Process.status != "draft").order_by(Process.id)
    ).all()
    for process in processes:
        dialogue = next((p for p in process.phases if p.kind == "dialogue"), None)
        if dialogue is None or dialogue.starts_on > today:
            continue
        if db.session.scalar(select(Proposal.id).where(Proposal.process_id == process.id)):
            continue
        day = dialogue.starts_on + timedelta(days=1)
        if day > min(today, dialogue.ends_on):
            day = dialogue.starts_on
        status = process.status
        # Replay the dialogue as it was: while it ran, the process was open.
        process.status = "published"
        db.session.commit()
        try:
            with travel(_moment(day)):
                added += _contribute(process, residents, staff_by_district)
        finally:
            process.status = status
            db.session.commit()
    return added


def _contribute(process: Process, residents: list, staff_by_district: dict) -> int:
    count = 0
    # Most ideas name a quarter of the process's district (of the city, for a city-wide
    # process), so the map beside the list has something to show; every fourth names none.
    quarters = list_quarters(process.district_id)
    for number, (title, body, category, supporters, thread) in enumerate(IDEAS):
        quarter = (
            quarters[(number * 3 + process.id) % len(quarters)]
            if quarters and number % 4 != 3
            else None
        )
        author = residents[number % len(residents)]
        category_id = (
            process.categories[category].id
            if category is not None and category < len(process.categories)
            else None
        )
        proposal = proposals.submit_proposal(
            actor=author,
            process=process,
            title=title,
            body=body,
            category_id=category_id,
            quarter_id=quarter.id if quarter else None,
        )
        count += 1
        for supporter in [r for r in residents if r.id != author.id][:supporters]:
            votes.support(actor=supporter, proposal=proposal)
        for author_index, text, replies in thread:
            comment = comments.post_comment(
                actor=residents[author_index], process=process, proposal=proposal, body=text
            )
            for reply_index, reply_text in replies:
                comments.post_comment(
                    actor=residents[reply_index],
                    process=process,
                    proposal=proposal,
                    parent=comment,
                    body=reply_text,
                )
            rater = residents[(author_index + 1) % len(residents)]
            votes.rate(actor=rater, comment=comment, value=1)
    question = comments.post_comment(
        actor=residents[3],
        process=process,
        body="Wird es zu dem Vorhaben auch eine Veranstaltung vor Ort geben?",
    )
    staff = staff_by_district.get(process.district_id) or staff_by_district.get(None)
    if staff is not None:
        comments.post_comment(
            actor=staff,
            process=process,
            parent=question,
            body="Ja, wir laden zu einem Rundgang vor Ort ein. Den Termin finden Sie bald "
            "auf dieser Seite.",
            official=True,
        )
    return count
