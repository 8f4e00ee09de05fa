"""What a data export holds: the person's rows from every table, readable and as JSON;
no secrets and nothing about anyone else; built in batches however much there is."""

from __future__ import annotations

import tracemalloc

from sqlalchemy import insert

from participation.accounts.models import (
    AccountSession,
    RecoveryCode,
    TwoFactor,
    WebAuthnCredential,
)
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.extensions import db
from participation.follows import services as follows
from participation.moderation import services as moderation
from participation.notifications import interests
from participation.privacy import export as builder
from participation.privacy import services
from participation.votes import services as votes
from tests.privacy.conftest import unpack

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSKEY_ID = "cGFzc2tleS1pZC1mb3ItdGhlLWV4cG9ydA"


def _security_rows(user) -> None:
    now = utcnow()
    db.session.add_all(
        [
            TwoFactor(user_id=user.id, secret=TOTP_SECRET, confirmed_at=now),
            RecoveryCode(user_id=user.id, code_hash="c0de" * 16),
            AccountSession(
                user_id=user.id,
                key_hash="5e55" * 16,
                created_at=now,
                last_seen_at=now,
                device="Firefox auf Linux",
                network="192.0.2.0/24",
            ),
            WebAuthnCredential(
                user_id=user.id,
                credential_id=PASSKEY_ID,
                public_key=b"\xa5\x01\x02\x03\x26",
                sign_count=7,
                name="YubiKey",
            ),
        ]
    )
    db.session.commit()


def test_the_export_holds_the_persons_rows(
    built_export, make_user, make_process, make_proposal, make_comment
):
    person = make_user("resident", pseudonym="Ida Beispiel", email="ida@example.org")
    process = make_process("Spielplatz Linden")
    own = make_proposal(process, author=person, title="Mehr Schatten am Spielplatz")
    other = make_proposal(process, title="Ein fremder Vorschlag")
    comment = make_comment(process, proposal=other, author=person, body="Gute Idee, finde ich.")
    votes.support(actor=person, proposal=other)
    votes.rate(actor=person, comment=make_comment(process, proposal=other), value=1)
    follows.follow(actor=person, process=process)
    interests.save(actor=person, data=interests.InterestInput(area="10", keywords="Schatten"))
    _security_rows(person)

    _export, got = built_export(person)

    assert got.data["format"] == "beteiligungsportal-datenexport"
    (account,) = got.rows("account")
    assert account["email"] == "ida@example.org"
    assert account["pseudonym"] == "Ida Beispiel"
    assert {"password_hash", "email_key", "pseudonym_key"}.isdisjoint(account)
    assert [p["title"] for p in got.rows("proposal")] == [own.title]
    assert [c["id"] for c in got.rows("comment")] == [comment.id]
    assert [s["proposal_id"] for s in got.rows("support")] == [other.id]
    assert len(got.rows("comment_rating")) == 1
    assert [f["process_id"] for f in got.rows("process_follow")] == [process.id]
    assert got.rows("interest")[0]["keywords"]
    (two_factor,) = got.rows("two_factor")
    assert two_factor["confirmed_at"] and "secret" not in two_factor
    assert got.rows("recovery_code") and "code_hash" not in got.rows("recovery_code")[0]
    assert got.rows("account_session")[0]["device"] == "Firefox auf Linux"
    (passkey,) = got.rows("webauthn_credential")
    assert passkey["name"] == "YubiKey" and passkey["created_at"]
    assert {"public_key", "credential_id", "sign_count"}.isdisjoint(passkey)
    for secret in (TOTP_SECRET, "c0de" * 16, "5e55" * 16, person.password_hash, PASSKEY_ID):
        assert secret not in got.raw
    # The readable page says the same, in German, with nothing loaded from elsewhere.
    assert "Mehr Schatten am Spielplatz" in got.html
    assert "Gute Idee, finde ich." in got.html
    assert '<html lang="de">' in got.html and "Ihre Vorschläge" in got.html
    assert "http://" not in got.html and "https://" not in got.html
    assert "<script" not in got.html and "<link" not in got.html


def test_nobody_elses_data_is_in_the_export(
    built_export, make_user, make_process, make_proposal, make_comment, mails
):
    person = make_user("resident", pseudonym="Ida Beispiel")
    other = make_user("resident", email="zweite.person@example.org", pseudonym="Quirin Zweit")
    moderator = make_user(
        "district_manager", district="10", email="mod.erika@example.org", pseudonym="Mod Erika"
    )
    process = make_process("Platzgestaltung", district="10")
    proposal = make_proposal(process, author=person, title="Bänke am Platz")
    comment = make_comment(process, proposal=proposal, author=person, body="Mein Kommentar hier")
    # The other person answers, supports, rates, follows and reports.
    make_comment(process, proposal=proposal, parent=comment, author=other, body="Antwort von Q")
    votes.support(actor=other, proposal=proposal)
    votes.rate(actor=other, comment=comment, value=-1)
    follows.follow(actor=other, item=proposal)
    target = moderation.target_of(comment_id=comment.id)
    moderation.report(actor=other, target=target, reason="insult", note="MELDENOTIZ-GEHEIM")
    moderation.add_note(actor=moderator, target=target, text="INTERNE-MODERATIONSNOTIZ")
    moderation.hide(
        actor=moderator, target=target, reason="insult", explanation="Bitte sachlich bleiben."
    )
    moderation.appeal(actor=person, target=target, text="Das war nicht beleidigend gemeint.")

    _export, got = built_export(person)

    for foreign in (
        other.email,
        other.pseudonym,
        moderator.email,
        moderator.pseudonym,
        "MELDENOTIZ-GEHEIM",
        "INTERNE-MODERATIONSNOTIZ",
        "Antwort von Q",
    ):
        assert foreign not in got.raw, foreign
    assert not {other.id, moderator.id} & _person_ids(got.data)
    # What is theirs is there: the decision with its public reason, their appeal, the mail.
    (decision,) = got.rows("moderation_of_content")
    assert decision["action"] == "hide"
    assert decision["explanation"] == "Bitte sachlich bleiben."
    assert "actor_id" not in decision
    assert got.rows("appeal")[0]["text"] == "Das war nicht beleidigend gemeint."
    mails_in_export = got.rows("outbox_mail")
    assert any("Bitte sachlich bleiben." in m["body"] for m in mails_in_export)
    assert all("http" not in m["body"] for m in mails_in_export)  # links carry tokens
    assert "Bitte sachlich bleiben." in got.html


def _person_ids(data: dict) -> set[int]:
    """Every value of a column that points at a person, in every section."""
    from participation.privacy.registry import SOURCES, person_columns

    found = set()
    for source in SOURCES:
        names = person_columns(source.table) | ({"id"} if source.key == "account" else set())
        for row in data["sections"][source.key]["rows"]:
            found |= {row[name] for name in names if row.get(name) is not None}
    return found


def test_a_big_export_is_written_in_batches(app, make_user, make_process):
    person = make_user("resident")
    process = make_process("Großes Verfahren")
    body = "Ein Kommentar mit etwas Text, damit die Datei nicht winzig ist. " * 4
    rows = [
        {
            "process_id": process.id,
            "author_id": person.id,
            "body_markdown": f"{body} ({number})",
            "body_html": f"<p>{body} ({number})</p>",
        }
        for number in range(10_000)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()
    del rows

    tracemalloc.start()
    try:
        export = services.request_export(actor=person)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    db.session.refresh(export)
    assert export.status == "ready"
    got = unpack(builder.file_path(export.id).read_bytes())
    assert len(got.rows("comment")) == 10_000
    assert got.html.count("(9999)") == 1
    # Measured: ~2.5 MiB in batches of BATCH_ROWS; ~12.5 MiB when the rows are fetched all
    # at once (and that grows with the rows, the batches do not).
    assert peak < 6 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
