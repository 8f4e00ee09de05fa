"""Public marketplace pages (/marktplatz): entries with filters, an entry with the contact
form, published deals, events; and the members' pages: registering a company, the area,
new entries, deals and event registrations."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import DomainError, Forbidden, NotFound
from participation.core.forms import positive_id, submit_form
from participation.core.permissions import can
from participation.core.sitemap import public_page
from participation.districts.services import list_districts
from participation.extensions import db, limiter, login_manager
from participation.marketplace import listing, services
from participation.marketplace import moderation as _moderation  # noqa: F401 - registers the kind
from participation.marketplace.forms import (
    AnswerForm,
    CompanyForm,
    ContactForm,
    DealForm,
    EntryForm,
    RegistrationForm,
)

bp = Blueprint("marketplace", __name__, url_prefix="/marktplatz")


def _actor():
    return current_user._get_current_object()


def _limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


@bp.app_context_processor
def marketplace_labels():
    return {
        "market_kinds": services.KIND_LABELS,
        "market_categories": services.CATEGORY_LABELS,
        "market_sectors": services.SECTOR_LABELS,
    }


def _party_choices() -> list[tuple[str, str]]:
    return [(services.party_key(p), p.name) for p in services.parties_of(_actor())]


def _require_party() -> list[tuple[str, str]]:
    choices = _party_choices()
    if not choices:
        raise Forbidden(
            _(
                "Dafür brauchen Sie ein bestätigtes Unternehmen oder eine aktive "
                "Partnerorganisation."
            )
        )
    return choices


@bp.get("")
@public_page
def index():
    result = listing.entries(
        kind=request.args.get("art", "")[:20],
        category=request.args.get("kategorie", "")[:20],
        district=request.args.get("bezirk", "")[:20],
        q=request.args.get("q", "")[:100],
        page=request.args.get("seite", 1, type=int) or 1,
    )
    return render_template(
        "marketplace/index.html",
        result=result,
        districts=list_districts(),
        kind_slugs=listing.KIND_SLUGS,
        category_slugs=listing.CATEGORY_SLUGS,
        city_wide=listing.CITY_WIDE,
    )


def _entry_page(entry, form=None, status: int = 200):
    form = form or ContactForm()
    actor = _actor()
    form.party.choices = [c for c in _party_choices() if c[0] != entry.owner_key]
    if request.method == "GET" and actor.is_authenticated and not form.reply_email.data:
        form.reply_email.data = actor.email
    return render_template("marketplace/entry.html", entry=entry, form=form), status


@bp.get("/eintraege/<id:entry_id>")
def entry(entry_id: int):
    return _entry_page(services.get_entry(actor=_actor(), entry_id=entry_id))


@bp.post("/eintraege/<id:entry_id>/kontakt")
@login_required
@_limit("RATELIMIT_CONTRIBUTE")
def contact(entry_id: int):
    entry = services.get_entry(actor=_actor(), entry_id=entry_id)
    if not can(_actor(), "contact_market_entry", entry):
        raise Forbidden(_("Nur Unternehmen und Partnerorganisationen schreiben Einträge an."))
    form = ContactForm()
    done, status = submit_form(
        form,
        lambda: services.contact(
            actor=_actor(),
            entry=entry,
            party_key=form.party.data or "",
            body=form.body.data or "",
            reply_email=form.reply_email.data or "",
        ),
        done=_("Ihre Nachricht ist verschickt."),
        target=url_for("marketplace.entry", entry_id=entry.id),
    )
    if done:
        return done
    db.session.rollback()
    return _entry_page(entry, form, status)


def _entry_data(form) -> services.EntryInput:
    return services.EntryInput(
        kind=form.kind.data or "",
        category=form.category.data or "",
        title=form.title.data or "",
        description=form.description.data or "",
        district_code=form.district.data or "",
        valid_until=form.valid_until.data,
        publish=bool(form.publish.data),
    )


def _entry_form(form, choices):
    form.party.choices = choices
    form.district.choices = [("", _("Stadtweit"))] + [(d.code, d.name) for d in list_districts()]
    return form


@bp.route("/eintraege/neu", methods=["GET", "POST"])
@login_required
def new_entry():
    form = _entry_form(EntryForm(), _require_party())
    if request.method == "GET":
        return render_template("marketplace/entry_form.html", form=form)
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            services.create_entry(
                actor=_actor(), party_key=form.party.data or "", data=_entry_data(form)
            )
        ),
        done=_("Ihr Eintrag ist gespeichert."),
        target=url_for("marketplace.area"),
    )
    if done:
        return redirect(url_for("marketplace.entry", entry_id=created[0].id), 303)
    db.session.rollback()
    return render_template("marketplace/entry_form.html", form=form), status


@bp.post("/eintraege/<id:entry_id>/status")
@login_required
def entry_status(entry_id: int):
    entry = services.get_entry(actor=_actor(), entry_id=entry_id)
    if not can(_actor(), "edit_market_entry", entry):
        raise Forbidden(
            _("Sie handeln hier nur für Ihr eigenes Unternehmen oder Ihre Organisation.")
        )
    try:
        services.set_entry_status(
            actor=_actor(), entry=entry, status=request.form.get("status", "")[:20]
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        flash(_("Der Eintrag ist geändert."), "success")
    return redirect(url_for("marketplace.entry", entry_id=entry.id), 303)


@bp.route("/unternehmen/registrieren", methods=["GET", "POST"])
@login_required
def register_company():
    if not can(_actor(), "register_company"):
        raise Forbidden(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    form = CompanyForm()
    if request.method == "GET":
        return render_template("marketplace/company_form.html", form=form)
    done, status = submit_form(
        form,
        lambda: services.register_company(
            actor=_actor(),
            data=services.CompanyInput(
                name=form.name.data or "",
                sector=form.sector.data or "",
                description=form.description.data or "",
                website=form.website.data or "",
                contact_email=form.contact_email.data or "",
                contact_phone=form.contact_phone.data or "",
            ),
        ),
        done=_(
            "Ihr Unternehmen ist angemeldet. Die Koordinierungsstelle bestätigt es; wir "
            "schreiben Ihnen dann."
        ),
        target=url_for("marketplace.area"),
    )
    if done:
        return done
    db.session.rollback()
    return render_template("marketplace/company_form.html", form=form), status


@bp.get("/unternehmen/<slug>")
def company(slug: str):
    return render_template(
        "marketplace/company.html", company=services.get_company(actor=_actor(), slug=slug)
    )


@bp.get("/mein-bereich")
@login_required
def area():
    actor = _actor()
    parties = services.parties_of(actor)
    pending = [
        a.company
        for a in actor.roles
        if a.role == "company_member" and a.company and not a.company.is_active
    ]
    return render_template(
        "marketplace/area.html", parties=parties, pending=pending, **listing.area(parties)
    )


@bp.get("/vereinbarungen")
@public_page
def deals():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template("marketplace/deals.html", result=listing.published_deals(page=page))


def _deal_form(form, choices):
    form.own_party.choices = choices
    others = services.active_parties()
    form.other_party.choices = [("", _("Bitte wählen"))] + [
        (services.party_key(p), p.name) for p in others
    ]
    form.event_id.choices = [("", _("Keine"))] + [
        (str(e.id), e.title) for e in listing.events(page=1).items
    ]
    return form


@bp.route("/vereinbarungen/neu", methods=["GET", "POST"])
@login_required
def new_deal():
    form = _deal_form(DealForm(), _require_party())
    if request.method == "GET":
        form.entry_id.data = request.args.get("eintrag", type=int)
        return render_template("marketplace/deal_form.html", form=form)
    created = []
    done, status = submit_form(
        form,
        lambda: created.append(
            services.propose_deal(
                actor=_actor(),
                data=services.DealInput(
                    own_party=form.own_party.data or "",
                    other_party=form.other_party.data or "",
                    own_side=form.own_side.data or "",
                    what=form.what.data or "",
                    category=form.category.data or "",
                    entry_id=positive_id(form.entry_id.data) if form.entry_id.data else None,
                    event_id=positive_id(form.event_id.data) if form.event_id.data else None,
                    consent=bool(form.consent.data),
                ),
            )
        ),
        done=_("Die Vereinbarung ist vorgeschlagen; die andere Seite bestätigt sie."),
        target=url_for("marketplace.area"),
    )
    if done:
        return redirect(url_for("marketplace.deal", deal_id=created[0].id), 303)
    db.session.rollback()
    return render_template("marketplace/deal_form.html", form=form), status


@bp.get("/vereinbarungen/<id:deal_id>")
def deal(deal_id: int):
    try:
        deal = services.get_deal(actor=_actor(), deal_id=deal_id)
    except NotFound:
        # The link in the mail to the other side: signed out, sign in first.
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        raise
    return render_template(
        "marketplace/deal.html",
        deal=deal,
        form=AnswerForm(),
        my_side=services.my_side(_actor(), deal),
    )


def _deal_step(deal_id: int, step, done: str):
    deal = services.get_deal(actor=_actor(), deal_id=deal_id)
    form = AnswerForm()
    try:
        step(deal, bool(form.consent.data))
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 403:
            raise
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("marketplace.deal", deal_id=deal.id), 303)


@bp.post("/vereinbarungen/<id:deal_id>/zustimmen")
@login_required
def agree(deal_id: int):
    return _deal_step(
        deal_id,
        lambda deal, consent: services.answer_deal(
            actor=_actor(), deal=deal, agree=True, consent=consent
        ),
        _("Sie haben der Vereinbarung zugestimmt."),
    )


@bp.post("/vereinbarungen/<id:deal_id>/ablehnen")
@login_required
def decline(deal_id: int):
    return _deal_step(
        deal_id,
        lambda deal, _consent: services.answer_deal(actor=_actor(), deal=deal, agree=False),
        _("Sie haben die Vereinbarung abgelehnt."),
    )


@bp.post("/vereinbarungen/<id:deal_id>/veroeffentlichen")
@login_required
def consent(deal_id: int):
    return _deal_step(
        deal_id,
        lambda deal, consent: services.consent_deal(actor=_actor(), deal=deal, consent=consent),
        _("Ihre Einwilligung zur Veröffentlichung ist gespeichert."),
    )


@bp.get("/veranstaltungen")
@public_page
def events():
    page = request.args.get("seite", 1, type=int) or 1
    return render_template("marketplace/events.html", result=listing.events(page=page))


def _event_page(event, form=None, status: int = 200):
    form = form or RegistrationForm()
    form.party.choices = _party_choices()
    return render_template(
        "marketplace/event.html",
        event=event,
        form=form,
        registrations=listing.registrations_of(event),
        my_parties={c[0] for c in form.party.choices},
    ), status


@bp.get("/veranstaltungen/<id:event_id>")
def event(event_id: int):
    return _event_page(services.get_event(event_id))


@bp.post("/veranstaltungen/<id:event_id>/anmelden")
@login_required
def register(event_id: int):
    event = services.get_event(event_id)
    choices = _require_party()
    form = RegistrationForm()
    form.party.choices = choices
    done, status = submit_form(
        form,
        lambda: services.register_participant(
            actor=_actor(),
            event=event,
            party_key=form.party.data or "",
            participant=form.participant.data or "",
        ),
        done=_("Die Anmeldung ist gespeichert."),
        target=url_for("marketplace.event", event_id=event.id),
    )
    if done:
        return done
    db.session.rollback()
    return _event_page(event, form, status)


@bp.post("/veranstaltungen/<id:event_id>/abmelden")
@login_required
def unregister(event_id: int):
    event = services.get_event(event_id)
    registration_id = positive_id(request.form.get("registration")) or -1
    services.cancel_participant(actor=_actor(), event=event, registration_id=registration_id)
    flash(_("Die Anmeldung ist gelöscht."), "success")
    return redirect(url_for("marketplace.event", event_id=event.id), 303)
