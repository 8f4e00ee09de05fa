"""Beteiligungsportal: the application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, request, session

from config import CONFIGS, ProductionConfig
from participation import maps

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app from named steps; `overrides` win over the config class (tests)."""
    config_name = config_name or os.environ.get("APP_ENV", "development")
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    if config_name == "production":
        ProductionConfig.check(app.config)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)
    register_logging(app)
    # Request hygiene runs before any extension's hooks (CSRF, login) look at the request.
    register_request_hooks(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_jobs(app)
    register_jinja(app)
    maps.init_app(app)
    return app


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        logging.getLogger("alembic").setLevel(logging.WARNING)


def _select_locale() -> str:
    from flask import current_app

    lang = session.get("lang") if request else None
    return (
        lang
        if lang in current_app.config["LANGUAGES"]
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def register_extensions(app: Flask) -> None:
    from participation import models  # noqa: F401 - every table known to Alembic
    from participation.core import fragments, pagecache, translations
    from participation.core.db import set_timeouts
    from participation.core.ratelimit import init_limiter
    from participation.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
    from participation.jobs.services import register_job_listeners
    from participation.mail.services import register_outbox_listeners

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(
        app,
        locale_selector=_select_locale,
        default_translation_directories=str(ROOT / "participation" / "translations"),
    )
    translations.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    init_limiter(limiter, app)
    with app.app_context():
        register_outbox_listeners()
        register_job_listeners()
        set_timeouts(
            db.engine,
            lock_ms=app.config["DATABASE_LOCK_TIMEOUT_MS"],
            statement_ms=app.config["DATABASE_STATEMENT_TIMEOUT_MS"],
        )
    pagecache.init_app(app)
    fragments.init_app(app)


def register_blueprints(app: Flask) -> None:
    # Importing the permission modules registers their rules.
    from participation.accounts import passkey_views as _passkey_views  # noqa: F401 - its routes
    from participation.accounts import permissions as _accounts_permissions  # noqa: F401
    from participation.accounts.security_views import bp as security_bp
    from participation.accounts.views import bp as accounts_bp
    from participation.admin.views import bp as admin_bp
    from participation.answers.views import bp as answers_bp
    from participation.api.spec import docs_bp as api_docs_bp  # also files /api/v1/openapi.json
    from participation.api.views import bp as api_bp
    from participation.certificates import permissions as _certificates_permissions  # noqa: F401
    from participation.certificates.views import bp as certificates_bp
    from participation.comments import permissions as _comments_permissions  # noqa: F401
    from participation.comments.views import bp as comments_bp
    from participation.contributions.views import bp as contributions_bp
    from participation.coordination.views import bp as coordination_bp
    from participation.core.urls import IdConverter
    from participation.council import permissions as _council_permissions  # noqa: F401
    from participation.council import views as _council_views  # noqa: F401 - its section
    from participation.council.staff_views import bp as council_staff_bp
    from participation.councillors import permissions as _councillors_permissions  # noqa: F401
    from participation.councillors.views import bp as councillors_bp
    from participation.districts.views import bp as districts_bp
    from participation.engagementcert import permissions as _engagementcert_permissions  # noqa: F401
    from participation.engagementcert.views import bp as engagementcert_bp
    from participation.evaluation import permissions as _evaluation_permissions  # noqa: F401
    from participation.evaluation.views import bp as evaluation_bp
    from participation.evaluation.views import staff_bp as evaluation_staff_bp
    from participation.features import permissions as _features_permissions  # noqa: F401
    from participation.features.views import bp as features_admin_bp
    from participation.feeds.views import bp as feeds_bp
    from participation.follows.views import bp as follows_bp
    from participation.fund import permissions as _fund_permissions  # noqa: F401
    from participation.fund.staff_views import bp as fund_staff_bp
    from participation.fund.views import bp as fund_bp
    from participation.marketplace import permissions as _marketplace_permissions  # noqa: F401
    from participation.marketplace.staff_views import bp as marketplace_staff_bp
    from participation.marketplace.views import bp as marketplace_bp
    from participation.moderation import permissions as _moderation_permissions  # noqa: F401
    from participation.moderation.staff_views import bp as moderation_staff_bp
    from participation.moderation.subject_views import bp as moderation_network_bp
    from participation.moderation.views import bp as moderation_bp
    from participation.network import permissions as _network_permissions  # noqa: F401
    from participation.network.staff_views import bp as network_staff_bp
    from participation.network.views import bp as network_bp
    from participation.newsletters import permissions as _newsletters_permissions  # noqa: F401
    from participation.newsletters.staff_views import bp as newsletters_staff_bp
    from participation.newsletters.views import bp as newsletters_bp
    from participation.notifications.views import bp as notifications_bp
    from participation.opendata.views import bp as opendata_bp
    from participation.pages import permissions as _pages_permissions  # noqa: F401
    from participation.pages.views import bp as pages_bp
    from participation.partners import permissions as _partners_permissions  # noqa: F401
    from participation.partners.staff_views import bp as partners_staff_bp
    from participation.partners.views import bp as partners_bp
    from participation.practice import permissions as _practice_permissions  # noqa: F401
    from participation.practice.staff_views import bp as practice_staff_bp
    from participation.practice.views import bp as practice_bp
    from participation.privacy.deletion_views import bp as deletion_bp
    from participation.privacy.views import bp as privacy_bp
    from participation.projects import permissions as _projects_permissions  # noqa: F401
    from participation.projects.staff_views import bp as projects_staff_bp
    from participation.projects.views import bp as projects_bp
    from participation.proposals import permissions as _proposals_permissions  # noqa: F401
    from participation.proposals.views import bp as proposals_bp
    from participation.qualification import permissions as _qualification_permissions  # noqa: F401
    from participation.qualification.staff_views import bp as qualification_staff_bp
    from participation.qualification.views import bp as qualification_bp
    from participation.results.views import bp as results_bp
    from participation.staff.views import bp as staff_bp
    from participation.statistics import permissions as _statistics_permissions  # noqa: F401
    from participation.statistics.views import bp as statistics_bp
    from participation.takepart.views import bp as takepart_bp
    from participation.volunteering import permissions as _volunteering_permissions  # noqa: F401
    from participation.volunteering.staff_views import bp as volunteering_staff_bp
    from participation.volunteering.views import bp as volunteering_bp
    from participation.volunteerphone import permissions as _phone_permissions  # noqa: F401
    from participation.volunteerphone.staff_views import bp as volunteerphone_staff_bp
    from participation.volunteerphone.views import bp as volunteerphone_bp
    from participation.votes import permissions as _votes_permissions  # noqa: F401
    from participation.votes.views import bp as votes_bp
    from participation.workaids import permissions as _workaids_permissions  # noqa: F401
    from participation.workaids.staff_views import bp as workaids_staff_bp
    from participation.workaids.views import bp as workaids_bp

    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    blueprints = (
        pages_bp,
        accounts_bp,
        security_bp,
        districts_bp,
        projects_bp,
        projects_staff_bp,
        coordination_bp,
        answers_bp,
        results_bp,
        council_staff_bp,
        councillors_bp,
        follows_bp,
        notifications_bp,
        privacy_bp,
        proposals_bp,
        comments_bp,
        votes_bp,
        moderation_bp,
        moderation_staff_bp,
        moderation_network_bp,
        staff_bp,
        admin_bp,
        statistics_bp,
        network_bp,
        partners_bp,
        partners_staff_bp,
        contributions_bp,
        network_staff_bp,
        newsletters_bp,
        newsletters_staff_bp,
        qualification_bp,
        qualification_staff_bp,
        marketplace_bp,
        marketplace_staff_bp,
        workaids_bp,
        workaids_staff_bp,
        feeds_bp,
        opendata_bp,
        practice_bp,
        practice_staff_bp,
        deletion_bp,
        certificates_bp,
        engagementcert_bp,
        takepart_bp,
        api_bp,
        api_docs_bp,
        evaluation_bp,
        evaluation_staff_bp,
        features_admin_bp,
        volunteerphone_bp,
        volunteerphone_staff_bp,
        fund_bp,
        fund_staff_bp,
        volunteering_bp,
        volunteering_staff_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from participation.core.errors import register_error_handlers

    register_error_handlers(app)


def register_request_hooks(app: Flask) -> None:
    from participation.core.htmx import add_vary_header
    from participation.core.security import register_security

    register_security(app)
    app.after_request(add_vary_header)


def register_commands(app: Flask) -> None:
    from participation.accounts.cli import users_cli
    from participation.admin import cli as _admin_cli  # noqa: F401 - adds to `users`
    from participation.backup.cli import backup_command, restore_command
    from participation.council.cli import council_cli
    from participation.demo.cli import seed_demo_command
    from participation.districts.cli import reference_cli
    from participation.jobs.cli import jobs_cli, worker_command
    from participation.mail.cli import mail_cli
    from participation.network.cli import network_cli
    from participation.opendata.cli import opendata_cli
    from participation.privacy.cli import privacy_cli
    from participation.scale.cli import bench_data_command

    for command in (
        users_cli,
        reference_cli,
        mail_cli,
        jobs_cli,
        worker_command,
        network_cli,
        council_cli,
        opendata_cli,
        privacy_cli,
        seed_demo_command,
        bench_data_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)


def register_jobs(app: Flask) -> None:
    """Importing the job modules registers their handlers and scheduler steps."""
    from participation.council import jobs as _council_jobs  # noqa: F401
    from participation.newsletters import jobs as _newsletter_jobs  # noqa: F401
    from participation.notifications import jobs as _notification_jobs  # noqa: F401
    from participation.notifications.listeners import connect
    from participation.opendata import jobs as _opendata_jobs  # noqa: F401
    from participation.privacy import retention as _privacy_retention  # noqa: F401
    from participation.qualification import jobs as _qualification_jobs  # noqa: F401
    from participation.volunteering import jobs as _volunteering_jobs  # noqa: F401

    connect()


def register_jinja(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_decimal, get_locale
    from flask_login import current_user

    from participation.coordination.lifecycle import STATUS_LABELS
    from participation.core.permissions import can as can_for
    from participation.core.permissions import template_can
    from participation.follows import services as follows
    from participation.follows.views import follow_urls
    from participation.moderation.models import ACTION_LABELS, REASONS
    from participation.moderation.staff_views import navigation_counts
    from participation.notifications import services as notifications
    from participation.notifications.describe import describe

    app.jinja_env.globals.update(
        can=template_can,
        # For a given person (a shared part's viewer), not the one signed in.
        can_for=can_for,
        get_locale=get_locale,
        site_name=lambda: app.config["SITE_NAME"],
        # The staff navigation's count of moderation work (one query, staff only).
        moderation_counts=navigation_counts,
        # The header's unread count (one query, signed-in people only).
        unread_notifications=lambda: notifications.unread_count(current_user),
        is_following=lambda item: follows.is_following(current_user, item),
        may_follow=follows.may_follow,
        follow_urls=follow_urls,
        describe=describe,
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt)
    app.jinja_env.filters["decimal"] = lambda value: format_decimal(value, "#,##0.0")
    # Machine-readable time for <time datetime>: whole seconds, as HTML allows.
    app.jinja_env.filters["isotime"] = lambda value: value.isoformat(timespec="seconds")
    # Attributes for form widgets without the empty ones (WTForms would print "None").
    app.jinja_env.filters["compact"] = lambda attrs: {
        k: v for k, v in attrs.items() if v not in (None, False, "")
    }
    # The public label of a moderation reason code ("von der Moderation ausgeblendet: …").
    app.jinja_env.filters["reason_label"] = lambda code: REASONS.get(code, REASONS["other"])
    app.jinja_env.filters["action_label"] = lambda code: ACTION_LABELS.get(code, code)
    app.jinja_env.filters["process_status"] = lambda code: STATUS_LABELS.get(code, code)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
