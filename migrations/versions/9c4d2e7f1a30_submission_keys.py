"""proposals and comments: one record per submitted form

Revision ID: 9c4d2e7f1a30
Revises: 7b1e5c0a9d42
Create Date: 2026-11-27 18:30:00

A plain ADD COLUMN and a unique index: a batch copy of the tables would drop SQLite's
full-text triggers on `proposal`.
"""
import sqlalchemy as sa
from alembic import op

revision = '9c4d2e7f1a30'
down_revision = '7b1e5c0a9d42'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('proposal', 'comment'):
        op.add_column(table, sa.Column('submission_key', sa.String(length=40), nullable=True))
        op.create_index(
            f'ix_{table}_submission', table, ['author_id', 'submission_key'], unique=True
        )


def downgrade():
    for table in ('comment', 'proposal'):
        op.drop_index(f'ix_{table}_submission', table_name=table)
        op.drop_column(table, 'submission_key')
