"""proposals: a covering partial index for the answer queue's counts

Revision ID: e7f1a9b3c5d4
Revises: d5e8a1c3f7b2
Create Date: 2026-12-07 22:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e7f1a9b3c5d4"
down_revision = "d5e8a1c3f7b2"
branch_labels = None
depends_on = None

PUBLISHED = sa.text("status = 'published'")


def upgrade():
    op.create_index(
        "ix_proposal_answer_scope",
        "proposal",
        ["process_id", "response_status", "id"],
        sqlite_where=PUBLISHED,
        postgresql_where=PUBLISHED,
    )


def downgrade():
    op.drop_index("ix_proposal_answer_scope", table_name="proposal")
