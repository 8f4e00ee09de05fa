"""Public pages of qualification: the list of trainings with filters, a page per training
with registration, its calendar file, and the signed links from mails (confirm, cancel,
feedback)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.accounts.forms import ConfirmForm
from participation.certificates.services import certificate_pdf
from participation.core.clock import utcnow
from participation.core.errors import DomainError, NotFound
from participation.core.exports import download
from participation.core.forms import show_service_error
from participation.core.sitemap import public_page, sitemap_provider
from participation.extensions import db, limiter
from participation.feeds.views import _ical as calendar_response
from participation.qualification import (
    attendance,
    attestation,
    calendar,
    listing,
    registrations,
    services,
)
from participation.qualification.forms import CertificateForm, EmailRegistrationForm, FeedbackForm
from participation.qualification.models import Training

bp = Blueprint("qualification", __name__, url_prefix="/qualifizierung")


def _limit(setting: str):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def _actor():
    return current_user._get_current_object()


@bp.app_context_processor
def qualification_labels():
    return {
        "training_kinds": services.KIND_LABELS,
        "training_audiences": services.AUDIENCE_LABELS,
        "training_formats": services.FORMAT_LABELS,
    }


@bp.get("")
@public_page
def index():
    page = request.args.get("seite", 1, type=int) or 1
    result = listing.listed(
        audience=request.args.get("zielgruppe", "")[:30],
        format=request.args.get("format", "")[:30],
        when=request.args.get("zeit", "kommend")[:30],
        page=page,
    )
    return render_template(
        "qualification/list.html",
        result=result,
        audience_slugs=listing.AUDIENCE_SLUGS,
        format_slugs=listing.FORMAT_SLUGS,
    )


def _certificate_context(registration, form=None, *, action: str, pdf_url) -> dict:
    """The attendee's certificate section: the certificate, or the form asking for it."""
    if not attestation.may_have_certificate(registration):
        return {"certificate": None, "certificate_form": None}
    certificate = attestation.certificate_of(registration)
    return {
        "certificate": certificate,
        "certificate_pdf": pdf_url(certificate) if certificate else None,
        "certificate_form": form or CertificateForm(name=registration.name),
        "certificate_action": action,
    }


def _own_pdf(certificate) -> str:
    return url_for("certificates.download_pdf", code=certificate.code)


def _detail(training: Training, *, email_form=None, certificate_form=None, status: int = 200):
    actor = _actor()
    registration = registrations.registration_of(actor, training)
    return render_template(
        "qualification/detail.html",
        training=training,
        registration=registration,
        is_open=registrations.is_open(training),
        has_started=training.starts_at <= utcnow(),
        may_give_feedback=attendance.may_give_feedback(registration),
        email_form=email_form or EmailRegistrationForm(),
        **_certificate_context(
            registration,
            certificate_form,
            action=url_for("qualification.certificate", training_id=training.id),
            pdf_url=_own_pdf,
        ),
    ), status


@bp.get("/<id:training_id>")
def detail(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    return _detail(training)


@bp.get("/<id:training_id>/termine.ics")
def ical(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    if training.status == "draft":
        raise NotFound(_("Diese Veranstaltung gibt es nicht."))
    return calendar_response(calendar.of_training(training))


@bp.post("/<id:training_id>/anmelden")
@login_required
@_limit("RATELIMIT_CONTRIBUTE")
def register(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    registration = registrations.register(actor=_actor(), training=training)
    if registration.status == "confirmed":
        flash(_("Sie sind angemeldet."), "success")
    else:
        flash(_("Alle Plätze sind vergeben: Sie stehen auf der Warteliste."), "success")
    return redirect(url_for("qualification.detail", training_id=training.id), 303)


@bp.post("/<id:training_id>/abmelden")
@login_required
def cancel(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    registrations.cancel(actor=_actor(), training=training)
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("qualification.detail", training_id=training.id), 303)


def _issue(registration, form) -> bool:
    """Issue the certificate the form asks for; False with the error next to the field."""
    if not form.validate_on_submit():
        return False
    try:
        attestation.request_certificate(registration=registration, name=form.name.data)
    except DomainError as error:
        db.session.rollback()
        show_service_error(form, error)
        return False
    flash(_("Ihre Teilnahmebescheinigung ist ausgestellt."), "success")
    return True


@bp.post("/<id:training_id>/bescheinigung")
@login_required
@_limit("RATELIMIT_CONTRIBUTE")
def certificate(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    registration = registrations.registration_of(_actor(), training)
    if not attestation.may_have_certificate(registration):
        raise NotFound(_("Eine Bescheinigung bekommen Teilnehmer*innen der Veranstaltung."))
    form = CertificateForm()
    if _issue(registration, form):
        return redirect(url_for("qualification.detail", training_id=training.id), 303)
    return _detail(training, certificate_form=form, status=422)


@bp.post("/<id:training_id>/anmelden-per-email")
@_limit("RATELIMIT_REGISTER")
def register_by_email(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    form = EmailRegistrationForm()
    if not form.validate_on_submit():
        return _detail(training, email_form=form, status=422)
    try:
        registrations.register_by_email(
            training=training, email=form.email.data, name=form.name.data
        )
    except DomainError as error:
        db.session.rollback()
        show_service_error(form, error)
        return _detail(training, email_form=form, status=error.status_code)
    # The same answer whether or not the address was known.
    flash(
        _(
            "Fast geschafft! Wir haben eine E-Mail an die Adresse geschickt. Bitte bestätigen "
            "Sie die Anmeldung mit dem Link darin; er ist drei Tage gültig."
        ),
        "success",
    )
    return redirect(url_for("qualification.detail", training_id=training.id), 303)


def _link_problem(error: DomainError):
    return render_template(
        "qualification/link_problem.html", message=error.message, status=error.status_code
    ), error.status_code


def _link_action(purpose: str, token: str, act, *, heading: str, button: str):
    """A signed link from a mail: GET shows the training and one button (mail scanners
    that open links change nothing), POST acts; a bad link gets a page that says why."""
    form = ConfirmForm()
    try:
        registration = registrations.registration_for_link(purpose, token)
        if form.validate_on_submit():
            return act()
    except DomainError as error:
        db.session.rollback()
        return _link_problem(error)
    return render_template(
        "qualification/link_action.html",
        form=form,
        training=registration.training,
        heading=heading,
        button=button,
    )


@bp.route("/anmeldung/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def confirm(token: str):
    def act():
        registration = registrations.confirm(token=token)
        if registration.status == "confirmed":
            flash(_("Danke! Ihre Anmeldung ist bestätigt: Sie haben einen Platz."), "success")
        else:
            flash(
                _("Danke! Alle Plätze sind vergeben: Sie stehen auf der Warteliste."),
                "success",
            )
        return redirect(url_for("qualification.detail", training_id=registration.training_id), 303)

    return _link_action(
        registrations.CONFIRM,
        token,
        act,
        heading=_("Anmeldung bestätigen"),
        button=_("Anmeldung bestätigen"),
    )


@bp.route("/abmeldung/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def cancel_by_link(token: str):
    def act():
        training = registrations.cancel_by_link(token=token)
        flash(_("Sie sind abgemeldet."), "success")
        return redirect(url_for("qualification.detail", training_id=training.id), 303)

    return _link_action(
        registrations.CANCEL,
        token,
        act,
        heading=_("Von der Veranstaltung abmelden"),
        button=_("Abmelden"),
    )


def _feedback_page(registration, form, *, action: str, status: int = 200, certificate=None):
    return render_template(
        "qualification/feedback.html",
        training=registration.training,
        form=form,
        action=action,
        given=attendance.feedback_of(registration) is not None,
        **(certificate or {"certificate": None, "certificate_form": None}),
    ), status


def _feedback(registration, *, action: str, back: str, certificate=None):
    if request.method == "GET":
        form = FeedbackForm.of(attendance.feedback_of(registration))
        return _feedback_page(registration, form, action=action, certificate=certificate)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            attendance.give_feedback(
                registration=registration,
                usefulness=form.rating("usefulness"),
                organisation=form.rating("organisation"),
                comment=form.comment.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            show_service_error(form, error)
            return _feedback_page(registration, form, action=action, status=error.status_code)
        flash(_("Danke für Ihre Rückmeldung!"), "success")
        return redirect(back, 303)
    return _feedback_page(registration, form, action=action, status=422)


@bp.route("/<id:training_id>/rueckmeldung", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_CONTRIBUTE")
def feedback(training_id: int):
    training = services.get_training(actor=_actor(), training_id=training_id)
    registration = registrations.registration_of(_actor(), training)
    if not attendance.may_give_feedback(registration):
        raise NotFound(_("Eine Rückmeldung geben Teilnehmer*innen nach der Veranstaltung."))
    here = url_for("qualification.feedback", training_id=training.id)
    mine = _certificate_context(
        registration,
        action=url_for("qualification.certificate", training_id=training.id),
        pdf_url=_own_pdf,
    )
    return _feedback(registration, action=here, back=here, certificate=mine)


@bp.route("/rueckmeldung/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def feedback_by_link(token: str):
    try:
        registration = registrations.registration_for_link(registrations.FEEDBACK, token)
    except DomainError as error:
        return _link_problem(error)
    if not attendance.may_give_feedback(registration):
        raise NotFound(_("Eine Rückmeldung geben Teilnehmer*innen nach der Veranstaltung."))
    here = url_for("qualification.feedback_by_link", token=token)
    return _feedback(
        registration, action=here, back=here, certificate=_by_link(token, registration)
    )


def _by_link(token: str, registration, form=None) -> dict:
    """The certificate section of the mailed link's page (people without an account)."""
    return _certificate_context(
        registration,
        form,
        action=url_for("qualification.certificate_by_link", token=token),
        pdf_url=lambda _certificate: url_for("qualification.certificate_pdf_by_link", token=token),
    )


def _attendee_by_link(token: str):
    registration = registrations.registration_for_link(registrations.FEEDBACK, token)
    if not attestation.may_have_certificate(registration):
        raise NotFound(_("Eine Bescheinigung bekommen Teilnehmer*innen der Veranstaltung."))
    return registration


@bp.post("/rueckmeldung/<token>/bescheinigung")
@_limit("RATELIMIT_RESET")
def certificate_by_link(token: str):
    try:
        registration = _attendee_by_link(token)
    except DomainError as error:
        return _link_problem(error)
    form = CertificateForm()
    here = url_for("qualification.feedback_by_link", token=token)
    if _issue(registration, form):
        return redirect(here, 303)
    feedback_form = FeedbackForm.of(attendance.feedback_of(registration))
    return _feedback_page(
        registration,
        feedback_form,
        action=here,
        status=422,
        certificate=_by_link(token, registration, form),
    )


@bp.get("/rueckmeldung/<token>/bescheinigung.pdf")
@limiter.limit(lambda: current_app.config["RATELIMIT_PDF"])
def certificate_pdf_by_link(token: str):
    try:
        registration = _attendee_by_link(token)
    except DomainError as error:
        return _link_problem(error)
    issued = attestation.certificate_of(registration)
    if issued is None:
        raise NotFound(_("Für diese Teilnahme ist noch keine Bescheinigung ausgestellt."))
    response = download(
        certificate_pdf(issued), "application/pdf", f"bescheinigung-{issued.code[:8].lower()}.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@sitemap_provider
def training_pages():
    from sqlalchemy import select

    ids = db.session.scalars(
        select(Training.id)
        .where(Training.status.in_(("published", "cancelled")))
        .order_by(Training.id)
    )
    return [("qualification.detail", {"training_id": i}) for i in ids]
