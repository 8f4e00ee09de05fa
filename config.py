"""Configuration classes, read from the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105 - refused in production


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_pairs(name: str) -> list[tuple[str, str]] | None:
    """A JSON list of [key, text] pairs from the environment; refuses anything else."""
    value = os.environ.get(name)
    if not value:
        return None
    pairs = json.loads(value)
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x for x in p)
        for p in pairs
    ):
        raise ValueError(f"{name} must be a JSON list of [key, text] pairs")
    return [(key, text) for key, text in pairs]


def _default_database_url() -> str:
    return f"sqlite:///{BASE_DIR / 'instance' / 'participation.sqlite3'}"


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # How long a statement waits for a lock held by another transaction before the
    # request gives up with a 503 (SQLite's busy timeout, PostgreSQL's lock_timeout), and
    # how long one PostgreSQL statement may run at most.
    DATABASE_LOCK_TIMEOUT_MS = int(os.environ.get("DATABASE_LOCK_TIMEOUT_MS", 10_000))
    DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", 30_000))

    # Request limits: forms are small; uploads are checked on their own.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    # Uploaded images (re-encoded, random names) and their limits; a form with a file gets a
    # larger body limit of its own (core.uploads.accepts_upload).
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or str(BASE_DIR / "instance" / "uploads")
    PROCESS_IMAGE_MAX_BYTES = int(os.environ.get("PROCESS_IMAGE_MAX_BYTES", 5 * 1024 * 1024))
    PROCESS_IMAGE_MAX_PIXELS = int(os.environ.get("PROCESS_IMAGE_MAX_PIXELS", 40_000_000))
    # Uploaded documents (core.documents: PDF, ODT, DOCX checked by content). Work aids'
    # files may be this large; ODT and DOCX are ZIP archives, refused (without unpacking)
    # beyond these numbers of entries, unpacked bytes and compression ratio.
    WORK_AID_MAX_BYTES = int(os.environ.get("WORK_AID_MAX_BYTES", 10 * 1024 * 1024))
    # Attachments and receipts of applications to the recognition fund (participation/fund).
    FUND_DOCUMENT_MAX_BYTES = int(os.environ.get("FUND_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
    DOCUMENT_ZIP_MAX_ENTRIES = int(os.environ.get("DOCUMENT_ZIP_MAX_ENTRIES", 2000))
    DOCUMENT_ZIP_MAX_UNCOMPRESSED = int(
        os.environ.get("DOCUMENT_ZIP_MAX_UNCOMPRESSED", 200 * 1024 * 1024)
    )
    DOCUMENT_ZIP_MAX_RATIO = int(os.environ.get("DOCUMENT_ZIP_MAX_RATIO", 100))
    # Residents' data exports (participation/privacy): ZIP files, outside the web root,
    # downloadable once for DATA_EXPORT_MAX_AGE_DAYS, then deleted by the scheduler.
    EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER") or str(BASE_DIR / "instance" / "exports")
    DATA_EXPORT_MAX_AGE_DAYS = int(os.environ.get("DATA_EXPORT_MAX_AGE_DAYS", 7))
    # Open data (participation/opendata): the CSV and JSON files and the DCAT-AP.de
    # catalogue are written here by a job every OPENDATA_REGENERATE_MINUTES (and by
    # `flask opendata generate`); /opendata serves them from this folder.
    OPENDATA_FOLDER = os.environ.get("OPENDATA_FOLDER") or str(BASE_DIR / "instance" / "opendata")
    OPENDATA_REGENERATE_MINUTES = int(os.environ.get("OPENDATA_REGENERATE_MINUTES", 60))
    # Who publishes the data (dct:publisher) and whom harvesters and re-users write to
    # (dcat:contactPoint): an office, never a person.
    OPENDATA_PUBLISHER = os.environ.get("OPENDATA_PUBLISHER", "Landeshauptstadt Hannover")
    OPENDATA_PUBLISHER_URL = os.environ.get("OPENDATA_PUBLISHER_URL", "https://www.hannover.de")
    OPENDATA_CONTACT_NAME = os.environ.get(
        "OPENDATA_CONTACT_NAME", "Koordinierungsstelle für Einwohner*innenbeteiligung"
    )
    # Who issues the portal's certificates unless the issuing feature names someone.
    CERTIFICATE_ISSUER = os.environ.get(
        "CERTIFICATE_ISSUER",
        "Koordinierungsstelle für Einwohner*innenbeteiligung, Landeshauptstadt Hannover",
    )
    OPENDATA_CONTACT_EMAIL = os.environ.get("OPENDATA_CONTACT_EMAIL", "beteiligung@example.org")
    # DCAT-AP.de: the city's regional key (Regionalschlüssel; Hannover 032410001001) and
    # the contributor id GovData gave the city's open-data portal.
    OPENDATA_REGIONAL_KEY = os.environ.get("OPENDATA_REGIONAL_KEY", "032410001001")
    OPENDATA_CONTRIBUTOR_ID = os.environ.get(
        "OPENDATA_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/stadtHannover"
    )

    # Cookies: strictly necessary ones only, so no consent banner is needed.
    SESSION_COOKIE_NAME = "bp_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_NAME = "bp_remember"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30

    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    WTF_CSRF_SSL_STRICT = True

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;20 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per minute;20 per hour")
    RATELIMIT_FEEDBACK = os.environ.get("RATELIMIT_FEEDBACK", "5 per hour")
    # How often each worker writes the page views it counted (participation/evaluation).
    USAGE_FLUSH_SECONDS = int(os.environ.get("USAGE_FLUSH_SECONDS", 60))
    # Writing in the dialogue: generous for people, tight for scripts.
    RATELIMIT_CONTRIBUTE = os.environ.get("RATELIMIT_CONTRIBUTE", "10 per minute;60 per hour")
    # Supports and ratings, and the similar-titles lookup while typing.
    RATELIMIT_VOTE = os.environ.get("RATELIMIT_VOTE", "30 per minute;300 per hour")
    RATELIMIT_LOOKUP = os.environ.get("RATELIMIT_LOOKUP", "60 per minute")
    # Asking for a data export (each builds a ZIP of everything stored about the person).
    RATELIMIT_EXPORT = os.environ.get("RATELIMIT_EXPORT", "3 per hour;5 per day")
    # The one-page PDFs for the district councils, per account or client address.
    RATELIMIT_PDF = os.environ.get("RATELIMIT_PDF", "10 per minute;60 per hour")
    # Checking certificates at /bescheinigungen/<code>, per account or client address: codes
    # cannot be guessed (160 bits), and this keeps anyone from trying (docs/certificates.md).
    RATELIMIT_CERTIFICATES = os.environ.get("RATELIMIT_CERTIFICATES", "20 per minute;200 per hour")
    # The public JSON API, per client address (docs/api.md).
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "120 per minute;3000 per hour")
    # How long browsers and proxies may keep an API answer before asking again (ETag).
    API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
    # Minutes in which authors may still edit their proposal (while nobody reacted) and
    # their comments.
    # The coordination office's review checklist: a JSON list of [key, text] pairs; unset,
    # the items of coordination/checklist.py (the city's participation guidelines).
    REVIEW_CHECKLIST = _env_pairs("REVIEW_CHECKLIST")
    # Days a process may wait in review before the office's figures call the review overdue.
    REVIEW_DAYS = int(os.environ.get("REVIEW_DAYS", "14"))
    # The civic-engagement network. Its numbers come from the founding agreement; the
    # network has since been reorganised, so they are settings.
    NETWORK_MIN_MEETINGS = int(os.environ.get("NETWORK_MIN_MEETINGS", "3"))
    NETWORK_SPEAKER_SEATS = int(os.environ.get("NETWORK_SPEAKER_SEATS", "3"))
    NETWORK_TERM_YEARS = int(os.environ.get("NETWORK_TERM_YEARS", "2"))
    # Days before a speaker term ends when the office and the contacts are reminded.
    NETWORK_TERM_REMINDER_DAYS = int(os.environ.get("NETWORK_TERM_REMINDER_DAYS", "60"))
    # Days an invitation to join an organisation stays valid.
    PARTNER_INVITATION_DAYS = int(os.environ.get("PARTNER_INVITATION_DAYS", "14"))

    # Whole pages for visitors who are not signed in (participation/core/pagecache.py):
    # in Redis when REDIS_URL is set, else up to PAGE_CACHE_MAX_BYTES per worker.
    PAGE_CACHE = _env_bool("PAGE_CACHE", True)
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 3600))
    PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024))

    PROPOSAL_EDIT_MINUTES = int(os.environ.get("PROPOSAL_EDIT_MINUTES", "60"))
    COMMENT_EDIT_MINUTES = int(os.environ.get("COMMENT_EDIT_MINUTES", "60"))
    # Number of reverse proxies in front of the app whose X-Forwarded-For is trusted; without
    # it every visitor would share the proxy's address in the rate limits.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))

    # Mail: "log" writes mails to the application log, "smtp" delivers them.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "log")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Beteiligungsportal <beteiligung@example.org>"
    )
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 8))
    # Deliver right after the action's commit; what fails stays in the outbox for
    # `flask mail send-pending`.
    MAIL_SEND_AFTER_COMMIT = _env_bool("MAIL_SEND_AFTER_COMMIT", True)
    # "background": a sender thread delivers after commit, so no request waits for SMTP;
    # "inline": delivered before the response (the tests, for determinism).
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "background")
    OPERATOR_EMAIL = os.environ.get("OPERATOR_EMAIL", "barrierefreiheit@example.org")
    # Failed mails in a row (or one hard bounce) before bulk mail to an address pauses.
    MAIL_PAUSE_AFTER_FAILURES = int(os.environ.get("MAIL_PAUSE_AFTER_FAILURES", 3))

    # Background jobs (participation/jobs): "queue" hands them to RQ workers when REDIS_URL
    # is set and otherwise leaves them to `flask jobs run-due` on a timer; "inline" runs them
    # right after the commit that queued them (development and the tests).
    JOBS_DELIVERY = os.environ.get("JOBS_DELIVERY", "queue")
    JOBS_MAX_ATTEMPTS = int(os.environ.get("JOBS_MAX_ATTEMPTS", 5))
    # A claimed job whose worker has not finished it after this long is claimed again.
    JOBS_LEASE_SECONDS = int(os.environ.get("JOBS_LEASE_SECONDS", 600))
    # The RQ queue's name (several portals, or parallel test runs, may share one Redis).
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "participation")
    # Council papers through OParl 1.1 (participation/council): the URL of the council
    # information system's `System` object. Empty: no sync, and the council document numbers
    # staff type stay plain references as before.
    OPARL_URL = os.environ.get("OPARL_URL", "").strip()
    # The city's district and quarter outlines for the proposal maps: a GeoJSON file
    # (docs/maps.md); without it the maps are a schematic of the 13 districts.
    MAP_GEOJSON = os.environ.get("MAP_GEOJSON", "").strip()
    # Seconds to wait for one answer of the council information system (connect and read).
    OPARL_TIMEOUT = float(os.environ.get("OPARL_TIMEOUT", 10))
    # List pages followed in one sync at most (a guard against a server whose `next` never
    # ends); the next run goes on from the last successful one.
    OPARL_MAX_PAGES = int(os.environ.get("OPARL_MAX_PAGES", 500))
    # The largest answer read from it; a larger one fails the run (no memory exhaustion).
    OPARL_MAX_BYTES = int(os.environ.get("OPARL_MAX_BYTES", 5 * 1024 * 1024))
    # Notifications: how long signed links in mails (unsubscribe, preferences) work, and
    # the days before a dialogue ends when its followers are reminded.
    NOTIFICATION_TOKEN_DAYS = int(os.environ.get("NOTIFICATION_TOKEN_DAYS", 60))
    DIALOGUE_CLOSING_REMINDER_DAYS = int(os.environ.get("DIALOGUE_CLOSING_REMINDER_DAYS", 3))
    # Newsletters: how long a confirmation link and an unsubscribe link work (seconds), and
    # how long a second confirmation mail to the same address waits (against mail floods).
    NEWSLETTER_CONFIRM_MAX_AGE = int(os.environ.get("NEWSLETTER_CONFIRM_MAX_AGE", 3 * 86_400))
    NEWSLETTER_UNSUBSCRIBE_MAX_AGE = int(
        os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAX_AGE", 2 * 365 * 86_400)
    )
    NEWSLETTER_CONFIRM_INTERVAL = int(os.environ.get("NEWSLETTER_CONFIRM_INTERVAL", 300))
    # Qualification (participation/qualification): the topic code of the basic training
    # whose completion the office counts per district; how long an e-mail registrant's
    # confirmation link works, and their cancellation and feedback links (seconds).
    QUALIFICATION_BASIC_TRAINING = os.environ.get("QUALIFICATION_BASIC_TRAINING", "grundlagen")
    # Freiwilligenbörse: a published opportunity expires this many days later unless renewed.
    VOLUNTEERING_EXPIRY_DAYS = int(os.environ.get("VOLUNTEERING_EXPIRY_DAYS", "91"))
    QUALIFICATION_CONFIRM_MAX_AGE = int(os.environ.get("QUALIFICATION_CONFIRM_MAX_AGE", 3 * 86_400))
    QUALIFICATION_LINK_MAX_AGE = int(os.environ.get("QUALIFICATION_LINK_MAX_AGE", 365 * 86_400))
    # Volunteer phone (participation/volunteerphone): the line's public number, and how
    # many callback requests one address may send.
    VOLUNTEER_PHONE_NUMBER = os.environ.get("VOLUNTEER_PHONE_NUMBER", "0511 168-41500")
    RATELIMIT_CALLBACK = os.environ.get("RATELIMIT_CALLBACK", "3 per minute;10 per day")
    # Local hour (Hannover) of the staff's daily work summary.
    STAFF_SUMMARY_HOUR = int(os.environ.get("STAFF_SUMMARY_HOUR", 7))

    # Account security (participation/accounts): every role above resident needs a second
    # factor before /verwaltung opens; sensitive steps need the password (and the second
    # factor) within the last REAUTH_SECONDS.
    STAFF_TWO_FACTOR_REQUIRED = _env_bool("STAFF_TWO_FACTOR_REQUIRED", True)
    REAUTH_SECONDS = int(os.environ.get("REAUTH_SECONDS", 600))
    # Sign-in guessing: wrong passwords of one client on one account within
    # SIGN_IN_WINDOW_MINUTES stop that client; wrong passwords on one account from anywhere
    # make a correct password wait for a mailed one-time link (the owner still gets in).
    SIGN_IN_CLIENT_FAILURES = int(os.environ.get("SIGN_IN_CLIENT_FAILURES", 5))
    SIGN_IN_ACCOUNT_FAILURES = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURES", 20))
    SIGN_IN_WINDOW_MINUTES = int(os.environ.get("SIGN_IN_WINDOW_MINUTES", 15))
    SIGN_IN_LINK_MAX_AGE = int(os.environ.get("SIGN_IN_LINK_MAX_AGE", 15 * 60))
    # Codes typed at the second step: per pending sign-in, before it must start again.
    TWO_FACTOR_MAX_ATTEMPTS = int(os.environ.get("TWO_FACTOR_MAX_ATTEMPTS", 5))
    RATELIMIT_TWO_FACTOR = os.environ.get("RATELIMIT_TWO_FACTOR", "10 per minute;30 per hour")

    # /.well-known/security.txt (RFC 9116): where to report a vulnerability. Contacts are
    # mailto: or https: URIs, separated by spaces; Expires is an RFC 3339 time such as
    # 2027-06-30T00:00:00Z (empty: 180 days from the day the file is read).
    SECURITY_CONTACTS = os.environ.get(
        "SECURITY_CONTACTS", "mailto:informationssicherheit@hannover-stadt.de"
    ).split()
    SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "")
    SECURITY_TXT_LANGUAGES = os.environ.get("SECURITY_TXT_LANGUAGES", "de, en")
    SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")

    # Storage limits (GDPR Art. 5(1)(e); participation/privacy/retention.py): what is deleted
    # after how many days. `flask privacy purge` and the hourly scheduler step apply them;
    # the privacy notice (/datenschutz) lists them from here.
    UNVERIFIED_ACCOUNT_DAYS = int(os.environ.get("UNVERIFIED_ACCOUNT_DAYS", 30))
    OUTBOX_MAIL_DAYS = int(os.environ.get("OUTBOX_MAIL_DAYS", 90))
    NOTIFICATION_HISTORY_DAYS = int(os.environ.get("NOTIFICATION_HISTORY_DAYS", 365))
    SIGN_IN_FAILURE_DAYS = int(os.environ.get("SIGN_IN_FAILURE_DAYS", 1))
    # Signed-in devices unused this long (the remember-me cookie's life) are forgotten.
    SESSION_IDLE_DAYS = int(os.environ.get("SESSION_IDLE_DAYS", 30))
    DELETED_ACCOUNT_AUDIT_DAYS = int(os.environ.get("DELETED_ACCOUNT_AUDIT_DAYS", 365))
    # First name and number of a volunteer phone callback request, from its creation.
    VOLUNTEER_PHONE_RETENTION_DAYS = int(os.environ.get("VOLUNTEER_PHONE_RETENTION_DAYS", 30))

    # Token lifetimes in seconds.
    VERIFY_TOKEN_MAX_AGE = 60 * 60 * 48
    RESET_TOKEN_MAX_AGE = 60 * 60
    EMAIL_CHANGE_TOKEN_MAX_AGE = 60 * 60 * 24

    # argon2id cost; the test config lowers it so the suite stays fast.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 2

    # Links in mails are built from this, never from the request's Host header.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    SITE_NAME = os.environ.get("SITE_NAME", "Beteiligungsportal Hannover")
    # The municipality this portal belongs to, named as the source of its practice examples.
    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Landeshauptstadt Hannover")
    # Passkeys (WebAuthn) are bound to this domain; empty: BASE_URL's host name. A parent
    # domain (example.org for beteiligung.example.org) keeps them valid across subdomains.
    WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
    PREFERRED_URL_SCHEME = "http"
    HSTS = False


class DevelopmentConfig(Config):
    """Local development: `make run`."""

    ENV_NAME = "development"
    # Without a worker or timer running, the demo's notifications appear at once.
    JOBS_DELIVERY = os.environ.get("JOBS_DELIVERY", "inline")
    # The demo's staff accounts sign in with a password alone unless this is switched on.
    STAFF_TWO_FACTOR_REQUIRED = _env_bool("STAFF_TWO_FACTOR_REQUIRED", False)


class TestingConfig(Config):
    """The test suite: its database comes from TEST_DATABASE_URL or a temporary SQLite file."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_ENABLED = False
    # Tests of the cache switch it on; elsewhere each request renders.
    PAGE_CACHE = False
    MAIL_BACKEND = "memory"
    MAIL_DELIVERY = "inline"
    JOBS_DELIVERY = "inline"
    # Tests of the council papers point this at their own OParl server.
    OPARL_URL = ""
    # Off for tests about other things; the route x role matrix and the account tests
    # switch it on (tests/harness/test_access_matrix.py, tests/accounts).
    STAFF_TWO_FACTOR_REQUIRED = False
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    ARGON2_PARALLELISM = 1
    SERVER_NAME = None


class ProductionConfig(Config):
    """Production: refuses to start with a default secret."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"
    HSTS = True

    @classmethod
    def check(cls, settings: dict) -> None:
        secret = settings.get("SECRET_KEY") or ""
        if secret in {"", DEFAULT_SECRET_KEY} or len(secret) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production."
            )
        if not str(settings.get("BASE_URL", "")).startswith("https://"):
            raise RuntimeError(
                "BASE_URL must be the portal's public https:// address in production."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
