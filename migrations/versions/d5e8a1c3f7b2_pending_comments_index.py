"""comments: a partial index of those waiting for approval (the moderation queue), and one
on the proposal (a deleted proposal's comments go with it)

Revision ID: d5e8a1c3f7b2
Revises: cb28c6e01096
Create Date: 2026-12-07 18:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5e8a1c3f7b2"
down_revision = "cb28c6e01096"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_index(
        "ix_comment_pending",
        "comment",
        ["process_id", "created_at"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    op.create_index("ix_comment_proposal", "comment", ["proposal_id"])


def downgrade():
    op.drop_index("ix_comment_proposal", table_name="comment")
    op.drop_index("ix_comment_pending", table_name="comment")
