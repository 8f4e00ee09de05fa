"""Proposals and comments for tests, made through the services."""

from __future__ import annotations

import itertools

import pytest

from participation.comments import services as comment_services
from participation.proposals import services as proposal_services

_numbers = itertools.count(1)


@pytest.fixture
def make_proposal(app, make_user, make_process):
    def make(process=None, *, author=None, title: str | None = None, body: str | None = None, **kw):
        process = process or make_process()
        author = author or make_user("resident")
        number = next(_numbers)
        return proposal_services.submit_proposal(
            actor=author,
            process=process,
            title=title or f"Vorschlag Nummer {number}",
            body=body or f"Eine Begründung für Vorschlag {number}.",
            **kw,
        )

    return make


@pytest.fixture
def make_comment(app, make_user):
    def make(process, *, proposal=None, parent=None, author=None, body: str | None = None, **kw):
        return comment_services.post_comment(
            actor=author or make_user("resident"),
            process=process,
            proposal=proposal,
            parent=parent,
            body=body or f"Kommentar {next(_numbers)}",
            **kw,
        )

    return make
