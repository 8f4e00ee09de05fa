"""Factories of the practice example tests."""

from __future__ import annotations

import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def office(make_user):
    return make_user("coordinator")


@pytest.fixture
def make_example(app, office):
    """make_example(title=None, publish=True, actor=office, **ExampleInput fields)."""
    from participation.practice import services

    def make(title: str | None = None, *, publish: bool = True, actor=None, **fields):
        fields.setdefault("summary", "Eine kurze Beschreibung des Verfahrens.")
        fields.setdefault("format", "workshop")
        example = services.create(
            actor=actor or office,
            data=services.ExampleInput(title=title or f"Beispiel {next(_numbers)}", **fields),
        )
        if publish:
            services.publish(actor=office, example=example)
        return example

    return make


@pytest.fixture
def reported_process(closed_dialogue):
    """A process whose results report is published (every proposal answered but one)."""
    from participation.answers import services as answers
    from participation.results import services as results

    def make(title: str = "Marktplatz Linden"):
        dialogue = closed_dialogue(title)
        answers.answer(
            actor=dialogue.office,
            proposal=dialogue.proposals[0],
            status="accepted",
            text="Das setzen wir im Frühjahr um, wie vorgeschlagen.",
        )
        results.save(
            actor=dialogue.office,
            process=dialogue.process,
            summary="Die Menschen am Markt wünschen sich mehr Grün und mehr Bänke. " * 2,
            next_steps="",
        )
        results.publish(
            actor=dialogue.office,
            process=dialogue.process,
            override_reason="Zwei Antworten folgen nach der Sitzung des Bezirksrats.",
        )
        return dialogue

    return make
