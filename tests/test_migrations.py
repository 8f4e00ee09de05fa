"""The migrations build exactly the schema the models describe, on both engines."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from participation.extensions import db


def test_models_and_migrations_agree(app):
    from participation.core.search import include_object

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(scratch_database):
    from participation import create_app
    from participation.districts.services import load_reference_data

    app = create_app("testing", **scratch_database)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        assert load_reference_data().districts_added == 13
        downgrade(revision="base")
        db.session.remove()
        db.engine.dispose()
