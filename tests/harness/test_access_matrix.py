"""Route × role: every route, as every role, against the expected table.

The table names every endpoint; a new route without an entry fails the first test.
Each route is tried as a plain request and as an htmx request (the header never grants
anything).
"""

from __future__ import annotations

import pytest

from participation.coordination.services import advance_to
from participation.results import services as results
from tests.certificates.factories import issue_sample
from tests.harness.routes import rules
from tests.harness.scenarios import BY_ENDPOINT
from tests.harness.test_bad_input import stored_image
from tests.marketplace import factories as market_factories

ROLES = [
    "visitor",
    "resident",
    "dm_other",
    "dm_this",
    "partner_other",
    "partner_this",
    "contact_this",
    "coordinator",
    "admin",
    # Members of the sample company {company} of the marketplace, and of another company.
    "company_this",
    "company_other",
]
# Council members of district 10, of district 01, and of the city council (no district):
# one test (per htmx mode) tries all three on one shared setup, which keeps the matrix's
# time close to what it was before they came.
COUNCIL_ROLES = ["council_this", "council_other", "council_city"]
ROLE_GROUPS = [(role,) for role in ROLES] + [tuple(COUNCIL_ROLES)]
EVERYONE = set(ROLES) | set(COUNCIL_ROLES)
SIGNED_IN = EVERYONE - {"visitor"}
STAFF = {"dm_other", "dm_this", "coordinator", "admin"}
COUNCIL = set(COUNCIL_ROLES)
# Who reads the approved process {planned} of district 10 on the council's pages.
COUNCIL_READERS = {"council_this", "council_city", "coordinator", "admin"}
VOTERS = SIGNED_IN - {"dm_this", "coordinator", "admin"}
OPERATORS = {"coordinator", "admin"}
ADMINS = {"admin"}
# Who moderates the sample process of district 10.
MODERATORS = {"dm_this", "coordinator", "admin"}
_ITEM = "/verwaltung/moderation/kommentare/{comment}"
_PROPOSAL_ITEM = "/verwaltung/moderation/vorschlaege/{proposal}"
_NETWORK_ITEM = "/verwaltung/moderation/netzwerk/beitraege/{statement}"

# The sample organisation {partner}: its members edit its page, only its contact speaks for it.
PARTNER_EDITORS = {"partner_this", "contact_this", "coordinator", "admin"}
CONTACT = {"contact_this"}
# Its members, the contact among them: they alone act for it in the Freiwilligenbörse.
PARTNER_MEMBERS = {"partner_this", "contact_this"}

# The recognition fund: members of any active partner apply; the sample organisation's
# members and the office read its application.
FUND_MEMBERS = {"partner_this", "contact_this"}
FUND_APPLICANTS = FUND_MEMBERS | {"partner_other"}
FUND_READERS = FUND_MEMBERS | OPERATORS

# Who works on the drafts of district 10.
DRAFT_STAFF = {"dm_this", "coordinator", "admin"}

# Members of an active company or partner organisation act in the marketplace.
MARKET_PARTIES = {"partner_other", "partner_this", "contact_this", "company_this", "company_other"}
# The sample organisation answers the sample company's deal.
DEAL_RECEIVERS = {"partner_this", "contact_this"}

# endpoint -> (method, sample path, roles allowed)
EXPECTED: dict[str, tuple[str, str, set[str]]] = {
    "pages.home": ("GET", "/", EVERYONE),
    # The public JSON API: the same for everyone, signed in or not.
    "api_docs.reference": ("GET", "/api", EVERYONE),
    "api.index": ("GET", "/api/v1/", EVERYONE),
    "api.openapi": ("GET", "/api/v1/openapi.json", EVERYONE),
    "api.districts": ("GET", "/api/v1/districts", EVERYONE),
    "api.district": ("GET", "/api/v1/districts/10", EVERYONE),
    "api.action_fields": ("GET", "/api/v1/action-fields", EVERYONE),
    "api.processes": ("GET", "/api/v1/processes", EVERYONE),
    "api.process": ("GET", "/api/v1/processes/{process}", EVERYONE),
    "api.proposals": ("GET", "/api/v1/processes/{process}/proposals", EVERYONE),
    "api.results": ("GET", "/api/v1/processes/{reported}/results", EVERYONE),
    "api.proposal": ("GET", "/api/v1/proposals/{proposal}", EVERYONE),
    "api.comments": ("GET", "/api/v1/proposals/{proposal}/comments", EVERYONE),
    "api.register": ("GET", "/api/v1/register", EVERYONE),
    "api.partners": ("GET", "/api/v1/partners", EVERYONE),
    "api.partner": ("GET", "/api/v1/partners/{partner}", EVERYONE),
    "api.contributions": ("GET", "/api/v1/contributions", EVERYONE),
    "api.accountability": ("GET", "/api/v1/accountability", EVERYONE),
    "pages.impressum": ("GET", "/impressum", EVERYONE),
    "pages.privacy": ("GET", "/datenschutz", EVERYONE),
    "pages.accessibility": ("GET", "/barrierefreiheit", EVERYONE),
    "pages.easy_language": ("GET", "/leichte-sprache", EVERYONE),
    "pages.netiquette": ("GET", "/netiquette", EVERYONE),
    "pages.set_language": ("POST", "/sprache", EVERYONE),
    "pages.healthz": ("GET", "/healthz", EVERYONE),
    "pages.sitemap": ("GET", "/sitemap.xml", EVERYONE),
    "pages.robots": ("GET", "/robots.txt", EVERYONE),
    "pages.favicon": ("GET", "/favicon.ico", EVERYONE),
    "static": ("GET", "/static/css/site.css", EVERYONE),
    "districts.index": ("GET", "/bezirke", EVERYONE),
    "districts.detail": ("GET", "/bezirke/10", EVERYONE),
    "accounts.register": ("GET", "/registrieren", EVERYONE),
    "accounts.registered": ("GET", "/registrieren/fast-geschafft", EVERYONE),
    "accounts.check_pseudonym": ("GET", "/registrieren/pseudonym-pruefen?pseudonym=Neu", EVERYONE),
    "accounts.verify_email": ("GET", "/bestaetigen/x", EVERYONE),
    "accounts.login": ("GET", "/anmelden", EVERYONE),
    "accounts.logout": ("POST", "/abmelden", EVERYONE),
    "accounts.request_reset": ("GET", "/passwort-vergessen", EVERYONE),
    "accounts.reset_password": ("GET", "/passwort-neu/x", EVERYONE),
    "accounts.confirm_email_change": ("GET", "/konto/email-bestaetigen/x", EVERYONE),
    "accounts.profile": ("GET", "/konto", SIGNED_IN),
    "accounts.change_password": ("GET", "/konto/passwort", SIGNED_IN),
    "accounts.change_email": ("GET", "/konto/email", SIGNED_IN),
    "accounts.resend_verification": ("POST", "/konto/bestaetigung-senden", SIGNED_IN),
    "accounts.logout_everywhere": ("POST", "/konto/ueberall-abmelden", SIGNED_IN),
    "deletion.delete_account": ("GET", "/konto/loeschen", SIGNED_IN),
    "privacy.overview": ("GET", "/konto/daten", SIGNED_IN),
    "privacy.request_export": ("POST", "/konto/daten", SIGNED_IN),
    # A forged link: a clear 400 page for anyone signed in.
    "privacy.download": ("GET", "/konto/daten/x", SIGNED_IN),
    "security.second_factor": ("GET", "/anmelden/code", EVERYONE),
    "security.sign_in_link": ("GET", "/anmelden/link/x", EVERYONE),
    "security.reauthenticate": ("GET", "/konto/bestaetigen", SIGNED_IN),
    "security.session_list": ("GET", "/konto/sitzungen", SIGNED_IN),
    "security.end_session": ("POST", "/konto/sitzungen/999999/beenden", SIGNED_IN),
    "security.two_factor_view": ("GET", "/konto/zwei-faktor", SIGNED_IN),
    "security.two_factor_start": ("POST", "/konto/zwei-faktor/einrichten", SIGNED_IN),
    "security.two_factor_confirm": ("POST", "/konto/zwei-faktor/bestaetigen", SIGNED_IN),
    "security.recovery_codes": ("POST", "/konto/zwei-faktor/neue-codes", SIGNED_IN),
    "security.two_factor_disable": ("POST", "/konto/zwei-faktor/ausschalten", SIGNED_IN),
    # The passkey ceremonies take JSON from the page's script; the matrix's form body gets
    # a clean 415 once past the sign-in and role checks, which is what the table compares.
    "security.passkey_options": ("POST", "/konto/zwei-faktor/passkey/optionen", SIGNED_IN),
    "security.passkey_add": ("POST", "/konto/zwei-faktor/passkey", SIGNED_IN),
    "security.passkey_codes": ("GET", "/konto/zwei-faktor/passkey/codes", SIGNED_IN),
    "security.passkey_remove": ("POST", "/konto/zwei-faktor/passkey/999999/entfernen", set()),
    "security.sign_in_passkey_options": ("POST", "/anmelden/passkey/optionen", EVERYONE),
    "security.sign_in_passkey": ("POST", "/anmelden/passkey", EVERYONE),
    "security.reauth_passkey_options": (
        "POST",
        "/konto/bestaetigen/passkey/optionen",
        SIGNED_IN,
    ),
    "security.reauth_passkey": ("POST", "/konto/bestaetigen/passkey", SIGNED_IN),
    "security.security_txt": ("GET", "/.well-known/security.txt", EVERYONE),
    "staff.dashboard": ("GET", "/verwaltung", STAFF | COUNCIL),
    "staff.pages": ("GET", "/verwaltung/seiten", OPERATORS),
    "staff.edit_page": ("GET", "/verwaltung/seiten/impressum/de", OPERATORS),
    "staff.reset_page": ("POST", "/verwaltung/seiten/impressum/de/zuruecksetzen", OPERATORS),
    "staff.feedback": ("GET", "/verwaltung/rueckmeldungen", OPERATORS),
    "admin.index": ("GET", "/verwaltung/konten?q=stichprobe", ADMINS),
    "admin.account": ("GET", "/verwaltung/konten/{member}", ADMINS),
    "admin.grant": ("POST", "/verwaltung/konten/{member}/rollen", ADMINS),
    "admin.revoke": ("POST", "/verwaltung/konten/{member}/rollen/999999/entziehen", ADMINS),
    "admin.block": ("POST", "/verwaltung/konten/{member}/sperren", ADMINS),
    "admin.unblock": ("POST", "/verwaltung/konten/{member}/entsperren", ADMINS),
    "admin.reset_two_factor": (
        "POST",
        "/verwaltung/konten/{member}/zwei-faktor-zuruecksetzen",
        ADMINS,
    ),
    "admin.delete": ("POST", "/verwaltung/konten/{member}/loeschen", ADMINS),
    "projects.index": ("GET", "/verfahren?bezirk=10&phase=offen", EVERYONE),
    "projects.detail": ("GET", "/verfahren/{process}", EVERYONE),
    "projects_staff.index": ("GET", "/verwaltung/verfahren", STAFF),
    "projects_staff.new": ("GET", "/verwaltung/verfahren/neu", STAFF),
    "projects_staff.edit": (
        "GET",
        "/verwaltung/verfahren/{draft}/bearbeiten",
        {"dm_this", "coordinator", "admin"},
    ),
    "projects.image": ("GET", "/medien/{image}", EVERYONE),
    # Council papers: the staff of the process link them (tests/council covers the rest).
    "council_staff.papers": ("GET", "/verwaltung/verfahren/{draft}/rat", DRAFT_STAFF),
    # No document 999999 is linked: a 404 for everyone, as for the other unknown ids.
    "council_staff.unlink": ("POST", "/verwaltung/verfahren/{draft}/rat/999999/entfernen", set()),
    "coordination.planned": ("GET", "/vorhabenliste?bezirk=10", EVERYONE),
    # Council members read, never write: every other staff route refuses them.
    "councillors.overview": ("GET", "/verwaltung/rat?status=approved", COUNCIL | OPERATORS),
    "councillors.process": ("GET", "/verwaltung/rat/verfahren/{planned}", COUNCIL_READERS),
    "councillors.planned_brief": ("GET", "/vorhabenliste/vorlage.pdf?bezirk=10", EVERYONE),
    "councillors.report_brief": ("GET", "/verfahren/{reported}/ergebnisse/vorlage.pdf", EVERYONE),
    "follows.follow": ("POST", "/vorhabenliste/{planned}/folgen", SIGNED_IN),
    "follows.unfollow": ("POST", "/vorhabenliste/{planned}/nicht-mehr-folgen", SIGNED_IN),
    "coordination.timeline": ("GET", "/verwaltung/verfahren/{draft}/ablauf", DRAFT_STAFF),
    # The district submits; the office's steps are refused to it by the lifecycle table
    # (tests/coordination), which the matrix's bare POST cannot tell apart from bad input.
    "coordination.step": ("POST", "/verwaltung/verfahren/{draft}/einreichen", DRAFT_STAFF),
    "proposals.index": ("GET", "/verfahren/{process}/vorschlaege?sort=zufall", EVERYONE),
    "proposals.new": ("GET", "/verfahren/{process}/vorschlaege/neu", SIGNED_IN),
    "proposals.similar": ("GET", "/verfahren/{process}/vorschlaege/aehnliche?title=x", EVERYONE),
    "proposals.detail": ("GET", "/vorschlaege/{proposal}", EVERYONE),
    # Only the author edits or withdraws; the author is no role of the table.
    "proposals.edit": ("GET", "/vorschlaege/{proposal}/bearbeiten", set()),
    "proposals.withdraw": ("POST", "/vorschlaege/{proposal}/zurueckziehen", set()),
    "comments.discussion": ("GET", "/verfahren/{process}/diskussion", EVERYONE),
    "comments.comment_proposal": ("POST", "/vorschlaege/{proposal}/kommentare", SIGNED_IN),
    "comments.reply": ("GET", "/kommentare/{comment}/antworten", SIGNED_IN),
    "comments.show": ("GET", "/kommentare/{comment}", EVERYONE),
    "comments.edit": ("GET", "/kommentare/{comment}/bearbeiten", set()),
    "comments.delete": ("POST", "/kommentare/{comment}/loeschen", set()),
    # The staff responsible for the process (district 10) stay neutral: they do not vote.
    "votes.support": ("POST", "/vorschlaege/{proposal}/unterstuetzen", VOTERS),
    "votes.withdraw_support": (
        "POST",
        "/vorschlaege/{proposal}/unterstuetzung-zuruecknehmen",
        VOTERS,
    ),
    "votes.rate": ("POST", "/kommentare/{comment}/bewerten", SIGNED_IN),
    "moderation.report_proposal": ("GET", "/vorschlaege/{proposal}/melden", SIGNED_IN),
    "moderation.report_comment": ("GET", "/kommentare/{comment}/melden", SIGNED_IN),
    # Only the author of a hidden item reads its appeal page; for everyone else it is a 404.
    "moderation.appeal_proposal": ("GET", "/vorschlaege/{proposal}/einspruch", set()),
    "moderation.appeal_comment": ("GET", "/kommentare/{comment}/einspruch", set()),
    "moderation_staff.index": ("GET", "/verwaltung/moderation", STAFF),
    "moderation_staff.log": ("GET", "/verwaltung/moderation/protokoll", OPERATORS),
    "moderation_staff.item": ("GET", _ITEM, MODERATORS),
    "moderation_staff.hide": ("POST", _ITEM + "/ausblenden", MODERATORS),
    "moderation_staff.reject": ("POST", _ITEM + "/ablehnen", MODERATORS),
    "moderation_staff.approve": ("POST", _ITEM + "/freigeben", MODERATORS),
    "moderation_staff.restore": ("POST", _ITEM + "/wiederherstellen", MODERATORS),
    "moderation_staff.dismiss": ("POST", _ITEM + "/meldungen-verwerfen", MODERATORS),
    "moderation_staff.lock_thread": ("POST", _ITEM + "/faden-sperren", MODERATORS),
    "moderation_staff.unlock_thread": ("POST", _ITEM + "/faden-oeffnen", MODERATORS),
    "moderation_staff.close_comments": (
        "POST",
        _PROPOSAL_ITEM + "/kommentare-schliessen",
        MODERATORS,
    ),
    "moderation_staff.open_comments": ("POST", _PROPOSAL_ITEM + "/kommentare-oeffnen", MODERATORS),
    "moderation_staff.block": ("POST", _ITEM + "/sperren", MODERATORS),
    "moderation_staff.unblock": ("POST", _ITEM + "/sperre-aufheben", MODERATORS),
    "moderation_staff.add_note": ("POST", _ITEM + "/notizen", MODERATORS),
    "moderation_staff.decide_appeal": ("POST", _ITEM + "/einspruch-entscheiden", MODERATORS),
    # Network items (a partner's statement here): residents report them, the coordination
    # office alone moderates them; the organisation's own members are told they do not
    # report their own (a 200 page), district managers never see them.
    "moderation_network.report": ("GET", "/melden/beitraege/{statement}", SIGNED_IN),
    "moderation_network.item": ("GET", _NETWORK_ITEM, OPERATORS),
    "moderation_network.hide": ("POST", _NETWORK_ITEM + "/ausblenden", OPERATORS),
    "moderation_network.restore": ("POST", _NETWORK_ITEM + "/wiederherstellen", OPERATORS),
    "moderation_network.dismiss": ("POST", _NETWORK_ITEM + "/meldungen-verwerfen", OPERATORS),
    # Answers: the staff of the process answer; the office assigns (the district manager's
    # bare POST is refused as a Forbidden by the service).
    "answers.index": ("GET", "/verwaltung/antworten?ansicht=ueberfaellig&wer=alle", STAFF),
    "answers.answer": ("GET", "/verwaltung/antworten/{proposal}", MODERATORS),
    "answers.assign": ("POST", "/verwaltung/antworten/{proposal}/zuweisen", OPERATORS),
    "answers.unassign": ("POST", "/verwaltung/antworten/{proposal}/zuweisung-aufheben", OPERATORS),
    "answers.team": ("GET", "/verwaltung/verfahren/{process}/zustaendigkeiten", MODERATORS),
    "answers.remove_from_team": (
        "POST",
        "/verwaltung/verfahren/{process}/zustaendigkeiten/1/entfernen",
        set(),
    ),
    "answers.overdue": ("GET", "/antworten/ueberfaellig?bezirk=10", EVERYONE),
    "answers.accountability": ("GET", "/antworten", EVERYONE),
    "statistics.index": ("GET", "/verwaltung/kennzahlen", OPERATORS),
    "statistics.export": ("GET", "/verwaltung/kennzahlen.csv", OPERATORS),
    "evaluation.feedback": ("GET", "/rueckmeldung?adresse=/verfahren", EVERYONE),
    "evaluation_staff.index": ("GET", "/verwaltung/auswertung?einheit=monat", OPERATORS),
    "evaluation_staff.export_figures": ("GET", "/verwaltung/auswertung/zahlen.csv", OPERATORS),
    "evaluation_staff.export_feedback": (
        "GET",
        "/verwaltung/auswertung/rueckmeldungen.csv",
        OPERATORS,
    ),
    # Only the administrator switches modules (a POST without a state changes nothing).
    "features_admin.index": ("GET", "/verwaltung/module", ADMINS),
    "features_admin.switch": ("POST", "/verwaltung/module/network", ADMINS),
    # {reported}: a process of district 10 whose results report is published.
    "results.report": ("GET", "/verfahren/{reported}/ergebnisse", EVERYONE),
    "results.report_download": ("GET", "/verfahren/{reported}/ergebnisse.json", EVERYONE),
    "results.compose": ("GET", "/verwaltung/verfahren/{reported}/ergebnisbericht", MODERATORS),
    "results.publish": (
        "POST",
        "/verwaltung/verfahren/{reported}/ergebnisbericht/veroeffentlichen",
        OPERATORS,
    ),
    "network.index": ("GET", "/netzwerk", EVERYONE),
    "partners.index": ("GET", "/netzwerk/partner?bezirk=10&siegel=y", EVERYONE),
    "partners.detail": ("GET", "/netzwerk/partner/{partner}", EVERYONE),
    "partners.agreement_text": ("GET", "/netzwerk/vereinbarung", EVERYONE),
    "partners.apply": ("GET", "/netzwerk/mitmachen", EVERYONE),
    "partners.invitation": ("GET", "/netzwerk/einladung/x", EVERYONE),
    "partners.manage": ("GET", "/netzwerk/partner/{partner}/verwalten", PARTNER_EDITORS),
    "partners.sign": ("POST", "/netzwerk/partner/{partner}/unterzeichnen", CONTACT),
    "partners.invite": ("POST", "/netzwerk/partner/{partner}/einladen", CONTACT),
    "partners.withdraw_invitation": (
        "POST",
        "/netzwerk/partner/{partner}/einladungen/{invitation}/zurueckziehen",
        CONTACT,
    ),
    # The office may take a member out as well (e.g. when the contact has left).
    "partners.remove_member": (
        "POST",
        "/netzwerk/partner/{partner}/mitglieder/{member}/entfernen",
        CONTACT | OPERATORS,
    ),
    "partners.hand_over": (
        "POST",
        "/netzwerk/partner/{partner}/kontaktperson",
        CONTACT | OPERATORS,
    ),
    "partners.leave": ("POST", "/netzwerk/partner/{partner}/austreten", CONTACT),
    "partners_staff.index": ("GET", "/verwaltung/netzwerk/partner?status=active", OPERATORS),
    "partners_staff.detail": ("GET", "/verwaltung/netzwerk/partner/{partner}", OPERATORS),
    "partners_staff.confirm": (
        "POST",
        "/verwaltung/netzwerk/partner/{applicant}/bestaetigen",
        OPERATORS,
    ),
    "partners_staff.decline": (
        "POST",
        "/verwaltung/netzwerk/partner/{applicant}/ablehnen",
        OPERATORS,
    ),
    "partners_staff.grant_seal": (
        "POST",
        "/verwaltung/netzwerk/partner/{partner}/guetesiegel",
        OPERATORS,
    ),
    "partners_staff.withdraw_seal": (
        "POST",
        "/verwaltung/netzwerk/partner/{partner}/guetesiegel-entziehen",
        OPERATORS,
    ),
    "partners_staff.agreement_versions": ("GET", "/verwaltung/netzwerk/vereinbarung", OPERATORS),
    "partners_staff.coordinating": (
        "POST",
        "/verwaltung/netzwerk/partner/{partner}/koordinierend",
        OPERATORS,
    ),
    # Contributions: {statement} and {event} belong to the sample organisation.
    "contributions.detail": ("GET", "/netzwerk/beitraege/{statement}", EVERYONE),
    "contributions.events": ("GET", "/netzwerk/veranstaltungen?bezirk=10", EVERYONE),
    "contributions.offers": ("GET", "/netzwerk/angebote", EVERYONE),
    "contributions.new": (
        "GET",
        "/netzwerk/partner/{partner}/beitraege/neu/angebot",
        {"partner_this", "contact_this"},
    ),
    "contributions.edit": (
        "GET",
        "/netzwerk/beitraege/{statement}/bearbeiten",
        {"partner_this", "contact_this"},
    ),
    "contributions.withdraw": (
        "POST",
        "/netzwerk/beitraege/{event}/zurueckziehen",
        {"partner_this", "contact_this"} | OPERATORS,
    ),
    "contributions.register": ("POST", "/netzwerk/beitraege/{event}/anmelden", SIGNED_IN),
    # Only someone registered cancels; that person is no role of the table.
    "contributions.cancel": ("POST", "/netzwerk/beitraege/{event}/abmelden", set()),
    "contributions.comment": ("POST", "/netzwerk/beitraege/{statement}/kommentare", SIGNED_IN),
    # Governance: the office runs it; contacts stand and vote; responsible organisations
    # report their items.
    "network.meeting_list": ("GET", "/netzwerk/treffen", EVERYONE),
    "network.meeting": ("GET", "/netzwerk/treffen/{meeting}", EVERYONE),
    "network.programme": ("GET", "/netzwerk/arbeitsprogramm?jahr=2026", EVERYONE),
    "network.item_status": (
        "POST",
        "/netzwerk/arbeitsprogramm/punkte/{item}/stand",
        PARTNER_EDITORS,
    ),
    "network.group_list": ("GET", "/netzwerk/arbeitsgruppen", EVERYONE),
    "network.group": ("GET", "/netzwerk/arbeitsgruppen/{group}", EVERYONE),
    "network.speakers": ("GET", "/netzwerk/sprecherinnengruppe", EVERYONE),
    "network.election": ("GET", "/netzwerk/wahlen/{election}", EVERYONE),
    "network.nominate": ("POST", "/netzwerk/wahlen/{election}/kandidieren", CONTACT),
    "network.vote": ("POST", "/netzwerk/wahlen/{voting}/abstimmen", CONTACT),
    "network_staff.meeting_list": ("GET", "/verwaltung/netzwerk/treffen", OPERATORS),
    "network_staff.meeting": ("GET", "/verwaltung/netzwerk/treffen/{meeting}", OPERATORS),
    "network_staff.programme": ("GET", "/verwaltung/netzwerk/arbeitsprogramm", OPERATORS),
    "network_staff.adopt": ("POST", "/verwaltung/netzwerk/arbeitsprogramm/beschliessen", OPERATORS),
    "network_staff.group_list": ("GET", "/verwaltung/netzwerk/arbeitsgruppen", OPERATORS),
    "network_staff.group": ("GET", "/verwaltung/netzwerk/arbeitsgruppen/{group}", OPERATORS),
    "network_staff.add_document": (
        "POST",
        "/verwaltung/netzwerk/arbeitsgruppen/{group}/dokumente",
        OPERATORS,
    ),
    "network_staff.group_meeting": (
        "POST",
        "/verwaltung/netzwerk/arbeitsgruppen/{group}/treffen",
        OPERATORS,
    ),
    "network_staff.election_list": ("GET", "/verwaltung/netzwerk/wahlen", OPERATORS),
    "network_staff.count": ("POST", "/verwaltung/netzwerk/wahlen/{counting}/auszaehlen", OPERATORS),
    # Following: everyone signed in follows what is public.
    "follows.follow_process": ("POST", "/verfahren/{process}/folgen", SIGNED_IN),
    "follows.unfollow_process": ("POST", "/verfahren/{process}/nicht-mehr-folgen", SIGNED_IN),
    "follows.follow_proposal": ("POST", "/vorschlaege/{proposal}/folgen", SIGNED_IN),
    "follows.unfollow_proposal": ("POST", "/vorschlaege/{proposal}/nicht-mehr-folgen", SIGNED_IN),
    "follows.follow_organisation": ("POST", "/netzwerk/partner/{partner}/folgen", SIGNED_IN),
    "follows.unfollow_organisation": (
        "POST",
        "/netzwerk/partner/{partner}/nicht-mehr-folgen",
        SIGNED_IN,
    ),
    "follows.follow_group": ("POST", "/netzwerk/arbeitsgruppen/{group}/folgen", SIGNED_IN),
    "follows.unfollow_group": (
        "POST",
        "/netzwerk/arbeitsgruppen/{group}/nicht-mehr-folgen",
        SIGNED_IN,
    ),
    # Notifications: one's own; another person's notification or interest is a 404.
    "notifications.centre": ("GET", "/konto/benachrichtigungen?seite=2", SIGNED_IN),
    "notifications.mark_read": ("POST", "/konto/benachrichtigungen/999999/gelesen", set()),
    "notifications.mark_all_read": ("POST", "/konto/benachrichtigungen/alle-gelesen", SIGNED_IN),
    "notifications.preferences": ("GET", "/konto/benachrichtigungen/einstellungen", SIGNED_IN),
    "notifications.resume_mail": (
        "POST",
        "/konto/benachrichtigungen/email-fortsetzen",
        SIGNED_IN,
    ),
    "notifications.interests_view": ("GET", "/konto/interessen", SIGNED_IN),
    "notifications.remove_interest": ("POST", "/konto/interessen/999999/loeschen", set()),
    "notifications.quick_interest": ("POST", "/konto/interessen/schnell", SIGNED_IN),
    # Signed links from mails: the token decides (a forged one gets a clear 400 page).
    "notifications.unsubscribe": ("GET", "/benachrichtigungen/abmelden/x", EVERYONE),
    "notifications.preferences_by_link": ("GET", "/benachrichtigungen/einstellungen/x", EVERYONE),
    # Feeds: everyone reads them, and they are the same for everyone.
    "feeds.processes": ("GET", "/verfahren.atom?bezirk=10&handlungsfeld=wohnen", EVERYONE),
    "feeds.district_processes": ("GET", "/bezirke/10/verfahren.atom", EVERYONE),
    "feeds.proposals": ("GET", "/verfahren/{process}/vorschlaege.atom", EVERYONE),
    "feeds.results": ("GET", "/ergebnisse.atom", EVERYONE),
    "feeds.news": ("GET", "/netzwerk/neuigkeiten.atom", EVERYONE),
    "feeds.events": ("GET", "/netzwerk/veranstaltungen.atom?bezirk=10", EVERYONE),
    "feeds.phases": ("GET", "/verfahren/{process}/phasen.ics", EVERYONE),
    "feeds.district_dialogues": ("GET", "/bezirke/10/dialoge.ics", EVERYONE),
    "feeds.events_calendar": ("GET", "/netzwerk/veranstaltungen.ics", EVERYONE),
    "feeds.meetings": ("GET", "/netzwerk/treffen.ics", EVERYONE),
    # Open data: public, the same files for everyone.
    "opendata.index": ("GET", "/opendata", EVERYONE),
    "opendata.download": ("GET", "/opendata/vorschlaege.csv", EVERYONE),
    # Newsletters: anyone subscribes and reads the archive; links from mails carry their
    # own authorisation (a forged one gets a clear 400 page); the office writes and sends.
    # {issue} is a sent issue, {nl_draft} a draft.
    "newsletters.subscribe": ("GET", "/newsletter", EVERYONE),
    "newsletters.confirm": ("GET", "/newsletter/bestaetigen/x", EVERYONE),
    "newsletters.unsubscribe": ("GET", "/newsletter/abmelden/x", EVERYONE),
    "newsletters.archive": ("GET", "/newsletter/archiv?seite=2", EVERYONE),
    "newsletters.archived": ("GET", "/newsletter/archiv/{issue}", EVERYONE),
    "newsletters_staff.index": ("GET", "/verwaltung/newsletter", OPERATORS),
    "newsletters_staff.new": ("GET", "/verwaltung/newsletter/neu", OPERATORS),
    "newsletters_staff.detail": ("GET", "/verwaltung/newsletter/{nl_draft}", OPERATORS),
    "newsletters_staff.edit": ("GET", "/verwaltung/newsletter/{nl_draft}/bearbeiten", OPERATORS),
    "newsletters_staff.test_send": (
        "POST",
        "/verwaltung/newsletter/{nl_draft}/testversand",
        OPERATORS,
    ),
    "newsletters_staff.schedule": ("POST", "/verwaltung/newsletter/{nl_draft}/planen", OPERATORS),
    "newsletters_staff.send": ("POST", "/verwaltung/newsletter/{nl_draft}/senden", OPERATORS),
    # Practice examples: {ex_draft} is a draft of district 10, {ex_published} a published one.
    "practice.index": ("GET", "/praxisbeispiele", EVERYONE),
    "practice.detail": ("GET", "/praxisbeispiele/{example}", EVERYONE),
    "practice.export": ("GET", "/praxisbeispiele.json", EVERYONE),
    "practice_staff.index": ("GET", "/verwaltung/praxisbeispiele", STAFF),
    "practice_staff.new": ("GET", "/verwaltung/praxisbeispiele/neu", STAFF),
    "practice_staff.edit": (
        "GET",
        "/verwaltung/praxisbeispiele/{ex_draft}/bearbeiten",
        DRAFT_STAFF,
    ),
    "practice_staff.publish": (
        "POST",
        "/verwaltung/praxisbeispiele/{ex_draft}/veroeffentlichen",
        OPERATORS,
    ),
    "practice_staff.unpublish": (
        "POST",
        "/verwaltung/praxisbeispiele/{ex_published}/zurueckziehen",
        OPERATORS,
    ),
    "practice_staff.from_process": (
        "POST",
        "/verwaltung/praxisbeispiele/aus-verfahren/{reported}",
        DRAFT_STAFF,
    ),
    "practice_staff.import_examples": ("GET", "/verwaltung/praxisbeispiele/import", OPERATORS),
    "newsletters_staff.cancel": (
        "POST",
        "/verwaltung/newsletter/{nl_draft}/planung-aufheben",
        OPERATORS,
    ),
    # Work aids: the library is public (its staff-only aids: test_staff_only_work_aids_...);
    # the office keeps the library; a draft's staff attach and tick its checklists.
    "workaids.index": ("GET", "/arbeitshilfen?art=guide&q=leitfaden", EVERYONE),
    "workaids.detail": ("GET", "/arbeitshilfen/{aid}", EVERYONE),
    "workaids.version": ("GET", "/arbeitshilfen/{aid}/fassungen/1", EVERYONE),
    "workaids.download": ("GET", "/arbeitshilfen/{aid}/fassungen/1/datei", EVERYONE),
    "workaids_staff.index": ("GET", "/verwaltung/arbeitshilfen", OPERATORS),
    "workaids_staff.new": ("GET", "/verwaltung/arbeitshilfen/neu", OPERATORS),
    "workaids_staff.edit": ("GET", "/verwaltung/arbeitshilfen/{aid}/bearbeiten", OPERATORS),
    "workaids_staff.new_version": (
        "GET",
        "/verwaltung/arbeitshilfen/{aid}/neue-fassung",
        OPERATORS,
    ),
    "workaids_staff.process_checklists": (
        "GET",
        "/verwaltung/verfahren/{draft}/checklisten",
        DRAFT_STAFF,
    ),
    "workaids_staff.attach": ("POST", "/verwaltung/verfahren/{draft}/checklisten", DRAFT_STAFF),
    "workaids_staff.tick": (
        "POST",
        "/verwaltung/verfahren/{draft}/checklisten/punkte/{checklist_item}",
        DRAFT_STAFF,
    ),
    # Certificates: anyone checks a code; {certificate} is held by the sample organisation's
    # contact, whose PDF nobody else gets (a 404, as for an unknown code).
    "certificates.check": ("GET", "/bescheinigungen?code=falsch", EVERYONE),
    "certificates.verify": ("GET", "/bescheinigungen/{certificate}", EVERYONE),
    "certificates.mine": ("GET", "/konto/bescheinigungen", SIGNED_IN),
    "certificates.download_pdf": ("GET", "/konto/bescheinigungen/{certificate}.pdf", CONTACT),
    # The holder switches the public check of their own certificate off (and on).
    "certificates.switch_verification": (
        "POST",
        "/konto/bescheinigungen/{certificate}/pruefung-aus",
        CONTACT,
    ),
    # Engagement certificates: {engagement} is another resident's request to the sample
    # organisation; its members decide (an empty form: 422, past the checks), nobody else
    # sees it. Any signed-in account may ask; the office reads the figures.
    "engagementcert.mine": ("GET", "/konto/engagement-nachweise", SIGNED_IN),
    "engagementcert.new": ("GET", "/konto/engagement-nachweise/neu", SIGNED_IN),
    "engagementcert.mine_detail": ("GET", "/konto/engagement-nachweise/{engagement}", set()),
    "engagementcert.answer": (
        "POST",
        "/konto/engagement-nachweise/{engagement}/zurueckziehen",
        set(),
    ),
    "engagementcert.inbox": (
        "GET",
        "/netzwerk/partner/{partner}/bescheinigungen",
        {"partner_this", "contact_this"},
    ),
    "engagementcert.decide": (
        "GET",
        "/netzwerk/partner/{partner}/bescheinigungen/{engagement}",
        {"partner_this", "contact_this"},
    ),
    "engagementcert.decide_step": (
        "POST",
        "/netzwerk/partner/{partner}/bescheinigungen/{engagement}/ablehnen",
        {"partner_this", "contact_this"},
    ),
    "engagementcert.figures": ("GET", "/verwaltung/bescheinigungen", OPERATORS),
    # Every way to take part, for everyone.
    "takepart.index": ("GET", "/mitmachen?bezirk=10", EVERYONE),
    # Qualification: {training} is a published, open training to come; {training_draft} a
    # draft. Links from mails carry their own authorisation (a forged one: a clear 400).
    "qualification.index": ("GET", "/qualifizierung?zielgruppe=politik&zeit=vergangen", EVERYONE),
    "qualification.detail": ("GET", "/qualifizierung/{training}", EVERYONE),
    "qualification.ical": ("GET", "/qualifizierung/{training}/termine.ics", EVERYONE),
    "qualification.register": ("POST", "/qualifizierung/{training}/anmelden", SIGNED_IN),
    # Only someone registered cancels, and only an attendee gives feedback.
    "qualification.cancel": ("POST", "/qualifizierung/{training}/abmelden", set()),
    "qualification.feedback": ("GET", "/qualifizierung/{training}/rueckmeldung", set()),
    # Anyone may ask for a place by e-mail (the form's errors answer the bare POST).
    "qualification.register_by_email": (
        "POST",
        "/qualifizierung/{training}/anmelden-per-email",
        EVERYONE,
    ),
    "qualification.confirm": ("GET", "/qualifizierung/anmeldung/x", EVERYONE),
    "qualification.cancel_by_link": ("GET", "/qualifizierung/abmeldung/x", EVERYONE),
    "qualification.feedback_by_link": ("GET", "/qualifizierung/rueckmeldung/x", EVERYONE),
    # Only an attendee asks for a certificate; through the mailed link anyone holding it.
    "qualification.certificate": ("POST", "/qualifizierung/{training}/bescheinigung", set()),
    "qualification.certificate_by_link": (
        "POST",
        "/qualifizierung/rueckmeldung/x/bescheinigung",
        EVERYONE,
    ),
    "qualification.certificate_pdf_by_link": (
        "GET",
        "/qualifizierung/rueckmeldung/x/bescheinigung.pdf",
        EVERYONE,
    ),
    # Recognition fund: {fund_call} is an open call (jury: the office that wrote it, no
    # role of the table); {fund_draft} the sample organisation's draft with an attachment
    # {fund_doc}; {fund_funded} its approved application to a closed call.
    "fund.index": ("GET", "/foerderfonds?seite=2", EVERYONE),
    "fund.call": ("GET", "/foerderfonds/{fund_call}", EVERYONE),
    "fund.apply": ("GET", "/foerderfonds/{fund_call}/antrag", FUND_APPLICANTS),
    "fund.application": ("GET", "/foerderfonds/antraege/{fund_draft}", FUND_READERS),
    "fund.edit": ("GET", "/foerderfonds/antraege/{fund_draft}/bearbeiten", FUND_MEMBERS),
    "fund.submit": ("POST", "/foerderfonds/antraege/{fund_draft}/einreichen", FUND_MEMBERS),
    "fund.report": ("GET", "/foerderfonds/antraege/{fund_funded}/bericht", FUND_MEMBERS),
    "fund.document": (
        "GET",
        "/foerderfonds/antraege/{fund_draft}/dokumente/{fund_doc}",
        FUND_READERS,
    ),
    "fund_staff.index": ("GET", "/verwaltung/foerderfonds", OPERATORS),
    "fund_staff.new": ("GET", "/verwaltung/foerderfonds/neu", OPERATORS),
    "fund_staff.detail": ("GET", "/verwaltung/foerderfonds/{fund_call}", OPERATORS),
    "fund_staff.open_call": ("POST", "/verwaltung/foerderfonds/{fund_call}/oeffnen", OPERATORS),
    "fund_staff.decide": (
        "POST",
        "/verwaltung/foerderfonds/antraege/{fund_draft}/entscheidung",
        OPERATORS,
    ),
    "fund_staff.close": (
        "POST",
        "/verwaltung/foerderfonds/antraege/{fund_funded}/abschliessen",
        OPERATORS,
    ),
    "fund_staff.jury_index": ("GET", "/verwaltung/foerderfonds/{fund_call}/jury", OPERATORS),
    # No role of the table sits on the jury (tests/fund tests jurors and recusal).
    "fund_staff.review": (
        "GET",
        "/verwaltung/foerderfonds/{fund_call}/jury/{fund_draft}",
        set(),
    ),
    # Volunteer phone: the office runs the line; the sample organisation's contact is a
    # designated adviser and works on the queue, and only the taker (or the office) calls.
    "volunteerphone.index": ("GET", "/freiwilligentelefon", EVERYONE),
    "volunteerphone.request_callback": ("POST", "/freiwilligentelefon/rueckruf", EVERYONE),
    "volunteerphone.thanks": ("GET", "/freiwilligentelefon/rueckruf/danke", EVERYONE),
    "volunteerphone_staff.manage": ("GET", "/verwaltung/freiwilligentelefon", OPERATORS),
    "volunteerphone_staff.add_slot": ("POST", "/verwaltung/freiwilligentelefon/zeiten", OPERATORS),
    "volunteerphone_staff.add_exception": (
        "POST",
        "/verwaltung/freiwilligentelefon/ausnahmen",
        OPERATORS,
    ),
    "volunteerphone_staff.add_adviser": (
        "POST",
        "/verwaltung/freiwilligentelefon/beratende",
        OPERATORS,
    ),
    "volunteerphone_staff.add_duty": ("POST", "/verwaltung/freiwilligentelefon/dienste", OPERATORS),
    "volunteerphone_staff.remove_slot": (
        "POST",
        "/verwaltung/freiwilligentelefon/zeiten/loeschen",
        OPERATORS,
    ),
    "volunteerphone_staff.remove_exception": (
        "POST",
        "/verwaltung/freiwilligentelefon/ausnahmen/loeschen",
        OPERATORS,
    ),
    "volunteerphone_staff.remove_adviser": (
        "POST",
        "/verwaltung/freiwilligentelefon/beratende/loeschen",
        OPERATORS,
    ),
    "volunteerphone_staff.remove_duty": (
        "POST",
        "/verwaltung/freiwilligentelefon/dienste/loeschen",
        OPERATORS,
    ),
    "volunteerphone_staff.queue": (
        "GET",
        "/verwaltung/freiwilligentelefon/rueckrufe?ansicht=meine",
        OPERATORS | CONTACT,
    ),
    "volunteerphone_staff.callback": (
        "GET",
        "/verwaltung/freiwilligentelefon/rueckrufe/{phone_callback}",
        OPERATORS | CONTACT,
    ),
    "volunteerphone_staff.take": (
        "POST",
        "/verwaltung/freiwilligentelefon/rueckrufe/{phone_callback}/uebernehmen",
        OPERATORS | CONTACT,
    ),
    "volunteerphone_staff.attempt": (
        "POST",
        "/verwaltung/freiwilligentelefon/rueckrufe/{phone_callback}/versuch",
        OPERATORS,
    ),
    "volunteerphone_staff.log_conversation": (
        "POST",
        "/verwaltung/freiwilligentelefon/rueckrufe/{phone_callback}/gespraech",
        OPERATORS,
    ),
    "volunteerphone_staff.evaluation": (
        "GET",
        "/verwaltung/freiwilligentelefon/auswertung?monat=2026-11",
        OPERATORS,
    ),
    "volunteerphone_staff.evaluation_csv": (
        "GET",
        "/verwaltung/freiwilligentelefon/auswertung.csv",
        OPERATORS,
    ),
    "qualification_staff.index": ("GET", "/verwaltung/qualifizierung", OPERATORS),
    "qualification_staff.new": ("GET", "/verwaltung/qualifizierung/neu", OPERATORS),
    "qualification_staff.detail": ("GET", "/verwaltung/qualifizierung/{training}", OPERATORS),
    "qualification_staff.edit": (
        "GET",
        "/verwaltung/qualifizierung/{training}/bearbeiten",
        OPERATORS,
    ),
    "qualification_staff.publish": (
        "POST",
        "/verwaltung/qualifizierung/{training_draft}/veroeffentlichen",
        OPERATORS,
    ),
    # Cancelling a draft is refused (409) once the office is through the door.
    "qualification_staff.cancel": (
        "POST",
        "/verwaltung/qualifizierung/{training_draft}/absagen",
        OPERATORS,
    ),
    # Before the first date the office's attendance is refused (409), as above.
    "qualification_staff.record_attendance": (
        "POST",
        "/verwaltung/qualifizierung/{training}/anwesenheit",
        OPERATORS,
    ),
    "qualification_staff.evaluation": (
        "GET",
        "/verwaltung/qualifizierung/auswertung?jahr=2026",
        OPERATORS,
    ),
    "qualification_staff.anchoring": ("GET", "/verwaltung/qualifizierung/verankerung", OPERATORS),
    # Freiwilligenbörse: {opportunity} is a published opportunity of the sample
    # organisation, {vinterest} a resident's interest in it, {vsearch} that resident's
    # saved search (the resident is no role of the table). Organisations act only for
    # themselves: not even the office manages their opportunities.
    "volunteering.index": ("GET", "/engagement?bezirk=10&rhythmus=einmalig&q=Garten", EVERYONE),
    "volunteering.detail": ("GET", "/engagement/{opportunity}", EVERYONE),
    # Without the consent box: a 422 with the form, once past the sign-in.
    "volunteering.express_interest": ("POST", "/engagement/{opportunity}/interesse", SIGNED_IN),
    "volunteering.save_search": ("POST", "/engagement/suche-speichern", SIGNED_IN),
    "volunteering.mine": ("GET", "/konto/engagement", SIGNED_IN),
    "volunteering.withdraw_interest": (
        "POST",
        "/konto/engagement/{vinterest}/zurueckziehen",
        set(),
    ),
    "volunteering.delete_search": ("POST", "/konto/engagement/suchen/{vsearch}/loeschen", set()),
    "volunteering.inbox": ("GET", "/netzwerk/partner/{partner}/engagement", PARTNER_MEMBERS),
    "volunteering.new": ("GET", "/netzwerk/partner/{partner}/engagement/neu", PARTNER_MEMBERS),
    "volunteering.org_opportunity": (
        "GET",
        "/netzwerk/partner/{partner}/engagement/{opportunity}",
        PARTNER_MEMBERS,
    ),
    "volunteering.edit": (
        "GET",
        "/netzwerk/partner/{partner}/engagement/{opportunity}/bearbeiten",
        PARTNER_MEMBERS,
    ),
    "volunteering.publish": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/{opportunity}/veroeffentlichen",
        PARTNER_MEMBERS,
    ),
    "volunteering.renew": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/{opportunity}/verlaengern",
        PARTNER_MEMBERS,
    ),
    "volunteering.withdraw": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/{opportunity}/zurueckziehen",
        PARTNER_MEMBERS,
    ),
    "volunteering.accept": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/interessen/{vinterest}/annehmen",
        PARTNER_MEMBERS,
    ),
    "volunteering.decline": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/interessen/{vinterest}/absagen",
        PARTNER_MEMBERS,
    ),
    "volunteering.matched": (
        "POST",
        "/netzwerk/partner/{partner}/engagement/interessen/{vinterest}/vermittelt",
        PARTNER_MEMBERS,
    ),
    "volunteering_staff.figures_page": ("GET", "/verwaltung/engagement", OPERATORS),
    "volunteering_staff.figures_csv": ("GET", "/verwaltung/engagement.csv", OPERATORS),
    # Anyone with a role above resident reads their own record (and only that).
    "qualification_staff.my_record": (
        "GET",
        "/verwaltung/mein-qualifizierungsstand",
        SIGNED_IN - {"resident", "company_this", "company_other"},
    ),
    # The marketplace: the sample company's published entry {market_entry}, its deal
    # {deal} proposed to the sample organisation, an event of the office.
    "marketplace.index": (
        "GET",
        "/marktplatz?art=biete&kategorie=raeume&bezirk=10&q=werkstatt",
        EVERYONE,
    ),
    "marketplace.entry": ("GET", "/marktplatz/eintraege/{market_entry}", EVERYONE),
    "marketplace.contact": (
        "POST",
        "/marktplatz/eintraege/{market_entry}/kontakt",
        MARKET_PARTIES - {"company_this"},
    ),
    "marketplace.new_entry": ("GET", "/marktplatz/eintraege/neu", MARKET_PARTIES),
    "marketplace.entry_status": (
        "POST",
        "/marktplatz/eintraege/{market_entry}/status",
        {"company_this"},
    ),
    "marketplace.register_company": ("GET", "/marktplatz/unternehmen/registrieren", SIGNED_IN),
    "marketplace.company": ("GET", "/marktplatz/unternehmen/{company}", EVERYONE),
    "marketplace.area": ("GET", "/marktplatz/mein-bereich", SIGNED_IN),
    "marketplace.deals": ("GET", "/marktplatz/vereinbarungen", EVERYONE),
    "marketplace.new_deal": ("GET", "/marktplatz/vereinbarungen/neu", MARKET_PARTIES),
    "marketplace.deal": (
        "GET",
        "/marktplatz/vereinbarungen/{deal}",
        {"company_this"} | PARTNER_EDITORS,
    ),
    "marketplace.agree": ("POST", "/marktplatz/vereinbarungen/{deal}/zustimmen", DEAL_RECEIVERS),
    "marketplace.decline": ("POST", "/marktplatz/vereinbarungen/{deal}/ablehnen", DEAL_RECEIVERS),
    "marketplace.consent": (
        "POST",
        "/marktplatz/vereinbarungen/{deal}/veroeffentlichen",
        DEAL_RECEIVERS | {"company_this"},
    ),
    "marketplace.events": ("GET", "/marktplatz/veranstaltungen", EVERYONE),
    "marketplace.event": ("GET", "/marktplatz/veranstaltungen/{market_event}", EVERYONE),
    "marketplace.register": (
        "POST",
        "/marktplatz/veranstaltungen/{market_event}/anmelden",
        MARKET_PARTIES,
    ),
    "marketplace.unregister": (
        "POST",
        "/marktplatz/veranstaltungen/{market_event}/abmelden",
        set(),
    ),
    "marketplace_staff.index": ("GET", "/verwaltung/marktplatz", OPERATORS),
    "marketplace_staff.decide": (
        "POST",
        "/verwaltung/marktplatz/unternehmen/{company_applied}/entscheiden",
        OPERATORS,
    ),
    "marketplace_staff.new_event": ("GET", "/verwaltung/marktplatz/veranstaltungen/neu", OPERATORS),
    "marketplace_staff.figures": ("GET", "/verwaltung/marktplatz/kennzahlen", OPERATORS),
}
# Drafts of district 10: visible to that district's staff, a 404 for everyone else.
DRAFT_VIEWERS = {"dm_this", "coordinator", "admin"}


def test_table_covers_every_route(app):
    assert {r.endpoint for r in rules(app)} == set(EXPECTED)
    adapter = app.url_map.bind("localhost")
    for endpoint, (method, path, _allowed) in EXPECTED.items():
        sample_path = path.split("?")[0].format(
            process="x",
            draft="x",
            planned="x",
            reported="x",
            image="x",
            proposal=1,
            comment=1,
            partner="x",
            applicant="x",
            invitation=1,
            member=1,
            statement=1,
            event=1,
            meeting=1,
            item=1,
            group="x",
            election=1,
            voting=1,
            counting=1,
            issue=1,
            nl_draft=1,
            example="x",
            ex_draft=1,
            ex_published=1,
            aid="x",
            checklist_item=1,
            certificate="x",
            engagement=1,
            training=1,
            training_draft=1,
            phone_callback=1,
            market_entry=1,
            company="x",
            deal=1,
            market_event=1,
            company_applied=1,
            fund_call=1,
            fund_draft=1,
            fund_funded=1,
            fund_doc=1,
            opportunity=1,
            vinterest=1,
            vsearch=1,
        )
        matched = adapter.match(sample_path, method=method)[0]
        assert matched == endpoint, (endpoint, path)


def test_post_routes_are_in_the_table_with_their_scenarios(app):
    posts = {endpoint for endpoint, (method, _p, _r) in EXPECTED.items() if method == "POST"}
    assert posts <= set(BY_ENDPOINT)


@pytest.fixture
def sample_partner(make_partner):
    """The matrix's organisation: active, its contact signed the current agreement."""
    return make_partner("Stichprobe e. V.")


@pytest.fixture
def app(make_app):
    """The matrix runs as production does: every role above resident needs a second factor
    for the staff area (each such role below has one; test_staff_without_second_factor_...
    covers those without)."""
    app = make_app(STAFF_TWO_FACTOR_REQUIRED=True)
    with app.app_context():
        yield app


def give_authenticator(user) -> None:
    import pyotp

    from participation.accounts.models import TwoFactor
    from participation.core.clock import utcnow
    from participation.extensions import db

    db.session.add(TwoFactor(user_id=user.id, secret=pyotp.random_base32(), confirmed_at=utcnow()))
    db.session.commit()


@pytest.fixture
def sample_company(make_user):
    """The matrix's company: active, with one member, one published entry."""
    from tests.marketplace import factories

    company, member = factories.company(make_user, "Stichprobe GmbH")
    return company, member


def _marketplace(sample_company, sample_partner, office) -> dict:
    from participation.marketplace import services
    from tests.marketplace import factories

    company, member = sample_company
    entry = factories.entry(member, company)
    deal = services.propose_deal(
        actor=member,
        data=services.DealInput(
            own_party=company.party_key,
            other_party=f"o{sample_partner.organisation.id}",
            own_side="giver",
            what="Räume für Treffen",
            category="rooms",
        ),
    )
    return {
        "market_entry": entry.id,
        "company": company.slug,
        "deal": deal.id,
        "market_event": factories.event(office).id,
    }


def _volunteering(partner, make_user) -> dict:
    """A published opportunity of the sample organisation, with a resident's interest in
    it and that resident's saved search."""
    from participation.volunteering import listing, searches, services
    from tests.volunteering.factories import opportunity

    made = opportunity(partner.contact, partner.organisation)
    resident = make_user("resident")
    interest = services.express_interest(actor=resident, opportunity=made, message="", consent=True)
    search = searches.save(actor=resident, filters=listing.Filters(bezirk="10"))
    return {"opportunity": made.id, "vinterest": interest.id, "vsearch": search.id}


def _fund(office, partner) -> dict:
    from tests.fund.factories import fund_samples

    return fund_samples(office, partner)


@pytest.fixture
def as_role(app, make_user, make_organisation, sample_partner, sample_company):
    from tests.marketplace import factories

    clients = {}

    def client_for(role: str):
        if role in clients:
            return clients[role]
        client = app.test_client()
        users = {
            "visitor": None,
            "resident": lambda: make_user("resident"),
            "dm_other": lambda: make_user("district_manager", district="01"),
            "dm_this": lambda: make_user("district_manager", district="10"),
            "partner_other": lambda: make_user("partner_member"),
            "partner_this": lambda: make_user(
                "partner_member", organisation=sample_partner.organisation.slug
            ),
            "contact_this": lambda: sample_partner.contact,
            "coordinator": lambda: make_user("coordinator"),
            "admin": lambda: make_user("admin"),
            "council_this": lambda: make_user("council_member", district="10"),
            "council_other": lambda: make_user("council_member", district="01"),
            "council_city": lambda: make_user("council_member"),
            "company_this": lambda: sample_company[1],
            "company_other": lambda: factories.company(make_user)[1],
        }
        if users[role] is not None:
            user = users[role]()
            if role != "resident":
                give_authenticator(user)
            client.sign_in(user)
        clients[role] = client
        return client

    return client_for


def outcome(response) -> str:
    """allowed, login (sent to sign in) or forbidden."""
    if response.status_code in (403, 404):
        return "forbidden"  # 404 where existence itself is not for this role (drafts)
    if response.status_code == 401:
        return "login"
    if response.status_code in (301, 302, 303) and "/anmelden?next=" in response.headers.get(
        "Location", ""
    ):
        return "login"
    return "allowed"


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES + COUNCIL_ROLES)
def test_drafts_are_hidden_outside_their_district(as_role, make_process, role, htmx):
    draft = make_process("Entwurf", district="10", publish=False)
    headers = {"HX-Request": "true"} if htmx else {}
    status = as_role(role).get(f"/verfahren/{draft.slug}", headers=headers).status_code
    assert status == (200 if role in DRAFT_VIEWERS else 404)


@pytest.mark.parametrize("role", ROLES + COUNCIL_ROLES)
def test_practice_drafts_are_hidden_but_from_their_staff(as_role, make_user, role):
    """A draft practice example of district 10: its page, the collection, the export and
    the sitemap show it to no one but the staff who may edit it."""
    drafts = _practice(make_user("coordinator"))
    client = as_role(role)
    from participation.extensions import db
    from participation.practice.models import PracticeExample

    slug = db.session.get(PracticeExample, drafts["ex_draft"]).slug
    db.session.rollback()
    status = client.get(f"/praxisbeispiele/{slug}").status_code
    assert status == (200 if role in DRAFT_STAFF else 404)
    for path in ("/praxisbeispiele", "/praxisbeispiele.json", "/sitemap.xml"):
        assert f"/praxisbeispiele/{slug}" not in client.get(path).get_data(as_text=True)


def _contribution(partner, kind: str, process):
    from datetime import timedelta

    from participation.contributions import services
    from participation.contributions.services import ContributionInput
    from participation.core.clock import utcnow

    return services.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind=kind,
        data=ContributionInput(
            title="Beitrag der Stichprobe",
            body="Wir begrüßen den Umbau und bitten um breitere Wege.",
            process_ids=[process.id] if kind == "statement" else [],
            starts_at=utcnow() + timedelta(days=9),
            place="Küchengarten",
            registration="portal",
            capacity=10,
        ),
    )


def _governance(office, partner) -> dict:
    """A meeting, a programme item of the sample organisation, a working group, and three
    elections: nominating, voting (the sample organisation stands) and counting."""
    from datetime import timedelta

    from participation.core.clock import local_today, utcnow
    from participation.extensions import db
    from participation.network import groups, meetings
    from participation.network.models import Nomination, SpeakerElection

    now = utcnow()
    meeting = meetings.save_meeting(
        actor=office, title="Treffen", starts_at=now - timedelta(days=1), place="Rathaus"
    )
    item = meetings.add_item(
        actor=office,
        year=local_today().year,
        title="Werkstatt",
        responsible_ids=[partner.organisation.id],
    )
    group = groups.save_group(actor=office, title="AG Teilhabe")
    stages = {}
    for name, opens, closes in (
        ("election", 1, 2),
        ("voting", -1, 2),
        ("counting", -2, -1),
    ):
        election = SpeakerElection(
            seats=3,
            nominations_close_at=now + timedelta(days=opens),
            voting_close_at=now + timedelta(days=closes),
            term_starts_on=(now + timedelta(days=30)).date(),
            term_ends_on=(now + timedelta(days=760)).date(),
        )
        db.session.add(election)
        db.session.flush()
        if name != "election":
            db.session.add(
                Nomination(election_id=election.id, organisation_id=partner.organisation.id)
            )
        stages[name] = election.id
    db.session.commit()
    return {"meeting": meeting.id, "item": item.id, "group": group.slug, **stages}


def _newsletter(office) -> dict:
    """A sent issue (in the archive) and a draft of the office."""
    from participation.newsletters import issues

    data = issues.IssueInput(list_name="office", subject="Ausgabe", body_markdown="Text")
    sent = issues.save_issue(actor=office, data=data)
    issues.send_now(actor=office, issue=sent)
    return {"issue": sent.id, "nl_draft": issues.save_issue(actor=office, data=data).id}


def _practice(office) -> dict:
    """A published practice example and a draft of district 10."""
    from participation.practice import services

    data = services.ExampleInput(title="Werkstatt", summary="Kurz.", format="workshop")
    published = services.create(actor=office, data=data)
    services.publish(actor=office, example=published)
    draft = services.create(
        actor=office,
        data=services.ExampleInput(
            title="Entwurf", format="workshop", scope="district", district_code="10"
        ),
    )
    return {"example": published.slug, "ex_published": published.id, "ex_draft": draft.id}


def _work_aid(office, *, public: bool = True):
    """A checklist work aid whose first version is a PDF."""
    from io import BytesIO

    from participation.workaids import library
    from tests.workaids.files import pdf_bytes

    return library.create_work_aid(
        actor=office,
        data=library.WorkAidInput(
            title="Checkliste" if public else "Intern",
            kind="checklist",
            items=("Früh",),
            is_public=public,
        ),
        version=library.VersionInput(document=BytesIO(pdf_bytes())),
    )


def _work_aids(office, draft) -> dict:
    """A public checklist {aid}, attached to the draft {draft}."""
    from participation.workaids import checklists

    aid = _work_aid(office)
    attached = checklists.attach(actor=office, process=draft, work_aid_id=aid.id)
    return {"aid": aid.slug, "checklist_item": attached.items[0].id}


# Who sees the aids meant for staff only; for everyone else they do not exist (404).
WORK_AID_STAFF = {"dm_other", "dm_this", "coordinator", "admin"}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES + COUNCIL_ROLES)
def test_staff_only_work_aids_are_hidden_outside_the_staff(as_role, make_user, role, htmx):
    aid = _work_aid(make_user("coordinator"), public=False)
    headers = {"HX-Request": "true"} if htmx else {}
    client = as_role(role)
    expected = 200 if role in WORK_AID_STAFF else 404
    for path in ("", "/fassungen/1", "/fassungen/1/datei"):
        response = client.get(f"/arbeitshilfen/{aid.slug}{path}", headers=headers, buffered=True)
        assert response.status_code == expected, path
    listing = client.get("/arbeitshilfen", headers=headers).get_data(as_text=True)
    assert ("Intern" in listing) == (role in WORK_AID_STAFF)


def _trainings(office) -> dict:
    from tests.qualification.factories import training

    return {
        "training": training(office, open_registration=True).id,
        "training_draft": training(office, publish=False).id,
    }


def _phone(office, partner) -> dict:
    """An open callback; the sample organisation's contact advises on the line."""
    from tests.volunteerphone.factories import adviser, callback

    adviser(office, partner.contact, partner.organisation.id)
    return {"phone_callback": callback().id}


def _engagement(partner, make_user) -> int:
    from participation.engagementcert import services
    from tests.engagementcert.conftest import engagement_input

    return services.request_certificate(
        actor=make_user("resident"),
        organisation=partner.organisation,
        name="Lotte Lindner",
        data=engagement_input(),
    ).id


def _invitation(partner) -> int:
    from participation.partners import invitations

    invitations.invite(
        actor=partner.contact, organisation=partner.organisation, email="gast@example.org"
    )
    return invitations.open_invitations(partner.organisation)[-1].id


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("roles", ROLE_GROUPS, ids="+".join)
def test_matrix(
    as_role,
    sample_company,
    sample_partner,
    make_partner,
    make_user,
    make_process,
    make_proposal,
    make_comment,
    roles,
    htmx,
):
    process = make_process("Öffentlich", district="10")
    proposal = make_proposal(process)
    planned = make_process("Geplant", district="10", publish=False)
    office = make_user("coordinator")
    advance_to(actor=office, process=planned, status="approved")
    reported = make_process("Mit Bericht", district="10")
    advance_to(actor=office, process=reported, status="closed")
    results.save(actor=office, process=reported, summary="Zusammenfassung " * 5, next_steps="")
    results.publish(actor=office, process=reported)
    draft = make_process("Entwurf", district="10", publish=False)
    sample = {
        "reported": reported.slug,
        "process": process.slug,
        "draft": draft.slug,
        "planned": planned.slug,
        "image": stored_image(),
        "proposal": proposal.id,
        "comment": make_comment(process, proposal=proposal).id,
        "partner": sample_partner.organisation.slug,
        "applicant": make_partner("Bewirbt sich", confirm=False).organisation.slug,
        "invitation": _invitation(sample_partner),
        "member": make_user("partner_member", organisation=sample_partner.organisation.slug).id,
        "statement": _contribution(sample_partner, "statement", process).id,
        "event": _contribution(sample_partner, "event", process).id,
        **_governance(office, sample_partner),
        **_newsletter(office),
        **_practice(office),
        **_work_aids(office, draft),
        "certificate": issue_sample(sample_partner.contact).code,
        "engagement": _engagement(sample_partner, make_user),
        **_trainings(office),
        **_phone(office, sample_partner),
        **_marketplace(sample_company, sample_partner, office),
        "company_applied": market_factories.company(make_user, active=False)[0].id,
        **_fund(office, sample_partner),
        **_volunteering(sample_partner, make_user),
    }
    headers = {"HX-Request": "true"} if htmx else {}
    wrong = []
    # Signing out is part of the table; those routes go last so the rest runs signed in.
    last = {"partners.leave": 1, "accounts.logout_everywhere": 2, "accounts.logout": 3}
    order = sorted(EXPECTED.items(), key=lambda item: (last.get(item[0], 0), item[0]))
    for role in roles:
        client = as_role(role)
        for _endpoint, (method, path, allowed) in order:
            path = path.format(**sample)
            if method == "GET":
                response = client.get(path, headers=headers, buffered=True)
            else:
                response = client.post(
                    path, data={"csrf_token": client.csrf_token()}, headers=headers
                )
            got = outcome(response)
            if role in allowed:
                expected = {"allowed"}
            else:
                expected = {"login"} if role == "visitor" else {"forbidden"}
            if got not in expected or response.status_code >= 500:
                wrong.append(
                    f"{role} {method} {path}: {got} ({response.status_code}), expected {expected}"
                )
            response.close()
    assert wrong == [], "\n".join(wrong)


STAFF_AREA_ROLES = ["dm_this", "coordinator", "admin", "partner_this", "council_this"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", STAFF_AREA_ROLES)
def test_staff_without_second_factor_open_no_staff_route(
    app, make_user, sample_partner, role, htmx
):
    """Every /verwaltung route, GET or POST, sends a role above resident without a second
    factor to set one up; nothing there runs."""
    user = {
        "dm_this": lambda: make_user("district_manager", district="10"),
        "coordinator": lambda: make_user("coordinator"),
        "admin": lambda: make_user("admin"),
        "council_this": lambda: make_user("council_member", district="10"),
        "partner_this": lambda: make_user(
            "partner_member", organisation=sample_partner.organisation.slug
        ),
    }[role]()
    client = app.test_client()
    client.sign_in(user)
    headers = {"HX-Request": "true"} if htmx else {}
    staff_routes = [
        (method, path.format_map(_Anything()))
        for method, path, _allowed in EXPECTED.values()
        if path.startswith("/verwaltung")
    ]
    assert len(staff_routes) > 50
    wrong = []
    for method, path in staff_routes:
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            response = client.post(path, data={"csrf_token": client.csrf_token()}, headers=headers)
        target = response.headers.get("HX-Redirect" if htmx else "Location", "")
        expected = 403 if htmx else (302 if method == "GET" else 303)
        if response.status_code != expected or not target.startswith("/konto/zwei-faktor"):
            wrong.append(f"{method} {path}: {response.status_code} {target}")
    assert wrong == [], "\n".join(wrong)
    assert client.get("/konto/zwei-faktor").status_code == 200


class _Anything(dict):
    """Sample values for the table's placeholders: the gate answers before any lookup."""

    def __missing__(self, key):
        return "1"
