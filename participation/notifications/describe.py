"""What a notification says, in words and with a link: one place for the centre, the
instant mail and the digest."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from participation.core.clock import CITY_TIMEZONE
from participation.notifications.models import NotificationEvent


@dataclass(frozen=True)
class Described:
    text: str
    endpoint: str
    values: dict
    # What the digest groups it under: the process's title, or the network.
    group: str


def _title_of_thread(event: NotificationEvent) -> str:
    if event.proposal is not None:
        return event.proposal.title
    if event.contribution is not None:
        return event.contribution.title
    return event.process.title if event.process is not None else ""


def describe(event: NotificationEvent) -> Described:
    """The sentence and link for an event whose items are loaded (plain text: escaped by
    whatever shows it)."""
    kind, process = event.kind, event.process
    group = process.title if process is not None else _("Netzwerk Bürgermitwirkung")
    comment = ("comments.show", {"comment_id": event.comment_id})
    if kind == "process_listed":
        return Described(
            _("„%(title)s“ steht neu auf der Vorhabenliste.", title=process.title),
            "coordination.planned",
            {"_anchor": f"vorhaben-{process.id}"},
            group,
        )
    if kind == "process_published":
        text = _(
            "„%(title)s“ ist jetzt online: Sie können sich informieren und mitreden.",
            title=process.title,
        )
        if event.detail:
            text += " " + _("Der Dialog beginnt am %(date)s.", date=event.detail)
        return Described(text, "projects.detail", {"slug": process.slug}, group)
    if kind == "dialogue_opened":
        text = _(
            "Der Dialog zu „%(title)s“ hat begonnen. Sie können mitmachen.", title=process.title
        )
        return Described(text, "projects.detail", {"slug": process.slug}, group)
    if kind == "dialogue_closing":
        text = _(
            "Der Dialog zu „%(title)s“ endet am %(date)s.", title=process.title, date=event.detail
        )
        return Described(text, "projects.detail", {"slug": process.slug}, group)
    if kind == "dialogue_closed":
        text = _("Der Dialog zu „%(title)s“ ist beendet.", title=process.title)
        return Described(text, "projects.detail", {"slug": process.slug}, group)
    if kind == "results_published":
        text = _("Die Ergebnisse von „%(title)s“ sind veröffentlicht.", title=process.title)
        return Described(text, "results.report", {"slug": process.slug}, group)
    if kind == "official_answer":
        text = _(
            "Die Verwaltung hat auf den Vorschlag „%(title)s“ geantwortet.",
            title=event.proposal.title,
        )
        return Described(text, "proposals.detail", {"proposal_id": event.proposal_id}, group)
    if kind == "comment_reply":
        text = _("Neue Antwort auf Ihren Kommentar zu „%(title)s“.", title=_title_of_thread(event))
        return Described(text, *comment, group)
    if kind == "proposal_comment":
        text = _("Neuer Kommentar zum Vorschlag „%(title)s“.", title=_title_of_thread(event))
        return Described(text, *comment, group)
    if kind == "official_comment":
        text = _(
            "Die Verwaltung hat einen offiziellen Kommentar zu „%(title)s“ geschrieben.",
            title=_title_of_thread(event),
        )
        return Described(text, *comment, group)
    contribution = event.contribution
    if kind == "contribution_published":
        text = _(
            "%(organisation)s hat „%(title)s“ veröffentlicht.",
            organisation=contribution.organisation.name,
            title=contribution.title,
        )
        link = {"contribution_id": contribution.id}
        return Described(text, "contributions.detail", link, group)
    if kind == "event_changed":
        link = {"contribution_id": contribution.id}
        if event.detail == "cancelled":
            text = _("Die Veranstaltung „%(title)s“ wurde abgesagt.", title=contribution.title)
        elif event.detail == "place":
            text = _(
                "Sie haben einen Platz bei „%(title)s“ von %(organisation)s: Sie sind von der "
                "Warteliste nachgerückt. Wann: %(when)s. Wo: %(place)s.",
                title=contribution.title,
                organisation=contribution.organisation.name,
                when=_when(contribution),
                place=contribution.place,
            )
        else:
            when = _when(contribution)
            text = _(
                "Die Veranstaltung „%(title)s“ wurde geändert: %(when)s, %(place)s.",
                title=contribution.title,
                when=when,
                place=contribution.place,
            )
        return Described(text, "contributions.detail", link, group)
    if kind == "group_news":
        group_row = event.working_group
        text = _(
            "Neues aus der Arbeitsgruppe „%(title)s“: %(detail)s",
            title=group_row.title,
            detail=event.detail,
        )
        return Described(text, "network.group", {"slug": group_row.slug}, group)
    if kind == "volunteer_opportunity":
        from participation.volunteering.searches import describe as volunteering_text

        return Described(*volunteering_text(event), group)
    return Described(kind, "pages.home", {}, group)


def _when(contribution) -> str:
    """An event's start in city time, as people read it."""
    if contribution.starts_at is None:
        return ""
    return format_datetime(contribution.starts_at.astimezone(CITY_TIMEZONE), "medium")


def long_date(value) -> str:
    """A date as written in the sentences ("4. Dezember 2026")."""
    return format_date(value, "long")
