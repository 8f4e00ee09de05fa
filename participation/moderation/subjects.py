"""Network items in the moderation: the kinds of content of the network's projects (partners'
contributions, volunteer opportunities, marketplace entries, fund applications, …) that
residents report and the coordination office hides with a public reason.

A feature plugs its model in with one `register(...)` call at import time (see
docs/moderation.md, "Inhalte des Netzwerks"). The model needs the columns `hidden_at`
(datetime, nullable), `hidden_reason` (String(40), default "") and `hidden_explanation`
(Text, default ""), a public page, and must leave every public list, page, feed and count
while `hidden_at` is set. Reports and moderation actions name the item by `subject_kind`
(the registered kind) and `subject_id`; they have no process, and no district manager sees
them: the coordination office (coordinators and admins) moderates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import url_for

from participation.core.links import external_url


@dataclass(frozen=True)
class Subject:
    """How the moderation handles one kind of network item."""

    # The kind in URLs and in the database (report.subject_kind), e.g. "beitraege".
    kind: str
    model: type
    # What the item is, for staff and mails ("Beitrag einer Partnerorganisation").
    label: Any
    # The item's public page: endpoint and the name of its id argument.
    public_endpoint: str
    id_arg: str
    # The item's title (one line), and who it belongs to (organisation or company name).
    title: Callable[[Any], str]
    owner_label: Callable[[Any], str]
    # The people who speak for the item (members of the owning organisation): they get the
    # notice when it is hidden or shown again, and do not report it themselves.
    owners: Callable[[Any], list]
    # Whether `actor` is one of them (no query where the roles are loaded with the user).
    owned_by: Callable[[Any, Any], bool]
    # Whether the item is public apart from moderation (published, not withdrawn, …).
    is_published: Callable[[Any], bool]
    # The item's text for the moderators (plain text or sanitised HTML, see `text_is_html`).
    text: Callable[[Any], str] = lambda item: ""
    text_is_html: bool = False

    def get(self, item_id: int):
        from participation.extensions import db

        return db.session.get(self.model, item_id)

    def local_link(self, item) -> str:
        return url_for(self.public_endpoint, **{self.id_arg: item.id})

    def link(self, item) -> str:
        return external_url(self.public_endpoint, **{self.id_arg: item.id})


SUBJECTS: dict[str, Subject] = {}


def register(
    kind: str,
    model: type,
    *,
    label,
    public_endpoint: str,
    id_arg: str,
    title: Callable[[Any], str],
    owner_label: Callable[[Any], str],
    owners: Callable[[Any], list],
    owned_by: Callable[[Any, Any], bool],
    is_published: Callable[[Any], bool],
    text: Callable[[Any], str] | None = None,
    text_is_html: bool = False,
) -> Subject:
    """Make `model` a network item the moderation handles under `kind` (a URL-safe slug of
    up to 30 characters). Registering the same kind again replaces it (app factories run
    more than once in the tests)."""
    if not kind.isascii() or not kind.replace("-", "").isalnum() or len(kind) > 30:
        raise ValueError(f"subject kind {kind!r}: a slug of up to 30 letters, digits or dashes")
    for column in ("hidden_at", "hidden_reason", "hidden_explanation"):
        if not hasattr(model, column):
            raise ValueError(f"{model.__name__} lacks the column {column}")
    subject = Subject(
        kind=kind,
        model=model,
        label=label,
        public_endpoint=public_endpoint,
        id_arg=id_arg,
        title=title,
        owner_label=owner_label,
        owners=owners,
        owned_by=owned_by,
        is_published=is_published,
        text=text or (lambda item: ""),
        text_is_html=text_is_html,
    )
    SUBJECTS[kind] = subject
    return subject


def subject_of(kind: str) -> Subject | None:
    return SUBJECTS.get(kind)


def kinds() -> tuple[str, ...]:
    return tuple(SUBJECTS)
