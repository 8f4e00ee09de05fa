"""page cache: the content generation

Revision ID: 7b1e5c0a9d42
Revises: 6da37c449d29
Create Date: 2026-11-27 18:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '7b1e5c0a9d42'
down_revision = '6da37c449d29'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'cache_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cache_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'value': 0}])


def downgrade():
    op.drop_table('cache_generation')
